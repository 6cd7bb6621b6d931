//! Lifecycle verbs: what happens to a standard or document. The role is the step: `issued`,
//! `released`, `published`, `approved` (also `passed`), `in_force` (comes into force, takes effect,
//! implemented), `replaces` (replaces, supersedes), `withdrawn` (withdrawn, abolished, repealed),
//! `adopted`, `launched`, `established` (established, founded, set up). Nouns (`its release`) are not
//! verbs and are left out.

use std::sync::LazyLock;

use regex::Regex;

use super::mention;
use crate::ingest::{Mention, MentionKind};

static VERB: LazyLock<Regex> = LazyLock::new(|| {
    let latin = |role: &str, words: &str| format!(r"(?P<{role}>(?-u:\b)(?:{words})(?-u:\b))");
    let chinese = |role: &str, words: &str| format!(r"(?P<{role}>{words})");
    let forms = [
        latin(
            "in_force",
            r"com(?:e|es|ing)\s+into\s+(?:force|effect)|came\s+into\s+(?:force|effect)|(?:take|takes|took|taking)\s+effect|(?:be|been|was|were|is|are)\s+implemented",
        ),
        latin("replaces", r"replac(?:e|es|ed|ing)|supersed(?:e|es|ed|ing)"),
        latin(
            "withdrawn",
            r"withdrawn|withdrew|abolish(?:ed|es)|repealed|annulled",
        ),
        latin("issued", r"issued|issues|jointly\s+issue"),
        latin("released", r"released|releases"),
        latin("published", r"published|publishes"),
        latin("approved", r"approved|approves|passed"),
        latin("adopted", r"adopted|adopts"),
        latin("launched", r"launched|launches"),
        latin("established", r"established|founded|was\s+found|set\s+up"),
        chinese("zh_in_force", "实施|生效|施行"),
        chinese("zh_replaces", "代替|替代|取代"),
        chinese("zh_withdrawn", "废止|作废"),
        chinese("zh_issued", "印发|颁布"),
        chinese("zh_published", "发布|公布"),
        chinese("zh_approved", "批准"),
        chinese("zh_launched", "启动"),
        chinese("zh_established", "成立"),
    ];
    Regex::new(&forms.join("|")).expect("the lifecycle pattern is valid")
});

/// Each role and the name of its Chinese group.
const ROLES: &[(&str, &str)] = &[
    ("in_force", "zh_in_force"),
    ("replaces", "zh_replaces"),
    ("withdrawn", "zh_withdrawn"),
    ("issued", "zh_issued"),
    ("released", "zh_released"),
    ("published", "zh_published"),
    ("approved", "zh_approved"),
    ("adopted", "zh_adopted"),
    ("launched", "zh_launched"),
    ("established", "zh_established"),
];

pub(super) fn find(text: &str, out: &mut Vec<Mention>) {
    for caps in VERB.captures_iter(text) {
        let whole = caps.get(0).expect("group 0 is the match");
        let role = ROLES
            .iter()
            .find(|(latin, chinese)| caps.name(latin).is_some() || caps.name(chinese).is_some());
        let Some(&(role, _)) = role else { continue };
        // `Smart Issues` is a section's name, not a verb.
        if whole.as_str() == "issues" && !preceded_by_subject(text, whole.start()) {
            continue;
        }
        out.push(mention(
            text,
            whole.range(),
            MentionKind::Lifecycle,
            None,
            Some(role),
        ));
    }
}

/// `issues` is a verb after a name (`SAC issues`), a noun after an adjective; read it as a verb only
/// after an all-capitals word.
fn preceded_by_subject(text: &str, at: usize) -> bool {
    text[..at]
        .split_whitespace()
        .next_back()
        .is_some_and(|w| w.len() >= 2 && w.chars().all(|c| c.is_ascii_uppercase()))
}
