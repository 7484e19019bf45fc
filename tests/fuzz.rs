//! Fuzzing with proptest (random inputs, shrunk to a minimal failing case):
//! the parser, edits applied incrementally against a fresh parse, position
//! conversion, and the transport's framing.
//!
//! Coverage-guided fuzzing (cargo-afl, bolero's libFuzzer engine) needs a
//! nightly toolchain or an AFL++ build matching rustc's LLVM, neither of
//! which this project's stable toolchain has; so the targets are property
//! tests. Each runs a short, bounded number of cases in `cargo test`;
//! `NEWSLS_FUZZ_CASES=200000 cargo test --release --test fuzz -- --nocapture`
//! runs longer (see docs/fuzzing.md). Each prints how many cases it ran.

use std::path::PathBuf;
use std::sync::Arc;

use newsls::ide;
use newsls::server::convert::{Encoding, from_proto, to_proto};
use newsls::server::transport;
use newsls::syntax::{self, LineIndex, TextRange};
use newsls::workspace::{Change, File, Workspace};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use tower_lsp_server::ls_types::{Position, Range, TextDocumentContentChangeEvent};

/// Cases per target: a few seconds each by default.
fn cases(default: u32) -> u32 {
    std::env::var("NEWSLS_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

/// Runs `test` on `cases` inputs from `strategy`; on failure, panics with
/// the shrunk input.
fn fuzz<S: Strategy>(
    name: &str,
    default_cases: u32,
    strategy: S,
    test: impl Fn(S::Value) -> Result<(), TestCaseError>,
) where
    S::Value: std::fmt::Debug,
{
    let cases = cases(default_cases);
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let started = std::time::Instant::now();
    if let Err(error) = runner.run(&strategy, test) {
        panic!("fuzz target {name} failed: {error}");
    }
    eprintln!(
        "fuzz {name}: {cases} cases in {:.1} s",
        started.elapsed().as_secs_f64()
    );
}

/// Pieces that tend to break parsers: front matter fences, YAML, mentions,
/// Markdown, line ends, multi-byte characters.
const PIECES: &[&str] = &[
    "---\n",
    "---\r\n",
    "title: T\n",
    "date: 2026-01-22\n",
    "date: 2026-02-30\n",
    "entities:\n",
    "  putin:\n",
    "    name: Vladimir Putin\n",
    "    kind: person\n",
    "    aliases: [Putin, \"V. P.\"]\n",
    "    participants: [\"@putin\"]\n",
    "    affiliation: \"@kremlin\"\n",
    "  - x\n",
    "{",
    "}",
    "[",
    "]",
    "(",
    ")",
    "@",
    "[@putin]",
    "[Vladimir Putin](@putin)",
    "[x](@",
    "[@",
    "](",
    "`",
    "```\n",
    "<!-- ",
    " -->",
    "\\",
    "\n",
    "\r\n",
    "\r",
    " ",
    "\t",
    "é",
    "e\u{301}",
    "🇺🇦",
    "👍🏽",
    "\u{2028}",
    "\u{feff}",
    "\u{0}",
    "Putin",
    "Putin's",
    ":",
    "#",
    "> ",
    "- ",
    "*",
    "_",
];

fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => prop::sample::select(PIECES).prop_map(String::from),
        1 => any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..48).prop_map(|pieces| pieces.concat())
}

/// `offset` floored to where an LSP position can be: a character
/// boundary, not between the `\r` and `\n` of one line break.
fn position_boundary(text: &str, offset: usize) -> usize {
    let offset = syntax::floor_char_boundary(text, offset);
    let bytes = text.as_bytes();
    if offset > 0 && bytes.get(offset - 1) == Some(&b'\r') && bytes.get(offset) == Some(&b'\n') {
        offset - 1
    } else {
        offset
    }
}

fn in_text(text: &str, range: TextRange) -> bool {
    range.start <= range.end
        && range.end <= text.len()
        && text.is_char_boundary(range.start)
        && text.is_char_boundary(range.end)
}

#[test]
fn fuzz_parser() {
    fuzz("parser", 3000, text(), |text| {
        let (doc, errors) = syntax::parse(&text);
        for error in &errors {
            prop_assert!(in_text(&text, error.range), "{error:?}");
        }
        for mention in &doc.mentions {
            prop_assert!(in_text(&text, mention.range), "{mention:?}");
            prop_assert!(in_text(&text, mention.id_range), "{mention:?}");
        }
        for def in &doc.entities {
            prop_assert!(
                in_text(&text, def.key) && in_text(&text, def.range),
                "{def:?}"
            );
        }
        for range in &doc.prose {
            prop_assert!(in_text(&text, *range));
        }
        Ok(())
    });
}

/// An edit: where (as fractions of the text, so any text takes it), how
/// far, and what is typed.
fn edits() -> impl Strategy<Value = Vec<(usize, usize, String)>> {
    let typed = prop_oneof![
        prop::sample::select(PIECES).prop_map(String::from),
        Just(String::new()),
    ];
    prop::collection::vec((0..1000usize, 0..40usize, typed), 1..16)
}

#[test]
fn fuzz_incremental_edits_against_a_fresh_parse() {
    let strategy = (text(), text(), edits(), any::<bool>());
    fuzz("incremental edits", 400, strategy, |(a, b, edits, utf8)| {
        let encoding = if utf8 {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        };
        let (pa, pb) = (
            PathBuf::from("/ws/a.news.md"),
            PathBuf::from("/ws/b.news.md"),
        );
        let mut live = Workspace::new(vec![PathBuf::from("/ws")]);
        live.apply(Change::Set {
            path: pa.clone(),
            text: a.clone(),
        });
        live.apply(Change::Set {
            path: pb.clone(),
            text: b,
        });
        let mut expected = a;
        for (at, len, typed) in edits {
            // The edit as an editor sends it: an LSP range, converted
            // by the server, applied to its copy of the text.
            let start = position_boundary(&expected, at * expected.len() / 1000);
            let end = position_boundary(&expected, (start + len).min(expected.len()));
            let lines = LineIndex::new(&expected);
            let range = Range {
                start: to_proto::position(&lines, &expected, start, encoding),
                end: to_proto::position(&lines, &expected, end, encoding),
            };
            let change = TextDocumentContentChangeEvent {
                range: Some(range),
                range_length: None,
                text: typed.clone(),
            };
            let current = live.file(&pa).map(|f| f.text.clone()).unwrap_or_default();
            let applied =
                from_proto::apply_change(&current, &LineIndex::new(&current), change, encoding);
            expected.replace_range(start..end, &typed);
            prop_assert_eq!(&applied, &expected);
            live.apply(Change::Set {
                path: pa.clone(),
                text: applied,
            });
        }
        // The same documents read fresh.
        let mut fresh = Workspace::new(vec![PathBuf::from("/ws")]);
        for path in [&pa, &pb] {
            let text = live.file(path).map(|f| f.text.clone()).unwrap_or_default();
            fresh.insert(File::new(Arc::from(path.as_path()), text));
        }
        for path in [&pa, &pb] {
            let incremental = ide::diagnostics::collect(&live, path);
            let from_scratch = ide::diagnostics::collect(&fresh, path);
            prop_assert_eq!(format!("{incremental:?}"), format!("{from_scratch:?}"));
        }
        Ok(())
    });
}

#[test]
fn fuzz_position_conversion() {
    let strategy = (
        text(),
        prop::collection::vec((0..200u32, 0..200u32), 1..20),
        any::<bool>(),
    );
    fuzz(
        "position conversion",
        3000,
        strategy,
        |(text, positions, utf8)| {
            let encoding = if utf8 {
                Encoding::Utf8
            } else {
                Encoding::Utf16
            };
            let lines = LineIndex::new(&text);
            // Every offset converts to a position and back to itself (after
            // flooring to a character boundary and out of a CRLF).
            for offset in 0..=text.len() {
                let position = to_proto::position(&lines, &text, offset, encoding);
                let back = from_proto::offset(&lines, &text, position, encoding);
                prop_assert_eq!(back, position_boundary(&text, offset), "offset {}", offset);
            }
            // Any position, however far out, lands on a boundary in the text.
            for (line, character) in positions {
                let offset =
                    from_proto::offset(&lines, &text, Position { line, character }, encoding);
                prop_assert!(offset <= text.len() && text.is_char_boundary(offset));
            }
            Ok(())
        },
    );
}

/// A stream of frames: well formed ones, and every way of breaking one.
fn stream() -> impl Strategy<Value = Vec<u8>> {
    let body = prop_oneof![
        Just(r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#.to_string()),
        Just(r#"{"jsonrpc":"2.0","method":"exit"}"#.to_string()),
        Just(r#"{"jsonrpc":"2.0","id":2,"result":null}"#.to_string()),
        Just(r#"[{"jsonrpc":"2.0","id":1,"method":"x"}]"#.to_string()),
        Just(r#"{"jsonrpc":"1.0","id":3}"#.to_string()),
        text(),
    ];
    let frame = (
        body,
        -50i64..50,
        0..6u8,
        prop::collection::vec(any::<u8>(), 0..8),
    )
        .prop_map(|(body, skew, how, garbage)| {
            let length = (body.len() as i64 + if how == 1 { skew } else { 0 }).max(0);
            let mut out = Vec::new();
            match how {
                2 => out.extend_from_slice(b"X-Header: 1\r\n\r\n"),
                3 => out.extend_from_slice(format!("content-length:{length}\n\n").as_bytes()),
                4 => out.extend_from_slice(&garbage),
                _ => out.extend_from_slice(format!("Content-Length: {length}\r\n\r\n").as_bytes()),
            }
            out.extend_from_slice(body.as_bytes());
            if how == 5 {
                out.extend_from_slice(&garbage);
            }
            out
        });
    prop::collection::vec(frame, 0..12).prop_map(|frames| frames.concat())
}

/// Splits `bytes` into frames, asserting each is well formed.
fn frames(mut bytes: &[u8]) -> Result<Vec<Vec<u8>>, TestCaseError> {
    let mut out = Vec::new();
    while !bytes.is_empty() {
        let header_end = bytes
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .ok_or_else(|| TestCaseError::fail("a frame without a header end"))?;
        let header = std::str::from_utf8(&bytes[..header_end])
            .map_err(|_| TestCaseError::fail("a header that is not UTF-8"))?;
        let length: usize = header
            .strip_prefix("Content-Length: ")
            .and_then(|n| n.parse().ok())
            .ok_or_else(|| TestCaseError::fail(format!("a bad header {header:?}")))?;
        let body = bytes
            .get(header_end + 4..header_end + 4 + length)
            .ok_or_else(|| TestCaseError::fail("a short body"))?;
        out.push(body.to_vec());
        bytes = &bytes[header_end + 4 + length..];
    }
    Ok(out)
}

#[test]
fn fuzz_transport_framing() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a runtime");
    fuzz("transport framing", 3000, stream(), |input| {
        let mut to_server = Vec::new();
        let client = Arc::new(tokio::sync::Mutex::new(Vec::new()));
        runtime.block_on(transport::filter_with(
            input.as_slice(),
            &mut to_server,
            client.clone(),
            1024,
            4096,
        ));
        // What reaches tower-lsp-server is well framed JSON-RPC only.
        for body in frames(&to_server)? {
            let value: serde_json::Value = serde_json::from_slice(&body)
                .map_err(|e| TestCaseError::fail(format!("passed on non-JSON: {e}")))?;
            prop_assert_eq!(&value["jsonrpc"], "2.0");
        }
        // What the client gets back is well framed JSON-RPC errors.
        let answers = runtime.block_on(async { client.lock().await.clone() });
        for body in frames(&answers)? {
            let value: serde_json::Value = serde_json::from_slice(&body)
                .map_err(|e| TestCaseError::fail(format!("answered non-JSON: {e}")))?;
            let code = value["error"]["code"].as_i64().unwrap_or(0);
            prop_assert!(code == -32700 || code == -32600, "{value}");
        }
        Ok(())
    });
}
