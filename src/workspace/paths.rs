//! File ids: each document path is interned once as a `u32`, as
//! rust-analyzer's VFS does, so the index's sets hold and compare small
//! integers instead of paths.

use std::borrow::{Borrow, Cow};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, PoisonError, RwLock};

use foldhash::fast::FixedState;

/// A document's id, given the first time its path is seen and never
/// reused, so every snapshot of a workspace can share one table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(u32);

impl FileId {
    /// The id given `index`th: ids are given in order from 0.
    pub(super) fn from_index(index: usize) -> FileId {
        FileId(u32::try_from(index).unwrap_or(u32::MAX))
    }

    /// Which id this is, counted from 0 (where the workspace's vector of
    /// documents keeps its document).
    pub(super) fn index(self) -> usize {
        self.0 as usize
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
    ids: HashMap<Key, FileId, FixedState>,
}

/// A path as the table keys it: by the bytes of its normal form, hashed
/// with foldhash. Hashing a `Path` walks its components (a tenth of the
/// warm start's interning of a million paths); the bytes of a path
/// already in normal form (as every walked path is) are hashed as they
/// are, and paths that `Path` deems equal have the same normal form.
struct Key(Arc<Path>);

impl Key {
    fn bytes(&self) -> &[u8] {
        self.0.as_os_str().as_encoded_bytes()
    }
}

impl Hash for Key {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.bytes().hash(state);
    }
}

impl PartialEq for Key {
    fn eq(&self, other: &Key) -> bool {
        self.bytes() == other.bytes()
    }
}

impl Eq for Key {}

impl Borrow<[u8]> for Key {
    fn borrow(&self) -> &[u8] {
        self.bytes()
    }
}

/// `path` spelled as its components spell it (no repeated separator, no
/// `.` after the start, no trailing separator): two paths `Path` deems
/// equal have the same normal form. Borrowed when `path` is in it.
fn normal(path: &Path) -> Cow<'_, Path> {
    if is_normal(path) {
        Cow::Borrowed(path)
    } else {
        Cow::Owned(path.components().collect())
    }
}

#[cfg(unix)]
fn is_normal(path: &Path) -> bool {
    let bytes = path.as_os_str().as_encoded_bytes();
    let separators = bytes.windows(2).all(|w| w != b"//") && !bytes.windows(3).any(|w| w == b"/./");
    let end = bytes.len() <= 1 || !(bytes.ends_with(b"/") || bytes.ends_with(b"/."));
    separators && end
}

/// Elsewhere (two separators, prefixes) the components decide.
#[cfg(not(unix))]
fn is_normal(path: &Path) -> bool {
    path.components().collect::<PathBuf>().as_os_str() == path.as_os_str()
}

impl Paths {
    /// The id of `path`, if it was ever interned.
    pub fn get(&self, path: &Path) -> Option<FileId> {
        let path = normal(path);
        let table = self.table.read().unwrap_or_else(PoisonError::into_inner);
        table.get(&path)
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
    fn get(&self, normal: &Path) -> Option<FileId> {
        self.ids.get(normal.as_os_str().as_encoded_bytes()).copied()
    }

    fn intern(&mut self, path: &Arc<Path>) -> FileId {
        let key = match normal(path) {
            Cow::Borrowed(_) => path.clone(),
            Cow::Owned(normal) => Arc::from(normal),
        };
        let next = FileId(u32::try_from(self.ids.len()).unwrap_or(u32::MAX));
        *self.ids.entry(Key(key)).or_insert(next)
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

    /// Spellings `Path` deems equal find the same id, whichever was
    /// interned first; others do not.
    #[test]
    fn a_path_is_found_however_it_is_spelled() {
        let paths = Paths::default();
        let odd: Arc<Path> = Path::new("/ws//x/./a.news.md").into();
        let id = paths.intern(&odd);
        for same in ["/ws/x/a.news.md", "/ws/x/a.news.md/", "/ws/x//a.news.md/."] {
            assert_eq!(paths.get(Path::new(same)), Some(id), "{same}");
        }
        let plain: Arc<Path> = Path::new("/ws/x/a.news.md").into();
        assert_eq!(paths.intern(&plain), id);
        for other in ["/ws/x/../x/a.news.md", "ws/x/a.news.md", "/ws/x/a.news.m"] {
            assert_eq!(paths.get(Path::new(other)), None, "{other}");
        }
        let b: Arc<Path> = Path::new("/ws/b.news.md/").into();
        let b_id = paths.intern(&b);
        assert_ne!(b_id, id);
        assert_eq!(paths.get(Path::new("/ws/b.news.md")), Some(b_id));
    }
}
