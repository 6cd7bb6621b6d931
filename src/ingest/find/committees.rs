//! Committee codes: `SAC/TC 260`, `TC260`, `TC 260/SC 1`, `CCSA TC5 WG6`, `CCSA/TC1`, `CCSATC12`,
//! `ISO/IEC JTC 1/SC 27`, `ISO/TC 215`, `IEC TC 100`, `ITU-T SG17`, `WG1`, `SWG3`.
//!
//! The value is one spelling per committee, whatever the text wrote: the body's own style for
//! international committees (`ISO/IEC JTC 1/SC 27`, `ISO/TC 215`, `IEC TC 100`, `ITU-T SG17`), SAC's
//! for SAC's (`SAC/TC 260/SC 1`), and compact for CCSA's and bare ones (`CCSA TC5 WG6`, `TC260`,
//! `TC260/SC1`, `WG1`), as the seed writes them.

use std::sync::LazyLock;

use regex::{Captures, Regex};

use super::{boundary_after, boundary_before, mention};
use crate::ingest::{Mention, MentionKind};

static COMMITTEE: LazyLock<Regex> = LazyLock::new(|| {
    // Group names must be unique across the alternatives: each form names its own `sc` and `wg`.
    let sub =
        |p: &str| format!(r"(?:\s*/?\s*SC\s*(?P<{p}sc>\d+))?(?:\s*/?\s*WG\s*(?P<{p}wg>\d+))?");
    let forms = [
        format!(r"ISO(?:\s*/\s*IEC)?\s*/?\s*JTC\s*(?P<jtc>\d+){}", sub("j")),
        format!(
            r"(?P<intl>ISO|IEC|CEN|CENELEC)\s*/?\s*TC\s*(?P<itc>\d+){}",
            sub("i")
        ),
        r"ITU\s*-\s*(?P<itu>[TR])\s*(?:SG\s*|Study\s+Group\s+)(?P<sg>\d+)".to_owned(),
        format!(r"SAC\s*/\s*TC\s*(?P<sac>\d+){}", sub("s")),
        format!(r"CCSA\s*/?\s*TC\s*(?P<ccsa>\d+){}", sub("c")),
        format!(r"TC\s*(?P<tc>\d+){}", sub("t")),
        r"(?P<group>S?WG|SG)\s*(?P<gn>\d+)".to_owned(),
        r"(?P<bare>SWG)".to_owned(),
    ];
    Regex::new(&forms.join("|")).expect("the committee pattern is valid")
});

pub(super) fn find(text: &str, out: &mut Vec<Mention>) {
    for caps in COMMITTEE.captures_iter(text) {
        let m = caps.get(0).expect("group 0 is the match");
        if !boundary_before(text, m.start()) || !boundary_after(text, m.end()) {
            continue;
        }
        out.push(mention(
            text,
            m.range(),
            MentionKind::Committee,
            Some(value(&caps)),
            None,
        ));
    }
}

/// The committee code `s` names, if all of `s` is one (`TC260`, `CCSA TC5`).
pub(super) fn code(s: &str) -> Option<String> {
    let caps = COMMITTEE.captures(s)?;
    let m = caps.get(0)?;
    (m.start() == 0 && m.end() == s.len()).then(|| value(&caps))
}

fn value(caps: &Captures) -> String {
    let g = |name: &str| caps.name(name).map(|m| m.as_str());
    // `p` names the form's groups (`jsc`, `jwg`, ...); `sep` goes between a level and its number;
    // `slash` between levels.
    let sub = |p: &str, sep: &str, slash: &str| {
        let mut s = String::new();
        if let Some(sc) = g(&format!("{p}sc")) {
            s.push_str(&format!("{slash}SC{sep}{sc}"));
        }
        if let Some(wg) = g(&format!("{p}wg")) {
            s.push_str(&format!("{slash}WG{sep}{wg}"));
        }
        s
    };
    if let Some(n) = g("jtc") {
        return format!("ISO/IEC JTC {n}{}", sub("j", " ", "/"));
    }
    if let Some(n) = g("itc") {
        let body = g("intl").unwrap_or_default();
        let sep = if body == "ISO" { "/" } else { " " };
        return format!("{body}{sep}TC {n}{}", sub("i", " ", "/"));
    }
    if let Some(n) = g("sg") {
        return format!("ITU-{} SG{n}", g("itu").unwrap_or("T"));
    }
    if let Some(n) = g("sac") {
        return format!("SAC/TC {n}{}", sub("s", " ", "/"));
    }
    if let Some(n) = g("ccsa") {
        return format!("CCSA TC{n}{}", sub("c", "", " "));
    }
    if let Some(n) = g("tc") {
        return format!("TC{n}{}", sub("t", "", "/"));
    }
    if let (Some(group), Some(n)) = (g("group"), g("gn")) {
        return format!("{group}{n}");
    }
    "SWG".to_owned()
}
