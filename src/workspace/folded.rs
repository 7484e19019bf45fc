//! Every defined id and every indexed name, folded once (`fold_id`: case
//! and accents dropped) into one flat list beside the index: what
//! completion and workspace symbols search. Reading a flat list of
//! prepared texts is several times faster than walking the index's
//! persistent maps and folding each text again on every request.
//!
//! The list is made the first time it is asked for, and shared by every
//! snapshot of the same index; a change to what is defined or named
//! starts a new one (see `Index::update`), an edit to a body does not.
//!
//! Beside it, [`MentionOrder`]: the same ids ranked by how many documents
//! mention them, which is how ties in a search are broken. It is made
//! when first asked for too, and made again only after an edit changes
//! how many documents mention a defined id.

use std::collections::HashMap;
use std::ops::Range;

use super::name::{Name, NameHasher};
use crate::syntax::fold_id;

#[derive(Default)]
pub struct FoldedNames {
    /// Every folded text, one after the other.
    text: String,
    /// Sorted by id, so an id's position orders ids as their texts do.
    ids: Vec<Folded>,
    phrases: Vec<Folded>,
    /// The ids each phrase names (their positions in `ids`), one phrase's
    /// after the other.
    phrase_ids: Vec<u32>,
}

/// One id or phrase and where its folded text is.
struct Folded {
    name: Name,
    folded: Range<u32>,
    /// For a phrase, where the ids it names are in `phrase_ids`.
    ids: Range<u32>,
}

impl FoldedNames {
    /// The list of `ids` and of `phrases` with the ids each names. A
    /// phrase names only defined ids (names come from definitions); one
    /// that is not among `ids` would have no definition to offer, and is
    /// left out.
    pub fn new<'a, P>(ids: impl Iterator<Item = Name>, phrases: P) -> FoldedNames
    where
        P: Iterator<Item = (Name, &'a [(Name, u32)])>,
    {
        let mut list = FoldedNames::default();
        let mut ids: Vec<Name> = ids.collect();
        ids.sort_unstable();
        let mut position: HashMap<Name, u32, NameHasher> = HashMap::default();
        position.reserve(ids.len());
        for id in ids {
            position.insert(id.clone(), offset(list.ids.len()));
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
                .extend(named.iter().filter_map(|(id, _)| position.get(id)));
            list.phrases.push(Folded {
                name: phrase,
                folded,
                ids: start..offset(list.phrase_ids.len()),
            });
        }
        list.text.shrink_to_fit();
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

    /// How many ids the list holds: their positions are `0..id_count()`.
    pub fn id_count(&self) -> usize {
        self.ids.len()
    }

    /// The id at `position`.
    pub fn id(&self, position: u32) -> Option<&Name> {
        self.ids.get(position as usize).map(|f| &f.name)
    }

    /// Every defined id's position and folded text, in id order.
    pub fn ids(&self) -> impl Iterator<Item = (u32, &str)> {
        (0..).zip(self.ids.iter().map(|f| self.folded(&f.folded)))
    }

    /// Every indexed phrase, with its folded text and the positions of the
    /// ids it names. The phrase is given as its `Name`: reading its text
    /// is a cache miss, paid only for the phrases that match.
    pub fn phrases(&self) -> impl Iterator<Item = (&Name, &str, &[u32])> {
        self.phrases.iter().map(|f| {
            let ids = self
                .phrase_ids
                .get(f.ids.start as usize..f.ids.end as usize)
                .unwrap_or_default();
            (&f.name, self.folded(&f.folded), ids)
        })
    }
}

/// The ids of a [`FoldedNames`] ranked as searches break ties: the most
/// mentioned first, then by id.
#[derive(Default)]
pub struct MentionOrder {
    /// Positions of ids, first ranked first.
    ranked: Vec<u32>,
    /// The rank of the id at each position.
    rank: Vec<u32>,
}

impl MentionOrder {
    /// The order of `list`'s ids, given in how many documents each is
    /// mentioned.
    pub fn new(list: &FoldedNames, mention_count: impl Fn(&Name) -> usize) -> MentionOrder {
        let mut counted: Vec<(std::cmp::Reverse<usize>, u32)> = list
            .ids
            .iter()
            .zip(0..)
            .map(|(f, position)| (std::cmp::Reverse(mention_count(&f.name)), position))
            .collect();
        // Positions are in id order: ties on the count go by id.
        counted.sort_unstable();
        let ranked: Vec<u32> = counted.into_iter().map(|(_, position)| position).collect();
        let mut rank = vec![u32::MAX; ranked.len()];
        for (r, &position) in (0..).zip(&ranked) {
            if let Some(slot) = rank.get_mut(position as usize) {
                *slot = r;
            }
        }
        MentionOrder { ranked, rank }
    }

    /// Positions of ids, the first ranked first.
    pub fn ranked(&self) -> &[u32] {
        &self.ranked
    }

    /// The rank of the id at `position` (lower first).
    pub fn rank(&self, position: u32) -> u32 {
        self.rank
            .get(position as usize)
            .copied()
            .unwrap_or(u32::MAX)
    }
}

/// Offsets in the list are `u32`: a workspace holds far less than 4 GiB of
/// ids and names.
fn offset(at: usize) -> u32 {
    u32::try_from(at).unwrap_or(u32::MAX)
}
