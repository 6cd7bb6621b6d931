//! People with their titles: `Mr. XU Hanliang, chairman of CCSA TC5`, `Dr. Betty XU was nominated
//! as the SESEC expert`, `Mr. Luis Jorge Romero (Director General)`, `SESEC IV Expert, Dr. Betty Xu`,
//! `Li Guanyu, deputy director of MIIT`, `Director General ZHANG Wei`.
//!
//! A person is found by an honorific (`Mr.`, `Ms.`, `Dr.`, `Prof.`, ...) or, without one, by a title
//! word right before or after the name; Chinese names may be written SURNAME Given. The text is the
//! name; the role the title in lower case (acronyms kept); the value the organization after `of`.

use std::ops::Range;
use std::sync::LazyLock;

use regex::{Captures, Regex};

use super::mention;
use crate::ingest::{Mention, MentionKind};

/// A title: optional acronym and modifiers, then a head word.
const TITLE: &str = r"(?:(?:[A-Z]{2,}(?:\s+[IVX]+)?|[Dd]eputy|[Vv]ice|[Ee]xecutive|[Hh]onorary|[Aa]cting|[Ff]ormer|[Ss]enior|[Cc]hief|[Gg]eneral|[Tt]echnical|[Ss]tanding)[\s-]+){0,3}(?:[Dd]irector[\s-]+[Gg]eneral|[Ss]ecretary[\s-]+[Gg]eneral|[Dd]irector|[Cc]hairman|[Cc]hairwoman|[Cc]hairperson|[Cc]hair|[Pp]resident|[Mm]inister|[Ss]ecretary|[Hh]ead|[Dd]ean|[Pp]rofessor|[Rr]esearcher|[Ee]ngineer|[Ee]xpert|[Cc]onvenor|[Cc]onvener|[Mm]anager|[Ll]eader|CEO|CTO|[Oo]fficer|[Cc]ommissioner|[Aa]dministrator|[Rr]epresentative|[Cc]ounsellor|[Aa]mbassador|[Ff]ounder)(?-u:\b)";

/// A name: two to four capitalized words (`Luis Jorge Romero`, `XU Hanliang`, `Betty XU`).
const NAME: &str = r"[A-Z][A-Za-z’'\-]+(?:\s+[A-Z][A-Za-z’'\-]+){1,3}";

/// A Chinese name without an honorific: `Li Guanyu`, `XU Hanliang`, `ZHANG Wei`.
const CHINESE_NAME: &str = r"(?:[A-Z][a-z]{0,5}|[A-Z]{2,6})\s+[A-Z][a-z]+(?:-[a-z]+)?";

static HONORIFIC: LazyLock<Regex> = LazyLock::new(|| {
    let pattern = format!(
        r"(?:(?P<before>{TITLE})(?:\s+of\s+(?:the\s+)?(?P<before_org>[^,;()\n]{{2,80}}?))?,\s*)?(?-u:\b)(?:Mr|Mrs|Ms|Miss|Dr|Prof|Professor)\.?\s+(?P<name>{NAME})(?:\s*\((?P<paren>[^()\n]{{2,80}})\)(?:\s+of\s+(?:the\s+)?(?P<paren_org>[^,;()\n]{{2,80}}))?|,\s*(?:the\s+)?(?P<after>{TITLE})(?:\s+of\s+(?:the\s+)?(?P<after_org>[^,;()\n]{{2,80}}))?|\s+(?:was|has\s+been|is|were)\s+(?:nominated|appointed|elected|named)\s+(?:as\s+)?(?:the\s+)?(?P<as>{TITLE}))?"
    );
    Regex::new(&pattern).expect("the honorific pattern is valid")
});

/// A name followed by `, (the) title (of org)`, or a title followed by a SURNAME Given name.
static TITLED: LazyLock<Regex> = LazyLock::new(|| {
    let pattern = format!(
        r"(?-u:\b)(?P<name>{CHINESE_NAME}),\s*(?:the\s+)?(?P<after>{TITLE})(?:\s+of\s+(?:the\s+)?(?P<after_org>[^,;()\n]{{2,80}}))?|(?-u:\b)(?P<before>{TITLE})\s+(?P<upper>[A-Z]{{2,6}}\s+[A-Z][a-z]+(?:-[a-z]+)?|[A-Z][a-z]+\s+[A-Z]{{2,6}})(?-u:\b)"
    );
    Regex::new(&pattern).expect("the titled-name pattern is valid")
});

/// Words after which an organization phrase has ended.
const ORG_ENDS: &[&str] = &[
    " said",
    " says",
    " stated",
    " noted",
    " pointed",
    " announced",
    " attended",
    " delivered",
    " gave",
    " was ",
    " is ",
    " has ",
    " will ",
    " and Mr",
    " and Ms",
    " and Dr",
    " and Mrs",
    ". ",
];

pub(super) fn find(text: &str, out: &mut Vec<Mention>) {
    let mut seen: Vec<Range<usize>> = Vec::new();
    for caps in HONORIFIC.captures_iter(text) {
        let name = caps.name("name").expect("a person has a name");
        let (role, org) = title_and_org(&caps);
        push(text, name.range(), role, org, &mut seen, out);
    }
    for caps in TITLED.captures_iter(text) {
        let Some(name) = caps.name("name").or_else(|| caps.name("upper")) else {
            continue;
        };
        if NOT_NAMES
            .iter()
            .any(|w| name.as_str().split_whitespace().any(|n| n == *w))
        {
            continue;
        }
        let (role, org) = title_and_org(&caps);
        push(text, name.range(), role, org, &mut seen, out);
    }
}

/// Capitalized words that are not parts of people's names.
const NOT_NAMES: &[&str] = &[
    "The",
    "This",
    "That",
    "In",
    "On",
    "At",
    "By",
    "Group",
    "Committee",
    "Ministry",
    "Office",
    "Department",
    "Institute",
    "Association",
    "Standards",
    "Standardization",
    "China",
    "Chinese",
    "National",
    "General",
    "Technical",
    "Working",
];

fn push(
    text: &str,
    name: Range<usize>,
    role: Option<String>,
    org: Option<String>,
    seen: &mut Vec<Range<usize>>,
    out: &mut Vec<Mention>,
) {
    if seen.contains(&name) {
        return;
    }
    seen.push(name.clone());
    let mut m = mention(text, name, MentionKind::Person, org, None);
    m.role = role;
    out.push(m);
}

/// The title and organization a match gives, from whichever side of the name holds them.
fn title_and_org(caps: &Captures) -> (Option<String>, Option<String>) {
    let g = |name: &str| caps.name(name).map(|m| m.as_str());
    if let Some(paren) = g("paren") {
        let (title, of) = match paren.split_once(" of ") {
            Some((t, o)) => (t, Some(o)),
            None => (paren, None),
        };
        if TITLE_ONLY.is_match(title.trim()) {
            let org = g("paren_org").or(of).map(organization);
            return (Some(role(title)), org);
        }
        return (None, None);
    }
    for (title, org) in [("after", "after_org"), ("as", ""), ("before", "before_org")] {
        if let Some(t) = g(title) {
            return (Some(role(t)), g(org).map(organization));
        }
    }
    (None, None)
}

static TITLE_ONLY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!("^{TITLE}$")).expect("the title pattern is valid"));

/// A title in lower case, acronyms and Roman numerals kept: `SESEC IV expert`, `deputy director`.
fn role(title: &str) -> String {
    title
        .split_whitespace()
        .map(|w| {
            if w.len() >= 2 && w.chars().all(|c| c.is_ascii_uppercase()) {
                w.to_owned()
            } else {
                w.to_lowercase()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The organization phrase, cut where the sentence goes on.
fn organization(s: &str) -> String {
    let mut end = s.len();
    for stop in ORG_ENDS {
        if let Some(i) = s.find(stop) {
            end = end.min(i);
        }
    }
    super::clean(s[..end].trim_end_matches(['.', ' ']))
}
