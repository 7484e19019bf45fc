//! Each cache chunk's table of names: the ids and folded names of its
//! summaries are written once a chunk, and each summary lists them by
//! number. Reading then interns a few thousand texts a chunk instead of
//! one per use (1.3 million at 100,000 documents).

use std::collections::HashMap;

use crate::workspace::Summary;
use crate::workspace::name::{Name, NameHasher};

/// The names of one chunk, numbered in the order they are first used.
#[derive(Default)]
pub struct Table<'a> {
    numbers: HashMap<&'a Name, u32, NameHasher>,
    names: Vec<&'a str>,
}

impl<'a> Table<'a> {
    /// `summary`'s ids and names as numbers: the length of each of its
    /// four lists, then their elements (a phrase and its id for each name).
    pub fn number(&mut self, summary: &'a Summary) -> Vec<u32> {
        let lists = [&summary.defines, &summary.mentions, &summary.references];
        let mut numbers: Vec<u32> = lists
            .iter()
            .map(|list| list.len())
            .chain([summary.names.len()])
            .map(|n| u32::try_from(n).unwrap_or(u32::MAX))
            .collect();
        for name in lists.into_iter().flatten() {
            numbers.push(self.number_of(name));
        }
        for (phrase, id) in &summary.names {
            numbers.push(self.number_of(phrase));
            numbers.push(self.number_of(id));
        }
        numbers
    }

    fn number_of(&mut self, name: &'a Name) -> u32 {
        let next = u32::try_from(self.names.len()).unwrap_or(u32::MAX);
        *self.numbers.entry(name).or_insert_with(|| {
            self.names.push(name.as_str());
            next
        })
    }

    /// The texts, in number order.
    pub fn into_names(self) -> Vec<&'a str> {
        self.names
    }
}

/// Puts back into `summary` the ids and names `numbers` lists, from the
/// chunk's `names`. `None` when the numbers do not fit them (a damaged
/// cache).
pub fn fill(summary: &mut Summary, numbers: &[u32], names: &[Name]) -> Option<()> {
    let ([defines, mentions, references, pairs], rest) = numbers.split_first_chunk::<4>()?;
    let mut rest = rest.iter();
    let mut take = |count: u32| -> Option<Vec<Name>> {
        // A damaged count must not reserve more than is there.
        if count as usize > rest.len() {
            return None;
        }
        (0..count)
            .map(|_| names.get(*rest.next()? as usize).cloned())
            .collect()
    };
    summary.defines = take(*defines)?;
    summary.mentions = take(*mentions)?;
    summary.references = take(*references)?;
    let pairs = take(pairs.checked_mul(2)?)?;
    summary.names = pairs
        .chunks_exact(2)
        .filter_map(|pair| match pair {
            [phrase, id] => Some((phrase.clone(), id.clone())),
            _ => None,
        })
        .collect();
    rest.next().is_none().then_some(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse;

    #[test]
    fn a_summary_comes_back_from_its_numbers_and_damage_is_refused() {
        let text = "---\nentities:\n  putin: {name: Vladimir Putin, aliases: [Putin]}\n  talks:\n    name: Talks\n    participants: ['@putin', '@trump']\n---\n[@putin] [@witkoff]\n";
        let summary = Summary::of(&parse(text).0);
        let mut table = Table::default();
        let numbers = table.number(&summary);
        // A second summary of the chunk reuses the numbers of the first.
        let again = table.number(&summary);
        assert_eq!(numbers, again);
        let names: Vec<Name> = table.into_names().into_iter().map(Name::from).collect();
        assert_eq!(names.len(), 5, "{names:?}");

        let mut back = Summary {
            identities: summary.identities.clone(),
            date: summary.date,
            ..Summary::default()
        };
        assert_eq!(fill(&mut back, &numbers, &names), Some(()));
        assert_eq!(back, summary);

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
        }
    }
}
