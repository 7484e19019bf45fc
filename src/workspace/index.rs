//! The cross-document index: who defines, mentions and names each entity.
//!
//! Built once from every summary when the folders are read
//! ([`Index::build`]), then updated one document at a time
//! ([`Index::update`], which touches only what the document's summary
//! changed). The maps are persistent (`imbl`), so a snapshot of the whole
//! index costs a pointer copy and an edit costs a few map updates, never a
//! rebuild.

use std::collections::HashMap as StdHashMap;
use std::sync::{Arc, OnceLock};

use imbl::HashMap;

use super::file::Summary;
use super::folded::{FoldedNames, MentionOrder};
use super::name::{self, Name, NameHasher, NameMap, only_in};
use super::nearest::DefinedIds;
use super::paths::FileId;
use crate::syntax::Phrase;

mod numbered;
pub use numbered::{Grouped, Numbers};

/// Names longer than this many words are not looked for in prose.
pub const MAX_NAME_WORDS: usize = 12;

/// How many indexed phrases have each word count.
type Lengths = [u32; MAX_NAME_WORDS + 1];

#[derive(Clone, Default)]
pub struct Index {
    definers: IdMap,
    /// The defined ids again, sorted: where typos find their nearest id.
    defined: DefinedIds,
    mentioners: IdMap,
    referrers: IdMap,
    /// Which ids each phrase names, sorted by id, with how many documents
    /// say so.
    names: NameMap<Vec<(Name, u32)>>,
    /// How many indexed phrases have each word count, to know the longest.
    name_lengths: Lengths,
    /// For each word that starts an indexed phrase, how many phrases of
    /// each word count start with it: prose is scanned for names word by
    /// word, and most words start none.
    first_words: HashMap<String, Lengths>,
    /// The defined ids and the names folded, made when first searched and
    /// shared by the snapshots until what is defined or named changes.
    folded: Arc<OnceLock<FoldedNames>>,
    /// The folded ids, most mentioned first: made when first searched,
    /// made again after what is defined or named changes, or how many
    /// documents mention a defined id.
    mention_order: Arc<OnceLock<MentionOrder>>,
}

/// The files that hold each id, in one of the ways a document can.
type IdMap = NameMap<FileSet>;

/// Files in id order. Shared, so the persistent maps copy a pointer when
/// they copy a node; an edit builds a new one for the ids it changes.
type FileSet = Arc<[FileId]>;

/// The three ways a summary holds ids, in the order of the index's maps.
fn id_lists(summary: &Summary) -> [&[Name]; 3] {
    [&summary.defines, &summary.mentions, &summary.references]
}

impl Index {
    fn id_maps(&mut self) -> [&mut IdMap; 3] {
        [
            &mut self.definers,
            &mut self.mentioners,
            &mut self.referrers,
        ]
    }

    /// The index of every `(file, summary)` at once: each map is grouped
    /// in a plain hash map first and made persistent once, rather than
    /// grown document by document, and the maps are built in parallel.
    pub fn build(summaries: &[(FileId, &Summary)]) -> Index {
        let group = |list: fn(&Summary) -> &[Name]| group_files(summaries, list);
        let ((definers, mentioners), (referrers, names)) = rayon::join(
            || {
                rayon::join(
                    || with_defined(group(|s| &s.defines)),
                    || group(|s| &s.mentions),
                )
            },
            || rayon::join(|| group(|s| &s.references), || Index::names_of(summaries)),
        );
        Index::of_maps(definers, mentioners, referrers, names)
    }

    /// The index of its maps, `names` an index of names only.
    fn of_maps(
        (definers, defined): (IdMap, DefinedIds),
        mentioners: IdMap,
        referrers: IdMap,
        names: Index,
    ) -> Index {
        Index {
            definers,
            defined,
            mentioners,
            referrers,
            ..names
        }
    }

    /// An index holding only the names of `summaries`.
    fn names_of(summaries: &[(FileId, &Summary)]) -> Index {
        let mut names: StdHashMap<(Name, Name), u32> = StdHashMap::new();
        for (_, summary) in summaries {
            for pair in &summary.names {
                *names.entry(pair.clone()).or_default() += 1;
            }
        }
        Index::names_counted(names)
    }

    /// An index holding only `names`: each (phrase, id) with how many
    /// documents name it so.
    fn names_counted(names: impl IntoIterator<Item = ((Name, Name), u32)>) -> Index {
        let mut index = Index::default();
        let mut by_phrase: StdHashMap<Name, Vec<(Name, u32)>, NameHasher> = StdHashMap::default();
        let mut first_words: StdHashMap<String, Lengths> = StdHashMap::new();
        for ((phrase, id), count) in names {
            let words = word_count(&phrase);
            if let Some(n) = index.name_lengths.get_mut(words) {
                *n += count;
            }
            let first = first_word(&phrase);
            // Most first words start several names: allocated once each.
            let counts = match first_words.get_mut(first) {
                Some(counts) => counts,
                None => first_words.entry(first.to_string()).or_default(),
            };
            if let Some(n) = counts.get_mut(words) {
                *n += count;
            }
            by_phrase.entry(phrase).or_default().push((id, count));
        }
        index.names = by_phrase
            .into_iter()
            .map(|(phrase, mut ids)| {
                ids.sort_unstable();
                (phrase, ids)
            })
            .collect();
        index.first_words = first_words.into_iter().collect();
        index
    }

    /// Replaces what `file` gave the index (`old`, `None` when it was not
    /// indexed) with `new` (`None` when it is gone). Only the ids and names
    /// that differ between the two are touched.
    pub fn update(&mut self, file: FileId, old: Option<&Summary>, new: Option<&Summary>) {
        let empty = Summary::default();
        let (old, new) = (old.unwrap_or(&empty), new.unwrap_or(&empty));
        let lists = id_lists(old).into_iter().zip(id_lists(new));
        for (map, (before, after)) in self.id_maps().into_iter().zip(lists) {
            for id in only_in(before, after) {
                if let Some(files) = map.get_mut(id) {
                    *files = without(files, file);
                    if files.is_empty() {
                        map.remove(id);
                    }
                }
            }
            for id in only_in(after, before) {
                let files = map.entry(id.clone()).or_insert_with(|| FileSet::from([]));
                *files = with(files, file);
            }
        }
        let listed_changed = old.defines != new.defines || old.names != new.names;
        if listed_changed {
            self.folded = Arc::default();
        }
        let mention_counts_changed = only_in(&old.mentions, &new.mentions)
            .chain(only_in(&new.mentions, &old.mentions))
            .any(|id| self.definers.contains_key(id));
        if listed_changed || mention_counts_changed {
            self.mention_order = Arc::default();
        }
        for id in only_in(&old.defines, &new.defines) {
            if !self.definers.contains_key(id) {
                self.defined.remove(id);
            }
        }
        for id in only_in(&new.defines, &old.defines) {
            self.defined.insert(id.clone());
        }
        for (phrase, id) in only_in(&old.names, &new.names) {
            self.count_name(phrase, id, false);
        }
        for (phrase, id) in only_in(&new.names, &old.names) {
            self.count_name(phrase, id, true);
        }
    }

    /// Counts one more (`add`) or one fewer document naming `id` `phrase`.
    fn count_name(&mut self, phrase: &Name, id: &Name, add: bool) {
        let step = |n: &mut u32| *n = if add { *n + 1 } else { n.saturating_sub(1) };
        // Kept sorted, so answers do not depend on the order of edits.
        let ids = self.names.entry(phrase.clone()).or_default();
        match ids.binary_search_by(|(known, _)| known.cmp(id)) {
            Ok(i) => {
                if let Some((_, count)) = ids.get_mut(i) {
                    step(count);
                }
            }
            Err(i) if add => ids.insert(i, (id.clone(), 1)),
            Err(_) => {}
        }
        ids.retain(|(_, count)| *count > 0);
        if ids.is_empty() {
            self.names.remove(phrase);
        }
        let words = word_count(phrase);
        if let Some(n) = self.name_lengths.get_mut(words) {
            step(n);
        }
        let first = first_word(phrase);
        let counts = self.first_words.entry(first.to_string()).or_default();
        if let Some(n) = counts.get_mut(words) {
            step(n);
        }
        if counts.iter().all(|&n| n == 0) {
            self.first_words.remove(first);
        }
    }

    /// Files that define `id` (`Workspace::files_by_path` puts them in
    /// path order).
    pub fn definers(&self, id: &str) -> impl Iterator<Item = FileId> + '_ {
        files_of(&self.definers, id)
    }

    pub fn is_defined(&self, id: &str) -> bool {
        has(&self.definers, id)
    }

    /// Files whose body mentions `id`.
    pub fn mentioners(&self, id: &str) -> impl Iterator<Item = FileId> + '_ {
        files_of(&self.mentioners, id)
    }

    /// Files whose front matter refers to `id` with `@id`.
    pub fn referrers(&self, id: &str) -> impl Iterator<Item = FileId> + '_ {
        files_of(&self.referrers, id)
    }

    /// `true` when some document mentions or refers to `id`.
    pub fn is_used(&self, id: &str) -> bool {
        has(&self.mentioners, id) || has(&self.referrers, id)
    }

    /// Every defined id.
    pub fn defined_ids(&self) -> impl Iterator<Item = &str> {
        self.definers.keys().map(|id| id.as_str())
    }

    /// Every defined id and indexed phrase, folded for searching.
    pub fn folded(&self) -> &FoldedNames {
        self.folded.get_or_init(|| {
            FoldedNames::new(
                self.definers.keys().cloned(),
                self.names
                    .iter()
                    .map(|(phrase, ids)| (phrase.clone(), &ids[..])),
            )
        })
    }

    /// The ids of [`Index::folded`] ranked by how many documents mention
    /// them, then by id: how searches break ties.
    pub fn mention_order(&self) -> &MentionOrder {
        self.mention_order.get_or_init(|| {
            MentionOrder::new(self.folded(), |id| {
                self.mentioners.get(id).map_or(0, |files| files.len())
            })
        })
    }

    /// The defined id nearest to `id` by edit distance, when it is near
    /// enough to be a typo of it (see [`DefinedIds::nearest`]).
    pub fn nearest_defined(&self, id: &str) -> Option<&str> {
        self.defined.nearest(id)
    }

    /// In how many documents `id` is mentioned.
    pub fn mention_count(&self, id: &str) -> usize {
        files_of(&self.mentioners, id).len()
    }

    /// In how many documents `id` is referred to with `@id` in front matter.
    pub fn reference_count(&self, id: &str) -> usize {
        files_of(&self.referrers, id).len()
    }

    /// Every indexed phrase (name or alias) with the ids it names.
    pub fn phrases(&self) -> impl Iterator<Item = (&str, impl Iterator<Item = &str>)> {
        self.names
            .iter()
            .map(|(phrase, ids)| (phrase.as_str(), ids.iter().map(|(id, _)| id.as_str())))
    }

    /// The ids a phrase names.
    pub fn named(&self, phrase: &Phrase) -> impl Iterator<Item = &str> {
        name::existing(&phrase.0)
            .and_then(|phrase| self.names.get(&phrase))
            .into_iter()
            .flatten()
            .map(|(id, _)| id.as_str())
    }

    /// The word count of the longest indexed name.
    pub fn longest_name(&self) -> usize {
        self.name_lengths.iter().rposition(|&n| n > 0).unwrap_or(0)
    }

    /// The word count of the longest indexed name whose first word is
    /// `word` (folded as phrases are); 0 when none starts with it.
    pub fn longest_name_starting(&self, word: &str) -> usize {
        self.first_words
            .get(word)
            .and_then(|counts| counts.iter().rposition(|&n| n > 0))
            .unwrap_or(0)
    }
}

/// `definers` with the set of the ids it holds: made beside the other
/// maps, not after them.
fn with_defined(definers: IdMap) -> (IdMap, DefinedIds) {
    let mut defined = DefinedIds::default();
    for id in definers.keys() {
        defined.insert(id.clone());
    }
    (definers, defined)
}

/// Which files hold each id of the lists `list` gives.
fn group_files(summaries: &[(FileId, &Summary)], list: fn(&Summary) -> &[Name]) -> IdMap {
    let mut grouped: StdHashMap<Name, Vec<FileId>, NameHasher> = StdHashMap::default();
    for &(file, summary) in summaries {
        for id in list(summary) {
            // A `Name` is cloned only for the first file that holds it:
            // its count is shared by every thread indexing.
            match grouped.get_mut(id) {
                Some(files) => files.push(file),
                None => {
                    grouped.insert(id.clone(), vec![file]);
                }
            }
        }
    }
    grouped
        .into_iter()
        .map(|(id, mut files)| {
            files.sort_unstable();
            files.dedup();
            (id, FileSet::from(files))
        })
        .collect()
}

/// The files `map` holds for `id`, in id order.
fn files_of<'a>(map: &'a IdMap, id: &str) -> std::iter::Copied<std::slice::Iter<'a, FileId>> {
    let files = name::existing(id).and_then(|id| map.get(&id));
    files.map_or(&[][..], |f| &f[..]).iter().copied()
}

fn has(map: &IdMap, id: &str) -> bool {
    name::existing(id).is_some_and(|id| map.contains_key(&id))
}

/// `files` with `file` added.
fn with(files: &FileSet, file: FileId) -> FileSet {
    match files.binary_search(&file) {
        Ok(_) => files.clone(),
        Err(at) => {
            let (before, after) = files.split_at(at);
            before
                .iter()
                .copied()
                .chain([file])
                .chain(after.iter().copied())
                .collect()
        }
    }
}

/// `files` without `file`.
fn without(files: &FileSet, file: FileId) -> FileSet {
    files.iter().copied().filter(|&f| f != file).collect()
}

fn word_count(phrase: &Name) -> usize {
    crate::syntax::word_count(phrase.as_str())
}

fn first_word(phrase: &Name) -> &str {
    phrase.as_str().split(' ').next().unwrap_or("")
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::syntax::parse;

    pub(super) fn summaries() -> Vec<Summary> {
        [
            "---\nentities:\n  putin: {name: Vladimir Putin, aliases: [Putin]}\n  kremlin: {name: The Kremlin}\n---\n[@putin] [@trump]\n",
            "---\nentities:\n  putin: {name: Vladimir Putin}\n---\n[@putin] [@kremlin]\n",
            "---\nentities:\n  talks:\n    name: Riyadh talks\n    participants: ['@putin', '@trump']\n---\n[@talks]\n",
            "[@putin] [@ghost]\n",
        ]
        .iter()
        .map(|text| Summary::of(&parse(text).0))
        .collect()
    }

    /// Everything the index answers, in a form two indexes can be
    /// compared by.
    pub(super) fn answers(index: &Index) -> Vec<String> {
        let ids = ["putin", "trump", "kremlin", "talks", "ghost", "nobody"];
        let mut out: Vec<String> = ids
            .iter()
            .map(|id| {
                format!(
                    "{id}: defined by {:?}, mentioned by {:?}, referred to by {:?}",
                    index.definers(id).collect::<Vec<_>>(),
                    index.mentioners(id).collect::<Vec<_>>(),
                    index.referrers(id).collect::<Vec<_>>(),
                )
            })
            .collect();
        let mut phrases: Vec<String> = index
            .phrases()
            .map(|(phrase, ids)| format!("{phrase} names {:?}", ids.collect::<Vec<_>>()))
            .collect();
        phrases.sort();
        out.extend(phrases);
        out.push(format!(
            "longest {}, from vladimir {}, from putin {}",
            index.longest_name(),
            index.longest_name_starting("vladimir"),
            index.longest_name_starting("putin")
        ));
        out
    }

    pub(super) fn file(i: usize) -> FileId {
        FileId::from_index(i)
    }

    pub(super) fn numbered(summaries: &[Summary]) -> Vec<(FileId, &Summary)> {
        summaries
            .iter()
            .enumerate()
            .map(|(i, s)| (file(i), s))
            .collect()
    }

    /// Building at once gives the index that adding one document at a
    /// time gives, and removing a document takes out exactly what it gave.
    #[test]
    fn built_at_once_is_built_one_by_one() {
        let summaries = summaries();
        let built = Index::build(&numbered(&summaries));
        let mut grown = Index::default();
        for (i, s) in summaries.iter().enumerate().rev() {
            grown.update(file(i), None, Some(s));
        }
        assert_eq!(answers(&built), answers(&grown));
        assert_eq!(
            answers(&built)[0],
            "putin: defined by [FileId(0), FileId(1)], mentioned by [FileId(0), FileId(1), FileId(3)], referred to by [FileId(2)]"
        );
        assert!(answers(&built).contains(&"vladimir putin names [\"putin\"]".to_string()));

        // The second document loses its definition of putin and its
        // mention of the kremlin.
        let edited = Summary::of(&parse("[@putin]\n").0);
        grown.update(file(1), Some(&summaries[1]), Some(&edited));
        let mut after = summaries.clone();
        after[1] = edited;
        let rebuilt = Index::build(&numbered(&after));
        assert_eq!(answers(&grown), answers(&rebuilt));
        assert!(answers(&grown)[0].starts_with("putin: defined by [FileId(0)], "));

        for (i, s) in after.iter().enumerate() {
            grown.update(file(i), Some(s), None);
        }
        assert_eq!(answers(&grown), answers(&Index::default()));
        assert_eq!(grown.longest_name(), 0);
    }
}
