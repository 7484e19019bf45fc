//! The cache file's table of names: every id and folded name of its
//! summaries is written once for the whole file, before the records, and
//! each summary lists them by number. Reading then interns each distinct
//! text once (a few hundred thousand at a million documents) instead of
//! once a chunk or once per use (thirty million).

use std::collections::HashMap;

use foldhash::fast::FixedState;
use rayon::prelude::*;

use crate::workspace::Summary;
use crate::workspace::index::Numbers;
use crate::workspace::name::Name;

/// The names of a whole file, numbered in the order they are first used.
/// Keyed by each name's identity (its address), so numbering never reads
/// the text: a summary's names lie all over memory.
#[derive(Default)]
pub struct Table<'a> {
    numbers: HashMap<usize, u32, FixedState>,
    names: Vec<&'a str>,
}

/// Every name of `summary`, in the order [`Table::number`] lists them.
fn names_of(summary: &Summary) -> impl Iterator<Item = &Name> {
    let lists = [&summary.defines, &summary.mentions, &summary.references];
    let pairs = summary.names.iter().flat_map(|(phrase, id)| [phrase, id]);
    lists.into_iter().flatten().chain(pairs)
}

impl<'a> Table<'a> {
    /// The table of every name of `summaries`: the distinct names of each
    /// slice of `chunk` summaries found on every core, then numbered in
    /// order.
    #[cfg(test)]
    pub fn of(summaries: &[&'a Summary], chunk: usize) -> Table<'a> {
        Table::of_parts(summaries, &[], chunk).0
    }

    /// The table of every name of `first`, then of `rest`, as
    /// [`Table::of`]: the names `first` uses are numbered before the
    /// others, the first of the two counts returned, so that `first` is
    /// read back from that part of the table alone.
    pub fn of_parts(
        first: &[&'a Summary],
        rest: &[&'a Summary],
        chunk: usize,
    ) -> (Table<'a>, usize) {
        let distinct = |summaries: &[&'a Summary]| -> Vec<Vec<&'a Name>> {
            summaries
                .par_chunks(chunk.max(1))
                .map(|slice| {
                    let mut seen: HashMap<usize, (), FixedState> = HashMap::default();
                    let mut names = Vec::new();
                    for name in slice.iter().flat_map(|s| names_of(s)) {
                        if seen.insert(name.identity(), ()).is_none() {
                            names.push(name);
                        }
                    }
                    names
                })
                .collect()
        };
        let (first, rest) = rayon::join(|| distinct(first), || distinct(rest));
        let mut table = Table::default();
        table.add(first);
        let count = table.names.len();
        table.add(rest);
        (table, count)
    }

    /// Numbers the names of `distinct` not numbered yet, in order.
    fn add(&mut self, distinct: Vec<Vec<&'a Name>>) {
        for name in distinct.into_iter().flatten() {
            let next = u32::try_from(self.names.len()).unwrap_or(u32::MAX);
            self.numbers.entry(name.identity()).or_insert_with(|| {
                self.names.push(name.as_str());
                next
            });
        }
    }

    /// `summary`'s ids and names as numbers: the length of each of its
    /// four lists, then their elements (a phrase and its id for each name).
    /// `None` when one of them is not in the table (a summary the table
    /// was not made of).
    pub fn number(&self, summary: &Summary) -> Option<Vec<u32>> {
        let mut numbers: Vec<u32> = [
            summary.defines.len(),
            summary.mentions.len(),
            summary.references.len(),
            summary.names.len(),
        ]
        .into_iter()
        .map(|n| u32::try_from(n).unwrap_or(u32::MAX))
        .collect();
        for name in names_of(summary) {
            numbers.push(*self.numbers.get(&name.identity())?);
        }
        Some(numbers)
    }

    /// The texts, in number order.
    pub fn names(&self) -> &[&'a str] {
        &self.names
    }
}

/// The lists `numbers` holds (as [`Table::number`] writes them, checked
/// by [`fill`]); `None` when they do not fit.
pub fn lists(numbers: &[u32]) -> Option<Numbers<'_>> {
    let (counts, rest) = numbers.split_first_chunk::<4>()?;
    let [defines, mentions, references, pairs] = counts.map(|n| n as usize);
    let (defines, rest) = rest.split_at_checked(defines)?;
    let (mentions, rest) = rest.split_at_checked(mentions)?;
    let (references, names) = rest.split_at_checked(references)?;
    (names.len() == pairs.checked_mul(2)?).then_some(Numbers {
        defines,
        mentions,
        references,
        names,
    })
}

/// Puts back into `summary` the ids and names `numbers` lists (read by
/// [`lists`]), from the file's `names`. `None` when the numbers do not fit
/// them (a damaged cache).
pub fn fill(summary: &mut Summary, numbers: &[u32], names: &[Name]) -> Option<()> {
    let listed = lists(numbers)?;
    let name = |n: u32| names.get(n as usize).cloned();
    // Each list allocated at its length: a million summaries are filled.
    let named = |list: &[u32]| -> Option<Vec<Name>> {
        let mut named = Vec::with_capacity(list.len());
        for &n in list {
            named.push(name(n)?);
        }
        Some(named)
    };
    summary.defines = named(listed.defines)?;
    summary.mentions = named(listed.mentions)?;
    summary.references = named(listed.references)?;
    let mut pairs = Vec::with_capacity(listed.names.len() / 2);
    for pair in listed.names.chunks_exact(2) {
        if let [phrase, id] = pair {
            pairs.push((name(*phrase)?, name(*id)?));
        }
    }
    summary.names = pairs;
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse;

    #[test]
    fn a_summary_comes_back_from_its_numbers_and_damage_is_refused() {
        let text = "---\nentities:\n  putin: {name: Vladimir Putin, aliases: [Putin]}\n  talks:\n    name: Talks\n    participants: ['@putin', '@trump']\n---\n[@putin] [@witkoff]\n";
        let summary = Summary::of(&parse(text).0);
        let other = Summary::of(&parse("[@putin] [@biden]\n").0);
        // Two slices: names met in both are numbered once.
        let table = Table::of(&[&summary, &other], 1);
        let numbers = table.number(&summary).expect("every name numbered");
        let names = crate::workspace::name::intern_many(table.names());
        assert_eq!(names.len(), 6, "{names:?}");
        assert_eq!(table.number(&other).map(|n| n.len()), Some(4 + 2));

        let mut back = Summary {
            identities: summary.identities.clone(),
            date: summary.date,
            ..Summary::default()
        };
        assert_eq!(fill(&mut back, &numbers, &names), Some(()));
        assert_eq!(back, summary);
        let listed = lists(&numbers).expect("the lists");
        let texts = |list: &[u32]| -> Vec<&str> {
            list.iter().map(|&n| names[n as usize].as_str()).collect()
        };
        assert_eq!(texts(listed.mentions), ["putin", "witkoff"]);
        assert_eq!(texts(listed.references), ["putin", "trump"]);
        assert_eq!(listed.names.len(), 2 * summary.names.len());
        let unknown = Summary::of(&parse("[@nobody-numbered]\n").0);
        assert_eq!(table.number(&unknown), None);

        let mut damaged = Summary::default();
        let mut too_long = numbers.clone();
        too_long.push(0);
        let mut out_of_range = numbers.clone();
        if let Some(last) = out_of_range.last_mut() {
            *last = 99;
        }
        for bad in [
            &numbers[..3],
            &numbers[..numbers.len() - 1],
            &too_long,
            &out_of_range,
            &[u32::MAX, 0, 0, 0][..],
        ] {
            assert_eq!(fill(&mut damaged, bad, &names), None, "{bad:?}");
            if bad.len() != numbers.len() {
                assert!(lists(bad).is_none(), "{bad:?}");
            }
        }
    }
}
