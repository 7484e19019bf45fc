//! The cross-document index: who defines, mentions and names each entity.
//!
//! Built from document summaries and updated one document at a time. The
//! maps are persistent (`imbl`), so a snapshot of the whole index costs a
//! pointer copy and an edit costs a few map updates, never a rebuild.

use imbl::{HashMap, OrdSet};

use super::file::Summary;
use super::paths::FileId;
use crate::syntax::Phrase;

/// Names longer than this many words are not looked for in prose.
pub const MAX_NAME_WORDS: usize = 12;

#[derive(Clone, Default)]
pub struct Index {
    definers: IdMap,
    mentioners: IdMap,
    referrers: IdMap,
    /// Which ids each phrase names, with how many documents say so.
    names: HashMap<Phrase, Vec<(String, u32)>>,
    /// How many indexed phrases have each word count, to know the longest.
    name_lengths: [u32; MAX_NAME_WORDS + 1],
    /// For each word that starts an indexed phrase, how many phrases of
    /// each word count start with it: prose is scanned for names word by
    /// word, and most words start none.
    first_words: HashMap<String, [u32; MAX_NAME_WORDS + 1]>,
}

/// The files that hold each id, in one of the ways a document can.
type IdMap = HashMap<String, OrdSet<FileId>>;

impl Index {
    /// Each map of ids to files, with the ids `summary` puts in it.
    fn id_maps<'a>(&'a mut self, summary: &'a Summary) -> [(&'a mut IdMap, &'a Vec<String>); 3] {
        [
            (&mut self.definers, &summary.defines),
            (&mut self.mentioners, &summary.mentions),
            (&mut self.referrers, &summary.references),
        ]
    }

    pub fn add(&mut self, file: FileId, summary: &Summary) {
        for (map, ids) in self.id_maps(summary) {
            for id in ids {
                map.entry(id.clone()).or_default().insert(file);
            }
        }
        for (phrase, id) in &summary.names {
            // Kept sorted, so answers do not depend on the order of edits.
            let ids = self.names.entry(phrase.clone()).or_default();
            match ids.binary_search_by(|(known, _)| known.as_str().cmp(id)) {
                Ok(i) => {
                    if let Some((_, count)) = ids.get_mut(i) {
                        *count += 1;
                    }
                }
                Err(i) => ids.insert(i, (id.clone(), 1)),
            }
            let words = phrase.word_count();
            if let Some(n) = self.name_lengths.get_mut(words) {
                *n += 1;
            }
            let counts = self.first_words.entry(first_word(phrase)).or_default();
            if let Some(n) = counts.get_mut(words) {
                *n += 1;
            }
        }
    }

    pub fn remove(&mut self, file: FileId, summary: &Summary) {
        for (map, ids) in self.id_maps(summary) {
            for id in ids {
                if let Some(files) = map.get_mut(id) {
                    files.remove(&file);
                    if files.is_empty() {
                        map.remove(id);
                    }
                }
            }
        }
        for (phrase, id) in &summary.names {
            if let Some(ids) = self.names.get_mut(phrase) {
                if let Ok(i) = ids.binary_search_by(|(known, _)| known.as_str().cmp(id))
                    && let Some((_, count)) = ids.get_mut(i)
                {
                    *count = count.saturating_sub(1);
                }
                ids.retain(|(_, count)| *count > 0);
                if ids.is_empty() {
                    self.names.remove(phrase);
                }
            }
            let words = phrase.word_count();
            if let Some(n) = self.name_lengths.get_mut(words) {
                *n = n.saturating_sub(1);
            }
            let first = first_word(phrase);
            if let Some(counts) = self.first_words.get_mut(&first) {
                if let Some(n) = counts.get_mut(words) {
                    *n = n.saturating_sub(1);
                }
                if counts.iter().all(|&n| n == 0) {
                    self.first_words.remove(&first);
                }
            }
        }
    }

    /// Files that define `id` (`Workspace::files_by_path` puts them in
    /// path order).
    pub fn definers(&self, id: &str) -> impl Iterator<Item = FileId> + '_ {
        self.definers.get(id).into_iter().flatten().copied()
    }

    pub fn is_defined(&self, id: &str) -> bool {
        self.definers.contains_key(id)
    }

    /// Files whose body mentions `id`.
    pub fn mentioners(&self, id: &str) -> impl Iterator<Item = FileId> + '_ {
        self.mentioners.get(id).into_iter().flatten().copied()
    }

    /// Files whose front matter refers to `id` with `@id`.
    pub fn referrers(&self, id: &str) -> impl Iterator<Item = FileId> + '_ {
        self.referrers.get(id).into_iter().flatten().copied()
    }

    /// `true` when some document mentions or refers to `id`.
    pub fn is_used(&self, id: &str) -> bool {
        self.mentioners.contains_key(id) || self.referrers.contains_key(id)
    }

    /// Every defined id.
    pub fn defined_ids(&self) -> impl Iterator<Item = &str> {
        self.definers.keys().map(String::as_str)
    }

    /// In how many documents `id` is mentioned.
    pub fn mention_count(&self, id: &str) -> usize {
        self.mentioners.get(id).map_or(0, OrdSet::len)
    }

    /// In how many documents `id` is referred to with `@id` in front matter.
    pub fn reference_count(&self, id: &str) -> usize {
        self.referrers.get(id).map_or(0, OrdSet::len)
    }

    /// Every indexed phrase (name or alias) with the ids it names.
    pub fn phrases(&self) -> impl Iterator<Item = (&Phrase, impl Iterator<Item = &str>)> {
        self.names
            .iter()
            .map(|(phrase, ids)| (phrase, ids.iter().map(|(id, _)| id.as_str())))
    }

    /// The ids a phrase names.
    pub fn named(&self, phrase: &Phrase) -> impl Iterator<Item = &str> {
        self.names
            .get(phrase)
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

fn first_word(phrase: &Phrase) -> String {
    phrase.0.split(' ').next().unwrap_or("").to_string()
}
