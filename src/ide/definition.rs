//! Go to definition: from a mention, an `@` reference, an entity key or a
//! plain known name to the id key of every definition.

use std::path::Path;

use super::{Location, target};
use crate::workspace::Workspace;

/// Every definition of the entity at `offset` of `path`: those in the same
/// document first, then the others, newest document first.
pub fn find(workspace: &Workspace, path: &Path, offset: usize) -> Vec<Location> {
    let Some(file) = workspace.load_file(path) else {
        return Vec::new();
    };
    let Some(target) = target::at(workspace, file, offset) else {
        return Vec::new();
    };
    let mut locations: Vec<Location> = target
        .ids
        .iter()
        .flat_map(|id| workspace.definitions(id))
        .map(|d| Location {
            path: d.file.path.clone(),
            range: d.def.key,
        })
        .collect();
    // Stable: keeps the newest-first order within each group.
    locations.sort_by_key(|l| &*l.path != path);
    locations
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::Fixture;

    /// Asserts that go-to-definition from the cursor lands exactly on the
    /// marked ranges, in the order of the files in the fixture... sorted as
    /// the feature sorts them.
    fn check(fixture: &str) {
        let fixture = Fixture::parse(fixture);
        let (path, offset) = fixture.cursor();
        let found: Vec<(String, String)> = find(&fixture.workspace, path, offset)
            .into_iter()
            .map(|l| {
                (
                    fixture.workspace.relative_path(&l.path),
                    slice(&fixture, &l.path, l.range),
                )
            })
            .collect();
        let expected: Vec<(String, String)> = fixture
            .marks
            .iter()
            .map(|(p, r, _)| (fixture.workspace.relative_path(p), slice(&fixture, p, *r)))
            .collect();
        let mut sorted_expected = expected.clone();
        let mut sorted_found = found.clone();
        sorted_expected.sort();
        sorted_found.sort();
        assert_eq!(sorted_found, sorted_expected);
        if let Some(first) = found.first() {
            let here = fixture.workspace.relative_path(path);
            let any_here = expected.iter().any(|(p, _)| *p == here);
            assert_eq!(
                first.0 == here,
                any_here,
                "the current document comes first"
            );
        }
    }

    fn slice(fixture: &Fixture, path: &Path, range: crate::syntax::TextRange) -> String {
        let file = fixture.workspace.load_file(path).expect("file in fixture");
        format!("{}@{}..{}", file.slice(range), range.start, range.end)
    }

    #[test]
    fn from_a_mention_into_another_document() {
        check(
            r#"
%! brief.news.md
Talks with [Steve Witkoff](@wit$0koff).
%! registry.news.md
---
entities:
  witkoff:
  ^^^^^^^
    name: Steve Witkoff
---
"#,
        );
    }

    #[test]
    fn every_definition_current_document_first() {
        check(
            r#"
%! a.news.md
---
date: 2026-01-22
entities:
  putin:
  ^^^^^
    name: Vladimir Putin
---
[@putin$0] spoke.
%! b.news.md
---
date: 2026-01-23
entities:
  putin:
  ^^^^^
    name: Vladimir Putin
---
"#,
        );
    }

    #[test]
    fn from_a_reference_and_a_plain_name() {
        check(
            r#"
%! a.news.md
---
entities:
  talks:
    name: Moscow talks
    participants: ["@pu$0tin"]
  putin:
  ^^^^^
    name: Vladimir Putin
---
"#,
        );
        check(
            r#"
%! a.news.md
President Vladimir Pu$0tin said.
%! b.news.md
---
entities:
  putin:
  ^^^^^
    name: Vladimir Putin
---
"#,
        );
    }

    #[test]
    fn nothing_from_plain_words_or_undefined_ids() {
        check("%! a.news.md\nThe wea$0ther was fine.\n");
        check("%! a.news.md\nSee [@nob$0ody].\n");
        check(
            "%! a.news.md\nSee `[@putin$0]` in code.\n%! b.news.md\n---\nentities:\n  putin:\n    name: Putin\n---\n",
        );
    }

    #[test]
    fn between_adjacent_mentions_the_second_wins() {
        check(
            r#"
%! a.news.md
---
entities:
  a:
    name: Alpha
  b:
  ^
    name: Beta
---
[Alpha](@a)$0[Beta](@b)
"#,
        );
    }

    #[test]
    fn unknown_document_or_offset_past_the_end() {
        let fixture = Fixture::parse("%! a.news.md\n[@putin]\n");
        assert!(find(&fixture.workspace, Path::new("/ws/none.news.md"), 0).is_empty());
        assert!(find(&fixture.workspace, Path::new("/ws/a.news.md"), 10_000).is_empty());
    }
}
