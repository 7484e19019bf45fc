//! Each fixture marks every `first-reference` it must raise when the rule
//! is on; any other `first-reference` fails the test.

use crate::ide::diagnostics::{Code, Options, collect, collect_with_options};
use crate::ide::titles::people::PEOPLE;
use crate::syntax::TextEdit;
use crate::testing::Fixture;

fn on() -> Options {
    Options {
        first_reference: true,
        ..Options::default()
    }
}

fn check(fixture: &str) {
    let fixture = Fixture::parse(&format!("{PEOPLE}{fixture}"));
    let ws = &fixture.workspace;
    let mut found = Vec::new();
    for file in ws.load_every_file() {
        for d in collect_with_options(ws, &file.path, &on()) {
            if d.code == Code::FirstReference {
                found.push((
                    ws.relative_path(&file.path),
                    format!("{:?} {}", file.slice(d.range), d.range.start),
                ));
            }
        }
        assert!(
            collect(ws, &file.path)
                .iter()
                .all(|d| d.code != Code::FirstReference),
            "off by default"
        );
    }
    let mut expected: Vec<(String, String)> = fixture
        .marks
        .iter()
        .map(|(path, range, _)| {
            let file = ws.load_file(path).expect("marked file");
            (
                ws.relative_path(path),
                format!("{:?} {}", file.slice(*range), range.start),
            )
        })
        .collect();
    found.sort();
    expected.sort();
    assert_eq!(found, expected);
}

#[test]
fn the_first_mention_of_a_person_gives_the_full_name() {
    check(
        r#"
%! a.news.md
---
date: 2026-06-15
---
# [Rutte](@rutte) warns allies

[Rutte](@rutte) spoke after [Prime Minister Starmer](@starmer) and [Mark Rutte](@rutte).
 ^^^^^ first-reference
                             ^^^^^^^^^^^^^^^^^^^^^^ first-reference
Later [Starmer](@starmer) and [Donald Trump](@trump), then [Trump](@trump), [@merz] and [NATO](@nato).
%! b.news.md
---
date: 2026-06-15
---
NATO chief [Mark Rutte](@rutte) met [President Donald Trump](@trump) and [nato](@nato).
"#,
    );
}

#[test]
fn the_fix_writes_the_full_name_and_keeps_the_title() {
    let fixture = Fixture::parse(&format!(
        "{PEOPLE}\n%! a.news.md\n[Prime Minister Starmer](@starmer) and [Rutte](@rutte) met.\n"
    ));
    let ws = &fixture.workspace;
    let file = fixture.file("a.news.md");
    let mut text = file.text.clone();
    let mut fixes: Vec<TextEdit> = collect_with_options(ws, &file.path, &on())
        .into_iter()
        .filter(|d| d.code == Code::FirstReference)
        .filter_map(|d| d.fix.map(|f| f.edit))
        .collect();
    fixes.sort_by_key(|e| std::cmp::Reverse(e.range.start));
    for edit in fixes {
        text = TextEdit::apply(&text, &[edit]);
    }
    assert_eq!(
        text,
        "[Prime Minister Keir Starmer](@starmer) and [Mark Rutte](@rutte) met.\n"
    );
}
