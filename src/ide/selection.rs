//! Selection ranges: from the cursor outwards, the id, the mention, the
//! sentence, the paragraph, the whole document.

use std::path::Path;

use crate::syntax::TextRange;
use crate::workspace::Workspace;

/// The ranges around `offset`, innermost first, each strictly larger than
/// the one before.
pub fn expand(workspace: &Workspace, path: &Path, offset: usize) -> Vec<TextRange> {
    let Some(file) = workspace.load_file(path) else {
        return Vec::new();
    };
    let text = file.text.as_str();
    let offset = offset.min(text.len());
    let mut ranges = Vec::new();
    if let Some(mention) = file.doc.mentions.iter().find(|m| m.range.touches(offset)) {
        if mention.id_range.touches(offset) && mention.id_is_written() {
            ranges.push(mention.id_range);
        }
        ranges.push(mention.range);
    } else if let Some(reference) = file.doc.references.iter().find(|r| r.range.touches(offset)) {
        ranges.push(reference.range);
    }
    let paragraph = paragraph_around(text, offset);
    if let Some(sentence) = sentence_around(text, paragraph, offset) {
        ranges.push(sentence);
    }
    ranges.push(paragraph);
    ranges.push(TextRange::new(0, text.len()));
    let mut nested: Vec<TextRange> = Vec::new();
    for range in ranges {
        let grows = nested.last().is_none_or(|last| {
            range.start <= last.start && last.end <= range.end && range != *last
        });
        if grows && !range.is_empty() {
            nested.push(range);
        }
    }
    nested
}

/// The lines around `offset` up to the nearest blank lines.
fn paragraph_around(text: &str, offset: usize) -> TextRange {
    let before = text.get(..offset).unwrap_or("");
    let start = before
        .rfind("\n\n")
        .or_else(|| before.rfind("\r\n\r\n").map(|i| i + 2))
        .map_or(0, |i| i + 2);
    let after = text.get(offset..).unwrap_or("");
    let end = after
        .find("\n\n")
        .or_else(|| after.find("\r\n\r\n"))
        .map_or(text.len(), |i| offset + i);
    let trimmed = text.get(start..end).unwrap_or("").trim_end();
    TextRange::new(start, start + trimmed.len())
}

/// The sentence of `paragraph` holding `offset`: up to `.`, `!` or `?`
/// followed by a space or the paragraph's end.
fn sentence_around(text: &str, paragraph: TextRange, offset: usize) -> Option<TextRange> {
    let body = text.get(paragraph.start..paragraph.end)?;
    let mut start = 0;
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let ends = matches!(c, '.' | '!' | '?')
            && chars.peek().is_none_or(|(_, next)| next.is_whitespace());
        if ends {
            let end = i + c.len_utf8();
            if paragraph.start + end >= offset {
                return Some(trim(text, paragraph.start + start, paragraph.start + end));
            }
            start = end;
        }
    }
    Some(trim(text, paragraph.start + start, paragraph.end))
}

fn trim(text: &str, start: usize, end: usize) -> TextRange {
    let piece = text.get(start..end).unwrap_or("");
    let leading = piece.len() - piece.trim_start().len();
    TextRange::new(start + leading, end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::Fixture;

    #[test]
    fn id_mention_sentence_paragraph_document() {
        let text = "---\ntitle: T\n---\nFirst one. Then [Vladimir Putin](@putin) spoke.\nStill here.\n\nNext paragraph.\n";
        let fixture = Fixture::parse(&format!("%! a.news.md\n{text}"));
        let (ws, file) = (&fixture.workspace, fixture.file("a.news.md"));
        let path = &file.path;
        let offset = file.text.find("@putin").unwrap() + 2;
        let shown: Vec<&str> = expand(ws, path, offset)
            .iter()
            .map(|r| file.slice(*r))
            .collect();
        assert_eq!(
            shown,
            [
                "@putin",
                "[Vladimir Putin](@putin)",
                "Then [Vladimir Putin](@putin) spoke.",
                "---\ntitle: T\n---\nFirst one. Then [Vladimir Putin](@putin) spoke.\nStill here.",
                file.text.as_str(),
            ]
        );
        // Past the end: never panics, still nested.
        assert!(!expand(ws, path, usize::MAX).is_empty());
    }
}
