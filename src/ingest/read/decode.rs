//! From bytes to text: refuse binary files, honour byte-order marks, take UTF-8, else GB18030 (the
//! superset of GBK and GB2312 that Chinese ministries' pages and old Word exports use), and normalize
//! line ends and the odd spaces that copies from PDFs and web pages carry.

use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE};

use super::IngestError;

/// What a file's first bytes say it is, when they say it is not text.
const MAGIC: &[(&[u8], &str)] = &[
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (
        b"PK\x03\x04",
        "a ZIP archive (or a DOCX/XLSX/ODT file, which are ZIP archives)",
    ),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"\x28\xb5\x2f\xfd", "a zstd archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "an old Microsoft Office file (DOC/XLS/PPT)",
    ),
    (b"\x7fELF", "an ELF executable"),
    (b"\xca\xfe\xba\xbe", "a Java class or Mach-O file"),
    (b"\xcf\xfa\xed\xfe", "a Mach-O executable"),
    (b"\x00asm", "a WebAssembly module"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"OggS", "an Ogg media file"),
    (b"ID3", "an MP3 audio file"),
    (b"wOFF", "a web font"),
    (b"wOF2", "a web font"),
];

/// Share of control characters (other than tab, line feed, form feed, carriage return and escape)
/// above which a file counts as binary.
const MAX_CONTROL_SHARE: f64 = 0.02;

/// Refuses bytes that are not text, saying what they look like.
pub fn refuse_binary(bytes: &[u8]) -> Result<(), IngestError> {
    if let Some((_, what)) = MAGIC.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        return Err(IngestError::Binary((*what).to_owned()));
    }
    if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        return Err(IngestError::Binary("a WebP image".into()));
    }
    if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        return Err(IngestError::Binary("an MP4/QuickTime media file".into()));
    }
    if bom(bytes).is_some_and(|(enc, _)| enc != encoding_rs::UTF_8) {
        // UTF-16 text has NUL bytes in every other place; it is text all the same.
        return Ok(());
    }
    let head = &bytes[..bytes.len().min(64 * 1024)];
    if head.contains(&0) {
        return Err(IngestError::Binary("it contains NUL bytes".into()));
    }
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\x0c' | b'\r' | 0x1b))
        .count();
    if control as f64 > MAX_CONTROL_SHARE * head.len() as f64 {
        return Err(IngestError::Binary(format!(
            "{control} of its first {} bytes are control characters",
            head.len()
        )));
    }
    Ok(())
}

/// The encoding a byte-order mark names, and the mark's length.
fn bom(bytes: &[u8]) -> Option<(&'static Encoding, usize)> {
    Encoding::for_bom(bytes)
}

/// Decodes text bytes: a byte-order mark wins, then UTF-8, then an HTML page's declared charset,
/// then GB18030 when it decodes cleanly into plausible Chinese text. The result is normalized
/// ([`normalize`]).
pub fn decode(bytes: &[u8]) -> Result<String, IngestError> {
    let text = if let Some((encoding, len)) = bom(bytes) {
        encoding
            .decode_without_bom_handling_and_without_replacement(&bytes[len..])
            .ok_or(IngestError::Undecodable)?
            .into_owned()
    } else if let Ok(text) = std::str::from_utf8(bytes) {
        text.to_owned()
    } else {
        let declared =
            declared_charset(bytes).filter(|e| !matches!(*e, e if e == UTF_16LE || e == UTF_16BE));
        let candidates = declared.into_iter().chain(std::iter::once(GB18030));
        candidates
            .filter_map(|encoding| {
                // GBK and GB2312 labels decode as GB18030, their superset.
                let encoding = if encoding == encoding_rs::GBK {
                    GB18030
                } else {
                    encoding
                };
                encoding
                    .decode_without_bom_handling_and_without_replacement(bytes)
                    .map(|t| (encoding, t))
            })
            .find(|(encoding, text)| *encoding != GB18030 || plausible_chinese(text))
            .map(|(_, text)| text.into_owned())
            .ok_or(IngestError::Undecodable)?
    };
    Ok(normalize(&text))
}

/// The charset an HTML page declares in its first bytes (`<meta charset="gbk">` or
/// `content="text/html; charset=gb2312"`).
fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let at = lower.windows(8).position(|w| w == b"charset=")? + 8;
    let rest = &lower[at..];
    let rest = rest
        .strip_prefix(b"\"")
        .or_else(|| rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let end = rest
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.')))
        .unwrap_or(rest.len());
    Encoding::for_label(&rest[..end])
}

/// GB18030 maps almost any run of high bytes to some character, so a clean decode alone says little:
/// Chinese text is mostly common ideographs and CJK punctuation, and has no private-use or control
/// characters.
fn plausible_chinese(text: &str) -> bool {
    let mut non_ascii = 0usize;
    let mut chinese = 0usize;
    for c in text.chars() {
        if c.is_ascii() {
            if c.is_ascii_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c' | '\x1b') {
                return false;
            }
            continue;
        }
        non_ascii += 1;
        if is_cjk(c)
            || matches!(c, '\u{3000}'..='\u{303f}' | '\u{ff00}'..='\u{ffef}' | '\u{2010}'..='\u{2027}' | '\u{00b7}')
        {
            chinese += 1;
        }
    }
    non_ascii > 0 && chinese as f64 >= 0.9 * non_ascii as f64
}

/// A CJK ideograph (the unified block and extension A).
pub fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '\u{f900}'..='\u{faff}')
}

/// Line ends become `\n`; no-break, ideographic (full-width) and typographic spaces become plain
/// spaces, tabs too; zero-width characters, soft hyphens and stray byte-order marks go; Word's
/// private-use bullet glyphs become spaces (as copying from a PDF renders them).
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\u{2028}' | '\u{2029}' | '\u{85}' => out.push('\n'),
            '\t' | '\u{a0}' | '\u{3000}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' => {
                out.push(' ')
            }
            '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}' => {}
            '\u{f000}'..='\u{f0ff}' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_files_are_named_by_what_they_look_like() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
        assert!(matches!(refuse_binary(png), Err(IngestError::Binary(w)) if w.contains("PNG")));
        let zip = b"PK\x03\x04\x14\0\0\0\x08\0";
        assert!(matches!(refuse_binary(zip), Err(IngestError::Binary(w)) if w.contains("ZIP")));
        let nul = b"some text\0with a NUL";
        assert!(matches!(refuse_binary(nul), Err(IngestError::Binary(w)) if w.contains("NUL")));
        let controls: Vec<u8> = (0..200u8)
            .map(|i| if i % 5 == 0 { 0x02 } else { b'a' })
            .collect();
        assert!(
            matches!(refuse_binary(&controls), Err(IngestError::Binary(w)) if w.contains("control"))
        );
        assert_eq!(
            refuse_binary("ordinary text\r\n\twith tabs".as_bytes()),
            Ok(())
        );
    }

    #[test]
    fn utf8_with_and_without_bom_and_utf16_decode() {
        assert_eq!(decode("标准 text".as_bytes()).unwrap(), "标准 text");
        assert_eq!(decode(b"\xef\xbb\xbfhello").unwrap(), "hello");
        let mut le = vec![0xff, 0xfe];
        le.extend(
            "GB/T 22239 标准"
                .encode_utf16()
                .flat_map(|u| u.to_le_bytes()),
        );
        assert_eq!(refuse_binary(&le), Ok(()));
        assert_eq!(decode(&le).unwrap(), "GB/T 22239 标准");
        let mut be = vec![0xfe, 0xff];
        be.extend("网络安全".encode_utf16().flat_map(|u| u.to_be_bytes()));
        assert_eq!(decode(&be).unwrap(), "网络安全");
    }

    #[test]
    fn gbk_text_decodes_as_gb18030() {
        let (bytes, _, unmappable) =
            GB18030.encode("国家标准化管理委员会发布了新标准。GB/T 22239-2019");
        assert!(!unmappable);
        assert!(std::str::from_utf8(&bytes).is_err());
        assert_eq!(
            decode(&bytes).unwrap(),
            "国家标准化管理委员会发布了新标准。GB/T 22239-2019"
        );
    }

    #[test]
    fn bytes_neither_utf8_nor_gb18030_are_undecodable() {
        // 0xFF is never a lead byte in GB18030, and Latin-1 accents followed by ASCII are not valid.
        assert_eq!(
            decode(b"caf\xe9 au lait \xff\xfe\xff"),
            Err(IngestError::Undecodable)
        );
        assert_eq!(
            decode(b"na\xefve r\xe9sum\xe9 caf\xe9"),
            Err(IngestError::Undecodable)
        );
    }

    #[test]
    fn a_declared_charset_is_honoured_for_pages_not_in_utf8() {
        let (body, _, _) = encoding_rs::SHIFT_JIS.encode("日本語のページ");
        let mut page = b"<html><head><meta charset=\"shift_jis\"></head><body>".to_vec();
        page.extend_from_slice(&body);
        assert!(decode(&page).unwrap().contains("日本語のページ"));
    }

    #[test]
    fn line_ends_and_odd_spaces_are_normalized() {
        assert_eq!(
            normalize("a\r\nb\rc\u{a0}d\u{3000}\u{3000}e\u{200b}f\u{ad}g\u{f0b7}h"),
            "a\nb\nc d  efg h"
        );
    }
}
