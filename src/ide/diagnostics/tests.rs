//! Each fixture marks every diagnostic it must produce, in every file, with
//! its code; any other diagnostic fails the test. So each test is positive
//! and negative at once.

use std::path::Path;

use expect_test::{Expect, expect};

use super::collect;
use crate::testing::Fixture;

fn check(fixture: &str) {
    let fixture = Fixture::parse(fixture);
    let ws = &fixture.workspace;
    let mut found: Vec<(String, String, String)> = Vec::new();
    for file in ws.files() {
        for d in collect(ws, &file.path) {
            found.push((
                ws.relative_path(&file.path),
                format!("{:?} {}", file.slice(d.range), d.range.start),
                d.code.to_string(),
            ));
        }
    }
    let mut expected: Vec<(String, String, String)> = fixture
        .marks
        .iter()
        .map(|(path, range, label)| {
            let file = ws.file(path).expect("marked file");
            (
                ws.relative_path(path),
                format!("{:?} {}", file.slice(*range), range.start),
                label.clone(),
            )
        })
        .collect();
    found.sort();
    expected.sort();
    assert_eq!(found, expected);
}

/// Snapshot of the messages of one file's diagnostics.
fn check_messages(fixture: &str, expect: Expect) {
    let fixture = Fixture::parse(fixture);
    let ws = &fixture.workspace;
    let path = Path::new("/ws/a.news.md");
    let file = ws.file(path).expect("a.news.md in fixture");
    let mut out = String::new();
    for d in collect(ws, path) {
        out.push_str(&format!(
            "{} {:?} {:?}: {}\n",
            d.code,
            d.severity,
            file.slice(d.range),
            d.message
        ));
        for r in &d.related {
            out.push_str(&format!(
                "  related {}: {}\n",
                ws.relative_path(&r.path),
                r.message
            ));
        }
    }
    expect.assert_eq(&out);
}

#[test]
fn clean_documents_have_no_diagnostics() {
    check(
        r#"
%! a.news.md
---
title: "Talks"
date: 2026-01-22
source: TRT World
my-own-field: [kept, quietly]
entities:
  putin:
    name: Vladimir Putin
    kind: person
    affiliation: "@kremlin"
    aliases: [Putin]
    wikidata: Q7747
  talks:
    name: Moscow talks
    kind: event
    date: 2026-01-22
    participants: ["@putin", "Unnamed aide"]
---
The [Moscow talks](@talks) began; [President Putin's](@putin) aides and [@kremlin] said so.
Code `Putin` and <span>Putin</span> hold no names.
%! b.news.md
---
entities:
  kremlin:
    name: Kremlin
    kind: organization
---
"#,
    );
}

#[test]
fn undefined_entity_in_mentions_and_references() {
    check(
        r#"
%! a.news.md
---
entities:
  talks:
    name: Talks
    place: "@moscow"
            ^^^^^^^ undefined-entity
    participants: ["@witkoff", "@putin"]
                                ^^^^^^ undefined-entity
---
[Talks](@talks) with [Steve Witkoff](@witkoff) and [@nobody], not `[@code]`.
                                                    ^^^^^^^ undefined-entity
%! b.news.md
---
entities:
  witkoff:
    name: Steve Witkoff
---
"#,
    );
}

#[test]
fn undefined_entity_suggests_the_nearest_id() {
    check_messages(
        r#"
%! a.news.md
[Steve Witkoff](@witkof) met [@zelenskyy].
%! b.news.md
---
entities:
  witkoff:
    name: Steve Witkoff
---
"#,
        expect![[r#"
            undefined-entity Error "@witkof": `@witkof` is not defined in any document (did you mean `@witkoff`?)
            undefined-entity Error "@zelenskyy": `@zelenskyy` is not defined in any document: define it under `entities:` as `zelenskyy:` with a `name`
        "#]],
    );
}

#[test]
fn invalid_front_matter() {
    check(
        r#"
%! a.news.md
---
title: [not, a, string]
       ^^^^^^^^^^^^^^^^ invalid-front-matter
authors: Jane Doe
         ^^^^^^^^ invalid-front-matter
entities:
  putin:
    name: Vladimir Putin
    kind: persn
          ^^^^^ invalid-front-matter
    aliases: Putin
             ^^^^^ invalid-front-matter
---
[@putin]
"#,
    );
    check_messages(
        "%! a.news.md\n---\ntitle: \"unclosed\nentities: {}\n---\nBody.\n",
        expect![[r#"
            invalid-front-matter Error "\"": front matter is not valid YAML: invalid indentation in quoted scalar
        "#]],
    );
}

#[test]
fn broken_yaml_is_reported_and_what_parsed_is_kept() {
    let fixture = Fixture::parse(
        "%! a.news.md\n---\nentities:\n  putin:\n    name: Vladimir Putin\n  bad: [\n---\n[@putin] and [@bad]\n",
    );
    let path = Path::new("/ws/a.news.md");
    let diagnostics = collect(&fixture.workspace, path);
    let codes: Vec<&str> = diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert!(codes.contains(&"invalid-front-matter"), "{codes:?}");
    assert!(
        !diagnostics
            .iter()
            .any(|d| d.code.as_str() == "undefined-entity" && d.message.contains("@putin")),
        "the definition before the error is kept: {diagnostics:?}"
    );
}

#[test]
fn unclosed_front_matter() {
    check(
        r#"
%! a.news.md
---
^^^ invalid-front-matter
title: Talks
"#,
    );
}

#[test]
fn invalid_entity_ids() {
    check(
        r#"
%! a.news.md
---
entities:
  Putin:
  ^^^^^ invalid-entity-id
    name: Vladimir Putin
  kremlin:
    name: Kremlin
    affiliation: "@Bad_ref"
                  ^^^^^^^^ invalid-entity-id
---
[Vladimir Putin](@Putin) and [@kremlin].
                 ^^^^^^ invalid-entity-id
"#,
    );
}

#[test]
fn missing_name() {
    check(
        r#"
%! a.news.md
---
entities:
  putin:
  ^^^^^ missing-name
    kind: person
  witkoff:
  ^^^^^^^ missing-name
    name: ""
---
[Putin](@putin), [Witkoff](@witkoff)
"#,
    );
}

#[test]
fn duplicate_entity() {
    check(
        r#"
%! a.news.md
---
entities:
  putin:
    name: Vladimir Putin
  putin:
  ^^^^^ duplicate-entity
    name: Vladimir Putin
---
[@putin]
"#,
    );
}

#[test]
fn invalid_dates() {
    check(
        r#"
%! a.news.md
---
date: 2026-02-30
      ^^^^^^^^^^ invalid-date
entities:
  talks:
    name: Talks
    kind: event
    date: "22 January 2026"
           ^^^^^^^^^^^^^^^ invalid-date
---
[Talks](@talks)
"#,
    );
}

#[test]
fn conflicting_definitions_on_each_key() {
    check(
        r#"
%! a.news.md
---
entities:
  putin:
  ^^^^^ conflicting-definition
    name: Vladimir Putin
    kind: person
  kremlin:
  ^^^^^^^ conflicting-definition
    name: Kremlin
---
[@putin] [@kremlin]
%! b.news.md
---
entities:
  putin:
  ^^^^^ conflicting-definition
    name: Vladimir Putin
    kind: organization
  kremlin:
  ^^^^^^^ conflicting-definition
    name: the KREMLIN
---
%! c.news.md
---
entities:
  putin:
  ^^^^^ conflicting-definition
    name: Vladimir  PUTIN
    kind: person
  kremlin:
  ^^^^^^^ conflicting-definition
    name: Kremlin
---
"#,
    );
}

#[test]
fn names_among_aliases_and_roles_over_time_do_not_conflict() {
    check(
        r#"
%! registry.news.md
---
entities:
  nato:
    name: NATO
    kind: organization
    aliases: [North Atlantic Treaty Organization]
  rutte:
    name: Mark Rutte
    kind: person
    role: Secretary General of NATO
    wikidata: Q57792
---
[@nato] [@rutte]
%! 2023-article.news.md
---
date: 2023-07-11
entities:
  nato:
    name: North Atlantic Treaty Organization
    aliases: [NATO]
  rutte:
    name: Mark Rutte
    role: Prime Minister of the Netherlands
    wikidata: Q57792
---
"#,
    );
}

#[test]
fn differing_wikidata_ids_conflict() {
    check_messages(
        r#"
%! a.news.md
---
entities:
  georgia:
    name: Georgia
    wikidata: Q230
---
[@georgia]
%! b.news.md
---
entities:
  georgia:
    name: Georgia
    wikidata: Q1428
---
"#,
        expect![[r#"
            conflicting-definition Warning "georgia": `georgia` is defined here as “Georgia” (Q230), but as “Georgia” (Q1428) in `b.news.md`; all definitions of an id describe one entity
              related b.news.md: `georgia` defined as “Georgia” (Q1428)
        "#]],
    );
}

#[test]
fn conflicting_definition_points_at_the_others() {
    check_messages(
        r#"
%! a.news.md
---
entities:
  witkoff:
    name: Steve Witkoff
---
[@witkoff]
%! b.news.md
---
entities:
  witkoff:
    name: Steven Witkoff
---
"#,
        expect![[r#"
            conflicting-definition Warning "witkoff": `witkoff` is defined here as “Steve Witkoff”, but as “Steven Witkoff” in `b.news.md`; all definitions of an id describe one entity
              related b.news.md: `witkoff` defined as “Steven Witkoff”
        "#]],
    );
}

#[test]
fn surface_mismatch() {
    check(
        r#"
%! a.news.md
---
entities:
  putin:
    name: Vladimir Putin
    aliases: [President Putin]
---
[Putin’s](@putin) [PUTIN's](@putin) [the Russian leader](@putin) [Putinism](@putin)
                                     ^^^^^^^^^^^^^^^^^^ surface-mismatch
                                                                  ^^^^^^^^ surface-mismatch
%! b.news.md
---
entities:
  putin:
    name: Vladimir Putin
    aliases: [Putin]
---
"#,
    );
}

#[test]
fn surface_mismatch_lists_each_known_name_once() {
    // Two documents define `putin` alike: the message names each name once.
    check_messages(
        r#"
%! a.news.md
---
entities:
  putin:
    name: Vladimir Putin
    aliases: [Putin]
---
[Trump](@putin)
%! b.news.md
---
entities:
  putin:
    name: Vladimir Putin
    aliases: [Putin]
---
"#,
        expect![[r#"
            surface-mismatch Warning "Trump": “Trump” does not name `@putin`, known as “Vladimir Putin”, “Putin”
        "#]],
    );
}

#[test]
fn unknown_fields_and_event_fields_on_other_kinds() {
    check_messages(
        r#"
%! a.news.md
---
entities:
  putin:
    name: Vladimir Putin
    kind: person
    rol: President
    alias: [Putin]
    participants: ["@putin"]
---
[@putin]
"#,
        expect![[r#"
            unknown-field Warning "rol": unknown entity field `rol` (did you mean `role`?)
            unknown-field Warning "alias": unknown entity field `alias` (did you mean `aliases`?)
            unknown-field Warning "participants": `participants` is a field of events, and `putin` is a person
        "#]],
    );
}

#[test]
fn invalid_wikidata() {
    check(
        r#"
%! a.news.md
---
entities:
  putin:
    name: Vladimir Putin
    wikidata: "7747"
               ^^^^ invalid-wikidata
  trump:
    name: Donald Trump
    wikidata: Q22686
---
[@putin] [@trump]
"#,
    );
}

#[test]
fn unannotated_mention_once_at_first_occurrence() {
    check(
        r#"
%! a.news.md
---
entities:
  putin:
  ^^^^^ unused-entity
    name: Vladimir Putin
    aliases: [Putin]
---
President Vladimir Putin met Steve Witkoff. Putin and Witkoff talked.
          ^^^^^^^^^^^^^^ unannotated-mention
                             ^^^^^^^^^^^^^ unannotated-mention
%! b.news.md
---
entities:
  witkoff:
    name: Steve Witkoff
    aliases: [Witkoff]
---
[Witkoff](@witkoff) met Putin; `Witkoff` in code is not prose.
                        ^^^^^ unannotated-mention
"#,
    );
}

#[test]
fn annotated_entities_are_not_flagged_again() {
    check(
        r#"
%! a.news.md
---
entities:
  putin:
    name: Vladimir Putin
    aliases: [Putin]
---
Putin spoke. Later [Vladimir Putin](@putin) left; Putins and input are other words.
"#,
    );
}

#[test]
fn unused_entity() {
    check(
        r#"
%! a.news.md
---
entities:
  kremlin:
    name: Kremlin
  dmitriev:
  ^^^^^^^^ unused-entity
    name: Kirill Dmitriev
  ushakov:
    name: Yuri Ushakov
    affiliation: "@kremlin"
---
%! b.news.md
[Ushakov](@ushakov) is [Yuri Ushakov](@ushakov).
 ^^^^^^^ surface-mismatch
"#,
    );
}

#[test]
fn unknown_document_has_no_diagnostics() {
    let fixture = Fixture::parse("%! a.news.md\n[@x]\n");
    assert!(collect(&fixture.workspace, Path::new("/ws/other.news.md")).is_empty());
}

#[test]
fn no_follow_on_errors_after_a_yaml_error() {
    check_messages(
        "%! a.news.md\n---\nentities:\n  putin: {name: [x}\n---\n[@putin]\n",
        expect![[r#"
            invalid-front-matter Error "}": front matter is not valid YAML: while parsing a flow sequence, expected ',' or ']'
        "#]],
    );
}

#[test]
fn unquoted_references_get_a_hint() {
    check_messages(
        "%! a.news.md\n---\nentities:\n  talks:\n    name: Talks\n    place: @moscow\n---\n[Talks](@talks)\n",
        expect![[r#"
            invalid-front-matter Error "@moscow": front matter is not valid YAML: unexpected character: `@` (a value that starts with `@` must be quoted, as in `"@moscow"`)
        "#]],
    );
}

#[test]
fn an_entity_that_is_not_a_mapping_is_reported_once() {
    check(
        r#"
%! a.news.md
---
entities:
  putin: Vladimir Putin
         ^^^^^^^^^^^^^^ invalid-front-matter
---
[Vladimir Putin](@putin)
"#,
    );
}

#[test]
fn invalid_ids_and_self_references_are_not_called_unused() {
    check(
        r#"
%! a.news.md
---
entities:
  Vladimir Putin:
  ^^^^^^^^^^^^^^ invalid-entity-id
    name: Vladimir Putin
  kremlin:
  ^^^^^^^ unused-entity
    name: Kremlin
    affiliation: "@kremlin"
---
"#,
    );
}

#[test]
fn accents_typed_decomposed_match_composed_names() {
    check(
        "%! a.news.md\n---\nentities:\n  jose:\n    name: José María\n---\n[Jose\u{301} Mari\u{301}a](@jose) and then [@jose].\n",
    );
}

#[test]
fn an_entity_with_no_fields_is_missing_its_name() {
    check_messages(
        "%! a.news.md\n---\nentities:\n  z:\n---\n[@z]\n",
        expect![[r#"
            missing-name Error "z": entity `z` has no fields: add `name: Full Name` under it
        "#]],
    );
}

#[test]
fn unclosed_front_matter_is_not_prose() {
    check(
        r#"
%! a.news.md
---
^^^ invalid-front-matter
title: Vladimir Putin
%! b.news.md
---
entities:
  putin:
    name: Vladimir Putin
---
[@putin]
"#,
    );
}

/// A registry kept current and articles that state roles of their day.
const MERZ: &str = r#"
%today 2026-01-23
%! registry.news.md
---
entities:
  merz:
    name: Friedrich Merz
    kind: person
    roles:
      - role: Chancellor of Germany
        since: 2025-05-06
      - role: Leader of the opposition in the Bundestag
        since: 2022-02-15
        until: 2025-05-06
---
[@merz]
"#;

#[test]
fn outdated_role_only_where_the_roles_of_the_day_disagree() {
    check(&format!(
        r#"{MERZ}
%! 2023.news.md
---
date: 2023-07-11
entities:
  merz:
    name: Friedrich Merz
    role: leader of the opposition
---
%! 2026.news.md
---
date: 2026-01-10
entities:
  merz:
    name: Friedrich Merz
    role: Chancellor
---
%! wrong.news.md
---
date: 2026-01-10
entities:
  merz:
    name: Friedrich Merz
    role: Leader of the opposition
          ^^^^^^^^^^^^^^^^^^^^^^^^ outdated-role
---
%! as-of.news.md
---
date: 2026-01-10
entities:
  merz:
    name: Friedrich Merz
    role: Leader of the opposition
    as_of: 2024-01-01
---
%! before.news.md
---
date: 2020-01-01
entities:
  merz:
    name: Friedrich Merz
    role: Lawyer
---
"#
    ));
}

#[test]
fn outdated_role_names_the_role_that_holds_and_where() {
    check_messages(
        &format!(
            r#"{MERZ}
%! a.news.md
---
date: 2026-01-10
entities:
  merz:
    name: Friedrich Merz
    role: Leader of the opposition
---
"#
        ),
        expect![[r#"
            outdated-role Warning "Leader of the opposition": `merz` is given the role “Leader of the opposition” as of 2026-01-10, but on that date `roles` say “Chancellor of Germany” since 2025-05-06 (per `registry.news.md`)
              related registry.news.md: the role that holds on 2026-01-10
        "#]],
    );
}

#[test]
fn unlinked_reference_on_exact_known_names_only() {
    check(
        r#"
%! registry.news.md
---
entities:
  erdogan:
    name: Recep Tayyip Erdoğan
    aliases: [Erdoğan]
  turkey:
    name: Turkey
  cdu:
    name: Christian Democratic Union
    aliases: [CDU]
  georgia-state:
    name: Georgia
  georgia:
    name: Georgia
---
[@erdogan] [@turkey] [@cdu] [@georgia] [@georgia-state]
%! a.news.md
---
entities:
  summit:
    name: Summit
    kind: event
    place: Istanbul
    participants: [Erdoğan, "@cdu", Some Stranger, "Recep Tayyip Erdoğan"]
                   ^^^^^^^ unlinked-reference
                                                    ^^^^^^^^^^^^^^^^^^^^ unlinked-reference
  merz:
    name: Friedrich Merz
    country: turkey
             ^^^^^^ unlinked-reference
    affiliation: Georgia
    roles:
      - role: Leader
        affiliation: CDU
                     ^^^ unlinked-reference
---
[@summit] [@merz]
"#,
    );
}

#[test]
fn duplicate_entity_points_at_the_first_definition() {
    check_messages(
        "%! a.news.md\n---\nentities:\n  putin:\n    name: Vladimir Putin\n  putin:\n    name: Vladimir Putin\n---\n[@putin]\n",
        expect![[r#"
            duplicate-entity Error "putin": entity `putin` is given twice
              related a.news.md: the first definition of `putin`
        "#]],
    );
}

#[test]
fn invalid_ids_fold_to_the_defined_id() {
    check_messages(
        "%! a.news.md\n---\nentities:\n  erdogan:\n    name: Recep Tayyip Erdoğan\n---\n[Erdoğan](@erdoğan) [Erdoğan](@Erdogan) [x](@Straße)\n",
        expect![[r#"
            unused-entity Hint "erdogan": `erdogan` is defined but no document mentions or references it
            invalid-entity-id Error "@erdoğan": `erdoğan` is not a valid entity id: use lowercase ASCII letters, digits, `-` and `_`, starting with a letter or digit (did you mean `erdogan`? it is defined)
            invalid-entity-id Error "@Erdogan": `Erdogan` is not a valid entity id: use lowercase ASCII letters, digits, `-` and `_`, starting with a letter or digit (did you mean `erdogan`? it is defined)
            invalid-entity-id Error "@Straße": `Straße` is not a valid entity id: use lowercase ASCII letters, digits, `-` and `_`, starting with a letter or digit (try `strasse`)
        "#]],
    );
}

#[test]
fn misindented_keys_are_explained() {
    check_messages(
        "%! a.news.md\n---\nentities:\n  putin:\n    name: Vladimir Putin\n   kind: person\n---\n",
        expect![[r#"
            unused-entity Hint "putin": `putin` is defined but no document mentions or references it
            invalid-front-matter Error "kind:": front matter is not valid YAML: `kind:` on line 5 is indented by 3 spaces, but should start at column 5, in line with `name:` on line 4 (the parser says: while parsing a block mapping, did not find expected key)
        "#]],
    );
    check_messages(
        "%! a.news.md\n---\nentities:\n  putin:\n    name: Vladimir Putin\n kremlin:\n    name: Kremlin\n---\n",
        expect![[r#"
            unused-entity Hint "putin": `putin` is defined but no document mentions or references it
            invalid-front-matter Error "kremlin:": front matter is not valid YAML: `kremlin:` on line 5 is indented by 1 space, but should start at column 3, in line with `putin:` on line 3 (the parser says: while parsing a block mapping, did not find expected key)
        "#]],
    );
}
