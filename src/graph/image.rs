//! The graph's image: a compact encoding of one snapshot (every node with its version and search keys,
//! every relation with its recorded position) that decodes into a [`KnowledgeGraph`] without
//! validating, normalizing or parsing anything again.
//!
//! Restarting from sled reads millions of JSON records and checks each node and relation as if it
//! were new; at a million nodes that takes longer than a restart may. The image holds the same
//! graph as it already stood in memory: node ids once, in a table that nodes and relations refer to
//! by position; each node's search keys as they were computed; relations in the order they were
//! recorded. Decoding only allocates and files what it reads into the indexes.
//!
//! Only the payload lives here (no file, no header: `app::image` frames it, checks it belongs to the
//! store and the build, and does the IO). Decoding never panics on bad bytes; it fails with
//! [`ImageError`] and the caller rebuilds from the store.
//!
//! Layout (integers are LEB128 varints unless said otherwise; strings are a length and UTF-8 bytes):
//!
//! ```text
//! nodes  relations  next_recorded
//! node ids                                   one string per node, in the image's node order
//! per node:   version  sources(count, positions)  body(JSON, length-prefixed)  search keys
//! per relation (recorded order):
//!             from  to  kind(u8)  flags(u8)  [key] [role] [date] [degree(u8)] [note] [count]
//!             sources(count, positions)  recorded
//! ```

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::sync::Arc;

use foldhash::HashMap;
use petgraph::stable_graph::{EdgeIndex, NodeIndex};
use serde::{Deserialize, Serialize};

use super::{KnowledgeGraph, NodeEntry, SearchKeys};
use crate::model::{
    AgencyData, CommitteeData, Degree, DocumentData, EventData, Figure, MouData, Node, NodeData,
    NodeExtras, NodeId, NodeKind, PersonData, Relation, RelationKind, RelationProps, SourceData,
    Sources, StandardData, TopicData,
};

/// Why an image could not be decoded.
#[derive(Debug, thiserror::Error)]
pub enum ImageError {
    #[error("the image ends early")]
    Truncated,
    #[error("the image is malformed: {0}")]
    Malformed(String),
}

/// A node's fields besides its id and sources, as the image's JSON body holds them. The kind's
/// fields are tagged from outside (`{"Standard": {...}}`), which serde reads in one pass; the
/// stored records' flat form (`"kind": "Standard"` beside the common fields) makes serde buffer
/// every field first.
#[derive(Serialize)]
struct BodyOut<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    name_zh: Option<&'a str>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    aliases: &'a [String],
    #[serde(skip_serializing_if = "str::is_empty")]
    description: &'a str,
    #[serde(skip_serializing_if = "<[Figure]>::is_empty")]
    figures: &'a [Figure],
    data: DataOut<'a>,
}

#[derive(Deserialize)]
struct BodyIn {
    name: String,
    #[serde(default)]
    name_zh: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    description: String,
    #[serde(default)]
    figures: Vec<Figure>,
    #[serde(with = "DataDef")]
    data: NodeData,
}

/// [`NodeData`] tagged from outside. Serde's remote derive keeps it in step with `NodeData`: a
/// variant added there and not here does not compile.
#[derive(Serialize, Deserialize)]
#[serde(remote = "NodeData")]
enum DataDef {
    Agency(AgencyData),
    TechnicalCommittee(CommitteeData),
    Standard(StandardData),
    Event(EventData),
    Mou(MouData),
    Document(DocumentData),
    Person(PersonData),
    Topic(TopicData),
    Source(SourceData),
}

struct DataOut<'a>(&'a NodeData);

impl Serialize for DataOut<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        DataDef::serialize(self.0, serializer)
    }
}

// Which optional fields a relation record carries.
const HAS_KEY: u8 = 1;
const HAS_ROLE: u8 = 1 << 1;
const HAS_DATE: u8 = 1 << 2;
const HAS_DEGREE: u8 = 1 << 3;
const HAS_NOTE: u8 = 1 << 4;
const HAS_COUNT: u8 = 1 << 5;
const INFERRED: u8 = 1 << 6;

impl KnowledgeGraph {
    /// Writes this snapshot's image to `out` (buffer it: the encoder writes small pieces).
    pub fn write_image(&self, out: &mut impl Write) -> io::Result<()> {
        let mut w = Encoder { out };
        // Positions in the image, by node index (the graph's indexes may have holes).
        let mut position = vec![u32::MAX; petgraph::visit::NodeIndexable::node_bound(&self.graph)];
        let nodes: Vec<NodeIndex> = self.graph.node_indices().collect();
        for (i, &ix) in nodes.iter().enumerate() {
            position[ix.index()] = i as u32;
        }
        let pos = |id: &NodeId| {
            self.index_of(id)
                .map_or(u32::MAX, |ix| position[ix.index()])
        };
        let mut edges: Vec<EdgeIndex> = self.graph.edge_indices().collect();
        edges.sort_by_key(|e| self.recorded.get(e.index()).copied().unwrap_or(0));

        w.varint(nodes.len() as u64)?;
        w.varint(edges.len() as u64)?;
        w.varint(self.next_recorded)?;
        for &ix in &nodes {
            w.str(self.graph[ix].node.id.as_str())?;
        }
        let mut body = Vec::new();
        for &ix in &nodes {
            let NodeEntry {
                node,
                version,
                search,
            } = &*self.graph[ix];
            w.varint(*version)?;
            w.positions(node.sources.iter().map(pos))?;
            body.clear();
            serde_json::to_writer(
                &mut body,
                &BodyOut {
                    name: &node.name,
                    name_zh: node.name_zh(),
                    aliases: node.aliases(),
                    description: &node.description,
                    figures: node.figures(),
                    data: DataOut(&node.data),
                },
            )
            .map_err(io::Error::other)?;
            w.bytes(&body)?;
            w.opt_str(search.code_key())?;
            w.opt_str(search.series_key())?;
            w.opt_str(search.abbreviation())?;
            w.varint(search.names().count() as u64)?;
            for name in search.names() {
                w.str(name)?;
            }
            w.str(search.description())?;
        }
        for &e in &edges {
            let (from, to) = self.graph.edge_endpoints(e).expect("a live edge");
            let r = &*self.graph[e];
            let p = r.props();
            w.varint(u64::from(position[from.index()]))?;
            w.varint(u64::from(position[to.index()]))?;
            let flags = [
                (p.key.is_some(), HAS_KEY),
                (p.role.is_some(), HAS_ROLE),
                (p.date.is_some(), HAS_DATE),
                (p.degree.is_some(), HAS_DEGREE),
                (p.note.is_some(), HAS_NOTE),
                (p.count.is_some(), HAS_COUNT),
                (r.inferred, INFERRED),
            ]
            .into_iter()
            .filter(|(on, _)| *on)
            .fold(0, |flags, (_, bit)| flags | bit);
            w.out.write_all(&[r.kind as u8, flags])?;
            for s in [&p.key, &p.role].into_iter().flatten() {
                w.str(s)?;
            }
            if let Some(date) = p.date {
                w.str(&date.to_string())?;
            }
            if let Some(degree) = p.degree {
                w.out.write_all(&[degree as u8])?;
            }
            if let Some(note) = &p.note {
                w.str(note)?;
            }
            if let Some(count) = p.count {
                w.varint(zigzag(count))?;
            }
            w.positions(r.sources.iter().map(pos))?;
            w.varint(self.recorded.get(e.index()).copied().unwrap_or(0))?;
        }
        Ok(())
    }

    /// Decodes an image [`KnowledgeGraph::write_image`] wrote. The graph holds the same nodes,
    /// versions, relations and recorded positions, and its indexes are built as inserting each item
    /// would build them.
    pub fn read_image(bytes: &[u8]) -> Result<Self, ImageError> {
        let mut r = Decoder { bytes, at: 0 };
        let node_count = r.len()?;
        let relation_count = r.len()?;
        let next_recorded = r.varint()?;
        let mut graph = Self::with_capacity(node_count, relation_count);
        graph.next_recorded = next_recorded;
        let mut ids = Vec::with_capacity(node_count);
        for _ in 0..node_count {
            let id = r.str()?;
            ids.push(NodeId::parse(id).map_err(|e| ImageError::Malformed(e.to_string()))?);
        }
        let mut by_kind: BTreeMap<NodeKind, Vec<(NodeId, NodeIndex)>> = BTreeMap::new();
        // One copy of each distinct source list (see `Sources`).
        let mut lists = SourceLists::default();
        // A node's names, reused from node to node.
        let mut names: Vec<&str> = Vec::new();
        for id in &ids {
            let version = r.varint()?;
            let sources = r.sources(&ids, &mut lists)?;
            let body: BodyIn = serde_json::from_slice(r.bytes()?)
                .map_err(|e| ImageError::Malformed(format!("node `{id}`: {e}")))?;
            let (code_key, series_key, abbreviation) = (r.opt_str()?, r.opt_str()?, r.opt_str()?);
            names.clear();
            for _ in 0..r.len()? {
                names.push(r.str()?);
            }
            let search = SearchKeys::from_parts(
                code_key,
                series_key,
                abbreviation,
                names.iter().copied(),
                r.str()?,
            );
            let mut node = Node::new(id.clone(), body.name, body.data);
            node.description = body.description;
            node.sources = sources;
            node.set_extras(NodeExtras {
                name_zh: body.name_zh,
                aliases: body.aliases,
                figures: body.figures,
            });
            if graph.index_of(id).is_some() {
                return Err(ImageError::Malformed(format!("node `{id}` appears twice")));
            }
            let kind = node.kind();
            let ix = graph.add_entry(NodeEntry {
                node,
                version,
                search,
            });
            by_kind.entry(kind).or_default().push((id.clone(), ix));
        }
        for (kind, mut members) in by_kind {
            members.sort_unstable_by(|a, b| a.0.cmp(&b.0));
            graph
                .by_kind
                .insert(kind, Arc::new(members.into_iter().collect()));
        }
        for _ in 0..relation_count {
            let from = r.node(&ids)?;
            let to = r.node(&ids)?;
            let [kind, flags] = r.array()?;
            let kind = *RelationKind::ALL
                .get(usize::from(kind))
                .ok_or_else(|| ImageError::Malformed(format!("relation kind {kind}")))?;
            let mut relation = Relation::new(kind, ids[from].clone(), ids[to].clone(), Vec::new());
            let has = |bit: u8| flags & bit != 0;
            let mut props = RelationProps::default();
            if has(HAS_KEY) {
                props.key = Some(r.str()?.to_owned());
            }
            if has(HAS_ROLE) {
                props.role = Some(r.str()?.to_owned());
            }
            if has(HAS_DATE) {
                let date = r.str()?;
                props.date = Some(
                    date.parse()
                        .map_err(|_| ImageError::Malformed(format!("date `{date}`")))?,
                );
            }
            if has(HAS_DEGREE) {
                let [degree] = r.array()?;
                props.degree = Some(match degree {
                    d if d == Degree::Idt as u8 => Degree::Idt,
                    d if d == Degree::Mod as u8 => Degree::Mod,
                    d if d == Degree::Neq as u8 => Degree::Neq,
                    d => return Err(ImageError::Malformed(format!("degree {d}"))),
                });
            }
            if has(HAS_NOTE) {
                props.note = Some(r.str()?.to_owned());
            }
            if has(HAS_COUNT) {
                props.count = Some(unzigzag(r.varint()?));
            }
            relation.set_props(props);
            relation.inferred = has(INFERRED);
            relation.sources = r.sources(&ids, &mut lists)?;
            let position = r.varint()?;
            graph.add_edge(NodeIndex::new(from), NodeIndex::new(to), relation, position);
        }
        if r.at != bytes.len() {
            return Err(ImageError::Malformed(format!(
                "{} bytes after the last relation",
                bytes.len() - r.at
            )));
        }
        graph.shrink_to_fit();
        Ok(graph)
    }
}

fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

fn unzigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

struct Encoder<'w, W> {
    out: &'w mut W,
}

impl<W: Write> Encoder<'_, W> {
    fn varint(&mut self, mut v: u64) -> io::Result<()> {
        let mut buf = [0u8; 10];
        let mut n = 0;
        loop {
            let byte = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                buf[n] = byte;
                n += 1;
                break;
            }
            buf[n] = byte | 0x80;
            n += 1;
        }
        self.out.write_all(&buf[..n])
    }

    fn bytes(&mut self, b: &[u8]) -> io::Result<()> {
        self.varint(b.len() as u64)?;
        self.out.write_all(b)
    }

    fn str(&mut self, s: &str) -> io::Result<()> {
        self.bytes(s.as_bytes())
    }

    /// An optional string: `0` for none, else the length plus one and the bytes.
    fn opt_str(&mut self, s: Option<&str>) -> io::Result<()> {
        match s {
            None => self.varint(0),
            Some(s) => {
                self.varint(s.len() as u64 + 1)?;
                self.out.write_all(s.as_bytes())
            }
        }
    }

    fn positions(&mut self, positions: impl ExactSizeIterator<Item = u32>) -> io::Result<()> {
        self.varint(positions.len() as u64)?;
        for p in positions {
            self.varint(u64::from(p))?;
        }
        Ok(())
    }
}

struct Decoder<'b> {
    bytes: &'b [u8],
    at: usize,
}

impl<'b> Decoder<'b> {
    fn varint(&mut self) -> Result<u64, ImageError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let &byte = self.bytes.get(self.at).ok_or(ImageError::Truncated)?;
            self.at += 1;
            v |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(ImageError::Malformed("a number is too long".to_owned()))
    }

    /// A count or length, which cannot exceed what the image holds.
    fn len(&mut self) -> Result<usize, ImageError> {
        let v = self.varint()?;
        usize::try_from(v)
            .ok()
            .filter(|&v| v <= self.bytes.len())
            .ok_or_else(|| ImageError::Malformed(format!("a length of {v}")))
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], ImageError> {
        let end = self.at + N;
        let bytes = self.bytes.get(self.at..end).ok_or(ImageError::Truncated)?;
        self.at = end;
        Ok(bytes.try_into().expect("N bytes"))
    }

    fn bytes(&mut self) -> Result<&'b [u8], ImageError> {
        let len = self.len()?;
        self.take(len)
    }

    fn take(&mut self, len: usize) -> Result<&'b [u8], ImageError> {
        let end = self.at.checked_add(len).ok_or(ImageError::Truncated)?;
        let bytes = self.bytes.get(self.at..end).ok_or(ImageError::Truncated)?;
        self.at = end;
        Ok(bytes)
    }

    fn str(&mut self) -> Result<&'b str, ImageError> {
        let bytes = self.bytes()?;
        std::str::from_utf8(bytes).map_err(|e| ImageError::Malformed(e.to_string()))
    }

    fn opt_str(&mut self) -> Result<Option<&'b str>, ImageError> {
        match self.len()? {
            0 => Ok(None),
            n => {
                let bytes = self.take(n - 1)?;
                std::str::from_utf8(bytes)
                    .map(Some)
                    .map_err(|e| ImageError::Malformed(e.to_string()))
            }
        }
    }

    /// A node's position in the id table.
    fn node(&mut self, ids: &[NodeId]) -> Result<usize, ImageError> {
        let p = self.varint()?;
        usize::try_from(p)
            .ok()
            .filter(|&p| p < ids.len())
            .ok_or_else(|| ImageError::Malformed(format!("node position {p}")))
    }

    /// A source list, as the one copy `lists` keeps of it.
    fn sources(&mut self, ids: &[NodeId], lists: &mut SourceLists) -> Result<Sources, ImageError> {
        let count = self.len()?;
        lists.scratch.clear();
        for _ in 0..count {
            let p = self.node(ids)? as u32;
            lists.scratch.push(p);
        }
        // Items of one article come together: most lists equal the one before.
        if lists.scratch == lists.last.0 {
            return Ok(lists.last.1.clone());
        }
        let list = match lists.seen.get(lists.scratch.as_slice()) {
            Some(list) => list.clone(),
            None => {
                let list: Sources = Sources::new(
                    lists
                        .scratch
                        .iter()
                        .map(|&p| ids[p as usize].clone())
                        .collect(),
                );
                lists.seen.insert(lists.scratch.clone(), list.clone());
                list
            }
        };
        lists.last = (lists.scratch.clone(), list.clone());
        Ok(list)
    }
}

/// The distinct source lists decoded so far, by their positions (see [`Sources`]).
#[derive(Default)]
struct SourceLists {
    seen: HashMap<Vec<u32>, Sources>,
    last: (Vec<u32>, Sources),
    scratch: Vec<u32>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relation_kinds_are_numbered_by_their_place_in_all() {
        for (i, kind) in RelationKind::ALL.into_iter().enumerate() {
            assert_eq!(kind as usize, i, "{kind}");
        }
    }

    #[test]
    fn zigzag_round_trips() {
        for v in [0, 1, -1, 27, -27, i64::MAX, i64::MIN] {
            assert_eq!(unzigzag(zigzag(v)), v);
        }
    }
}
