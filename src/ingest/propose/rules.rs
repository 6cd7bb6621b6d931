//! The rules that read one article: what each mention stands for (a known node, or a new one), then
//! sentence by sentence the fields and relations the sentence states. Every rule is general: it
//! reads a kind of sentence (a code with a lifecycle verb, a definition, a title with a date), never
//! a particular one.

use std::ops::Range;

use super::{Collector, Entity, Fact, sentences, slug};
use crate::ingest::link::{self, split_definition};
use crate::ingest::{Article, Evidence, Link, Mention, MentionKind, find};
use crate::model::{
    AgencyCategory, AgencyData, CommitteeData, CommitteeLevel, DocumentData, DocumentKind,
    DocumentStatus, EventData, EventKind, MouData, Node, NodeData, NodeId, NodeKind, PartialDate,
    PersonData, RelationKind, StandardCode, StandardData, StandardLevel, StandardStatus,
    StandardType,
};

/// One mention and what it stands for.
struct Read {
    mention: Mention,
    entity: Option<Entity>,
    sentence: usize,
}

/// Reads one article into `collector`; returns its mentions, linked, in the order they start.
pub(super) fn read_article(
    collector: &mut Collector<'_>,
    source: &NodeId,
    article: &Article,
    year: Option<i32>,
) -> Vec<Mention> {
    let text = article.text.as_str();
    let graph = collector.graph;
    let mut found = find::find(text, year);
    let known = link::known_mentions(graph, &collector.gazetteer, text);
    link::link_mentions(graph, &collector.gazetteer, &mut found, &known);
    // A known name at the same span as a pattern's mention is that mention.
    let mut mentions = found;
    for k in known {
        // A committee's bare code inside a longer committee code (`WG1` in `CCSA TC15 WG1`) names
        // that longer one's part, not whichever known WG1 the graph has.
        let nested = k.kind == MentionKind::Committee
            && mentions.iter().any(|m| {
                m.kind == MentionKind::Committee
                    && m.start <= k.start
                    && k.end <= m.end
                    && m.end - m.start > k.end - k.start
            });
        match mentions
            .iter_mut()
            .find(|m| m.start == k.start && m.end == k.end)
        {
            Some(m) => {
                if m.link.is_none() {
                    m.link = k.link;
                }
            }
            None if nested => {}
            None => mentions.push(k),
        }
    }
    mentions.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
    let spans = sentences(text);
    let sentence_of = |at: usize| {
        spans
            .iter()
            .position(|r| r.contains(&at))
            .unwrap_or(spans.len().saturating_sub(1))
    };
    let mut reads: Vec<Read> = mentions
        .into_iter()
        .map(|mention| Read {
            sentence: sentence_of(mention.start),
            entity: None,
            mention,
        })
        .collect();
    let ctx = Context {
        source,
        text,
        spans: &spans,
    };
    // What each mention stands for: linked ones first, so new committees find known parents.
    for read in &mut reads {
        if let Some(link) = &read.mention.link
            && let Some(node) = graph.get(link.node.as_str())
        {
            read.entity = Some(Entity {
                id: node.id().clone(),
                kind: node.kind(),
                new: false,
            });
        }
    }
    for i in 0..reads.len() {
        if reads[i].entity.is_none() {
            let entity = propose_entity(collector, &ctx, &reads, i);
            if let Some(e) = &entity {
                reads[i].mention.link = Some(Link {
                    node: e.id.clone(),
                    matched: reads[i].mention.text.clone(),
                    score: 0.8,
                    proposed: e.new,
                });
            }
            reads[i].entity = entity;
        }
    }
    for read in &reads {
        if let (Some(e), Some(link)) = (&read.entity, &read.mention.link)
            && !e.new
        {
            let fact = Fact::new("known_name", link.score, ctx.evidence(&read.mention));
            collector.corroborate(&e.id, fact);
        }
    }
    // The standards and documents the last sentence that named any named: what a later "these
    // standards" or "they" stands for.
    let mut antecedents: Vec<Entity> = Vec::new();
    for s in 0..spans.len() {
        let in_sentence: Vec<&Read> = reads.iter().filter(|r| r.sentence == s).collect();
        let named: Vec<Entity> = in_sentence
            .iter()
            .filter_map(|r| r.entity.clone())
            .filter(|e| matches!(e.kind, NodeKind::Standard | NodeKind::Document))
            .collect();
        if named.is_empty() {
            read_anaphora(collector, &ctx, s, &in_sentence, &antecedents);
        } else {
            antecedents = named;
        }
        if !in_sentence.is_empty() {
            read_sentence(collector, &ctx, s, &in_sentence);
        }
    }
    section_topic(collector, &ctx, article, &reads);
    reads.into_iter().map(|r| r.mention).collect()
}

struct Context<'a> {
    source: &'a NodeId,
    text: &'a str,
    spans: &'a [Range<usize>],
}

impl Context<'_> {
    fn sentence(&self, at: usize) -> &str {
        self.spans
            .iter()
            .find(|r| r.contains(&at))
            .map_or("", |r| &self.text[r.clone()])
    }

    fn evidence(&self, m: &Mention) -> Evidence {
        Evidence {
            source: self.source.clone(),
            start: m.start,
            end: m.end,
            sentence: self.sentence(m.start).to_owned(),
        }
    }

    fn fact(&self, rule: &'static str, confidence: f32, m: &Mention) -> Fact {
        Fact::new(rule, confidence, self.evidence(m))
    }
}

fn id(prefix: &str, name: &str) -> NodeId {
    let mut s = slug(name);
    if s.len() > 80 {
        s.truncate(80);
        s = s.trim_end_matches('-').to_owned();
    }
    NodeId::parse(&format!("{prefix}:{s}")).expect("a slug makes a valid id")
}

fn name_key(name: &str) -> String {
    format!("name:{}", link::gazetteer::key(name))
}

/// The first date of a date mention's value (`2019-05-13` or `2019-05-13/2019-05-15`), and the last.
fn dates(m: &Mention) -> Option<(PartialDate, Option<PartialDate>)> {
    let value = m.value.as_deref()?;
    let (a, b) = match value.split_once('/') {
        Some((a, b)) => (a, Some(b)),
        None => (value, None),
    };
    Some((a.parse().ok()?, b.and_then(|b| b.parse().ok())))
}

/// Proposes the node an unlinked mention stands for, when its kind names one.
fn propose_entity(
    collector: &mut Collector<'_>,
    ctx: &Context<'_>,
    reads: &[Read],
    i: usize,
) -> Option<Entity> {
    let m = &reads[i].mention;
    match m.kind {
        MentionKind::Code => new_standard(collector, ctx, reads, i),
        MentionKind::Committee => new_committee(collector, ctx, m),
        MentionKind::Organization => new_organization(collector, ctx, m),
        MentionKind::Person => new_person(collector, ctx, m),
        MentionKind::Title => new_titled(collector, ctx, reads, i),
        MentionKind::Event => new_event(collector, ctx, reads, i),
        MentionKind::Mou => new_mou(collector, ctx, reads, i),
        _ => None,
    }
}

fn new_standard(
    collector: &mut Collector<'_>,
    ctx: &Context<'_>,
    reads: &[Read],
    i: usize,
) -> Option<Entity> {
    let m = &reads[i].mention;
    let mut code = StandardCode::parse(m.value.as_deref().unwrap_or(&m.text)).ok()?;
    // A code without its year stands for the edition the same article dates.
    if code.year().is_none()
        && let Some(dated) = reads.iter().find_map(|r| {
            let c = StandardCode::parse(r.mention.value.as_deref().unwrap_or(&r.mention.text))
                .ok()
                .filter(|_| r.mention.kind == MentionKind::Code)?;
            (c.year().is_some() && c.series_key() == code.series_key()).then_some(c)
        })
    {
        code = dated;
    }
    let level = match code.standard_type() {
        StandardType::NationalMandatory
        | StandardType::NationalRecommended
        | StandardType::NationalGuidance => Some(StandardLevel::National),
        StandardType::Industry => Some(StandardLevel::Industry),
        StandardType::Group => Some(StandardLevel::Association),
        StandardType::International => Some(StandardLevel::International),
        StandardType::European | StandardType::Other => None,
    };
    // A title right after the code (`GB/T 22239-2019 Baseline for ...`) is the standard's.
    let title = reads.get(i + 1).and_then(|r| {
        let gap = ctx.text.get(m.end..r.mention.start)?;
        (r.mention.kind == MentionKind::Title && gap.trim().len() <= 2)
            .then(|| clean_title(r.mention.value.as_deref().unwrap_or(&r.mention.text)))
    });
    let sentence = ctx.sentence(m.start).to_lowercase();
    let status = if sentence.contains("draft") || sentence.contains("comment") {
        StandardStatus::DraftForComments
    } else if sentence.contains("approv") {
        StandardStatus::Approved
    } else {
        StandardStatus::Published
    };
    let mut node = Node::new(
        NodeId::parse(&code.node_id()).ok()?,
        code.to_string(),
        NodeData::Standard(StandardData {
            code: Some(code.to_string()),
            title: title.clone(),
            level,
            status,
            ..StandardData::default()
        }),
    );
    if let Some(t) = title {
        node.extras_mut().aliases.push(t);
    }
    let keys = vec![format!("code:{}", code.key())];
    Some(collector.create(node, keys, ctx.fact("code", 0.95, m)))
}

/// `CCSA TC5 WG6` as its parts `CCSA`, `TC5`, `WG6` (a letters part followed by a digits part is
/// one: `TC 260`).
fn committee_parts(code: &str) -> Vec<String> {
    let mut parts: Vec<String> = Vec::new();
    for word in code.split(|c: char| c.is_whitespace() || c == '/' || c == '-') {
        if word.is_empty() {
            continue;
        }
        let digits = word.chars().all(|c| c.is_ascii_digit());
        match parts.last_mut() {
            Some(last) if digits && last.chars().all(|c| c.is_ascii_alphabetic()) => {
                last.push_str(word);
            }
            _ => parts.push(word.to_owned()),
        }
    }
    parts
}

fn committee_level(part: &str) -> Option<CommitteeLevel> {
    let letters: String = part
        .chars()
        .take_while(char::is_ascii_alphabetic)
        .collect::<String>()
        .to_uppercase();
    let has_number = part.chars().any(|c| c.is_ascii_digit());
    match letters.as_str() {
        _ if !has_number => None,
        "WG" => Some(CommitteeLevel::Wg),
        "SWG" => Some(CommitteeLevel::SpecialWg),
        "SC" => Some(CommitteeLevel::Sc),
        "TC" | "JTC" | "PC" => Some(CommitteeLevel::Tc),
        _ => None,
    }
}

/// A committee from its code, `part_of` its parent (the code without its last part), which is
/// proposed too when the graph lacks it; the top part links to an organization when it names one.
fn new_committee(collector: &mut Collector<'_>, ctx: &Context<'_>, m: &Mention) -> Option<Entity> {
    // A defined committee (`National ... Committee (TC260)`) has its name as text and its code as
    // value; a bare code has the code as both.
    let (full, code) = match (split_definition(&m.text), &m.value) {
        (Some((full, abbreviation)), _) => (Some(full.to_owned()), abbreviation.to_owned()),
        (None, Some(code)) if m.text.chars().any(char::is_lowercase) => {
            (Some(m.text.trim().to_owned()), code.clone())
        }
        (None, value) => (None, value.clone().unwrap_or_else(|| m.text.clone())),
    };
    committee_entity(collector, ctx, m, &code, full)
}

fn committee_entity(
    collector: &mut Collector<'_>,
    ctx: &Context<'_>,
    m: &Mention,
    code: &str,
    full: Option<String>,
) -> Option<Entity> {
    if let Some(t) = resolve_name(collector, code, &[NodeKind::TechnicalCommittee]) {
        return Some(t);
    }
    let parts = committee_parts(code);
    let level = committee_level(parts.last()?)?;
    let code = parts.join(" ");
    let name = full.unwrap_or_else(|| code.clone());
    let mut node = Node::new(
        id("tc", &code),
        name.clone(),
        NodeData::TechnicalCommittee(CommitteeData {
            code: Some(code.clone()),
            level,
            ..CommitteeData::default()
        }),
    );
    if name != code {
        node.extras_mut().aliases.push(code.clone());
    }
    let keys = vec![
        format!("abbr:{}", link::gazetteer::key(&code)),
        name_key(&name),
    ];
    let entity = collector.create(node, keys, ctx.fact("committee_code", 0.85, m));
    if parts.len() > 1 {
        let parent_code = parts[..parts.len() - 1].join(" ");
        let parent = resolve_name(
            collector,
            &parent_code,
            &[NodeKind::TechnicalCommittee, NodeKind::Agency],
        )
        .or_else(|| committee_entity(collector, ctx, m, &parent_code, None));
        if let Some(parent) = parent {
            collector.relate(
                RelationKind::PartOf,
                &entity,
                &parent,
                ctx.fact("committee_code", 0.85, m),
            );
        }
    }
    Some(entity)
}

/// The known or already proposed node a name stands for, of one of `kinds`, when only one is.
fn resolve_name(collector: &Collector<'_>, name: &str, kinds: &[NodeKind]) -> Option<Entity> {
    let targets: Vec<_> = collector
        .gazetteer
        .lookup(name)
        .iter()
        .filter(|t| kinds.contains(&t.kind))
        .collect();
    if let [one] = targets.as_slice() {
        return Some(Entity {
            id: one.node.clone(),
            kind: one.kind,
            new: false,
        });
    }
    let key = link::gazetteer::key(name);
    collector
        .find_new(&[format!("abbr:{key}"), format!("name:{key}")])
        .filter(|e| kinds.contains(&e.kind))
}

fn agency_category(name: &str) -> AgencyCategory {
    let lower = name.to_lowercase();
    let has = |w: &str| lower.split_whitespace().any(|x| x.starts_with(w));
    if has("universit") {
        AgencyCategory::University
    } else if has("institut") || has("academ") || has("laborator") || has("centre") {
        AgencyCategory::ResearchInstitute
    } else if has("alliance") {
        AgencyCategory::Alliance
    } else if has("association") || has("federation") || has("society") {
        AgencyCategory::Association
    } else if has("ministry") || has("administration") || has("bureau") || has("commission") {
        AgencyCategory::Government
    } else if has("company") || has("co.") || has("ltd") || has("inc") || has("group") {
        AgencyCategory::Company
    } else if has("standard") {
        AgencyCategory::StandardsBody
    } else {
        AgencyCategory::Other
    }
}

/// An organization from a definition (`Full Name (ABBR)`); a definition of a committee
/// (`... Committee (TC12)`) is a committee.
fn new_organization(
    collector: &mut Collector<'_>,
    ctx: &Context<'_>,
    m: &Mention,
) -> Option<Entity> {
    // A definition has the full name as text and the abbreviation as value; a later use of the
    // abbreviation has it as both.
    let text = m.text.trim();
    let (full, abbreviation) = match split_definition(text) {
        Some((f, a)) => (f.to_owned(), Some(a.to_owned())),
        None => (text.to_owned(), m.value.clone()),
    };
    if abbreviation.as_deref() == Some(full.as_str()) {
        return resolve_name(
            collector,
            &full,
            &[NodeKind::Agency, NodeKind::TechnicalCommittee],
        );
    }
    if let Some(a) = &abbreviation
        && (committee_level(committee_parts(a).last()?).is_some()
            || full.to_lowercase().contains("committee"))
    {
        return committee_entity(collector, ctx, m, a, Some(full));
    }
    if let Some(e) = resolve_name(collector, &full, &[NodeKind::Agency]) {
        return Some(e);
    }
    let mut keys = vec![name_key(&full)];
    if let Some(a) = &abbreviation {
        keys.push(format!("abbr:{}", link::gazetteer::key(a)));
    }
    let mut node = Node::new(
        id("agency", abbreviation.as_deref().unwrap_or(&full)),
        full.clone(),
        NodeData::Agency(AgencyData {
            abbreviation: abbreviation.clone(),
            category: agency_category(&full),
            country: None,
        }),
    );
    if let Some(a) = abbreviation {
        node.extras_mut().aliases.push(a);
    }
    Some(collector.create(node, keys, ctx.fact("definition", 0.8, m)))
}

const HONORIFICS: [&str; 7] = ["Mr.", "Mrs.", "Ms.", "Dr.", "Prof.", "Mr", "Dr"];

fn new_person(collector: &mut Collector<'_>, ctx: &Context<'_>, m: &Mention) -> Option<Entity> {
    let mut name = m.text.trim();
    for h in HONORIFICS {
        name = name.strip_prefix(h).unwrap_or(name).trim();
    }
    let name = name.trim_end_matches([',', '.']).trim();
    if name.is_empty() {
        return None;
    }
    if let Some(e) = resolve_name(collector, name, &[NodeKind::Person]) {
        return Some(e);
    }
    let node = Node::new(
        id("person", name),
        name.to_owned(),
        NodeData::Person(PersonData {
            title: m.role.clone(),
        }),
    );
    Some(collector.create(node, vec![name_key(name)], ctx.fact("person_title", 0.8, m)))
}

/// A title without its quotes, with whitespace collapsed, and without a trailing note of its
/// state in parentheses (`(draft for comments)`, `(2019 version, draft for comments)`).
fn clean_title(text: &str) -> String {
    let mut title = text
        .trim()
        .trim_matches(|c: char| "\"'“”‘’《》「」".contains(c) || c.is_whitespace())
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if title.ends_with(')')
        && let Some(open) = title.rfind('(')
    {
        let note = title[open..].to_lowercase();
        if open > 0
            && (note.contains("draft") || note.contains("version") || note.contains("comment"))
        {
            title.truncate(open);
            title = title.trim_end().to_owned();
        }
    }
    title
}

/// The kind of document a title's words say.
pub(crate) fn doc_kind(title: &str) -> DocumentKind {
    /// Head words, the first that a title holds deciding.
    const HEADS: [(&str, DocumentKind); 18] = [
        ("white paper", DocumentKind::WhitePaper),
        ("guide", DocumentKind::Guidelines),
        ("measures", DocumentKind::Measures),
        ("notice", DocumentKind::Notice),
        ("work plan", DocumentKind::WorkPlan),
        ("key points", DocumentKind::KeyPoints),
        ("catalog", DocumentKind::Catalogue),
        ("regulation", DocumentKind::Regulation),
        ("provisions", DocumentKind::Regulation),
        ("rules", DocumentKind::Regulation),
        (" law ", DocumentKind::Law),
        ("opinion", DocumentKind::Opinion),
        ("certificate", DocumentKind::Certificate),
        ("report", DocumentKind::ResearchReport),
        ("research", DocumentKind::ResearchProject),
        ("study", DocumentKind::ResearchProject),
        ("agreement", DocumentKind::Agreement),
        ("plan", DocumentKind::Plan),
    ];
    first_word_kind(title, &HEADS).unwrap_or(DocumentKind::Other)
}

/// The kind paired with the first of `heads` that `text` holds, in any case; the text is padded
/// with a space at both ends, so a head asks for a word's start (` law`) or a whole word (` law `).
fn first_word_kind<K: Copy>(text: &str, heads: &[(&str, K)]) -> Option<K> {
    let lower = format!(" {} ", text.to_lowercase().replace('_', " "));
    heads
        .iter()
        .find(|(w, _)| lower.contains(w))
        .map(|&(_, k)| k)
}

/// A quoted or code-led title: a document (or a standard without a code, when the pattern says
/// it is one); a title right after a code belongs to that code's standard instead.
fn new_titled(
    collector: &mut Collector<'_>,
    ctx: &Context<'_>,
    reads: &[Read],
    i: usize,
) -> Option<Entity> {
    let m = &reads[i].mention;
    if i > 0 {
        let before = &reads[i - 1];
        let gap = ctx.text.get(before.mention.end..m.start).unwrap_or("x");
        if before.mention.kind == MentionKind::Code && gap.trim().len() <= 2 {
            return before.entity.clone();
        }
    }
    let title = clean_title(m.value.as_deref().unwrap_or(&m.text));
    if title.split_whitespace().count() < 2 {
        return None;
    }
    if let Some(e) = resolve_name(collector, &title, &[NodeKind::Document, NodeKind::Standard]) {
        return Some(e);
    }
    let sentence = ctx.sentence(m.start).to_lowercase();
    let draft = sentence.contains("draft") || sentence.contains("comment");
    // Head words that name a kind of document outweigh a sentence that speaks of standards.
    let node = if m.role.as_deref() == Some("standard") && doc_kind(&title) == DocumentKind::Other {
        Node::new(
            id("std", &title),
            title.clone(),
            NodeData::Standard(StandardData {
                title: Some(title.clone()),
                status: if draft {
                    StandardStatus::DraftForComments
                } else {
                    StandardStatus::Published
                },
                ..StandardData::default()
            }),
        )
    } else {
        Node::new(
            id("doc", &title),
            title.clone(),
            NodeData::Document(DocumentData {
                doc_kind: doc_kind(&title),
                status: if draft {
                    DocumentStatus::DraftForComments
                } else {
                    DocumentStatus::Issued
                },
                ..DocumentData::default()
            }),
        )
    };
    Some(collector.create(node, vec![name_key(&title)], ctx.fact("title", 0.8, m)))
}

fn event_kind(role: Option<&str>, text: &str) -> EventKind {
    const HEADS: [(&str, EventKind); 10] = [
        ("plenary", EventKind::Plenary),
        ("press conference", EventKind::PressConference),
        ("summit", EventKind::Summit),
        ("forum", EventKind::Forum),
        ("seminar", EventKind::Seminar),
        ("workshop", EventKind::Workshop),
        ("conference", EventKind::Conference),
        ("stakeholder", EventKind::StakeholderEvent),
        ("visit", EventKind::Visit),
        ("launch", EventKind::Launch),
    ];
    first_word_kind(&format!("{} {text}", role.unwrap_or("")), &HEADS).unwrap_or(EventKind::Meeting)
}

/// The dates of the sentence a mention stands in: the first date mention whose role is one of
/// `roles` (or any, when none has a role).
fn sentence_date<'r>(reads: &'r [Read], sentence: usize, roles: &[&str]) -> Option<&'r Mention> {
    let dates: Vec<&Mention> = reads
        .iter()
        .filter(|r| r.sentence == sentence && r.mention.kind == MentionKind::Date)
        .map(|r| &r.mention)
        .collect();
    dates
        .iter()
        .find(|d| d.role.as_deref().is_some_and(|r| roles.contains(&r)))
        .or_else(|| dates.iter().find(|d| d.role.is_none()))
        .copied()
}

/// A city: the capitalized word after ` in ` in the sentence, when it is not a month or a year.
fn city(sentence: &str) -> Option<String> {
    sentence.match_indices(" in ").find_map(|(at, _)| {
        let word: String = sentence[at + 4..]
            .chars()
            .take_while(|c| c.is_alphabetic())
            .collect();
        (word.chars().next().is_some_and(char::is_uppercase)
            && word.len() > 2
            && !find::is_month(&word)
            && !["China", "The", "This", "Europe"].contains(&word.as_str()))
        .then_some(word)
    })
}

fn new_event(
    collector: &mut Collector<'_>,
    ctx: &Context<'_>,
    reads: &[Read],
    i: usize,
) -> Option<Entity> {
    let m = &reads[i].mention;
    let name = clean_title(&m.text);
    let name = name
        .strip_prefix("the ")
        .or_else(|| name.strip_prefix("The "))
        .unwrap_or(&name)
        .to_owned();
    if name.split_whitespace().count() < 2 {
        return None;
    }
    if let Some(e) = resolve_name(collector, &name, &[NodeKind::Event]) {
        return Some(e);
    }
    let mut chars = name.chars();
    let name: String = chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    let when = sentence_date(reads, reads[i].sentence, &["held"]).and_then(dates);
    let (start, end) = when.map_or((None, None), |(s, e)| (Some(s), e.or(Some(s))));
    let sentence = ctx.sentence(m.start);
    let node = Node::new(
        id(
            "event",
            &match start {
                Some(s) => format!("{name} {s}"),
                None => name.clone(),
            },
        ),
        name.clone(),
        NodeData::Event(EventData {
            event_kind: event_kind(m.role.as_deref(), &name),
            start,
            end,
            city: city(sentence),
            country: None,
        }),
    );
    // An article tells of one event of a kind: a headline's "seminar" is the body's.
    let kind = match &node.data {
        NodeData::Event(e) => serde_json::to_string(&e.event_kind).unwrap_or_default(),
        _ => String::new(),
    };
    let keys = vec![format!("event:{}:{kind}", ctx.source), name_key(&name)];
    Some(collector.create(node, keys, ctx.fact("event", 0.75, m)))
}

fn new_mou(
    collector: &mut Collector<'_>,
    ctx: &Context<'_>,
    reads: &[Read],
    i: usize,
) -> Option<Entity> {
    let m = &reads[i].mention;
    let sentence = reads[i].sentence;
    let mut parties: Vec<String> = reads
        .iter()
        .filter(|r| r.sentence == sentence)
        .filter_map(|r| r.entity.as_ref())
        .filter(|e| matches!(e.kind, NodeKind::Agency | NodeKind::TechnicalCommittee))
        .map(|e| e.id.as_str().split(':').nth(1).unwrap_or("").to_owned())
        .collect();
    let mut seen = std::collections::HashSet::new();
    parties.retain(|p| seen.insert(p.clone()));
    let name = if parties.len() >= 2 {
        format!("MoU {}", parties.join(" "))
    } else {
        clean_title(&m.text)
    };
    let signed = sentence_date(reads, sentence, &["signed"])
        .and_then(dates)
        .map(|d| d.0);
    let node = Node::new(
        id("mou", &name),
        name.clone(),
        NodeData::Mou(MouData {
            signed,
            ..MouData::default()
        }),
    );
    Some(collector.create(node, vec![name_key(&name)], ctx.fact("mou", 0.75, m)))
}

/// Words that say the organizations before them issued the texts after them.
const ISSUE_VERBS: [&str; 8] = [
    " issued",
    " released",
    " published",
    " issues",
    " releases",
    " publishes",
    " launched",
    " promulgated",
];

/// The fields and relations one sentence states.
fn read_sentence(collector: &mut Collector<'_>, ctx: &Context<'_>, s: usize, reads: &[&Read]) {
    let sentence_range = ctx.spans[s].clone();
    let sentence = &ctx.text[sentence_range.clone()];
    let lower = sentence.to_lowercase();
    let ents: Vec<(&Read, &Entity)> = reads
        .iter()
        .filter_map(|r| r.entity.as_ref().map(|e| (*r, e)))
        .collect();
    let of = |kinds: &[NodeKind]| -> Vec<(&Read, &Entity)> {
        ents.iter()
            .filter(|(_, e)| kinds.contains(&e.kind))
            .copied()
            .collect()
    };
    let orgs = of(&[NodeKind::Agency, NodeKind::TechnicalCommittee]);
    let texts = of(&[NodeKind::Standard, NodeKind::Document]);
    let events = of(&[NodeKind::Event]);
    let dated = |role: &str| {
        reads
            .iter()
            .find(|r| {
                r.mention.kind == MentionKind::Date && r.mention.role.as_deref() == Some(role)
            })
            .map(|r| &r.mention)
    };
    let at = |offset: usize| sentence_range.start + offset;
    // Issued by: organizations before an issuing verb, texts after it.
    let verb = ISSUE_VERBS
        .iter()
        .filter_map(|v| lower.find(v).map(|i| (at(i), v.len())))
        .min();
    // A date without a role in a sentence with an issuing verb is the publication date.
    let roleless = reads
        .iter()
        .find(|r| r.mention.kind == MentionKind::Date && r.mention.role.is_none())
        .map(|r| &r.mention);
    let published = dated("published")
        .or_else(|| dated("issued"))
        .or_else(|| roleless.filter(|_| verb.is_some()));
    if let Some((v, len)) = verb {
        let by = lower[v - sentence_range.start + len..]
            .trim_start()
            .starts_with("by");
        for (tr, te) in &texts {
            let issuers: Vec<&(&Read, &Entity)> = orgs
                .iter()
                .filter(|(or, _)| {
                    if by {
                        or.mention.start > v && tr.mention.start < v
                    } else {
                        or.mention.end <= v && tr.mention.start > v
                    }
                })
                .collect();
            for (or, oe) in issuers {
                let date = published.and_then(dates).map(|d| d.0);
                collector.relate_with(
                    RelationKind::IssuedBy,
                    te,
                    oe,
                    ctx.fact("issued_by", 0.75, &or.mention),
                    |r| r.props_mut().date = date,
                );
            }
        }
    }
    // Drafted by.
    if let Some(i) = [
        "drafted by",
        "proposed by",
        "drafting unit",
        "led the drafting",
        "led by",
        "undertaken by",
    ]
    .iter()
    .find_map(|p| lower.find(p))
    {
        let v = at(i);
        for (_, te) in &texts {
            for (or, oe) in orgs.iter().filter(|(or, _)| {
                if lower[i..].starts_with("led") {
                    or.mention.end <= v
                } else {
                    or.mention.start > v
                }
            }) {
                collector.relate(
                    RelationKind::DraftedBy,
                    te,
                    oe,
                    ctx.fact("drafted_by", 0.75, &or.mention),
                );
            }
        }
    }
    // Supersedes: the first text replaces the ones after it.
    if (lower.contains("replac") || lower.contains("supersed")) && texts.len() >= 2 {
        let (_, newer) = texts[0];
        for (r, older) in &texts[1..] {
            collector.relate(
                RelationKind::Supersedes,
                newer,
                older,
                ctx.fact("supersedes", 0.75, &r.mention),
            );
        }
    }
    // Dates on the texts of the sentence.
    for (d, field) in [
        (dated("in_force"), "in_force"),
        (published, "published"),
        (dated("deadline"), "comment_deadline"),
    ] {
        let Some(d) = d else { continue };
        let Some((date, _)) = dates(d) else { continue };
        for (_, te) in &texts {
            let field = match (te.kind, field) {
                (NodeKind::Document, "published") => "issued",
                (_, f) => f,
            };
            set_date(collector, te, field, date, ctx.fact("date_role", 0.9, d));
        }
    }
    // Events: who organized, hosted, attended; when and where.
    for (er, ee) in &events {
        let rel = if lower.contains("host") {
            Some(RelationKind::HostedBy)
        } else if lower.contains("organiz")
            || lower.contains("sponsor")
            || lower.contains("convene")
        {
            Some(RelationKind::OrganizedBy)
        } else if lower.contains("attend")
            || lower.contains("took part")
            || lower.contains("particip")
        {
            Some(RelationKind::AttendedBy)
        } else if lower.contains(" held") {
            Some(RelationKind::OrganizedBy)
        } else {
            None
        };
        if let Some(rel) = rel {
            for (or, oe) in &orgs {
                let confidence = if rel == RelationKind::AttendedBy {
                    0.6
                } else {
                    0.75
                };
                collector.relate(rel, ee, oe, ctx.fact(rel.as_str(), confidence, &or.mention));
            }
        }
        for (pr, pe) in of(&[NodeKind::Person]) {
            collector.relate(
                RelationKind::AttendedBy,
                ee,
                pe,
                ctx.fact("attended_by", 0.6, &pr.mention),
            );
        }
        if let Some(d) = dated("held")
            && let Some((start, end)) = dates(d)
            && !ee.new
        {
            set_date(collector, ee, "start", start, ctx.fact("date_role", 0.9, d));
            if let Some(end) = end {
                set_date(collector, ee, "end", end, ctx.fact("date_role", 0.9, d));
            }
        }
        let _ = er;
    }
    // MoUs: the organizations of the sentence are parties.
    for (_, me) in of(&[NodeKind::Mou]) {
        for (or, oe) in &orgs {
            collector.relate(
                RelationKind::PartyTo,
                oe,
                me,
                ctx.fact("party_to", 0.75, &or.mention),
            );
        }
    }
    // People: affiliated with the organization their title names (`director of X`), else the
    // one named after them in the sentence.
    for (pr, pe) in of(&[NodeKind::Person]) {
        let named = pr.mention.value.as_deref().and_then(|v| {
            resolve_name(
                collector,
                v,
                &[NodeKind::Agency, NodeKind::TechnicalCommittee],
            )
        });
        let after = orgs
            .iter()
            .find(|(or, _)| or.mention.start > pr.mention.end)
            .map(|(_, oe)| (*oe).clone());
        if let Some(oe) = named.or(after) {
            let title = pr.mention.role.clone();
            collector.relate_with(
                RelationKind::AffiliatedWith,
                pe,
                &oe,
                ctx.fact("person_title", 0.75, &pr.mention),
                |r| r.props_mut().role = title,
            );
        }
    }
    // Events: the texts of the sentence are what they produced (released, approved, adopted) or
    // discussed; the topics named, what they discussed.
    let outcome = [
        "releas", "approv", "adopt", "issued", "publish", "launch", "result",
    ]
    .iter()
    .find(|w| lower.contains(*w));
    let discussion = [
        "discuss", "review", "introduc", "exchang", "present", "cover",
    ]
    .iter()
    .any(|w| lower.contains(w));
    for (_, ee) in &events {
        for (tr, te) in &texts {
            if let Some(w) = outcome {
                let role = match *w {
                    "releas" => "released",
                    "approv" => "approved",
                    "adopt" => "adopted",
                    "launch" => "launched",
                    _ => "issued",
                };
                collector.relate_with(
                    RelationKind::Produced,
                    ee,
                    te,
                    ctx.fact("event_outcome", 0.7, &tr.mention),
                    |r| r.props_mut().role = Some(role.to_owned()),
                );
            } else if discussion {
                collector.relate(
                    RelationKind::Discussed,
                    ee,
                    te,
                    ctx.fact("event_discussed", 0.65, &tr.mention),
                );
            }
        }
        if discussion {
            for (tr, te) in of(&[NodeKind::Topic]) {
                collector.relate(
                    RelationKind::Discussed,
                    ee,
                    te,
                    ctx.fact("event_discussed", 0.6, &tr.mention),
                );
            }
        }
    }
    // Committees: `X of Y` puts a committee in an organization.
    for (cr, ce) in of(&[NodeKind::TechnicalCommittee]) {
        if !ce.new {
            continue;
        }
        let after = ctx.text.get(cr.mention.end..).unwrap_or("");
        if after.trim_start().starts_with("of ")
            && let Some((or, oe)) = orgs
                .iter()
                .find(|(or, _)| or.mention.start > cr.mention.end)
        {
            collector.relate(
                RelationKind::PartOf,
                ce,
                oe,
                ctx.fact("committee_of", 0.75, &or.mention),
            );
        }
    }
    // Topics named in the sentence: what the new texts and committees of it cover (an event's
    // topics are what it discussed, above).
    for (tr, te) in of(&[NodeKind::Topic]) {
        for (_, ne) in ents.iter().filter(|(_, e)| {
            e.new
                && matches!(
                    e.kind,
                    NodeKind::Standard | NodeKind::Document | NodeKind::TechnicalCommittee
                )
        }) {
            collector.relate(
                RelationKind::CoversTopic,
                ne,
                te,
                ctx.fact("topic_named", 0.6, &tr.mention),
            );
        }
    }
}

/// Sets a date on a new node directly, or proposes it as a field of an existing one.
/// Words that open a sentence about the texts named just before it.
const ANAPHORS: &[&str] = &[
    "these standards",
    "both standards",
    "the two standards",
    "the standards",
    "the standard",
    "this standard",
    "these documents",
    "the document",
    "this document",
    "the guidelines",
    "these guidelines",
    "the guide",
    "the measures",
    "the plan",
    "the work plan",
    "the notice",
    "they",
    "it",
];

/// A sentence that names no standard or document but opens with an anaphor ("These standards will
/// come into force on ...", "Both were drafted by TC260"): its dates and drafters go to the texts
/// the last sentence named. Only at the start of the sentence, where the anaphor is the subject;
/// a comment deadline ("The deadline is June 18") goes to them whatever opens the sentence.
fn read_anaphora(
    collector: &mut Collector<'_>,
    ctx: &Context<'_>,
    s: usize,
    reads: &[&Read],
    antecedents: &[Entity],
) {
    if antecedents.is_empty() {
        return;
    }
    let sentence_range = ctx.spans[s].clone();
    let lower = ctx.text[sentence_range.clone()].trim_start().to_lowercase();
    let opens = ANAPHORS.iter().any(|a| {
        lower.starts_with(a)
            && lower[a.len()..].starts_with(|c: char| c.is_whitespace() || c == ',')
    });
    // "The deadline is June 18": a deadline that follows a text is that text's, whatever opens
    // the sentence.
    let deadline_only = !opens;
    for r in reads.iter().filter(|r| r.mention.kind == MentionKind::Date) {
        if deadline_only && r.mention.role.as_deref() != Some("deadline") {
            continue;
        }
        let field = match r.mention.role.as_deref() {
            Some("in_force") => "in_force",
            Some("published" | "issued") => "published",
            Some("deadline") => "comment_deadline",
            _ => continue,
        };
        let Some((date, _)) = dates(&r.mention) else {
            continue;
        };
        for e in antecedents {
            let field = match (e.kind, field) {
                (NodeKind::Document, "published") => "issued",
                (_, f) => f,
            };
            set_date(
                collector,
                e,
                field,
                date,
                ctx.fact("date_anaphora", 0.8, &r.mention),
            );
        }
    }
    if !opens {
        return;
    }
    if let Some(i) = ["drafted by", "proposed by", "developed by", "led by"]
        .iter()
        .find_map(|p| lower.find(p))
    {
        let v = sentence_range.end - lower.len() + i;
        for r in reads.iter().filter(|r| r.mention.start > v) {
            let Some(org) = r
                .entity
                .as_ref()
                .filter(|e| matches!(e.kind, NodeKind::Agency | NodeKind::TechnicalCommittee))
            else {
                continue;
            };
            for e in antecedents {
                collector.relate(
                    RelationKind::DraftedBy,
                    e,
                    org,
                    ctx.fact("drafted_by_anaphora", 0.7, &r.mention),
                );
            }
        }
    }
}

fn set_date(collector: &mut Collector<'_>, e: &Entity, field: &str, date: PartialDate, fact: Fact) {
    if e.new {
        if let Some(node) = collector.new_node_mut(&e.id) {
            let mut json = serde_json::to_value(&*node).unwrap_or_default();
            if json.get(field).is_none()
                && let Some(o) = json.as_object_mut()
            {
                o.insert(field.to_owned(), serde_json::json!(date.to_string()));
                // A new node gets its sources when the article is done; check the date against
                // the node as it will be.
                if let Ok(changed) = serde_json::from_value::<Node>(json) {
                    let mut probe = changed.clone();
                    if probe.sources.is_empty() {
                        probe.sources = std::sync::Arc::new(
                            fact.evidence.iter().map(|e| e.source.clone()).collect(),
                        );
                    }
                    if probe.validate().is_ok() {
                        *node = changed;
                    }
                }
            }
        }
        return;
    }
    let allowed = match e.kind {
        NodeKind::Standard => ["in_force", "published", "comment_deadline"].contains(&field),
        NodeKind::Document => ["in_force", "issued", "comment_deadline"].contains(&field),
        NodeKind::Event => ["start", "end"].contains(&field),
        _ => false,
    };
    if allowed {
        collector.set_field(&e.id, field, serde_json::json!(date.to_string()), fact);
    }
}

/// The article's section, when it names a topic: what the article's new entities cover.
fn section_topic(
    collector: &mut Collector<'_>,
    ctx: &Context<'_>,
    article: &Article,
    reads: &[Read],
) {
    let Some(section) = &article.section else {
        return;
    };
    let Some(topic) = resolve_name(collector, section, &[NodeKind::Topic]) else {
        return;
    };
    let evidence = Evidence {
        source: ctx.source.clone(),
        start: 0,
        end: article.title.len().min(ctx.text.len()),
        sentence: article.title.clone(),
    };
    // The article stands in the topic's section: it is one of the topic's sources.
    collector.corroborate(&topic.id, Fact::new("section_topic", 0.9, evidence.clone()));
    // The new texts of the title sentence cover the section's topic (an article's headline
    // names what it is about; the body's other texts are often only cited).
    for r in reads.iter().filter(|r| r.sentence == 0) {
        if let Some(e) = &r.entity
            && e.new
            && matches!(
                e.kind,
                NodeKind::Standard | NodeKind::Document | NodeKind::Event | NodeKind::Mou
            )
        {
            collector.relate(
                RelationKind::CoversTopic,
                e,
                &topic,
                Fact::new("section_topic", 0.6, evidence.clone()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn committee_codes_split_into_their_levels() {
        assert_eq!(committee_parts("CCSA TC5 WG6"), ["CCSA", "TC5", "WG6"]);
        assert_eq!(committee_parts("SAC/TC 260"), ["SAC", "TC260"]);
        assert_eq!(
            committee_parts("ISO/IEC JTC 1/SC 27"),
            ["ISO", "IEC", "JTC1", "SC27"]
        );
        assert_eq!(committee_level("WG6"), Some(CommitteeLevel::Wg));
        assert_eq!(committee_level("SC27"), Some(CommitteeLevel::Sc));
        assert_eq!(committee_level("TC260"), Some(CommitteeLevel::Tc));
        assert_eq!(committee_level("CCSA"), None);
    }

    #[test]
    fn titles_lose_quotes_and_draft_notes_and_name_their_kind() {
        let t = clean_title("“Measures for Cybersecurity Review (draft for comments)”");
        assert_eq!(t, "Measures for Cybersecurity Review");
        assert_eq!(doc_kind(&t), DocumentKind::Measures);
        assert_eq!(
            doc_kind("Practical Guidelines on Apps"),
            DocumentKind::Guidelines
        );
        assert_eq!(doc_kind("Cybersecurity Law"), DocumentKind::Law);
        assert_eq!(doc_kind("Lawful things"), DocumentKind::Other);
        assert_eq!(
            event_kind(Some("press_conference"), "x"),
            EventKind::PressConference
        );
        assert_eq!(event_kind(None, "the 33rd meeting"), EventKind::Meeting);
    }

    #[test]
    fn a_city_follows_in_and_is_not_a_month() {
        assert_eq!(
            city("held in Xiamen from May 19").as_deref(),
            Some("Xiamen")
        );
        assert_eq!(city("held in May 2019"), None);
    }
}
