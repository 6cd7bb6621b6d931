//! The graph image on disk: `stdgraph.image` in the store's directory, a copy of the graph as one
//! snapshot held it, so a restart reads one file instead of every record in sled (see
//! `graph::image` for the payload).
//!
//! sled stays the record: the image is only used when it provably describes what the store holds.
//! Its header names the store (its random id), the last history record the snapshot includes, and
//! the build of stdgraph that wrote it (an image holds normalized search keys, and another build may
//! normalize differently). A CRC-32 covers the payload. An image of the same store taken at an
//! earlier history record is brought up to date by replaying the records after it (`App::open`);
//! anything else is ignored, and the graph is rebuilt from the store.
//!
//! Writing is atomic: the image goes to a temporary file, is synced, then renamed over the old one,
//! so a crash leaves the previous image or the new one, never half of one.
//!
//! Header, 64 bytes, little-endian:
//!
//! ```text
//! magic(8) format(u32) reserved(u32) store(16) seq(u64) build(u64) payload length(u64) crc32(u32) reserved(u32)
//! ```

use std::fs::{self, File};
use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::Path;

use crate::graph::KnowledgeGraph;

/// The image's file name inside the store's directory (sled's own files are `conf`, `db`,
/// `blobs/` and `snap.*`).
pub const FILE_NAME: &str = "stdgraph.image";
const TEMP_NAME: &str = "stdgraph.image.tmp";
const MAGIC: &[u8; 8] = b"stdgimg\n";
/// Bump when the payload's layout changes.
const FORMAT: u32 = 1;
const HEADER_LEN: usize = 64;

/// What an image must match to stand for a store's contents.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stamp {
    /// The store's id.
    pub store: [u8; 16],
    /// The last history record the image includes.
    pub seq: u64,
    /// The build of stdgraph that wrote it.
    pub build: u64,
}

/// Why an image was not used.
#[derive(Debug, thiserror::Error)]
pub enum Unusable {
    #[error("there is none")]
    Missing,
    #[error("it was taken from {0}")]
    Mismatch(&'static str),
    /// Of this store and build, but not at a usable point of its history.
    #[error("it is {0}")]
    Stale(String),
    #[error("it is unreadable: {0}")]
    Unreadable(String),
}

impl From<io::Error> for Unusable {
    fn from(e: io::Error) -> Self {
        Self::Unreadable(e.to_string())
    }
}

/// Identifies this build: the version and the executable's size and modification time. A rebuilt
/// or upgraded binary does not trust images an earlier one wrote (it rebuilds once, then writes
/// its own). 0 when the executable cannot be inspected; images are then not used.
pub fn build_id() -> u64 {
    let Ok(meta) = std::env::current_exe().and_then(fs::metadata) else {
        return 0;
    };
    let modified = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    let mut crc = crc32fast::Hasher::new();
    crc.update(env!("CARGO_PKG_VERSION").as_bytes());
    crc.update(&meta.len().to_le_bytes());
    crc.update(&modified.to_le_bytes());
    // Never 0, which stands for "unknown".
    (u64::from(crc.finalize()) << 32) | (meta.len() & 0xffff_ffff) | 1
}

/// Writes `graph`'s image, stamped, to `dir` (replacing the one there). Returns its size in bytes.
pub fn write(dir: &Path, graph: &KnowledgeGraph, stamp: Stamp) -> io::Result<u64> {
    let temp = dir.join(TEMP_NAME);
    let mut file = File::create(&temp)?;
    file.write_all(&[0; HEADER_LEN])?;
    let mut out = BufWriter::with_capacity(
        1 << 20,
        Checksummed {
            inner: file,
            crc: crc32fast::Hasher::new(),
            len: 0,
        },
    );
    graph.write_image(&mut out)?;
    let Checksummed {
        inner: mut file,
        crc,
        len,
    } = out.into_inner().map_err(io::IntoInnerError::into_error)?;
    file.seek(SeekFrom::Start(0))?;
    file.write_all(&header(stamp, len, crc.finalize()))?;
    file.sync_all()?;
    drop(file);
    fs::rename(&temp, dir.join(FILE_NAME))?;
    // The rename itself must reach the disk too.
    File::open(dir)?.sync_all()?;
    Ok(HEADER_LEN as u64 + len)
}

/// Reads the image in `dir` if it was taken from `store` by `build` at a history record `usable`
/// accepts (asked before anything is decoded); returns the graph and that record.
pub fn read(
    dir: &Path,
    store: [u8; 16],
    build: u64,
    usable: impl FnOnce(u64) -> Result<(), String>,
) -> Result<(KnowledgeGraph, u64), Unusable> {
    if build == 0 {
        return Err(Unusable::Mismatch("an unknown build"));
    }
    let mut file = match File::open(dir.join(FILE_NAME)) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(Unusable::Missing),
        Err(e) => return Err(e.into()),
    };
    let mut head = [0u8; HEADER_LEN];
    file.read_exact(&mut head)?;
    let field = |at: usize, len: usize| &head[at..at + len];
    let u32_at = |at: usize| u32::from_le_bytes(field(at, 4).try_into().expect("4 bytes"));
    let u64_at = |at: usize| u64::from_le_bytes(field(at, 8).try_into().expect("8 bytes"));
    if field(0, 8) != MAGIC {
        return Err(Unusable::Unreadable("it is not a graph image".into()));
    }
    if u32_at(8) != FORMAT {
        return Err(Unusable::Mismatch("another image format"));
    }
    if field(16, 16) != store {
        return Err(Unusable::Mismatch("another store"));
    }
    let seq = u64_at(32);
    if u64_at(40) != build {
        return Err(Unusable::Mismatch("another build of stdgraph"));
    }
    usable(seq).map_err(Unusable::Stale)?;
    let (len, crc) = (u64_at(48), u32_at(56));
    if file.metadata()?.len() != HEADER_LEN as u64 + len {
        return Err(Unusable::Unreadable("its length is wrong".into()));
    }
    let mut payload = Vec::new();
    payload
        .try_reserve_exact(len as usize)
        .map_err(|e| Unusable::Unreadable(e.to_string()))?;
    file.read_to_end(&mut payload)?;
    if crc32fast::hash(&payload) != crc {
        return Err(Unusable::Unreadable("its checksum does not match".into()));
    }
    let graph =
        KnowledgeGraph::read_image(&payload).map_err(|e| Unusable::Unreadable(e.to_string()))?;
    Ok((graph, seq))
}

fn header(stamp: Stamp, len: u64, crc: u32) -> [u8; HEADER_LEN] {
    let mut head = [0u8; HEADER_LEN];
    head[0..8].copy_from_slice(MAGIC);
    head[8..12].copy_from_slice(&FORMAT.to_le_bytes());
    head[16..32].copy_from_slice(&stamp.store);
    head[32..40].copy_from_slice(&stamp.seq.to_le_bytes());
    head[40..48].copy_from_slice(&stamp.build.to_le_bytes());
    head[48..56].copy_from_slice(&len.to_le_bytes());
    head[56..60].copy_from_slice(&crc.to_le_bytes());
    head
}

/// Counts and checksums what passes through to the file.
struct Checksummed {
    inner: File,
    crc: crc32fast::Hasher,
    len: u64,
}

impl Write for Checksummed {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.crc.update(&buf[..n]);
        self.len += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}
