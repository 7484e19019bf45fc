//! Fuzzing with proptest (random inputs, shrunk to a minimal failing case):
//! the parser, edits applied incrementally against a fresh parse, position
//! conversion, and the transport's framing. The properties themselves are
//! in `properties/`, shared with the coverage-guided targets in `fuzz/`
//! (`scripts/fuzz`), which search the same properties with libFuzzer.
//!
//! Each runs a short, bounded number of cases in `cargo test`;
//! `NEWSLS_FUZZ_CASES=200000 cargo test --release --test it fuzz:: -- --nocapture`
//! runs longer (see docs/fuzzing.md). Each prints how many cases it ran.

use crate::properties;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

use crate::properties::Edit;

/// Cases per target: a few seconds each by default.
fn cases(default: u32) -> u32 {
    std::env::var("NEWSLS_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

/// Runs `property` on `cases` inputs from `strategy`; on failure, panics
/// with the shrunk input.
fn fuzz<S: Strategy>(
    name: &str,
    default_cases: u32,
    strategy: S,
    property: impl Fn(S::Value) -> properties::Outcome,
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
    if let Err(error) = runner.run(&strategy, |input| {
        property(input).map_err(TestCaseError::fail)
    }) {
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

#[test]
fn fuzz_parser() {
    fuzz("parser", 3000, text(), |text| properties::parser(&text));
}

/// Content changes: where (as fractions of the text, so any text takes
/// it), how far, and what is typed; sometimes the whole text, sometimes
/// several in one notification.
fn edits() -> impl Strategy<Value = Vec<Edit>> {
    let typed = prop_oneof![
        4 => prop::sample::select(PIECES).prop_map(String::from),
        1 => Just(String::new()),
        1 => text(),
    ];
    let edit = (
        any::<bool>(),
        any::<u16>(),
        0..40u16,
        typed,
        0..12u8,
        any::<bool>(),
    )
        .prop_map(|(second, at, len, text, how, joined)| Edit {
            second,
            at,
            len,
            text,
            whole: how == 0,
            joined,
        });
    prop::collection::vec(edit, 1..16)
}

#[test]
fn fuzz_incremental_edits_against_a_fresh_parse() {
    let strategy = (text(), text(), edits(), any::<bool>());
    fuzz("incremental edits", 400, strategy, |(a, b, edits, utf8)| {
        properties::incremental_edits([&a, &b], &edits, utf8)
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
        |(text, positions, utf8)| properties::positions(&text, &positions, utf8),
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

#[test]
fn fuzz_transport_framing() {
    fuzz(
        "transport framing",
        3000,
        (stream(), 1..64usize),
        |(input, chunk)| properties::framing(&input, chunk),
    );
}
