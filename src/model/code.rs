//! Standard codes: parsing, normalization and the type a prefix implies.
//!
//! `GB/T 22239-2019`, `GB/T22239-2019`, `gb/t 22239—2019` and full-width `ＧＢ／Ｔ　２２２３９－２０１９` are one
//! code. A code is parsed into prefix, number, part and year; [`StandardCode::key`] is the normalized form
//! used for lookup and [`StandardCode::series_key`] names a standard across editions (no year).

use std::fmt;

use unicode_normalization::UnicodeNormalization;

use super::text::fold_dashes;

/// A parsed standard code.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct StandardCode {
    prefix: String,
    number: String,
    part: Option<String>,
    year: Option<u16>,
}

/// What a code's prefix says about the standard (or, for a standard known without a code, what its
/// source says: "a compulsory national standard").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StandardType {
    /// `GB`: mandatory national standard of China.
    NationalMandatory,
    /// `GB/T`: recommended national standard.
    NationalRecommended,
    /// `GB/Z`: national guidance technical document.
    NationalGuidance,
    /// `YD/T`, `SJ/T`, ...: industry standard (the letters name the sector).
    Industry,
    /// `T/...`: group (association) standard.
    Group,
    /// ISO, IEC, ISO/IEC, ITU-T and other international bodies.
    International,
    /// EN, ETSI and other European standards.
    European,
    /// A prefix stdgraph does not classify.
    Other,
}

/// Why a code could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{input}` is not a standard code: {reason}")]
pub struct CodeError {
    pub input: String,
    pub reason: &'static str,
}

impl StandardCode {
    /// Parses any common spelling of a code.
    pub fn parse(input: &str) -> Result<Self, CodeError> {
        let err = |reason| CodeError {
            input: input.to_owned(),
            reason,
        };
        let compact: String = input
            .nfkc()
            .map(fold_dashes)
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_uppercase)
            .collect();
        // ITU recommendations name their series with a letter before the number (`ITU-T Y.3172`).
        let itu_series = ["ITU-T", "ITU-R"].into_iter().find_map(|body| {
            let series = compact
                .strip_prefix(body)?
                .chars()
                .next()
                .filter(char::is_ascii_uppercase)?;
            let after = &compact[body.len() + 1..];
            after
                .starts_with(|c: char| c == '.' || c == '-' || c.is_ascii_digit())
                .then(|| (format!("{body} {series}"), body.len() + 1))
        });
        let prefix_len = match &itu_series {
            Some((_, len)) => *len,
            None => compact
                .find(|c: char| c.is_ascii_digit())
                .ok_or_else(|| err("it has no number"))?,
        };
        let raw_prefix = compact[..prefix_len].trim_end_matches(['-', '.', ':']);
        if raw_prefix.is_empty() {
            return Err(err("it has no prefix such as GB/T or ISO"));
        }
        if !raw_prefix.starts_with(|c: char| c.is_ascii_uppercase())
            || !raw_prefix
                .chars()
                .all(|c| c.is_ascii_uppercase() || c == '/' || c == '-')
        {
            return Err(err(
                "its prefix must start with a letter and contain only letters, `/` and `-`",
            ));
        }
        let prefix = match itu_series {
            Some((prefix, _)) => prefix,
            None => canonical_prefix(raw_prefix),
        };
        let rest = compact[prefix_len..].trim_start_matches(['.', '-']);
        if !rest.starts_with(|c: char| c.is_ascii_digit()) {
            return Err(err("it has no number"));
        }
        let number_end = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let dotted = rest[..number_end].trim_end_matches('.');
        if dotted.contains("..") {
            return Err(err("a number may not contain `..`"));
        }
        let (number, mut parts) = match dotted.split_once('.') {
            Some((n, p)) => (n.to_owned(), vec![p.to_owned()]),
            None => (dotted.to_owned(), Vec::new()),
        };
        let mut year = None;
        let mut tail = &rest[dotted.len()..];
        while !tail.is_empty() {
            let sep = tail.as_bytes()[0];
            if sep != b'-' && sep != b':' {
                return Err(err("unexpected characters after the number"));
            }
            let token_end = tail[1..].find(['-', ':']).map_or(tail.len(), |i| i + 1);
            let token = &tail[1..token_end];
            tail = &tail[token_end..];
            let digits = token.trim_end_matches(|c: char| c.is_ascii_uppercase());
            // Digits, optionally dotted (`1.2`), then at most one letter (`3A`).
            let well_formed = digits.starts_with(|c: char| c.is_ascii_digit())
                && digits.ends_with(|c: char| c.is_ascii_digit())
                && !digits.contains("..")
                && token.len() - digits.len() <= 1
                && digits.chars().all(|c| c.is_ascii_digit() || c == '.');
            if !well_formed {
                return Err(err("a part or year is empty or malformed"));
            }
            let looks_like_year = token.len() == 4
                && token.bytes().all(|b| b.is_ascii_digit())
                && (token.starts_with("19") || token.starts_with("20"));
            if sep == b':' && !(tail.is_empty() && looks_like_year) {
                return Err(err(
                    "a `:` must be followed by the year (19xx or 20xx) at the end",
                ));
            }
            if tail.is_empty() && looks_like_year {
                year = Some(
                    token
                        .parse()
                        .map_err(|_| err("the year must be four digits"))?,
                );
            } else if year.is_some() {
                return Err(err("nothing may follow the year"));
            } else {
                parts.push(token.to_owned());
            }
        }
        let part = (!parts.is_empty()).then(|| parts.join("-"));
        Ok(Self {
            prefix,
            number,
            part,
            year,
        })
    }

    /// The other reading of a code whose last dotted part looks like a year and that has no year:
    /// `GB/T 22239.2019` typed for `GB/T 22239-2019`, `GB 4943.1.2011` for `GB 4943.1-2011`. A code
    /// that already has a year, or whose last part is not 19xx/20xx, has no other reading. Lookups try
    /// the code as written first, so a standard whose part really is `2019` is still found.
    pub fn dotted_year_reading(&self) -> Option<Self> {
        if self.year.is_some() {
            return None;
        }
        let part = self.part.as_deref()?;
        let (rest, last) = match part.rsplit_once('.') {
            Some((rest, last)) => (Some(rest), last),
            None => (None, part),
        };
        let year = (last.len() == 4
            && last.bytes().all(|b| b.is_ascii_digit())
            && (last.starts_with("19") || last.starts_with("20")))
        .then(|| last.parse().ok())??;
        Some(Self {
            prefix: self.prefix.clone(),
            number: self.number.clone(),
            part: rest.map(str::to_owned),
            year: Some(year),
        })
    }

    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    pub fn number(&self) -> &str {
        &self.number
    }

    pub fn part(&self) -> Option<&str> {
        self.part.as_deref()
    }

    pub fn year(&self) -> Option<u16> {
        self.year
    }

    /// True for the international style `ISO/IEC 27001:2013`, where the year follows a colon.
    fn colon_year(&self) -> bool {
        matches!(
            self.standard_type(),
            StandardType::International | StandardType::European
        )
    }

    /// The normalized lookup key of this edition: `GB/T22239-2019`.
    pub fn key(&self) -> String {
        let mut key = self.series_key();
        if let Some(y) = self.year {
            key.push('-');
            key.push_str(&y.to_string());
        }
        key
    }

    /// The normalized key of the standard across editions: `GB/T22239`, `GB4943.1`, `IEC62368-1`.
    pub fn series_key(&self) -> String {
        let mut key = format!("{}{}", self.compact_prefix(), self.number);
        if let Some(p) = &self.part {
            key.push(if self.uses_dot_part() { '.' } else { '-' });
            key.push_str(p);
        }
        key
    }

    /// Chinese codes number parts with a dot (`GB 4943.1`), international ones with a dash (`IEC 62368-1`).
    /// A part that would read as a year after a dash (`ISO 1.2019`) keeps its dot too.
    fn uses_dot_part(&self) -> bool {
        let Some(part) = self.part.as_deref() else {
            return false;
        };
        let dotted = part.chars().all(|c| c.is_ascii_digit() || c == '.');
        let reads_as_year = self.year.is_none()
            && part.len() == 4
            && part.bytes().all(|b| b.is_ascii_digit())
            && (part.starts_with("19") || part.starts_with("20"));
        dotted && (!self.colon_year() || reads_as_year)
    }

    /// The prefix without the spaces some families write inside it (`ETSI EN`, `ITU-T Y`), as keys
    /// hold it.
    fn compact_prefix(&self) -> String {
        self.prefix.replace(' ', "")
    }

    /// The id stdgraph gives a standard with this code: `std:gb-t-22239-2019`.
    pub fn node_id(&self) -> String {
        let mut id = String::from("std:");
        for c in self.to_string().chars() {
            match c {
                'A'..='Z' => id.push(c.to_ascii_lowercase()),
                'a'..='z' | '0'..='9' | '.' => id.push(c),
                _ if !id.ends_with('-') && !id.ends_with(':') => id.push('-'),
                _ => {}
            }
        }
        id.trim_end_matches('-').to_owned()
    }

    pub fn standard_type(&self) -> StandardType {
        match self.prefix.as_str() {
            "GB" => StandardType::NationalMandatory,
            "GB/T" => StandardType::NationalRecommended,
            "GB/Z" => StandardType::NationalGuidance,
            p if p.starts_with("T/") => StandardType::Group,
            p if p.starts_with("ISO") || p.starts_with("IEC") || p.starts_with("ITU") => {
                StandardType::International
            }
            p if p.starts_with("IEEE") => StandardType::International,
            "EN" | "CEN" | "CENELEC" => StandardType::European,
            p if p.starts_with("ETSI") => StandardType::European,
            p if p.ends_with("/T") || p.ends_with("/Z") => StandardType::Industry,
            _ => StandardType::Other,
        }
    }
}

/// Spellings without the slash (`GBT`, `YDT`) are common in file names and search boxes.
fn canonical_prefix(raw: &str) -> String {
    match raw {
        "GBT" => "GB/T".to_owned(),
        "GBZ" => "GB/Z".to_owned(),
        // The families written with a space inside the prefix, which parsing removed.
        "ETSIEN" | "ETSITS" | "ETSITR" | "ETSIES" | "ETSIEG" | "ETSIGS" | "ETSIGR" => {
            format!("ETSI {}", &raw[4..])
        }
        "IEEESTD" => "IEEE Std".to_owned(),
        p if p.len() == 3
            && !p.contains('/')
            && (p.ends_with('T') || p.ends_with('Z'))
            && p != "IEC" =>
        {
            format!("{}/{}", &p[..2], &p[2..])
        }
        p => p.to_owned(),
    }
}

impl fmt::Display for StandardCode {
    /// The canonical spelling: `GB/T 22239-2019`, `GB 4943.1-2011`, `IEC 62368-1:2014`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let series = self.series_key();
        let rest = &series[self.compact_prefix().len()..];
        if self.prefix.starts_with("ITU-") && self.prefix.contains(' ') {
            write!(f, "{}.{rest}", self.prefix)?;
        } else if self.prefix.starts_with("ETSI ") && self.number.len() == 6 && rest.len() >= 6 {
            // ETSI deliverables are numbered in two groups of three digits (`ETSI EN 303 645`).
            write!(f, "{} {} {}", self.prefix, &rest[..3], &rest[3..])?;
        } else {
            write!(f, "{} {rest}", self.prefix)?;
        }
        if let Some(y) = self.year {
            write!(f, "{}{y}", if self.colon_year() { ':' } else { '-' })?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `input` parses to the canonical spelling `display`, lookup key `key` and id `id`.
    fn check(input: &str, display: &str, key: &str, id: &str) {
        let code = StandardCode::parse(input).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(code.to_string(), display, "display of {input}");
        assert_eq!(code.key(), key, "key of {input}");
        assert_eq!(code.node_id(), id, "id of {input}");
    }

    #[test]
    fn every_spelling_of_a_code_is_one_code() {
        for spelling in [
            "GB/T 22239-2019",
            "GB/T22239-2019",
            "gb/t 22239—2019",
            "ＧＢ／Ｔ　２２２３９－２０１９",
            "GB/T 22239–2019",
            "GBT 22239-2019",
        ] {
            check(
                spelling,
                "GB/T 22239-2019",
                "GB/T22239-2019",
                "std:gb-t-22239-2019",
            );
        }
    }

    #[test]
    fn parts_years_and_families() {
        check(
            "GB 4943.1-2011",
            "GB 4943.1-2011",
            "GB4943.1-2011",
            "std:gb-4943.1-2011",
        );
        check("GB 4943.1", "GB 4943.1", "GB4943.1", "std:gb-4943.1");
        check(
            "IEC 62368-1",
            "IEC 62368-1",
            "IEC62368-1",
            "std:iec-62368-1",
        );
        check(
            "IEC 62368-1:2014",
            "IEC 62368-1:2014",
            "IEC62368-1-2014",
            "std:iec-62368-1-2014",
        );
        check(
            "ISO/IEC 27001:2013",
            "ISO/IEC 27001:2013",
            "ISO/IEC27001-2013",
            "std:iso-iec-27001-2013",
        );
        check(
            "YD/T 3594-2019",
            "YD/T 3594-2019",
            "YD/T3594-2019",
            "std:yd-t-3594-2019",
        );
        check(
            "T/CESA 1036-2019",
            "T/CESA 1036-2019",
            "T/CESA1036-2019",
            "std:t-cesa-1036-2019",
        );
        check(
            "ITU-T Y.3172",
            "ITU-T Y.3172",
            "ITU-TY3172",
            "std:itu-t-y.3172",
        );
        check("ITU-T X.509", "ITU-T X.509", "ITU-TX509", "std:itu-t-x.509");
        check(
            "ETSI EN 303 645",
            "ETSI EN 303 645",
            "ETSIEN303645",
            "std:etsi-en-303-645",
        );
        // A part's separator is not kept, so IEEE's dotted numbers read as international parts.
        check(
            "IEEE 802.11",
            "IEEE 802-11",
            "IEEE802-11",
            "std:ieee-802-11",
        );
        check(
            "IEEE Std 1451.5",
            "IEEE Std 1451-5",
            "IEEEStd1451-5",
            "std:ieee-std-1451-5",
        );
        assert_eq!(
            StandardCode::parse("ITU-T Y.3172").unwrap().standard_type(),
            StandardType::International
        );
        assert_eq!(
            StandardCode::parse("ETSI EN 303 645")
                .unwrap()
                .standard_type(),
            StandardType::European
        );
        let p = StandardCode::parse("GB 4943.1-2011").unwrap();
        assert_eq!(
            (p.prefix(), p.number(), p.part(), p.year()),
            ("GB", "4943", Some("1"), Some(2011))
        );
        assert_eq!(p.series_key(), "GB4943.1");
    }

    #[test]
    fn a_dotted_year_has_a_second_reading() {
        let other = |c: &str| {
            StandardCode::parse(c)
                .unwrap()
                .dotted_year_reading()
                .map(|c| c.key())
        };
        assert_eq!(other("GB/T 22239.2019").as_deref(), Some("GB/T22239-2019"));
        assert_eq!(other("GB 4943.1.2011").as_deref(), Some("GB4943.1-2011"));
        assert_eq!(other("GB 4943.1"), None);
        assert_eq!(other("GB/T 22239-2019"), None);
        assert_eq!(other("GB 4943.1.2011-2012"), None);
        assert_eq!(other("GB 4943.3000"), None);
    }

    #[test]
    fn types_follow_the_prefix() {
        let t = |c: &str| StandardCode::parse(c).unwrap().standard_type();
        assert_eq!(t("GB 4943.1-2011"), StandardType::NationalMandatory);
        assert_eq!(t("GB/T 22239-2019"), StandardType::NationalRecommended);
        assert_eq!(t("GB/Z 1-2000"), StandardType::NationalGuidance);
        assert_eq!(t("YD/T 1-2019"), StandardType::Industry);
        assert_eq!(t("T/CESA 1-2019"), StandardType::Group);
        assert_eq!(t("IEC 62368-1"), StandardType::International);
    }

    #[test]
    fn rejects_what_is_not_a_code() {
        for bad in [
            "",
            "GB/T",
            "22239-2019",
            "GB/T 22239-2019 draft",
            "GB/T 22239--2019",
            "GB/T 22239-2019x1",
        ] {
            assert!(
                StandardCode::parse(bad).is_err(),
                "{bad} should be rejected"
            );
        }
    }
}
