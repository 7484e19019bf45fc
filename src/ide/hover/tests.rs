use expect_test::{Expect, expect};

use super::find;
use crate::testing::Fixture;

/// Hovers at the cursor: the snapshot is the hovered text, then the Markdown.
fn check(fixture: &str, expect: Expect) {
    let fixture = Fixture::parse(fixture);
    let (path, offset) = fixture.cursor();
    let actual = match find(&fixture.workspace, path, offset) {
        Some(hover) => {
            let file = fixture.workspace.load_file(path).expect("cursor file");
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

            On 2026-01-22 (this document's date): President of Russia · Kremlin (undated, per `registry.news.md`)

            Also known as: Putin, President Putin

            Leads Russia since 2000.

            Wikidata: [Q7747](https://www.wikidata.org/wiki/Q7747)

            Takes part in:
            - Witkoff-Putin talks in Moscow (2026-01-22)

            Defined in:
            - `registry.news.md` line 3 (undated)

            Mentioned in 1 document, referenced in 1
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

            As of 2026-01-22 (this document's date)

            Date: 2026-01-22 · Place: Moscow

            Participants (on 2026-01-22):
            - **Vladimir Putin**, President of Russia · Kremlin
            - **Steve Witkoff**, US Special Envoy
            - `@kushner` (not defined)

            Defined in:
            - `article.news.md` line 4 (2026-01-22)

            Mentioned in 0 documents, referenced in 0
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

            On 2026-01-22 (the date of the event): US Special Envoy (undated, per `registry.news.md`)

            Takes part in:
            - Witkoff-Putin talks in Moscow (2026-01-22)

            Defined in:
            - `registry.news.md` line 14 (undated)

            Mentioned in 0 documents, referenced in 1
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

            On 2026-01-22 (this document's date): US Special Envoy (undated, per `registry.news.md`)

            Takes part in:
            - Witkoff-Putin talks in Moscow (2026-01-22)

            Defined in:
            - `registry.news.md` line 14 (undated)

            Mentioned in 0 documents, referenced in 1
        "#]],
    );
}

#[test]
fn the_statement_in_force_is_shown_and_every_one_listed() {
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

            On 2026-03-01 (today; this document is undated): US Special Envoy (as of 2026-01-22, per `new.news.md`)

            Earlier: Businessman (as of 2025-12-01, per `old.news.md`)

            Defined in:
            - `old.news.md` line 4 (2025-12-01)
            - `new.news.md` line 4 (2026-01-22)
            - `registry.news.md` line 3 (undated)

            Mentioned in 1 document, referenced in 0
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

            As of 2026-03-01 (today; this document is undated)

            Defined in:
            - `a.news.md` line 3 (undated)

            Mentioned in 1 document, referenced in 0
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
    let file = fixture.workspace.load_file(path).expect("file");
    let hover = find(&fixture.workspace, path, offset).expect("a hover");
    assert_eq!(file.slice(hover.range), "Vladimir Putin");
    let far = file.text.rfind("Witkoff").expect("the name");
    let hover = find(&fixture.workspace, path, far).expect("a hover at the end");
    assert_eq!(file.slice(hover.range), "Steve Witkoff");
}

/// A registry kept current, a 2023 article, a brief written today.
const MERZ: &str = r#"
%today 2026-01-23
%! registry.news.md
---
entities:
  merz:
    name: Friedrich Merz
    kind: person
    country: Germany
    aliases: [Merz]
    roles:
      - role: Chancellor of Germany
        since: 2025-05-06
      - role: Leader of the opposition in the Bundestag
        affiliation: "@cdu"
        since: 2022-02-15
        until: 2025-05-06
  cdu:
    name: CDU
    kind: organization
  rutte:
    name: Mark Rutte
    kind: person
    roles:
      - role: Prime Minister of the Netherlands
        since: 2010-10-14
        until: 2024-07-02
      - role: Secretary General of NATO
        since: 2024-10-01
---
%! 2023-07-11-summit.news.md
---
date: 2023-07-11
entities:
  merz:
    name: Friedrich Merz
    role: Leader of the opposition
  summit:
    name: Vilnius summit
    kind: event
    date: 2023-07-11
    participants: ["@rutte", "@merz"]
---
[Merz](@merz) and [Rutte](@rutte) met at the [Vilnius summit](@summit).
%! brief.news.md
---
title: Brief
---
[Merz](@merz) and [Rutte](@rutte) spoke today.
"#;

fn in_merz(file: &str, needle: &str) -> String {
    let marked = needle.replacen('@', "@$0", 1);
    let mut out = String::new();
    let mut in_file = false;
    for line in MERZ.lines() {
        if let Some(name) = line.strip_prefix("%! ") {
            in_file = name == file;
        }
        if in_file && line.contains(needle) && !out.contains("$0") {
            out.push_str(&line.replacen(needle, &marked, 1));
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

#[test]
fn today_the_registry_kept_current_wins_over_an_old_article() {
    check(
        &in_merz("brief.news.md", "[Merz](@merz)"),
        expect![[r#"
            on "[Merz](@merz)"
            **Friedrich Merz** · person · `@merz`

            On 2026-01-23 (today; this document is undated): Chancellor of Germany (since 2025-05-06, per `registry.news.md`)

            Earlier: Leader of the opposition in the Bundestag · CDU (2022-02-15 – 2025-05-06, per `registry.news.md`)

            Country: Germany

            Also known as: Merz

            Takes part in:
            - Vilnius summit (2023-07-11)

            Defined in:
            - `2023-07-11-summit.news.md` line 4 (2023-07-11)
            - `registry.news.md` line 3 (undated)

            Mentioned in 2 documents, referenced in 1
        "#]],
    );
}

#[test]
fn in_an_old_article_its_own_date_and_definition_decide() {
    check(
        &in_merz("2023-07-11-summit.news.md", "[Rutte](@rutte)"),
        expect![[r#"
            on "[Rutte](@rutte)"
            **Mark Rutte** · person · `@rutte`

            On 2023-07-11 (this document's date): Prime Minister of the Netherlands (2010-10-14 – 2024-07-02, per `registry.news.md`)

            Later: Secretary General of NATO (since 2024-10-01, per `registry.news.md`)

            Takes part in:
            - Vilnius summit (2023-07-11)

            Defined in:
            - `registry.news.md` line 18 (undated)

            Mentioned in 2 documents, referenced in 1
        "#]],
    );
}

#[test]
fn an_event_lists_participants_with_roles_on_its_date() {
    check(
        &in_merz("brief.news.md", "[Rutte](@rutte) spoke").replace(
            "[Merz](@merz) and [Rutte](@$0rutte) spoke today.",
            "[Merz](@merz) and [Rutte](@rutte) spoke today, after the [summit](@sum$0mit).",
        ),
        expect![[r#"
            on "[summit](@summit)"
            **Vilnius summit** · event · `@summit`

            As of 2026-01-23 (today; this document is undated)

            Date: 2023-07-11

            Participants (on 2023-07-11):
            - **Mark Rutte**, Prime Minister of the Netherlands
            - **Friedrich Merz**, Leader of the opposition in the Bundestag · CDU

            Defined in:
            - `2023-07-11-summit.news.md` line 7 (2023-07-11)

            Mentioned in 2 documents, referenced in 0
        "#]],
    );
    // On a participant in the event's front matter: the event's date.
    check(
        &in_merz("2023-07-11-summit.news.md", "\"@rutte\""),
        expect![[r#"
            on "@rutte"
            **Mark Rutte** · person · `@rutte`

            On 2023-07-11 (the date of the event): Prime Minister of the Netherlands (2010-10-14 – 2024-07-02, per `registry.news.md`)

            Later: Secretary General of NATO (since 2024-10-01, per `registry.news.md`)

            Takes part in:
            - Vilnius summit (2023-07-11)

            Defined in:
            - `registry.news.md` line 18 (undated)

            Mentioned in 2 documents, referenced in 1
        "#]],
    );
}

#[test]
fn front_matter_references_are_counted() {
    check(
        &in_merz("registry.news.md", "  cdu:").replace("  cdu:", "  c$0du:"),
        expect![[r#"
            on "cdu"
            **CDU** · organization · `@cdu`

            As of 2026-01-23 (today; this document is undated)

            Defined in:
            - `registry.news.md` line 15 (undated)

            Mentioned in 0 documents, referenced in 1
        "#]],
    );
}

#[test]
fn a_title_says_which_role_it_names_and_what_holds_on_the_date() {
    check(
        &format!(
            "{}\n%! a.news.md\n---\ndate: 2026-06-15\n---\nPrime Mi$0nister [Mark Rutte](@rutte) spoke.\n",
            crate::ide::titles::people::PEOPLE
        ),
        expect![[r#"
            on "Prime Minister"
            **“Prime Minister”** · a title of **Mark Rutte** · `@rutte`

            Names:
            - Prime Minister of the Netherlands (2010-10-14 – 2024-07-02)

            On 2026-06-15 (this document's date): Secretary General of NATO (since 2024-10-01)
        "#]],
    );
    check(
        &format!(
            "{}\n%! a.news.md\n---\ndate: 2019-06-15\n---\n[Presi$0dent Donald Trump](@trump) spoke.\n",
            crate::ide::titles::people::PEOPLE
        ),
        expect![[r#"
            on "President"
            **“President”** · a title of **Donald Trump** · `@trump`

            Names:
            - President of the United States (2017-01-20 – 2021-01-20)
            - President of the United States (since 2025-01-20)

            On 2019-06-15 (this document's date): President of the United States (2017-01-20 – 2021-01-20)
        "#]],
    );
}

#[test]
fn a_roles_titles_are_shown_with_it() {
    check(
        &format!(
            "{}\n%! a.news.md\n---\ndate: 2026-06-15\n---\n[Mark Ru$0tte](@rutte) spoke.\n",
            crate::ide::titles::people::PEOPLE
        ),
        expect![[r#"
            on "[Mark Rutte](@rutte)"
            **Mark Rutte** · person · `@rutte`

            On 2026-06-15 (this document's date): Secretary General of NATO (since 2024-10-01, per `registry.news.md`), also written “NATO chief”

            Earlier: Prime Minister of the Netherlands (2010-10-14 – 2024-07-02, per `registry.news.md`), also written “Dutch Prime Minister”, “Dutch premier”

            Also known as: Rutte

            Defined in:
            - `registry.news.md` line 3 (undated)

            Mentioned in 1 document, referenced in 0
        "#]],
    );
}
