//! Semantic tokens: each mention and `@id` reference, typed by what its
//! entity is (person, organisation, place, event), with modifiers for an
//! undefined entity, for the first mention of an entity in the document,
//! and for an entity whose role changed within the story's dates.
//!
//! The story's dates run from the earliest to the latest of the document's
//! date (today when it is undated) and the `date` of every event the
//! document mentions or defines. An entity's role changed within them when
//! one of its `roles` entries, in any definition, has a `since` or an
//! `until` on one of those days, ends included: a brief dated the day a
//! role began, or reporting an event on that day, is marked. A single
//! `role` stated as of a day has no span, so it never marks a change.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::account;
use crate::syntax::{Date, EntityKind, TextRange};
use crate::workspace::{File, Workspace};

/// What a token denotes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    Person,
    Organization,
    Place,
    Event,
    /// An entity of no stated kind, or undefined.
    Entity,
}

impl TokenKind {
    pub const ALL: [TokenKind; 5] = [
        TokenKind::Person,
        TokenKind::Organization,
        TokenKind::Place,
        TokenKind::Event,
        TokenKind::Entity,
    ];
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub range: TextRange,
    pub kind: TokenKind,
    /// No document defines the entity.
    pub undefined: bool,
    /// The entity's first mention in this document.
    pub first_mention: bool,
    /// A role of the entity begins or ends within the story's dates.
    pub role_changed: bool,
}

/// What every token of one entity shares.
#[derive(Clone, Copy)]
struct Entity {
    kind: TokenKind,
    undefined: bool,
    role_changed: bool,
}

/// The tokens of the document at `path`, in text order.
pub fn tokens(workspace: &Workspace, path: &Path) -> Vec<Token> {
    let Some(file) = workspace.load_file(path) else {
        return Vec::new();
    };
    let (first, last) = story_dates(workspace, file);
    let mut entities: HashMap<&str, Entity> = HashMap::new();
    let mut seen = HashSet::new();
    let mentions = file
        .doc
        .mentions
        .iter()
        .map(|m| (m.range, m.id.as_str(), seen.insert(m.id.as_str())));
    let references = file
        .doc
        .references
        .iter()
        .map(|r| (r.range, r.id.as_str(), false));
    let mut tokens: Vec<Token> = references
        .chain(mentions)
        .map(|(range, id, first_mention)| {
            let Entity {
                kind,
                undefined,
                role_changed,
            } = *entities
                .entry(id)
                .or_insert_with(|| entity(workspace, id, (first, last)));
            Token {
                range,
                kind,
                undefined,
                first_mention,
                role_changed,
            }
        })
        .collect();
    tokens.sort_by_key(|t| t.range);
    tokens
}

fn entity(workspace: &Workspace, id: &str, (first, last): (Date, Date)) -> Entity {
    let definitions = workspace.definitions(id);
    let kind = definitions
        .iter()
        .find_map(|d| d.def.kind.as_ref().map(|k| k.value));
    let role_changed = definitions
        .iter()
        .flat_map(|d| &d.def.roles)
        .flat_map(|r| [&r.since, &r.until])
        .flatten()
        .any(|day| first <= day.value && day.value <= last);
    Entity {
        kind: match kind {
            Some(EntityKind::Person) => TokenKind::Person,
            Some(EntityKind::Organization) => TokenKind::Organization,
            Some(EntityKind::Place) => TokenKind::Place,
            Some(EntityKind::Event) => TokenKind::Event,
            None => TokenKind::Entity,
        },
        undefined: !workspace.index().is_defined(id),
        role_changed,
    }
}

/// The first and last of the story's dates (see the module's comment).
pub fn story_dates(workspace: &Workspace, file: &File) -> (Date, Date) {
    let date = account::date_of(workspace, file);
    let ids: HashSet<&str> = file
        .doc
        .mentions
        .iter()
        .map(|m| m.id.as_str())
        .chain(file.doc.entities.iter().map(|e| e.id.as_str()))
        .collect();
    ids.into_iter()
        .filter_map(|id| {
            let event = account::of(workspace, id, date, Some(&file.path))?;
            if event.kind() != Some(EntityKind::Event) {
                return None;
            }
            event.field(|d| d.date.as_ref()).map(|(day, _)| day.value)
        })
        .fold((date, date), |(first, last), day| {
            (first.min(day), last.max(day))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::Fixture;

    #[test]
    fn mentions_and_references_typed_by_kind() {
        let fixture = Fixture::parse(
            "%! a.news.md\n---\nentities:\n  putin:\n    name: Vladimir Putin\n    kind: person\n  talks:\n    name: Talks\n    kind: event\n    participants: [\"@putin\", \"@ghost\"]\n---\n[Putin](@putin) at [@talks], [@putin] again, [@nobody].\n",
        );
        let (ws, file) = (&fixture.workspace, fixture.file("a.news.md"));
        let path = &file.path;
        let shown: Vec<(&str, TokenKind, bool, bool)> = tokens(ws, path)
            .iter()
            .map(|t| (file.slice(t.range), t.kind, t.undefined, t.first_mention))
            .collect();
        assert_eq!(
            shown,
            [
                ("@putin", TokenKind::Person, false, false),
                ("@ghost", TokenKind::Entity, true, false),
                ("[Putin](@putin)", TokenKind::Person, false, true),
                ("[@talks]", TokenKind::Event, false, true),
                ("[@putin]", TokenKind::Person, false, false),
                ("[@nobody]", TokenKind::Entity, true, true),
            ]
        );
    }
}

#[cfg(test)]
mod role_changes {
    use super::*;
    use crate::testing::{Fixture, path};

    /// Merz became chancellor on 2025-05-06; Scholz's role has no end.
    const REGISTRY: &str = r#"
%! registry.news.md
---
entities:
  merz:
    name: Friedrich Merz
    kind: person
    roles:
      - role: Chancellor of Germany
        since: 2025-05-06
      - role: Leader of the opposition
        since: 2022-02-15
        until: 2025-05-06
  scholz:
    name: Olaf Scholz
    kind: person
    role: Member of the Bundestag
  vote:
    name: The chancellor vote
    kind: event
    date: 2025-05-06
---
"#;

    /// The mentions of `file` whose entity's role changed, as written.
    fn changed(body: &str) -> Vec<String> {
        let fixture = Fixture::parse(&format!("{REGISTRY}%! brief.news.md\n{body}"));
        let ws = &fixture.workspace;
        let path = path("brief.news.md");
        let file = ws.load_file(&path).expect("file");
        tokens(ws, &path)
            .into_iter()
            .filter(|t| t.role_changed)
            .map(|t| file.slice(t.range).to_string())
            .collect()
    }

    #[test]
    fn the_documents_date_is_the_day_a_role_began() {
        let body = "---\ndate: 2025-05-06\n---\n[@merz] and [@scholz]; [Merz](@merz).\n";
        assert_eq!(changed(body), ["[@merz]", "[Merz](@merz)"]);
    }

    #[test]
    fn a_later_document_reporting_an_event_of_that_day() {
        let body = "---\ndate: 2025-05-20\n---\n[@merz] won the [@vote].\n";
        assert_eq!(changed(body), ["[@merz]"]);
        // Without the event, the story is its own day only.
        let body = "---\ndate: 2025-05-20\n---\n[@merz] governs.\n";
        assert_eq!(changed(body), Vec::<String>::new());
    }

    #[test]
    fn an_event_defined_here_counts_and_references_are_marked_too() {
        let body = "---\ndate: 2025-04-01\nentities:\n  preview:\n    name: Preview\n    kind: event\n    date: 2025-05-10\n    participants: [\"@merz\"]\n---\nAhead of it.\n";
        assert_eq!(changed(body), ["@merz"]);
    }

    #[test]
    fn an_undated_document_covers_today() {
        let fixture = "%today 2025-05-06\n".to_string() + REGISTRY;
        let fixture = Fixture::parse(&format!("{fixture}%! notes.news.md\n[@merz].\n"));
        let found = tokens(&fixture.workspace, &path("notes.news.md"));
        assert!(found[0].role_changed, "{found:?}");
    }

    #[test]
    fn story_dates_span_the_mentioned_events() {
        let fixture = Fixture::parse(&format!(
            "{REGISTRY}%! brief.news.md\n---\ndate: 2025-06-01\n---\n[@vote] [@merz]\n"
        ));
        let ws = &fixture.workspace;
        let file = ws.load_file(&path("brief.news.md")).expect("file");
        let (first, last) = story_dates(ws, file);
        assert_eq!(
            (first.to_string(), last.to_string()),
            ("2025-05-06".to_string(), "2025-06-01".to_string())
        );
    }
}
