//! Finding entities by what a user typed: a piece of an id or of a name,
//! ranked by `nucleo-matcher` (the fuzzy matcher Helix uses). Both sides
//! are folded by [`fold_id`] first, so case and accents never matter:
//! `sánchez`, `Sanchez` and `sanchez` find the same entities.

use std::collections::HashMap;

use nucleo_matcher::pattern::{Atom, AtomKind, CaseMatching, Normalization};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use crate::syntax::{fold_id, fold_id_into};
use crate::workspace::Index;

/// What a user typed, ready to score candidates with. Each word typed is
/// matched on its own (in any order), as in Helix's pickers.
pub struct Query {
    atoms: Vec<Atom>,
    /// Each atom's folded text: a candidate that does not hold its
    /// characters in order cannot match, and is not scored.
    words: Vec<String>,
    matcher: Matcher,
    /// Buffers reused from one candidate to the next.
    folded: String,
    chars: Vec<char>,
}

impl Query {
    pub fn new(typed: &str) -> Query {
        let words: Vec<String> = typed
            .split_whitespace()
            .map(fold_id)
            .filter(|word| !word.is_empty())
            .collect();
        let atoms = words
            .iter()
            .map(|word| {
                // Already folded: the matcher need not fold again.
                Atom::new(
                    word,
                    CaseMatching::Respect,
                    Normalization::Never,
                    AtomKind::Fuzzy,
                    false,
                )
            })
            .collect();
        let mut config = Config::DEFAULT;
        // Completion: what is typed is usually the start of what is meant.
        config.prefer_prefix = true;
        config.normalize = false;
        Query {
            atoms,
            words,
            matcher: Matcher::new(config),
            folded: String::new(),
            chars: Vec::new(),
        }
    }

    /// How well `candidate` matches (higher is better); `None` when it does
    /// not. Everything matches an empty query, equally.
    pub fn score(&mut self, candidate: &str) -> Option<u32> {
        if self.atoms.is_empty() {
            return Some(0);
        }
        let mut folded = std::mem::take(&mut self.folded);
        fold_id_into(candidate, &mut folded);
        let score = self.score_folded(&folded);
        self.folded = folded;
        score
    }

    /// [`Query::score`] for a candidate already folded by [`fold_id`].
    pub fn score_folded(&mut self, folded: &str) -> Option<u32> {
        if self.atoms.is_empty() {
            return Some(0);
        }
        // Most candidates fail this, which costs far less than scoring.
        if !self.words.iter().all(|w| in_order(w, folded)) {
            return None;
        }
        let haystack = Utf32Str::new(folded, &mut self.chars);
        self.atoms.iter().try_fold(0, |total, atom| {
            Some(total + u32::from(atom.score(haystack, &mut self.matcher)?))
        })
    }
}

/// `true` when the characters of `needle` appear in `haystack` in order,
/// as a fuzzy match needs them to.
fn in_order(needle: &str, haystack: &str) -> bool {
    let mut rest = haystack.chars();
    needle.chars().all(|c| rest.any(|h| h == c))
}

/// The ids whose id, name or alias matches `typed`, best first: by score,
/// then the most mentioned, then by id; the first `limit` of them. Reads
/// only the index's folded list: no document is opened, nothing is folded
/// again, so this stays fast on large workspaces.
pub fn entities<'a>(index: &'a Index, typed: &str, limit: usize) -> Vec<&'a str> {
    let mut query = Query::new(typed);
    let folded = index.folded();
    let mut best: HashMap<&str, u32> = HashMap::new();
    let mut note = |id: &'a str, score: u32| {
        let kept = best.entry(id).or_insert(score);
        *kept = (*kept).max(score);
    };
    for (id, text) in folded.ids() {
        if let Some(score) = query.score_folded(text) {
            note(id, score);
        }
    }
    // Names come from definitions, so every id they name is defined: with
    // nothing typed they add nothing.
    let typed_something = !query.atoms.is_empty();
    for (_, text, ids) in folded.phrases().filter(|_| typed_something) {
        if let Some(score) = query.score_folded(text) {
            ids.iter().for_each(|id| note(id.as_str(), score));
        }
    }
    let ranked: Vec<(&str, u32)> = best.into_iter().collect();
    best_first(index, ranked, limit, |&(id, score)| (score, id, ""))
        .into_iter()
        .map(|(id, _)| id)
        .collect()
}

/// Each (name or alias, id) whose name matches `typed`, best first, in the
/// same order as [`entities`] (ties between names of one id by name); the
/// first `limit` of them.
pub fn names<'a>(index: &'a Index, typed: &str, limit: usize) -> Vec<(&'a str, &'a str)> {
    let mut query = Query::new(typed);
    let mut found: Vec<(&str, &str, u32)> = Vec::new();
    for (phrase, text, ids) in index.folded().phrases() {
        if let Some(score) = query.score_folded(text) {
            found.extend(ids.iter().map(|id| (phrase, id.as_str(), score)));
        }
    }
    best_first(index, found, limit, |&(phrase, id, score)| {
        (score, id, phrase)
    })
    .into_iter()
    .map(|(phrase, id, _)| (phrase, id))
    .collect()
}

/// The `candidates` that match `typed`, best first (ties keep their order).
pub fn rank<T>(
    typed: &str,
    candidates: impl IntoIterator<Item = T>,
    text: impl Fn(&T) -> &str,
) -> Vec<T> {
    let mut query = Query::new(typed);
    let mut found: Vec<(T, u32)> = candidates
        .into_iter()
        .filter_map(|c| {
            let score = query.score(text(&c))?;
            Some((c, score))
        })
        .collect();
    found.sort_by_key(|&(_, score)| std::cmp::Reverse(score));
    found.into_iter().map(|(c, _)| c).collect()
}

/// The first `limit` of `found` by best score, then the most mentioned
/// id, then by id and name: the order never depends on a hash map's. Only
/// the candidates that can still be among the first `limit` by score are
/// ranked further (a mention count is a lookup in the index).
fn best_first<'a, T>(
    index: &Index,
    mut found: Vec<T>,
    limit: usize,
    key: impl Fn(&T) -> (u32, &'a str, &'a str),
) -> Vec<T> {
    if limit == 0 {
        return Vec::new();
    }
    if found.len() > limit {
        // The score of the last one kept: whatever scores less is out.
        found.select_nth_unstable_by_key(limit - 1, |item| std::cmp::Reverse(key(item).0));
        let cut = found.get(limit - 1).map_or(0, |item| key(item).0);
        found.retain(|item| key(item).0 >= cut);
    }
    found.sort_by_cached_key(|item| {
        let (score, id, name) = key(item);
        (
            std::cmp::Reverse(score),
            std::cmp::Reverse(index.mention_count(id)),
            id,
            name,
        )
    });
    found.truncate(limit);
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn score(typed: &str, candidate: &str) -> Option<u32> {
        Query::new(typed).score(candidate)
    }

    #[test]
    fn case_and_accents_never_matter() {
        for typed in ["sánchez", "Sanchez", "SANCHEZ", "sa\u{301}nchez"] {
            assert!(score(typed, "sanchez").is_some(), "{typed}");
            assert!(score(typed, "Pedro Sánchez").is_some(), "{typed}");
        }
        assert_eq!(score("erdogan", "Erdoğan"), score("Erdoğan", "erdogan"));
        assert_eq!(score("Путин", "путин"), score("путин", "путин"));
    }

    #[test]
    fn fuzzy_words_in_any_order_prefixes_first() {
        assert!(score("kirill d", "Kirill Dmitriev").is_some());
        assert!(score("dmitriev kirill", "Kirill Dmitriev").is_some());
        assert!(score("krl dmt", "Kirill Dmitriev").is_some(), "fuzzy");
        assert_eq!(score("kirill x", "Kirill Dmitriev"), None);
        let prefix = score("put", "putin");
        assert!(prefix > score("put", "input"), "{prefix:?}");
        assert_eq!(score("", "anything"), Some(0));
        assert_eq!(score("nitup", "putin"), None, "in order");
        assert!(score("ptn", "putin").is_some());
        assert_eq!(score("  ", "anything"), Some(0));
    }
}
