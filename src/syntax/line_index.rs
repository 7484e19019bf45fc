//! Line starts of a text, for turning byte offsets into lines and columns.

use super::TextRange;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LineIndex {
    /// Byte offset where each line starts; the first is always 0.
    starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    /// Lines end at `\n`, `\r\n` or a lone `\r`, as the LSP specification says.
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        let bytes = text.as_bytes();
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            i += 1;
            let ends_line = match b {
                b'\n' => true,
                b'\r' => {
                    if bytes.get(i) == Some(&b'\n') {
                        i += 1;
                    }
                    true
                }
                _ => false,
            };
            if ends_line {
                starts.push(i);
            }
        }
        LineIndex {
            starts,
            len: text.len(),
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
}
