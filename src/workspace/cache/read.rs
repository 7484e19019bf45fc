//! Reading the cache file. Behind the header (magic, format, version,
//! checksum of the body), the body's sections: how many chunks hold the
//! documents that define something, the table of names in two parts (the
//! names those documents use, then the others), then the chunks of
//! records, those documents' first.
//!
//! The server's warm start reads it in two steps ([`Staged`]): the
//! documents that define something (a tenth of an archive), which say
//! where every definition is, then the others; so a definition is answered
//! before the rest is decoded and indexed.

use std::ops::Range;
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
    /// Not a cache, or damaged: the reason.
    Damaged(&'static str),
}

impl From<&'static str> for Unusable {
    fn from(reason: &'static str) -> Unusable {
        Unusable::Damaged(reason)
    }
}

impl Unusable {
    /// What to say of it: nothing for a cache written by another version
    /// of newsls (expected after an upgrade; it is written again).
    fn problem(self) -> Option<String> {
        match self {
            Unusable::Outdated => None,
            Unusable::Damaged(reason) => Some(reason.to_string()),
        }
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

/// A cache file read whole, its header and checksum checked, decoded in
/// two steps: the documents that define something
/// ([`Staged::definers`]), then the others ([`Staged::rest`]).
pub struct Staged {
    bytes: Vec<u8>,
    /// Where the two parts of the table of names lie in `bytes`.
    first_names: Range<usize>,
    other_names: Range<usize>,
    /// Where each chunk lies in `bytes`.
    chunks: Vec<Range<usize>>,
    /// How many chunks (the first) hold the documents that define
    /// something.
    first_chunks: usize,
    /// The table of names, as far as it is interned.
    names: Vec<Name>,
}

impl Staged {
    /// Reads the cache file at `file` and checks it: `Err(None)` when it
    /// is missing or from another format or version of newsls, else the
    /// reason it cannot be used.
    pub fn open(file: &Path) -> Result<Staged, Option<String>> {
        let bytes = match std::fs::read(file) {
            Ok(bytes) => bytes,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Err(None),
            Err(error) => return Err(Some(format!("cannot read it: {error}"))),
        };
        Staged::of(bytes).map_err(Unusable::problem)
    }

    fn of(bytes: Vec<u8>) -> Result<Staged, Unusable> {
        let body = body(&bytes)?;
        let mut at = bytes.len() - body.len();
        let mut sections = Vec::new();
        let mut rest = body;
        while !rest.is_empty() {
            let (length, after) = split_u32(rest).ok_or("truncated")?;
            let length = length as usize;
            rest = after.get(length..).ok_or("truncated")?;
            sections.push(at + 4..at + 4 + length);
            at += 4 + length;
        }
        // The checksum matched, so the file was written whole: sections
        // that do not fit were written in another shape, by another build
        // of this version (a development build, say). Not a problem: it
        // is rewritten.
        let [layout, first_names, other_names, chunks @ ..] = sections.as_slice() else {
            return Err(Unusable::Outdated);
        };
        let first_chunks = bytes
            .get(layout.clone())
            .and_then(|b| <[u8; 4]>::try_from(b).ok())
            .map(|b| u32::from_le_bytes(b) as usize)
            .filter(|&n| n <= chunks.len())
            .ok_or(Unusable::Outdated)?;
        Ok(Staged {
            first_names: first_names.clone(),
            other_names: other_names.clone(),
            chunks: chunks.to_vec(),
            first_chunks,
            bytes,
            names: Vec::new(),
        })
    }

    /// The documents that define something: every definition of the
    /// folder, and every name; their ids and names by number in the first
    /// part of the table of names.
    pub fn definers(&mut self) -> Result<Entries, Option<String>> {
        let records = self.step(true, entry_of).map_err(Unusable::problem)?;
        Ok(entries_of(records, self.names.clone()))
    }

    /// The other documents, their ids and names by number in the whole
    /// table (to [`Entries::append`] to the [`Staged::definers`]).
    pub fn rest(mut self) -> Result<Entries, Option<String>> {
        let records = self.step(false, entry_of).map_err(Unusable::problem)?;
        Ok(entries_of(records, self.names))
    }

    /// Interns one part of the table of names (after those before it) and
    /// decodes the chunks that go with it on every core, each record made
    /// a `T` by `make`.
    fn step<T: Send>(
        &mut self,
        first: bool,
        make: impl Fn(Record<'_>) -> T + Sync,
    ) -> Result<Vec<T>, Unusable> {
        let (names, chunks) = if first {
            (self.first_names.clone(), 0..self.first_chunks)
        } else {
            (
                self.other_names.clone(),
                self.first_chunks..self.chunks.len(),
            )
        };
        let texts = self.bytes.get(names).ok_or(Unusable::Outdated)?;
        let texts: Vec<&str> = postcard::from_bytes(texts).map_err(|_| Unusable::Outdated)?;
        self.names.extend(name::intern_many(&texts));
        let (bytes, table) = (&self.bytes, &self.names);
        let decoded: Option<Vec<Vec<T>>> = self
            .chunks
            .get(chunks)
            .unwrap_or_default()
            .par_iter()
            .map(|c| {
                let records = read_chunk(bytes.get(c.clone())?, table)?;
                Some(records.into_iter().map(&make).collect())
            })
            .collect();
        Ok(decoded
            .ok_or(Unusable::Outdated)?
            .into_iter()
            .flatten()
            .collect())
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
    let both = staged.step(true, &make).and_then(|mut first| {
        first.extend(staged.step(false, &make)?);
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

/// The body of a cache file: what follows a header that matches.
pub(super) fn body(bytes: &[u8]) -> Result<&[u8], Unusable> {
    let rest = bytes.strip_prefix(MAGIC).ok_or("not a newsls cache")?;
    let (format, rest) = split_u32(rest).ok_or("truncated")?;
    if format != FORMAT {
        return Err(Unusable::Outdated);
    }
    let (length, rest) = split_u32(rest).ok_or("truncated")?;
    let version = rest.get(..length as usize).ok_or("truncated")?;
    if version != env!("CARGO_PKG_VERSION").as_bytes() {
        return Err(Unusable::Outdated);
    }
    let rest = rest.get(length as usize..).ok_or("truncated")?;
    let checksum = rest.get(..16).ok_or("truncated")?;
    let body = rest.get(16..).ok_or("truncated")?;
    if checksum != xxhash_rust::xxh3::xxh3_128(body).to_le_bytes() {
        return Err("damaged (its checksum does not match)".into());
    }
    Ok(body)
}

fn split_u32(bytes: &[u8]) -> Option<(u32, &[u8])> {
    let (head, rest) = bytes.split_first_chunk::<4>()?;
    Some((u32::from_le_bytes(*head), rest))
}
