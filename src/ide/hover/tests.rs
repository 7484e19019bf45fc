use expect_test::{Expect, expect};

use super::find;
use crate::testing::Fixture;

/// Hovers at the cursor: the snapshot is the hovered text, then the Markdown.
fn check(fixture: &str, expect: Expect) {
    let fixture = Fixture::parse(fixture);
    let (path, offset) = fixture.cursor();
    let actual = match find(&fixture.workspace, path, offset) {
        Some(hover) => {
            let file = fixture.workspace.file(path).expect("cursor file");
            format!("on {:?}\n{}\n", file.slice(hover.range), hover.markdown)
        }
        None => "no hover\n".to_string(),
    };
    expect.assert_eq(&actual);
}

const WORKSPACE: &str = r#"
%! registry.news.md
---
entities:
  putin:
    name: Vladimir Putin
    kind: person
    role: President of Russia
    affiliation: "@kremlin"
    aliases: [Putin, President Putin]
    description: Leads Russia since 2000.
    wikidata: Q7747
  kremlin:
    name: Kremlin
    kind: organization
  witkoff:
    name: Steve Witkoff
    kind: person
    role: US Special Envoy
---
%! article.news.md
---
date: 2026-01-22
entities:
  moscow-talks:
    name: Witkoff-Putin talks in Moscow
    kind: event
    date: 2026-01-22
    place: "@moscow"
    participants: ["@putin", "@witkoff", "@kushner"]
  moscow:
    name: Moscow
    kind: place
---
"#;

fn with(body: &str) -> String {
    format!("{WORKSPACE}{body}\n")
}

#[test]
fn on_a_mention_of_a_person() {
    check(
        &with("The [Moscow talks](@moscow-talks) with [@pu$0tin] began."),
        expect![[r#"
            on "[@putin]"
            **Vladimir Putin** · person · `@putin`

            President of Russia · Kremlin

            Also known as: Putin, President Putin

            Leads Russia since 2000.

            Wikidata: [Q7747](https://www.wikidata.org/wiki/Q7747)

            Takes part in:
            - Witkoff-Putin talks in Moscow (2026-01-22)

            Defined in:
            - `registry.news.md` (undated)

            Mentioned in 1 document
        "#]],
    );
}

#[test]
fn on_an_event_key_lists_participants_with_roles() {
    check(
        &WORKSPACE.replace("  moscow-talks:", "  moscow-ta$0lks:"),
        expect![[r#"
            on "moscow-talks"
            **Witkoff-Putin talks in Moscow** · event · `@moscow-talks`

            Date: 2026-01-22 · Place: Moscow

            Participants:
            - **Vladimir Putin**, President of Russia
            - **Steve Witkoff**, US Special Envoy
            - `@kushner` (not defined)

            Defined in:
            - `article.news.md` (2026-01-22)

            Mentioned in 0 documents
        "#]],
    );
}

#[test]
fn on_a_reference_in_front_matter() {
    check(
        &WORKSPACE.replace("\"@witkoff\"", "\"@wit$0koff\""),
        expect![[r#"
            on "@witkoff"
            **Steve Witkoff** · person · `@witkoff`

            US Special Envoy

            Takes part in:
            - Witkoff-Putin talks in Moscow (2026-01-22)

            Defined in:
            - `registry.news.md` (undated)

            Mentioned in 0 documents
        "#]],
    );
}

#[test]
fn on_a_plain_known_name() {
    check(
        &with("Envoy Steve Witkoff$0 arrived."),
        expect![[r#"
            on "Steve Witkoff"
            **Steve Witkoff** · person · `@witkoff`

            US Special Envoy

            Takes part in:
            - Witkoff-Putin talks in Moscow (2026-01-22)

            Defined in:
            - `registry.news.md` (undated)

            Mentioned in 0 documents
        "#]],
    );
}

#[test]
fn newest_definition_is_shown_and_every_one_listed() {
    check(
        r#"
%! old.news.md
---
date: 2025-12-01
entities:
  witkoff:
    name: Steve Witkoff
    role: Businessman
---
%! new.news.md
---
date: 2026-01-22
entities:
  witkoff:
    name: Steve Witkoff
    role: US Special Envoy
---
%! registry.news.md
---
entities:
  witkoff:
    name: Steve Witkoff
---
[@witkoff$0]
"#,
        expect![[r#"
            on "[@witkoff]"
            **Steve Witkoff** · `@witkoff`

            US Special Envoy

            Defined in:
            - `new.news.md` (2026-01-22)
            - `old.news.md` (2025-12-01)
            - `registry.news.md` (undated)

            Mentioned in 1 document
        "#]],
    );
}

#[test]
fn nothing_on_plain_words_undefined_ids_or_code() {
    check(&with("The weather$0 was fine."), expect!["no hover\n"]);
    check(&with("Meet [@nobo$0dy]."), expect!["no hover\n"]);
    check(&with("`Vladimir Pu$0tin`"), expect!["no hover\n"]);
}

#[test]
fn markdown_in_names_is_escaped() {
    check(
        "%! a.news.md\n---\nentities:\n  x:\n    name: \"*Bold* [link]\"\n---\n[@x$0]\n",
        expect![[r#"
            on "[@x]"
            **\*Bold\* \[link\]** · `@x`

            Defined in:
            - `a.news.md` (undated)

            Mentioned in 1 document
        "#]],
    );
}

#[test]
fn on_a_plain_name_deep_in_a_very_long_paragraph() {
    // Multi-byte filler, so the window around the cursor is cut inside
    // characters and must move to their boundaries.
    let filler = "é ".repeat(3_000);
    let fixture = Fixture::parse(&with(&format!(
        "{filler}President Vladimir Pu$0tin spoke {filler} and Steve Witkoff left."
    )));
    let (path, offset) = fixture.cursor();
    let file = fixture.workspace.file(path).expect("file");
    let hover = find(&fixture.workspace, path, offset).expect("a hover");
    assert_eq!(file.slice(hover.range), "Vladimir Putin");
    let far = file.text.rfind("Witkoff").expect("the name");
    let hover = find(&fixture.workspace, path, far).expect("a hover at the end");
    assert_eq!(file.slice(hover.range), "Steve Witkoff");
}
