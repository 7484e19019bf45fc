//! What the cursor is on: the entity (or entities) a position names.

use super::names;
use crate::syntax::TextRange;
use crate::workspace::{File, Workspace};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TargetKind {
    /// `[text](@id)` or `[@id]` in the body.
    Mention,
    /// `"@id"` in an entity field.
    Reference,
    /// An id key under `entities`.
    Key,
    /// Plain words that are a known name or alias.
    PlainName,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub kind: TargetKind,
    /// The text the cursor is on.
    pub range: TextRange,
    /// The entity ids it names; several only for a plain name shared by
    /// more than one entity.
    pub ids: Vec<String>,
}

/// The target at byte `offset` of `file`; a cursor right after a name is
/// still on it.
pub fn at(workspace: &Workspace, file: &File, offset: usize) -> Option<Target> {
    // A cursor between two adjacent mentions is on the second one, so look
    // for a range that holds the offset before one that merely ends there.
    let inside = |r: TextRange| r.start <= offset && offset < r.end;
    let at_end = |r: TextRange| r.end == offset;
    let annotated = |on: &dyn Fn(TextRange) -> bool| -> Option<Target> {
        let doc = &file.doc;
        let one = |kind, range, id: &str| Target {
            kind,
            range,
            ids: vec![id.to_string()],
        };
        if let Some(m) = doc.mentions.iter().find(|m| on(m.range)) {
            return Some(one(TargetKind::Mention, m.range, &m.id));
        }
        if let Some(r) = doc.references.iter().find(|r| on(r.range)) {
            return Some(one(TargetKind::Reference, r.range, &r.id));
        }
        let d = doc.entities.iter().find(|d| on(d.key))?;
        Some(one(TargetKind::Key, d.key, &d.id))
    };
    annotated(&inside)
        .or_else(|| annotated(&at_end))
        .or_else(|| plain_name_at(workspace, file, offset))
}

fn plain_name_at(workspace: &Workspace, file: &File, offset: usize) -> Option<Target> {
    let segment = file.doc.prose.iter().find(|s| s.touches(offset))?;
    // Names are matched over the whole segment so that "Putin" inside
    // "Vladimir Putin" resolves to the longest name, as the checker sees it.
    let matches = names::in_segment(workspace.index(), file, *segment);
    let m = matches.into_iter().find(|m| m.range.touches(offset))?;
    Some(Target {
        kind: TargetKind::PlainName,
        range: m.range,
        ids: m.ids,
    })
}
