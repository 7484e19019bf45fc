//! The tools' answers on fixtures, without a client (the protocol itself
//! is tested with the official Python SDK in `tests/it/mcp.rs`).

use std::path::PathBuf;

use super::folder::Snapshot;
use super::{draft, lookup, mentions};
use crate::settings::Settings;
use crate::syntax::Date;
use crate::testing::Fixture;

const FOLDER: &str = r#"
%! registry.news.md
---
entities:
  merz:
    name: Friedrich Merz
    kind: person
    aliases: [Chancellor Merz]
    wikidata: Q57792
    roles:
      - role: Leader of the CDU
        since: 2022-01-31
      - role: Chancellor of Germany
        since: 2025-05-06
  scholz:
    name: Olaf Scholz
    kind: person
---
%! brief.news.md
---
date: 2025-06-01
---
[Friedrich Merz](@merz) met [@scholz].
Later [Merz](@merz) spoke.
"#;

fn snapshot() -> Snapshot {
    Snapshot {
        root: PathBuf::from(crate::testing::ROOT),
        workspace: Fixture::parse(FOLDER).workspace,
        settings: Settings::default(),
    }
}

#[test]
fn lookup_by_id_name_or_alias_gives_the_roles_on_the_date_with_sources() {
    let snapshot = snapshot();
    for query in ["merz", "@merz", "MERZ", "Friedrich Merz", "chancellor merz"] {
        let found = lookup::lookup(&snapshot, query, Date::parse("2024-01-01"));
        let ids: Vec<&str> = found.entities.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["merz"], "{query}");
    }
    let found = lookup::lookup(&snapshot, "Friedrich Merz", Date::parse("2024-01-01"));
    let merz = &found.entities[0];
    let roles: Vec<&str> = merz.roles.iter().map(|r| r.role.as_str()).collect();
    assert_eq!(roles, ["Leader of the CDU"]);
    assert_eq!(merz.roles[0].since.as_deref(), Some("2022-01-31"));
    assert_eq!(merz.roles[0].source.path, "registry.news.md");
    assert_eq!(merz.roles[0].source.line, 3, "the line of its `merz:` key");
    assert_eq!(merz.other_roles[0].role, "Chancellor of Germany");
    assert_eq!(merz.other_roles[0].when, Some("later"));
    assert_eq!(merz.aliases, ["Chancellor Merz"]);
    assert_eq!(merz.wikidata.as_deref(), Some("Q57792"));
    assert_eq!(merz.mentioned_in_documents, 1);
    assert!(
        merz.account
            .contains("On 2024-01-01 (the date asked): Leader of the CDU")
    );
}

#[test]
fn an_unknown_query_finds_nothing_and_says_so() {
    let snapshot = snapshot();
    let found = lookup::lookup(&snapshot, "Angela Merkel", None);
    assert!(found.entities.is_empty());
    let text = lookup::text(&found);
    assert!(text.starts_with("No entity in this folder has the id, name or alias `Angela Merkel`"));
    // Similar names are only ever defined ones, and named as not the same.
    let found = lookup::lookup(&snapshot, "Scholtz", None);
    assert!(found.entities.is_empty());
    assert!(
        found
            .similar
            .iter()
            .all(|s| s.id == "scholz" || s.id == "merz")
    );
}

#[test]
fn a_draft_is_checked_against_the_folder_and_paths_stay_inside_it() {
    let snapshot = snapshot();
    let draft = "---\ndate: 2025-07-01\n---\n[Friedrich Merz](@merz) and [@merkel].\n";
    let checked = draft::check(&snapshot, draft, None).unwrap();
    assert_eq!(checked.path, "draft.news.md");
    assert!(!checked.replaces_existing);
    let found: Vec<(&str, usize, usize)> = checked
        .diagnostics
        .iter()
        .map(|d| (d.code, d.line, d.column))
        .collect();
    assert_eq!(found, [("undefined-entity", 4, 30)], "at `@merkel`");
    assert!(draft::text(&checked).contains("4:30: error[undefined-entity]"));

    let checked = draft::check(&snapshot, "Nothing.\n", Some("brief.news.md")).unwrap();
    assert!(checked.replaces_existing);
    for outside in ["../x.news.md", "/etc/x.news.md", "a/../../x.news.md"] {
        let refused = draft::check(&snapshot, draft, Some(outside)).unwrap_err();
        assert!(refused.contains("outside the folder"), "{refused}");
    }
    let refused = draft::check(&snapshot, draft, Some("notes.md")).unwrap_err();
    assert!(refused.contains("`*.news.md`"), "{refused}");
}

#[test]
fn mentions_are_listed_by_document_and_line() {
    let snapshot = snapshot();
    let found = mentions::find(&snapshot, "@merz");
    assert_eq!(found.name.as_deref(), Some("Friedrich Merz"));
    assert_eq!(found.mentions, 2);
    let places: Vec<(usize, usize, &str)> = found.documents[0]
        .mentions
        .iter()
        .map(|p| (p.line, p.column, p.text.as_str()))
        .collect();
    assert_eq!(
        places,
        [(4, 1, "[Friedrich Merz](@merz)"), (5, 7, "[Merz](@merz)")]
    );
    assert_eq!(
        found.documents[0].mentions[1].line_text,
        "Later [Merz](@merz) spoke."
    );
    let nobody = mentions::find(&snapshot, "nobody");
    assert!(!nobody.defined && nobody.documents.is_empty());
    assert_eq!(
        mentions::text(&nobody),
        "No document of this folder mentions @nobody, and none defines it."
    );
}
