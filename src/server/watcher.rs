//! The server's own file watcher, for clients that cannot watch files
//! (no `didChangeWatchedFiles.dynamicRegistration`: Neovim before 0.9,
//! many others). It watches the folders being indexed with `notify`,
//! debounced, and hands what changed to the same code as
//! `didChangeWatchedFiles` ([`notification::disk_changed`]), which applies
//! the same rules as the first walk (hidden, ignored, the document glob)
//! and re-reads only the files that changed.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use notify_debouncer_mini::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_mini::{DebounceEventResult, Debouncer, new_debouncer};
use tokio::sync::mpsc;

use super::handlers::notification;
use super::host::Shared;
use super::{log, log_warning};
use crate::workspace::{self, Links};

/// How long changes settle before they are applied: an editor's save
/// (write to a temporary file, rename) arrives as one change.
const DEBOUNCE: Duration = Duration::from_millis(100);

pub struct Watcher {
    debouncer: Debouncer<RecommendedWatcher>,
    watched: BTreeSet<PathBuf>,
}

impl Watcher {
    /// Starts watching; changes are applied from a task of the current
    /// runtime. `None`, and a warning, when the system refuses.
    pub fn start(shared: Arc<Shared>) -> Option<Watcher> {
        let (sender, mut changed) = mpsc::unbounded_channel::<Vec<PathBuf>>();
        let debouncer = new_debouncer(DEBOUNCE, move |result: DebounceEventResult| match result {
            Ok(events) => {
                let _ = sender.send(events.into_iter().map(|e| e.path).collect());
            }
            Err(error) => log_warning!("watching files: {error}"),
        });
        let debouncer = match debouncer {
            Ok(debouncer) => debouncer,
            Err(error) => {
                log_warning!(
                    "cannot watch files: {error}; changes on disk are seen only through open documents"
                );
                return None;
            }
        };
        tokio::spawn(async move {
            while let Some(paths) = changed.recv().await {
                let shared = shared.clone();
                let _ = tokio::task::spawn_blocking(move || apply(&shared, paths)).await;
            }
        });
        Some(Watcher {
            debouncer,
            watched: BTreeSet::new(),
        })
    }

    /// Watches exactly `roots` (each recursively) from now on.
    pub fn sync(&mut self, roots: &[PathBuf]) {
        let wanted: BTreeSet<PathBuf> = roots.iter().cloned().collect();
        for gone in self.watched.difference(&wanted) {
            let _ = self.debouncer.watcher().unwatch(gone);
        }
        for new in wanted.difference(&self.watched) {
            match self
                .debouncer
                .watcher()
                .watch(new, RecursiveMode::Recursive)
            {
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
fn apply(shared: &Arc<Shared>, paths: Vec<PathBuf>) {
    let mut changes: Vec<(PathBuf, bool)> = Vec::new();
    for path in paths {
        if path.is_dir() {
            let found = workspace::discover(std::slice::from_ref(&path), Links::WithinRoots);
            changes.extend(found.documents.into_iter().map(|p| (p, false)));
        } else if path.exists() {
            changes.push((path, false));
        } else {
            changes.extend(indexed_under(shared, &path).into_iter().map(|p| (p, true)));
            changes.push((path, true));
        }
    }
    changes.sort();
    changes.dedup();
    notification::disk_changed(shared, changes);
}

/// The indexed documents under `folder` (a folder deleted or moved away).
fn indexed_under(shared: &Shared, folder: &Path) -> Vec<PathBuf> {
    shared
        .lock()
        .workspace
        .files()
        .map(|f| f.path.to_path_buf())
        .filter(|p| p != folder && p.starts_with(folder))
        .collect()
}
