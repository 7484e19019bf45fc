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
    /// The characters of the folded text, as [`letters`] gives them.
    letters: u64,
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
            let (folded, letters) = list.fold(&id);
            list.ids.push(Folded {
                name: id,
                folded,
                letters,
                ids: 0..0,
            });
        }
        for (phrase, named) in phrases {
            let (folded, letters) = list.fold(&phrase);
            let start = offset(list.phrase_ids.len());
            list.phrase_ids
                .extend(named.iter().filter_map(|(id, _)| position.get(id)));
            list.phrases.push(Folded {
                name: phrase,
                folded,
                letters,
                ids: start..offset(list.phrase_ids.len()),
            });
        }
        list.text.shrink_to_fit();
        list.phrases.shrink_to_fit();
        list.phrase_ids.shrink_to_fit();
        list
    }

    fn fold(&mut self, text: &str) -> (Range<u32>, u64) {
        let start = offset(self.text.len());
        let folded = fold_id(text);
        self.text.push_str(&folded);
        (start..offset(self.text.len()), letters(&folded))
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

    /// Every defined id's position, folded text and [`letters`], in id
    /// order.
    pub fn ids(&self) -> impl Iterator<Item = (u32, &str, u64)> {
        (0..)
            .zip(&self.ids)
            .map(|(position, f)| (position, self.folded(&f.folded), f.letters))
    }

    /// Every indexed phrase, with its folded text and the positions of the
    /// ids it names. The phrase is given as its `Name`: reading its text
    /// is a cache miss, paid only for the phrases that match.
    pub fn phrases(&self) -> impl Iterator<Item = (&Name, &str, u64, &[u32])> {
        self.phrases.iter().map(|f| {
            let ids = self
                .phrase_ids
                .get(f.ids.start as usize..f.ids.end as usize)
                .unwrap_or_default();
            (&f.name, self.folded(&f.folded), f.letters, ids)
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

/// The characters of `text`, one bit each (letters and digits their own
/// bit, others sharing the rest): a text that lacks a bit of what was
/// typed cannot match it, which one `and` tells before the text is read.
pub fn letters(text: &str) -> u64 {
    text.chars().fold(0, |set, c| {
        let bit = match c {
            'a'..='z' => c as u32 - 'a' as u32,
            '0'..='9' => 26 + c as u32 - '0' as u32,
            _ => 36 + c as u32 % 28,
        };
        set | 1 << bit
    })
}

/// Offsets in the list are `u32`: a workspace holds far less than 4 GiB of
/// ids and names.
fn offset(at: usize) -> u32 {
    u32::try_from(at).unwrap_or(u32::MAX)
}
