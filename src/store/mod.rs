//! Durable storage in sled: the only module that names sled.
//!
//! Everything lives in one sled tree, `graph`, under key prefixes: `n/<node id>` holds a node with its
//! version, `r/<relation id>` a relation, `h/<sequence>` a group of recorded changes (history) with
//! consecutive sequence numbers from that one on, `i/<item id>\0<sequence>` indexes the history by
//! node or relation id, `m/<name>` store metadata, `p/<id>` an ingest proposal under review (JSON the
//! app writes and reads; the store does not look inside), `q/<created ms>/<id>` its summary for
//! listing newest first, and `k/<item id>` each item ever proposed. Keeping one tree makes every logical
//! change a single atomic `apply_batch`, with no multi-tree transaction, and a change is reported
//! committed only after `flush` has made it durable. After a failed write or flush the store refuses all
//! further writes: the on-disk state is then unknown, and guessing would risk losing data.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use serde::{Deserialize, Serialize};

use crate::model::{Node, NodeId, Relation, RelationId};

/// The format of the records; bumped when it changes incompatibly.
///
/// 2: a history key holds a group of consecutive records (a JSON array) rather than one record.
/// sled keeps a page-table entry in memory for every ~12 keys, so one key per record made the
/// history 4.4M of the 13M keys of a million-node store, ~110 MB of resident memory. A format-1
/// store (one record per key) is read as it is, and marked format 2 when it is opened, since
/// earlier versions cannot read groups.
const FORMAT_VERSION: &str = "2";
/// Formats this version opens: 1 is upgraded to 2 on opening (its records are groups of one).
const READABLE_FORMATS: [&str; 2] = ["1", FORMAT_VERSION];
/// The most records one history key holds: reading one record decodes its whole group, so groups
/// stay small (~70 KB) while an import of millions of records still takes few keys.
const HISTORY_GROUP: usize = 256;
/// sled's page cache. The graph lives in memory anyway; sled serves writes and history reads, so
/// a small cache keeps its pages from doubling the server's resident memory.
const SLED_CACHE_BYTES: u64 = 16 * 1024 * 1024;
/// How long `open` waits for another holder of the store's lock to let go.
pub const LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(10);
const NODE_PREFIX: &[u8] = b"n/";
const RELATION_PREFIX: &[u8] = b"r/";
const META_FORMAT: &[u8] = b"m/format";
const META_SEEDED: &[u8] = b"m/seeded";
/// 16 random bytes that name this store, written when it is created: a graph image (`app::image`)
/// says which store it was taken from.
const META_ID: &[u8] = b"m/id";
/// Present while a change set committed in several batches is incomplete: the sequence number of its
/// first history record. Opening the store undoes such a change set.
const META_PENDING: &[u8] = b"m/pending";
/// History records undone per batch when a pending change set is rolled back.
const UNDO_BATCH: usize = 10_000;
const HISTORY_PREFIX: &[u8] = b"h/";
const HISTORY_INDEX_PREFIX: &[u8] = b"i/";
const PROPOSAL_PREFIX: &[u8] = b"p/";
const PROPOSAL_LIST_PREFIX: &[u8] = b"q/";
const PROPOSED_ITEM_PREFIX: &[u8] = b"k/";

/// What a recorded change did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeOp {
    CreateNode,
    UpdateNode,
    DeleteNode,
    Link,
    Unlink,
    /// A relation's sources or properties changed; it keeps its id and its recorded position.
    UpdateRelation,
}

/// One change as history keeps it: who made it, when, and the item before and after.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChangeRecord {
    /// Position in the store's history, from 1, without gaps.
    pub seq: u64,
    /// Unix time in milliseconds.
    pub at_ms: i64,
    /// Who made the change (`seed`, `import`, a key's name).
    pub actor: String,
    pub op: ChangeOp,
    /// The node id or relation id changed.
    pub target: String,
    /// The item before the change (node record with version, or relation); absent on creation.
    pub before: Option<serde_json::Value>,
    /// The item after the change; absent on deletion.
    pub after: Option<serde_json::Value>,
}

/// A node record: the node and its version (1 on creation, +1 on every update).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct StoredNode {
    pub version: u64,
    pub node: Node,
}

/// One write of a commit.
#[derive(Clone, Debug)]
pub enum Write {
    PutNode(StoredNode),
    DeleteNode(NodeId),
    /// A relation and its position in the order relations were recorded.
    PutRelation(Relation, u64),
    DeleteRelation(RelationId),
    /// Marks the store as seeded; written in the same batch as the seed itself.
    MarkSeeded,
    /// Opens a change set committed in several batches, whose history starts at this sequence number;
    /// until [`Write::EndPending`] is committed, opening the store undoes it.
    BeginPending(u64),
    /// Completes the change set [`Write::BeginPending`] opened.
    EndPending,
    /// Appends to the history, in the same batch as the change it records.
    Record(ChangeRecord),
    /// Puts a proposal (new, or with its items' new statuses), in the same batch as the graph
    /// changes its review applies.
    PutProposal(Box<ProposalRecord>),
}

/// An ingest proposal as the store keeps it: JSON the app writes and reads (`app::review`), which
/// the store does not look inside, with what it needs to list proposals and know their items.
#[derive(Clone, Debug)]
pub struct ProposalRecord {
    pub id: String,
    /// When it was proposed (Unix milliseconds): lists are newest first.
    pub created_at_ms: i64,
    /// The whole proposal, JSON.
    pub body: Vec<u8>,
    /// What a list of proposals shows of it, JSON.
    pub summary: Vec<u8>,
    /// Ids of its items, added to the set of items ever proposed ([`Store::is_proposed_item`]).
    pub items: Vec<String>,
}

/// Everything the store holds, as read at start-up.
#[derive(Debug, Default)]
pub struct Contents {
    pub nodes: Vec<StoredNode>,
    /// Relations with their recorded positions, in recorded order (records written before positions
    /// were kept come first, by id).
    pub relations: Vec<(Relation, u64)>,
}

/// A relation record: the relation and its position in the order relations were recorded. Stores
/// written before positions were kept hold the bare relation (position 0).
#[derive(Serialize, Deserialize)]
struct StoredRelation {
    seq: u64,
    relation: Relation,
}

/// [`StoredRelation`] for writing, without copying the relation.
#[derive(Serialize)]
struct StoredRelationRef<'a> {
    seq: u64,
    relation: &'a Relation,
}

/// How a relation record with its position starts (serde writes fields in declaration order).
const STORED_RELATION_HEAD: &[u8] = b"{\"seq\":";

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("storage I/O failed: {0}")]
    Io(#[from] sled::Error),
    #[error("record `{key}` is unreadable: {reason}")]
    Corrupt { key: String, reason: String },
    #[error(
        "the store was written by an incompatible version of stdgraph (format {found}, expected {FORMAT_VERSION})"
    )]
    IncompatibleFormat { found: String },
    #[error(
        "the store refuses writes after an earlier write failed; restart the server to recover"
    )]
    Poisoned,
}

/// The durable store.
pub struct Store {
    db: sled::Db,
    tree: sled::Tree,
    id: [u8; 16],
    poisoned: AtomicBool,
    /// How long each commit's flush to disk took.
    flush_latency: crate::metrics::Histogram,
}

impl Store {
    /// Opens (or creates) the store in `dir`. While another handle still holds the store's file lock
    /// (a previous instance shutting down, sled's flusher thread finishing) it waits up to
    /// [`LOCK_WAIT`] before giving up.
    pub fn open(dir: &Path) -> Result<Self, StoreError> {
        let started = std::time::Instant::now();
        let db = loop {
            match sled::Config::new()
                .path(dir)
                .cache_capacity(SLED_CACHE_BYTES)
                .open()
            {
                Err(sled::Error::Io(e))
                    if e.to_string().contains("could not acquire lock")
                        && started.elapsed() < LOCK_WAIT =>
                {
                    std::thread::sleep(std::time::Duration::from_millis(25));
                }
                other => break other?,
            }
        };
        let tree = db.open_tree("graph")?;
        match tree.get(META_FORMAT)? {
            Some(v) if !READABLE_FORMATS.iter().any(|f| v.as_ref() == f.as_bytes()) => {
                return Err(StoreError::IncompatibleFormat {
                    found: String::from_utf8_lossy(&v).into_owned(),
                });
            }
            Some(v) if v.as_ref() == FORMAT_VERSION.as_bytes() => {}
            _ => {
                tree.insert(META_FORMAT, FORMAT_VERSION.as_bytes())?;
                db.flush()?;
            }
        }
        let id = match tree.get(META_ID)? {
            Some(v) if v.len() == 16 => v.as_ref().try_into().expect("16 bytes"),
            _ => {
                let mut id = [0u8; 16];
                getrandom::fill(&mut id).map_err(|e| StoreError::Corrupt {
                    key: "m/id".into(),
                    reason: format!("no randomness for the store's id: {e}"),
                })?;
                tree.insert(META_ID, id.as_slice())?;
                db.flush()?;
                id
            }
        };
        Ok(Self {
            db,
            tree,
            id,
            poisoned: AtomicBool::new(false),
            flush_latency: crate::metrics::Histogram::latency(),
        })
    }

    /// Opens and closes the store in `dir` so that sled writes its recovery snapshot now. sled replays
    /// its log from its last snapshot each time it opens a store, and writes a new snapshot only then:
    /// after a large import that replay takes seconds (5.7 s at a million nodes), which this moves
    /// from the next start to the end of the import. Call it once no other handle is open.
    pub fn refresh_recovery_snapshot(dir: &Path) -> Result<(), StoreError> {
        let store = Self::open(dir)?;
        store.flush()
    }

    /// True once a seed has been committed (so an empty graph stays empty if its owner emptied it).
    pub fn is_seeded(&self) -> Result<bool, StoreError> {
        Ok(self.tree.contains_key(META_SEEDED)?)
    }

    /// The store's identity: random, fixed when the store was created.
    pub fn id(&self) -> [u8; 16] {
        self.id
    }

    /// Reads every node and relation.
    pub fn load(&self) -> Result<Contents, StoreError> {
        let mut contents = Contents::default();
        for item in self.tree.scan_prefix(NODE_PREFIX) {
            let (key, value) = item?;
            contents.nodes.push(decode(&key, &value)?);
        }
        for item in self.tree.scan_prefix(RELATION_PREFIX) {
            let (key, value) = item?;
            contents.relations.push(decode_relation(&key, &value)?);
        }
        contents.relations.sort_by_key(|(_, seq)| *seq);
        Ok(contents)
    }

    /// The node stored under `id`, if any.
    pub fn node(&self, id: &str) -> Result<Option<StoredNode>, StoreError> {
        let k = key(NODE_PREFIX, id);
        self.tree
            .get(&k)?
            .map(|value| decode(&k, &value))
            .transpose()
    }

    /// The relation stored under `id`, if any, with its recorded position.
    pub fn relation(&self, id: &str) -> Result<Option<(Relation, u64)>, StoreError> {
        let k = key(RELATION_PREFIX, id);
        self.tree
            .get(&k)?
            .map(|value| decode_relation(&k, &value))
            .transpose()
    }

    /// Applies all writes atomically and durably: either all of them are on disk when this returns `Ok`,
    /// or none is visible after a restart.
    pub fn commit(&self, writes: &[Write]) -> Result<(), StoreError> {
        self.write(writes, true)
    }

    /// Like [`Store::commit`] without waiting for the disk: for the inner batches of a change set
    /// committed in several batches between [`Write::BeginPending`] and a flushed
    /// [`Write::EndPending`]. sled recovers a prefix of the batches applied, which the pending marker
    /// lets [`Store::open`] undo.
    pub fn commit_unflushed(&self, writes: &[Write]) -> Result<(), StoreError> {
        self.write(writes, false)
    }

    fn write(&self, writes: &[Write], flush: bool) -> Result<(), StoreError> {
        if self.poisoned.load(Ordering::Acquire) {
            return Err(StoreError::Poisoned);
        }
        let mut batch = sled::Batch::default();
        let mut records = Vec::new();
        for w in writes {
            match w {
                Write::Record(record) => records.push(record),
                other => add_write(&mut batch, other),
            }
        }
        add_history(&mut batch, &records);
        self.apply(batch, flush)
    }

    fn apply(&self, batch: sled::Batch, flush: bool) -> Result<(), StoreError> {
        let result = self.tree.apply_batch(batch).and_then(|()| {
            if !flush {
                return Ok(());
            }
            let started = std::time::Instant::now();
            let flushed = self.db.flush().map(drop);
            self.flush_latency.observe(started.elapsed());
            flushed
        });
        result.map_err(|e| {
            self.poisoned.store(true, Ordering::Release);
            StoreError::Io(e)
        })
    }

    /// Undoes an incomplete change set (see [`Write::BeginPending`]), newest change first, and returns
    /// how many changes it undid. Each undo batch removes the history records it undid, so an
    /// interrupted roll-back resumes where it stopped.
    pub fn roll_back_pending(&self) -> Result<usize, StoreError> {
        let Some(first) = self.tree.get(META_PENDING)? else {
            return Ok(0);
        };
        let first: u64 = std::str::from_utf8(&first)
            .ok()
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| StoreError::Corrupt {
                key: String::from_utf8_lossy(META_PENDING).into_owned(),
                reason: "not a sequence number".to_owned(),
            })?;
        let mut undone = 0;
        loop {
            let mut batch = sled::Batch::default();
            let mut records = 0;
            for item in self.tree.range(history_key(0)..history_key(u64::MAX)).rev() {
                let (key, value) = item?;
                let mut group = decode_group(&key, &value)?;
                let keep = group.partition_point(|r| r.seq < first);
                if keep == group.len() {
                    break;
                }
                // Newest first: where two records touched one item, the older one's before-image
                // is the one the batch keeps.
                for record in group[keep..].iter().rev() {
                    undo(&mut batch, record);
                    batch.remove(history_index_key(&record.target, record.seq));
                    records += 1;
                }
                group.truncate(keep);
                if group.is_empty() {
                    batch.remove(key);
                } else {
                    batch.insert(key, encode(&group));
                }
                if records >= UNDO_BATCH {
                    break;
                }
            }
            if records == 0 {
                batch.remove(META_PENDING);
                self.apply(batch, true)?;
                return Ok(undone);
            }
            self.apply(batch, false)?;
            undone += records;
        }
    }

    /// How long flushes took.
    pub fn flush_latency(&self) -> &crate::metrics::Histogram {
        &self.flush_latency
    }

    /// False once a write has failed: the store refuses writes until it is reopened.
    pub fn is_writable(&self) -> bool {
        !self.poisoned.load(Ordering::Acquire)
    }

    /// Makes the store behave as after a failed write: every later commit is refused until it is
    /// reopened. For a write that ended in a way nobody can vouch for (it panicked), and a
    /// fault-injection hook, so tests can check how a storage failure reaches clients.
    pub fn poison(&self) {
        self.poisoned.store(true, Ordering::Release);
    }

    /// The sequence number of the newest recorded change (0 when there is none).
    pub fn last_seq(&self) -> Result<u64, StoreError> {
        Ok(self.last_record()?.map_or(0, |r| r.seq))
    }

    /// The newest recorded change, if any.
    pub fn last_record(&self) -> Result<Option<ChangeRecord>, StoreError> {
        match self.tree.scan_prefix(HISTORY_PREFIX).next_back() {
            Some(item) => {
                let (key, value) = item?;
                Ok(decode_group(&key, &value)?.pop())
            }
            None => Ok(None),
        }
    }

    /// The sequence number before the first change committed at or after `at_ms` (Unix milliseconds):
    /// pass it as `after` to read the changes since then. History times never decrease, so this is a
    /// binary search over sequence numbers.
    pub fn seq_before(&self, at_ms: i64) -> Result<u64, StoreError> {
        let (mut lo, mut hi) = (1, self.last_seq()? + 1);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if self.record(mid)?.at_ms < at_ms {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        Ok(lo - 1)
    }

    /// Recorded changes with a sequence number above `after`, oldest first, at most `limit`.
    pub fn changes(&self, after: u64, limit: usize) -> Result<Vec<ChangeRecord>, StoreError> {
        let first = after.saturating_add(1);
        // From the group that holds the first record asked for.
        let start = match self.group_key(first)? {
            Some(key) => key.to_vec(),
            None => history_key(first),
        };
        let mut out = Vec::new();
        for item in self.tree.range(start..history_key(u64::MAX)) {
            if out.len() >= limit {
                break;
            }
            let (key, value) = item?;
            let group = decode_group(&key, &value)?;
            let fresh = group.into_iter().filter(|r| r.seq > after);
            out.extend(fresh.take(limit - out.len()));
        }
        Ok(out)
    }

    /// The recorded changes of one node or relation with a sequence number above `after`, oldest first,
    /// at most `limit`.
    pub fn history_of(
        &self,
        target: &str,
        after: u64,
        limit: usize,
    ) -> Result<Vec<ChangeRecord>, StoreError> {
        let mut prefix = key(HISTORY_INDEX_PREFIX, target);
        prefix.push(0);
        let mut out = Vec::new();
        // The group read last: an item's records are often neighbours (an import and its undo).
        let mut group: Vec<ChangeRecord> = Vec::new();
        for item in self.tree.scan_prefix(&prefix) {
            let (index_key, _) = item?;
            let seq_bytes = &index_key[prefix.len()..];
            let seq = std::str::from_utf8(seq_bytes)
                .ok()
                .and_then(|s| s.parse::<u64>().ok())
                .ok_or_else(|| StoreError::Corrupt {
                    key: String::from_utf8_lossy(&index_key).into_owned(),
                    reason: "bad sequence".into(),
                })?;
            if seq <= after {
                continue;
            }
            if !group.iter().any(|r| r.seq == seq) {
                group = self.group_holding(seq)?;
            }
            let record = group.iter().find(|r| r.seq == seq).cloned();
            out.push(record.ok_or_else(|| missing_record(seq))?);
            if out.len() == limit {
                break;
            }
        }
        Ok(out)
    }

    /// The history group that would hold record `seq`: the last key at or before its own.
    fn group_entry(&self, seq: u64) -> Result<Option<(sled::IVec, sled::IVec)>, StoreError> {
        let last = self
            .tree
            .range(history_key(0)..=history_key(seq))
            .next_back();
        Ok(last.transpose()?)
    }

    fn group_key(&self, seq: u64) -> Result<Option<sled::IVec>, StoreError> {
        Ok(self.group_entry(seq)?.map(|(key, _)| key))
    }

    /// The records of the group that holds record `seq` (empty when no group does).
    fn group_holding(&self, seq: u64) -> Result<Vec<ChangeRecord>, StoreError> {
        match self.group_entry(seq)? {
            Some((key, value)) => decode_group(&key, &value),
            None => Ok(Vec::new()),
        }
    }

    /// History record `seq`, which must exist.
    fn record(&self, seq: u64) -> Result<ChangeRecord, StoreError> {
        self.group_holding(seq)?
            .into_iter()
            .find(|r| r.seq == seq)
            .ok_or_else(|| missing_record(seq))
    }

    /// The proposal stored under `id` (its JSON body), if any.
    pub fn proposal(&self, id: &str) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self.tree.get(key(PROPOSAL_PREFIX, id))?.map(|v| v.to_vec()))
    }

    /// The summaries of the stored proposals (JSON), newest first, for `keep` to filter and stop:
    /// it answers false to end the walk.
    pub fn proposal_summaries(
        &self,
        mut keep: impl FnMut(&[u8]) -> bool,
    ) -> Result<(), StoreError> {
        for item in self.tree.scan_prefix(PROPOSAL_LIST_PREFIX).rev() {
            let (_, value) = item?;
            if !keep(&value) {
                break;
            }
        }
        Ok(())
    }

    /// Whether a stored proposal has ever held an item with this id (its review status aside).
    pub fn is_proposed_item(&self, item: &str) -> Result<bool, StoreError> {
        Ok(self.tree.contains_key(key(PROPOSED_ITEM_PREFIX, item))?)
    }

    /// Flushes outstanding writes; called on shutdown.
    pub fn flush(&self) -> Result<(), StoreError> {
        self.db.flush()?;
        Ok(())
    }

    /// Bytes the store occupies on disk.
    pub fn size_on_disk(&self) -> Result<u64, StoreError> {
        Ok(self.db.size_on_disk()?)
    }
}

/// A relation record with its recorded position (0 for records written before positions were kept).
fn decode_relation(key: &[u8], value: &[u8]) -> Result<(Relation, u64), StoreError> {
    if value.starts_with(STORED_RELATION_HEAD) {
        let stored: StoredRelation = decode(key, value)?;
        Ok((stored.relation, stored.seq))
    } else {
        Ok((decode(key, value)?, 0))
    }
}

/// Adds one write to a batch.
fn add_write(batch: &mut sled::Batch, w: &Write) {
    match w {
        Write::PutNode(n) => batch.insert(key(NODE_PREFIX, n.node.id.as_str()), encode(n)),

        Write::DeleteNode(id) => batch.remove(key(NODE_PREFIX, id.as_str())),
        Write::PutRelation(r, seq) => {
            let stored = StoredRelationRef {
                seq: *seq,
                relation: r,
            };
            batch.insert(key(RELATION_PREFIX, r.id().as_str()), encode(&stored))
        }
        Write::DeleteRelation(id) => batch.remove(key(RELATION_PREFIX, id.as_str())),
        Write::MarkSeeded => batch.insert(META_SEEDED, b"1".as_slice()),
        Write::BeginPending(seq) => batch.insert(META_PENDING, seq.to_string().as_bytes()),
        Write::EndPending => batch.remove(META_PENDING),
        Write::Record(record) => add_history(batch, &[record]),
        Write::PutProposal(p) => {
            batch.insert(key(PROPOSAL_PREFIX, &p.id), p.body.as_slice());
            batch.insert(
                key(
                    PROPOSAL_LIST_PREFIX,
                    &format!("{:020}/{}", p.created_at_ms.max(0), p.id),
                ),
                p.summary.as_slice(),
            );
            for item in &p.items {
                batch.insert(key(PROPOSED_ITEM_PREFIX, item), p.id.as_bytes());
            }
        }
    }
}

/// Adds history records to a batch: runs of consecutive sequence numbers in groups of up to
/// [`HISTORY_GROUP`] under the first one's key, and each record to the index by item.
fn add_history(batch: &mut sled::Batch, records: &[&ChangeRecord]) {
    let mut rest = records;
    while let Some(first) = rest.first() {
        let run = rest
            .iter()
            .enumerate()
            .take(HISTORY_GROUP)
            .take_while(|(i, r)| r.seq == first.seq + *i as u64)
            .count();
        let (group, tail) = rest.split_at(run);
        batch.insert(history_key(first.seq), encode(&group));
        for record in group {
            batch.insert(
                history_index_key(&record.target, record.seq),
                b"".as_slice(),
            );
        }
        rest = tail;
    }
}

/// A history value: a group of records (format 2), or one record (format 1).
fn decode_group(key: &[u8], value: &[u8]) -> Result<Vec<ChangeRecord>, StoreError> {
    if value.first() == Some(&b'[') {
        decode(key, value)
    } else {
        Ok(vec![decode(key, value)?])
    }
}

fn missing_record(seq: u64) -> StoreError {
    StoreError::Corrupt {
        key: String::from_utf8_lossy(&history_key(seq)).into_owned(),
        reason: "history has no record with this sequence number".into(),
    }
}

/// Adds to `batch` what restores the item a history record changed to how it was before.
fn undo(batch: &mut sled::Batch, record: &ChangeRecord) {
    let prefix = match record.op {
        ChangeOp::CreateNode | ChangeOp::UpdateNode | ChangeOp::DeleteNode => NODE_PREFIX,
        ChangeOp::Link | ChangeOp::Unlink | ChangeOp::UpdateRelation => RELATION_PREFIX,
    };
    let k = key(prefix, &record.target);
    match &record.before {
        None => batch.remove(k),
        Some(before) => batch.insert(k, encode(before)),
    }
}

fn key(prefix: &[u8], id: &str) -> Vec<u8> {
    let mut k = Vec::with_capacity(prefix.len() + id.len());
    k.extend_from_slice(prefix);
    k.extend_from_slice(id.as_bytes());
    k
}

/// Zero-padded so that byte order is numeric order.
fn history_key(seq: u64) -> Vec<u8> {
    key(HISTORY_PREFIX, &format!("{seq:020}"))
}

fn history_index_key(target: &str, seq: u64) -> Vec<u8> {
    let mut k = key(HISTORY_INDEX_PREFIX, target);
    k.push(0);
    k.extend_from_slice(format!("{seq:020}").as_bytes());
    k
}

fn encode<T: Serialize>(value: &T) -> Vec<u8> {
    serde_json::to_vec(value).expect("nodes and relations always serialize to JSON")
}

fn decode<T: for<'de> Deserialize<'de>>(key: &[u8], value: &[u8]) -> Result<T, StoreError> {
    serde_json::from_slice(value).map_err(|e| StoreError::Corrupt {
        key: String::from_utf8_lossy(key).into_owned(),
        reason: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{NodeData, SourceData};

    fn source(id: &str) -> StoredNode {
        let node = Node::new(
            NodeId::parse(id).unwrap(),
            "Article",
            NodeData::Source(SourceData::default()),
        );
        StoredNode { version: 1, node }
    }

    #[test]
    fn commits_survive_reopening() {
        let dir = tempfile::tempdir().unwrap();
        {
            let store = Store::open(dir.path()).unwrap();
            assert!(!store.is_seeded().unwrap());
            store
                .commit(&[
                    Write::PutNode(source("src:a1")),
                    Write::PutNode(source("src:a2")),
                    Write::MarkSeeded,
                ])
                .unwrap();
            store
                .commit(&[Write::DeleteNode(NodeId::parse("src:a2").unwrap())])
                .unwrap();
        }
        let store = Store::open(dir.path()).unwrap();
        assert!(store.is_seeded().unwrap());
        let contents = store.load().unwrap();
        let ids: Vec<_> = contents.nodes.iter().map(|n| n.node.id.as_str()).collect();
        assert_eq!(ids, ["src:a1"]);
    }

    #[test]
    fn refuses_a_store_of_another_format() {
        let dir = tempfile::tempdir().unwrap();
        {
            let db = sled::open(dir.path()).unwrap();
            db.open_tree("graph")
                .unwrap()
                .insert(META_FORMAT, b"999".as_slice())
                .unwrap();
            db.flush().unwrap();
        }
        assert!(matches!(
            Store::open(dir.path()),
            Err(StoreError::IncompatibleFormat { .. })
        ));
    }

    fn record(seq: u64, target: &str) -> ChangeRecord {
        ChangeRecord {
            seq,
            at_ms: seq as i64 * 10,
            actor: "import".into(),
            op: ChangeOp::CreateNode,
            target: target.into(),
            before: None,
            after: Some(serde_json::json!({"seq": seq})),
        }
    }

    fn seqs(records: &[ChangeRecord]) -> Vec<u64> {
        records.iter().map(|r| r.seq).collect()
    }

    #[test]
    fn history_is_kept_in_groups_and_read_record_by_record() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        // One batch of 600 records (three groups), then one of a single record.
        let big: Vec<Write> = (1..=600)
            .map(|seq| Write::Record(record(seq, &format!("src:n{}", seq % 7))))
            .collect();
        store.commit(&big).unwrap();
        store
            .commit(&[Write::Record(record(601, "src:n0"))])
            .unwrap();
        let groups = store.tree.scan_prefix(HISTORY_PREFIX).count();
        assert_eq!(groups, 4, "256 + 256 + 88 records, then one");

        assert_eq!(store.last_seq().unwrap(), 601);
        let all = store.changes(0, usize::MAX).unwrap();
        assert_eq!(seqs(&all), (1..=601).collect::<Vec<_>>());
        for (after, limit) in [
            (0, 1),
            (255, 2),
            (256, 300),
            (511, 1000),
            (600, 5),
            (601, 5),
        ] {
            let page = store.changes(after, limit).unwrap();
            let expected: Vec<u64> = (after + 1..=601).take(limit).collect();
            assert_eq!(seqs(&page), expected, "after {after}, limit {limit}");
        }
        assert_eq!(store.seq_before(0).unwrap(), 0);
        assert_eq!(store.seq_before(2570).unwrap(), 256);
        assert_eq!(store.seq_before(2571).unwrap(), 257);
        assert_eq!(store.seq_before(i64::MAX).unwrap(), 601);

        let of_n3 = store.history_of("src:n3", 0, usize::MAX).unwrap();
        let expected: Vec<u64> = (1..=601).filter(|s| s % 7 == 3).collect();
        assert_eq!(seqs(&of_n3), expected);
        assert!(of_n3.iter().all(|r| r.target == "src:n3"));
        let later = store.history_of("src:n0", 590, 2).unwrap();
        assert_eq!(seqs(&later), [595, 601]);
        assert_eq!(later[1], record(601, "src:n0"));
    }

    #[test]
    fn a_format_1_store_is_read_and_marked_format_2() {
        let dir = tempfile::tempdir().unwrap();
        {
            // As version 1 wrote them: one record per history key.
            let db = sled::open(dir.path()).unwrap();
            let tree = db.open_tree("graph").unwrap();
            tree.insert(META_FORMAT, b"1".as_slice()).unwrap();
            for seq in 1..=3 {
                let r = record(seq, "src:a");
                tree.insert(history_key(seq), encode(&r)).unwrap();
                tree.insert(history_index_key("src:a", seq), b"".as_slice())
                    .unwrap();
            }
            db.flush().unwrap();
        }
        let store = Store::open(dir.path()).unwrap();
        assert_eq!(
            store.tree.get(META_FORMAT).unwrap().as_deref(),
            Some(FORMAT_VERSION.as_bytes())
        );
        store
            .commit(&[
                Write::Record(record(4, "src:a")),
                Write::Record(record(5, "src:b")),
            ])
            .unwrap();
        assert_eq!(seqs(&store.changes(1, 10).unwrap()), [2, 3, 4, 5]);
        assert_eq!(
            seqs(&store.history_of("src:a", 0, 10).unwrap()),
            [1, 2, 3, 4]
        );
        assert_eq!(store.last_record().unwrap(), Some(record(5, "src:b")));
        assert_eq!(store.seq_before(25).unwrap(), 2);
    }

    #[test]
    fn rolling_back_a_pending_set_keeps_the_records_before_it() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let mut before = Vec::new();
        for seq in 1..=3 {
            before.push(Write::PutNode(source(&format!("src:k{seq}"))));
            before.push(Write::Record(record(seq, &format!("src:k{seq}"))));
        }
        store.commit(&before).unwrap();
        // A chunked set of 700 creations (two batches), one of which replaces a kept node.
        let mut first = vec![Write::BeginPending(4)];
        for seq in 4..=400 {
            first.push(Write::PutNode(source(&format!("src:p{seq}"))));
            first.push(Write::Record(record(seq, &format!("src:p{seq}"))));
        }
        store.commit_unflushed(&first).unwrap();
        let mut replaced = source("src:k2");
        replaced.version = 2;
        let mut update = record(401, "src:k2");
        update.op = ChangeOp::UpdateNode;
        update.before = Some(serde_json::to_value(source("src:k2")).unwrap());
        let mut second = vec![Write::PutNode(replaced), Write::Record(update)];
        for seq in 402..=703 {
            second.push(Write::PutNode(source(&format!("src:p{seq}"))));
            second.push(Write::Record(record(seq, &format!("src:p{seq}"))));
        }
        store.commit_unflushed(&second).unwrap();
        assert_eq!(store.last_seq().unwrap(), 703);

        assert_eq!(store.roll_back_pending().unwrap(), 700);
        assert_eq!(store.roll_back_pending().unwrap(), 0, "the marker is gone");
        assert_eq!(store.last_seq().unwrap(), 3);
        assert_eq!(seqs(&store.changes(0, usize::MAX).unwrap()), [1, 2, 3]);
        assert!(store.history_of("src:p4", 0, 10).unwrap().is_empty());
        let nodes = store.load().unwrap().nodes;
        let ids: Vec<&str> = nodes.iter().map(|n| n.node.id.as_str()).collect();
        assert_eq!(ids, ["src:k1", "src:k2", "src:k3"]);
        assert!(nodes.iter().all(|n| n.version == 1));
    }
}
