//! Semantic tokens: each mention and `@id` reference, typed by what its
//! entity is (person, organisation, place, event), with modifiers for an
//! undefined entity and for the first mention of an entity in the
//! document.

use std::collections::HashSet;
use std::path::Path;

use crate::syntax::{EntityKind, TextRange};
use crate::workspace::Workspace;

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
}

/// The tokens of the document at `path`, in text order.
pub fn tokens(workspace: &Workspace, path: &Path) -> Vec<Token> {
    let Some(file) = workspace.file(path) else {
        return Vec::new();
    };
    let kind_of = |id: &str| {
        let kind = workspace
            .definitions(id)
            .iter()
            .find_map(|d| d.def.kind.as_ref().map(|k| k.value));
        match kind {
            Some(EntityKind::Person) => TokenKind::Person,
            Some(EntityKind::Organization) => TokenKind::Organization,
            Some(EntityKind::Place) => TokenKind::Place,
            Some(EntityKind::Event) => TokenKind::Event,
            None => TokenKind::Entity,
        }
    };
    let index = workspace.index();
    let mut seen = HashSet::new();
    let mentions = file.doc.mentions.iter().map(|m| Token {
        range: m.range,
        kind: kind_of(&m.id),
        undefined: !index.is_defined(&m.id),
        first_mention: seen.insert(m.id.as_str()),
    });
    let references = file.doc.references.iter().map(|r| Token {
        range: r.range,
        kind: kind_of(&r.id),
        undefined: !index.is_defined(&r.id),
        first_mention: false,
    });
    let mut tokens: Vec<Token> = references.chain(mentions).collect();
    tokens.sort_by_key(|t| t.range);
    tokens
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
        let ws = &fixture.workspace;
        let path = Path::new("/ws/a.news.md");
        let file = ws.file(path).unwrap();
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
