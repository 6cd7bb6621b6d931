//! Standard codes and plan numbers.
//!
//! A code is a family prefix followed by a number, parts and a year, spelled as PDFs and word
//! processors leave them: `GB/T 22239-2019`, `GB/T22239—2019`, `GB／T 22239－2019`, `GB 4943.1-2011`,
//! `IEC 62368-1`, `ISO/IEC 27001:2013`, `ITU-T Y.3172`, `ETSI EN 303 645`, `IEEE 802.11`,
//! `T/CESA 1036-2019`. The pattern only finds candidates; [`StandardCode::parse`] normalizes them and
//! rejects what is not a code. Plan numbers (`20190xxx-T-469`) are the standardization plan's project
//! numbers.

use std::sync::LazyLock;

use regex::Regex;

use super::{boundary_after, boundary_before, mention};
use crate::ingest::{Mention, MentionKind};
use crate::model::StandardCode;

/// Slash, full-width slash, with optional spaces.
macro_rules! slash {
    () => {
        r"\s*[/／]\s*"
    };
}

/// A code candidate. Chinese families: `GB`, `GB/T`, `GB/Z`, sector families that need `/T` or `/Z`
/// (`YD/T`, `SJ/T`, `GA/T`, `JR/T`, ...) or, mandatory, a year (`GA 1277-2015`), group standards
/// `T/ABC`; international and European families with their document types.
static CODE: LazyLock<Regex> = LazyLock::new(|| {
    let dash = r"\s*[-‐‑‒–—―−－]\s*";
    let number = r"\d+(?:[.．]\d+)*";
    let parts = format!(r"(?:{dash}\d+[A-Z]?)*");
    let year = format!(r"(?:(?:{dash}|\s*[:：]\s*)(?:19|20)\d\d)?");
    let pattern = format!(
        concat!(
            // Chinese national and sector families, with `/T` or `/Z`.
            r"(?:(?:GB|[A-Z]{{2,3}}){slash}[TZ]\s*{number}{parts}{year}",
            // Mandatory national `GB`: no slash.
            r"|GB\s*{number}{parts}{year}",
            // Mandatory sector standards only with a year, to keep stray letters out.
            r"|(?:YD|SJ|GA|JR|GY|DL|JT|YY|WS|SN|MH|NB|QC)\s*\d+(?:[.．]\d+)*{parts}{dash}(?:19|20)\d\d",
            // Group standards.
            r"|T{slash}[A-Z]{{2,10}}\s*{number}{parts}{year}",
            // ISO, IEC and their joint spellings, with document types.
            r"|(?:ISO(?:{slash}IEC)?(?:{slash}IEEE)?|IEC)(?:\s+(?:TR|TS|PAS|Guide))?\s*{number}{parts}{year}",
            // ITU recommendations: a series letter, a dot, a number (`ITU-T Y.3172`).
            r"|ITU{dash}[TR]\s*[A-Z]\s*\.\s*\d+(?:\.\d+)*",
            // ETSI deliverables, numbers grouped in threes.
            r"|ETSI\s+(?:EN|TS|TR|ES|EG|GS|GR)\s*\d{{3}}(?:\s\d{{3}})*(?:{dash}\d+)*{year}",
            // European norms.
            r"|EN\s*\d{{3,5}}{parts}{year}",
            // IEEE standards.
            r"|IEEE(?:\s+Std)?\s*\d{{3,5}}(?:\.\d+)*{year}",
            r")",
        ),
        slash = slash!(),
        dash = dash,
        number = number,
        parts = parts,
        year = year,
    );
    Regex::new(&pattern).expect("the code pattern is valid")
});

/// A plan number: the year, four digits or `x` placeholders, the type letter, the committee's number.
static PLAN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:19|20)\d\d[0-9xX]{4}\s*[-－—–]\s*[TQZ]\s*[-－—–]\s*\d{3}")
        .expect("the plan-number pattern is valid")
});

pub(super) fn find(text: &str, out: &mut Vec<Mention>) {
    for m in CODE.find_iter(text) {
        if !boundary_before(text, m.start()) || !boundary_after(text, m.end()) {
            continue;
        }
        // The pattern reads `T/CESA` families and ETSI's grouped digits; the normalizer wants the
        // ETSI groups joined, which it does by dropping white space.
        let Ok(code) = StandardCode::parse(m.as_str()) else {
            continue;
        };
        out.push(mention(
            text,
            m.range(),
            MentionKind::Code,
            Some(code.to_string()),
            None,
        ));
    }
    for m in PLAN.find_iter(text) {
        if !boundary_before(text, m.start()) || !boundary_after(text, m.end()) {
            continue;
        }
        let value: String = m
            .as_str()
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| match c {
                '－' | '—' | '–' => '-',
                'X' => 'x',
                c => c,
            })
            .collect();
        out.push(mention(
            text,
            m.range(),
            MentionKind::PlanNumber,
            Some(value),
            None,
        ));
    }
}
