//! What the cursor is on: the entity (or entities) a position names.

use super::names;
use crate::syntax::{TextRange, floor_char_boundary, is_word_char};
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
    // Names are matched over the text around the cursor, not only at it,
    // so that "Putin" inside "Vladimir Putin" resolves to the longest name,
    // as diagnostics see it; but not over a whole megabyte-long paragraph.
    let window = around(file, *segment, offset);
    let matches = names::in_segment(workspace.index(), file, window);
    let m = matches.into_iter().find(|m| m.range.touches(offset))?;
    Some(Target {
        kind: TargetKind::PlainName,
        range: m.range,
        ids: m.ids,
    })
}

/// How far around the cursor names are matched: far more than the longest
/// name, so the result is the same as over the whole paragraph.
const WINDOW: usize = 2048;

/// The part of `segment` within [`WINDOW`] bytes of `offset`, starting at
/// a word boundary.
fn around(file: &File, segment: TextRange, offset: usize) -> TextRange {
    let text = &file.text;
    let from = floor_char_boundary(text, offset.saturating_sub(WINDOW));
    // Skip the word the cut falls in.
    let start = if from <= segment.start {
        segment.start
    } else {
        word_end(text, from, segment.end)
    };
    let cut = floor_char_boundary(text, offset.saturating_add(WINDOW).min(segment.end));
    let end = word_end(text, cut, segment.end);
    TextRange::new(start.min(offset), end.max(offset))
}

/// The first offset at or after `from` (and at most `limit`) that is not
/// inside a word, as [`words`](crate::syntax::words) splits them.
fn word_end(text: &str, from: usize, limit: usize) -> usize {
    let rest = text.get(from..limit).unwrap_or("");
    from + rest
        .char_indices()
        .find(|(_, c)| !is_word_char(*c))
        .map_or(rest.len(), |(i, _)| i)
}
