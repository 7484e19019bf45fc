//! Line starts of a text, for turning byte offsets into lines and columns.

use super::TextRange;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineIndex {
    /// Byte offset where each line starts; the first is always 0.
    starts: Vec<usize>,
    len: usize,
    /// In ASCII text every unit is a byte.
    ascii: bool,
    /// For text that is not ASCII: the UTF-16 and char counts from the start
    /// of the text at about every [`CHECKPOINT_BYTES`] bytes, so the width of
    /// any span is found by counting at most that many bytes, even on a
    /// megabyte-long line.
    checkpoints: Vec<Checkpoint>,
}

/// Units columns are counted in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Utf8,
    Utf16,
    Char,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Checkpoint {
    offset: usize,
    utf16: usize,
    chars: usize,
}

const CHECKPOINT_BYTES: usize = 1024;

impl LineIndex {
    /// Lines as [`lines_from`] finds them.
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        let ends_with_break = |line: TextRange| {
            let last = line.end.checked_sub(1).and_then(|i| text.as_bytes().get(i));
            matches!(last, Some(b'\n' | b'\r'))
        };
        starts.extend(
            lines_from(text, 0)
                .filter(|&line| ends_with_break(line))
                .map(|line| line.end),
        );
        LineIndex {
            starts,
            len: text.len(),
            ascii: text.is_ascii(),
            checkpoints: checkpoints(text),
        }
    }

    /// The width of `text[start..end]` in `unit`. `text` is the text this
    /// index was built from; the bounds are clamped to it and moved back to
    /// character boundaries.
    pub fn width(&self, text: &str, start: usize, end: usize, unit: Unit) -> usize {
        let start = floor_char_boundary(text, start);
        let end = floor_char_boundary(text, end.max(start));
        match unit {
            Unit::Utf8 => end - start,
            _ if self.ascii => end - start,
            _ => self.count(text, end, unit) - self.count(text, start, unit),
        }
    }

    /// The width of `text[..offset]` in `unit` (not UTF-8).
    fn count(&self, text: &str, offset: usize, unit: Unit) -> usize {
        let at = self.checkpoints.partition_point(|c| c.offset <= offset);
        let from = at
            .checked_sub(1)
            .and_then(|i| self.checkpoints.get(i))
            .copied()
            .unwrap_or_default();
        let rest = text.get(from.offset..offset).unwrap_or("");
        match unit {
            Unit::Utf16 => from.utf16 + rest.encode_utf16().count(),
            _ => from.chars + rest.chars().count(),
        }
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// The 0-based line holding `offset` (clamped to the text), and the
    /// byte offset where that line starts.
    pub fn line_of(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.len);
        let line = self
            .starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        (line, self.starts.get(line).copied().unwrap_or(0))
    }

    /// The byte range of line `line` without its line break; `None` past
    /// the last line.
    pub fn line_range(&self, line: usize, text: &str) -> Option<TextRange> {
        let start = *self.starts.get(line)?;
        let next = self.starts.get(line + 1).copied().unwrap_or(self.len);
        let content = text.get(start..next)?;
        let trimmed = content.trim_end_matches(['\n', '\r']);
        Some(TextRange::new(start, start + trimmed.len()))
    }
}

/// The lines of `text` from byte `from` on, each as its byte range with
/// its line break. Lines end at `\n`, `\r\n` or a lone `\r`, as the LSP
/// specification says: this is the one place that rule is written.
pub fn lines_from(text: &str, from: usize) -> impl Iterator<Item = TextRange> + '_ {
    let mut at = from;
    std::iter::from_fn(move || {
        let rest = text.as_bytes().get(at..).filter(|r| !r.is_empty())?;
        let len = match memchr::memchr2(b'\n', b'\r', rest) {
            Some(i) if rest.get(i..i + 2) == Some(b"\r\n") => i + 2,
            Some(i) => i + 1,
            None => rest.len(),
        };
        let line = TextRange::new(at, at + len);
        at += len;
        Some(line)
    })
}

/// A checkpoint at the first character at or after each
/// [`CHECKPOINT_BYTES`] past the previous one. Counted on bytes, not
/// decoded characters: every document read is indexed, and most are not
/// ASCII (one emoji is enough).
fn checkpoints(text: &str) -> Vec<Checkpoint> {
    if text.is_ascii() {
        return Vec::new();
    }
    let mut out = Vec::with_capacity(text.len() / CHECKPOINT_BYTES + 1);
    let mut from = Checkpoint::default();
    loop {
        let offset = ceil_char_boundary(text, from.offset + CHECKPOINT_BYTES);
        let Some(bytes) = text.as_bytes().get(from.offset..offset) else {
            break;
        };
        if offset >= text.len() {
            break;
        }
        let (chars, astral) = count_chars(bytes);
        from = Checkpoint {
            offset,
            utf16: from.utf16 + chars + astral,
            chars: from.chars + chars,
        };
        out.push(from);
    }
    out
}

/// How many characters start in `bytes` of UTF-8, and how many of them
/// are of four bytes (two UTF-16 units): a character starts at every byte
/// but a continuation byte (`10xxxxxx`), four-byte ones at `11110xxx`.
/// Counted in runs of at most 255 bytes into a `u8`, which the compiler
/// turns into wide vector sums.
fn count_chars(bytes: &[u8]) -> (usize, usize) {
    let (mut chars, mut astral) = (0, 0);
    for run in bytes.chunks(255) {
        let count = |starts: fn(u8) -> bool| {
            run.iter()
                .fold(0u8, |n, &b| n.wrapping_add(u8::from(starts(b))))
        };
        chars += usize::from(count(|b| (b as i8) >= -0x40));
        astral += usize::from(count(|b| b >= 0xF0));
    }
    (chars, astral)
}

/// The smallest char boundary of `text` at or after `offset` (its length
/// past the end).
fn ceil_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset;
    while offset < text.len() && !text.is_char_boundary(offset) {
        offset += 1;
    }
    offset.min(text.len())
}

/// The largest char boundary of `text` at or before `offset`.
pub fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_end_at_lf_crlf_and_cr() {
        let text = "a\r\nbc\rd\n\ne";
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 5);
        assert_eq!(index.line_of(0), (0, 0));
        assert_eq!(index.line_of(3), (1, 3));
        assert_eq!(index.line_of(6), (2, 6));
        assert_eq!(index.line_of(100), (4, 9));
        assert_eq!(index.line_range(1, text), Some(TextRange::new(3, 5)));
        assert_eq!(index.line_range(5, text), None);
    }

    #[test]
    fn lines_keep_their_breaks() {
        let text = "a\r\nbc\rd\n\ne";
        let lines: Vec<&str> = lines_from(text, 0).map(|r| &text[r.start..r.end]).collect();
        assert_eq!(lines, ["a\r\n", "bc\r", "d\n", "\n", "e"]);
        let rest: Vec<TextRange> = lines_from(text, 3).collect();
        assert_eq!(rest.first(), Some(&TextRange::new(3, 6)));
        assert_eq!(lines_from(text, text.len()).count(), 0);
    }

    #[test]
    fn widths_agree_with_counting_on_long_mixed_lines() {
        let short = "é😀x";
        let index = LineIndex::new(short);
        assert_eq!(index.width(short, 0, short.len(), Unit::Utf16), 4);
        assert_eq!(index.width(short, 0, short.len(), Unit::Char), 3);
        let text = "ab🇺🇦ç\r\n".repeat(700) + &"é😀x".repeat(900);
        let index = LineIndex::new(&text);
        for (start, end) in [
            (0, text.len()),
            (5, 4000),
            (3000, 3001),
            (4200, 9000),
            (7, 7),
        ] {
            let a = floor_char_boundary(&text, start);
            let b = floor_char_boundary(&text, end);
            let span = &text[a..b];
            assert_eq!(index.width(&text, start, end, Unit::Utf8), span.len());
            assert_eq!(
                index.width(&text, start, end, Unit::Utf16),
                span.encode_utf16().count()
            );
            assert_eq!(
                index.width(&text, start, end, Unit::Char),
                span.chars().count()
            );
        }
        assert_eq!(index.width(&text, 10, 2, Unit::Char), 0);
        assert_eq!(
            index.width(&text, 0, usize::MAX, Unit::Char),
            text.chars().count()
        );
    }
}
