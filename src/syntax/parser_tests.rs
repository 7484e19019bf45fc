//! Parser fixtures: each marks, under the text, what the parser must find.
//! Labels: `key`, `mention`, `mention-id`, `surface`, `ref`, `prose`, or an
//! error code.

use expect_test::expect;

use super::{TextRange, parse};
use crate::testing::Fixture;

/// Compares every range the parser reports with the marked ones.
fn check(fixture: &str) {
    let fixture = Fixture::parse(fixture);
    let file = fixture
        .workspace
        .load_every_file()
        .next()
        .expect("one file");
    let (doc, errors) = parse(&file.text);
    let mut found: Vec<(TextRange, String)> = Vec::new();
    for def in &doc.entities {
        found.push((def.key, "key".into()));
    }
    for m in &doc.mentions {
        found.push((m.range, "mention".into()));
        found.push((m.id_range, "mention-id".into()));
        if let Some(s) = m.surface {
            found.push((s, "surface".into()));
        }
    }
    for r in &doc.references {
        found.push((r.range, "ref".into()));
    }
    for p in &doc.prose {
        found.push((*p, "prose".into()));
    }
    for e in &errors {
        found.push((e.range, e.code.to_string()));
    }
    let show = |v: &mut Vec<(TextRange, String)>| -> Vec<String> {
        v.sort();
        v.iter()
            .map(|(r, l)| format!("{l} {:?}", file.slice(*r)))
            .collect()
    };
    let mut expected: Vec<(TextRange, String)> = fixture
        .marks
        .iter()
        .map(|(_, r, l)| (*r, l.clone()))
        .collect();
    assert_eq!(show(&mut found), show(&mut expected));
}

#[test]
fn both_mention_forms_and_prose_between() {
    check(
        r#"
%! a.news.md
Talks with [Steve Witkoff](@witkoff) and [@putin].
^^^^^^^^^^^ prose
           ^^^^^^^^^^^^^^^^^^^^^^^^^ mention
            ^^^^^^^^^^^^^ surface
                           ^^^^^^^^ mention-id
                                    ^^^^^ prose
                                         ^^^^^^^^ mention
                                          ^^^^^^ mention-id
                                                 ^ prose
"#,
    );
}

#[test]
fn code_and_html_hold_no_mentions_or_prose() {
    check(
        "%! a.news.md\nSee `[@a]` <b>[@b]</b>\n^^^^ prose\n          ^ prose\n              ^^^^ mention\n               ^^ mention-id\n\n```\n[@c]\n```\n",
    );
}

#[test]
fn link_and_image_texts_are_not_prose() {
    check(
        r#"
%! a.news.md
A [story](https://example.com) and ![Putin](p.png).
^^ prose
                              ^^^^^ prose
                                                  ^ prose
"#,
    );
}

#[test]
fn front_matter_keys_references_and_crlf() {
    let text = "---\r\nentities:\r\n  talks:\r\n    name: Talks\r\n    place: \"@moscow\"\r\n    participants: ['@a', \"@b\"]\r\n---\r\nBody\r\n";
    let (doc, errors) = parse(text);
    assert!(errors.is_empty(), "{errors:?}");
    let slice = |r: TextRange| &text[r.start..r.end];
    assert_eq!(slice(doc.entities[0].key), "talks");
    let refs: Vec<&str> = doc.references.iter().map(|r| slice(r.range)).collect();
    assert_eq!(refs, ["@moscow", "@a", "@b"]);
    assert_eq!(doc.references[0].owner, "talks");
    assert_eq!(slice(doc.prose[0]), "Body");
}

#[test]
fn byte_order_mark_and_no_front_matter() {
    let (doc, errors) = parse("\u{feff}---\ntitle: T\n---\nx\n");
    assert!(errors.is_empty());
    assert_eq!(doc.title.map(|t| t.value), Some("T".to_string()));
    let (doc, errors) = parse("Just [@a] prose.\n");
    assert!(errors.is_empty() && doc.front_matter.is_none());
    assert_eq!(doc.mentions.len(), 1);
}

#[test]
fn invalid_mention_ids() {
    check(
        r#"
%! a.news.md
[Putin](@Putin) [@Bad]
^^^^^^^^^^^^^^^ mention
 ^^^^^ surface
        ^^^^^^ mention-id
        ^^^^^^ invalid-entity-id
               ^ prose
                ^^^^^^ mention
                 ^^^^ mention-id
                 ^^^^ invalid-entity-id
"#,
    );
}

#[test]
fn emoji_and_flags_before_a_mention() {
    check(
        r#"
%! a.news.md
🇺🇦😀 [@putin]
^^^^ prose
    ^^^^^^^^ mention
     ^^^^^^ mention-id
"#,
    );
}

/// Odd input is read as far as it goes, and what is wrong is said: the
/// snapshot lists, for each input, the ids defined and mentioned and each
/// error with the text it points at.
#[test]
fn odd_input_is_read_and_reported() {
    let inputs = [
        "",
        "---",
        "---\n",
        "---\n---",
        "---\n:\n---\n",
        "[@",
        "[@]",
        "[](@)",
        "[x](@ )",
        "---\nentities: [1, 2]\n---\n",
        "---\nentities:\n  a: 3\n---\n",
        "---\n- a\n---\n",
        "---\nentities:\n  *alias: x\n---\n",
        "---\na: &x 1\nb: *x\n---\n",
        "\u{feff}",
        "---\r\n\r\n---\r\n",
        "[@a](@b)",
        "---\nentities:\n  ? [a]\n  : x\n---\n",
    ];
    let mut out = String::new();
    for input in inputs {
        let (doc, errors) = parse(input);
        let defined: Vec<&str> = doc.entities.iter().map(|d| d.id.as_str()).collect();
        let mentioned: Vec<&str> = doc.mentions.iter().map(|m| m.id.as_str()).collect();
        let errors: Vec<String> = errors
            .iter()
            .map(|e| format!("{} {:?}", e.code, input.get(e.range.start..e.range.end)))
            .collect();
        out.push_str(&format!(
            "{input:?}: defines {defined:?}, mentions {mentioned:?}, errors {errors:?}\n"
        ));
    }
    expect![[r#"
        "": defines [], mentions [], errors []
        "---": defines [], mentions [], errors ["invalid-front-matter Some(\"---\")"]
        "---\n": defines [], mentions [], errors ["invalid-front-matter Some(\"---\")"]
        "---\n---": defines [], mentions [], errors []
        "---\n:\n---\n": defines [], mentions [], errors []
        "[@": defines [], mentions [], errors []
        "[@]": defines [], mentions [""], errors ["invalid-entity-id Some(\"@\")"]
        "[](@)": defines [], mentions [""], errors ["invalid-entity-id Some(\"@\")"]
        "[x](@ )": defines [], mentions [""], errors ["invalid-entity-id Some(\"@\")"]
        "---\nentities: [1, 2]\n---\n": defines [], mentions [], errors ["invalid-front-matter Some(\"[1, 2]\")"]
        "---\nentities:\n  a: 3\n---\n": defines ["a"], mentions [], errors ["invalid-front-matter Some(\"3\")"]
        "---\n- a\n---\n": defines [], mentions [], errors ["invalid-front-matter Some(\"- a\")"]
        "---\nentities:\n  *alias: x\n---\n": defines [], mentions [], errors ["invalid-front-matter Some(\"*\")"]
        "---\na: &x 1\nb: *x\n---\n": defines [], mentions [], errors []
        "\u{feff}": defines [], mentions [], errors []
        "---\r\n\r\n---\r\n": defines [], mentions [], errors []
        "[@a](@b)": defines [], mentions ["b"], errors []
        "---\nentities:\n  ? [a]\n  : x\n---\n": defines [], mentions [], errors ["invalid-front-matter Some(\"[a]\")"]
    "#]].assert_eq(&out);
}

#[test]
fn adjacent_bare_mentions_are_two_mentions() {
    check(
        r#"
%! a.news.md
[@a][@b] and [@c][]
^^^^ mention
 ^^ mention-id
    ^^^^ mention
     ^^ mention-id
        ^^^^^ prose
             ^^^^ mention
              ^^ mention-id
"#,
    );
}

#[test]
fn roles_and_as_of() {
    check(
        r#"
%! a.news.md
---
entities:
  merz:
  ^^^^ key
    name: Friedrich Merz
    as_of: 2025-13-01
           ^^^^^^^^^^ invalid-date
    roles:
      - role: Chancellor of Germany
        since: 2025-05-06
      - role: Leader of the opposition
        affiliation: "@cdu"
                      ^^^^ ref
        since: 2022-02-15
        until: 2022-02-15
               ^^^^^^^^^^ invalid-roles
      - affiliation: CDU
        ^^^^^^^^^^^^^^^^ invalid-roles
      - just text
        ^^^^^^^^^ invalid-roles
      - role: Member
        since: 2022-02-30
               ^^^^^^^^^^ invalid-roles
        ratio: 3
        ^^^^^ unknown-field
  rutte:
  ^^^^^ key
    name: Mark Rutte
    roles: Prime Minister
           ^^^^^^^^^^^^^^ invalid-roles
---
"#,
    );
}

#[test]
fn roles_entries_keep_only_what_is_valid() {
    let text = "---\nentities:\n  x:\n    name: X\n    as_of: 2024-01-02\n    roles:\n      - role: A\n        since: 2020-01-01\n        until: 2021-01-01\n      - role: B\n        until: 2019-01-01\n        since: 2020-01-01\n      - {role: C}\n---\n";
    let (doc, _) = parse(text);
    let def = &doc.entities[0];
    assert_eq!(
        def.as_of.as_ref().map(|d| d.value.to_string()).as_deref(),
        Some("2024-01-02")
    );
    let roles: Vec<(&str, String, String)> = def
        .roles
        .iter()
        .map(|r| {
            let day = |d: &Option<crate::syntax::Spanned<crate::syntax::Date>>| {
                d.as_ref().map(|d| d.value.to_string()).unwrap_or_default()
            };
            (r.role.value.as_str(), day(&r.since), day(&r.until))
        })
        .collect();
    assert_eq!(
        roles,
        [
            ("A", "2020-01-01".into(), "2021-01-01".into()),
            ("C", String::new(), String::new())
        ]
    );
}

/// Found by the parser's fuzz target: a misindented list item's key
/// (`- rolé:`) was underlined from its dash, two bytes short of the key's
/// end, which here is inside the `é`.
#[test]
fn misindented_list_item_is_underlined_on_its_key() {
    let text = "---\nentities:\n  putin:\n    roles:\n      - role: President\n        since: 2012-05-07\n     - rolé: Prime Minister\n---\n";
    let (_, errors) = parse(text);
    let underlined: Vec<Option<&str>> = errors
        .iter()
        .map(|e| text.get(e.range.start..e.range.end))
        .collect();
    assert_eq!(underlined, [Some("rolé:")], "{errors:?}");
}
