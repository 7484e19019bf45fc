//! The index on disk, for a warm start: what the workspace keeps of each
//! document read from disk (its summary, definitions…), keyed by path,
//! with the size, modification time and content hash it was read with.
//!
//! On start, a document whose size and modification time are unchanged is
//! taken from the cache without reading it; one whose stamp changed is
//! read and hashed, and its summary reused if the hash is the same; any
//! other is parsed. The file is a body (the table of names its summaries
//! list by number, then postcard chunks of records, decoded on every
//! core; the documents that define something, and the names they use,
//! first: see `read.rs`) behind a header (magic, format, crate version,
//! checksum of the body): anything that does not
//! match is ignored whole, so a corrupt, truncated or foreign cache costs
//! a full index, never a wrong answer. It is written in the user's cache
//! folder only (`NEWSLS_CACHE_DIR` overrides it), to a temporary file
//! renamed over the old one; a temporary file a stopped writer left there
//! is removed by the next write.

use std::collections::HashMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use super::entry::{DocumentEntry, Skeleton};
use super::stamp::Stamp;

mod read;
mod table;
mod write;

use super::{Loaded, Workspace};
pub use read::{Entries, Staged, read_entries};
pub(in crate::workspace) use table::lists;
pub use write::{write, write_entries};

/// Set to a folder, puts the cache there instead of the user's cache
/// folder (tests, and users who want it elsewhere).
pub const DIR_VARIABLE: &str = "NEWSLS_CACHE_DIR";

const MAGIC: &[u8; 8] = b"newsls\0i";
/// Changes whenever what is written changes shape.
const FORMAT: u32 = 7;

/// Records are written in chunks of this many, each its own postcard
/// body, so reading decodes them on every core; the reader takes chunks
/// of any size. The names their summaries list by number are in one
/// table for the whole file, before the first chunk (`table.rs`).
const CHUNK: usize = 32_768;

/// Up to [`CHUNK`] records.
#[derive(Deserialize)]
struct Chunk<'a> {
    #[serde(borrow)]
    records: Vec<Record<'a>>,
}

#[derive(Deserialize)]
struct Record<'a> {
    /// Borrowed from the file's bytes: copied once, into the entry's path.
    #[serde(borrow)]
    path: &'a Path,
    stamp: Stamp,
    /// The summary's ids and names, by number in the file's names.
    names: Vec<u32>,
    /// Boxed: records are moved several times on the way to the
    /// workspace, which keeps the box.
    summary: Box<Skeleton>,
}

#[derive(Serialize)]
struct ChunkRef<'a> {
    records: Vec<RecordRef<'a>>,
}

#[derive(Serialize)]
struct RecordRef<'a> {
    path: &'a Path,
    stamp: &'a Stamp,
    names: Vec<u32>,
    summary: &'a Skeleton,
}

/// newsls's cache folder: `NEWSLS_CACHE_DIR`, else the user's cache
/// folder (`~/.cache/newsls` on Linux); `None` when there is none.
pub fn folder() -> Option<PathBuf> {
    match std::env::var_os(DIR_VARIABLE).filter(|d| !d.is_empty()) {
        Some(dir) => Some(PathBuf::from(dir)),
        None => Some(
            directories::ProjectDirs::from("", "", "newsls")?
                .cache_dir()
                .to_path_buf(),
        ),
    }
}

/// The cache file for a set of roots: in `NEWSLS_CACHE_DIR`, else the
/// user's cache folder (`~/.cache/newsls` on Linux); `None` when there is
/// none.
pub fn location(roots: &[PathBuf]) -> Option<PathBuf> {
    let dir = folder()?;
    let mut key = Vec::new();
    for root in roots {
        key.extend_from_slice(root.as_os_str().as_encoded_bytes());
        key.push(0);
    }
    let name = format!("index-{:032x}.bin", xxhash_rust::xxh3::xxh3_128(&key));
    Some(dir.join(name))
}

/// What a cache file held, ready to be taken document by document.
#[derive(Default)]
pub struct Cached {
    /// Keyed by the path's bytes: hashing a `Path` walks its components,
    /// and the paths are spelled as the same walk spelled them last time
    /// (a path spelled otherwise is a miss: read again, never wrong).
    records: HashMap<OsString, Mutex<Option<Taken>>>,
}

/// What the cache holds of one document, until it is taken.
type Taken = (Stamp, Box<Skeleton>);

/// What came of looking a document up in the cache.
pub enum Lookup {
    /// Unchanged on disk (size and modification time): not read.
    Unchanged(Stamp, Box<Skeleton>),
    /// Read again: its content is what the cache holds.
    SameContent(Stamp, Box<Skeleton>),
    /// Not in the cache, or changed.
    Missing,
}

impl Cached {
    /// Reads the cache file at `file`; empty when it is missing or from
    /// another version of newsls, and with the reason when it is foreign
    /// or damaged.
    pub fn read(file: &Path) -> (Cached, Option<String>) {
        let (records, _, problem) = read::read_with(file, |r| {
            (
                r.path.as_os_str().to_owned(),
                Mutex::new(Some((r.stamp, r.summary))),
            )
        });
        let cached = Cached {
            records: records.into_iter().collect(),
        };
        (cached, problem)
    }

    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// Takes what the cache says of `path` when it is still true:
    /// `metadata` is the file's now, `read` reads its bytes (only when the
    /// stamp changed).
    pub fn take(
        &self,
        path: &Path,
        metadata: &std::fs::Metadata,
        read: impl FnOnce() -> Option<Vec<u8>>,
    ) -> (Lookup, Option<Vec<u8>>) {
        let Some(slot) = self.records.get(path.as_os_str()) else {
            return (Lookup::Missing, None);
        };
        let Some((stamp, summary)) = slot
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take()
        else {
            return (Lookup::Missing, None);
        };
        match compare(&stamp, metadata, read) {
            Compared::Unchanged => (Lookup::Unchanged(stamp, summary), None),
            Compared::SameContent(now, bytes) => (Lookup::SameContent(now, summary), Some(bytes)),
            Compared::Changed(bytes) => (Lookup::Missing, bytes),
        }
    }
}

/// What a document's stamp when it was indexed says of it on disk now.
pub enum Compared {
    /// The same size and modification time: not read.
    Unchanged,
    /// Read again: the same content, under the stamp it has now.
    SameContent(Stamp, Vec<u8>),
    /// Changed, with its bytes when they could be read.
    Changed(Option<Vec<u8>>),
}

/// Compares `kept`, a document's stamp when it was indexed, with the file
/// on disk (`metadata`, and its bytes from `read` only when its size or
/// modification time differ): the one rule of what the index cache may
/// keep, for the first indexing and the check of the folders after a warm
/// start alike.
pub fn compare(
    kept: &Stamp,
    metadata: &std::fs::Metadata,
    read: impl FnOnce() -> Option<Vec<u8>>,
) -> Compared {
    if kept.unchanged(metadata) {
        return Compared::Unchanged;
    }
    let Some(bytes) = read() else {
        return Compared::Changed(None);
    };
    let now = Stamp::of(metadata, &bytes);
    if now.hash == kept.hash && now.size == kept.size {
        Compared::SameContent(now, bytes)
    } else {
        Compared::Changed(Some(bytes))
    }
}

/// The cache of one indexing: read before, written after.
pub struct Session {
    file: Option<PathBuf>,
    cached: Cached,
    /// How many records the cache file held, kept when `cached` is let go.
    records: usize,
    /// Why the cache file was not used, when it exists but could not be.
    pub problem: Option<String>,
}

impl Session {
    /// Reads the cache of the folders `roots` (as given; the current
    /// folder is part of the key, for relative ones).
    pub fn open(roots: &[PathBuf]) -> Session {
        let file = Session::file_of(roots);
        let (cached, problem) = file.as_deref().map(Cached::read).unwrap_or_default();
        Session {
            problem: Session::describe_problem(problem, file.as_deref()),
            file,
            records: cached.len(),
            cached,
        }
    }

    /// What the cache file held, taken out of the session once every
    /// document has been asked for: at a million documents its paths alone
    /// are a hundred megabytes, kept otherwise to the end. [`Session::save`]
    /// still knows how many records it had.
    pub fn take_cached(&mut self) -> Cached {
        std::mem::take(&mut self.cached)
    }

    /// Reads the cache of the folders `roots` (as [`Session::open`]) and
    /// checks it, to be decoded in two steps into the documents it holds,
    /// each as the workspace keeps it, to answer from before the folders
    /// are walked (the server's warm start); `None` when there is no
    /// usable cache (the session says why, when it is damaged). The
    /// session keeps nothing to look documents up in: the folders are
    /// checked against the workspace made from them (`recheck`).
    pub fn open_staged(roots: &[PathBuf]) -> (Session, Option<Staged>) {
        let file = Session::file_of(roots);
        let (staged, problem) = match file.as_deref().map(Staged::open) {
            Some(Ok(staged)) => (Some(staged), None),
            Some(Err(problem)) => (None, problem),
            None => (None, None),
        };
        let session = Session {
            problem: Session::describe_problem(problem, file.as_deref()),
            file,
            cached: Cached::default(),
            records: 0,
        };
        (session, staged)
    }

    /// A step of decoding the cache found it unusable: `problem` says why
    /// (`None`: written by another build).
    pub fn unusable(&mut self, problem: Option<String>) {
        self.problem = Session::describe_problem(problem, self.file.as_deref());
    }

    fn file_of(roots: &[PathBuf]) -> Option<PathBuf> {
        let mut key: Vec<PathBuf> = std::env::current_dir().into_iter().collect();
        key.extend(roots.iter().cloned());
        location(&key)
    }

    fn describe_problem(problem: Option<String>, file: Option<&Path>) -> Option<String> {
        problem.zip(file).map(|(problem, file)| {
            format!(
                "index cache {}: {problem}; reading every document",
                file.display()
            )
        })
    }

    /// Writes the cache again from `entries` (the documents as they are on
    /// disk); `None` when there is no cache file.
    pub fn save_entries<'a>(
        &self,
        entries: impl Iterator<Item = &'a DocumentEntry>,
    ) -> Option<std::io::Result<usize>> {
        Some(write_entries(self.file.as_deref()?, entries))
    }

    /// No cache: nothing read, nothing written (`newsls check --no-cache`).
    pub fn disabled() -> Session {
        Session {
            file: None,
            cached: Cached::default(),
            records: 0,
            problem: None,
        }
    }

    pub fn cached(&self) -> &Cached {
        &self.cached
    }

    /// Writes the cache again from `workspace` unless every document was
    /// taken from it unchanged; `None` when nothing was written.
    pub fn save(&self, workspace: &Workspace, loaded: &Loaded) -> Option<std::io::Result<usize>> {
        let file = self.file.as_deref()?;
        let same = loaded.parsed == 0
            && loaded.same_content == 0
            && loaded.unchanged == self.records
            && self.problem.is_none();
        (!same).then(|| write(file, workspace))
    }

    pub fn file(&self) -> Option<&Path> {
        self.file.as_deref()
    }
}

/// A line that says what the cache spared.
pub fn describe(loaded: &Loaded) -> String {
    let gone = match loaded.removed {
        0 => String::new(),
        n => format!(", {n} gone from the folders"),
    };
    format!(
        "index cache: {} documents unchanged (not read), {} read again with the same content, {} parsed{gone}",
        loaded.unchanged, loaded.same_content, loaded.parsed
    )
}

#[cfg(test)]
mod tests {
    use super::write::{ABANDONED, chunks_at_once, write_in_chunks};
    use super::*;
    use crate::workspace::File;
    use std::sync::Arc;

    fn stamp(hash: u128) -> Stamp {
        Stamp {
            size: 3,
            modified: Some(1),
            hash,
        }
    }

    /// A temporary file left by a writer stopped long ago goes at the
    /// next write; one being written now, and other files, stay.
    #[test]
    fn abandoned_temporary_files_are_removed_by_the_next_write() {
        let dir = std::env::temp_dir().join(format!("newsls-cache-tmp-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("index-1.bin");
        let abandoned = dir.join(".index-1.bin.99999.tmp");
        let live = dir.join(".index-1.bin.99998.tmp");
        let other = dir.join(".index-2.bin.99999.tmp");
        for path in [&abandoned, &live, &other] {
            std::fs::write(path, b"partial").unwrap();
        }
        let long_ago = std::time::SystemTime::now() - ABANDONED * 2;
        for path in [&abandoned, &other] {
            let opened = std::fs::File::options().write(true).open(path).unwrap();
            opened.set_modified(long_ago).unwrap();
        }
        let ws = Workspace::new(vec![dir.clone()]);
        write(&file, &ws).unwrap();
        assert!(!abandoned.exists(), "left by a writer gone long ago");
        assert!(live.exists(), "another writer's, being written");
        assert!(other.exists(), "another cache's");
        assert!(file.exists());
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// A cache of several chunks, written chunk by chunk, reads back
    /// whole: every record, each with its own summary, the checksum whole.
    #[test]
    fn a_cache_of_many_chunks_reads_back_whole() {
        let dir = std::env::temp_dir().join(format!("newsls-cache-chunks-{}", std::process::id()));
        let file = dir.join("index.bin");
        // Small chunks: several groups of chunks encoded at once, and a
        // last group and chunk not full.
        let chunk = 7;
        let count = chunk * chunks_at_once() * 2 + chunk + 3;
        let entries: Vec<DocumentEntry> = (0..count)
            .map(|i| {
                let text = format!(
                    "---\nentities:\n  e{i}: {{name: E{i}}}\n---\n[@e{}]\n",
                    i + 1
                );
                DocumentEntry::summarise(
                    dir.join(format!("{i}.news.md")).into(),
                    &text,
                    stamp(i as u128),
                )
            })
            .collect();
        assert_eq!(
            write_in_chunks(&file, entries.iter(), chunk).unwrap(),
            count
        );
        let (cached, problem) = Cached::read(&file);
        assert_eq!((cached.len(), problem), (count, None));
        for entry in [&entries[0], &entries[chunk], &entries[count - 1]] {
            let slot = cached
                .records
                .get(entry.path.as_os_str())
                .expect("a record");
            let taken = slot.lock().unwrap().take().expect("not taken yet");
            assert_eq!(Some((&taken.0, &*taken.1)), entry.cached());
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// What the index says of `ws`, by path, in a form two workspaces can
    /// be compared by.
    fn index_answers(ws: &Workspace) -> Vec<String> {
        let index = ws.index();
        let paths = |files: Vec<crate::workspace::FileId>| -> Vec<String> {
            let mut paths: Vec<String> = files
                .into_iter()
                .filter_map(|f| Some(ws.entry_by_id(f)?.path.display().to_string()))
                .collect();
            paths.sort();
            paths
        };
        let mut ids: Vec<String> = index.defined_ids().map(str::to_string).collect();
        ids.extend(["ghost".to_string(), "e0".to_string(), "e1".to_string()]);
        ids.sort();
        ids.dedup();
        let mut out: Vec<String> = ids
            .iter()
            .map(|id| {
                format!(
                    "{id}: {:?} {:?} {:?}",
                    paths(index.definers(id).collect()),
                    paths(index.mentioners(id).collect()),
                    paths(index.referrers(id).collect()),
                )
            })
            .collect();
        let mut phrases: Vec<String> = index
            .phrases()
            .map(|(phrase, ids)| format!("{phrase}: {:?}", ids.collect::<Vec<_>>()))
            .collect();
        phrases.sort();
        out.extend(phrases);
        out.push(format!(
            "{} documents, longest {}",
            ws.len(),
            index.longest_name()
        ));
        out
    }

    /// Forty documents: registries, articles defining events, and articles
    /// that define nothing, mentioning ids defined or not.
    fn mixed(dir: &Path) -> Vec<Arc<DocumentEntry>> {
        (0..40)
        .map(|i| {
            let text = match i % 4 {
                0 => format!(
                    "---\nentities:\n  e{i}: {{name: Person {i}, aliases: [P{i}]}}\n  talks{i}:\n    name: Talks\n    participants: ['@e{}']\n---\n[@e1] [@ghost]\n",
                    i + 4
                ),
                1 => format!("---\nentities:\n  e{i}: {{name: Person {}}}\n---\n", i % 3),
                _ => format!("[@e{}] [Person](@e0) [@e{}]\n", i % 8, i + 1),
            };
            Arc::new(DocumentEntry::summarise(
                dir.join(format!("{i:02}.news.md")).into(),
                &text,
                stamp(i as u128),
            ))
        })
        .collect()
    }

    /// Where each id of `ws` is defined, and which ids each name denotes:
    /// what go-to-definition reads.
    fn definition_answers(ws: &Workspace) -> Vec<String> {
        let mut ids: Vec<String> = ws.index().defined_ids().map(str::to_string).collect();
        ids.sort();
        let mut out: Vec<String> = ids
            .iter()
            .map(|id| {
                let found: Vec<String> = ws
                    .definitions(id)
                    .iter()
                    .map(|d| format!("{}@{:?}", d.file.path.display(), d.def.key))
                    .collect();
                format!("{id}: {found:?}")
            })
            .collect();
        let mut phrases: Vec<String> = ws
            .index()
            .phrases()
            .map(|(phrase, ids)| format!("{phrase}: {:?}", ids.collect::<Vec<_>>()))
            .collect();
        phrases.sort();
        out.extend(phrases);
        out.push(format!("longest {}", ws.index().longest_name()));
        out
    }

    /// A warm start reads the documents that define something first, and
    /// the names they use: every definition and name of the folder, the
    /// same as the whole cache's and a cold start's, before the other
    /// documents are decoded; then the others, and the whole index.
    #[test]
    fn the_documents_that_define_something_are_read_first_with_every_definition() {
        let dir = std::env::temp_dir().join(format!("newsls-cache-staged-{}", std::process::id()));
        let file = dir.join("index.bin");
        let entries = mixed(&dir);
        let mut cold = Workspace::default();
        cold.extend(entries.clone());
        write_in_chunks(&file, entries.iter().map(|e| &**e), 3).unwrap();

        let mut staged = Staged::open(&file).expect("a usable cache");
        let definers = staged
            .definers()
            .expect("the documents that define something");
        let mut read: Vec<&Path> = definers.entries.iter().map(|e| &*e.path).collect();
        read.sort();
        let defining: Vec<&Path> = entries
            .iter()
            .filter(|e| !e.summary().defines.is_empty())
            .map(|e| &*e.path)
            .collect();
        assert_eq!(read, defining);
        assert_eq!(defining.len(), 20);
        let mut stage = Workspace::default();
        stage.extend_cached(definers.clone());
        assert_eq!(definition_answers(&stage), definition_answers(&cold));
        // The other documents are not read yet.
        assert_eq!(stage.definitions("e0").len(), 1);
        assert_eq!(
            (
                stage.index().mention_count("e0"),
                cold.index().mention_count("e0")
            ),
            (0, 20)
        );

        let rest = staged.rest().expect("the other documents");
        assert!(
            rest.names.len() > definers.names.len(),
            "names only the others use"
        );
        let mut all = definers;
        all.append(rest);
        let mut warm = Workspace::default();
        warm.extend_cached(all);
        assert_eq!(index_answers(&warm), index_answers(&cold));

        // The second part damaged: the first is read (it has its own
        // checksum), the second refused with the reason.
        let mut bytes = std::fs::read(&file).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        std::fs::write(&file, &bytes).unwrap();
        let mut staged = Staged::open(&file).expect("the first part is whole");
        assert_eq!(staged.definers().map(|d| d.len()), Ok(20));
        assert_eq!(
            staged.rest().map(|r| r.len()),
            Err(Some("damaged (its checksum does not match)".to_string()))
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// The warm start's index, grouped by the numbers of the file's table
    /// of names across chunks, is the index of the same documents read
    /// cold; with documents left out by the settings too.
    #[test]
    fn the_index_from_the_cache_is_the_index_of_its_documents() {
        let dir = std::env::temp_dir().join(format!("newsls-cache-index-{}", std::process::id()));
        let file = dir.join("index.bin");
        let entries = mixed(&dir);
        let mut cold = Workspace::default();
        cold.extend(entries.clone());
        write_in_chunks(&file, entries.iter().map(|e| &**e), 3).unwrap();
        let (cached, problem) = read_entries(&file);
        assert_eq!((cached.len(), problem), (entries.len(), None));
        let mut warm = Workspace::default();
        warm.extend_cached(cached);
        assert_eq!(index_answers(&warm), index_answers(&cold));
        assert!(
            index_answers(&warm)
                .iter()
                .any(|a| a.starts_with("e1: [") && a.contains("00.news.md"))
        );

        let (mut cached, _) = read_entries(&file);
        let admitted = |path: &Path| !path.ends_with("00.news.md") && !path.ends_with("13.news.md");
        cached.retain(|e| admitted(&e.path));
        let mut warm = Workspace::default();
        warm.extend_cached(cached);
        let mut cold = Workspace::default();
        cold.extend(
            entries
                .iter()
                .filter(|e| admitted(&e.path))
                .cloned()
                .collect(),
        );
        assert_eq!(warm.len(), entries.len() - 2);
        assert_eq!(index_answers(&warm), index_answers(&cold));
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// What was written is read back; any damage to it is a whole miss.
    #[test]
    fn a_damaged_or_foreign_cache_is_ignored_whole() {
        let dir = std::env::temp_dir().join(format!("newsls-cache-unit-{}", std::process::id()));
        let file = dir.join("index.bin");
        let mut ws = Workspace::new(vec![dir.clone()]);
        let path: Arc<Path> = dir.join("a.news.md").into();
        let text = "---\nentities:\n  x: {name: X}\n---\n[@x]\n".to_string();
        ws.insert_shared(Arc::new(DocumentEntry::of(File::from_disk(
            path,
            text,
            stamp(7),
        ))));
        assert_eq!(write(&file, &ws).unwrap(), 1);
        let good = std::fs::read(&file).unwrap();
        let (cached, problem) = Cached::read(&file);
        assert_eq!((cached.len(), problem), (1, None));

        let mut flipped = good.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 1;
        let mut foreign = good.clone();
        foreign[0] = b'X';
        for bad in [
            flipped,
            foreign,
            good[..good.len() / 2].to_vec(),
            Vec::new(),
            b"garbage".to_vec(),
        ] {
            std::fs::write(&file, &bad).unwrap();
            let (cached, problem) = Cached::read(&file);
            assert!(cached.is_empty());
            assert!(problem.is_some() || bad.is_empty());
        }
        // Another format (as after an upgrade): not used, and no problem.
        let mut older = good.clone();
        older[MAGIC.len()..MAGIC.len() + 4].copy_from_slice(&(FORMAT - 1).to_le_bytes());
        std::fs::write(&file, &older).unwrap();
        let (cached, problem) = Cached::read(&file);
        assert_eq!((cached.len(), problem), (0, None));
        // Written whole (its checksum matches) by a build whose records have
        // another shape: not used, and no problem either.
        let version = env!("CARGO_PKG_VERSION");
        let header = MAGIC.len() + 8 + version.len();
        let mut reshaped = good[..header].to_vec();
        let first = [4u32.to_le_bytes().as_slice(), b"junk"].concat();
        reshaped.extend_from_slice(&(first.len() as u64).to_le_bytes());
        for part in [first.as_slice(), &[]] {
            reshaped.extend_from_slice(&xxhash_rust::xxh3::xxh3_128(part).to_le_bytes());
        }
        reshaped.extend_from_slice(&first);
        std::fs::write(&file, &reshaped).unwrap();
        let (cached, problem) = Cached::read(&file);
        assert_eq!((cached.len(), problem), (0, None));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
