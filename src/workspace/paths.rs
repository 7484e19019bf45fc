//! File ids: each document path is interned once as a `u32`, as
//! rust-analyzer's VFS does, so the index's sets hold and compare small
//! integers instead of paths.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, PoisonError, RwLock};

/// A document's id, given the first time its path is seen and never
/// reused, so every snapshot of a workspace can share one table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(u32);

impl FileId {
    /// A made-up id, for tests of what holds ids.
    #[cfg(test)]
    pub fn from_index(index: usize) -> FileId {
        FileId(u32::try_from(index).unwrap_or(u32::MAX))
    }
}

/// The table of paths, shared by a workspace and its snapshots. It only
/// grows: an id a snapshot holds always names the same path.
#[derive(Default)]
pub struct Paths {
    table: RwLock<Table>,
}

#[derive(Default)]
struct Table {
    ids: HashMap<Arc<Path>, FileId>,
}

impl Paths {
    /// The id of `path`, if it was ever interned.
    pub fn get(&self, path: &Path) -> Option<FileId> {
        let table = self.table.read().unwrap_or_else(PoisonError::into_inner);
        table.ids.get(path).copied()
    }

    /// The id of `path`, interning it if it is new.
    pub fn intern(&self, path: &Arc<Path>) -> FileId {
        if let Some(id) = self.get(path) {
            return id;
        }
        let mut table = self.table.write().unwrap_or_else(PoisonError::into_inner);
        table.intern(path)
    }

    /// The ids of `paths`, in order, interning those that are new.
    pub fn intern_all<'a>(&self, paths: impl Iterator<Item = &'a Arc<Path>>) -> Vec<FileId> {
        let mut table = self.table.write().unwrap_or_else(PoisonError::into_inner);
        let paths = paths.into_iter();
        table.ids.reserve(paths.size_hint().0);
        paths.map(|path| table.intern(path)).collect()
    }
}

impl Table {
    fn intern(&mut self, path: &Arc<Path>) -> FileId {
        let next = FileId(u32::try_from(self.ids.len()).unwrap_or(u32::MAX));
        *self.ids.entry(path.clone()).or_insert(next)
    }
}

/// `path` with `.` and `..` taken out (and repeated separators), without
/// asking the disk: how a path from a client or a tool's argument is
/// compared with the workspace's.
pub fn lexically_normal(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_id_per_path_for_ever() {
        let paths = Paths::default();
        let a: Arc<Path> = Path::new("/ws/a.news.md").into();
        let b: Arc<Path> = Path::new("/ws/b.news.md").into();
        let first = paths.intern(&a);
        assert_ne!(paths.intern(&b), first);
        assert_eq!(paths.intern(&a), first);
        assert_eq!(paths.get(Path::new("/ws/a.news.md")), Some(first));
        assert_eq!(paths.get(Path::new("/ws/c.news.md")), None);
    }
}
