//! Folding ranges: the front matter, and each entity definition that spans
//! several lines.

use std::path::Path;

use crate::syntax::TextRange;
use crate::workspace::Workspace;

/// What a fold holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FoldKind {
    FrontMatter,
    Entity,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fold {
    pub range: TextRange,
    pub kind: FoldKind,
}

/// The folds of the document at `path`, in text order; only those that
/// span more than one line.
pub fn folds(workspace: &Workspace, path: &Path) -> Vec<Fold> {
    let Some(file) = workspace.load_file(path) else {
        return Vec::new();
    };
    let multiline = |range: TextRange| {
        file.text
            .get(range.start..range.end)
            .is_some_and(|t| t.trim_end().contains('\n'))
    };
    let front_matter = file.doc.front_matter.map(|range| Fold {
        range,
        kind: FoldKind::FrontMatter,
    });
    let entities = file.doc.entities.iter().map(|def| Fold {
        range: def.range,
        kind: FoldKind::Entity,
    });
    front_matter
        .into_iter()
        .chain(entities)
        .filter(|f| multiline(f.range))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::Fixture;

    #[test]
    fn front_matter_and_each_multiline_entity() {
        let fixture = Fixture::parse(
            "%! a.news.md\n---\ntitle: A\nentities:\n  putin:\n    name: Vladimir Putin\n    kind: person\n  x: {name: X}\n---\nBody.\n",
        );
        let (ws, file) = (&fixture.workspace, fixture.file("a.news.md"));
        let path = &file.path;
        let shown: Vec<(FoldKind, &str)> = folds(ws, path)
            .iter()
            .map(|f| (f.kind, file.slice(f.range).trim_end()))
            .collect();
        assert_eq!(shown.len(), 2, "{shown:?}");
        assert_eq!(shown[0].0, FoldKind::FrontMatter);
        assert!(shown[0].1.starts_with("title: A") && shown[0].1.ends_with("x: {name: X}"));
        assert_eq!(
            shown[1],
            (
                FoldKind::Entity,
                "putin:\n    name: Vladimir Putin\n    kind: person"
            )
        );
    }
}
