//! Writing the cache file: the header, the table of names, then the
//! records chunk by chunk, encoded a few at a time on every core; the
//! documents that define something, and the names they use, first
//! (`read.rs` says why).

use std::io::{Seek, SeekFrom, Write};
use std::path::Path;

use rayon::prelude::*;

use super::super::Workspace;
use super::super::entry::{DocumentEntry, Skeleton};
use super::super::file::Summary;
use super::super::stamp::Stamp;
use super::{CHUNK, ChunkRef, FORMAT, MAGIC, RecordRef, table};

/// What is written of one document.
type Written<'a> = (&'a Path, &'a Stamp, &'a Skeleton);

/// One chunk of `entries`, their names numbered by `table`.
fn write_chunk(entries: &[Written<'_>], table: &table::Table<'_>) -> std::io::Result<Vec<u8>> {
    let records = entries
        .iter()
        .map(|&(path, stamp, summary)| {
            Some(RecordRef {
                path,
                stamp,
                names: table.number(summary.summary())?,
                summary,
            })
        })
        .collect::<Option<_>>()
        .ok_or_else(|| std::io::Error::other("a name missing from the table of names"))?;
    postcard::to_stdvec(&ChunkRef { records }).map_err(std::io::Error::other)
}

/// Writes what `workspace` keeps of every document read from disk to
/// `file`: to a temporary file in the same folder, then renamed over it.
pub fn write(file: &Path, workspace: &Workspace) -> std::io::Result<usize> {
    write_entries(file, workspace.entries())
}

/// Writes what `entries` keep of the documents read from disk (those
/// given as text are left out) to `file`, as [`write`] does.
///
/// Each chunk is written as soon as it is encoded, a few at a time on
/// every core, so the file is never held whole in memory (352 MB at a
/// million documents); the checksum of the body, which precedes it, is
/// computed as it goes and written last. Until the rename the old file
/// stays whole, so a writer stopped half-way leaves only its temporary.
pub fn write_entries<'a>(
    file: &Path,
    entries: impl Iterator<Item = &'a DocumentEntry>,
) -> std::io::Result<usize> {
    write_in_chunks(file, entries, CHUNK)
}

/// [`write_entries`] in chunks of `chunk` records.
pub(super) fn write_in_chunks<'a>(
    file: &Path,
    entries: impl Iterator<Item = &'a DocumentEntry>,
    chunk: usize,
) -> std::io::Result<usize> {
    let records: Vec<Written<'_>> = entries
        .filter_map(|entry| {
            let (stamp, summary) = entry.cached()?;
            Some((&*entry.path, stamp, summary))
        })
        .collect();
    let dir = file.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = file
        .file_name()
        .map_or_else(Default::default, |n| n.to_string_lossy());
    remove_abandoned_temporaries(dir, &name);
    let temporary = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let written =
        std::fs::File::create(&temporary).and_then(|out| write_body(out, &records, chunk.max(1)));
    if let Err(error) = written.and_then(|()| std::fs::rename(&temporary, file)) {
        let _ = std::fs::remove_file(&temporary);
        return Err(error);
    }
    Ok(records.len())
}

/// How many chunks are encoded at once before they are written: enough to
/// keep every core busy, few enough to hold a few megabytes.
pub(super) fn chunks_at_once() -> usize {
    2 * rayon::current_num_threads().max(1)
}

/// The header, then the body in two parts (the names the documents that
/// define something use and their records chunk by chunk, then the other
/// names and records), then the first part's length and each part's
/// checksum in the header's place for them; synced.
fn write_body<'a>(
    out: std::fs::File,
    records: &[Written<'a>],
    chunk: usize,
) -> std::io::Result<()> {
    let version = env!("CARGO_PKG_VERSION").as_bytes();
    let mut header = Vec::with_capacity(64);
    header.extend_from_slice(MAGIC);
    header.extend_from_slice(&FORMAT.to_le_bytes());
    header.extend_from_slice(&(version.len() as u32).to_le_bytes());
    header.extend_from_slice(version);
    let mut out = std::io::BufWriter::with_capacity(1 << 20, out);
    out.write_all(&header)?;
    // The first part's length and each part's checksum, written last.
    out.write_all(&[0; 8 + 16 + 16])?;
    let mut checksums = [
        xxhash_rust::xxh3::Xxh3::new(),
        xxhash_rust::xxh3::Xxh3::new(),
    ];
    let mut first_length: u64 = 0;
    let mut section = |part: usize, bytes: &[u8]| -> std::io::Result<()> {
        let length = u32::try_from(bytes.len())
            .map_err(std::io::Error::other)?
            .to_le_bytes();
        if let Some(checksum) = checksums.get_mut(part) {
            checksum.update(&length);
            checksum.update(bytes);
        }
        if part == 0 {
            first_length += 4 + bytes.len() as u64;
        }
        out.write_all(&length)?;
        out.write_all(bytes)
    };
    // The documents that define something first, with the names they
    // use: a warm start reads them alone to answer definitions (`read.rs`).
    let (first, rest): (Vec<Written<'_>>, Vec<Written<'_>>) = records
        .iter()
        .partition(|(_, _, s)| !s.summary().defines.is_empty());
    let summaries = |records: &[Written<'a>]| -> Vec<&'a Summary> {
        records.iter().map(|(_, _, s)| s.summary()).collect()
    };
    let (table, first_names) = table::Table::of_parts(&summaries(&first), &summaries(&rest), chunk);
    let names = table.names();
    let (first_names, other_names) = names.split_at(first_names.min(names.len()));
    for (part, (names, records)) in [(first_names, first), (other_names, rest)]
        .into_iter()
        .enumerate()
    {
        section(
            part,
            &postcard::to_stdvec(names).map_err(std::io::Error::other)?,
        )?;
        for group in records.chunks(chunk * chunks_at_once()) {
            let encoded: Result<Vec<Vec<u8>>, _> = group
                .par_chunks(chunk)
                .map(|c| write_chunk(c, &table))
                .collect();
            for chunk in encoded? {
                section(part, &chunk)?;
            }
        }
    }
    let mut out = out.into_inner().map_err(|e| e.into_error())?;
    out.seek(SeekFrom::Start(header.len() as u64))?;
    out.write_all(&first_length.to_le_bytes())?;
    for checksum in &checksums {
        out.write_all(&checksum.digest128().to_le_bytes())?;
    }
    out.sync_all()
}

/// A writer that has not touched its temporary file for this long is gone.
pub(super) const ABANDONED: std::time::Duration = std::time::Duration::from_secs(600);

/// Removes the temporary files of cache `name` in `dir` that a process
/// stopped while writing left behind (a server told to exit mid-write):
/// a live writer touches its own within seconds, and a cache of a million
/// documents is hundreds of megabytes.
fn remove_abandoned_temporaries(dir: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let prefix = format!(".{name}.");
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let file_name = file_name.to_string_lossy();
        if !(file_name.starts_with(&prefix) && file_name.ends_with(".tmp")) {
            continue;
        }
        let idle = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|modified| modified.elapsed().ok());
        if idle.is_some_and(|idle| idle >= ABANDONED) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}
