//! Renaming an entity id everywhere: its keys, mentions and `@` references
//! in every document. The edits are returned, never written: the editor
//! applies them (and can undo them).

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use super::target::{self, TargetKind};
use crate::syntax::{TextRange, is_valid_entity_id};
use crate::workspace::Workspace;

/// Edits to one document: (range, new text), in text order.
pub type Edits = Vec<(TextRange, String)>;

/// The id under the cursor that can be renamed, and its range (without
/// the `@`). Plain names are not ids, so they cannot be renamed.
pub fn prepare(workspace: &Workspace, path: &Path, offset: usize) -> Option<(TextRange, String)> {
    let file = workspace.file(path)?;
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

/// The edits that rename the entity at `offset` of `path` to `new_id`, per
/// document; an error message when that cannot be done.
pub fn rename(
    workspace: &Workspace,
    path: &Path,
    offset: usize,
    new_id: &str,
) -> Result<BTreeMap<Arc<Path>, Edits>, String> {
    let new_id = new_id.trim().trim_start_matches('@');
    let (_, old) = prepare(workspace, path, offset)
        .ok_or("place the cursor on an entity id, a mention or an `@` reference to rename it")?;
    if !is_valid_entity_id(new_id) {
        return Err(format!(
            "`{new_id}` is not a valid entity id: use lowercase ASCII letters, digits, `-` and `_`, starting with a letter or digit"
        ));
    }
    if new_id != old && workspace.index().is_defined(new_id) {
        return Err(format!(
            "`{new_id}` is already defined; renaming `{old}` to it would merge two entities"
        ));
    }
    let index = workspace.index();
    let mut files: Vec<&Arc<Path>> = index
        .definers(&old)
        .chain(index.mentioners(&old))
        .chain(index.referrers(&old))
        .collect();
    files.sort();
    files.dedup();
    let mut edits = BTreeMap::new();
    for path in files {
        let Some(file) = workspace.file(path) else {
            continue;
        };
        let doc = &file.doc;
        let keys = doc
            .entities
            .iter()
            .filter(|d| d.id == old)
            .map(|d| (d.key, new_id.to_string()));
        let mentions = doc
            .mentions
            .iter()
            .filter(|m| m.id == old)
            .map(|m| {
                if m.id_is_written() {
                    Ok((m.id_range, format!("@{new_id}")))
                } else {
                    Err(m.range)
                }
            })
            .collect::<Vec<_>>();
        // A mention whose id is not written in place (escaped, or in a
        // link reference definition) cannot be renamed by an edit there.
        if let Some(Err(range)) = mentions.iter().find(|m| m.is_err()) {
            let (line, _) = file.lines.line_of(range.start);
            return Err(format!(
                "`{}` line {} mentions `@{old}` in a way an edit cannot rename (an escaped id or a link reference definition): write it as `[text](@{old})` first",
                workspace.relative_path(&file.path),
                line + 1
            ));
        }
        let mentions = mentions.into_iter().flatten();
        let references = doc
            .references
            .iter()
            .filter(|r| r.id == old)
            .map(|r| (r.range, r.written(new_id)));
        let mut file_edits: Edits = keys.chain(mentions).chain(references).collect();
        file_edits.sort();
        file_edits.dedup();
        edits.insert(file.path.clone(), file_edits);
    }
    Ok(edits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::Fixture;

    /// Renames at the cursor and returns every document's new text.
    fn renamed(fixture: &Fixture, new_id: &str) -> Result<Vec<(String, String)>, String> {
        let (path, offset) = fixture.cursor();
        let edits = rename(&fixture.workspace, path, offset, new_id)?;
        Ok(edits
            .into_iter()
            .map(|(path, edits)| {
                let file = fixture.workspace.file(&path).expect("file");
                let mut text = file.text.clone();
                for (range, new) in edits.iter().rev() {
                    text.replace_range(range.start..range.end, new);
                }
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
        assert_eq!(
            renamed(&fixture, "steve-witkoff"),
            Ok(vec![
                (
                    "a.news.md".to_string(),
                    "---\nentities:\n  talks:\n    name: Talks\n    participants: [\"@steve-witkoff\", \"@putin\"]\n---\n[Steve Witkoff](@steve-witkoff) and [@steve-witkoff]; not `[@witkoff]`.\n".to_string()
                ),
                (
                    "registry.news.md".to_string(),
                    "---\nentities:\n  steve-witkoff:\n    name: Steve Witkoff\n---\n".to_string()
                ),
            ])
        );
    }

    #[test]
    fn prepare_gives_the_id_without_its_at_sign() {
        let fixture = Fixture::parse(FIXTURE);
        let (path, offset) = fixture.cursor();
        let (range, id) = prepare(&fixture.workspace, path, offset).expect("renameable");
        let file = fixture.workspace.file(path).expect("file");
        assert_eq!((file.slice(range), id.as_str()), ("witkoff", "witkoff"));
    }

    #[test]
    fn refuses_when_a_mention_does_not_write_the_id_in_place() {
        let fixture = Fixture::parse(
            "%! a.news.md\n---\nentities:\n  lav$0rov:\n    name: Sergei Lavrov\n---\n[the minister][fm]\n\n[fm]: @lavrov\n",
        );
        let refused = renamed(&fixture, "sergei-lavrov").expect_err("refused");
        assert!(refused.contains("`a.news.md` line 6"), "{refused}");
    }

    #[test]
    fn refuses_invalid_or_taken_ids_and_plain_names() {
        let fixture = Fixture::parse(FIXTURE);
        assert!(renamed(&fixture, "Steve Witkoff").is_err());
        let taken = renamed(&fixture, "talks");
        assert_eq!(
            taken,
            Err(
                "`talks` is already defined; renaming `witkoff` to it would merge two entities"
                    .to_string()
            )
        );
        let plain = Fixture::parse(
            "%! a.news.md\nSteve Wit$0koff came.\n%! r.news.md\n---\nentities:\n  witkoff:\n    name: Steve Witkoff\n---\n",
        );
        let (path, offset) = plain.cursor();
        assert_eq!(prepare(&plain.workspace, path, offset), None);
    }
}
