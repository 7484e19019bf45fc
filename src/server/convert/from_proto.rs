//! What the client sends, into plain data: URIs into paths, positions
//! into byte offsets, content changes onto the open document.

use std::path::{Component, PathBuf};

use ropey::{Rope, RopeSlice};
use tower_lsp_server::ls_types::{self as lsp, Position, Uri};

use super::Encoding;
use crate::syntax::{LineIndex, TextRange, floor_char_boundary};

/// The file a `file:` URI names; `None` for other schemes, remote hosts and
/// URIs that are not absolute paths. Percent-escapes are decoded to bytes,
/// so any path the file system allows comes back exactly; `.` and `..`
/// segments are resolved.
pub fn uri_to_path(uri: &Uri) -> Option<PathBuf> {
    if !uri.scheme().as_str().eq_ignore_ascii_case("file") {
        return None;
    }
    let host = uri.authority().map(|a| a.host()).unwrap_or_default();
    let local = host.is_empty() || host.eq_ignore_ascii_case("localhost");
    let bytes = percent_decode(uri.path().as_str())?;
    bytes_to_path(host, local, bytes)
}

#[cfg(unix)]
fn bytes_to_path(_host: &str, local: bool, bytes: Vec<u8>) -> Option<PathBuf> {
    use std::os::unix::ffi::OsStringExt;
    if !local || bytes.contains(&0) {
        return None;
    }
    normalize(PathBuf::from(std::ffi::OsString::from_vec(bytes)))
}

#[cfg(not(unix))]
fn bytes_to_path(host: &str, local: bool, bytes: Vec<u8>) -> Option<PathBuf> {
    let path = String::from_utf8(bytes).ok()?;
    if path.contains('\0') {
        return None;
    }
    let path = if local {
        // `/c:/Users/...` is the drive path `c:/Users/...`.
        let drive = matches!(path.as_bytes(), [b'/', d, b':', ..] if d.is_ascii_alphabetic());
        if drive {
            path.get(1..)?.to_string()
        } else {
            path
        }
    } else {
        // `file://server/share/x` is the UNC path `\\server\share\x`.
        format!("//{host}{path}")
    };
    normalize(PathBuf::from(path.replace('/', "\\")))
}

/// Resolves `.` and `..` and repeated separators; `None` for a relative
/// path.
fn normalize(path: PathBuf) -> Option<PathBuf> {
    if !path.is_absolute() {
        return None;
    }
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    Some(out)
}

fn percent_decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    Some(out)
}

/// The byte offset of an LSP position in `text`. Past the end of a line is
/// the line end; past the last line, the end of the text; inside a
/// character (a UTF-16 surrogate pair, a UTF-8 sequence), its start.
pub fn offset(lines: &LineIndex, text: &str, position: Position, encoding: Encoding) -> usize {
    let Some(line) = lines.line_range(position.line as usize, text) else {
        return text.len();
    };
    let content = text.get(line.start..line.end).unwrap_or("");
    line.start + column_to_byte(content, position.character as usize, encoding)
}

/// The byte offset in `line` (no line break) of column `column`.
fn column_to_byte(line: &str, column: usize, encoding: Encoding) -> usize {
    match encoding {
        Encoding::Utf8 => floor_char_boundary(line, column),
        Encoding::Utf16 => {
            let mut units = 0;
            for (i, c) in line.char_indices() {
                units += c.len_utf16();
                if units > column {
                    return i;
                }
            }
            line.len()
        }
    }
}

/// The byte range of an LSP range; a reversed range is the empty range at
/// its start.
pub fn text_range(
    lines: &LineIndex,
    text: &str,
    range: lsp::Range,
    encoding: Encoding,
) -> TextRange {
    let start = offset(lines, text, range.start, encoding);
    let end = offset(lines, text, range.end, encoding);
    TextRange::new(start, end.max(start))
}

/// The char range of the rope that an edit's LSP range covers, with the
/// same clamping as [`offset`]; a reversed range is put in order.
pub fn rope_range(rope: &Rope, range: lsp::Range, encoding: Encoding) -> std::ops::Range<usize> {
    let a = rope_char(rope, range.start, encoding);
    let b = rope_char(rope, range.end, encoding);
    a.min(b)..a.max(b)
}

/// The char index of an LSP position in the rope.
pub fn rope_char(rope: &Rope, position: Position, encoding: Encoding) -> usize {
    let line_index = position.line as usize;
    if line_index >= rope.len_lines() {
        return rope.len_chars();
    }
    let start = rope.line_to_char(line_index);
    let line = rope.line(line_index);
    let content = line.slice(..line.len_chars() - line_break_chars(line));
    let column = position.character as usize;
    let within = match encoding {
        Encoding::Utf8 => content.byte_to_char(column.min(content.len_bytes())),
        Encoding::Utf16 => content.utf16_cu_to_char(column.min(content.len_utf16_cu())),
    };
    start + within
}

/// How many chars of line break end `line`: 2 for `\r\n`, 1 for `\n` or
/// `\r`, else 0.
fn line_break_chars(line: RopeSlice<'_>) -> usize {
    let n = line.len_chars();
    let last = |k: usize| n.checked_sub(k).map(|i| line.char(i));
    match (last(2), last(1)) {
        (Some('\r'), Some('\n')) => 2,
        (_, Some('\n' | '\r')) => 1,
        _ => 0,
    }
}

/// Applies one content change of `textDocument/didChange`: a range edit,
/// or the whole new text when there is no range.
pub fn apply_change(rope: &mut Rope, range: Option<lsp::Range>, text: &str, encoding: Encoding) {
    match range {
        Some(range) => {
            let chars = rope_range(rope, range, encoding);
            let start = chars.start;
            rope.remove(chars);
            rope.insert(start, text);
        }
        None => *rope = Rope::from_str(text),
    }
}
