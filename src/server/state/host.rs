//! The [`Host`]: the state behind the mutex, through which every change
//! goes. Each change is applied to the workspace, then recorded in the
//! rooms it concerns: the diagnostics [`Schedule`], the changes for pulls.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tower_lsp_server::ls_types::{TextDocumentContentChangeEvent, Uri};

use super::open::{self, OpenDocument};
use super::pulls::{Changes, PullChanges};
use super::schedule::{Batch, Job, Schedule};
use super::settings::SettingsState;
use crate::server::config::Config;
use crate::server::convert::{ClientSupport, Encoding};
use crate::server::log_warning;
use crate::server::snapshot::Snapshot;
use crate::server::tokens_cache::TokensCache;
use crate::workspace::{self, DocumentEntry, Effect, File, LoadError, Workspace};

#[derive(Default)]
pub struct Host {
    pub workspace: Workspace,
    pub open: HashMap<PathBuf, OpenDocument>,
    pub encoding: Encoding,
    /// What the client accepts in answers, from `initialize`.
    pub support: Arc<ClientSupport>,
    /// The semantic tokens last sent for each document, for deltas.
    pub semantic_tokens: Arc<TokensCache>,
    pub settings: SettingsState,
    /// Which documents' diagnostics to compute next.
    schedule: Schedule,
    /// What changed since the last report of every document.
    pulls: PullChanges,
    /// While the folders are first read in the background: the documents
    /// that changed on disk meanwhile, whose version here is newer than
    /// the one being read.
    changed_while_indexing: Option<HashSet<PathBuf>>,
    /// While the folders are checked against a workspace made from the
    /// index cache: the documents changed here meanwhile (on disk, or
    /// closed in the editor), whose version here is newer than the one the
    /// check read.
    changed_while_checking: Option<HashSet<PathBuf>>,
}

impl Host {
    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            workspace: self.workspace.clone(),
            encoding: self.encoding,
            support: self.support.clone(),
            settings: self.settings.in_force(),
            semantic_tokens: self.semantic_tokens.clone(),
        }
    }

    /// The folders `roots` are about to be read in the background. Until
    /// [`Host::finish_indexing`], the workspace holds only what the editor
    /// opens or changes, and says it is still indexing.
    pub fn begin_indexing(&mut self, roots: Vec<PathBuf>) {
        self.workspace = Workspace::new(roots);
        self.workspace.set_indexing(true);
        self.changed_while_indexing = Some(HashSet::new());
    }

    /// The folders have been read into `loaded`. Whatever changed here
    /// meanwhile (open documents, changes on disk, folders added or
    /// removed) is newer than what was read, so it is laid over `loaded`,
    /// which then becomes the workspace. Every open document's
    /// diagnostics are recomputed, now with the whole folder.
    pub fn finish_indexing(&mut self, loaded: Workspace) {
        self.finish(loaded);
    }

    /// [`Host::finish_indexing`] with `loaded` made from the index cache:
    /// what the folders say differs from it comes through
    /// [`Host::correct_from_disk`], until [`Host::finish_check`].
    pub fn finish_indexing_from_cache(&mut self, loaded: Workspace) {
        let changed = self.finish(loaded);
        self.changed_while_checking = Some(changed);
    }

    /// Makes `loaded` the workspace (see [`Host::finish_indexing`]);
    /// returns the documents changed on disk while it was read.
    fn finish(&mut self, loaded: Workspace) -> HashSet<PathBuf> {
        let mut loaded = self.laid_over(loaded);
        let changed = self.changed_while_indexing.take().unwrap_or_default();
        loaded.set_indexing(false);
        self.workspace = loaded;
        self.everything_changed();
        changed
    }

    /// A snapshot of `definers` (the documents that define something, read
    /// from the index cache while the others are not yet: see
    /// `State::definitions`) with what changed here laid over it as
    /// [`Host::finish_indexing`] lays it: every definition as the complete
    /// index will have it. Still indexing: nothing else may be concluded
    /// from it.
    pub fn snapshot_of_definitions(&self, definers: Workspace) -> Snapshot {
        let mut snapshot = self.snapshot();
        snapshot.workspace = self.laid_over(definers);
        snapshot.workspace.set_indexing(true);
        snapshot
    }

    /// `loaded` (read while the workspace was being indexed) with what
    /// changed here meanwhile laid over it: the folders added or removed,
    /// every document the workspace holds (open, or changed on disk), and
    /// those changed on disk that are gone.
    fn laid_over(&self, mut loaded: Workspace) -> Workspace {
        if loaded.roots() != self.workspace.roots() {
            for root in loaded.roots().to_vec() {
                if !self.workspace.roots().contains(&root) {
                    for path in loaded.remove_root(&root) {
                        loaded.remove(&path);
                    }
                }
            }
            for root in self.workspace.roots() {
                loaded.add_root(root.clone());
            }
        }
        for file in self.workspace.shared_entries() {
            loaded.insert_shared(file.clone());
        }
        for path in self.changed_while_indexing.iter().flatten() {
            if self.workspace.load_file(path).is_none() {
                loaded.remove(path);
            }
        }
        loaded
    }

    /// The check of the folders found the document at `path` changed on
    /// disk since the index cache was written: `entry` is what to keep of
    /// it now (`None`: it is gone). Ignored when the document is open (the
    /// editor's text wins), changed here since the check began (that
    /// version is newer), or no longer under a root.
    pub fn correct_from_disk(&mut self, path: &Path, entry: Option<Arc<DocumentEntry>>) {
        let newer_here = self
            .changed_while_checking
            .as_ref()
            .is_some_and(|changed| changed.contains(path));
        if newer_here || self.open.contains_key(path) || !self.workspace.is_under_a_root(path) {
            return;
        }
        let effect = match entry {
            Some(entry) => self.workspace.insert_shared(entry),
            None => self.workspace.remove(path),
        };
        self.record_change(path, effect);
    }

    /// The folders have been checked against the index cache.
    pub fn finish_check(&mut self) {
        self.changed_while_checking = None;
    }

    /// The folders were read again after a change of settings: `loaded`
    /// becomes the workspace, with the editor's text of open documents.
    pub fn reindexed(&mut self, mut loaded: Workspace) {
        for path in self.open.keys() {
            if let Some(file) = self.workspace.shared_entry(path) {
                loaded.insert_shared(file.clone());
            }
        }
        loaded.set_indexing(self.workspace.is_indexing());
        self.workspace = loaded;
        self.everything_changed();
    }

    /// The editor's text of an open document.
    pub fn text(&self, path: &Path) -> Option<&str> {
        let doc = self.open.get(path)?;
        match &doc.not_analysed {
            Some(text) => Some(text),
            None => self.workspace.load_file(path).map(|f| f.text.as_str()),
        }
    }

    pub fn did_open(&mut self, path: PathBuf, uri: Uri, text: String, version: i32) {
        self.open
            .insert(path.clone(), OpenDocument::new(uri, version));
        self.set_open_text(&path, text);
    }

    /// Applies the content changes in order to the document's text, and
    /// gives the workspace the result. `false` when the document is not
    /// open.
    pub fn did_change(
        &mut self,
        path: &Path,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
    ) -> bool {
        let Some(doc) = self.open.get_mut(path) else {
            return false;
        };
        doc.version = version;
        let file = self.workspace.load_file(path);
        let in_workspace = file.as_ref().map(|f| (f.text.as_str(), &f.lines));
        if let Some(text) = doc.edited(in_workspace, changes, self.encoding) {
            self.set_open_text(path, text);
        }
        true
    }

    /// Gives the workspace the editor's new text of an open document.
    fn set_open_text(&mut self, path: &Path, text: String) {
        let (effect, not_analysed) = open::set_text(&mut self.workspace, path, text);
        if let Some(doc) = self.open.get_mut(path) {
            doc.not_analysed = not_analysed;
        }
        self.record_change(path, effect);
    }

    /// The editor let go of the document: its disk copy, `on_disk`, comes
    /// back (or, if there is none, the document goes), and its diagnostics
    /// are cleared. `false` when the document was not open.
    pub fn did_close(&mut self, path: &Path, on_disk: Option<Result<File, LoadError>>) -> bool {
        if self.open.remove(path).is_none() {
            return false;
        }
        self.schedule.closed(path);
        self.semantic_tokens.forget(path);
        let effect = self.set_from_disk(path, on_disk);
        self.record_change(path, effect);
        // Not open any more: the worker clears what it published.
        self.schedule.mark(path);
        true
    }

    /// The disk copy of a document changed (`Some`) or was deleted
    /// (`None`). Ignored while the document is open: the editor's text
    /// wins.
    pub fn disk_changed(&mut self, path: &Path, on_disk: Option<Result<File, LoadError>>) {
        if self.open.contains_key(path) {
            return;
        }
        let effect = self.set_from_disk(path, on_disk);
        self.record_change(path, effect);
    }

    fn set_from_disk(&mut self, path: &Path, on_disk: Option<Result<File, LoadError>>) -> Effect {
        for changed in [
            &mut self.changed_while_indexing,
            &mut self.changed_while_checking,
        ]
        .into_iter()
        .flatten()
        {
            changed.insert(path.to_path_buf());
        }
        match on_disk {
            Some(Ok(file)) => self.workspace.insert(file),
            Some(Err(error)) => {
                log_warning!("{error}");
                self.workspace.remove(path)
            }
            None => self.workspace.remove(path),
        }
    }

    /// `true` when `path` is a document the workspace indexes from disk: a
    /// `*.news.md` under one of its roots.
    pub fn indexes_from_disk(&self, path: &Path) -> bool {
        workspace::is_news_file(path) && self.workspace.is_under_a_root(path)
    }

    /// A folder joined the workspace: `files` are the documents read from
    /// it. Open documents keep the editor's text.
    pub fn root_added(&mut self, root: PathBuf, files: Vec<Result<File, LoadError>>) {
        self.workspace.add_root(root);
        for file in files {
            match file {
                Ok(file) if self.open.contains_key(&*file.path) => {}
                Ok(file) => {
                    let path = file.path.to_path_buf();
                    let effect = self.workspace.insert(file);
                    self.record_change(&path, effect);
                }
                Err(error) => log_warning!("{error}"),
            }
        }
    }

    /// A folder left the workspace: its documents go, except open ones.
    pub fn root_removed(&mut self, root: &Path) {
        for path in self.workspace.remove_root(root) {
            if !self.open.contains_key(&path) {
                let effect = self.workspace.remove(&path);
                self.record_change(&path, effect);
            }
        }
    }

    /// Records a change to `path`: for the next report of every document,
    /// and in the schedule, for the open documents it reaches.
    fn record_change(&mut self, path: &Path, effect: Effect) {
        self.pulls.changed(path);
        let schedule = &mut self.schedule;
        schedule.mark_reached(path, &effect.reach, &self.open, &self.workspace);
    }

    /// Every open document's diagnostics, and every document's report,
    /// are to be computed again.
    fn everything_changed(&mut self) {
        self.schedule.mark_open(&self.open);
        self.pulls.everything_changed();
    }

    /// Takes the sources of the settings read at `initialize`.
    pub fn set_config(&mut self, config: Config) {
        let resolved = self.settings.set_config(config);
        if resolved.diagnostics {
            self.everything_changed();
        }
    }

    /// Resolves the settings after a change to one of their sources. Open
    /// documents are recomputed when what their diagnostics read changed; returns `true`
    /// when what is indexed changed (registries, links, the document glob),
    /// for the caller to read the folders again.
    pub fn settings_changed(&mut self) -> bool {
        let resolved = self.settings.resolve();
        if resolved.diagnostics {
            self.everything_changed();
        }
        resolved.indexed
    }

    /// The client pulls diagnostics: changes are recorded for its next
    /// report of every document.
    pub fn record_changes_for_pulls(&mut self) {
        self.pulls.start();
    }

    /// What changed since the last call, with a snapshot that has it all
    /// and the versions of open documents (`None` for a client that is
    /// pushed to).
    pub fn take_changes(&mut self) -> Option<(Snapshot, Changes, HashMap<PathBuf, i32>)> {
        let changes = self.pulls.take()?;
        let versions = self
            .open
            .iter()
            .map(|(path, doc)| (path.clone(), doc.version))
            .collect();
        Some((self.snapshot(), changes, versions))
    }

    pub fn has_work_for_diagnostics(&self) -> bool {
        self.schedule.has_marked() || self.settings.has_files_to_publish()
    }

    /// Takes the marked documents, with a snapshot to compute them on.
    /// Documents just edited come alone, before the others they
    /// affect: the writer sees their diagnostics first.
    pub fn take_batch(&mut self) -> Option<Batch> {
        if !self.has_work_for_diagnostics() {
            return None;
        }
        let settings_files = self.settings.take_files_to_publish();
        let (edited, taken) = self.schedule.take();
        let jobs = taken
            .into_iter()
            .map(|path| {
                let open = self.open.get(&path).map(|d| (d.uri.clone(), d.version));
                Job { path, open }
            })
            .collect();
        Some(Batch {
            edited,
            pull: self.pulls.client_pulls(),
            snapshot: self.snapshot(),
            jobs,
            settings_files,
        })
    }

    /// Records where the diagnostics of `path`, computed on `computed_on`,
    /// point. If one of those documents changed since that snapshot, the
    /// change could not know to mark `path`, so it is marked now; returns
    /// `true` then.
    pub fn record_related(
        &mut self,
        path: &Path,
        related: Vec<PathBuf>,
        computed_on: &Workspace,
    ) -> bool {
        if !self.open.contains_key(path) {
            self.schedule.closed(path);
            return false;
        }
        let schedule = &mut self.schedule;
        schedule.record_related(path, related, computed_on, &self.workspace)
    }
}
