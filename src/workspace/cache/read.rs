//! Reading the cache file. Behind the header (magic, format, version, the
//! first part's length, each part's checksum), the body in two parts,
//! each a run of sections: the names the documents that define something
//! use, then those documents' records chunk by chunk; then the other
//! names, then the other records.
//!
//! The server's warm start reads it in two steps ([`Staged`]): the first
//! part alone (the documents that define something, a tenth of an
//! archive, which say where every definition is), then the second; so a
//! definition is answered before the rest is read, decoded and indexed.

use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use super::{Chunk, FORMAT, MAGIC, Record, table};
use crate::workspace::entry::DocumentEntry;
use crate::workspace::name::{self, Name};

/// Why a cache file's records cannot be used.
pub(super) enum Unusable {
    /// Another format, or another version of newsls.
    Outdated,
    /// Not a cache, damaged, or not readable: the reason.
    Damaged(String),
}

impl From<&'static str> for Unusable {
    fn from(reason: &'static str) -> Unusable {
        Unusable::Damaged(reason.to_string())
    }
}

impl Unusable {
    /// What to say of it: nothing for a cache written by another version
    /// of newsls (expected after an upgrade; it is written again).
    fn problem(self) -> Option<String> {
        match self {
            Unusable::Outdated => None,
            Unusable::Damaged(reason) => Some(reason),
        }
    }

    fn unreadable(error: std::io::Error) -> Unusable {
        Unusable::Damaged(format!("cannot read it: {error}"))
    }
}

/// The documents of a cache file, as the workspace keeps them, with their
/// summaries' ids and names by number in the file's table of names: the
/// index is grouped by those numbers (`Workspace::extend_cached`).
#[derive(Clone, Default)]
pub struct Entries {
    pub(in crate::workspace) entries: Vec<Arc<DocumentEntry>>,
    /// The file's table of names (its first part only, for the documents
    /// that define something alone).
    pub(in crate::workspace) names: Vec<Name>,
    /// Each entry's ids and names, by number in `names`.
    pub(in crate::workspace) numbers: Vec<Vec<u32>>,
}

impl Entries {
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Keeps only the documents `keep` admits.
    pub fn retain(&mut self, mut keep: impl FnMut(&DocumentEntry) -> bool) {
        let kept: Vec<bool> = self.entries.iter().map(|e| keep(e)).collect();
        if kept.iter().all(|&k| k) {
            return;
        }
        let mut admitted = kept.iter();
        self.entries.retain(|_| admitted.next().is_some_and(|&k| k));
        let mut admitted = kept.iter();
        self.numbers.retain(|_| admitted.next().is_some_and(|&k| k));
    }

    /// Adds the documents of `later`, read after these from the same file:
    /// its table of names holds this one's.
    pub fn append(&mut self, later: Entries) {
        self.entries.extend(later.entries);
        self.numbers.extend(later.numbers);
        self.names = later.names;
    }

    /// The documents alone.
    pub fn into_documents(self) -> Vec<Arc<DocumentEntry>> {
        self.entries
    }
}

/// A cache file read in two parts, each checked against its checksum and
/// decoded in turn: the documents that define something
/// ([`Staged::definers`]), then the others ([`Staged::rest`]).
pub struct Staged {
    /// The file, read as far as the end of the first part.
    file: std::fs::File,
    /// The part being decoded.
    part: Vec<u8>,
    /// The second part's checksum, from the header.
    rest_checksum: [u8; 16],
    /// The table of names, as far as it is interned.
    names: Vec<Name>,
}

impl Staged {
    /// Reads the header of the cache file at `file` and its first part,
    /// and checks them: `Err(None)` when it is missing or from another
    /// format or version of newsls, else the reason it cannot be used.
    pub fn open(file: &Path) -> Result<Staged, Option<String>> {
        let opened = match std::fs::File::open(file) {
            Ok(opened) => opened,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Err(None),
            Err(error) => return Err(Some(format!("cannot read it: {error}"))),
        };
        Staged::of(opened).map_err(Unusable::problem)
    }

    fn of(mut file: std::fs::File) -> Result<Staged, Unusable> {
        let size = file.metadata().map_err(Unusable::unreadable)?.len();
        let mut start = [0; MAGIC.len() + 8];
        read_exactly(&mut file, &mut start)?;
        let rest = start.strip_prefix(MAGIC).ok_or("not a newsls cache")?;
        let (format, rest) = split_u32(rest).ok_or("truncated")?;
        if format != FORMAT {
            return Err(Unusable::Outdated);
        }
        let (length, _) = split_u32(rest).ok_or("truncated")?;
        let version = env!("CARGO_PKG_VERSION").as_bytes();
        if length as usize != version.len() {
            return Err(Unusable::Outdated);
        }
        // The version, the first part's length and both parts' checksums.
        let mut header = vec![0; version.len() + 8 + 16 + 16];
        read_exactly(&mut file, &mut header)?;
        let (written_by, rest) = header.split_at(version.len());
        if written_by != version {
            return Err(Unusable::Outdated);
        }
        let (first_length, rest) = rest.split_first_chunk::<8>().ok_or("truncated")?;
        let (first_checksum, rest) = rest.split_first_chunk::<16>().ok_or("truncated")?;
        let rest_checksum = *rest.first_chunk::<16>().ok_or("truncated")?;
        let first_length = u64::from_le_bytes(*first_length);
        if first_length > size {
            return Err("truncated".into());
        }
        let mut part = vec![0; usize::try_from(first_length).map_err(|_| "truncated")?];
        read_exactly(&mut file, &mut part)?;
        check(&part, first_checksum)?;
        Ok(Staged {
            file,
            part,
            rest_checksum,
            names: Vec::new(),
        })
    }

    /// The documents that define something: every definition of the
    /// folder, and every name; their ids and names by number in the first
    /// part of the table of names.
    pub fn definers(&mut self) -> Result<Entries, Option<String>> {
        let records = self.step(entry_of).map_err(Unusable::problem)?;
        Ok(entries_of(records, self.names.clone()))
    }

    /// The other documents (the second part, read and checked now), their
    /// ids and names by number in the whole table (to [`Entries::append`]
    /// to the [`Staged::definers`]).
    pub fn rest(mut self) -> Result<Entries, Option<String>> {
        let records = self
            .read_rest()
            .and_then(|()| self.step(entry_of))
            .map_err(Unusable::problem)?;
        Ok(entries_of(records, self.names))
    }

    /// Reads the second part in place of the first, and checks it.
    fn read_rest(&mut self) -> Result<(), Unusable> {
        self.part.clear();
        self.file
            .read_to_end(&mut self.part)
            .map_err(Unusable::unreadable)?;
        check(&self.part, &self.rest_checksum)
    }

    /// The part read: its names interned (after those before them), its
    /// chunks decoded on every core, each record made a `T` by `make`.
    fn step<T: Send>(&mut self, make: impl Fn(Record<'_>) -> T + Sync) -> Result<Vec<T>, Unusable> {
        let mut sections = Vec::new();
        let mut rest = self.part.as_slice();
        while !rest.is_empty() {
            let (length, after) = split_u32(rest).ok_or("truncated")?;
            let section = after.get(..length as usize).ok_or("truncated")?;
            sections.push(section);
            rest = after.get(length as usize..).ok_or("truncated")?;
        }
        // The checksum matched, so the part was written whole: sections
        // that do not decode were written in another shape, by another
        // build of this version (a development build, say). Not a
        // problem: it is rewritten.
        let (texts, chunks) = sections.split_first().ok_or(Unusable::Outdated)?;
        let texts: Vec<&str> = postcard::from_bytes(texts).map_err(|_| Unusable::Outdated)?;
        self.names.extend(name::intern_many(&texts));
        let table = &self.names;
        let decoded: Option<Vec<Vec<T>>> = chunks
            .par_iter()
            .map(|c| Some(read_chunk(c, table)?.into_iter().map(&make).collect()))
            .collect();
        Ok(decoded
            .ok_or(Unusable::Outdated)?
            .into_iter()
            .flatten()
            .collect())
    }
}

/// Fills `buffer` from `file`; a file that ends first is truncated.
fn read_exactly(file: &mut std::fs::File, buffer: &mut [u8]) -> Result<(), Unusable> {
    file.read_exact(buffer).map_err(|error| match error.kind() {
        std::io::ErrorKind::UnexpectedEof => "truncated".into(),
        _ => Unusable::unreadable(error),
    })
}

/// Checks `part` against the checksum written for it.
fn check(part: &[u8], checksum: &[u8; 16]) -> Result<(), Unusable> {
    if *checksum == xxhash_rust::xxh3::xxh3_128(part).to_le_bytes() {
        Ok(())
    } else {
        Err("damaged (its checksum does not match)".into())
    }
}

/// A record as the workspace keeps it, with its numbers.
fn entry_of(record: Record<'_>) -> (Arc<DocumentEntry>, Vec<u32>) {
    let entry = DocumentEntry::from_cache(Arc::from(record.path), record.stamp, record.summary);
    (Arc::new(entry), record.names)
}

fn entries_of(records: Vec<(Arc<DocumentEntry>, Vec<u32>)>, names: Vec<Name>) -> Entries {
    let (entries, numbers) = records.into_iter().unzip();
    Entries {
        entries,
        names,
        numbers,
    }
}

/// The records of the cache file at `file`, each made a `T` by `make` on
/// the core that decoded its chunk, and the file's table of names; none
/// when the file is missing or from another version of newsls, and the
/// reason when it is foreign or damaged.
pub(super) fn read_with<T: Send>(
    file: &Path,
    make: impl Fn(Record<'_>) -> T + Sync,
) -> (Vec<T>, Vec<Name>, Option<String>) {
    let mut staged = match Staged::open(file) {
        Ok(staged) => staged,
        Err(problem) => return (Vec::new(), Vec::new(), problem),
    };
    let both = staged.step(&make).and_then(|mut first| {
        staged.read_rest()?;
        first.extend(staged.step(&make)?);
        Ok(first)
    });
    match both {
        Ok(records) => (records, staged.names, None),
        Err(unusable) => (Vec::new(), Vec::new(), unusable.problem()),
    }
}

/// Every document the cache file at `file` holds, as the workspace keeps
/// it (see `Cached::read` for when it holds none).
pub fn read_entries(file: &Path) -> (Entries, Option<String>) {
    let (records, names, problem) = read_with(file, entry_of);
    (entries_of(records, names), problem)
}

/// One chunk's records, their summaries' names put back from `names`
/// (and still listed by number in each record).
fn read_chunk<'a>(bytes: &'a [u8], names: &[Name]) -> Option<Vec<Record<'a>>> {
    let Chunk { mut records } = postcard::from_bytes(bytes).ok()?;
    for record in &mut records {
        table::fill(record.summary.summary_mut(), &record.names, names)?;
    }
    Some(records)
}

fn split_u32(bytes: &[u8]) -> Option<(u32, &[u8])> {
    let (head, rest) = bytes.split_first_chunk::<4>()?;
    Some((u32::from_le_bytes(*head), rest))
}
