//! Symbols: the entities a document defines (its outline), and the
//! entities of the whole workspace, searched by id or name.

use std::path::Path;
use std::sync::Arc;

use super::search;
use crate::syntax::{EntityDef, EntityKind, TextRange};
use crate::workspace::Workspace;

/// Workspace symbol searches return at most this many symbols.
pub const MAX_WORKSPACE_SYMBOLS: usize = 200;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Symbol {
    pub id: String,
    /// The name, or the id when the definition has none.
    pub name: String,
    pub kind: Option<EntityKind>,
    pub path: Arc<Path>,
    /// The whole definition.
    pub range: TextRange,
    /// The id key.
    pub selection: TextRange,
}

fn symbol(path: &Arc<Path>, def: &EntityDef) -> Symbol {
    Symbol {
        id: def.id.clone(),
        name: def
            .name
            .as_ref()
            .map_or_else(|| def.id.clone(), |n| n.value.clone()),
        kind: def.kind.as_ref().map(|k| k.value),
        path: path.clone(),
        range: def.range,
        selection: def.key,
    }
}

/// The entities `path` defines, in text order.
pub fn document(workspace: &Workspace, path: &Path) -> Vec<Symbol> {
    let Some(file) = workspace.load_file(path) else {
        return Vec::new();
    };
    file.doc
        .entities
        .iter()
        .map(|def| symbol(&file.path, def))
        .collect()
}

/// Every definition of the entities whose id or name matches `query`
/// (see [`search::entities`]), best matches first.
pub fn workspace(workspace: &Workspace, query: &str) -> Vec<Symbol> {
    search::entities(workspace.index(), query, MAX_WORKSPACE_SYMBOLS)
        .into_iter()
        .flat_map(|id| workspace.definitions(id))
        .take(MAX_WORKSPACE_SYMBOLS)
        .map(|d| symbol(&d.file.path, d.def))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::Fixture;

    const FIXTURE: &str = r#"
%! a.news.md
---
entities:
  putin:
    name: Vladimir Putin
    kind: person
  talks:
    name: Moscow talks
    kind: event
    participants: ["@putin"]
---
%! b.news.md
---
entities:
  putin:
    name: Vladimir Putin
  kremlin: {}
---
"#;

    #[test]
    fn a_documents_outline() {
        let fixture = Fixture::parse(FIXTURE);
        let file = fixture.file("a.news.md");
        let symbols = document(&fixture.workspace, &file.path);
        let shown: Vec<(&str, &str, &str)> = symbols
            .iter()
            .map(|s| {
                (
                    s.name.as_str(),
                    file.slice(s.selection),
                    file.slice(s.range),
                )
            })
            .collect();
        assert_eq!(
            shown,
            [
                (
                    "Vladimir Putin",
                    "putin",
                    "putin:\n    name: Vladimir Putin\n    kind: person"
                ),
                (
                    "Moscow talks",
                    "talks",
                    "talks:\n    name: Moscow talks\n    kind: event\n    participants: [\"@putin\"]"
                ),
            ]
        );
        assert_eq!(symbols[1].kind, Some(EntityKind::Event));
    }

    #[test]
    fn workspace_search_by_id_or_name() {
        let fixture = Fixture::parse(FIXTURE);
        let found = |query: &str| -> Vec<(String, String)> {
            workspace(&fixture.workspace, query)
                .into_iter()
                .map(|s| (s.id, fixture.workspace.relative_path(&s.path)))
                .collect()
        };
        let both = |id: &str| {
            vec![
                (id.to_string(), "a.news.md".to_string()),
                (id.to_string(), "b.news.md".to_string()),
            ]
        };
        assert_eq!(found("PUT"), both("putin"));
        assert_eq!(found("vladimir"), both("putin"));
        assert_eq!(
            found("krem"),
            [("kremlin".to_string(), "b.news.md".to_string())]
        );
        assert!(found("zelensky").is_empty());
        assert_eq!(found("").len(), 4);
    }
}
