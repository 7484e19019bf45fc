//! Interned ids and folded names: each distinct text is stored once and a
//! [`Name`] is a pointer to it (8 bytes), so summaries hold 8 bytes an id
//! instead of a `String`, and the index hashes and compares pointers, not
//! text.
//!
//! The store is bounded by what is in use: a `Name` counts its holders,
//! and a text no summary, index or request holds any more is dropped from
//! the store the next time the store has doubled since it was last swept.
//! A long session of typing ids (every partial id a keystroke makes is
//! interned with the document's new summary) leaves behind at most about
//! as many texts as are in use, not one for every keystroke ever made.

use std::borrow::Borrow;
use std::cmp::Ordering;
use std::collections::HashSet;
use std::hash::{BuildHasher, BuildHasherDefault, Hash, Hasher};
use std::sync::{Arc, LazyLock, Mutex, PoisonError};

use foldhash::fast::FixedState;
use rayon::prelude::*;

/// An entity id or a folded phrase, interned. Equal texts are the same
/// pointer; ordered by text, so sorted lists and answers do not depend on
/// the order in which texts were first seen.
#[derive(Clone)]
pub struct Name(Arc<Interned>);

struct Interned {
    /// Computed once, when interned: maps keyed by names hash this.
    hash: u64,
    text: Box<str>,
}

impl Name {
    pub fn as_str(&self) -> &str {
        &self.0.text
    }

    /// What tells this name from every other in use, without reading it:
    /// the address of its one copy (equal names are the same pointer).
    pub fn identity(&self) -> usize {
        Arc::as_ptr(&self.0).addr()
    }
}

impl std::ops::Deref for Name {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0.text
    }
}

impl AsRef<str> for Name {
    fn as_ref(&self) -> &str {
        &self.0.text
    }
}

impl std::fmt::Debug for Name {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl std::fmt::Display for Name {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One text, one `Name`: equal names are the same pointer.
impl PartialEq for Name {
    fn eq(&self, other: &Name) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for Name {}

impl PartialEq<str> for Name {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Name {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl Ord for Name {
    fn cmp(&self, other: &Name) -> Ordering {
        if self == other {
            return Ordering::Equal;
        }
        self.as_str().cmp(other.as_str())
    }
}

impl PartialOrd for Name {
    fn partial_cmp(&self, other: &Name) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// The hash computed when the text was interned (see [`NameHasher`]).
impl Hash for Name {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.0.hash);
    }
}

impl From<&str> for Name {
    fn from(text: &str) -> Name {
        intern(text)
    }
}

impl From<&String> for Name {
    fn from(text: &String) -> Name {
        intern(text)
    }
}

impl From<String> for Name {
    fn from(text: String) -> Name {
        intern(&text)
    }
}

impl From<&Name> for Name {
    fn from(name: &Name) -> Name {
        name.clone()
    }
}

/// Hashes a [`Name`] by the hash computed once when it was interned.
pub type NameHasher = BuildHasherDefault<IdentityHasher>;

/// A persistent map keyed by [`Name`].
pub type NameMap<V> = imbl::GenericHashMap<Name, V, NameHasher, imbl::shared_ptr::DefaultSharedPtr>;

/// Passes on the one `u64` a [`Name`] hashes as.
#[derive(Default)]
pub struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only `Name`s are hashed with it, through `write_u64`; anything
        // else still hashes, slowly.
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// The [`Name`] of `text`, if it is interned: a text not in use is no id of
/// any document, and looking it up must not intern it.
pub fn existing(text: &str) -> Option<Name> {
    let hash = hash_of(text);
    shard(hash).names.get(text).map(|k| k.0.clone())
}

/// The elements of sorted `a` that are not in sorted `b`.
pub fn only_in<'a, T: Ord>(a: &'a [T], b: &'a [T]) -> impl Iterator<Item = &'a T> + 'a {
    a.iter().filter(move |x| b.binary_search(x).is_err())
}

/// The bytes the store holds: each text, its hash and counts, and the
/// store's table (for the benchmarks' account of memory).
pub fn stored_bytes() -> usize {
    STORE
        .iter()
        .map(|shard| {
            let shard = shard.lock().unwrap_or_else(PoisonError::into_inner);
            let texts: usize = shard.names.iter().map(|k| k.0.len()).sum();
            // Per text: the shared allocation (two counts, the hash, the
            // boxed text's pointer and length) and a table slot.
            texts + shard.names.len() * (40 + 8) + shard.names.capacity() * 8
        })
        .sum()
}

/// The store, in shards so that the threads reading a folder rarely wait
/// for each other.
static STORE: LazyLock<[Mutex<Shard>; SHARDS]> =
    LazyLock::new(|| std::array::from_fn(|_| Mutex::new(Shard::default())));

const SHARDS: usize = 64;

/// A shard is swept when it holds this many more texts than after its
/// last sweep (and at least twice as many).
const SWEEP_SLACK: usize = 256;

#[derive(Default)]
struct Shard {
    names: HashSet<Key, FixedState>,
    /// How many texts were in use after the last sweep.
    live: usize,
}

/// A stored [`Name`], hashed and compared by its text so the store can be
/// searched with a `&str`.
struct Key(Name);

impl Hash for Key {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.as_str().hash(state);
    }
}

impl PartialEq for Key {
    fn eq(&self, other: &Key) -> bool {
        self.0 == other.0
    }
}

impl Eq for Key {}

impl Borrow<str> for Key {
    fn borrow(&self) -> &str {
        self.0.as_str()
    }
}

fn hash_of(text: &str) -> u64 {
    FixedState::default().hash_one(text)
}

/// Which shard holds the texts of `hash`: its top six bits (64 shards);
/// the shard's own table uses the low ones.
fn shard_of(hash: u64) -> usize {
    (hash >> 58) as usize % SHARDS
}

fn lock(shard: usize) -> std::sync::MutexGuard<'static, Shard> {
    STORE[shard % SHARDS]
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
}

fn shard(hash: u64) -> std::sync::MutexGuard<'static, Shard> {
    lock(shard_of(hash))
}

fn intern(text: &str) -> Name {
    let hash = hash_of(text);
    shard(hash).intern(text, hash)
}

impl Shard {
    /// The name of `text` (whose hash is `hash`), stored if it is new.
    fn intern(&mut self, text: &str, hash: u64) -> Name {
        if let Some(found) = self.names.get(text) {
            return found.0.clone();
        }
        if self.names.len() >= (2 * self.live).max(self.live + SWEEP_SLACK) {
            // Texts only the store holds are in use nowhere: nobody can get
            // them again but through this locked shard.
            self.names.retain(|k| Arc::strong_count(&k.0.0) > 1);
            self.live = self.names.len();
        }
        let name = Name(Arc::new(Interned {
            hash,
            text: text.into(),
        }));
        self.names.insert(Key(name.clone()));
        name
    }
}

/// The names of `texts`, in order: each shard locked once on some core,
/// grown once, and not swept while they go in (they are all in use). How
/// the index cache's table of names (a million texts at a million
/// documents) is interned.
pub fn intern_many(texts: &[&str]) -> Vec<Name> {
    let hashes: Vec<u64> = texts.par_iter().map(|text| hash_of(text)).collect();
    let mut by_shard: Vec<Vec<usize>> = vec![Vec::new(); SHARDS];
    for (at, &hash) in hashes.iter().enumerate() {
        if let Some(shard) = by_shard.get_mut(shard_of(hash)) {
            shard.push(at);
        }
    }
    let interned: Vec<Vec<(usize, Name)>> = by_shard
        .into_par_iter()
        .enumerate()
        .map(|(shard, places)| {
            let mut shard = lock(shard);
            shard.names.reserve(places.len());
            shard.live = shard.live.max(shard.names.len() + places.len());
            let names = places
                .into_iter()
                .filter_map(|at| Some((at, shard.intern(texts.get(at)?, *hashes.get(at)?))))
                .collect();
            shard.live = shard.names.len();
            names
        })
        .collect();
    let mut names: Vec<Option<Name>> = vec![None; texts.len()];
    for (at, name) in interned.into_iter().flatten() {
        if let Some(slot) = names.get_mut(at) {
            *slot = Some(name);
        }
    }
    names.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_text_one_name_ordered_by_text() {
        let a = Name::from("name-test-b");
        let b = Name::from(&"name-test-b".to_string());
        assert!(a == b && Arc::ptr_eq(&a.0, &b.0));
        assert_eq!(a.as_str(), "name-test-b");
        let mut names = [
            Name::from("name-test-c"),
            a.clone(),
            Name::from("name-test-a"),
        ];
        names.sort();
        let texts: Vec<&str> = names.iter().map(Name::as_str).collect();
        assert_eq!(texts, ["name-test-a", "name-test-b", "name-test-c"]);
        assert!(existing("name-test-b").is_some());
        assert!(existing("name-test-never-interned").is_none());
        assert!(
            existing("name-test-never-interned").is_none(),
            "not interned by a look"
        );
    }

    /// Many texts interned at once are the names one at a time gives,
    /// in order, those already known included.
    #[test]
    fn many_at_once_are_one_by_one() {
        let known = Name::from("name-test-many-3");
        let texts: Vec<String> = (0..2_000)
            .map(|i| format!("name-test-many-{}", i % 1_500))
            .collect();
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        let many = intern_many(&texts);
        assert_eq!(many.len(), texts.len());
        for (name, text) in many.iter().zip(&texts) {
            assert_eq!(name.as_str(), *text);
            assert!(Arc::ptr_eq(&name.0, &Name::from(*text).0));
        }
        assert!(many[3] == known && many[1_503] == known);
    }

    /// Texts no longer held anywhere do not pile up: typing a hundred
    /// thousand partial ids leaves the store about as large as what is held.
    #[test]
    fn texts_in_use_nowhere_are_dropped() {
        let held: Vec<Name> = (0..1_000)
            .map(|i| Name::from(format!("name-test-held-{i}")))
            .collect();
        for i in 0..100_000 {
            let typed = Name::from(format!("name-test-typed-{i}"));
            drop(typed);
        }
        // Other tests intern beside this one: count only these texts.
        let left = (0..100_000)
            .filter(|i| existing(&format!("name-test-typed-{i}")).is_some())
            .count();
        assert!(left < 50_000, "{left} of 100,000 typed texts still stored");
        assert!(
            held.iter()
                .all(|n| existing(n.as_str()).as_ref() == Some(n))
        );
    }
}
