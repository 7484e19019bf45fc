//! The titles a role gives: the words prose writes before or after a
//! person's name for it ("Prime Minister Mark Rutte", "Rutte, NATO's
//! secretary general"). Computed once, when a definition is parsed, and
//! kept with it, so reading prose only compares folded words.

use serde::{Deserialize, Serialize};

use super::{Spanned, phrase_of};

/// Where a title comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TitleSource {
    /// The role's whole text: "Prime Minister of the Netherlands".
    Whole,
    /// Its head, the words before " of ": "Prime Minister".
    Head,
    /// An entry of `titles`: "NATO chief".
    Listed,
}

/// One title of a role, folded as names are ([`phrase_of`]).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Title {
    /// The folded words, joined by single spaces.
    pub phrase: String,
    pub source: TitleSource,
}

impl Title {
    pub fn word_count(&self) -> usize {
        super::word_count(&self.phrase)
    }
}

/// The head of a role: the words before " of " (any case), trimmed; the
/// whole role when it has none.
pub fn head(role: &str) -> &str {
    let lower = role.to_ascii_lowercase();
    match lower.find(" of ") {
        Some(at) => role.get(..at).unwrap_or(role).trim(),
        None => role.trim(),
    }
}

/// Every title of a role: its whole text, its head and the `titles`
/// listed with it; each once, the longest first.
pub fn titles_of(role: &str, listed: &[Spanned<String>]) -> Vec<Title> {
    let mut titles: Vec<Title> = Vec::new();
    let candidates = [(role, TitleSource::Whole), (head(role), TitleSource::Head)]
        .into_iter()
        .chain(
            listed
                .iter()
                .map(|t| (t.value.as_str(), TitleSource::Listed)),
        );
    for (text, source) in candidates {
        let Some(phrase) = phrase_of(text) else {
            continue;
        };
        if !titles.iter().any(|t| t.phrase == phrase.0) {
            titles.push(Title {
                phrase: phrase.0,
                source,
            });
        }
    }
    titles.sort_by_key(|t| std::cmp::Reverse(t.word_count()));
    titles
}

/// The title a role is best written with in prose: its first `titles`
/// entry, else its head.
pub fn preferred<'a>(role: &'a str, listed: &'a [Spanned<String>]) -> &'a str {
    listed
        .iter()
        .map(|t| t.value.trim())
        .find(|t| !t.is_empty())
        .unwrap_or_else(|| head(role))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::TextRange;

    fn listed(texts: &[&str]) -> Vec<Spanned<String>> {
        texts
            .iter()
            .map(|t| Spanned {
                value: t.to_string(),
                range: TextRange::default(),
            })
            .collect()
    }

    #[test]
    fn a_role_gives_its_whole_text_its_head_and_its_listed_titles() {
        let titles = titles_of(
            "Prime Minister of the Netherlands",
            &listed(&["Dutch Prime Minister", "premier"]),
        );
        let phrases: Vec<(&str, TitleSource)> = titles
            .iter()
            .map(|t| (t.phrase.as_str(), t.source))
            .collect();
        assert_eq!(
            phrases,
            [
                ("prime minister of the netherlands", TitleSource::Whole),
                ("dutch prime minister", TitleSource::Listed),
                ("prime minister", TitleSource::Head),
                ("premier", TitleSource::Listed),
            ]
        );
    }

    #[test]
    fn a_role_without_of_is_its_own_head() {
        assert_eq!(head("Chancellor"), "Chancellor");
        assert_eq!(head("Leader OF the Opposition"), "Leader");
        let titles = titles_of("Chancellor", &[]);
        assert_eq!(titles.len(), 1);
        assert_eq!(
            preferred("Secretary General of NATO", &[]),
            "Secretary General"
        );
        assert_eq!(
            preferred("Secretary General of NATO", &listed(&["NATO chief"])),
            "NATO chief"
        );
    }

    #[test]
    fn titles_are_parsed_and_validated() {
        let text = "---\nentities:\n  rutte:\n    name: Mark Rutte\n    role: Prime Minister of the Netherlands\n    titles: [Dutch premier]\n    roles:\n      - role: Secretary General of NATO\n        since: 2024-10-01\n        titles: [NATO chief, '']\n      - role: Envoy\n        titles: NATO chief\n  sunak:\n    name: Rishi Sunak\n    titles: {a: b}\n---\n";
        let (doc, errors) = crate::syntax::parse(text);
        let rutte = &doc.entities[0];
        let listed: Vec<&str> = rutte.titles.iter().map(|t| t.value.as_str()).collect();
        assert_eq!(listed, ["Dutch premier"]);
        let phrases: Vec<&str> = rutte
            .role_vocabulary
            .iter()
            .map(|t| t.phrase.as_str())
            .collect();
        assert_eq!(
            phrases,
            [
                "prime minister of the netherlands",
                "prime minister",
                "dutch premier"
            ]
        );
        let nato = &rutte.roles[0];
        assert_eq!(
            nato.titles
                .iter()
                .map(|t| t.value.as_str())
                .collect::<Vec<_>>(),
            ["NATO chief", ""]
        );
        let phrases: Vec<&str> = nato.vocabulary.iter().map(|t| t.phrase.as_str()).collect();
        assert_eq!(
            phrases,
            [
                "secretary general of nato",
                "secretary general",
                "nato chief"
            ],
            "an empty title gives nothing"
        );
        let invalid: Vec<(&str, &str)> = errors
            .iter()
            .map(|e| (e.code.as_str(), &text[e.range.start..e.range.end]))
            .collect();
        assert_eq!(
            invalid,
            [("invalid-roles", "NATO chief"), ("invalid-roles", "{a: b}")],
            "{errors:#?}"
        );
        assert!(
            errors[0]
                .message
                .starts_with("`titles` must be a list of the forms writers use"),
            "{}",
            errors[0].message
        );
        // The entry with a broken `titles` is kept: only `titles` is wrong.
        assert_eq!(rutte.roles.len(), 2);
    }
}
