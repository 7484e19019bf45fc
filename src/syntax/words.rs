//! Words and phrases: how names are compared with prose.
//!
//! A word is a run of alphanumeric characters; everything else separates
//! words. Comparing sequences of lowercased words makes matches whole-word,
//! case-blind and indifferent to punctuation, and a possessive `'s` / `’s`
//! simply becomes a word of its own after the name.

use super::TextRange;

/// A name reduced to its lowercased words, joined by single spaces: the key
/// under which names are compared and indexed.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Phrase(pub String);

impl Phrase {
    pub fn word_count(&self) -> usize {
        if self.0.is_empty() {
            0
        } else {
            self.0.split(' ').count()
        }
    }
}

/// The words of `text` with their byte ranges (relative to `text`).
pub fn words(text: &str) -> impl Iterator<Item = (TextRange, &str)> + '_ {
    let mut rest = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let (start, _) = loop {
            let (i, c) = rest.next()?;
            if c.is_alphanumeric() {
                break (i, c);
            }
        };
        let mut end = text.len();
        while let Some(&(i, c)) = rest.peek() {
            if !c.is_alphanumeric() {
                end = i;
                break;
            }
            rest.next();
        }
        let range = TextRange::new(start, end);
        text.get(start..end).map(|word| (range, word))
    })
}

/// The phrase a name is compared by; `None` when it has no words at all.
pub fn phrase_of(name: &str) -> Option<Phrase> {
    let mut phrase = String::new();
    for (_, word) in words(name) {
        if !phrase.is_empty() {
            phrase.push(' ');
        }
        // Whole-word lowercasing, as prose is lowered: a final `Σ` is `ς`.
        phrase.push_str(&word.to_lowercase());
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
}
