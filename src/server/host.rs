//! The server's state: the workspace, the documents open in the editor,
//! and which open documents need their diagnostics recomputed.
//!
//! One [`Host`] lives behind a `std::sync::Mutex` in [`Shared`]. Handlers
//! lock it for short synchronous steps only, never across an `.await`.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use tokio::sync::{Notify, watch};
use tower_lsp_server::ls_types::{TextDocumentContentChangeEvent, Uri};

use super::capabilities::ClientSupport;
use super::config::{Config, SettingsFile};
use super::convert::{Encoding, from_proto};
use super::snapshot::Snapshot;
use super::tokens_cache::TokensCache;
use crate::settings::Settings;
use crate::syntax::LineIndex;
use crate::workspace::{self, Change, Effect, File, LoadError, Reach, Workspace};

/// What handlers and the diagnostics worker share.
pub struct Shared {
    host: Mutex<Host>,
    /// Wakes the diagnostics worker when [`Host::dirty`] gains paths.
    pub wake: Notify,
    /// `false` while the folders are first read in the background.
    indexed: watch::Sender<bool>,
    /// Held while the folders are read again after a change of settings,
    /// so such readings apply one after the other.
    pub reindexing: tokio::sync::Mutex<()>,
    /// The server's own watcher, for clients that cannot watch files.
    pub watcher: Mutex<Option<super::watcher::Watcher>>,
    /// Counts changes: a report of every document's diagnostics that has
    /// nothing new waits for it to move (see `super::pull`).
    pub generation: watch::Sender<u64>,
    /// What the last report of every document's diagnostics computed.
    pub reports: Mutex<super::pull::Reports>,
    /// How many workspace pulls arrived: a held pull that is not the
    /// latest gives way (an atomic, not in `reports`, whose lock a long
    /// look holds).
    pub workspace_pulls: std::sync::atomic::AtomicU64,
}

impl Default for Shared {
    fn default() -> Self {
        Shared {
            host: Mutex::default(),
            wake: Notify::new(),
            indexed: watch::Sender::new(true),
            reindexing: tokio::sync::Mutex::new(()),
            watcher: Mutex::new(None),
            generation: watch::Sender::new(0),
            reports: Mutex::default(),
            workspace_pulls: std::sync::atomic::AtomicU64::new(0),
        }
    }
}

impl Shared {
    /// Locks the host. A panic elsewhere while it was locked leaves it
    /// usable: every change below is applied whole or not at all.
    pub fn lock(&self) -> MutexGuard<'_, Host> {
        self.host.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Says whether the first reading of the folders is done; requests
    /// that need the whole folder wait for it with [`Shared::indexed`].
    pub fn set_indexed(&self, indexed: bool) {
        self.indexed.send_replace(indexed);
    }

    /// Returns once the folders have been read.
    pub async fn indexed(&self) {
        let mut indexed = self.indexed.subscribe();
        // The sender lives in `self`, so this cannot fail.
        let _ = indexed.wait_for(|done| *done).await;
    }

    /// Makes the server's own watcher, if it runs, watch the folders
    /// indexed now. Watching walks every folder under the roots, reading
    /// each one whole (100,000 documents: a tenth of a second), so it runs
    /// on a blocking thread, off the path of notifications and answers;
    /// each run watches the roots as they are when it runs.
    pub fn rewatch(self: &Arc<Self>) {
        if self
            .watcher
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .is_none()
        {
            return;
        }
        let shared = self.clone();
        tokio::task::spawn_blocking(move || {
            let roots = shared.lock().workspace.roots().to_vec();
            let mut watcher = shared
                .watcher
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            if let Some(watcher) = watcher.as_mut() {
                watcher.sync(&roots);
            }
        });
    }

    /// Wakes the diagnostics worker after a change marked documents dirty,
    /// and any report of every document waiting for a change.
    pub fn wake_diagnostics(&self) {
        self.wake.notify_one();
        self.generation.send_modify(|n| *n = n.wrapping_add(1));
    }
}

#[derive(Default)]
pub struct Host {
    pub workspace: Workspace,
    pub open: HashMap<PathBuf, OpenDocument>,
    pub encoding: Encoding,
    /// What the client accepts in answers, from `initialize`.
    pub support: Arc<ClientSupport>,
    /// Documents whose diagnostics must be recomputed, or cleared when they
    /// are no longer open.
    dirty: BTreeSet<PathBuf>,
    /// The dirty documents that were themselves changed: computed and
    /// published before the rest.
    first: BTreeSet<PathBuf>,
    /// For each open document, the other documents its last computed
    /// diagnostics point into (related information), which can move when
    /// those documents change even if their summary does not.
    related: HashMap<PathBuf, Vec<PathBuf>>,
    /// While the folders are first read in the background: the documents
    /// that changed on disk meanwhile, whose version here is newer than
    /// the one being read.
    changed_while_indexing: Option<HashSet<PathBuf>>,
    /// Where the settings come from, and the settings they make.
    pub config: Config,
    pub settings: Arc<Settings>,
    /// The semantic tokens last sent for each document, for deltas.
    pub semantic_tokens: Arc<TokensCache>,
    /// The settings in force, for tasks that follow their changes.
    pub settings_watch: tokio::sync::watch::Sender<Arc<Settings>>,
    /// Settings files whose problems must be published again.
    settings_dirty: BTreeSet<PathBuf>,
    /// For a client that pulls diagnostics: what changed since the last
    /// report of every document (`None` for a client that is pushed to).
    pull_changes: Option<Changes>,
}

/// What changed since the diagnostics of every document were last
/// reported: recorded as it happens, at no cost beyond the path, and read
/// when the client next asks (see `super::pull`).
#[derive(Debug, Default)]
pub struct Changes {
    /// Documents changed, added or removed.
    pub paths: BTreeSet<PathBuf>,
    /// Something every document's diagnostics read changed (the folders
    /// were read, severities changed): report them all again.
    pub everything: bool,
}

/// A document open in the editor: its text is the editor's, not the disk's.
/// That text is held once, as the workspace's `File` (see [`Host::text`]).
pub struct OpenDocument {
    /// The URI as the client wrote it, for publishing.
    pub uri: Uri,
    pub version: i32,
    /// The editor's text when the workspace does not hold it: over the
    /// size limit, or its parse panicked. `None` otherwise.
    not_analysed: Option<String>,
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

impl Host {
    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            workspace: self.workspace.clone(),
            encoding: self.encoding,
            support: self.support.clone(),
            settings: self.settings.clone(),
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
    pub fn finish_indexing(&mut self, mut loaded: Workspace) {
        let changed = self.changed_while_indexing.take().unwrap_or_default();
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
        for path in changed {
            if self.workspace.load_file(&path).is_none() {
                loaded.remove(&path);
            }
        }
        loaded.set_indexing(false);
        self.workspace = loaded;
        self.dirty.extend(self.open.keys().cloned());
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
        self.open.insert(
            path.clone(),
            OpenDocument {
                uri,
                version,
                not_analysed: None,
            },
        );
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
        let encoding = self.encoding;
        let Some(doc) = self.open.get_mut(path) else {
            return false;
        };
        doc.version = version;
        let mut text: Option<String> = None;
        for change in changes {
            if change.range.is_none() {
                text = Some(change.text);
                continue;
            }
            // The first change reads the line index the parse already made.
            let file = self.workspace.load_file(path);
            let next = match (&text, &doc.not_analysed, file) {
                (Some(text), _, _) | (None, Some(text), _) => {
                    from_proto::apply_change(text, &LineIndex::new(text), change, encoding)
                }
                (None, None, Some(file)) => {
                    from_proto::apply_change(&file.text, &file.lines, change, encoding)
                }
                (None, None, None) => {
                    from_proto::apply_change("", &LineIndex::new(""), change, encoding)
                }
            };
            text = Some(next);
        }
        if let Some(text) = text {
            self.set_open_text(path, text);
        }
        true
    }

    /// Gives the workspace the editor's new text of an open document.
    fn set_open_text(&mut self, path: &Path, text: String) {
        let (effect, not_analysed) = self.apply_open_text(path, text);
        if let Some(doc) = self.open.get_mut(path) {
            doc.not_analysed = not_analysed;
        }
        self.touched(path, effect);
    }

    /// The editor let go of the document: its disk copy, `on_disk`, comes
    /// back (or, if there is none, the document goes), and its diagnostics
    /// are cleared. `false` when the document was not open.
    pub fn did_close(&mut self, path: &Path, on_disk: Option<Result<File, LoadError>>) -> bool {
        if self.open.remove(path).is_none() {
            return false;
        }
        self.related.remove(path);
        self.semantic_tokens.forget(path);
        let effect = self.set_from_disk(path, on_disk);
        self.touched(path, effect);
        // Not open any more: the worker clears what it published.
        self.dirty.insert(path.to_path_buf());
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
        self.touched(path, effect);
    }

    fn set_from_disk(&mut self, path: &Path, on_disk: Option<Result<File, LoadError>>) -> Effect {
        if let Some(changed) = &mut self.changed_while_indexing {
            changed.insert(path.to_path_buf());
        }
        match on_disk {
            Some(Ok(file)) => self.workspace.insert(file),
            Some(Err(error)) => {
                super::log_warning!("{error}");
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
                    self.touched(&path, effect);
                }
                Err(error) => super::log_warning!("{error}"),
            }
        }
    }

    /// A folder left the workspace: its documents go, except open ones.
    pub fn root_removed(&mut self, root: &Path) {
        for path in self.workspace.remove_root(root) {
            if !self.open.contains_key(&path) {
                let effect = self.workspace.remove(&path);
                self.touched(&path, effect);
            }
        }
    }

    /// Sets the text of an open document in the workspace; the text comes
    /// back when the workspace could not take it: over the same size limit
    /// as on disk (parsing it on every keystroke, under the lock, would
    /// stall every request), or its parse panicked (the workspace then
    /// keeps the previous version: parsing runs before anything changes).
    fn apply_open_text(&mut self, path: &Path, text: String) -> (Effect, Option<String>) {
        if text.len() as u64 > workspace::MAX_FILE_BYTES {
            super::log_warning!(
                "{}: {} bytes is more than the {} bytes newsls analyses; not analysed",
                path.display(),
                text.len(),
                workspace::MAX_FILE_BYTES
            );
            let effect = self.workspace.apply(Change::Remove {
                path: path.to_path_buf(),
            });
            return (effect, Some(text));
        }
        // A copy costs far less than the parse, and keeps the editor's text
        // should the parse panic.
        let kept = text.clone();
        let change = Change::Set {
            path: path.to_path_buf(),
            text,
        };
        let workspace = &mut self.workspace;
        match catch_unwind(AssertUnwindSafe(|| workspace.apply(change))) {
            Ok(effect) => (effect, None),
            Err(_) => {
                super::log_error!(
                    "{}: parsing panicked; keeping the previous analysis",
                    path.display()
                );
                (Effect::default(), Some(kept))
            }
        }
    }

    /// Marks the open documents whose diagnostics a change to `path` may
    /// have changed: `path` itself, every open document when the change
    /// altered what the document gives the index, else those whose
    /// diagnostics point into `path`.
    fn touched(&mut self, path: &Path, effect: Effect) {
        if let Some(changes) = &mut self.pull_changes {
            changes.paths.insert(path.to_path_buf());
        }
        match &effect.reach {
            Reach::Everything => self.dirty.extend(self.open.keys().cloned()),
            Reach::Ids(ids) => {
                for doc in self.open.keys() {
                    let reads = self.workspace.entry(doc).is_some_and(|f| {
                        let s = f.summary();
                        [&s.defines, &s.mentions, &s.references]
                            .into_iter()
                            .any(|own| ids.iter().any(|id| own.binary_search(id).is_ok()))
                    });
                    if reads {
                        self.dirty.insert(doc.clone());
                    }
                }
            }
            Reach::Nothing => {}
        }
        for (doc, related) in &self.related {
            if related.iter().any(|p| p == path) && self.open.contains_key(doc) {
                self.dirty.insert(doc.clone());
            }
        }
        if self.open.contains_key(path) {
            self.dirty.insert(path.to_path_buf());
            // The document being edited is published before the others.
            self.first.insert(path.to_path_buf());
        }
    }

    pub fn has_dirty(&self) -> bool {
        !self.dirty.is_empty() || !self.settings_dirty.is_empty()
    }

    /// Takes the settings sources read at `initialize`.
    pub fn set_config(&mut self, config: Config) {
        let paths: Vec<PathBuf> = config.files.keys().cloned().collect();
        self.config = config;
        for path in paths {
            let file = self.config.files.get(&path).cloned();
            self.settings_file_changed(path, file);
        }
        self.settings_changed();
    }

    /// A settings file was read again (`None`: it is gone): its problems
    /// are logged and to be published, and the settings resolved anew.
    pub fn settings_file_changed(&mut self, path: PathBuf, file: Option<SettingsFile>) {
        for problem in file.iter().flat_map(|f| &f.problems) {
            let line = problem.line_in(file.as_ref().map_or("", |f| f.text.as_str()));
            super::log_warning!("{}:{}: {}", path.display(), line + 1, problem.message);
        }
        match file {
            Some(file) => self.config.files.insert(path.clone(), file),
            None => self.config.files.remove(&path),
        };
        self.settings_dirty.insert(path);
    }

    /// Resolves the settings from the config. Open documents are
    /// recomputed when severities changed; returns `true` when what is
    /// indexed changed (registries, links, the document glob), for the
    /// caller to read the folders again.
    pub fn settings_changed(&mut self) -> bool {
        let new = self.config.resolve();
        let old = std::mem::replace(&mut self.settings, Arc::new(new));
        let new = self.settings.clone();
        self.settings_watch.send_replace(new.clone());
        if old.severities != new.severities
            || old.past_qualifiers != new.past_qualifiers
            || old.future_qualifiers != new.future_qualifiers
        {
            self.dirty.extend(self.open.keys().cloned());
            self.everything_changed();
        }
        old.registries != new.registries
            || old.follow_links != new.follow_links
            || old.documents != new.documents
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
        self.dirty.extend(self.open.keys().cloned());
        self.everything_changed();
    }

    /// The client pulls diagnostics: changes are recorded for its next
    /// report of every document.
    pub fn record_changes_for_pulls(&mut self) {
        self.pull_changes.get_or_insert_with(Changes::default);
    }

    /// What changed since the last call, with a snapshot that has it all
    /// and the versions of open documents (`None` for a client that is
    /// pushed to).
    pub fn take_changes(&mut self) -> Option<(Snapshot, Changes, HashMap<PathBuf, i32>)> {
        let changes = std::mem::take(self.pull_changes.as_mut()?);
        let versions = self
            .open
            .iter()
            .map(|(path, doc)| (path.clone(), doc.version))
            .collect();
        Some((self.snapshot(), changes, versions))
    }

    fn everything_changed(&mut self) {
        if let Some(changes) = &mut self.pull_changes {
            changes.everything = true;
        }
    }

    /// Takes the dirty documents, with a snapshot to compute them on.
    /// Documents just edited come alone, before the others they
    /// affect: the writer sees their diagnostics first.
    pub fn take_batch(&mut self) -> Option<Batch> {
        if !self.has_dirty() {
            return None;
        }
        let settings_files = std::mem::take(&mut self.settings_dirty)
            .into_iter()
            .map(|path| {
                let file = self.config.files.get(&path).cloned();
                (path, file)
            })
            .collect();
        let first = std::mem::take(&mut self.first);
        let edited = first.iter().any(|p| self.dirty.contains(p));
        let taken: Vec<PathBuf> = if edited {
            first.into_iter().filter(|p| self.dirty.remove(p)).collect()
        } else {
            std::mem::take(&mut self.dirty).into_iter().collect()
        };
        let jobs = taken
            .into_iter()
            .map(|path| {
                let open = self.open.get(&path).map(|d| (d.uri.clone(), d.version));
                Job { path, open }
            })
            .collect();
        Some(Batch {
            edited,
            pull: self.pull_changes.is_some(),
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
            self.related.remove(path);
            return false;
        }
        let moved = related.iter().any(|p| {
            let then = computed_on.shared_entry(p).map(Arc::as_ptr);
            let now = self.workspace.shared_entry(p).map(Arc::as_ptr);
            then != now
        });
        if moved {
            self.dirty.insert(path.to_path_buf());
        }
        self.related.insert(path.to_path_buf(), related);
        moved
    }
}

/// Reads a document from disk; a panic while parsing it is an error.
pub fn read(path: &Path) -> Result<File, LoadError> {
    catch_unwind(|| workspace::read(path)).unwrap_or_else(|_| {
        Err(LoadError {
            path: path.to_path_buf(),
            message: "parsing panicked".to_string(),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;
    use tower_lsp_server::ls_types::{Position, Range};

    fn uri(path: &str) -> Uri {
        Uri::from_str(&format!("file://{path}")).unwrap()
    }

    fn jobs(host: &mut Host) -> Vec<(String, bool)> {
        host.take_batch()
            .map(|b| b.jobs)
            .unwrap_or_default()
            .into_iter()
            .map(|j| (j.path.display().to_string(), j.open.is_some()))
            .collect()
    }

    fn host() -> Host {
        Host {
            workspace: Workspace::new(vec![PathBuf::from("/ws")]),
            ..Host::default()
        }
    }

    /// Opens `/ws/{name}` with `text`, version 1; returns its path.
    fn open(host: &mut Host, name: &str, text: &str) -> PathBuf {
        let path = PathBuf::from(format!("/ws/{name}"));
        host.did_open(path.clone(), uri(&format!("/ws/{name}")), text.into(), 1);
        path
    }

    #[test]
    fn a_document_over_the_size_limit_is_not_analysed() {
        let mut host = host();
        let path = PathBuf::from("/ws/huge.news.md");
        let huge = "[@x]\n".repeat(workspace::MAX_FILE_BYTES as usize / 5 + 1);
        let huge_lines = workspace::MAX_FILE_BYTES as usize / 5 + 1;
        host.did_open(path.clone(), uri("/ws/huge.news.md"), huge, 1);
        assert!(host.workspace.load_file(&path).is_none());
        // Back under the limit, it is analysed again.
        // Edits still apply to the editor's text, which is kept: back
        // under the limit, it is analysed again.
        let lines = u32::try_from(huge_lines).unwrap_or(u32::MAX);
        let cut = TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(0, 4), Position::new(lines, 0))),
            range_length: None,
            text: " [@y]\n".to_string(),
        };
        assert!(host.did_change(&path, 2, vec![cut]));
        assert_eq!(host.text(&path), Some("[@x] [@y]\n"));
        assert_eq!(host.workspace.load_file(&path).unwrap().text, "[@x] [@y]\n");
    }

    #[test]
    fn changes_in_one_notification_apply_in_order() {
        let mut host = host();
        let a = open(&mut host, "a.news.md", "🇺🇦 Talks\r\nwith Putin\n");
        let change =
            |range: Option<((u32, u32), (u32, u32))>, text: &str| TextDocumentContentChangeEvent {
                range: range
                    .map(|(s, e)| Range::new(Position::new(s.0, s.1), Position::new(e.0, e.1))),
                range_length: None,
                text: text.into(),
            };
        // Each change sees the text the previous ones made; a change with
        // no range replaces everything.
        let changes = vec![
            change(Some(((1, 5), (1, 10))), "[Putin](@putin)"),
            change(Some(((1, 0), (1, 0))), "> "),
            change(Some(((0, 99), (1, 0))), " "),
        ];
        assert!(host.did_change(&a, 2, changes));
        assert_eq!(host.text(&a), Some("🇺🇦 Talks > with [Putin](@putin)\n"));
        let changes = vec![change(None, "new\n"), change(Some(((0, 0), (0, 1))), "N")];
        assert!(host.did_change(&a, 3, changes));
        assert_eq!(host.workspace.load_file(&a).unwrap().text, "New\n");
        assert_eq!(host.open[&a].version, 3);
    }

    #[test]
    fn marks_other_open_documents_only_when_the_summary_changes() {
        let mut host = host();
        open(&mut host, "a.news.md", "[@putin]\n");
        let b = open(&mut host, "b.news.md", "Nothing.\n");
        assert_eq!(jobs(&mut host).len(), 2);

        // Prose only: b alone.
        let edit = |text: &str, at: (u32, u32)| TextDocumentContentChangeEvent {
            range: Some(Range::new(
                Position::new(at.0, at.1),
                Position::new(at.0, at.1),
            )),
            range_length: None,
            text: text.into(),
        };
        assert!(host.did_change(&b, 2, vec![edit("Still ", (0, 0))]));
        assert_eq!(jobs(&mut host), [("/ws/b.news.md".to_string(), true)]);
        assert_eq!(
            host.workspace.load_file(&b).unwrap().text,
            "Still Nothing.\n"
        );

        // A definition: b first, then a.
        let define = "---\nentities:\n  putin:\n    name: Vladimir Putin\n---\n";
        assert!(host.did_change(&b, 3, vec![edit(define, (0, 0))]));
        assert_eq!(jobs(&mut host), [("/ws/b.news.md".to_string(), true)]);
        assert_eq!(jobs(&mut host), [("/ws/a.news.md".to_string(), true)]);
        assert_eq!(host.open[&b].version, 3);

        // Closing b: its disk copy does not exist, so it goes, a is
        // recomputed and b cleared.
        assert!(host.did_close(&b, None));
        assert_eq!(
            jobs(&mut host),
            [
                ("/ws/a.news.md".to_string(), true),
                ("/ws/b.news.md".to_string(), false)
            ]
        );
        assert!(host.workspace.load_file(&b).is_none());
        assert!(!host.did_change(&b, 4, Vec::new()));
        assert!(!host.did_close(&b, None));
    }

    #[test]
    fn the_edited_document_first_then_only_those_reading_the_changed_ids() {
        let mut host = host();
        open(
            &mut host,
            "a.news.md",
            "---\nentities:\n  putin:\n    name: V P\n---\n",
        );
        open(&mut host, "b.news.md", "[@putin]\n");
        open(&mut host, "c.news.md", "[@other]\n");
        while host.take_batch().is_some() {}
        let whole = |text: &str| TextDocumentContentChangeEvent {
            range: None,
            range_length: None,
            text: text.into(),
        };
        // b stops mentioning putin: b, then a (which defines it), never c.
        let b = PathBuf::from("/ws/b.news.md");
        assert!(host.did_change(&b, 2, vec![whole("[@putn]\n")]));
        assert_eq!(jobs(&mut host), [("/ws/b.news.md".to_string(), true)]);
        assert_eq!(jobs(&mut host), [("/ws/a.news.md".to_string(), true)]);
        assert!(!host.has_dirty());
    }

    #[test]
    fn related_documents_are_marked_when_they_move() {
        let mut host = host();
        let a = open(&mut host, "a.news.md", "x");
        let b = PathBuf::from("/ws/b.news.md");
        let before = host.workspace.clone();
        host.record_related(&a, vec![b.clone()], &before);
        jobs(&mut host);
        // b changes on disk without changing its summary: a is marked.
        host.disk_changed(&b, Some(Ok(File::new(b.clone().into(), "one".into()))));
        jobs(&mut host);
        host.disk_changed(&b, Some(Ok(File::new(b.clone().into(), "two".into()))));
        assert_eq!(jobs(&mut host), [("/ws/a.news.md".to_string(), true)]);
        // Recorded against an older snapshot of b: marked at once.
        assert!(host.record_related(&a, vec![b.clone()], &before));
        assert!(host.has_dirty());
    }

    #[test]
    fn changes_are_recorded_for_a_client_that_pulls_only() {
        let mut host = host();
        let a = PathBuf::from("/ws/a.news.md");
        host.did_open(a.clone(), uri("/ws/a.news.md"), "[@x]\n".into(), 1);
        assert!(host.take_changes().is_none());
        let batch = host.take_batch().map(|b| (b.edited, b.pull));
        assert_eq!(batch, Some((true, false)));

        host.record_changes_for_pulls();
        let b = PathBuf::from("/ws/b.news.md");
        host.disk_changed(&b, Some(Ok(File::new(b.clone().into(), "b".into()))));
        host.did_open(a.clone(), uri("/ws/a.news.md"), "[@y]\n".into(), 2);
        let (snapshot, changes, versions) = host.take_changes().expect("recorded");
        assert_eq!(changes.paths, BTreeSet::from([a.clone(), b.clone()]));
        assert!(!changes.everything);
        assert_eq!(versions.get(&a), Some(&2));
        assert!(snapshot.workspace.load_file(&b).is_some());
        // Taken: the next report starts from here.
        let (_, changes, _) = host.take_changes().expect("recorded");
        assert!(changes.paths.is_empty());
        // Reading the folders reaches every document.
        host.begin_indexing(vec![PathBuf::from("/ws")]);
        host.finish_indexing(Workspace::new(vec![PathBuf::from("/ws")]));
        assert!(host.take_changes().is_some_and(|(_, c, _)| c.everything));
        // The edited document comes first, in a batch of its own, which a
        // pulling client asks for itself.
        let batch = host.take_batch().map(|b| (b.edited, b.pull));
        assert_eq!(batch, Some((true, true)));
    }

    #[test]
    fn what_changed_while_indexing_wins_over_what_was_read() {
        let mut host = host();
        host.begin_indexing(vec![PathBuf::from("/ws")]);
        let a = open(&mut host, "a.news.md", "editor");
        let b = PathBuf::from("/ws/b.news.md");
        let c = PathBuf::from("/ws/c.news.md");
        host.disk_changed(&b, None);
        jobs(&mut host);
        // Read before those changes: a and b as on disk then, and c.
        let mut loaded = Workspace::new(vec![PathBuf::from("/ws")]);
        for (path, text) in [(&a, "disk"), (&b, "old"), (&c, "c")] {
            loaded.insert(File::new(path.clone().into(), text.into()));
        }
        assert!(host.workspace.is_indexing());
        host.finish_indexing(loaded);
        assert!(!host.workspace.is_indexing());
        assert_eq!(host.workspace.load_file(&a).unwrap().text, "editor");
        assert!(host.workspace.load_file(&b).is_none());
        assert_eq!(host.workspace.load_file(&c).unwrap().text, "c");
        // The open document is recomputed, now with the whole folder.
        assert_eq!(jobs(&mut host), [("/ws/a.news.md".to_string(), true)]);
    }

    #[test]
    fn disk_changes_do_not_touch_open_documents() {
        let mut host = host();
        let a = open(&mut host, "a.news.md", "editor");
        host.disk_changed(&a, None);
        assert_eq!(host.workspace.load_file(&a).unwrap().text, "editor");
        assert!(host.indexes_from_disk(&a));
        assert!(!host.indexes_from_disk(Path::new("/elsewhere/a.news.md")));
        assert!(!host.indexes_from_disk(Path::new("/ws/a.md")));
    }
}
