//! The conversions, both ways, on the texts where they go wrong: emoji,
//! flags, CRLF and lone CR, positions past the end; and URIs.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use ropey::Rope;
use tower_lsp_server::ls_types::{self as lsp, DiagnosticSeverity, NumberOrString, Position, Uri};

use super::Encoding;
use super::from_proto::{self, apply_change, offset, rope_char, uri_to_path};
use super::to_proto::{diagnostic, path_to_uri, position};
use crate::ide;
use crate::syntax::LineIndex;
use crate::workspace::Workspace;

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
        from_proto::offset(&lines, text, expected, encoding),
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
