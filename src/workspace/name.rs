//! Interned ids and folded names: each distinct text is stored once for
//! the process and a [`Name`] is a pointer to it (`ustr`), so summaries
//! hold 8 bytes an id instead of a `String`, and the index hashes and
//! compares pointers, not text.
//!
//! The store only grows: an id typed once stays interned until the server
//! exits. That is a few bytes per distinct id or name ever seen, far less
//! than one copy per document that mentions it.

use std::hash::BuildHasherDefault;

/// An entity id or a folded phrase, interned. Equal texts are equal
/// pointers; ordered by text, so sorted lists and answers do not depend on
/// the order in which texts were first seen.
pub type Name = ustr::Ustr;

/// Hashes a [`Name`] by the hash computed once when it was interned.
pub type NameHasher = BuildHasherDefault<ustr::IdentityHasher>;

/// A persistent map keyed by [`Name`].
pub type NameMap<V> = imbl::GenericHashMap<Name, V, NameHasher, imbl::shared_ptr::DefaultSharedPtr>;

/// The [`Name`] of `text`, if it was ever interned: a text never interned
/// is no id of any document, and looking it up must not intern it.
pub fn existing(text: &str) -> Option<Name> {
    ustr::existing_ustr(text)
}

/// The elements of sorted `a` that are not in sorted `b`.
pub fn only_in<'a, T: Ord>(a: &'a [T], b: &'a [T]) -> impl Iterator<Item = &'a T> + 'a {
    a.iter().filter(move |x| b.binary_search(x).is_err())
}
