//! Finding entities by what a user typed: a piece of an id or of a name.

use std::collections::HashMap;

use crate::syntax::phrase_of;
use crate::workspace::Index;

/// How well an entity matches, best first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Match {
    /// The id starts with the query.
    IdPrefix,
    /// A word of a name or alias starts with the query.
    NameWord,
    /// The query occurs anywhere in the id or a name.
    Anywhere,
}

/// The ids matching `query` (case and punctuation ignored in names), best
/// match first, then the most mentioned, then by id. Reads only the index:
/// no document is opened, so this stays fast on large workspaces.
pub fn entities<'a>(index: &'a Index, query: &str) -> Vec<(&'a str, Match)> {
    let query = query.trim().to_lowercase();
    let words = phrase_of(&query).map(|p| p.0).unwrap_or_default();
    let mut found: HashMap<&str, Match> = HashMap::new();
    let mut note = |id: &'a str, m: Match| {
        let best = found.entry(id).or_insert(m);
        *best = (*best).min(m);
    };
    for id in index.defined_ids() {
        if id.starts_with(&query) {
            note(id, Match::IdPrefix);
        } else if id.contains(&query) {
            note(id, Match::Anywhere);
        }
    }
    if !words.is_empty() {
        let inner_word = format!(" {words}");
        for (phrase, ids) in index.phrases() {
            let name = phrase.0.as_str();
            let at_word = name.starts_with(&words) || name.contains(&inner_word);
            let m = if at_word {
                Match::NameWord
            } else if name.contains(&words) {
                Match::Anywhere
            } else {
                continue;
            };
            // Names come from definitions, so every id here is defined.
            for id in ids {
                note(id, m);
            }
        }
    }
    let mut ranked: Vec<(&str, Match, usize)> = found
        .into_iter()
        .map(|(id, m)| (id, m, index.mention_count(id)))
        .collect();
    ranked.sort_by(|a, b| {
        (a.1, std::cmp::Reverse(a.2), a.0).cmp(&(b.1, std::cmp::Reverse(b.2), b.0))
    });
    ranked.into_iter().map(|(id, m, _)| (id, m)).collect()
}
