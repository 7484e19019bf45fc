//! Documents moved by a rename of a file or a folder, as the editor tells
//! it (`workspace/didRenameFiles`): the index follows them without waiting
//! for the file watcher, which may report a folder's move as the folder
//! alone, or not at all.
//!
//! Nothing in a document needs editing before a rename
//! (`workspace/willRenameFiles`): documents refer to entities by id, never
//! to another document's path, and the links newsls reads (`url`,
//! `wikidata`) point out of the folder. (A folder named in
//! `.newsls.toml`'s `workspace.registries` is left as written there.)

use std::path::{Path, PathBuf};

use crate::workspace::Workspace;

/// A document that a rename moved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Move {
    pub from: PathBuf,
    pub to: PathBuf,
}

/// The documents of `workspace` that renaming `from` (a document, or a
/// folder holding some at any depth) to `to` moves, with their new paths,
/// in path order.
pub fn moved(workspace: &Workspace, from: &Path, to: &Path) -> Vec<Move> {
    let mut moves: Vec<Move> = workspace
        .load_every_file()
        .filter_map(|file| {
            let below = file.path.strip_prefix(from).ok()?;
            let to = if below.as_os_str().is_empty() {
                to.to_path_buf()
            } else {
                to.join(below)
            };
            Some(Move {
                from: file.path.to_path_buf(),
                to,
            })
        })
        .collect();
    moves.sort_by(|a, b| a.from.cmp(&b.from));
    moves
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{Fixture, path};

    const FOLDER: &str = "\
%! desk/registry.news.md
---
entities:
  putin: {name: Vladimir Putin}
---
%! desk/people/fidan.news.md
---
entities:
  fidan: {name: Hakan Fidan}
---
%! desk-archive.news.md
[@putin]
%! brief.news.md
[@putin] and [@fidan].
";

    fn moves(from: &str, to: &str) -> Vec<(String, String)> {
        let fixture = Fixture::parse(FOLDER);
        moved(&fixture.workspace, &path(from), &path(to))
            .into_iter()
            .map(|m| {
                let show = |p: &Path| p.display().to_string();
                (show(&m.from), show(&m.to))
            })
            .collect()
    }

    #[test]
    fn a_document_moves_alone() {
        assert_eq!(
            moves("brief.news.md", "old/brief.news.md"),
            [(
                "/ws/brief.news.md".to_string(),
                "/ws/old/brief.news.md".to_string()
            )]
        );
    }

    #[test]
    fn a_folder_moves_every_document_under_it_at_any_depth() {
        // `desk-archive.news.md` only shares the folder's name as a prefix.
        assert_eq!(
            moves("desk", "registries/desk"),
            [
                (
                    "/ws/desk/people/fidan.news.md".to_string(),
                    "/ws/registries/desk/people/fidan.news.md".to_string()
                ),
                (
                    "/ws/desk/registry.news.md".to_string(),
                    "/ws/registries/desk/registry.news.md".to_string()
                ),
            ]
        );
    }

    #[test]
    fn a_path_with_no_document_moves_nothing() {
        assert_eq!(moves("notes", "old-notes"), []);
        assert_eq!(moves("desk/people/x.news.md", "y.news.md"), []);
    }
}
