//! The cross-document index: who defines, mentions and names each entity.
//!
//! Built from document summaries and updated one document at a time. The
//! maps are persistent (`imbl`), so a snapshot of the whole index costs a
//! pointer copy and an edit costs a few map updates, never a rebuild.

use std::path::Path;
use std::sync::Arc;

use imbl::{HashMap, OrdSet};

use super::file::Summary;
use crate::syntax::Phrase;

/// Names longer than this many words are not looked for in prose.
pub const MAX_NAME_WORDS: usize = 12;

#[derive(Clone, Default)]
pub struct Index {
    definers: HashMap<String, OrdSet<Arc<Path>>>,
    mentioners: HashMap<String, OrdSet<Arc<Path>>>,
    referrers: HashMap<String, OrdSet<Arc<Path>>>,
    /// Which ids each phrase names, with how many documents say so.
    names: HashMap<Phrase, Vec<(String, u32)>>,
    /// How many indexed phrases have each word count, to know the longest.
    name_lengths: [u32; MAX_NAME_WORDS + 1],
}

impl Index {
    pub fn add(&mut self, path: &Arc<Path>, summary: &Summary) {
        let maps = [
            (&mut self.definers, &summary.defines),
            (&mut self.mentioners, &summary.mentions),
            (&mut self.referrers, &summary.references),
        ];
        for (map, ids) in maps {
            for id in ids {
                map.entry(id.clone()).or_default().insert(path.clone());
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
            if let Some(n) = self.name_lengths.get_mut(phrase.word_count()) {
                *n += 1;
            }
        }
    }

    pub fn remove(&mut self, path: &Arc<Path>, summary: &Summary) {
        let maps = [
            (&mut self.definers, &summary.defines),
            (&mut self.mentioners, &summary.mentions),
            (&mut self.referrers, &summary.references),
        ];
        for (map, ids) in maps {
            for id in ids {
                if let Some(paths) = map.get_mut(id) {
                    paths.remove(path);
                    if paths.is_empty() {
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
            if let Some(n) = self.name_lengths.get_mut(phrase.word_count()) {
                *n = n.saturating_sub(1);
            }
        }
    }

    /// Files that define `id`, in path order.
    pub fn definers(&self, id: &str) -> impl Iterator<Item = &Arc<Path>> {
        self.definers.get(id).into_iter().flatten()
    }

    pub fn is_defined(&self, id: &str) -> bool {
        self.definers.contains_key(id)
    }

    /// Files whose body mentions `id`.
    pub fn mentioners(&self, id: &str) -> impl Iterator<Item = &Arc<Path>> {
        self.mentioners.get(id).into_iter().flatten()
    }

    /// Files whose front matter refers to `id` with `@id`.
    pub fn referrers(&self, id: &str) -> impl Iterator<Item = &Arc<Path>> {
        self.referrers.get(id).into_iter().flatten()
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
}
