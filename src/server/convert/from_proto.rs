//! What the client sends, into plain data: URIs into paths, positions
//! into byte offsets, content changes into the open document's new text.

use std::path::PathBuf;

use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types::{self as lsp, Position, TextDocumentContentChangeEvent, Uri};

use super::Encoding;
use crate::server::log;
use crate::syntax::{Date, LineIndex, TextRange, floor_char_boundary};
use crate::workspace;

/// The path of a `file:` URI; `None`, and a log line saying what it came
/// with (`what`), for anything else.
pub fn local_path(uri: &Uri, what: &str) -> Option<PathBuf> {
    let path = uri_to_path(uri);
    if path.is_none() {
        log!(
            "{what}: ignoring {}, which is not a local file",
            uri.as_str()
        );
    }
    path
}

/// The path of a document: a local `*.news.md` file. Some editors (Helix,
/// Eglot in markdown-mode) send every Markdown file; those are no
/// documents, and `None` without a word: this runs on every keystroke and
/// hover in them (`didOpen` says it once, see `handlers::notification`).
pub fn document_path(uri: &Uri, what: &str) -> Option<PathBuf> {
    local_path(uri, what).filter(|path| workspace::is_news_file(path))
}

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
    path.is_absolute()
        .then(|| workspace::lexically_normal(&path))
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

/// The byte range of an LSP range, with the clamping of [`offset`]; a
/// reversed range is put in order.
pub fn text_range(
    lines: &LineIndex,
    text: &str,
    range: lsp::Range,
    encoding: Encoding,
) -> TextRange {
    let a = offset(lines, text, range.start, encoding);
    let b = offset(lines, text, range.end, encoding);
    TextRange::new(a.min(b), a.max(b))
}

/// The text after one content change of `textDocument/didChange`: the
/// range of `text` it covers (found through `lines`, the line index of
/// `text`) replaced, or the whole new text when it has no range.
pub fn apply_change(
    text: &str,
    lines: &LineIndex,
    change: TextDocumentContentChangeEvent,
    encoding: Encoding,
) -> String {
    let Some(range) = change.range else {
        return change.text;
    };
    let range = text_range(lines, text, range, encoding);
    let before = text.get(..range.start).unwrap_or(text);
    let after = text.get(range.end..).unwrap_or("");
    let mut out = String::with_capacity(before.len() + change.text.len() + after.len());
    out.push_str(before);
    out.push_str(&change.text);
    out.push_str(after);
    out
}

/// A date param (`YYYY-MM-DD`); one that is not a real day is an invalid
/// params error.
pub fn date(text: Option<&str>) -> Result<Option<Date>, jsonrpc::Error> {
    text.map(|t| {
        Date::parse(t).ok_or_else(|| {
            jsonrpc::Error::invalid_params(format!("`{t}` is not a real day YYYY-MM-DD"))
        })
    })
    .transpose()
}
