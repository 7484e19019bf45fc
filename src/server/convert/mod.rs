//! Every conversion between LSP and the analysis: URIs and paths, positions
//! and byte offsets, edit ranges and rope indices, diagnostics.
//!
//! The analysis speaks byte offsets into a document's text; LSP speaks
//! lines and columns counted in the negotiated encoding (UTF-8 bytes or
//! UTF-16 code units). Lines end at `\n`, `\r\n` or a lone `\r`, as the LSP
//! specification says; [`LineIndex`] and the rope (built with the
//! `cr_lines` feature only) agree on that. A position past the end of a
//! line means the line end, one past the last line the end of the text.

mod features;

pub use features::{
    completion, document_symbols, highlights, quick_fixes, rename_edits, workspace_symbols,
};

use std::path::{Component, Path, PathBuf};
use std::str::FromStr;

use ropey::{Rope, RopeSlice};
use tower_lsp_server::ls_types::{
    self as lsp, ClientCapabilities, DiagnosticRelatedInformation, DiagnosticSeverity, Location,
    NumberOrString, Position, PositionEncodingKind, Uri,
};

use crate::ide;
use crate::syntax::{LineIndex, Severity, TextRange, Unit, floor_char_boundary};
use crate::workspace::{File, Workspace};

/// How LSP columns are counted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    /// The LSP default, and what every client supports.
    #[default]
    Utf16,
}

impl Encoding {
    /// UTF-8 when the client offers it (no conversion work for us), else
    /// the mandatory UTF-16.
    pub fn negotiate(capabilities: &ClientCapabilities) -> Encoding {
        let offered = capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref());
        match offered {
            Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
            _ => Encoding::Utf16,
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }
    }

    fn unit(self) -> Unit {
        match self {
            Encoding::Utf8 => Unit::Utf8,
            Encoding::Utf16 => Unit::Utf16,
        }
    }
}

// ---------------------------------------------------------------------------
// URIs and paths

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

/// The `file:` URI of an absolute path: every byte but the unreserved
/// characters and `/` is percent-encoded.
pub fn path_to_uri(path: &Path) -> Option<Uri> {
    let mut uri = String::from("file://");
    for &b in path_bytes(path)?.iter() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            uri.push(char::from(b));
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    Uri::from_str(&uri).ok()
}

#[cfg(unix)]
fn path_bytes(path: &Path) -> Option<Vec<u8>> {
    use std::os::unix::ffi::OsStrExt;
    path.is_absolute()
        .then(|| path.as_os_str().as_bytes().to_vec())
}

#[cfg(not(unix))]
fn path_bytes(path: &Path) -> Option<Vec<u8>> {
    let text = path.to_str()?.replace('\\', "/");
    if let Some(unc) = text.strip_prefix("//") {
        // `//server/share/x` → authority `server`, path `/share/x`; the
        // caller writes `file://` before it.
        return Some(unc.as_bytes().to_vec());
    }
    path.is_absolute().then(|| format!("/{text}").into_bytes())
}

// ---------------------------------------------------------------------------
// Positions

/// The LSP position of byte `offset` of `text` (clamped to the text, and
/// to the end of its line if it falls inside a line break).
pub fn position(lines: &LineIndex, text: &str, offset: usize, encoding: Encoding) -> Position {
    let offset = floor_char_boundary(text, offset);
    let (line, start) = lines.line_of(offset);
    let end = lines
        .line_range(line, text)
        .map_or(offset, |r| r.end.min(offset));
    let column = lines.width(text, start, end, encoding.unit());
    Position::new(to_u32(line), to_u32(column))
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

/// The LSP range of a byte range of `text`.
pub fn range(lines: &LineIndex, text: &str, range: TextRange, encoding: Encoding) -> lsp::Range {
    lsp::Range::new(
        position(lines, text, range.start, encoding),
        position(lines, text, range.end, encoding),
    )
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

// ---------------------------------------------------------------------------
// Edits on the rope

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

// ---------------------------------------------------------------------------
// Features

pub fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

/// A diagnostic of `file`, with the places it relates to in other files
/// converted through those files' line indexes in the same snapshot.
pub fn diagnostic(
    workspace: &Workspace,
    file: &File,
    diagnostic: &ide::Diagnostic,
    encoding: Encoding,
) -> lsp::Diagnostic {
    let related: Vec<DiagnosticRelatedInformation> = diagnostic
        .related
        .iter()
        .filter_map(|r| {
            Some(DiagnosticRelatedInformation {
                location: location(workspace, &r.path, r.range, encoding)?,
                message: r.message.clone(),
            })
        })
        .collect();
    lsp::Diagnostic {
        range: range(&file.lines, &file.text, diagnostic.range, encoding),
        severity: Some(severity(diagnostic.severity)),
        code: Some(NumberOrString::String(diagnostic.code.as_str().to_string())),
        source: Some("newsls".to_string()),
        message: diagnostic.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        ..lsp::Diagnostic::default()
    }
}

/// The problems of a `.newsls.toml`, as errors on its text; those with no
/// place (from JSON) are left to the log.
pub fn settings_problems(
    text: &str,
    problems: &[crate::settings::Problem],
    encoding: Encoding,
) -> Vec<lsp::Diagnostic> {
    let lines = LineIndex::new(text);
    problems
        .iter()
        .map(|problem| lsp::Diagnostic {
            range: range(&lines, text, problem.range.unwrap_or_default(), encoding),
            severity: Some(DiagnosticSeverity::ERROR),
            code: Some(NumberOrString::String("invalid-settings".to_string())),
            source: Some("newsls".to_string()),
            message: problem.message.clone(),
            ..lsp::Diagnostic::default()
        })
        .collect()
}

/// The LSP location of a byte range of the document at `path`; `None` when
/// the snapshot does not hold it.
pub fn location(
    workspace: &Workspace,
    path: &Path,
    text_range: TextRange,
    encoding: Encoding,
) -> Option<Location> {
    let file = workspace.file(path)?;
    Some(Location {
        uri: path_to_uri(path)?,
        range: range(&file.lines, &file.text, text_range, encoding),
    })
}

pub fn hover(file: &File, hover: ide::Hover, encoding: Encoding) -> lsp::Hover {
    lsp::Hover {
        contents: lsp::HoverContents::Markup(lsp::MarkupContent {
            kind: lsp::MarkupKind::Markdown,
            value: hover.markdown,
        }),
        range: Some(range(&file.lines, &file.text, hover.range, encoding)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(line: u32, character: u32) -> Position {
        Position::new(line, character)
    }

    /// Asserts that byte `offset` and `expected` convert into each other.
    fn round_trip(text: &str, offset: usize, encoding: Encoding, expected: Position) {
        let lines = LineIndex::new(text);
        assert_eq!(
            position(&lines, text, offset, encoding),
            expected,
            "offset {offset} → position"
        );
        assert_eq!(
            super::offset(&lines, text, expected, encoding),
            offset,
            "position {expected:?} → offset"
        );
        let rope = Rope::from_str(text);
        let char_index = text[..offset].chars().count();
        assert_eq!(
            rope_char(&rope, expected, encoding),
            char_index,
            "position {expected:?} → rope char"
        );
    }

    #[test]
    fn ascii() {
        let text = "ab\ncd";
        for enc in [Encoding::Utf8, Encoding::Utf16] {
            round_trip(text, 0, enc, pos(0, 0));
            round_trip(text, 2, enc, pos(0, 2));
            round_trip(text, 3, enc, pos(1, 0));
            round_trip(text, 5, enc, pos(1, 2));
        }
    }

    #[test]
    fn emoji_and_flags() {
        // 🇺🇦 is two chars, four UTF-16 units, eight bytes; 👍🏽 likewise.
        let text = "🇺🇦 👍🏽 [@putin] é\n";
        let at = text.find('[').unwrap();
        assert_eq!(at, 8 + 1 + 8 + 1);
        round_trip(text, at, Encoding::Utf16, pos(0, 4 + 1 + 4 + 1));
        round_trip(text, at, Encoding::Utf8, pos(0, 18));
        let e = text.find('é').unwrap();
        round_trip(text, e + 2, Encoding::Utf16, pos(0, 10 + 8 + 1 + 1));
        round_trip(text, e + 2, Encoding::Utf8, pos(0, (e + 2) as u32));
        // Between the two regional indicators of the flag.
        round_trip(text, 4, Encoding::Utf16, pos(0, 2));
        round_trip(text, 4, Encoding::Utf8, pos(0, 4));
    }

    #[test]
    fn inside_a_character_means_its_start() {
        let text = "😀x";
        let lines = LineIndex::new(text);
        // UTF-16 column 1 is inside the surrogate pair.
        assert_eq!(offset(&lines, text, pos(0, 1), Encoding::Utf16), 0);
        assert_eq!(offset(&lines, text, pos(0, 2), Encoding::Utf16), 4);
        // UTF-8 columns 1..=3 are inside the four bytes.
        for c in 1..4 {
            assert_eq!(offset(&lines, text, pos(0, c), Encoding::Utf8), 0);
        }
        let rope = Rope::from_str(text);
        assert_eq!(rope_char(&rope, pos(0, 1), Encoding::Utf16), 0);
        assert_eq!(rope_char(&rope, pos(0, 3), Encoding::Utf8), 0);
        // A byte offset inside a character is its start too.
        assert_eq!(position(&lines, text, 2, Encoding::Utf16), pos(0, 0));
    }

    #[test]
    fn crlf_and_lone_cr() {
        let text = "a\r\nbé\rc\n\r\nd";
        for enc in [Encoding::Utf8, Encoding::Utf16] {
            let w = |s: &str| match enc {
                Encoding::Utf8 => s.len() as u32,
                Encoding::Utf16 => s.encode_utf16().count() as u32,
            };
            round_trip(text, 0, enc, pos(0, 0));
            round_trip(text, 1, enc, pos(0, 1));
            round_trip(text, 3, enc, pos(1, 0));
            round_trip(text, 6, enc, pos(1, w("bé")));
            round_trip(text, 7, enc, pos(2, 0));
            round_trip(text, 9, enc, pos(3, 0));
            round_trip(text, 11, enc, pos(4, 0));
            round_trip(text, 12, enc, pos(4, 1));
        }
        // Between `\r` and `\n` is the end of the line.
        let lines = LineIndex::new(text);
        assert_eq!(position(&lines, text, 2, Encoding::Utf16), pos(0, 1));
    }

    #[test]
    fn past_the_end_clamps() {
        let text = "ab\r\ncd\nlast";
        let lines = LineIndex::new(text);
        let rope = Rope::from_str(text);
        for enc in [Encoding::Utf8, Encoding::Utf16] {
            // Past the end of a line: the line end, before its break.
            assert_eq!(offset(&lines, text, pos(0, 99), enc), 2);
            assert_eq!(offset(&lines, text, pos(1, 3), enc), 6);
            assert_eq!(rope_char(&rope, pos(0, 99), enc), 2);
            assert_eq!(rope_char(&rope, pos(1, 3), enc), 6);
            // Past the last line: the end of the text.
            assert_eq!(offset(&lines, text, pos(3, 0), enc), text.len());
            assert_eq!(
                offset(&lines, text, pos(u32::MAX, u32::MAX), enc),
                text.len()
            );
            assert_eq!(rope_char(&rope, pos(3, 0), enc), rope.len_chars());
            assert_eq!(rope_char(&rope, pos(2, 99), enc), rope.len_chars());
            // Offsets past the end are the end.
            assert_eq!(position(&lines, text, 1000, enc), pos(2, 4));
        }
    }

    #[test]
    fn empty_text_and_trailing_newline() {
        for text in ["", "x\n"] {
            let lines = LineIndex::new(text);
            let rope = Rope::from_str(text);
            let last = (lines.line_count() - 1) as u32;
            assert_eq!(
                position(&lines, text, text.len(), Encoding::Utf16),
                pos(last, 0)
            );
            assert_eq!(
                offset(&lines, text, pos(last, 0), Encoding::Utf16),
                text.len()
            );
            assert_eq!(
                rope_char(&rope, pos(last, 5), Encoding::Utf16),
                rope.len_chars()
            );
        }
    }

    #[test]
    fn unicode_line_separators_are_not_lsp_line_breaks() {
        // U+2028 and U+0085 end lines for Unicode, not for LSP: the rope and
        // the line index must both keep them inside the line.
        let text = "a\u{2028}b\u{85}c\nd";
        let rope = Rope::from_str(text);
        assert_eq!(rope.len_lines(), 2);
        assert_eq!(LineIndex::new(text).line_count(), 2);
        round_trip(text, text.find('c').unwrap(), Encoding::Utf16, pos(0, 4));
        round_trip(text, text.find('d').unwrap(), Encoding::Utf16, pos(1, 0));
    }

    fn edit(text: &str, changes: &[(Option<lsp::Range>, &str)], encoding: Encoding) -> String {
        let mut rope = Rope::from_str(text);
        for (range, new) in changes {
            apply_change(&mut rope, *range, new, encoding);
        }
        rope.to_string()
    }

    fn r(a: (u32, u32), b: (u32, u32)) -> Option<lsp::Range> {
        Some(lsp::Range::new(pos(a.0, a.1), pos(b.0, b.1)))
    }

    #[test]
    fn edits_apply_in_order() {
        let text = "🇺🇦 Talks\r\nwith Putin\n";
        // Insert after the flag (UTF-16 column 4, UTF-8 column 8).
        assert_eq!(
            edit(text, &[(r((0, 4), (0, 4)), "!")], Encoding::Utf16),
            "🇺🇦! Talks\r\nwith Putin\n"
        );
        assert_eq!(
            edit(text, &[(r((0, 8), (0, 8)), "!")], Encoding::Utf8),
            "🇺🇦! Talks\r\nwith Putin\n"
        );
        // Each change sees the text the previous ones made.
        let changes = [
            (r((1, 5), (1, 10)), "[Putin](@putin)"),
            (r((1, 0), (1, 0)), "> "),
            (r((0, 99), (1, 0)), " "),
        ];
        assert_eq!(
            edit(text, &changes, Encoding::Utf16),
            "🇺🇦 Talks > with [Putin](@putin)\n"
        );
        // Removing a CRLF, and a range past the end.
        assert_eq!(
            edit(text, &[(r((0, 10), (1, 0)), "")], Encoding::Utf16),
            "🇺🇦 Talkswith Putin\n"
        );
        assert_eq!(
            edit(text, &[(r((1, 4), (9, 9)), "")], Encoding::Utf16),
            "🇺🇦 Talks\r\nwith"
        );
        // A reversed range is put in order; no range replaces everything.
        assert_eq!(
            edit("abc", &[(r((0, 2), (0, 1)), "X")], Encoding::Utf8),
            "aXc"
        );
        assert_eq!(edit(text, &[(None, "new")], Encoding::Utf16), "new");
    }

    #[test]
    fn edit_joining_cr_and_lf() {
        // Deleting the `x` between `\r` and `\n` makes one CRLF break.
        let out = edit("a\rx\nb", &[(r((1, 0), (1, 1)), "")], Encoding::Utf16);
        assert_eq!(out, "a\r\nb");
        let rope = Rope::from_str(&out);
        assert_eq!(rope.len_lines(), 2);
        assert_eq!(rope_char(&rope, pos(1, 0), Encoding::Utf16), 3);
    }

    fn uri(s: &str) -> Uri {
        Uri::from_str(s).unwrap()
    }

    #[cfg(unix)]
    #[test]
    fn file_uris_and_paths() {
        let cases = [
            ("file:///tmp/a.news.md", "/tmp/a.news.md"),
            (
                "file:///tmp/my%20news/%C3%BC%5B1%5D.news.md",
                "/tmp/my news/ü[1].news.md",
            ),
            (
                "file:///tmp/%23hash%3Fq%25.news.md",
                "/tmp/#hash?q%.news.md",
            ),
        ];
        for (u, p) in cases {
            assert_eq!(uri_to_path(&uri(u)).as_deref(), Some(Path::new(p)), "{u}");
            assert_eq!(path_to_uri(Path::new(p)).unwrap().as_str(), u, "{p}");
        }
        // Other spellings of the same file.
        for u in [
            "file://localhost/tmp/a.news.md",
            "FILE:///tmp/a.news.md",
            "file:///tmp/./b/../a.news.md",
            "file:///tmp//a.news.md",
            "file:///tmp/%61.news.md",
            "file:///tmp/a.news.md?query#fragment",
        ] {
            assert_eq!(
                uri_to_path(&uri(u)).as_deref(),
                Some(Path::new("/tmp/a.news.md")),
                "{u}"
            );
        }
        // Lowercase escapes decode too.
        assert_eq!(
            uri_to_path(&uri("file:///tmp/%c3%bc")).as_deref(),
            Some(Path::new("/tmp/ü"))
        );
        // Not documents.
        for u in [
            "untitled:Untitled-1",
            "https://example.com/a.news.md",
            "file://server/share/a.news.md",
            "file:relative/a.news.md",
            "file:///tmp/nul%00.news.md",
        ] {
            assert_eq!(uri_to_path(&uri(u)), None, "{u}");
        }
        assert!(path_to_uri(Path::new("relative.news.md")).is_none());
    }

    #[cfg(unix)]
    #[test]
    fn paths_that_are_not_utf8_survive() {
        use std::os::unix::ffi::OsStrExt;
        let path = Path::new(std::ffi::OsStr::from_bytes(b"/tmp/\xff\xfe.news.md"));
        let u = path_to_uri(path).unwrap();
        assert_eq!(u.as_str(), "file:///tmp/%FF%FE.news.md");
        assert_eq!(uri_to_path(&u).as_deref(), Some(path));
    }

    #[test]
    fn negotiates_the_encoding() {
        let with = |kinds: Option<Vec<PositionEncodingKind>>| ClientCapabilities {
            general: Some(lsp::GeneralClientCapabilities {
                position_encodings: kinds,
                ..Default::default()
            }),
            ..Default::default()
        };
        let utf8 = PositionEncodingKind::UTF8;
        let utf16 = PositionEncodingKind::UTF16;
        let utf32 = PositionEncodingKind::UTF32;
        assert_eq!(
            Encoding::negotiate(&with(Some(vec![utf16.clone(), utf8.clone()]))),
            Encoding::Utf8
        );
        assert_eq!(
            Encoding::negotiate(&with(Some(vec![utf32, utf16]))),
            Encoding::Utf16
        );
        assert_eq!(Encoding::negotiate(&with(None)), Encoding::Utf16);
        assert_eq!(
            Encoding::negotiate(&ClientCapabilities::default()),
            Encoding::Utf16
        );
        assert_eq!(Encoding::Utf8.kind(), utf8);
    }

    #[test]
    fn diagnostics_carry_code_source_severity_and_related_places() {
        use crate::workspace::Change;
        let mut ws = Workspace::new(vec![PathBuf::from("/ws")]);
        let a = PathBuf::from("/ws/a.news.md");
        let b = PathBuf::from("/ws/b.news.md");
        let a_text = "---\nentities:\n  putin:\n    name: Vladimir Putin\n---\n[@putin]\n";
        let b_text = "---\ntitle: 🇺🇦\r\nentities:\r\n  putin:\r\n    name: Someone Else\r\n---\r\n";
        ws.apply(Change::Set {
            path: a.clone(),
            text: a_text.into(),
        });
        ws.apply(Change::Set {
            path: b.clone(),
            text: b_text.into(),
        });
        let file = ws.file(&a).unwrap();
        let found = ide::diagnostics::collect(&ws, &a);
        let conflict = found
            .iter()
            .find(|d| d.code == crate::syntax::Code::ConflictingDefinition)
            .expect("a conflicting definition");
        let d = diagnostic(&ws, file, conflict, Encoding::Utf16);
        assert_eq!(d.source.as_deref(), Some("newsls"));
        assert_eq!(
            d.code,
            Some(NumberOrString::String("conflicting-definition".into()))
        );
        assert_eq!(d.severity, Some(DiagnosticSeverity::WARNING));
        assert_eq!(d.range, lsp::Range::new(pos(2, 2), pos(2, 7)));
        let related = d.related_information.expect("related information");
        assert_eq!(related.len(), 1);
        assert_eq!(related[0].location.uri.as_str(), "file:///ws/b.news.md");
        assert_eq!(
            related[0].location.range,
            lsp::Range::new(pos(3, 2), pos(3, 7))
        );
    }
}
