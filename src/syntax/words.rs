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
    let mut rest = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let (start, _) = loop {
            let (i, c) = rest.next()?;
            if is_word_char(c) {
                break (i, c);
            }
        };
        let mut end = text.len();
        while let Some(&(i, c)) = rest.peek() {
            if !is_word_char(c) {
                end = i;
                break;
            }
            rest.next();
        }
        let range = TextRange::new(start, end);
        text.get(start..end).map(|word| (range, word))
    })
}

/// Whether `c` belongs to a word: alphanumeric, or a combining mark.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// The combining diacritical marks (the blocks Unicode reserves for them).
fn is_combining_mark(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE20}'..='\u{FE2F}')
}

/// A word as it is compared: lowercased (whole, so a final `Σ` is `ς`)
/// and composed (NFC).
pub fn fold(word: &str) -> String {
    if word.is_ascii() {
        word.to_ascii_lowercase()
    } else {
        word.nfc().collect::<String>().to_lowercase()
    }
}

/// The phrase a name is compared by; `None` when it has no words at all.
pub fn phrase_of(name: &str) -> Option<Phrase> {
    let mut phrase = String::new();
    for (_, word) in words(name) {
        if !phrase.is_empty() {
            phrase.push(' ');
        }
        phrase.push_str(&fold(word));
    }
    (!phrase.is_empty()).then_some(Phrase(phrase))
}

#[cfg(test)]
mod tests {
    use super::*;

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
