//! Code lens on each entity key: how often the entity is used, across the
//! workspace. Listing the lenses reads the document alone; each count is
//! computed only when the client resolves a lens it shows.

use std::path::Path;

use super::Location;
use crate::syntax::TextRange;
use crate::workspace::Workspace;

/// One lens: on the key of the first definition of `id` in the document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lens {
    pub range: TextRange,
    pub id: String,
}

/// How an entity is used across the workspace.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Usage {
    /// Annotated mentions, in every document.
    pub mentions: usize,
    /// Documents with at least one mention.
    pub documents: usize,
    /// Documents whose front matter refers to the entity with `@id`.
    pub referenced_in: usize,
    /// Each mention and `@id` reference, for the references view the lens
    /// opens.
    pub uses: Vec<Location>,
}

impl Usage {
    /// "3 mentions in 2 documents · referenced in 1".
    pub fn title(&self) -> String {
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let mut title = format!(
            "{} in {}",
            plural(self.mentions, "mention", "mentions"),
            plural(self.documents, "document", "documents")
        );
        if self.referenced_in > 0 {
            title.push_str(&format!(" · referenced in {}", self.referenced_in));
        }
        title
    }
}

/// The lenses of the document at `path`: one per entity it defines (the
/// first definition of each id).
pub fn lenses(workspace: &Workspace, path: &Path) -> Vec<Lens> {
    let Some(file) = workspace.load_file(path) else {
        return Vec::new();
    };
    let mut seen = std::collections::HashSet::new();
    file.doc
        .entities
        .iter()
        .filter(|def| seen.insert(def.id.as_str()))
        .map(|def| Lens {
            range: def.key,
            id: def.id.clone(),
        })
        .collect()
}

/// How `id` is used: counts from the documents the index says mention or
/// refer to it, no others.
pub fn usage(workspace: &Workspace, id: &str) -> Usage {
    let index = workspace.index();
    let mentions = index
        .mentioners(id)
        .filter_map(|file| workspace.load_file_by_id(file))
        .map(|file| file.doc.mentions.iter().filter(|m| m.id == id).count())
        .sum();
    Usage {
        mentions,
        documents: index.mention_count(id),
        referenced_in: index.reference_count(id),
        uses: super::references::uses(workspace, id),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::Fixture;

    const FIXTURE: &str = r#"
%! registry.news.md
---
entities:
  putin:
    name: Vladimir Putin
  talks:
    name: Moscow talks
    participants: ["@putin"]
  putin:
    name: Vladimir Putin
  ghost:
    name: Nobody
---
[@putin] and [Putin](@putin).
%! a.news.md
[@putin], [@talks].
%! b.news.md
Nothing here.
"#;

    #[test]
    fn one_lens_per_entity_key_with_counts_resolved_apart() {
        let fixture = Fixture::parse(FIXTURE);
        let ws = &fixture.workspace;
        let path = Path::new("/ws/registry.news.md");
        let file = ws.load_file(path).unwrap();
        let shown: Vec<(&str, String)> = lenses(ws, path)
            .iter()
            .map(|l| (file.slice(l.range), usage(ws, &l.id).title()))
            .collect();
        assert_eq!(
            shown,
            [
                (
                    "putin",
                    "3 mentions in 2 documents · referenced in 1".to_string()
                ),
                ("talks", "1 mention in 1 document".to_string()),
                ("ghost", "0 mentions in 0 documents".to_string()),
            ]
        );
        // What the lens opens: each use, by document.
        let uses: Vec<(String, &str)> = usage(ws, "putin")
            .uses
            .iter()
            .map(|l| {
                let file = ws.load_file(&l.path).unwrap();
                (ws.relative_path(&l.path), file.slice(l.range))
            })
            .collect();
        assert_eq!(
            uses,
            [
                ("a.news.md".to_string(), "[@putin]"),
                ("registry.news.md".to_string(), "@putin"),
                ("registry.news.md".to_string(), "[@putin]"),
                ("registry.news.md".to_string(), "[Putin](@putin)"),
            ]
        );
        assert!(lenses(ws, Path::new("/ws/b.news.md")).is_empty());
        assert!(lenses(ws, Path::new("/ws/missing.news.md")).is_empty());
    }
}
