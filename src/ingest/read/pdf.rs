//! PDF, the form newsletters are published in: text extracted page by page with `pdf-extract`
//! (pure Rust, on lopdf), cleaned (running headers and footers repeated on many pages and bare page
//! numbers dropped, the spaces the extraction puts between ideographs and around digits in Chinese
//! removed: `2019 年 5 月` becomes `2019年5月`), then read as the newsletter's layout.

use std::panic::{AssertUnwindSafe, catch_unwind};

use super::decode::{is_cjk, normalize};
use super::newsletter;
use crate::ingest::{Document, Format, IngestError};

fn unreadable(reason: impl Into<String>) -> IngestError {
    IngestError::Unreadable {
        format: Format::Pdf,
        reason: reason.into(),
    }
}

/// Each page's text, or why the PDF cannot be read.
pub fn pages(bytes: &[u8]) -> Result<Vec<String>, IngestError> {
    // The extractor panics on some malformed files; a broken upload is bad input, not a crash.
    let extracted = catch_unwind(AssertUnwindSafe(|| {
        pdf_extract::extract_text_from_mem_by_pages(bytes)
    }))
    .map_err(|_| unreadable("the file is damaged: its structure could not be read"))?;
    let pages = extracted.map_err(|e| {
        let message = e.to_string();
        if message.to_lowercase().contains("encrypt") || message.to_lowercase().contains("decrypt")
        {
            unreadable(format!("the PDF is encrypted ({message})"))
        } else {
            unreadable(format!("the PDF is damaged ({message})"))
        }
    })?;
    if pages.iter().all(|p| p.trim().is_empty()) {
        return Err(unreadable(
            "it has no text layer (scanned pages?); run OCR on it or ingest its text",
        ));
    }
    Ok(pages)
}

/// The PDF's cleaned text, as a double-spaced copy (lines separated by empty lines, paragraph gaps
/// as spacer lines), which is how the newsletter reader knows copies from PDFs.
pub fn text(bytes: &[u8]) -> Result<String, IngestError> {
    let pages: Vec<Vec<String>> = pages(bytes)?
        .iter()
        .map(|p| {
            normalize(p)
                .lines()
                .map(|l| mend_cjk_spacing(l.trim_end()))
                .collect()
        })
        .collect();
    let running = running_lines(&pages);
    let mut out = String::new();
    for page in &pages {
        // A gap is a paragraph break only between lines of one page: the gaps around running
        // headers and at page ends say nothing about paragraphs.
        let mut gap = false;
        let mut kept = false;
        for line in page {
            if line.trim().is_empty() {
                gap = kept;
                continue;
            }
            if running.contains(&mask(line)) || is_page_number(line) {
                gap = false;
                continue;
            }
            kept = true;
            if gap && !out.is_empty() {
                out.push_str(" \n\n");
            }
            gap = false;
            out.push_str(line.trim());
            out.push_str("\n\n");
        }
    }
    Ok(out)
}

/// Reads a PDF into a document.
pub fn read(bytes: &[u8]) -> Result<Document, IngestError> {
    let text = text(bytes)?;
    newsletter::read_lines(newsletter::lines(&text), Format::Pdf)
}

/// A line with its digits masked, so `Page 3` and `Page 4` are the same running line.
fn mask(line: &str) -> String {
    line.trim()
        .chars()
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect()
}

fn is_page_number(line: &str) -> bool {
    let t = line.trim().trim_matches(['-', '–', '—', ' ']);
    let t = t
        .strip_prefix("Page ")
        .or_else(|| t.strip_prefix("page "))
        .unwrap_or(t);
    !t.is_empty() && t.len() <= 4 && t.bytes().all(|b| b.is_ascii_digit())
}

/// Lines among the first or last two of a page that recur on at least half the pages (three at
/// least): running headers and footers.
fn running_lines(pages: &[Vec<String>]) -> std::collections::HashSet<String> {
    let mut counts: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for page in pages {
        let lines: Vec<&String> = page.iter().filter(|l| !l.trim().is_empty()).collect();
        let mut edge: Vec<String> = lines
            .iter()
            .take(2)
            .chain(lines.iter().rev().take(2))
            .map(|l| mask(l))
            .collect();
        edge.sort();
        edge.dedup();
        for line in edge {
            *counts.entry(line).or_default() += 1;
        }
    }
    let needed = (pages.len() / 2).max(3);
    counts
        .into_iter()
        .filter(|(_, n)| *n >= needed)
        .map(|(l, _)| l)
        .collect()
}

/// Removes the spaces extraction puts between ideographs, and between ideographs and digits.
pub fn mend_cjk_spacing(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    let tight =
        |c: char| is_cjk(c) || matches!(c, '\u{3000}'..='\u{303f}' | '\u{ff01}'..='\u{ff5e}');
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == ' ' {
            let start = i;
            while i < chars.len() && chars[i] == ' ' {
                i += 1;
            }
            let before = start.checked_sub(1).map(|j| chars[j]);
            let after = chars.get(i).copied();
            let joins = match (before, after) {
                (Some(b), Some(a)) => {
                    (tight(b) && (tight(a) || a.is_ascii_digit()))
                        || (b.is_ascii_digit() && tight(a))
                }
                _ => false,
            };
            if !joins {
                out.push(' ');
            }
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::IngestOptions;
    use crate::ingest::read::tests::outline;
    use lopdf::content::{Content, Operation};
    use lopdf::{Document as Pdf, Object, Stream, dictionary};

    const FIXTURE: &str =
        include_str!("../../../tests/fixtures/newsletter/sesec-it-ict-newsletter-2019.txt");

    /// A PDF of `lines` (a spacer line `" "` leaves a gap), Latin text in Helvetica (WinAnsi) and
    /// everything else through a Type0/Identity-H font whose ToUnicode CMap maps each glyph back.
    fn write_pdf(lines: &[&str], header: Option<&str>) -> Vec<u8> {
        let mut cids: Vec<char> = Vec::new();
        let mut doc = Pdf::with_version("1.5");
        let pages_id = doc.new_object_id();
        let helvetica = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica", "Encoding" => "WinAnsiEncoding",
        });
        let mut page_ids = Vec::new();
        let mut operations: Vec<Operation> = Vec::new();
        let mut y = 800.0;
        let mut page_contents: Vec<Vec<Operation>> = Vec::new();
        let mut page_no = 0;
        let start_page = |ops: &mut Vec<Operation>, y: &mut f64, page_no: &mut u32| {
            *page_no += 1;
            *y = 800.0;
            if let Some(h) = header {
                ops.push(Operation::new("BT", vec![]));
                ops.push(Operation::new("Tf", vec!["F1".into(), 8.into()]));
                ops.push(Operation::new("Td", vec![40.into(), 820.into()]));
                ops.push(Operation::new("Tj", vec![Object::string_literal(h)]));
                ops.push(Operation::new("ET", vec![]));
            }
        };
        start_page(&mut operations, &mut y, &mut page_no);
        for line in lines {
            if y < 60.0 {
                operations.push(Operation::new("BT", vec![]));
                operations.push(Operation::new("Tf", vec!["F1".into(), 8.into()]));
                operations.push(Operation::new("Td", vec![290.into(), 30.into()]));
                operations.push(Operation::new(
                    "Tj",
                    vec![Object::string_literal(page_no.to_string())],
                ));
                operations.push(Operation::new("ET", vec![]));
                page_contents.push(std::mem::take(&mut operations));
                start_page(&mut operations, &mut y, &mut page_no);
            }
            if line.trim().is_empty() {
                y -= 12.0;
                continue;
            }
            operations.push(Operation::new("BT", vec![]));
            operations.push(Operation::new("Td", vec![40.into(), y.into()]));
            // Runs of Latin text and of other text, each in its font.
            let mut run = String::new();
            let mut run_latin = true;
            let flush =
                |run: &mut String, latin: bool, ops: &mut Vec<Operation>, cids: &mut Vec<char>| {
                    if run.is_empty() {
                        return;
                    }
                    if latin {
                        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(run);
                        ops.push(Operation::new("Tf", vec!["F1".into(), 9.into()]));
                        ops.push(Operation::new(
                            "Tj",
                            vec![Object::String(
                                bytes.into_owned(),
                                lopdf::StringFormat::Literal,
                            )],
                        ));
                    } else {
                        let mut bytes = Vec::new();
                        for c in run.chars() {
                            let cid = match cids.iter().position(|&x| x == c) {
                                Some(i) => i + 1,
                                None => {
                                    cids.push(c);
                                    cids.len()
                                }
                            };
                            bytes.extend_from_slice(&(cid as u16).to_be_bytes());
                        }
                        ops.push(Operation::new("Tf", vec!["F2".into(), 9.into()]));
                        ops.push(Operation::new(
                            "Tj",
                            vec![Object::String(bytes, lopdf::StringFormat::Hexadecimal)],
                        ));
                    }
                    run.clear();
                };
            for c in line.chars() {
                let (_, _, unmappable) =
                    encoding_rs::WINDOWS_1252.encode(c.encode_utf8(&mut [0; 4]));
                let latin = !unmappable;
                if latin != run_latin {
                    flush(&mut run, run_latin, &mut operations, &mut cids);
                    run_latin = latin;
                }
                run.push(c);
            }
            flush(&mut run, run_latin, &mut operations, &mut cids);
            operations.push(Operation::new("ET", vec![]));
            y -= 12.0;
        }
        page_contents.push(operations);
        // The ToUnicode CMap of the CID font.
        let mut cmap = String::from(
            "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
        );
        for chunk in cids.chunks(100).enumerate() {
            let (k, chunk) = chunk;
            cmap.push_str(&format!("{} beginbfchar\n", chunk.len()));
            for (i, c) in chunk.iter().enumerate() {
                let mut units = [0u16; 2];
                let hex: String = c
                    .encode_utf16(&mut units)
                    .iter()
                    .map(|u| format!("{u:04X}"))
                    .collect();
                cmap.push_str(&format!("<{:04X}> <{hex}>\n", k * 100 + i + 1));
            }
            cmap.push_str("endbfchar\n");
        }
        cmap.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
        let to_unicode = doc.add_object(Stream::new(dictionary! {}, cmap.into_bytes()));
        let descriptor = doc.add_object(dictionary! {
            "Type" => "FontDescriptor", "FontName" => "SimSun", "Flags" => 4, "ItalicAngle" => 0,
            "FontBBox" => vec![0.into(), (-140).into(), 1000.into(), 860.into()],
            "Ascent" => 860, "Descent" => -140, "CapHeight" => 700, "StemV" => 80,
        });
        let descendant = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => "SimSun", "FontDescriptor" => descriptor,
            "CIDSystemInfo" => dictionary! { "Registry" => Object::string_literal("Adobe"), "Ordering" => Object::string_literal("Identity"), "Supplement" => 0 },
            "DW" => 1000,
        });
        let cid_font = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "SimSun", "Encoding" => "Identity-H",
            "DescendantFonts" => vec![descendant.into()], "ToUnicode" => to_unicode,
        });
        let resources = doc.add_object(dictionary! {
            "Font" => dictionary! { "F1" => helvetica, "F2" => cid_font },
        });
        for ops in page_contents {
            let content = doc.add_object(Stream::new(
                dictionary! {},
                Content { operations: ops }
                    .encode()
                    .expect("encodable content"),
            ));
            page_ids.push(doc.add_object(dictionary! {
                "Type" => "Page", "Parent" => pages_id, "Contents" => content,
                "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()], "Resources" => resources,
            }));
        }
        let count = page_ids.len() as i64;
        doc.objects.insert(pages_id, Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => page_ids.into_iter().map(Object::from).collect::<Vec<_>>(), "Count" => count,
        }));
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        doc.trailer.set("Root", catalog);
        let mut out = Vec::new();
        doc.save_to(&mut out).expect("the PDF is written");
        out
    }

    /// The seed's text as a PDF's lines: the copy's empty lines dropped, its spacer lines kept.
    fn seed_lines() -> Vec<&'static str> {
        FIXTURE
            .lines()
            .filter(|l| !l.is_empty())
            .map(|l| if l.trim().is_empty() { " " } else { l.trim() })
            .collect()
    }

    #[test]
    fn a_pdf_written_from_the_seed_text_reads_into_the_same_21_articles() {
        let pdf = write_pdf(
            &seed_lines(),
            Some("SESEC IV China IT/ICT Standardization Newsletter 2019"),
        );
        let from_pdf = crate::ingest::read::read(&pdf, &IngestOptions::default()).unwrap();
        let from_text = newsletter::read(FIXTURE).unwrap();
        assert_eq!(from_pdf.format, Some(Format::Pdf));
        assert_eq!(outline(&from_pdf), outline(&from_text));
        assert_eq!(
            from_pdf.publication.as_deref(),
            Some("SESEC IV China IT/ICT Standardization Newsletter")
        );
        // The bodies too, but for three whose list items lost their indentation (the bullets) in
        // this PDF and so join differently; a page break never splits a paragraph.
        let same = from_pdf
            .articles
            .iter()
            .zip(&from_text.articles)
            .filter(|(p, t)| p.text == t.text)
            .count();
        assert!(same >= 18, "{same} of 21 article texts equal");
        // Chinese from the abbreviation table survives extraction, whole.
        let text = text(&pdf).unwrap();
        assert!(text.contains("中国电子标准化研究所"), "{text}");
        assert!(
            from_pdf.articles[17]
                .text
                .contains("(制造强国建设领导小组)")
        );
    }

    #[test]
    fn spaces_between_ideographs_and_digits_are_removed() {
        assert_eq!(
            mend_cjk_spacing("2019 年 5 月 13 日 发布 GB/T 22239"),
            "2019年5月13日发布 GB/T 22239"
        );
        assert_eq!(
            mend_cjk_spacing("CESI 中国电子 标准化研究所"),
            "CESI 中国电子标准化研究所"
        );
    }

    #[test]
    fn unreadable_pdfs_say_why() {
        let broken =
            b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF";
        assert!(matches!(
            read(broken),
            Err(IngestError::Unreadable {
                format: Format::Pdf,
                ..
            })
        ));
        let blank = write_pdf(&[" "], None);
        assert!(
            matches!(read(&blank), Err(IngestError::Unreadable { reason, .. }) if reason.contains("no text layer"))
        );
    }
}
