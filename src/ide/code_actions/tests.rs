//! Every fix is applied and the result checked again: the edited
//! documents parse without errors, and the diagnostic it fixes is gone.

use expect_test::{Expect, expect};

use super::*;
use crate::syntax::TextEdit;
use crate::testing::Fixture;
use crate::workspace::Change;

/// The titles of the fixes offered at the cursor.
fn titles(fixture: &str) -> Vec<String> {
    let fixture = Fixture::parse(fixture);
    let (path, offset) = fixture.cursor();
    quick_fixes(&fixture.workspace, path, TextRange::new(offset, offset))
        .into_iter()
        .map(|q| q.title)
        .collect()
}

/// Applies the fix titled `title` at the cursor; the snapshot is each
/// edited document after it. Checks that they parse cleanly and that the
/// cursor document has one diagnostic of the fixed code fewer.
fn check_fix(fixture: &str, title: &str, expect: Expect) {
    let fixture = Fixture::parse(fixture);
    let (path, offset) = fixture.cursor();
    let before = diagnostics::collect(&fixture.workspace, path);
    let fixes = quick_fixes(&fixture.workspace, path, TextRange::new(offset, offset));
    let Some(fix) = fixes.iter().find(|q| q.title == title) else {
        panic!(
            "no fix `{title}` among {:?}",
            fixes.iter().map(|q| &q.title).collect::<Vec<_>>()
        );
    };
    let mut ws = fixture.workspace.clone();
    let mut out = String::new();
    for (edited, edits) in &fix.change.edits {
        let old = ws.load_file(edited).expect("edited file");
        let old_errors = old.errors.len();
        let text = TextEdit::apply(&old.text, edits);
        out.push_str(&format!("%! {}\n{text}", ws.relative_path(edited)));
        ws.apply(Change::Set {
            path: edited.to_path_buf(),
            text,
        });
        let new = ws.load_file(edited).expect("edited file");
        // The fixed error may have been the file's own.
        assert!(
            new.errors.len() < old_errors || new.errors.is_empty(),
            "{:?}",
            new.errors
        );
    }
    let code = fix.diagnostic.code;
    let count = |d: &[Diagnostic]| d.iter().filter(|d| d.code == code).count();
    let after = diagnostics::collect(&ws, path);
    assert_eq!(
        count(&after) + 1,
        count(&before),
        "{code} still there: {after:?}"
    );
    // Carriage returns shown, so snapshots can tell line ends apart.
    expect.assert_eq(&out.replace('\r', "␍"));
}

const REGISTRY: &str = "%! registry.news.md\n---\nentities:\n  witkoff:\n    name: Steve Witkoff\n    aliases: [Witkoff]\n---\n[@witkoff]\n";

#[test]
fn change_an_undefined_id_to_the_nearest() {
    check_fix(
        &format!("%! a.news.md\nMet [Steve Witkoff](@witk$0of).\n{REGISTRY}"),
        "Change to `@witkoff`",
        expect![[r#"
            %! a.news.md
            Met [Steve Witkoff](@witkoff).
        "#]],
    );
}

#[test]
fn annotate_a_plain_name() {
    check_fix(
        &format!("%! a.news.md\nEnvoy Wit$0koff arrived.\n{REGISTRY}"),
        "Annotate as [Witkoff](@witkoff)",
        expect![[r#"
            %! a.news.md
            Envoy [Witkoff](@witkoff) arrived.
        "#]],
    );
}

#[test]
fn rename_an_unknown_field_and_fix_an_id() {
    check_fix(
        "%! a.news.md\n---\nentities:\n  putin:\n    name: Vladimir Putin\n    ro$0l: President\n---\n[Vladimir Putin](@putin)\n",
        "Rename to `role`",
        expect![[r#"
            %! a.news.md
            ---
            entities:
              putin:
                name: Vladimir Putin
                role: President
            ---
            [Vladimir Putin](@putin)
        "#]],
    );
}

#[test]
fn quote_an_unquoted_reference() {
    check_fix(
        "%! a.news.md\n---\nentities:\n  talks:\n    name: Talks\n    place: @mos$0cow # the city\n---\n",
        "Quote as `\"@moscow\"`",
        expect![[r#"
            %! a.news.md
            ---
            entities:
              talks:
                name: Talks
                place: "@moscow" # the city
            ---
        "#]],
    );
}

#[test]
fn define_an_undefined_entity_in_this_document() {
    // No front matter at all.
    check_fix(
        "%! a.news.md\nMet [Steve Witkoff](@witk$0off).\n",
        "Define `@witkoff` in this document",
        expect![[r#"
            %! a.news.md
            ---
            entities:
              witkoff:
                name: Steve Witkoff
                kind:  # person, organization, place or event
            ---
            Met [Steve Witkoff](@witkoff).
        "#]],
    );
    // Front matter without `entities`; a bare mention names it from its id.
    check_fix(
        "%! a.news.md\n---\ntitle: Talks\n---\nMet [@steve-wit$0koff].\n",
        "Define `@steve-witkoff` in this document",
        expect![[r#"
            %! a.news.md
            ---
            title: Talks
            entities:
              steve-witkoff:
                name: Steve Witkoff
                kind:  # person, organization, place or event
            ---
            Met [@steve-witkoff].
        "#]],
    );
    // After the last entity, in the document's own indentation.
    check_fix(
        "%! a.news.md\n---\nentities:\n    putin:\n        name: Vladimir Putin\n        aliases: [Putin]\ntitle: Talks\n---\n[Putin](@putin) met [the envoy: Witkoff](@witk$0off).\n",
        "Define `@witkoff` in this document",
        expect![[r#"
            %! a.news.md
            ---
            entities:
                putin:
                    name: Vladimir Putin
                    aliases: [Putin]
                witkoff:
                    name: "the envoy: Witkoff"
                    kind:  # person, organization, place or event
            title: Talks
            ---
            [Putin](@putin) met [the envoy: Witkoff](@witkoff).
        "#]],
    );
    // An empty `entities:`, with CRLF line ends (kept in what is added).
    let crlf = "%! a.news.md\n---\r\nentities:\r\ntitle: Talks\r\n---\r\n[Witkoff](@witk$0off)\r\n";
    let fixture = Fixture::parse(crlf);
    let (path, offset) = fixture.cursor();
    let fixes = quick_fixes(&fixture.workspace, path, TextRange::new(offset, offset));
    let added = &fixes[0].change.edits.values().next().unwrap()[0].new_text;
    assert_eq!(
        added,
        "  witkoff:\r\n    name: Witkoff\r\n    kind:  # person, organization, place or event\r\n"
    );
    check_fix(
        "%! a.news.md\n---\r\nentities:\r\ntitle: Talks\r\n---\r\n[Witkoff](@witk$0off)\r\n",
        "Define `@witkoff` in this document",
        expect![[r#"
            %! a.news.md
            ---␍
            entities:␍
              witkoff:␍
                name: Witkoff␍
                kind:  # person, organization, place or event␍
            title: Talks␍
            ---␍
            [Witkoff](@witkoff)␍
        "#]],
    );
}

#[test]
fn define_an_undefined_entity_in_the_registry() {
    let fixture = format!(
        "%! a.news.md\n---\ndate: 2026-01-22\n---\nMet [Jared Kushner](@kush$0ner).\n{REGISTRY}%! dated.news.md\n---\ndate: 2026-01-01\nentities:\n  x:\n    name: X\n---\n[@x]\n%! notes.news.md\nNo entities here.\n"
    );
    assert_eq!(
        titles(&fixture),
        [
            "Define `@kushner` in this document",
            "Define `@kushner` in `registry.news.md`"
        ]
    );
    check_fix(
        &fixture,
        "Define `@kushner` in `registry.news.md`",
        expect![[r#"
            %! registry.news.md
            ---
            entities:
              witkoff:
                name: Steve Witkoff
                aliases: [Witkoff]
              kushner:
                name: Jared Kushner
                kind:  # person, organization, place or event
            ---
            [@witkoff]
        "#]],
    );
}

#[test]
fn add_the_text_as_an_alias_of_the_definition_in_force() {
    // A flow list, in the registry that defines the entity.
    check_fix(
        &format!("%! a.news.md\nMet [Envoy Steven, 68$0](@witkoff).\n{REGISTRY}"),
        "Add “Envoy Steven, 68” as an alias of `@witkoff`",
        expect![[r#"
            %! registry.news.md
            ---
            entities:
              witkoff:
                name: Steve Witkoff
                aliases: [Witkoff, "Envoy Steven, 68"]
            ---
            [@witkoff]
        "#]],
    );
    // A block list.
    check_fix(
        "%! a.news.md\n---\nentities:\n  erdogan:\n    name: Recep Tayyip Erdoğan\n    aliases:\n      - Erdoğan\n      - \"President Erdoğan\"\n---\n[Erdo$0gan](@erdogan)\n",
        "Add “Erdogan” as an alias of `@erdogan`",
        expect![[r#"
            %! a.news.md
            ---
            entities:
              erdogan:
                name: Recep Tayyip Erdoğan
                aliases:
                  - Erdoğan
                  - "President Erdoğan"
                  - Erdogan
            ---
            [Erdogan](@erdogan)
        "#]],
    );
    // No aliases yet; then an empty list.
    check_fix(
        "%! a.news.md\n---\nentities:\n  erdogan:\n    name: Recep Tayyip Erdoğan\n    kind: person\n---\n[Erdo$0gan](@erdogan)\n",
        "Add “Erdogan” as an alias of `@erdogan`",
        expect![[r#"
            %! a.news.md
            ---
            entities:
              erdogan:
                name: Recep Tayyip Erdoğan
                kind: person
                aliases: [Erdogan]
            ---
            [Erdogan](@erdogan)
        "#]],
    );
    check_fix(
        "%! a.news.md\n---\nentities:\n  erdogan:\n    name: Recep Tayyip Erdoğan\n    aliases: []\n    kind: person\n---\n[Erdo$0gan](@erdogan)\n",
        "Add “Erdogan” as an alias of `@erdogan`",
        expect![[r#"
            %! a.news.md
            ---
            entities:
              erdogan:
                name: Recep Tayyip Erdoğan
                aliases: [Erdogan]
                kind: person
            ---
            [Erdogan](@erdogan)
        "#]],
    );
}

#[test]
fn point_a_mention_at_the_entity_its_text_names() {
    let fixture = "%! a.news.md\n---\nentities:\n  rutte:\n    name: Mark Rutte\n  merz:\n    name: Friedrich Merz\n---\n[Mark Ru$0tte](@merz) [@rutte]\n";
    assert_eq!(
        titles(fixture),
        [
            "Add “Mark Rutte” as an alias of `@merz`",
            "Change to `@rutte`"
        ]
    );
    check_fix(
        fixture,
        "Change to `@rutte`",
        expect![[r#"
        %! a.news.md
        ---
        entities:
          rutte:
            name: Mark Rutte
          merz:
            name: Friedrich Merz
        ---
        [Mark Rutte](@rutte) [@rutte]
    "#]],
    );
}

#[test]
fn change_an_unknown_kind_to_the_nearest() {
    check_fix(
        "%! a.news.md\n---\nentities:\n  nato:\n    name: NATO\n    kind: organisat$0ion\n---\n[@nato]\n",
        "Change to `organization`",
        expect![[r#"
            %! a.news.md
            ---
            entities:
              nato:
                name: NATO
                kind: organization
            ---
            [@nato]
        "#]],
    );
    assert_eq!(
        titles("%! a.news.md\n---\nentities:\n  x:\n    name: X\n    kind: Pers$0on\n---\n[@x]\n"),
        ["Change to `person`"]
    );
}

#[test]
fn fold_an_invalid_id() {
    check_fix(
        "%! a.news.md\n---\nentities:\n  erdogan:\n    name: Recep Tayyip Erdoğan\n---\n[Erdoğan](@erdo$0ğan)\n",
        "Change to `@erdogan`",
        expect![[r#"
            %! a.news.md
            ---
            entities:
              erdogan:
                name: Recep Tayyip Erdoğan
            ---
            [Erdoğan](@erdogan)
        "#]],
    );
}

#[test]
fn link_a_plain_value() {
    check_fix(
        "%! a.news.md\n---\nentities:\n  erdogan:\n    name: Recep Tayyip Erdoğan\n    aliases: [Erdoğan]\n  summit:\n    name: Summit\n    kind: event\n    participants: [Erdo$0ğan, \"Someone\"]\n---\n[@summit]\n",
        "Link as \"@erdogan\"",
        expect![[r#"
            %! a.news.md
            ---
            entities:
              erdogan:
                name: Recep Tayyip Erdoğan
                aliases: [Erdoğan]
              summit:
                name: Summit
                kind: event
                participants: ["@erdogan", "Someone"]
            ---
            [@summit]
        "#]],
    );
    check_fix(
        "%! a.news.md\n---\nentities:\n  turkey:\n    name: Turkey\n  erdogan:\n    name: Recep Tayyip Erdoğan\n    country: \"Tur$0key\"\n---\n[@erdogan]\n",
        "Link as \"@turkey\"",
        expect![[r#"
            %! a.news.md
            ---
            entities:
              turkey:
                name: Turkey
              erdogan:
                name: Recep Tayyip Erdoğan
                country: "@turkey"
            ---
            [@erdogan]
        "#]],
    );
}

#[test]
fn nothing_where_there_is_no_fix() {
    let none: [&str; 0] = [];
    assert_eq!(titles("%! a.news.md\nNo problems$0 here.\n"), none);
    // The id is in the link reference definition, not in the link: it
    // cannot be changed there, but it can be defined.
    assert_eq!(
        titles(&format!(
            "%! a.news.md\n[the envoy][e$0]\n\n[e]: @witkof\n{REGISTRY}"
        )),
        [
            "Define `@witkof` in this document",
            "Define `@witkof` in `registry.news.md`"
        ]
    );
}
