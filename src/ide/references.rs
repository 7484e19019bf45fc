//! Find references: every mention and `@` reference of an entity, across
//! the workspace, and optionally its definitions.

use std::path::Path;

use super::{Location, target};
use crate::syntax::TextRange;
use crate::workspace::Workspace;

/// The uses of the entity at `offset` of `path`: mentions and `@`
/// references in every document (the current one first), then, with
/// `include_definitions`, the key of every definition.
pub fn find(
    workspace: &Workspace,
    path: &Path,
    offset: usize,
    include_definitions: bool,
) -> Vec<Location> {
    let Some(file) = workspace.load_file(path) else {
        return Vec::new();
    };
    let Some(target) = target::at(workspace, file, offset) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for id in &target.ids {
        found.extend(uses(workspace, id));
        if include_definitions {
            found.extend(workspace.definitions(id).into_iter().map(|d| Location {
                path: d.file.path.clone(),
                range: d.def.key,
            }));
        }
    }
    // The current document first; then by path and position.
    found.sort_by(|a, b| {
        (&*a.path != path, &a.path, a.range).cmp(&(&*b.path != path, &b.path, b.range))
    });
    found.dedup();
    found
}

/// Every mention of `id` and every `@id` reference to it, in the
/// documents the index says have them, each document's in text order.
pub fn uses(workspace: &Workspace, id: &str) -> Vec<Location> {
    let index = workspace.index();
    let mut found = Vec::new();
    for file in workspace.load_files_by_path(index.mentioners(id).chain(index.referrers(id))) {
        let mentions = file.doc.mentions.iter().filter(|m| m.id == id);
        let references = file.doc.references.iter().filter(|r| r.id == id);
        let mut ranges: Vec<_> = mentions
            .map(|m| m.range)
            .chain(references.map(|r| r.range))
            .collect();
        ranges.sort();
        found.extend(ranges.into_iter().map(|range| Location {
            path: file.path.clone(),
            range,
        }));
    }
    found
}

/// Whether a highlighted place defines the entity or uses it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HighlightKind {
    /// The key of a definition.
    Definition,
    /// A mention or an `@` reference.
    Use,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Highlight {
    pub range: TextRange,
    pub kind: HighlightKind,
}

/// The places in `path` itself where the entity at `offset` is defined or
/// used, for highlighting them together.
pub fn highlights(workspace: &Workspace, path: &Path, offset: usize) -> Vec<Highlight> {
    let Some(file) = workspace.load_file(path) else {
        return Vec::new();
    };
    find(workspace, path, offset, true)
        .into_iter()
        .filter(|l| &*l.path == path)
        .map(|l| {
            let is_key = file.doc.entities.iter().any(|d| d.key == l.range);
            Highlight {
                range: l.range,
                kind: if is_key {
                    HighlightKind::Definition
                } else {
                    HighlightKind::Use
                },
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::Fixture;

    /// The references from the cursor must be exactly the marked ranges,
    /// labelled `use` or `definition`.
    fn check(fixture: &str) {
        let fixture = Fixture::parse(fixture);
        let (path, offset) = fixture.cursor();
        for include_definitions in [false, true] {
            let found: Vec<(String, String)> =
                find(&fixture.workspace, path, offset, include_definitions)
                    .into_iter()
                    .map(|l| {
                        let file = fixture.workspace.load_file(&l.path).expect("file");
                        (
                            fixture.workspace.relative_path(&l.path),
                            file.slice(l.range).to_string(),
                        )
                    })
                    .collect();
            let mut expected: Vec<(String, String)> = fixture
                .marks
                .iter()
                .filter(|(_, _, label)| include_definitions || label == "use")
                .map(|(p, r, _)| {
                    let file = fixture.workspace.load_file(p).expect("file");
                    (
                        fixture.workspace.relative_path(p),
                        file.slice(*r).to_string(),
                    )
                })
                .collect();
            let here = fixture.workspace.relative_path(path);
            expected.sort_by(|a, b| (a.0 != here, a).cmp(&(b.0 != here, b)));
            let mut sorted_found = found.clone();
            sorted_found.sort_by(|a, b| (a.0 != here, a).cmp(&(b.0 != here, b)));
            assert_eq!(sorted_found, expected);
            assert_eq!(
                found.first().map(|f| f.0 == here),
                expected.first().map(|e| e.0 == here)
            );
        }
    }

    #[test]
    fn mentions_and_references_across_documents() {
        check(
            r#"
%! b.news.md
---
entities:
  talks:
    name: Talks
    participants: ["@putin"]
                    ^^^^^^ use
---
[President Putin](@putin) and later [@putin].
^^^^^^^^^^^^^^^^^^^^^^^^^ use
                                    ^^^^^^^^ use
%! a.news.md
---
entities:
  putin:
  ^^^^^ definition
    name: Vladimir Putin
---
[@pu$0tin] met [@witkoff].
^^^^^^^^ use
"#,
        );
    }

    #[test]
    fn from_a_plain_name_or_a_key() {
        check(
            r#"
%! a.news.md
---
entities:
  pu$0tin:
  ^^^^^ definition
    name: Vladimir Putin
---
Vladimir Putin spoke; [Putin](@putin) listened.
                      ^^^^^^^^^^^^^^^ use
"#,
        );
    }

    #[test]
    fn highlights_in_the_current_document_only() {
        let fixture = Fixture::parse(
            "%! a.news.md\n---\nentities:\n  putin:\n    name: Vladimir Putin\n---\n[@pu$0tin] and [Putin](@putin).\n%! b.news.md\n[@putin]\n",
        );
        let (path, offset) = fixture.cursor();
        let file = fixture.workspace.load_file(path).expect("file");
        let found: Vec<(&str, HighlightKind)> = highlights(&fixture.workspace, path, offset)
            .into_iter()
            .map(|h| (file.slice(h.range), h.kind))
            .collect();
        assert_eq!(
            found,
            [
                ("putin", HighlightKind::Definition),
                ("[@putin]", HighlightKind::Use),
                ("[Putin](@putin)", HighlightKind::Use)
            ]
        );
    }

    #[test]
    fn nothing_off_an_entity() {
        check("%! a.news.md\nThe wea$0ther.\n");
    }
}
