//! The workspace's documents by file id: a persistent vector indexed by
//! id (ids are small, given in order and never reused), so a snapshot
//! copies a pointer and an edit a few nodes, as the hash trie before it
//! did, while putting in a million documents at once is a copy (a
//! twelfth of a million insertions into the trie) and a lookup reads no
//! hash.

use std::sync::Arc;

use super::entry::DocumentEntry;
use super::paths::FileId;

#[derive(Clone, Default)]
pub struct Files {
    /// The document of each id, `None` for an id without one (removed, or
    /// interned by another snapshot).
    slots: imbl::Vector<Option<Arc<DocumentEntry>>>,
    len: usize,
}

impl Files {
    pub fn get(&self, id: &FileId) -> Option<&Arc<DocumentEntry>> {
        self.slots.get(id.index())?.as_ref()
    }

    /// Puts `entry` in as `id`'s document; returns the one it replaces.
    pub fn insert(&mut self, id: FileId, entry: Arc<DocumentEntry>) -> Option<Arc<DocumentEntry>> {
        let at = id.index();
        if at >= self.slots.len() {
            let missing = at + 1 - self.slots.len();
            self.slots.extend(std::iter::repeat_n(None, missing));
        }
        let old = self.slots.get_mut(at)?.replace(entry);
        if old.is_none() {
            self.len += 1;
        }
        old
    }

    /// Takes `id`'s document out.
    pub fn remove(&mut self, id: &FileId) -> Option<Arc<DocumentEntry>> {
        let old = self.slots.get_mut(id.index())?.take();
        if old.is_some() {
            self.len -= 1;
        }
        old
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Every document with its id, in id order.
    pub fn iter(&self) -> impl Iterator<Item = (FileId, &Arc<DocumentEntry>)> {
        self.slots
            .iter()
            .enumerate()
            .filter_map(|(at, slot)| Some((FileId::from_index(at), slot.as_ref()?)))
    }

    pub fn keys(&self) -> impl Iterator<Item = FileId> + '_ {
        self.iter().map(|(id, _)| id)
    }

    pub fn values(&self) -> impl Iterator<Item = &Arc<DocumentEntry>> {
        self.slots.iter().flatten()
    }
}

/// The last document given for an id is its document.
impl FromIterator<(FileId, Arc<DocumentEntry>)> for Files {
    fn from_iter<I: IntoIterator<Item = (FileId, Arc<DocumentEntry>)>>(entries: I) -> Files {
        let mut slots: Vec<Option<Arc<DocumentEntry>>> = Vec::new();
        for (id, entry) in entries {
            let at = id.index();
            if at >= slots.len() {
                slots.resize(at + 1, None);
            }
            if let Some(slot) = slots.get_mut(at) {
                *slot = Some(entry);
            }
        }
        let len = slots.iter().flatten().count();
        Files {
            slots: slots.into_iter().collect(),
            len,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::File;
    use std::path::Path;

    fn entry(name: &str) -> Arc<DocumentEntry> {
        Arc::new(DocumentEntry::of(File::new(
            Path::new(name).into(),
            String::new(),
        )))
    }

    /// Ids with and without documents, replaced, removed, and a snapshot
    /// that does not see later changes.
    #[test]
    fn documents_by_id() {
        let id = FileId::from_index;
        let mut files: Files = [
            (id(3), entry("/a")),
            (id(0), entry("/b")),
            (id(3), entry("/c")),
        ]
        .into_iter()
        .collect();
        assert_eq!(files.len(), 2);
        assert_eq!(files.get(&id(3)).map(|e| &*e.path), Some(Path::new("/c")));
        assert!(files.get(&id(1)).is_none() && files.get(&id(9)).is_none());
        let snapshot = files.clone();
        assert!(files.insert(id(7), entry("/d")).is_none());
        assert_eq!(
            files.insert(id(0), entry("/e")).map(|e| e.path.clone()),
            Some(Path::new("/b").into())
        );
        assert_eq!(
            files.remove(&id(3)).map(|e| e.path.clone()),
            Some(Path::new("/c").into())
        );
        assert!(files.remove(&id(3)).is_none() && files.remove(&id(42)).is_none());
        assert_eq!(files.len(), 2);
        assert_eq!(files.keys().collect::<Vec<_>>(), [id(0), id(7)]);
        assert_eq!(snapshot.keys().collect::<Vec<_>>(), [id(0), id(3)]);
        assert_eq!(snapshot.values().count(), 2);
    }
}
