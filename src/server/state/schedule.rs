//! Which open documents need their diagnostics computed again, and in what
//! order: the diagnostics worker's queue (see `server::diagnostics`).

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tower_lsp_server::ls_types::Uri;

use super::open::OpenDocument;
use crate::server::config::SettingsFile;
use crate::server::snapshot::Snapshot;
use crate::workspace::{Reach, Workspace};

/// How many documents not just edited are computed in one go. A batch is
/// computed whole, so an edit made meanwhile waits for it: fifty documents
/// opened at once took 10-16 ms at 100,000 documents, the next keystroke's
/// diagnostics waiting behind them.
pub const AT_ONCE: usize = 4;

/// The documents whose diagnostics must be computed again.
#[derive(Default)]
pub struct Schedule {
    /// Documents whose diagnostics must be recomputed, or cleared when they
    /// are no longer open.
    marked: BTreeSet<PathBuf>,
    /// The marked documents that were themselves edited (or opened), each
    /// with the number of its latest edit: computed and published before
    /// the rest, the latest first.
    edited: HashMap<PathBuf, u64>,
    /// How many edits were recorded: the number of the next.
    edits: u64,
    /// For each open document, the other documents its last computed
    /// diagnostics point into (related information), which can move when
    /// those documents change even if their summary does not.
    related: HashMap<PathBuf, Vec<PathBuf>>,
}

/// The diagnostics worker's next piece of work.
pub struct Batch {
    /// The jobs are the documents just edited, which a client that pulls
    /// diagnostics asks for itself after each edit.
    pub edited: bool,
    /// The client pulls diagnostics: nothing is published to it, it is
    /// told to pull again when other documents' diagnostics changed.
    pub pull: bool,
    /// What the jobs are computed on, as a request would read it.
    pub snapshot: Snapshot,
    pub jobs: Vec<Job>,
    /// Settings files to publish the problems of (`None`: gone, clear).
    pub settings_files: Vec<(PathBuf, Option<SettingsFile>)>,
}

pub struct Job {
    pub path: PathBuf,
    /// The URI and version to publish under; `None` when the document was
    /// closed and its diagnostics are to be cleared.
    pub open: Option<(Uri, i32)>,
}

impl Schedule {
    /// Marks `path`: open, its diagnostics are computed again; closed,
    /// what was published for it is cleared.
    pub fn mark(&mut self, path: &Path) {
        self.marked.insert(path.to_path_buf());
    }

    /// Marks every open document.
    pub fn mark_open(&mut self, open: &HashMap<PathBuf, OpenDocument>) {
        self.marked.extend(open.keys().cloned());
    }

    /// Marks the open documents whose diagnostics a change to `path`,
    /// reaching `reach`, may have changed: `path` itself (first, if open),
    /// the open documents that read what the change reaches (see
    /// [`Reach::reaches`]), and those whose diagnostics point into `path`.
    pub fn mark_reached(
        &mut self,
        path: &Path,
        reach: &Reach,
        open: &HashMap<PathBuf, OpenDocument>,
        workspace: &Workspace,
    ) {
        match reach {
            Reach::Everything => self.mark_open(open),
            Reach::Ids(_) => {
                for doc in open.keys() {
                    if workspace
                        .entry(doc)
                        .is_some_and(|f| reach.reaches(f.summary()))
                    {
                        self.marked.insert(doc.clone());
                    }
                }
            }
            Reach::Nothing => {}
        }
        for (doc, related) in &self.related {
            if related.iter().any(|p| p == path) && open.contains_key(doc) {
                self.marked.insert(doc.clone());
            }
        }
        if open.contains_key(path) {
            self.marked.insert(path.to_path_buf());
            self.edits += 1;
            self.edited.insert(path.to_path_buf(), self.edits);
        }
    }

    /// The document closed: where its diagnostics pointed no longer
    /// matters.
    pub fn closed(&mut self, path: &Path) {
        self.related.remove(path);
    }

    pub fn has_marked(&self) -> bool {
        !self.marked.is_empty()
    }

    /// Takes the next documents to compute: the document edited (or
    /// opened) last alone, before the others its edit affects (`true`
    /// then); else up to [`AT_ONCE`] marked ones.
    pub fn take(&mut self) -> (bool, Vec<PathBuf>) {
        let Schedule { marked, edited, .. } = self;
        edited.retain(|path, _| marked.contains(path));
        let latest = edited
            .iter()
            .max_by_key(|&(_, &number)| number)
            .map(|(path, _)| path.clone());
        match latest {
            Some(path) => {
                edited.remove(&path);
                marked.remove(&path);
                (true, vec![path])
            }
            None => {
                let taken = std::iter::from_fn(|| marked.pop_first())
                    .take(AT_ONCE)
                    .collect();
                (false, taken)
            }
        }
    }

    /// Records where the diagnostics of the open document `path`, computed
    /// on `computed_on`, point. If one of those documents changed since
    /// (in `now`), the change could not know to mark `path`, so it is
    /// marked now; returns `true` then.
    pub fn record_related(
        &mut self,
        path: &Path,
        related: Vec<PathBuf>,
        computed_on: &Workspace,
        now: &Workspace,
    ) -> bool {
        let moved = related.iter().any(|p| {
            let then = computed_on.shared_entry(p).map(Arc::as_ptr);
            let now = now.shared_entry(p).map(Arc::as_ptr);
            then != now
        });
        if moved {
            self.marked.insert(path.to_path_buf());
        }
        self.related.insert(path.to_path_buf(), related);
        moved
    }
}
