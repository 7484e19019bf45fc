//! Every defined id and every indexed name, folded once (`fold_id`: case
//! and accents dropped) into one flat list beside the index: what
//! completion and workspace symbols search. Reading a flat list of
//! prepared texts is several times faster than walking the index's
//! persistent maps and folding each text again on every request.
//!
//! The list is made the first time it is asked for, and shared by every
//! snapshot of the same index; a change to what is defined or named
//! starts a new one (see `Index::update`), an edit to a body does not.

use std::ops::Range;

use super::name::Name;
use crate::syntax::fold_id;

#[derive(Default)]
pub struct FoldedNames {
    /// Every folded text, one after the other.
    text: String,
    ids: Vec<Folded>,
    phrases: Vec<Folded>,
    /// The ids each phrase names, one phrase's after the other.
    phrase_ids: Vec<Name>,
}

/// One id or phrase and where its folded text is.
struct Folded {
    name: Name,
    folded: Range<u32>,
    /// For a phrase, where the ids it names are in `phrase_ids`.
    ids: Range<u32>,
}

impl FoldedNames {
    /// The list of `ids` and of `phrases` with the ids each names.
    pub fn new<'a, P>(ids: impl Iterator<Item = Name>, phrases: P) -> FoldedNames
    where
        P: Iterator<Item = (Name, &'a [(Name, u32)])>,
    {
        let mut list = FoldedNames::default();
        for id in ids {
            let folded = list.fold(&id);
            list.ids.push(Folded {
                name: id,
                folded,
                ids: 0..0,
            });
        }
        for (phrase, named) in phrases {
            let folded = list.fold(&phrase);
            let start = offset(list.phrase_ids.len());
            list.phrase_ids
                .extend(named.iter().map(|(id, _)| id.clone()));
            list.phrases.push(Folded {
                name: phrase,
                folded,
                ids: start..offset(list.phrase_ids.len()),
            });
        }
        list.text.shrink_to_fit();
        list.ids.shrink_to_fit();
        list.phrases.shrink_to_fit();
        list.phrase_ids.shrink_to_fit();
        list
    }

    fn fold(&mut self, text: &str) -> Range<u32> {
        let start = offset(self.text.len());
        self.text.push_str(&fold_id(text));
        start..offset(self.text.len())
    }

    fn folded(&self, range: &Range<u32>) -> &str {
        self.text
            .get(range.start as usize..range.end as usize)
            .unwrap_or("")
    }

    /// Every defined id, with its folded text.
    pub fn ids(&self) -> impl Iterator<Item = (&str, &str)> {
        self.ids
            .iter()
            .map(|f| (f.name.as_str(), self.folded(&f.folded)))
    }

    /// Every indexed phrase, with its folded text and the ids it names.
    pub fn phrases(&self) -> impl Iterator<Item = (&str, &str, &[Name])> {
        self.phrases.iter().map(|f| {
            let ids = self
                .phrase_ids
                .get(f.ids.start as usize..f.ids.end as usize)
                .unwrap_or_default();
            (f.name.as_str(), self.folded(&f.folded), ids)
        })
    }
}

/// Offsets in the list are `u32`: a workspace holds far less than 4 GiB of
/// ids and names.
fn offset(at: usize) -> u32 {
    u32::try_from(at).unwrap_or(u32::MAX)
}
