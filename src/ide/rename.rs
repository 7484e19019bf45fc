//! Renaming an entity id everywhere: its keys, mentions and `@` references
//! in every document. The edits are returned, never written: the editor
//! applies them (and can undo them).

use std::fmt;
use std::path::Path;

use super::SourceChange;
use super::target::{self, TargetKind};
use crate::syntax::{ENTITY_ID_RULE, TextEdit, TextRange, is_valid_entity_id};
use crate::workspace::Workspace;

/// Why a rename cannot be done; its `Display` is for the user to read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RenameError {
    /// The cursor is not on an id, a mention or an `@` reference.
    NotAnId,
    /// The new id breaks the id rule.
    InvalidId { new: String },
    /// The new id is already defined: renaming would merge two entities.
    Taken { old: String, new: String },
    /// A mention of `old` does not write the id where an edit can replace
    /// it (an escaped id, a link reference definition).
    NotWrittenInPlace {
        old: String,
        /// The document, relative to its workspace folder.
        document: String,
        /// 1-based.
        line: usize,
    },
}

impl fmt::Display for RenameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RenameError::NotAnId => f.write_str(
                "place the cursor on an entity id, a mention or an `@` reference to rename it",
            ),
            RenameError::InvalidId { new } => {
                write!(f, "`{new}` is not a valid entity id: {ENTITY_ID_RULE}")
            }
            RenameError::Taken { old, new } => write!(
                f,
                "`{new}` is already defined; renaming `{old}` to it would merge two entities"
            ),
            RenameError::NotWrittenInPlace {
                old,
                document,
                line,
            } => write!(
                f,
                "`{document}` line {line} mentions `@{old}` in a way an edit cannot rename (an escaped id or a link reference definition): write it as `[text](@{old})` first"
            ),
        }
    }
}

/// The id under the cursor that can be renamed, and its range (without
/// the `@`). Plain names are not ids, so they cannot be renamed.
pub fn prepare(workspace: &Workspace, path: &Path, offset: usize) -> Option<(TextRange, String)> {
    let file = workspace.load_file(path)?;
    let target = target::at(workspace, file, offset)?;
    let id = target.ids.first()?.clone();
    let range = match target.kind {
        TargetKind::PlainName => return None,
        TargetKind::Key => target.range,
        TargetKind::Mention => {
            let mention = file.doc.mentions.iter().find(|m| m.range == target.range)?;
            // An id not written in place cannot be edited there.
            mention.id_is_written().then_some(mention.id_range)?
        }
        TargetKind::Reference => target.range,
    };
    // The id itself, after any `@`.
    let at = usize::from(file.slice(range).starts_with('@'));
    Some((TextRange::new(range.start + at, range.end), id))
}

/// The edits that rename the entity at `offset` of `path` to `new_id`, in
/// every document; why not when that cannot be done.
pub fn rename(
    workspace: &Workspace,
    path: &Path,
    offset: usize,
    new_id: &str,
) -> Result<SourceChange, RenameError> {
    let new_id = new_id.trim().trim_start_matches('@');
    let (_, old) = prepare(workspace, path, offset).ok_or(RenameError::NotAnId)?;
    if !is_valid_entity_id(new_id) {
        return Err(RenameError::InvalidId {
            new: new_id.to_string(),
        });
    }
    if new_id != old && workspace.index().is_defined(new_id) {
        return Err(RenameError::Taken {
            old,
            new: new_id.to_string(),
        });
    }
    let index = workspace.index();
    let files = workspace.load_files_by_path(
        index
            .definers(&old)
            .chain(index.mentioners(&old))
            .chain(index.referrers(&old)),
    );
    let mut change = SourceChange::default();
    for file in files {
        let doc = &file.doc;
        let keys = doc
            .entities
            .iter()
            .filter(|d| d.id == old)
            .map(|d| TextEdit::replace(d.key, new_id));
        let mentions = doc
            .mentions
            .iter()
            .filter(|m| m.id == old)
            .map(|m| {
                if m.id_is_written() {
                    Ok(TextEdit::replace(m.id_range, format!("@{new_id}")))
                } else {
                    Err(m.range)
                }
            })
            .collect::<Vec<_>>();
        // A mention whose id is not written in place (escaped, or in a
        // link reference definition) cannot be renamed by an edit there.
        if let Some(Err(range)) = mentions.iter().find(|m| m.is_err()) {
            let (line, _) = file.lines.line_of(range.start);
            return Err(RenameError::NotWrittenInPlace {
                old,
                document: workspace.relative_path(&file.path),
                line: line + 1,
            });
        }
        let mentions = mentions.into_iter().flatten();
        let references = doc
            .references
            .iter()
            .filter(|r| r.id == old)
            .map(|r| TextEdit::replace(r.range, r.written(new_id)));
        let mut edits: Vec<TextEdit> = keys.chain(mentions).chain(references).collect();
        edits.sort();
        edits.dedup();
        change.edits.insert(file.path.clone(), edits);
    }
    Ok(change)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::Fixture;
    use expect_test::expect;

    /// Renames at the cursor and returns every document's new text.
    fn renamed(fixture: &Fixture, new_id: &str) -> Result<Vec<(String, String)>, RenameError> {
        let (path, offset) = fixture.cursor();
        let change = rename(&fixture.workspace, path, offset, new_id)?;
        Ok(change
            .edits
            .into_iter()
            .map(|(path, edits)| {
                let file = fixture.workspace.load_file(&path).expect("file");
                let text = TextEdit::apply(&file.text, &edits);
                (fixture.workspace.relative_path(&path), text)
            })
            .collect())
    }

    const FIXTURE: &str = r#"
%! a.news.md
---
entities:
  talks:
    name: Talks
    participants: ["@witkoff", "@putin"]
---
[Steve Witkoff](@witk$0off) and [@witkoff]; not `[@witkoff]`.
%! registry.news.md
---
entities:
  witkoff:
    name: Steve Witkoff
---
%! other.news.md
[@putin]
"#;

    #[test]
    fn renames_keys_mentions_and_references_everywhere() {
        let fixture = Fixture::parse(FIXTURE);
        let renamed = renamed(&fixture, "steve-witkoff").expect("renamed");
        let shown: String = renamed
            .iter()
            .map(|(path, text)| format!("%! {path}\n{text}"))
            .collect();
        expect![[r#"
            %! a.news.md
            ---
            entities:
              talks:
                name: Talks
                participants: ["@steve-witkoff", "@putin"]
            ---
            [Steve Witkoff](@steve-witkoff) and [@steve-witkoff]; not `[@witkoff]`.
            %! registry.news.md
            ---
            entities:
              steve-witkoff:
                name: Steve Witkoff
            ---
        "#]]
        .assert_eq(&shown);
    }

    #[test]
    fn prepare_gives_the_id_without_its_at_sign() {
        let fixture = Fixture::parse(FIXTURE);
        let (path, offset) = fixture.cursor();
        let (range, id) = prepare(&fixture.workspace, path, offset).expect("renameable");
        let file = fixture.workspace.load_file(path).expect("file");
        assert_eq!((file.slice(range), id.as_str()), ("witkoff", "witkoff"));
    }

    #[test]
    fn refuses_when_a_mention_does_not_write_the_id_in_place() {
        let fixture = Fixture::parse(
            "%! a.news.md\n---\nentities:\n  lav$0rov:\n    name: Sergei Lavrov\n---\n[the minister][fm]\n\n[fm]: @lavrov\n",
        );
        let refused = renamed(&fixture, "sergei-lavrov").expect_err("refused");
        assert_eq!(
            refused,
            RenameError::NotWrittenInPlace {
                old: "lavrov".to_string(),
                document: "a.news.md".to_string(),
                line: 6
            }
        );
        assert!(
            refused.to_string().contains("`a.news.md` line 6"),
            "{refused}"
        );
    }

    #[test]
    fn refuses_invalid_or_taken_ids_and_plain_names() {
        let fixture = Fixture::parse(FIXTURE);
        assert_eq!(
            renamed(&fixture, "Steve Witkoff"),
            Err(RenameError::InvalidId {
                new: "Steve Witkoff".to_string()
            })
        );
        let taken = renamed(&fixture, "talks").expect_err("taken");
        assert_eq!(
            taken.to_string(),
            "`talks` is already defined; renaming `witkoff` to it would merge two entities"
        );
        let plain = Fixture::parse(
            "%! a.news.md\nSteve Wit$0koff came.\n%! r.news.md\n---\nentities:\n  witkoff:\n    name: Steve Witkoff\n---\n",
        );
        let (path, offset) = plain.cursor();
        assert_eq!(prepare(&plain.workspace, path, offset), None);
    }
}
