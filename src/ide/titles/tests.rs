//! Where titles are found, and what they read as.

use crate::ide::names::Scan;
use crate::ide::titles::{Qualifiers, Tense, in_file_of, people::PEOPLE};
use crate::testing::Fixture;

/// Each title found in `a.news.md`: its text, its entity, its qualifier.
fn titles(text: &str) -> Vec<(String, String, Option<Tense>)> {
    let fixture = Fixture::parse(&format!("{PEOPLE}\n%! a.news.md\n{text}"));
    let ws = &fixture.workspace;
    let file = fixture.file("a.news.md");
    let plain = Scan::new(ws.index()).prose(file);
    in_file_of(ws, file, &plain, &Qualifiers::default())
        .into_iter()
        .map(|u| (file.slice(u.range).to_string(), u.id, u.qualifier))
        .collect()
}

fn found(title: &str, id: &str, qualifier: Option<Tense>) -> (String, String, Option<Tense>) {
    (title.to_string(), id.to_string(), qualifier)
}

#[test]
fn titles_before_inside_and_after_names() {
    assert_eq!(
        titles(
            "Dutch Prime Minister Mark Rutte and [President Donald Trump](@trump) met \
             [Rishi Sunak](@sunak), the prime minister, and NATO chief [@rutte]."
        ),
        [
            found("Dutch Prime Minister", "rutte", None),
            found("President", "trump", None),
            found("prime minister", "sunak", None),
            found("NATO chief", "rutte", None),
        ]
    );
}

#[test]
fn qualifiers_before_and_after_the_title() {
    assert_eq!(
        titles(
            "Former Dutch Prime Minister [Rutte](@rutte), President-elect [Trump](@trump), \
             [Merz](@merz), the incoming chancellor, met."
        ),
        [
            found("Dutch Prime Minister", "rutte", Some(Tense::Past)),
            found("President", "trump", Some(Tense::Future)),
            found("chancellor", "merz", Some(Tense::Future)),
        ]
    );
}

#[test]
fn no_title_across_punctuation_or_sentences_or_for_places() {
    assert_eq!(
        titles(
            "He was prime minister. [Rutte](@rutte) spoke. The prime minister, [Rutte](@rutte), \
             spoke. President of [The Hague](@hague) and Vice President [Trump](@trump)."
        ),
        []
    );
}

#[test]
fn generic_titles_take_the_word_before_them() {
    assert_eq!(
        titles("Opposition leader [Starmer](@starmer) and Labour leader [Starmer](@starmer)."),
        [
            found("Opposition leader", "starmer", None),
            found("Labour leader", "starmer", None),
        ]
    );
}
