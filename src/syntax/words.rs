//! Words and phrases: how names are compared with prose.
//!
//! A word is a run of alphanumeric characters (with the combining marks
//! that decompose accents); everything else separates words. Words are
//! compared folded: lowercased and in Unicode's composed form (NFC), so an
//! accent typed as one character or as a letter and a mark is the same.
//! Comparing sequences of folded words makes matches whole-word, case-blind
//! and indifferent to punctuation, and a possessive `'s` / `’s` simply
//! becomes a word of its own after the name.

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::TextRange;

/// A name reduced to its lowercased words, joined by single spaces: the key
/// under which names are compared and indexed.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Phrase(pub String);

impl Phrase {
    pub fn word_count(&self) -> usize {
        word_count(&self.0)
    }
}

/// The number of words of a phrase's text.
pub fn word_count(phrase: &str) -> usize {
    if phrase.is_empty() {
        0
    } else {
        phrase.split(' ').count()
    }
}

/// The words of `text` with their byte ranges (relative to `text`).
pub fn words(text: &str) -> impl Iterator<Item = (TextRange, &str)> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        let start = loop {
            let (c, len) = char_at(text, at)?;
            if is_word_char(c) {
                break at;
            }
            at += len;
        };
        while let Some((_, len)) = char_at(text, at).filter(|&(c, _)| is_word_char(c)) {
            at += len;
        }
        let range = TextRange::new(start, at);
        text.get(start..at).map(|word| (range, word))
    })
}

/// The character at byte `at` of `text` (a character boundary) and its
/// length: prose is scanned word by word for names, and most of it is
/// ASCII, which needs no decoding.
fn char_at(text: &str, at: usize) -> Option<(char, usize)> {
    let byte = *text.as_bytes().get(at)?;
    if byte.is_ascii() {
        return Some((char::from(byte), 1));
    }
    let c = text.get(at..)?.chars().next()?;
    Some((c, c.len_utf8()))
}

/// Whether `c` belongs to a word: alphanumeric, or a combining mark
/// (Unicode's, as `unicode_normalization` knows them: the same marks NFC
/// composes and `fold_id` drops). Prose is mostly ASCII, which needs no
/// table.
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    c.is_alphanumeric() || is_combining_mark(c)
}

/// A word as it is compared: lowercased (whole, so a final `Σ` is `ς`)
/// and composed (NFC).
pub fn fold(word: &str) -> String {
    let mut folded = String::new();
    fold_into(word, &mut folded);
    folded
}

/// [`fold`] appended to `out`: no `String` of its own for an ASCII word,
/// for scans that fold every word of a document into one buffer.
pub fn fold_into(word: &str, out: &mut String) {
    if word.is_ascii() {
        let start = out.len();
        out.push_str(word);
        if let Some(added) = out.get_mut(start..) {
            added.make_ascii_lowercase();
        }
    } else {
        out.push_str(&word.nfc().collect::<String>().to_lowercase());
    }
}

/// The phrase a name is compared by; `None` when it has no words at all.
pub fn phrase_of(name: &str) -> Option<Phrase> {
    let mut phrase = String::new();
    for (_, word) in words(name) {
        if !phrase.is_empty() {
            phrase.push(' ');
        }
        fold_into(word, &mut phrase);
    }
    (!phrase.is_empty()).then_some(Phrase(phrase))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Words are the maximal runs of word characters, whatever the
        /// text: ASCII, accents, marks, emoji, other scripts.
        #[test]
        fn words_are_the_runs_of_word_characters(text in "[a-zA-Z0-9 ,.'’\\-é\u{301}ΣσςПп😀🇺🇦\u{200d}_]{0,40}") {
            let mut runs: Vec<(usize, usize)> = Vec::new();
            let mut open: Option<usize> = None;
            for (i, c) in text.char_indices() {
                match (is_word_char(c), open) {
                    (true, None) => open = Some(i),
                    (false, Some(start)) => {
                        runs.push((start, i));
                        open = None;
                    }
                    _ => {}
                }
            }
            runs.extend(open.map(|start| (start, text.len())));
            let found: Vec<(usize, usize)> = words(&text)
                .map(|(range, word)| {
                    assert_eq!(&text[range.start..range.end], word);
                    (range.start, range.end)
                })
                .collect();
            prop_assert_eq!(found, runs);
        }
    }

    #[test]
    fn splits_on_punctuation_and_keeps_ranges() {
        let text = "Trump’s envoy, Witkoff-Putin talks 🇺🇦 Zelenskyy";
        let found: Vec<&str> = words(text).map(|(_, w)| w).collect();
        assert_eq!(
            found,
            [
                "Trump",
                "s",
                "envoy",
                "Witkoff",
                "Putin",
                "talks",
                "Zelenskyy"
            ]
        );
        for (range, word) in words(text) {
            assert_eq!(&text[range.start..range.end], word);
        }
    }

    #[test]
    fn phrases_ignore_case_and_punctuation() {
        assert_eq!(
            phrase_of("President  Vladimir PUTIN"),
            Some(Phrase("president vladimir putin".into()))
        );
        assert_eq!(phrase_of("U.S."), Some(Phrase("u s".into())));
        assert_eq!(phrase_of(" -- "), None);
        assert_eq!(Phrase("a b c".into()).word_count(), 3);
    }

    #[test]
    fn decomposed_accents_are_the_composed_ones() {
        let composed = "José María";
        let decomposed = "Jose\u{301} Mari\u{301}a";
        assert_eq!(phrase_of(composed), phrase_of(decomposed));
        let found: Vec<&str> = words(decomposed).map(|(_, w)| w).collect();
        assert_eq!(found, ["Jose\u{301}", "Mari\u{301}a"]);
        assert_eq!(fold("ΟΔΥΣΣΕΑΣ"), "οδυσσεα\u{3c2}", "a final sigma");
    }
}
