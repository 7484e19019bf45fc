//! The server's own file watcher, for clients that cannot watch files
//! (no `didChangeWatchedFiles.dynamicRegistration`: Neovim before 0.9,
//! many others). It watches the folders being indexed (on Linux each
//! folder with inotify, for changes only: `folders.rs`; elsewhere each
//! root with `notify`), debounced, and hands what changed to the same code as
//! `didChangeWatchedFiles` ([`indexing::disk_changed`]), which applies
//! the same rules as the first walk (hidden, ignored, the document glob)
//! and re-reads only the files that changed.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use notify::event::{AccessKind, AccessMode};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};
use tokio::sync::mpsc;

use super::state::State;
use super::{background, indexing};
use super::{log, log_warning};
use crate::workspace::{self, Links};

#[cfg(target_os = "linux")]
mod folders;

/// How long changes settle before they are applied: an editor's save
/// (write to a temporary file, rename) arrives as one change.
const DEBOUNCE: Duration = Duration::from_millis(100);

/// How the folders are watched.
enum Backend {
    /// Linux: each folder on its own, for changes only (`folders.rs`).
    #[cfg(target_os = "linux")]
    Folders(folders::Folders),
    /// Each root with every folder under it, by notify: where the system
    /// watches a tree itself (macOS, Windows), and on Linux should
    /// inotify refuse a watcher of our own.
    Trees(RecommendedWatcher),
}

struct Watcher {
    backend: Backend,
    roots: BTreeSet<PathBuf>,
}

/// The watcher, shared by the task that follows the roots and the one
/// that applies changes (a folder that appears is watched too).
type Shared = Arc<Mutex<Watcher>>;

/// Starts watching the folders indexed, and follows them as they change;
/// changes are applied from a task of the current runtime. A warning, and
/// no watching, when the system refuses.
pub fn start(state: Arc<State>) {
    let (sender, mut changed) = mpsc::unbounded_channel::<Vec<PathBuf>>();
    let backend = match backend(sender) {
        Ok(backend) => backend,
        Err(error) => {
            log_warning!(
                "cannot watch files: {error}; changes on disk are seen only through open documents"
            );
            return;
        }
    };
    let watcher: Shared = Arc::new(Mutex::new(Watcher {
        backend,
        roots: BTreeSet::new(),
    }));
    let applying = state.clone();
    let watching = watcher.clone();
    tokio::spawn(async move {
        while let Some(mut paths) = changed.recv().await {
            // Debounce: what arrives while the first change settles
            // is applied with it.
            tokio::time::sleep(DEBOUNCE).await;
            while let Ok(more) = changed.try_recv() {
                paths.extend(more);
            }
            let state = applying.clone();
            let watcher = watching.clone();
            let _ = tokio::task::spawn_blocking(move || apply(&state, &watcher, paths)).await;
        }
    });
    tokio::spawn(follow_roots(state, watcher));
}

/// The watcher of this system, sending what changed to `changed`.
fn backend(changed: mpsc::UnboundedSender<Vec<PathBuf>>) -> Result<Backend, String> {
    #[cfg(target_os = "linux")]
    {
        let sender = changed.clone();
        match folders::Folders::start(move |paths| {
            let _ = sender.send(paths);
        }) {
            Ok(folders) => return Ok(Backend::Folders(folders)),
            Err(error) => log!("watching each folder: {error}; watching with notify"),
        }
    }
    notify::recommended_watcher(move |result: notify::Result<Event>| match result {
        Ok(event) if changes_content(&event.kind) => {
            let _ = changed.send(event.paths);
        }
        Ok(_) => {}
        Err(error) => log_warning!("watching files: {error}"),
    })
    .map(Backend::Trees)
    .map_err(|error| error.to_string())
}

/// Watches the folders indexed now, and again each time they change.
/// Watching reads every folder under the roots (a thousand folders of a
/// thousand documents: a fraction of a second), so it runs in the
/// background, off the path of notifications and answers.
async fn follow_roots(state: Arc<State>, watcher: Shared) {
    loop {
        let roots = state.lock().workspace.roots().to_vec();
        let watcher = watcher.clone();
        if let Err(error) = background::run(move || lock(&watcher).sync(&roots)).await {
            log_warning!("watching files stopped: {error}");
            return;
        }
        state.roots_change().await;
    }
}

fn lock(watcher: &Shared) -> MutexGuard<'_, Watcher> {
    watcher.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Watcher {
    /// Watches exactly `roots` (each with every folder under it) from now
    /// on.
    fn sync(&mut self, roots: &[PathBuf]) {
        let wanted: BTreeSet<PathBuf> = roots.iter().cloned().collect();
        for gone in self.roots.difference(&wanted) {
            match &mut self.backend {
                #[cfg(target_os = "linux")]
                Backend::Folders(folders) => folders.forget(gone),
                Backend::Trees(trees) => {
                    let _ = trees.unwatch(gone);
                }
            }
        }
        for new in wanted.difference(&self.roots) {
            let watched = match &mut self.backend {
                #[cfg(target_os = "linux")]
                Backend::Folders(folders) => watch_folders(folders, new)
                    .map(|count| format!(" ({count} folders)"))
                    .map_err(|error| error.to_string()),
                Backend::Trees(trees) => trees
                    .watch(new, RecursiveMode::Recursive)
                    .map(|()| String::new())
                    .map_err(|error| error.to_string()),
            };
            match watched {
                Ok(folders) => log!("watching {} for changes on disk{folders}", new.display()),
                Err(error) => log_warning!("cannot watch {}: {error}", new.display()),
            }
        }
        self.roots = wanted;
    }

    /// A folder that appeared under a root (made, moved or renamed there):
    /// watched too, with the folders in it (a tree watch does so itself).
    fn appeared(&mut self, folder: &Path) {
        #[cfg(target_os = "linux")]
        if let Backend::Folders(folders) = &mut self.backend
            && self.roots.iter().any(|r| folder.starts_with(r))
        {
            let _ = watch_folders(folders, folder);
        }
        #[cfg(not(target_os = "linux"))]
        let _ = folder;
    }

    /// A path that is gone: the folders watched under it are forgotten.
    fn gone(&mut self, path: &Path) {
        #[cfg(target_os = "linux")]
        if let Backend::Folders(folders) = &mut self.backend {
            folders.forget(path);
        }
        #[cfg(not(target_os = "linux"))]
        let _ = path;
    }
}

/// Watches `top` and every folder under it, each on its own: how many.
/// An error only when `top` itself cannot be watched.
#[cfg(target_os = "linux")]
fn watch_folders(watched: &mut folders::Folders, top: &Path) -> std::io::Result<usize> {
    let found = folders_under(top);
    let count = found.len();
    for folder in found {
        match watched.watch(&folder) {
            Ok(()) => {}
            Err(error) if folder == top => return Err(error),
            // Gone since it was read, or not readable: its parent's watch
            // reports it if it comes back.
            Err(_) => {}
        }
    }
    Ok(count)
}

/// `top` and the folders under it, found by reading each folder's
/// entries (the kind of an entry comes with it: no file's metadata is
/// taken). Hidden folders are left out, as the walk for documents leaves
/// them out; a symbolic link to a folder is followed once for each folder
/// it leads to, so a link to an ancestor does not loop.
#[cfg(target_os = "linux")]
fn folders_under(top: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![top.to_path_buf()];
    let mut linked = std::collections::HashSet::new();
    while let Some(folder) = pending.pop() {
        if let Ok(entries) = std::fs::read_dir(&folder) {
            for entry in entries.flatten() {
                if entry.file_name().as_encoded_bytes().starts_with(b".") {
                    continue;
                }
                let Ok(kind) = entry.file_type() else {
                    continue;
                };
                let path = entry.path();
                let folder = kind.is_dir()
                    || kind.is_symlink()
                        && path.is_dir()
                        && path.canonicalize().is_ok_and(|to| linked.insert(to));
                if folder {
                    pending.push(path);
                }
            }
        }
        found.push(folder);
    }
    found
}

/// Turns the paths the watcher reported into file changes: a folder that
/// appeared brings its documents, a folder that went takes its documents
/// with it.
fn apply(state: &Arc<State>, watcher: &Shared, paths: Vec<PathBuf>) {
    let mut changes: Vec<(PathBuf, bool)> = Vec::new();
    for path in paths {
        if path.is_dir() {
            // Watched before it is walked: what is written in it from
            // now on is reported, what was written before is found.
            lock(watcher).appeared(&path);
            let found = workspace::discover(std::slice::from_ref(&path), Links::WithinRoots);
            changes.extend(found.documents.into_iter().map(|p| (p, false)));
        } else if path.exists() {
            changes.push((path, false));
        } else {
            lock(watcher).gone(&path);
            changes.extend(indexed_under(state, &path).into_iter().map(|p| (p, true)));
            changes.push((path, true));
        }
    }
    changes.sort();
    changes.dedup();
    indexing::disk_changed(state, changes);
}

/// `false` for what only reads a file (opening, closing without writing,
/// access): notify 8 reports those on Linux, and the server's own reading
/// of a document (indexing, re-reading a changed one) would otherwise
/// come back as a change and be read again, for ever.
fn changes_content(kind: &EventKind) -> bool {
    match kind {
        // Closing a file written to is the surest sign it changed.
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// The indexed documents under `folder` (a folder deleted or moved away).
fn indexed_under(state: &State, folder: &Path) -> Vec<PathBuf> {
    state
        .lock()
        .workspace
        .entries()
        .map(|f| f.path.to_path_buf())
        .filter(|p| p != folder && p.starts_with(folder))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, ModifyKind, RemoveKind};

    #[test]
    fn reading_a_file_is_not_a_change() {
        for read in [
            AccessKind::Open(AccessMode::Any),
            AccessKind::Close(AccessMode::Read),
            AccessKind::Read,
        ] {
            assert!(!changes_content(&EventKind::Access(read)), "{read:?}");
        }
        for change in [
            EventKind::Create(CreateKind::File),
            EventKind::Modify(ModifyKind::Any),
            EventKind::Remove(RemoveKind::File),
            EventKind::Access(AccessKind::Close(AccessMode::Write)),
        ] {
            assert!(changes_content(&change), "{change:?}");
        }
    }
}
