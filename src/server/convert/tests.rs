//! The conversions, both ways, on the texts where they go wrong: emoji,
//! flags, CRLF and lone CR, positions past the end; and URIs.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use tower_lsp_server::ls_types::{
    self as lsp, DiagnosticSeverity, NumberOrString, Position, TextDocumentContentChangeEvent, Uri,
};

use super::Encoding;
use super::from_proto::{self, apply_change, offset, uri_to_path};
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
    for enc in [Encoding::Utf8, Encoding::Utf16] {
        // Past the end of a line: the line end, before its break.
        assert_eq!(offset(&lines, text, pos(0, 99), enc), 2);
        assert_eq!(offset(&lines, text, pos(1, 3), enc), 6);
        // Past the last line: the end of the text.
        assert_eq!(offset(&lines, text, pos(3, 0), enc), text.len());
        assert_eq!(
            offset(&lines, text, pos(u32::MAX, u32::MAX), enc),
            text.len()
        );
        assert_eq!(offset(&lines, text, pos(2, 99), enc), text.len());
        // Offsets past the end are the end.
        assert_eq!(position(&lines, text, 1000, enc), pos(2, 4));
    }
}

#[test]
fn empty_text_and_trailing_newline() {
    for text in ["", "x\n"] {
        let lines = LineIndex::new(text);
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
            offset(&lines, text, pos(last, 5), Encoding::Utf16),
            text.len()
        );
    }
}

#[test]
fn unicode_line_separators_are_not_lsp_line_breaks() {
    // U+2028 and U+0085 end lines for Unicode, not for LSP: the line index
    // keeps them inside the line.
    let text = "a\u{2028}b\u{85}c\nd";
    assert_eq!(LineIndex::new(text).line_count(), 2);
    round_trip(text, text.find('c').unwrap(), Encoding::Utf16, pos(0, 4));
    round_trip(text, text.find('d').unwrap(), Encoding::Utf16, pos(1, 0));
}

/// The reference the converters are checked against: every char boundary
/// of `text` with its position, counted character by character. Lines end
/// at `\n`, `\r\n` or a lone `\r`; between `\r` and `\n` is the line end.
fn positions_by_counting(text: &str, encoding: Encoding) -> Vec<(usize, Position)> {
    let mut out = Vec::new();
    let (mut line, mut column) = (0, 0);
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        out.push((i, pos(line, column)));
        match c {
            '\r' | '\n' => {
                if c == '\r' && chars.peek().is_some_and(|&(_, next)| next == '\n') {
                    chars.next();
                    out.push((i + 1, pos(line, column)));
                }
                line += 1;
                column = 0;
            }
            _ => {
                column += match encoding {
                    Encoding::Utf8 => c.len_utf8(),
                    Encoding::Utf16 => c.len_utf16(),
                } as u32;
            }
        }
    }
    out.push((text.len(), pos(line, column)));
    out
}

/// Texts where positions go wrong: every kind of line break, astral
/// characters, flags, combining marks, Unicode line separators; and random
/// mixes of them.
fn awkward_texts() -> Vec<String> {
    let mut texts: Vec<String> = [
        "",
        "x",
        "\n",
        "\r",
        "\r\n",
        "\r\r\n\n\r",
        "a\r\nbé\rc\n\r\nd",
        "🇺🇦 👍🏽 [@putin] é\n",
        "😀x",
        "e\u{301}\u{2028}b\u{85}c\nd",
        "last line without a break\r\nx",
    ]
    .map(String::from)
    .to_vec();
    let pieces = [
        "a", "é", "😀", "🇺🇦", "\n", "\r", "\r\n", "\u{2028}", " ", "[@x]",
    ];
    let mut seed: u64 = 11;
    for _ in 0..200 {
        let mut text = String::new();
        for _ in 0..12 {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            text.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
        }
        texts.push(text);
    }
    texts
}

/// The one implementation of LSP positions, both ways, against counting,
/// at every byte offset and at every position up to past the ends.
#[test]
fn positions_agree_with_counting_everywhere() {
    for text in awkward_texts() {
        let text = text.as_str();
        let lines = LineIndex::new(text);
        for encoding in [Encoding::Utf8, Encoding::Utf16] {
            let reference = positions_by_counting(text, encoding);
            // Byte offset → position: an offset inside a character is its
            // start; past the end, the end.
            for offset in 0..=text.len() + 2 {
                let boundary = crate::syntax::floor_char_boundary(text, offset);
                let expected = reference
                    .iter()
                    .find(|(at, _)| *at == boundary)
                    .map(|(_, p)| *p);
                assert_eq!(
                    Some(position(&lines, text, offset, encoding)),
                    expected,
                    "{text:?} {encoding:?} offset {offset}"
                );
            }
            // Position → byte offset: the last boundary of the line at or
            // before the column (its start inside a character, the line end
            // past it); past the last line, the end of the text.
            let last_line = reference.last().map_or(0, |(_, p)| p.line);
            let widest = reference.iter().map(|(_, p)| p.character).max();
            for line in 0..=last_line + 1 {
                for character in 0..=widest.unwrap_or(0) + 2 {
                    let expected = reference
                        .iter()
                        .filter(|(_, p)| p.line == line && p.character <= character)
                        .min_by_key(|(at, p)| (std::cmp::Reverse(p.character), *at))
                        .map_or(text.len(), |(at, _)| *at);
                    assert_eq!(
                        offset(&lines, text, pos(line, character), encoding),
                        expected,
                        "{text:?} {encoding:?} line {line} character {character}"
                    );
                }
            }
        }
    }
}

/// Content changes against the same edits made on positions found by
/// counting.
#[test]
fn changes_agree_with_counting() {
    let texts = awkward_texts();
    for (n, text) in texts.iter().enumerate() {
        for encoding in [Encoding::Utf8, Encoding::Utf16] {
            let reference = positions_by_counting(text, encoding);
            let (a, pa) = reference[n % reference.len()];
            let (b, pb) = reference[(n * 7 + 3) % reference.len()];
            let expected = format!("{}<{n}>{}", &text[..a.min(b)], &text[a.max(b)..]);
            // Between `\r` and `\n` is the line end: it edits at the `\r`.
            let between = |at: usize| text.get(at - 1..at + 1) == Some("\r\n");
            if (a > 0 && between(a)) || (b > 0 && between(b)) {
                continue;
            }
            let change = TextDocumentContentChangeEvent {
                range: Some(lsp::Range::new(pa, pb)),
                range_length: None,
                text: format!("<{n}>"),
            };
            let lines = LineIndex::new(text);
            assert_eq!(
                apply_change(text, &lines, change, encoding),
                expected,
                "{text:?} {encoding:?} {pa:?}..{pb:?}"
            );
        }
    }
}

fn edit(text: &str, changes: &[(Option<lsp::Range>, &str)], encoding: Encoding) -> String {
    let mut text = text.to_string();
    for (range, new) in changes {
        let change = TextDocumentContentChangeEvent {
            range: *range,
            range_length: None,
            text: new.to_string(),
        };
        text = apply_change(&text, &LineIndex::new(&text), change, encoding);
    }
    text
}

fn r(a: (u32, u32), b: (u32, u32)) -> Option<lsp::Range> {
    Some(lsp::Range::new(pos(a.0, a.1), pos(b.0, b.1)))
}

#[test]
fn edits_apply_in_order() {
    let text = "🇺🇦 Talks\r\nwith Putin\n";
    let (utf8, utf16) = (Encoding::Utf8, Encoding::Utf16);
    let one_change = [
        // Insert after the flag (UTF-16 column 4, UTF-8 column 8).
        (r((0, 4), (0, 4)), "!", utf16, "🇺🇦! Talks\r\nwith Putin\n"),
        (r((0, 8), (0, 8)), "!", utf8, "🇺🇦! Talks\r\nwith Putin\n"),
        // Removing a CRLF, and a range past the end.
        (r((0, 10), (1, 0)), "", utf16, "🇺🇦 Talkswith Putin\n"),
        (r((1, 4), (9, 9)), "", utf16, "🇺🇦 Talks\r\nwith"),
    ];
    for (range, new, encoding, expected) in one_change {
        assert_eq!(edit(text, &[(range, new)], encoding), expected);
    }
    // Each change sees the text the previous ones made.
    let changes = [
        (r((1, 5), (1, 10)), "[Putin](@putin)"),
        (r((1, 0), (1, 0)), "> "),
        (r((0, 99), (1, 0)), " "),
    ];
    assert_eq!(
        edit(text, &changes, utf16),
        "🇺🇦 Talks > with [Putin](@putin)\n"
    );
    // A reversed range is put in order; no range replaces everything.
    assert_eq!(edit("abc", &[(r((0, 2), (0, 1)), "X")], utf8), "aXc");
    assert_eq!(edit(text, &[(None, "new")], Encoding::Utf16), "new");
}

#[test]
fn edit_joining_cr_and_lf() {
    // Deleting the `x` between `\r` and `\n` makes one CRLF break.
    let out = edit("a\rx\nb", &[(r((1, 0), (1, 1)), "")], Encoding::Utf16);
    assert_eq!(out, "a\r\nb");
    let lines = LineIndex::new(&out);
    assert_eq!(lines.line_count(), 2);
    assert_eq!(offset(&lines, &out, pos(1, 0), Encoding::Utf16), 3);
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
    let file = ws.load_file(&a).unwrap();
    let found = ide::diagnostics::collect(&ws, &a);
    let conflict = found
        .iter()
        .find(|d| d.code == crate::ide::Code::ConflictingDefinition)
        .expect("a conflicting definition");
    let d = diagnostic(
        &ws,
        file,
        conflict,
        Encoding::Utf16,
        &crate::server::convert::ClientSupport::default(),
    );
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

/// Applies `delta`'s edits to `before`, as a client does.
fn apply_delta(before: &[lsp::SemanticToken], delta: &lsp::SemanticTokensDelta) -> Vec<u32> {
    let flat = |tokens: &[lsp::SemanticToken]| -> Vec<u32> {
        tokens
            .iter()
            .flat_map(|t| {
                [
                    t.delta_line,
                    t.delta_start,
                    t.length,
                    t.token_type,
                    t.token_modifiers_bitset,
                ]
            })
            .collect()
    };
    let mut data = flat(before);
    for edit in delta.edits.iter().rev() {
        let start = edit.start as usize;
        let inserted = flat(edit.data.as_deref().unwrap_or_default());
        data.splice(start..start + edit.delete_count as usize, inserted);
    }
    data
}

#[test]
fn semantic_token_deltas_turn_the_old_tokens_into_the_new() {
    let token = |delta_line, token_type| lsp::SemanticToken {
        delta_line,
        delta_start: 0,
        length: 4,
        token_type,
        token_modifiers_bitset: 0,
    };
    let cases: [(Vec<lsp::SemanticToken>, Vec<lsp::SemanticToken>); 6] = [
        (
            vec![token(1, 0), token(1, 1)],
            vec![token(1, 0), token(1, 1)],
        ),
        (vec![], vec![token(1, 0)]),
        (vec![token(1, 0)], vec![]),
        (
            vec![token(1, 0), token(1, 1), token(1, 2)],
            vec![token(1, 0), token(2, 1), token(1, 2)],
        ),
        (
            vec![token(1, 0), token(1, 0)],
            vec![token(1, 0), token(1, 0), token(1, 0)],
        ),
        (vec![token(1, 0), token(1, 1)], vec![token(3, 3)]),
    ];
    for (before, after) in cases {
        let delta = crate::server::tokens_cache::delta(
            &before,
            lsp::SemanticTokens {
                result_id: Some("2".to_string()),
                data: after.clone(),
            },
        );
        assert_eq!(delta.result_id.as_deref(), Some("2"));
        let expected = apply_delta(&after, &lsp::SemanticTokensDelta::default());
        assert_eq!(
            apply_delta(&before, &delta),
            expected,
            "{before:?} → {after:?}"
        );
        assert!(delta.edits.len() <= 1);
        if before == after {
            assert!(delta.edits.is_empty());
        }
    }
    // Only what changed is sent: the middle token of three.
    let delta = crate::server::tokens_cache::delta(
        &[token(1, 0), token(1, 1), token(1, 2)],
        lsp::SemanticTokens {
            result_id: None,
            data: vec![token(1, 0), token(2, 1), token(1, 2)],
        },
    );
    assert_eq!(delta.edits[0].start, 5);
    assert_eq!(delta.edits[0].delete_count, 5);
    assert_eq!(delta.edits[0].data, Some(vec![token(2, 1)]));
}
