//! The index of documents whose ids and names are given by number in a
//! table of names, as the index cache writes them (the warm start): the
//! same index as [`Index::build`] of the same summaries, made without
//! hashing, or even reading, a name but once an id. Each list is counted
//! and placed in plain arrays indexed by number, by each document's place
//! in the list of documents ([`Index::group`]), so that the documents'
//! paths can be interned meanwhile; the ids then replace the places
//! ([`Index::from_grouped`]).

use std::collections::HashMap;
use std::ops::Range;

use foldhash::fast::FixedState;
use rayon::prelude::*;

use super::{FileSet, IdMap, Index, with_defined};
use crate::workspace::name::Name;
use crate::workspace::nearest::DefinedIds;
use crate::workspace::paths::FileId;

/// A document's ids and names by number in a table of names: each list
/// as its summary has it (sorted by text, each once), `names` as a phrase
/// and its id for each name.
#[derive(Clone, Copy, Default)]
pub struct Numbers<'a> {
    pub defines: &'a [u32],
    pub mentions: &'a [u32],
    pub references: &'a [u32],
    pub names: &'a [u32],
}

/// Each id's documents by place in the list of documents, before they have
/// ids; with the index of the names, which needs none.
pub struct Grouped {
    definers: Vec<(Name, Vec<u32>)>,
    mentioners: Vec<(Name, Vec<u32>)>,
    referrers: Vec<(Name, Vec<u32>)>,
    names: Index,
    /// Whether the defined ids are listed for typo suggestions.
    typos: bool,
}

impl Index {
    /// The index of `documents` (by number in `names`), the `i`th
    /// document's id `files[i]`.
    pub fn build_numbered(names: &[Name], documents: &[Numbers<'_>], files: &[FileId]) -> Index {
        Index::from_grouped(Index::group(names, documents), files)
    }

    /// Groups `documents` by number in `names`, on every core: the
    /// mentions (ten times the other lists) in a range of numbers a core.
    pub fn group(names: &[Name], documents: &[Numbers<'_>]) -> Grouped {
        let parts = rayon::current_num_threads();
        let ((definers, mentioners), (referrers, names)) = rayon::join(
            || {
                rayon::join(
                    || group(names, documents, |n| n.defines, 1),
                    || group(names, documents, |n| n.mentions, parts),
                )
            },
            || {
                rayon::join(
                    || group(names, documents, |n| n.references, 1),
                    || names_of(names, documents),
                )
            },
        );
        Grouped {
            definers,
            mentioners,
            referrers,
            names,
            typos: true,
        }
    }

    /// [`Index::group`] of what a go-to-definition reads alone: who
    /// defines each id, and which ids each name denotes (the definitions
    /// stage of a warm start). Mentions and references are left out, and
    /// the index made of it has no typo suggestions: a third of the work
    /// of the maps of ids.
    pub fn group_definitions(names: &[Name], documents: &[Numbers<'_>]) -> Grouped {
        let parts = rayon::current_num_threads();
        let (definers, names) = rayon::join(
            || group(names, documents, |n| n.defines, parts),
            || names_of(names, documents),
        );
        Grouped {
            definers,
            mentioners: Vec::new(),
            referrers: Vec::new(),
            names,
            typos: false,
        }
    }

    /// The index of `grouped`, the document at place `i` having the id
    /// `files[i]`; places beyond `files` are left out.
    pub fn from_grouped(grouped: Grouped, files: &[FileId]) -> Index {
        let Grouped {
            definers,
            mentioners,
            referrers,
            names,
            typos,
        } = grouped;
        let ((definers, mentioners), referrers) = rayon::join(
            || {
                rayon::join(
                    || {
                        if typos {
                            with_defined(with_ids(definers, files))
                        } else {
                            (with_ids(definers, files), DefinedIds::default())
                        }
                    },
                    || with_ids(mentioners, files),
                )
            },
            || with_ids(referrers, files),
        );
        Index::of_maps(definers, mentioners, referrers, names)
    }
}

/// The index of the names of `documents`.
fn names_of(names: &[Name], documents: &[Numbers<'_>]) -> Index {
    let mut counted: HashMap<(u32, u32), u32, FixedState> = HashMap::default();
    for numbers in documents {
        for pair in numbers.names.chunks_exact(2) {
            if let [phrase, id] = pair {
                *counted.entry((*phrase, *id)).or_default() += 1;
            }
        }
    }
    let name = |n: u32| names.get(n as usize).cloned();
    Index::names_counted(
        counted
            .into_iter()
            .filter_map(|((phrase, id), count)| Some(((name(phrase)?, name(id)?), count))),
    )
}

/// Which documents (by place) hold each number of the lists `list` gives,
/// in `parts` ranges of numbers at once. Numbers out of the table are
/// left out.
fn group<'a>(
    names: &[Name],
    documents: &[Numbers<'a>],
    list: fn(Numbers<'a>) -> &'a [u32],
    parts: usize,
) -> Vec<(Name, Vec<u32>)> {
    let step = names.len().div_ceil(parts.max(1)).max(1);
    let ranges: Vec<Range<usize>> = (0..names.len())
        .step_by(step)
        .map(|start| start..(start + step).min(names.len()))
        .collect();
    let grouped: Vec<Vec<(Name, Vec<u32>)>> = ranges
        .into_par_iter()
        .map(|range| group_range(names, documents, list, range))
        .collect();
    grouped.into_iter().flatten().collect()
}

/// [`group`] of the numbers in `range`: how many documents hold each, then
/// each document's place in its numbers' lists (so in order).
fn group_range<'a>(
    names: &[Name],
    documents: &[Numbers<'a>],
    list: fn(Numbers<'a>) -> &'a [u32],
    range: Range<usize>,
) -> Vec<(Name, Vec<u32>)> {
    let slot = |n: u32| {
        (n as usize)
            .checked_sub(range.start)
            .filter(|&at| at < range.len())
    };
    let mut counts = vec![0u32; range.len()];
    for &numbers in documents {
        for &n in list(numbers) {
            if let Some(count) = slot(n).and_then(|at| counts.get_mut(at)) {
                *count += 1;
            }
        }
    }
    let mut groups: Vec<Vec<u32>> = counts
        .iter()
        .map(|&count| Vec::with_capacity(count as usize))
        .collect();
    drop(counts);
    for (place, &numbers) in documents.iter().enumerate() {
        let place = u32::try_from(place).unwrap_or(u32::MAX);
        for &n in list(numbers) {
            if let Some(places) = slot(n).and_then(|at| groups.get_mut(at)) {
                places.push(place);
            }
        }
    }
    names
        .get(range)
        .unwrap_or_default()
        .iter()
        .zip(groups)
        .filter(|(_, places)| !places.is_empty())
        .map(|(id, places)| (id.clone(), places))
        .collect()
}

/// Each id's documents by id, from their places.
fn with_ids(grouped: Vec<(Name, Vec<u32>)>, files: &[FileId]) -> IdMap {
    grouped
        .into_iter()
        .map(|(id, places)| {
            let mut ids: Vec<FileId> = places
                .iter()
                .filter_map(|&place| files.get(place as usize).copied())
                .collect();
            // In place order, which is id order when the paths were new to
            // the table.
            if !ids.is_sorted_by(|a, b| a < b) {
                ids.sort_unstable();
                ids.dedup();
            }
            (id, FileSet::from(ids))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::Summary;
    use crate::workspace::index::tests::{answers, file, numbered, summaries};

    /// Grouped by the numbers of a table of names, the index is the one
    /// built from the summaries, documents in id order or not, and numbers
    /// out of the table are left out.
    #[test]
    fn built_from_numbers_is_built_from_summaries() {
        let summaries = summaries();
        let mut table: Vec<Name> = Vec::new();
        let mut number = |name: &Name| -> u32 {
            let at = table.iter().position(|n| n == name).unwrap_or_else(|| {
                table.push(name.clone());
                table.len() - 1
            });
            u32::try_from(at).unwrap()
        };
        let listed: Vec<[Vec<u32>; 4]> = summaries
            .iter()
            .map(|s| {
                let mut list = |names: &[Name]| names.iter().map(&mut number).collect();
                let pairs: Vec<Name> = s
                    .names
                    .iter()
                    .flat_map(|(phrase, id)| [phrase.clone(), id.clone()])
                    .collect();
                [
                    list(&s.defines),
                    list(&s.mentions),
                    list(&s.references),
                    list(&pairs),
                ]
            })
            .collect();
        fn numbers([defines, mentions, references, names]: &[Vec<u32>; 4]) -> Numbers<'_> {
            Numbers {
                defines,
                mentions,
                references,
                names,
            }
        }
        let documents: Vec<Numbers<'_>> = listed.iter().map(numbers).collect();
        // Ids given backwards: each id's files are sorted again.
        let backwards: Vec<FileId> = (0..listed.len()).rev().map(file).collect();
        let reversed: Vec<Summary> = summaries.iter().rev().cloned().collect();
        assert_eq!(
            answers(&Index::build_numbered(&table, &documents, &backwards)),
            answers(&Index::build(&numbered(&reversed)))
        );
        let in_order: Vec<FileId> = (0..listed.len()).map(file).collect();
        let built = Index::build_numbered(&table, &documents, &in_order);
        assert_eq!(
            answers(&built),
            answers(&Index::build(&numbered(&summaries)))
        );
        assert!(built.is_defined("putin") && built.is_used("trump"));
        let beyond = [99, 0];
        let damaged = [Numbers {
            mentions: &beyond,
            ..Numbers::default()
        }];
        let only = Index::build_numbered(&table, &damaged, &[file(0)]);
        assert_eq!(only.mention_count(table[0].as_str()), 1);
        assert_eq!(
            only.mentioners("putin").count(),
            usize::from(table[0] == "putin")
        );
    }
}
