//! The server's own file watcher, for clients that cannot watch files
//! (no `didChangeWatchedFiles.dynamicRegistration`: Neovim before 0.9,
//! many others). It watches the folders being indexed with `notify`,
//! debounced, and hands what changed to the same code as
//! `didChangeWatchedFiles` ([`indexing::disk_changed`]), which applies
//! the same rules as the first walk (hidden, ignored, the document glob)
//! and re-reads only the files that changed.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use notify::event::{AccessKind, AccessMode};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};
use tokio::sync::mpsc;

use super::indexing;
use super::state::State;
use super::{log, log_warning};
use crate::workspace::{self, Links};

/// How long changes settle before they are applied: an editor's save
/// (write to a temporary file, rename) arrives as one change.
const DEBOUNCE: Duration = Duration::from_millis(100);

struct Watcher {
    watcher: RecommendedWatcher,
    watched: BTreeSet<PathBuf>,
}

/// Starts watching the folders indexed, and follows them as they change;
/// changes are applied from a task of the current runtime. A warning, and
/// no watching, when the system refuses.
pub fn start(state: Arc<State>) {
    let (sender, mut changed) = mpsc::unbounded_channel::<Vec<PathBuf>>();
    let watcher = notify::recommended_watcher(move |result: notify::Result<Event>| match result {
        Ok(event) if changes_content(&event.kind) => {
            let _ = sender.send(event.paths);
        }
        Ok(_) => {}
        Err(error) => log_warning!("watching files: {error}"),
    });
    let watcher = match watcher {
        Ok(watcher) => watcher,
        Err(error) => {
            log_warning!(
                "cannot watch files: {error}; changes on disk are seen only through open documents"
            );
            return;
        }
    };
    let applying = state.clone();
    tokio::spawn(async move {
        while let Some(mut paths) = changed.recv().await {
            // Debounce: what arrives while the first change settles
            // is applied with it.
            tokio::time::sleep(DEBOUNCE).await;
            while let Ok(more) = changed.try_recv() {
                paths.extend(more);
            }
            let state = applying.clone();
            let _ = tokio::task::spawn_blocking(move || apply(&state, paths)).await;
        }
    });
    tokio::spawn(follow_roots(
        state,
        Watcher {
            watcher,
            watched: BTreeSet::new(),
        },
    ));
}

/// Watches the folders indexed now, and again each time they change.
/// Watching walks every folder under the roots, reading each one whole
/// (100,000 documents: a tenth of a second), so it runs on a blocking
/// thread, off the path of notifications and answers.
async fn follow_roots(state: Arc<State>, mut watcher: Watcher) {
    loop {
        let roots = state.lock().workspace.roots().to_vec();
        watcher = match tokio::task::spawn_blocking(move || {
            watcher.sync(&roots);
            watcher
        })
        .await
        {
            Ok(watcher) => watcher,
            Err(error) => {
                log_warning!("watching files stopped: {error}");
                return;
            }
        };
        state.roots_change().await;
    }
}

impl Watcher {
    /// Watches exactly `roots` (each recursively) from now on.
    fn sync(&mut self, roots: &[PathBuf]) {
        let wanted: BTreeSet<PathBuf> = roots.iter().cloned().collect();
        for gone in self.watched.difference(&wanted) {
            let _ = self.watcher.unwatch(gone);
        }
        for new in wanted.difference(&self.watched) {
            match self.watcher.watch(new, RecursiveMode::Recursive) {
                Ok(()) => log!("watching {} for changes on disk", new.display()),
                Err(error) => log_warning!("cannot watch {}: {error}", new.display()),
            }
        }
        self.watched = wanted;
    }
}

/// Turns the paths the watcher reported into file changes: a folder that
/// appeared brings its documents, a folder that went takes its documents
/// with it.
fn apply(state: &Arc<State>, paths: Vec<PathBuf>) {
    let mut changes: Vec<(PathBuf, bool)> = Vec::new();
    for path in paths {
        if path.is_dir() {
            let found = workspace::discover(std::slice::from_ref(&path), Links::WithinRoots);
            changes.extend(found.documents.into_iter().map(|p| (p, false)));
        } else if path.exists() {
            changes.push((path, false));
        } else {
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
