//! Checking a workspace made from the index cache against its folders.
//!
//! The server answers from the cache as soon as it is decoded, then walks
//! the folders and takes the `stat` of every document in the background:
//! [`recheck`] says what changed on disk since the cache was written
//! (documents edited, added, deleted), and the server applies that
//! through its host, as it applies the watcher's changes.

use std::collections::HashSet;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use super::cache::{self, Compared};
use super::discover::{LoadError, Loaded, checked_metadata, parse_from_disk};
use super::{DocumentEntry, Workspace};

/// What the folders say of a workspace made from the index cache.
#[derive(Default)]
pub struct Corrections {
    /// Each document that changed on disk, appeared, or is gone (`None`),
    /// by path: what the workspace keeps of it now.
    pub changes: Vec<(PathBuf, Option<Arc<DocumentEntry>>)>,
    /// How many were unchanged, read again with the same content, parsed
    /// or removed, and the documents that could not be read.
    pub loaded: Loaded,
}

impl Corrections {
    /// What the workspace `cached` keeps of each document with these
    /// corrections applied: the documents as they are on disk now, for the
    /// cache to be written from.
    pub fn on_disk<'a>(&'a self, cached: &'a Workspace) -> impl Iterator<Item = &'a DocumentEntry> {
        let changed: HashSet<&Path> = self.changes.iter().map(|(p, _)| p.as_path()).collect();
        cached
            .entries()
            .filter(move |entry| !changed.contains(&*entry.path))
            .chain(self.changes.iter().filter_map(|(_, e)| e.as_deref()))
    }

    /// `true` when the cache no longer says what is on disk.
    pub fn any(&self) -> bool {
        !self.changes.is_empty()
    }
}

/// How a document found on disk compares with the workspace's.
enum Found {
    Unchanged,
    /// Read again: the same content, under a new stamp.
    SameContent(DocumentEntry),
    Parsed(DocumentEntry),
    /// It cannot be read (any more): not indexed, as on a cold start.
    Unreadable(LoadError),
}

/// Compares `cached`, a workspace made from the index cache, with
/// `found`, the documents a walk of its folders finds now. A document
/// whose size or modification time changed is read again (and parsed
/// when its content changed), a document not in `cached` is read, one of
/// `cached` read from disk and not found is gone. Adds one to
/// `read_so_far` for each document found.
pub fn recheck(cached: &Workspace, found: &[PathBuf], read_so_far: &AtomicUsize) -> Corrections {
    let known = AtomicUsize::new(0);
    let results: Vec<(usize, Found)> = found
        .par_iter()
        .enumerate()
        .map(|(i, path)| {
            let how = check_one(cached, path, &known);
            read_so_far.fetch_add(1, Ordering::Relaxed);
            (i, how)
        })
        .filter(|(_, how)| !matches!(how, Found::Unchanged))
        .collect();
    let mut corrections = Corrections::default();
    let loaded = &mut corrections.loaded;
    loaded.unchanged = found.len() - results.len();
    for (i, how) in results {
        let Some(path) = found.get(i) else { continue };
        let entry = match how {
            Found::Unchanged => continue,
            Found::SameContent(entry) => {
                loaded.same_content += 1;
                Some(Arc::new(entry))
            }
            Found::Parsed(entry) => {
                loaded.parsed += 1;
                Some(Arc::new(entry))
            }
            Found::Unreadable(error) => {
                loaded.errors.push(error);
                if cached.entry(path).is_none() {
                    continue;
                }
                None
            }
        };
        corrections.changes.push((path.clone(), entry));
    }
    // Documents of the cache not found: only looked for when some are
    // missing (every one found is counted in `known`).
    let from_disk = cached.entries().filter(|e| e.cached().is_some()).count();
    if known.load(Ordering::Relaxed) < from_disk {
        let found: HashSet<&OsStr> = found.iter().map(|p| p.as_os_str()).collect();
        let mut gone: Vec<PathBuf> = cached
            .entries()
            .filter(|e| e.cached().is_some() && !found.contains(e.path.as_os_str()))
            .map(|e| e.path.to_path_buf())
            .collect();
        corrections.loaded.removed = gone.len();
        gone.sort_unstable_by(|a, b| a.as_os_str().cmp(b.as_os_str()));
        corrections
            .changes
            .extend(gone.into_iter().map(|path| (path, None)));
    }
    corrections
        .changes
        .sort_by(|a, b| a.0.as_os_str().cmp(b.0.as_os_str()));
    corrections
}

fn check_one(cached: &Workspace, path: &Path, known: &AtomicUsize) -> Found {
    let kept = cached.entry(path).and_then(DocumentEntry::cached);
    if kept.is_some() {
        known.fetch_add(1, Ordering::Relaxed);
    }
    let metadata = match checked_metadata(path) {
        Ok(metadata) => metadata,
        Err(error) => return Found::Unreadable(error),
    };
    let mut bytes = None;
    if let Some((stamp, skeleton)) = kept {
        match cache::compare(stamp, &metadata, || std::fs::read(path).ok()) {
            Compared::Unchanged => return Found::Unchanged,
            Compared::SameContent(now, _) => {
                let skeleton = Box::new(skeleton.clone());
                return Found::SameContent(DocumentEntry::from_cache(path.into(), now, skeleton));
            }
            Compared::Changed(read) => bytes = read,
        }
    }
    match parse_from_disk(path, &metadata, bytes) {
        Ok(entry) => Found::Parsed(entry),
        Err(error) => Found::Unreadable(error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::{Links, cache, discover, load};
    use std::time::{Duration, SystemTime};

    /// Sets a file's modification time `hours` back: the cache trusts size
    /// and time only for files not modified in the last moments.
    fn age(path: &Path, hours: u64) {
        let file = std::fs::File::options().write(true).open(path).unwrap();
        file.set_modified(SystemTime::now() - Duration::from_secs(3600 * hours))
            .unwrap();
    }

    fn write(path: &Path, text: &str, hours: u64) {
        std::fs::write(path, text).unwrap();
        age(path, hours);
    }

    const REGISTRY: &str = "---\nentities:\n  putin: {name: Vladimir Putin}\n---\n";

    /// A document edited on disk while the server was down, one deleted,
    /// one added, one whose record is stale (same size, other content:
    /// only the hash tells) and one only touched: after the corrections,
    /// the workspace made from the cache says what a cold reading says.
    #[test]
    fn the_corrected_cache_is_a_cold_reading() {
        let root = std::env::temp_dir().join(format!("newsls-recheck-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("sub")).unwrap();
        let file = root.join("cache.bin");
        let path = |name: &str| root.join(name);
        write(&path("registry.news.md"), REGISTRY, 5);
        write(&path("edited.news.md"), "About [@putin].\n", 5);
        write(
            &path("deleted.news.md"),
            "---\nentities:\n  gone: {name: Gone Away}\n---\n",
            5,
        );
        write(&path("stale.news.md"), "Talks with [@putin].\n", 5);
        write(&path("touched.news.md"), "[@merz] spoke.\n", 5);
        write(&path("sub/same.news.md"), "Nothing changes here.\n", 5);
        let roots = vec![root.clone()];
        let mut before = Workspace::new(roots.clone());
        let found = discover(&roots, Links::WithinRoots).documents;
        assert!(load(&mut before, &found).is_empty());
        cache::write(&file, &before).unwrap();

        // While the server is down.
        write(
            &path("edited.news.md"),
            "About [@putin] and [@gone], longer.\n",
            4,
        );
        std::fs::remove_file(path("deleted.news.md")).unwrap();
        write(
            &path("sub/added.news.md"),
            "---\nentities:\n  merz: {name: Friedrich Merz}\n---\n",
            4,
        );
        write(&path("stale.news.md"), "Talks with [@merzz].\n", 4);
        age(&path("touched.news.md"), 3);

        let (cached, problem) = cache::read_entries(&file);
        assert_eq!(problem, None);
        let mut warm = Workspace::new(roots.clone());
        warm.extend_cached(cached);
        assert!(warm.index().is_defined("gone"));
        let found = discover(&roots, Links::WithinRoots).documents;
        let corrections = recheck(&warm, &found, &AtomicUsize::new(0));
        let loaded = &corrections.loaded;
        assert_eq!(
            (
                loaded.unchanged,
                loaded.same_content,
                loaded.parsed,
                loaded.removed
            ),
            (2, 1, 3, 1)
        );
        let changed: Vec<(String, bool)> = corrections
            .changes
            .iter()
            .map(|(p, e)| {
                (
                    p.strip_prefix(&root).unwrap().display().to_string(),
                    e.is_some(),
                )
            })
            .collect();
        assert_eq!(
            changed,
            [
                ("deleted.news.md".to_string(), false),
                ("edited.news.md".to_string(), true),
                ("stale.news.md".to_string(), true),
                ("sub/added.news.md".to_string(), true),
                ("touched.news.md".to_string(), true),
            ]
        );
        let on_disk: Vec<&DocumentEntry> = corrections.on_disk(&warm).collect();
        assert_eq!(on_disk.len(), 6);
        for (path, entry) in corrections.changes {
            match entry {
                Some(entry) => warm.insert_shared(entry),
                None => warm.remove(&path),
            };
        }

        let mut cold = Workspace::new(roots.clone());
        assert!(load(&mut cold, &found).is_empty());
        assert_eq!(warm.len(), cold.len());
        for entry in cold.entries() {
            let corrected = warm.entry(&entry.path).expect("in the corrected workspace");
            assert_eq!(
                corrected.summary(),
                entry.summary(),
                "{}",
                entry.path.display()
            );
            assert_eq!(
                corrected.cached(),
                entry.cached(),
                "{}",
                entry.path.display()
            );
        }
        let index = warm.index();
        assert!(!index.is_defined("gone"));
        assert!(index.is_defined("merz"));
        assert_eq!(index.mention_count("gone"), 1);
        assert_eq!(index.mention_count("merzz"), 1);
        assert_eq!(index.mention_count("putin"), 1);

        // Nothing changed since: nothing to correct.
        let again = recheck(&warm, &found, &AtomicUsize::new(0));
        assert!(!again.any());
        assert_eq!(again.loaded.unchanged, 6);
        let _ = std::fs::remove_dir_all(&root);
    }
}
