//! Finding entities by what a user typed: a piece of an id or of a name,
//! ranked by `nucleo-matcher` (the fuzzy matcher Helix uses). Both sides
//! are folded by [`fold_id`] first, so case and accents never matter:
//! `sánchez`, `Sanchez` and `sanchez` find the same entities.

use std::cmp::Reverse;

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
/// only the index's folded list and its ids ranked by mention count: no
/// document is opened, nothing is folded again and no id is looked up,
/// so this stays fast on large workspaces.
pub fn entities<'a>(index: &'a Index, typed: &str, limit: usize) -> Vec<&'a str> {
    let mut query = Query::new(typed);
    let folded = index.folded();
    let order = index.mention_order();
    let id = |position: u32| folded.id(position).map(|id| id.as_str());
    if query.atoms.is_empty() {
        // Every id ties on score: the most mentioned first. Names come
        // from definitions, so every id they name is listed already.
        return order
            .ranked()
            .iter()
            .filter_map(|&p| id(p))
            .take(limit)
            .collect();
    }
    // The best score of each id, by its position in the list.
    let mut best: Vec<Option<u32>> = vec![None; folded.id_count()];
    let mut note = |position: u32, score: u32| {
        if let Some(kept) = best.get_mut(position as usize) {
            *kept = Some(kept.map_or(score, |kept| kept.max(score)));
        }
    };
    for (position, text) in folded.ids() {
        if let Some(score) = query.score_folded(text) {
            note(position, score);
        }
    }
    for (_, text, ids) in folded.phrases() {
        if let Some(score) = query.score_folded(text) {
            ids.iter().for_each(|&position| note(position, score));
        }
    }
    let found: Vec<(u32, u32)> = (0..)
        .zip(best)
        .filter_map(|(position, score)| Some((position, score?)))
        .collect();
    first_by_key(found, limit, |&(position, score)| {
        (Reverse(score), order.rank(position))
    })
    .into_iter()
    .filter_map(|(position, _)| id(position))
    .collect()
}

/// Each (name or alias, id) whose name matches `typed`, best first, in the
/// same order as [`entities`] (ties between names of one id by name); the
/// first `limit` of them.
pub fn names<'a>(index: &'a Index, typed: &str, limit: usize) -> Vec<(&'a str, &'a str)> {
    let mut query = Query::new(typed);
    let folded = index.folded();
    let order = index.mention_order();
    let mut found: Vec<(&str, u32, u32)> = Vec::new();
    for (phrase, text, ids) in folded.phrases() {
        if let Some(score) = query.score_folded(text) {
            found.extend(
                ids.iter()
                    .map(|&position| (phrase.as_str(), position, score)),
            );
        }
    }
    first_by_key(found, limit, |&(phrase, position, score)| {
        (Reverse(score), order.rank(position), phrase)
    })
    .into_iter()
    .filter_map(|(phrase, position, _)| Some((phrase, folded.id(position)?.as_str())))
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
    found.sort_by_key(|&(_, score)| Reverse(score));
    found.into_iter().map(|(c, _)| c).collect()
}

/// The first `limit` of `found` by `key`, in its order. Keys are
/// distinct (the rank of an id is its own), so the order never depends on
/// the order found or on a hash map's; only the first `limit` are sorted.
fn first_by_key<T, K: Ord>(mut found: Vec<T>, limit: usize, key: impl Fn(&T) -> K) -> Vec<T> {
    if limit == 0 {
        return Vec::new();
    }
    if found.len() > limit {
        found.select_nth_unstable_by_key(limit - 1, &key);
        found.truncate(limit);
    }
    found.sort_unstable_by_key(key);
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
