//! Every document newsls knows, and the index across them.
//!
//! [`Workspace`] is both the host that changes are applied to and the
//! snapshot that requests read: cloning it is cheap (persistent maps), and a
//! clone never sees later changes.

pub mod cache;
mod discover;
mod entry;
mod file;
mod files;
mod folded;
mod index;
mod name;
mod nearest;
mod paths;
mod recheck;
mod stamp;

pub use discover::{
    Discovery, Links, LoadError, Loaded, MAX_FILE_BYTES, Skipped, discover, discoverable,
    is_news_file, load, load_counting, read, read_counting,
};
pub use entry::DocumentEntry;
pub use file::{File, Summary};
pub use folded::letters;
pub use index::{Index, MAX_NAME_WORDS};
pub use name::{Name, stored_bytes as interned_bytes};
pub use paths::{FileId, lexically_normal};
pub use recheck::{Corrections, recheck};

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::syntax::{Date, EntityDef, LineIndex};

#[derive(Clone, Default)]
pub struct Workspace {
    /// Each path's id, shared with every snapshot.
    paths: Arc<paths::Paths>,
    files: files::Files,
    /// Documents kept as summaries, read again from disk by this snapshot
    /// (each clone starts empty, so what a request read goes with it).
    reread: Reread<File>,
    /// The text and lines of documents kept as summaries, read again by
    /// this snapshot to convert positions.
    texts: Reread<(String, LineIndex)>,
    index: Index,
    roots: Vec<PathBuf>,
    /// Today, when fixed (tests); else the clock or `NEWSLS_TODAY`.
    today: Option<Date>,
    /// The folders are still being read: the index holds only part of
    /// them, so nothing that needs every document may be concluded yet.
    indexing: bool,
}

/// One change to the workspace.
pub enum Change {
    /// A document's new text: from disk, or an editor buffer.
    Set { path: PathBuf, text: String },
    /// A document is gone.
    Remove { path: PathBuf },
}

/// What a change did beyond its own document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Effect {
    /// Which other documents' diagnostics the change can reach.
    pub reach: Reach,
}

/// The documents whose diagnostics a change to another document can move.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Reach {
    /// None: what the document gives the index is the same.
    #[default]
    Nothing,
    /// Those that define, mention or refer to one of these ids (sorted).
    Ids(Vec<Name>),
    /// Any document: the set of defined ids or of known names changed,
    /// which undefined ids' suggestions and plain-name hints read.
    Everything,
}

impl Reach {
    /// How far the change from `old` to `new` (a document's summary
    /// before and after; `None` when it did not exist) reaches.
    pub fn of(old: Option<&Summary>, new: Option<&Summary>) -> Reach {
        let empty = Summary::default();
        let (old, new) = (old.unwrap_or(&empty), new.unwrap_or(&empty));
        if old == new {
            return Reach::Nothing;
        }
        if old.defines != new.defines || old.names != new.names {
            return Reach::Everything;
        }
        let mut ids: Vec<Name> = changed(&old.mentions, &new.mentions)
            .chain(changed(&old.references, &new.references))
            .cloned()
            .collect();
        let mut same = old.clone();
        same.mentions.clone_from(&new.mentions);
        same.references.clone_from(&new.references);
        if same != *new {
            // What its definitions say (name, kind…) changed: whoever
            // uses or defines them again reads it.
            ids.extend(new.defines.iter().cloned());
        }
        ids.sort_unstable();
        ids.dedup();
        Reach::Ids(ids)
    }

    /// `true` when the change reaches a document whose summary is
    /// `summary`: one that defines, mentions or refers to one of the ids
    /// (any document for `Everything`). [`Reach::documents`] finds the same
    /// documents through the index.
    pub fn reaches(&self, summary: &Summary) -> bool {
        match self {
            Reach::Nothing => false,
            Reach::Everything => true,
            Reach::Ids(ids) => [&summary.defines, &summary.mentions, &summary.references]
                .into_iter()
                .any(|own| ids.iter().any(|id| own.binary_search(id).is_ok())),
        }
    }

    /// The documents of `workspace` the change reaches, found through its
    /// index (see [`Reach::reaches`]); `None` for `Everything`: every
    /// document.
    pub fn documents<'w>(&'w self, workspace: &'w Workspace) -> Option<Vec<&'w Path>> {
        let ids = match self {
            Reach::Nothing => return Some(Vec::new()),
            Reach::Everything => return None,
            Reach::Ids(ids) => ids,
        };
        let index = workspace.index();
        let readers = ids.iter().flat_map(|id| {
            index
                .definers(id)
                .chain(index.mentioners(id))
                .chain(index.referrers(id))
        });
        Some(
            readers
                .filter_map(|f| Some(&*workspace.entry_by_id(f)?.path))
                .collect(),
        )
    }
}

/// Each of `entries` with its id, for [`Index::build`].
fn summaries_of<'a>(
    ids: &[FileId],
    entries: &'a [Arc<DocumentEntry>],
) -> Vec<(FileId, &'a Summary)> {
    ids.iter()
        .copied()
        .zip(entries.iter().map(|e| e.summary()))
        .collect()
}

/// The elements in one of two sorted lists but not the other.
fn changed<'a>(a: &'a [Name], b: &'a [Name]) -> impl Iterator<Item = &'a Name> {
    name::only_in(a, b).chain(name::only_in(b, a))
}

/// One definition of an entity, with the document it is in.
#[derive(Clone, Copy)]
pub struct Definition<'a> {
    pub file: &'a DocumentEntry,
    pub def: &'a EntityDef,
}

/// What one snapshot read again from disk: filled as features ask, never
/// emptied, dropped with the snapshot (a clone starts empty).
struct Reread<T>(elsa::sync::FrozenMap<FileId, Box<T>>);

impl<T> Default for Reread<T> {
    fn default() -> Self {
        Reread(elsa::sync::FrozenMap::new())
    }
}

impl<T> Clone for Reread<T> {
    fn clone(&self) -> Self {
        Reread::default()
    }
}

impl Workspace {
    pub fn new(roots: Vec<PathBuf>) -> Self {
        Workspace {
            roots,
            ..Workspace::default()
        }
    }

    /// Today's date: what undated documents speak of.
    pub fn today(&self) -> Date {
        self.today.unwrap_or_else(Date::today)
    }

    /// Fixes today's date, for reproducible tests.
    pub fn set_today(&mut self, today: Option<Date>) {
        self.today = today;
    }

    pub fn roots(&self) -> &[PathBuf] {
        &self.roots
    }

    /// `true` while the folders are still being read (see
    /// [`Workspace::set_indexing`]).
    pub fn is_indexing(&self) -> bool {
        self.indexing
    }

    /// Says whether the folders are still being read. While they are, an
    /// id missing from the index may be defined in a document not read
    /// yet, so folder-wide conclusions (undefined, unused, conflicting)
    /// are withheld.
    pub fn set_indexing(&mut self, indexing: bool) {
        self.indexing = indexing;
    }

    /// Adds a root folder (its documents are inserted separately).
    pub fn add_root(&mut self, root: PathBuf) {
        if !self.roots.contains(&root) {
            self.roots.push(root);
            self.roots.sort();
        }
    }

    /// Removes a root folder; returns the documents that were under it and
    /// under no other root, which the caller may remove.
    pub fn remove_root(&mut self, root: &Path) -> Vec<PathBuf> {
        self.roots.retain(|r| r != root);
        self.files
            .values()
            .map(|f| &f.path)
            .filter(|p| p.starts_with(root) && !self.roots.iter().any(|r| p.starts_with(r)))
            .map(|p| p.to_path_buf())
            .collect()
    }

    /// `true` when `path` lies under one of the roots.
    pub fn is_under_a_root(&self, path: &Path) -> bool {
        self.roots.iter().any(|root| path.starts_with(root))
    }

    pub fn apply(&mut self, change: Change) -> Effect {
        match change {
            Change::Set { path, text } => self.insert(File::new(path.into(), text)),
            Change::Remove { path } => self.remove(&path),
        }
    }

    /// Puts an already parsed file in, replacing any earlier version.
    pub fn insert(&mut self, file: File) -> Effect {
        self.insert_shared(Arc::new(DocumentEntry::of(file)))
    }

    /// [`Workspace::insert`] for a document another snapshot holds too.
    pub fn insert_shared(&mut self, entry: Arc<DocumentEntry>) -> Effect {
        let id = self.paths.intern(&entry.path);
        if let Some(old) = self.files.get(&id)
            && Arc::ptr_eq(old, &entry)
        {
            return Effect::default();
        }
        let old = self.files.insert(id, entry.clone());
        if let Some(old) = &old
            && old.summary() == entry.summary()
        {
            return Effect::default();
        }
        self.index
            .update(id, old.as_ref().map(|f| f.summary()), Some(entry.summary()));
        Effect {
            reach: Reach::of(old.as_ref().map(|f| f.summary()), Some(entry.summary())),
        }
    }

    /// Puts many documents in at once, as reading the folders does. Into an
    /// empty workspace the index is built in one pass from every summary
    /// ([`Index::build`]), which is several times faster than inserting
    /// them one by one.
    pub fn extend(&mut self, entries: Vec<Arc<DocumentEntry>>) {
        if !self.files.is_empty() {
            for entry in entries {
                self.insert_shared(entry);
            }
            return;
        }
        let ids = self.paths.intern_all(entries.iter().map(|e| &e.path));
        self.put_all(ids, entries, |ids, entries| {
            Index::build(&summaries_of(ids, entries))
        });
    }

    /// [`Workspace::extend`] with the documents of the index cache: into an
    /// empty workspace the index is grouped by the numbers of the cache's
    /// table of names ([`Index::group`]) while their paths are interned,
    /// without hashing a name.
    pub fn extend_cached(&mut self, cached: cache::Entries) {
        self.extend_numbered(cached, Index::group);
    }

    /// [`Workspace::extend_cached`] with the index of what a
    /// go-to-definition reads alone (who defines each id, which ids each
    /// name denotes: [`Index::group_definitions`]), for the documents that
    /// define something while a warm start reads the others. Nothing else
    /// may be asked of this workspace's index.
    pub fn extend_cached_definitions(&mut self, cached: cache::Entries) {
        self.extend_numbered(cached, Index::group_definitions);
    }

    fn extend_numbered(
        &mut self,
        cached: cache::Entries,
        group: fn(&[Name], &[index::Numbers<'_>]) -> index::Grouped,
    ) {
        let cache::Entries {
            entries,
            names,
            numbers,
        } = cached;
        let numbered: Option<Vec<index::Numbers<'_>>> =
            numbers.iter().map(|n| cache::lists(n)).collect();
        let Some(numbered) = numbered.filter(|_| self.files.is_empty()) else {
            return self.extend(entries);
        };
        let paths = &self.paths;
        let (ids, grouped) = rayon::join(
            || paths.intern_all(entries.iter().map(|e| &e.path)),
            || group(&names, &numbered),
        );
        drop(numbered);
        drop(numbers);
        self.put_all(ids, entries, move |ids, _| {
            Index::from_grouped(grouped, ids)
        });
    }

    /// Puts `entries` (their ids `ids`) in an empty workspace, the index
    /// made by `build` beside the map of files.
    fn put_all(
        &mut self,
        ids: Vec<FileId>,
        entries: Vec<Arc<DocumentEntry>>,
        build: impl FnOnce(&[FileId], &[Arc<DocumentEntry>]) -> Index + Send,
    ) {
        let (index, files) = rayon::join(
            || build(&ids, &entries),
            || ids.iter().copied().zip(entries.iter().cloned()).collect(),
        );
        self.files = files;
        self.index = if self.files.len() == entries.len() {
            index
        } else {
            // A path given twice: the last one given is the document.
            let kept: Vec<(FileId, &Summary)> =
                self.files.iter().map(|(id, e)| (id, e.summary())).collect();
            Index::build(&kept)
        };
    }

    pub fn remove(&mut self, path: &Path) -> Effect {
        let Some(id) = self.paths.get(path) else {
            return Effect::default();
        };
        match self.files.remove(&id) {
            Some(old) => {
                self.index.update(id, Some(old.summary()), None);
                Effect {
                    reach: Reach::of(Some(old.summary()), None),
                }
            }
            None => Effect::default(),
        }
    }

    /// The whole document at `path`: kept in memory when it is open (or
    /// was given as text), else read again from disk by this snapshot.
    /// `None` when the workspace does not hold it, or it cannot be read
    /// any more.
    pub fn load_file(&self, path: &Path) -> Option<&File> {
        self.load_file_by_id(self.paths.get(path)?)
    }

    /// The whole document with id `id` (as the index gives them).
    pub fn load_file_by_id(&self, id: FileId) -> Option<&File> {
        let entry = self.files.get(&id)?;
        if let Some(file) = entry.kept_whole() {
            return Some(file);
        }
        if let Some(file) = self.reread.0.get(&id) {
            return Some(file);
        }
        // The server never writes documents; the text read now is what
        // the editor would show. A document changed on disk since it was
        // indexed is read as it is now (the watcher brings its summary).
        let known = entry
            .cached()
            .map(|(stamp, skeleton)| (stamp.hash, skeleton.summary()));
        let file = discover::read_known(&entry.path, known).ok()?;
        Some(self.reread.0.insert(id, Box::new(file)))
    }

    /// What the workspace keeps of the document with id `id`.
    pub fn entry_by_id(&self, id: FileId) -> Option<&DocumentEntry> {
        self.files.get(&id).map(|e| &**e)
    }

    /// What the workspace keeps of the document at `path`.
    pub fn entry(&self, path: &Path) -> Option<&DocumentEntry> {
        self.shared_entry(path).map(|e| &**e)
    }

    /// The whole documents of `ids` (as the index gives them), each once,
    /// in path order.
    pub fn load_files_by_path(&self, ids: impl Iterator<Item = FileId>) -> Vec<&File> {
        let mut ids: Vec<(FileId, &Arc<Path>)> = ids
            .filter_map(|id| Some((id, &self.files.get(&id)?.path)))
            .collect();
        ids.sort_by(|a, b| a.1.cmp(b.1));
        ids.dedup_by(|a, b| a.1 == b.1);
        ids.into_iter()
            .filter_map(|(id, _)| self.load_file_by_id(id))
            .collect()
    }

    /// What the workspace keeps of the documents of `ids` (as the index
    /// gives them), each once, in path order.
    pub fn entries_by_path(&self, ids: impl Iterator<Item = FileId>) -> Vec<&DocumentEntry> {
        let mut entries: Vec<&DocumentEntry> = ids
            .filter_map(|id| self.files.get(&id).map(|e| &**e))
            .collect();
        entries.sort_by(|a, b| a.path.cmp(&b.path));
        entries.dedup_by(|a, b| a.path == b.path);
        entries
    }

    /// The text of the document at `path` and its line index, to turn its
    /// byte offsets up to `end` into positions: those of the whole document
    /// when this snapshot has it, or the front matter kept with its summary
    /// when `end` lies in it (definitions' positions: no disk read), else
    /// read from disk (text only; not parsed).
    pub fn text_and_lines(&self, path: &Path, end: usize) -> Option<(&str, &LineIndex)> {
        let id = self.paths.get(path)?;
        let entry = self.files.get(&id)?;
        if let Some(kept) = entry.text_and_lines(end) {
            // A document kept as its skeleton answers from what indexing
            // kept, as long as it is still there: one gone from disk (moved,
            // deleted, not yet seen by the watcher) is no place to go.
            let gone = entry.kept_whole().is_none() && !entry.path.is_file();
            return (!gone).then_some(kept);
        }
        if let Some(file) = self.reread.0.get(&id) {
            return Some((&file.text, &file.lines));
        }
        let (text, lines) = match self.texts.0.get(&id) {
            Some(read) => read,
            None => {
                let text = discover::read_text(&entry.path).ok()?;
                let lines = LineIndex::new(&text);
                self.texts.0.insert(id, Box::new((text, lines)))
            }
        };
        Some((text, lines))
    }

    /// Every document, whole (those kept as summaries are read again).
    pub fn load_every_file(&self) -> impl Iterator<Item = &File> {
        self.files.keys().filter_map(|id| self.load_file_by_id(id))
    }

    /// What the workspace keeps of every document.
    pub fn entries(&self) -> impl Iterator<Item = &DocumentEntry> {
        self.files.values().map(|e| &**e)
    }

    /// The document at `path` as shared between snapshots: two snapshots
    /// hold the same version of a document when these are the same `Arc`.
    pub fn shared_entry(&self, path: &Path) -> Option<&Arc<DocumentEntry>> {
        self.files.get(&self.paths.get(path)?)
    }

    /// Every document, as shared between snapshots.
    pub fn shared_entries(&self) -> impl Iterator<Item = &Arc<DocumentEntry>> {
        self.files.values()
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn index(&self) -> &Index {
        &self.index
    }

    /// Every definition of `id`: the newest document's first (by its
    /// `date`; undated documents last), then by path. The first is the one
    /// shown.
    pub fn definitions(&self, id: &str) -> Vec<Definition<'_>> {
        let mut defs: Vec<Definition<'_>> = self
            .entries_by_path(self.index.definers(id))
            .into_iter()
            .flat_map(|file| {
                file.definitions_of(id)
                    .map(move |def| Definition { file, def })
            })
            .collect();
        defs.sort_by_key(|d| std::cmp::Reverse(d.file.date()));
        defs
    }

    /// `path` relative to the workspace root that holds it, for display.
    pub fn relative_path(&self, path: &Path) -> String {
        // A root that is the document itself would leave nothing.
        let relative = self
            .roots
            .iter()
            .find_map(|root| {
                path.strip_prefix(root)
                    .ok()
                    .filter(|r| !r.as_os_str().is_empty())
            })
            .unwrap_or(path);
        relative.to_string_lossy().replace('\\', "/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::Phrase;

    /// Typo suggestions follow the definitions as documents change.
    #[test]
    fn the_nearest_defined_id_follows_edits() {
        let mut ws = Workspace::default();
        let define = |id: &str| format!("---\nentities:\n  {id}: {{name: Someone}}\n---\n");
        let mut extended = Workspace::default();
        extended.extend(vec![Arc::new(DocumentEntry::of(File::new(
            Path::new("/ws/r.news.md").into(),
            define("putin"),
        )))]);
        assert_eq!(extended.index().nearest_defined("puttin"), Some("putin"));
        ws.apply(Change::Set {
            path: "/ws/r.news.md".into(),
            text: define("putin"),
        });
        ws.apply(Change::Set {
            path: "/ws/s.news.md".into(),
            text: define("putin"),
        });
        assert_eq!(ws.index().nearest_defined("puttin"), Some("putin"));
        ws.apply(Change::Set {
            path: "/ws/r.news.md".into(),
            text: define("merz"),
        });
        assert_eq!(
            ws.index().nearest_defined("puttin"),
            Some("putin"),
            "still in s"
        );
        assert_eq!(ws.index().nearest_defined("mertz"), Some("merz"));
        ws.remove(Path::new("/ws/s.news.md"));
        assert_eq!(ws.index().nearest_defined("puttin"), None);
    }

    /// Reading the folders puts every document in at once; what the index
    /// says is what inserting them one by one says, even for a path given
    /// twice (the last one given is the document).
    #[test]
    fn extending_an_empty_workspace_is_inserting_one_by_one() {
        let docs = [
            (
                "/ws/a.news.md",
                "---\nentities:\n  x: {name: Xavier Ybarra}\n---\n[@x]\n",
            ),
            ("/ws/b.news.md", "[@x] [@y]\n"),
            ("/ws/a.news.md", "[@y]\n"),
        ];
        let entries: Vec<Arc<DocumentEntry>> = docs
            .iter()
            .map(|(path, text)| {
                Arc::new(DocumentEntry::of(File::new(
                    Path::new(path).into(),
                    text.to_string(),
                )))
            })
            .collect();
        let mut at_once = Workspace::default();
        at_once.extend(entries.clone());
        let mut one_by_one = Workspace::default();
        for entry in entries {
            one_by_one.insert_shared(entry);
        }
        for ws in [&at_once, &one_by_one] {
            let index = ws.index();
            assert_eq!(ws.len(), 2);
            assert!(!index.is_defined("x"));
            assert_eq!(index.mention_count("x"), 1);
            assert_eq!(index.mention_count("y"), 2);
            assert_eq!(index.named(&Phrase("xavier ybarra".into())).count(), 0);
            assert_eq!(index.longest_name(), 0);
        }
    }
}
