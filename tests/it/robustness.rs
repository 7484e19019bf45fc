//! Robustness: documents built at random from fragments that tend to break
//! parsers (fences, broken YAML, `@` references, both mention forms, code,
//! HTML, emoji, flags, ZWJ sequences, combining marks, CRLF and lone CR,
//! BOM, NUL, U+2028, long lines), run through every feature at every byte
//! offset. Nothing may panic, and every range that comes back must lie in
//! its text, on character boundaries.
//!
//! A second part edits a workspace of several documents in random order and
//! checks that the incrementally updated index answers exactly as one built
//! from scratch from the final texts.
//!
//! The generator is proptest's, seeded (`crate::random`), so every failure
//! names a seed and a document that reproduce it.

use std::collections::BTreeSet;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use newsls::ide::{
    code_actions, completion, definition, diagnostics, hover, references, rename, symbols,
};
use newsls::server::convert::{Encoding, from_proto, to_proto};
use newsls::syntax::{self, Code, LineIndex, Phrase, TextEdit, TextRange, phrase_of};
use newsls::workspace::{Change, DocumentEntry, File, Workspace};

use crate::random::Rng;

// ---------------------------------------------------------------------------
// The generator

/// Lines that go between the front matter fences.
const YAML: &[&str] = &[
    "title: Talks in Moscow\n",
    "title: \"🇺🇦 Talks\"\n",
    "title: 'It''s'\n",
    "date: 2026-01-22\n",
    "date: 2026-02-30\n",
    "date: [2026]\n",
    "source: TRT World\n",
    "authors: [A, B]\n",
    "authors: x\n",
    "entities:\n",
    "entities: []\n",
    "  putin:\n",
    "    name: Vladimir Putin\n",
    "    name: \"Влади́мир Пу́тин\"\n",
    "    name: ΟΔΥΣΣΕΑΣ\n",
    "    name: >\n      Vladimir\n      Putin\n",
    "    name:\n",
    "    name: [a, b]\n",
    "    kind: person\n",
    "    kind: persn\n",
    "    kind: event\n",
    "    role: President of Russia\n",
    "    aliases: [Putin, \"Vova\", President Vladimir Putin]\n",
    "    aliases: Putin\n",
    "    affiliation: \"@kremlin\"\n",
    "    affiliation: @kremlin\n",
    "    affiliation: @kremlin, x\n",
    "    affiliation: \"@K\\u0072emlin\"\n",
    "    country: '@russia'\n",
    "    country: '@it''s'\n",
    "    participants: [\"@putin\", \"@witkoff\", \"@Bad Id\", '@🇺🇦']\n",
    "    participants: [@putin]\n",
    "    wikidata: Q7747\n",
    "    wikidata: X1\n",
    "    nmae: typo\n",
    "    alias: typo\n",
    "    place: \"@moscow\"\n",
    "    date: 2026-01-22\n",
    "  kremlin:\n    name: Kremlin\n    kind: organization\n",
    "  witkoff: {name: Steve Witkoff, kind: person}\n",
    "  moscow:\n    name: Moscow\n    kind: place\n",
    "  talks:\n    name: Moscow talks\n    kind: event\n    participants: [\"@putin\", \"@witkoff\"]\n",
    "  Bad Id:\n    name: Bad\n",
    "  \"quoted\":\n    name: Quoted\n",
    "  putin: x\n",
    "  🇺🇦:\n    name: Flag\n",
    "  [\n",
    "{\n",
    "? \n",
    "- \n",
    "&a x\n",
    "*a\n",
    "!!str x\n",
    "%YAML 1.2\n",
    "key: |\n  block\n",
    "\t",
    "  ",
    ": ",
    "'",
    "\"",
    "\\",
    "#",
    "@",
    ",",
    "]",
    "}",
];

/// Pieces of the Markdown body.
const BODY: &[&str] = &[
    "[Vladimir Putin](@putin)",
    "[Putin](@putin)",
    "[the Kremlin](@kremlin)",
    "[Somebody](@putin)",
    "[@putin]",
    "[@kremlin][@putin]",
    "[@a][@b]",
    "[@putin][]",
    "[@Bad Id]",
    "[x](@Bad)",
    "[x]( <@putin> )",
    "[x](@putin \"title\")",
    "[x](@putin \"a ](@b\")",
    "[x](@pu\\_tin)",
    "[x][@putin]",
    "[[@putin]](@kremlin)",
    "![alt [@putin]](@putin)",
    "[@",
    "](@",
    "[",
    "]",
    "(",
    ")",
    "@putin",
    "@",
    "`[@putin]`",
    "``",
    "\n```\n[@putin] Putin\n```\n",
    "\n~~~\n",
    "<span>[@putin]</span>",
    "<!-- [@x] -->",
    "<",
    "Vladimir Putin",
    "President Vladimir Putin",
    "Putin's",
    "Putin’s",
    "PUTIN",
    "Moscow talks",
    "Kremlin",
    "Steve Witkoff",
    "ΟΔΥΣΣΕΑΣ",
    "🇺🇦",
    "🇺",
    "👍🏽",
    "👨‍👩‍👧‍👦",
    "é",
    "e\u{301}",
    "\u{301}",
    "İ",
    "ß",
    "\u{200d}",
    "\u{feff}",
    "\0",
    "\u{2028}",
    "\u{2029}",
    "\u{85}",
    "\r\n",
    "\r",
    "\n",
    "\n\n",
    "> ",
    "- ",
    "1. ",
    "# ",
    "\n| a | [@putin] |\n|---|---|\n| Putin | b |\n",
    "[^1]",
    "\n[^1]: Putin note\n",
    "\n[@putin]: http://example.com\n",
    "\\[@putin]",
    "&amp;",
    "&#64;putin",
    "*",
    "_",
    "~~",
    " ",
    "\t",
    "    ",
    "---",
];

fn front_matter(rng: &mut Rng, out: &mut String) {
    let line_end = match rng.below(4) {
        0 => "\r\n",
        1 if rng.chance(30) => "\r",
        _ => "\n",
    };
    if rng.chance(10) {
        out.push('\u{feff}');
    }
    out.push_str(if rng.chance(90) { "---" } else { "--- " });
    out.push_str(line_end);
    for _ in 0..rng.below(12) {
        out.push_str(rng.pick(YAML));
    }
    match rng.below(10) {
        0 => {}
        1 => out.push_str("..."),
        _ => out.push_str("---"),
    }
    if rng.chance(90) {
        out.push_str(line_end);
    }
}

fn long_piece(rng: &mut Rng) -> String {
    let piece = rng.pick(&[
        "a",
        "Putin ",
        "Vladimir Putin ",
        "[@putin]",
        "🇺🇦",
        "é",
        "word ",
        "\r\n",
    ]);
    piece.repeat(10 + rng.below(40))
}

/// A random document; usually small, so every offset can be tried.
fn document(rng: &mut Rng) -> String {
    let mut out = String::new();
    if rng.chance(70) {
        front_matter(rng, &mut out);
    }
    for _ in 0..rng.below(40) {
        if rng.chance(2) {
            out.push_str(&long_piece(rng));
        } else {
            out.push_str(rng.pick(BODY));
        }
    }
    // Cut or splice at a random character boundary: half-written text.
    if rng.chance(20) && !out.is_empty() {
        let at = floor_boundary(&out, rng.below(out.len()));
        out.truncate(at);
    }
    if rng.chance(20) && !out.is_empty() {
        let at = floor_boundary(&out, rng.below(out.len()));
        let piece = if rng.chance(50) {
            rng.pick(YAML)
        } else {
            rng.pick(BODY)
        };
        out.insert_str(at, piece);
    }
    if rng.chance(10) {
        out = out.replace('\n', if rng.chance(50) { "\r\n" } else { "\r" });
    }
    out
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

// ---------------------------------------------------------------------------
// Checks

const ROOT: &str = "/ws";
const REGISTRY: &str = "---\r\ndate: 2026-01-20\r\nentities:\r\n  putin:\r\n    name: Vladimir Putin\r\n    aliases: [Putin]\r\n    kind: person\r\n    affiliation: \"@kremlin\"\r\n  kremlin:\r\n    name: 🇺🇦 Kremlin\r\n  witkoff:\r\n    name: Steve Witkoff\r\n  talks:\r\n    name: Moscow talks\r\n    kind: event\r\n    participants: [\"@putin\", \"@witkoff\"]\r\n---\r\n[@putin] met [Steve Witkoff](@witkoff) at the [talks](@talks).\r\n";

/// A workspace of `docs` (name, text) under the root.
fn workspace_of(docs: Vec<(&str, String)>) -> Workspace {
    let mut ws = Workspace::new(vec![PathBuf::from(ROOT)]);
    for (name, text) in docs {
        ws.apply(Change::Set {
            path: path(name),
            text,
        });
    }
    ws
}

fn path(name: &str) -> PathBuf {
    Path::new(ROOT).join(name)
}

fn assert_range(text: &str, range: TextRange, what: &str) {
    assert!(
        range.start <= range.end
            && range.end <= text.len()
            && text.is_char_boundary(range.start)
            && text.is_char_boundary(range.end),
        "{what}: range {range:?} is not a range of characters of a text of {} bytes",
        text.len()
    );
}

/// `range` of the document at `at`, which `ws` must hold.
fn assert_located(ws: &Workspace, at: &Path, range: TextRange, what: &str) {
    let file = ws
        .load_file(at)
        .unwrap_or_else(|| panic!("{what}: {} is not in the workspace", at.display()));
    assert_range(&file.text, range, what);
}

/// Positions are exact: at every character boundary (except inside a CRLF)
/// the LSP position is the one counted here from scratch, line by line,
/// and it converts back to the same offset.
fn check_positions(text: &str) {
    let lines = LineIndex::new(text);
    let (mut line, mut utf8, mut utf16) = (0u32, 0u32, 0u32);
    let mut chars = text.char_indices().peekable();
    loop {
        let (offset, c) = match chars.peek() {
            Some(&(offset, c)) => (offset, Some(c)),
            None => (text.len(), None),
        };
        for (encoding, column) in [(Encoding::Utf8, utf8), (Encoding::Utf16, utf16)] {
            let position = to_proto::position(&lines, text, offset, encoding);
            assert_eq!(
                (position.line, position.character),
                (line, column),
                "position of byte {offset} ({encoding:?})"
            );
            let back = from_proto::offset(&lines, text, position, encoding);
            assert_eq!(back, offset, "offset of {position:?} ({encoding:?})");
        }
        let Some(c) = c else { break };
        chars.next();
        let crlf = c == '\r' && chars.peek().is_some_and(|&(_, next)| next == '\n');
        if crlf {
            // Between `\r` and `\n` is no place for a cursor.
            chars.next();
        }
        if matches!(c, '\n' | '\r') {
            line += 1;
            utf8 = 0;
            utf16 = 0;
        } else {
            utf8 += c.len_utf8() as u32;
            utf16 += c.len_utf16() as u32;
        }
    }
}

/// What the parser reports lies in the text; mentions and references name
/// exactly the `@id` written.
fn check_parse(text: &str) {
    let (doc, errors) = syntax::parse(text);
    for e in &errors {
        assert_range(text, e.range, "syntax error");
        if let Some(fix) = &e.fix {
            assert_range(text, fix.edit.range, "syntax error fix");
        }
    }
    if let Some(fm) = doc.front_matter {
        assert_range(text, fm, "front matter");
    }
    for def in &doc.entities {
        assert_range(text, def.key, "entity key");
        assert_range(text, def.range, "entity");
        assert!(
            def.range.start <= def.key.start && def.key.end <= def.range.end,
            "the key {:?} lies in the definition {:?}",
            def.key,
            def.range
        );
        let fields = def
            .name
            .iter()
            .chain(&def.role)
            .chain(&def.affiliation)
            .chain(&def.country)
            .chain(&def.aliases)
            .chain(&def.description)
            .chain(&def.wikidata)
            .chain(&def.url)
            .chain(&def.place)
            .chain(&def.participants);
        for field in fields {
            assert_range(text, field.range, "entity field");
        }
    }
    for r in &doc.references {
        assert_range(text, r.range, "reference");
        let written = &text[r.range.start..r.range.end];
        assert!(
            written.starts_with('@') || written.starts_with(['"', '\'']),
            "reference {:?} written as {written:?}",
            r.id
        );
    }
    for m in &doc.mentions {
        assert_range(text, m.range, "mention");
        assert_range(text, m.id_range, "mention id");
        // The `@id` as written; or, for an id not written literally (an
        // escape, an entity, a line break), the whole mention.
        let written = &text[m.id_range.start..m.id_range.end];
        assert!(
            written == format!("@{}", m.id) || m.id_range == m.range,
            "the id range of a mention is its `@id` or the whole mention, not {written:?}"
        );
        assert!(m.range.start <= m.id_range.start && m.id_range.end <= m.range.end);
        assert!(
            text[m.range.start..].starts_with('['),
            "a mention starts at `[`"
        );
        if let Some(surface) = m.surface {
            assert_range(text, surface, "mention surface");
        }
    }
    let mut last_end = 0;
    for p in &doc.prose {
        assert_range(text, *p, "prose");
        assert!(
            p.start >= last_end,
            "prose ranges are in order: {:?}",
            doc.prose
        );
        last_end = p.end;
    }
}

/// Every feature on the document at `at`, at every `step`th byte offset
/// and past the end: nothing panics, every range fits its text.
fn check_features(ws: &Workspace, at: &Path, step: usize) {
    let text = &ws.load_file(at).expect("the document").text;
    let file = ws.load_file(at).expect("the document");
    for d in diagnostics::collect(ws, at) {
        assert_range(text, d.range, &format!("diagnostic {}", d.code));
        for r in &d.related {
            assert_located(ws, &r.path, r.range, "related information");
        }
        if let Some(fix) = &d.fix {
            assert_range(text, fix.edit.range, "fix");
        }
        for encoding in [Encoding::Utf16, Encoding::Utf8] {
            to_proto::diagnostic(ws, file, &d, encoding, &Default::default());
        }
    }
    for s in symbols::document(ws, at) {
        assert_range(text, s.range, "document symbol");
        assert_range(text, s.selection, "document symbol selection");
    }
    let mut renamed = BTreeSet::new();
    let offsets = (0..=text.len()).step_by(step);
    for offset in offsets.chain([text.len() + 1, text.len() + 10, usize::MAX]) {
        if let Some(h) = hover::find(ws, at, offset) {
            assert_range(text, h.range, &format!("hover at {offset}"));
            assert!(!h.markdown.is_empty());
        }
        for l in definition::find(ws, at, offset) {
            assert_located(ws, &l.path, l.range, &format!("definition from {offset}"));
        }
        // References and completion cost as much again: every third offset.
        if offset % 3 != 0 {
            continue;
        }
        for l in references::find(ws, at, offset, offset % 2 == 0) {
            assert_located(ws, &l.path, l.range, &format!("reference from {offset}"));
        }
        for item in completion::complete(ws, at, offset).items {
            assert_range(text, item.replace, &format!("completion at {offset}"));
        }
        for h in references::highlights(ws, at, offset) {
            assert_range(text, h.range, &format!("highlight from {offset}"));
        }
        if let Some((range, id)) = rename::prepare(ws, at, offset) {
            assert_range(text, range, &format!("rename of {id:?} from {offset}"));
            if renamed.insert(id) {
                check_rename_edits(ws, at, offset);
            }
        }
    }
    let everything = TextRange::new(0, text.len());
    for q in code_actions::quick_fixes(ws, at, everything) {
        for (path, edits) in &q.change.edits {
            for edit in edits {
                assert_located(ws, path, edit.range, "quick fix");
            }
        }
    }
    for s in symbols::workspace(ws, "") {
        assert_located(ws, &s.path, s.selection, "workspace symbol");
    }
}

/// The edits of a rename lie in their documents, in order, not overlapping.
fn check_rename_edits(ws: &Workspace, at: &Path, offset: usize) {
    let Ok(change) = rename::rename(ws, at, offset, "renamed-id") else {
        return;
    };
    for (file, edits) in change.edits {
        let mut last_end = 0;
        for TextEdit { range, .. } in edits {
            assert_located(ws, &file, range, &format!("rename edit from {offset}"));
            assert!(range.start >= last_end, "rename edits overlap at {range:?}");
            last_end = range.end;
        }
    }
}

fn check_document(text: &str) {
    check_parse(text);
    check_positions(text);
    let ws = workspace_of(vec![
        ("registry.news.md", REGISTRY.to_string()),
        ("a.news.md", text.to_string()),
    ]);
    let here = path("a.news.md");
    check_features(&ws, &here, 1);
    // The registry is the same every time; what it sees of `a` is not.
    check_features(&ws, &path("registry.news.md"), 13);
}

/// Runs `check` on `text`, naming the seed and document when it panics.
fn run_case(seed: u64, n: usize, text: &str, check: impl FnOnce(&str)) {
    if catch_unwind(AssertUnwindSafe(|| check(text))).is_err() {
        panic!("seed {seed}, document {n} failed (see the panic above); its text:\n{text:?}");
    }
}

/// `count` random documents from `seed`, each through every check. The
/// work is bounded by `count`, never by the clock: how the features grow
/// with the size of a folder is the business of `cost::` below.
fn random_documents(seed: u64, count: usize) {
    let mut rng = Rng::new(seed);
    for n in 0..count {
        let text = document(&mut rng);
        run_case(seed, n, &text, check_document);
    }
}

// One test per seed, so that the harness runs them side by side.

#[test]
fn random_documents_seed_1() {
    random_documents(1, 60);
}

#[test]
fn random_documents_seed_2() {
    random_documents(2, 60);
}

#[test]
fn random_documents_seed_3() {
    random_documents(3, 60);
}

#[test]
fn random_documents_seed_4() {
    random_documents(4, 60);
}

/// A longer run for exploration, outside the normal test run:
/// `ROBUSTNESS_SEEDS=1000..1100 cargo test --release --test it -- --ignored robustness::explore`
/// prints every failing seed and document and goes on.
#[test]
#[ignore = "exploration: a long run over many seeds, by hand"]
fn explore() {
    let seeds = std::env::var("ROBUSTNESS_SEEDS").unwrap_or_else(|_| "100..200".to_string());
    let (from, to) = seeds
        .split_once("..")
        .and_then(|(a, b)| Some((a.parse::<u64>().ok()?, b.parse::<u64>().ok()?)))
        .expect("ROBUSTNESS_SEEDS=from..to");
    let mut failed = Vec::new();
    for seed in from..to {
        let mut rng = Rng::new(seed);
        for n in 0..100 {
            let text = document(&mut rng);
            if catch_unwind(AssertUnwindSafe(|| check_document(&text))).is_err() {
                eprintln!("FAILED seed {seed}, document {n}: {text:?}");
                failed.push((seed, n));
            }
        }
    }
    assert!(failed.is_empty(), "failing (seed, document): {failed:?}");
}

#[test]
fn hand_picked_documents_never_break_a_feature() {
    let cases = [
        "",
        "\u{feff}",
        "---",
        "---\n",
        "\u{feff}---\n",
        "---\r\n---\r\n",
        "---\r...\r",
        "---\n:\n---\n",
        "---\nentities:\n  a:\n    affiliation: @\n---\n",
        "---\nentities:\n  a:\n    name: A\n    affiliation: @🇺🇦\n---\n",
        "---\ntitle: \u{feff}\n---\n",
        "---\ntitle: a\0b\n---\n[@a]\0",
        "[@a][@b][@c]",
        "[@a]][@b]",
        "[@]",
        "[x](@)",
        "[x](<@>)",
        "[@a\r\nb]",
        "[x](\r\n@a)",
        "> [x](\n> @a)",
        "🇺🇦[@a]🇺🇦\r\n👨‍👩‍👧‍👦[x](@a)\u{2028}e\u{301}",
        "\r\r\n\n\r",
        "[@putin]\u{85}Putin\u{2028}Vladimir Putin",
    ];
    for (n, text) in cases.iter().enumerate() {
        run_case(0, n, text, check_document);
    }
}

/// YAML nesting deeper than saphyr's own limit is reported, not followed:
/// flow collections stop at its recursion limit.
#[test]
fn deep_flow_nesting_is_an_error_not_a_crash() {
    for open in ["[", "{a: ", "[{", "{a: ["] {
        let text = format!("---\nx: {}\n---\n", open.repeat(100_000));
        let (_, errors) = on_small_stack(move || syntax::parse(&text));
        assert!(errors.iter().any(|e| e.code == Code::InvalidFrontMatter));
    }
}

/// Block collections have no such limit in saphyr: the YAML tree of
/// `? ? ? ...` or `- - - ...` would be as deep as the input, and dropping
/// it recurses once per level, which on a 2 MiB thread (a tokio worker)
/// overflows the stack at 20 000 levels, 40 kB of text; no `catch_unwind`
/// can stop that. So the YAML reader stops at a fixed depth and says so,
/// and the body is still read.
#[test]
fn deep_block_nesting_does_not_overflow_the_stack() {
    for level in ["? ", "- ", "- ? "] {
        let text = format!("---\n{}x\n---\n[@a]\n", level.repeat(100_000));
        let (doc, errors) = on_small_stack(move || syntax::parse(&text));
        assert!(
            errors
                .iter()
                .any(|e| e.code == Code::InvalidFrontMatter && e.message.contains("levels deep")),
            "{level:?}: {errors:?}"
        );
        let mentioned: Vec<&str> = doc.mentions.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(mentioned, ["a"], "{level:?}");
    }
}

/// Runs `f` on a thread with the stack of a tokio worker or a test thread.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(f)
        .expect("a thread")
        .join()
        .expect("no panic")
}

// ---------------------------------------------------------------------------
// Documents that once parsed silently wrong

/// Lone `\r` line ends (which LSP, CommonMark and the line index all count
/// as line breaks) end the front matter's lines too: its entities are read
/// and nothing is reported.
#[test]
fn front_matter_with_lone_cr_line_ends() {
    let text = "---\rentities:\r  putin:\r    name: Vladimir Putin\r---\r[@putin]\r";
    let (doc, errors) = syntax::parse(text);
    let defined: Vec<&str> = doc.entities.iter().map(|d| d.id.as_str()).collect();
    let mentioned: Vec<&str> = doc.mentions.iter().map(|m| m.id.as_str()).collect();
    assert_eq!((defined, mentioned), (vec!["putin"], vec!["putin"]));
    assert!(errors.is_empty(), "{errors:?}");
}

/// Every link to an `@id` is a mention of that id, however its destination
/// is written; only an id written literally can be edited in place.
#[test]
fn links_to_ids_are_mentions() {
    for (text, id, written) in [
        // A title holding `](`.
        ("[Putin](@putin \"a ](b\")\n", "putin", true),
        // An escape or an entity in the destination: the id is not
        // written literally.
        ("[Putin](@pu\\_tin)\n", "pu_tin", false),
        ("[Putin](&#64;putin)\n", "putin", false),
        // A destination on the next line of a block quote.
        ("> [Putin](\n> @putin)\n", "putin", false),
    ] {
        let (doc, _) = syntax::parse(text);
        let mentions: Vec<(&str, bool)> = doc
            .mentions
            .iter()
            .map(|m| (m.id.as_str(), m.id_is_written()))
            .collect();
        assert_eq!(mentions, [(id, written)], "{text:?}");
    }
}

/// Names are compared case-blind, with the same lowercasing for names and
/// prose (a final `Σ` is `ς` in both), so a name in Greek capitals is found
/// in identical prose and an exact surface is no mismatch.
#[test]
fn greek_capitals_match_themselves() {
    let text = "---\nentities:\n  o:\n    name: ΟΔΥΣΣΕΑΣ\n---\n[ΟΔΥΣΣΕΑΣ](@o) met ΟΔΥΣΣΕΑΣ.\n";
    let ws = workspace_of(vec![("a.news.md", text.to_string())]);
    let here = path("a.news.md");
    let codes: Vec<newsls::ide::Code> = diagnostics::collect(&ws, &here)
        .iter()
        .map(|d| d.code)
        .collect();
    assert!(
        !codes.contains(&newsls::ide::Code::SurfaceMismatch),
        "{codes:?}"
    );
    let plain = text.rfind("ΟΔΥΣΣΕΑΣ").expect("the plain name");
    assert!(
        hover::find(&ws, &here, plain).is_some(),
        "no hover on the name"
    );
}

/// A quick fix must not break the front matter, even on a quoted reference
/// with an escape (`"@K\u0072emlin"`), whose range is the whole scalar,
/// quotes included.
#[test]
fn quick_fixes_keep_the_front_matter_valid() {
    let cases = [
        "---\nentities:\n  a:\n    name: A\n    affiliation: \"@K\\u0072emlin\"\n---\n[@a]\n",
        "---\nentities:\n  kremlin:\n    name: K\n  a:\n    name: A\n    affiliation: \"@k\\x72emlim\"\n---\n[@a] [@kremlin]\n",
        "---\nentities:\n  a:\n    name: A\n    affiliation: \"@Kremlin\\t\"\n---\n[@a]\n",
        // Every field indented: `entities:` is written in line with them.
        "---\n    kind: person\n    place: \"@moscow\"\n---\n[A](@a)\n",
        "---\r\n  title: T\r\n  entities:\r\n---\r\n[A](@a)\r\n",
    ];
    for text in cases {
        for fixed in every_fix_applied(text) {
            let (_, errors) = syntax::parse(&fixed);
            assert!(
                !errors.iter().any(|e| e.code == Code::InvalidFrontMatter),
                "fixing {text:?} gave {fixed:?}: {errors:?}"
            );
        }
    }
}

/// The same property over random documents, for fixes whose YAML was valid.
#[test]
fn random_quick_fixes_keep_valid_front_matter_valid() {
    for seed in 1..=3 {
        let mut rng = Rng::new(seed);
        for n in 0..100 {
            let text = document(&mut rng);
            let (_, before) = syntax::parse(&text);
            if before.iter().any(|e| e.code == Code::InvalidFrontMatter) {
                continue;
            }
            run_case(seed, n, &text, |text| {
                for fixed in every_fix_applied(text) {
                    let (_, after) = syntax::parse(&fixed);
                    assert!(
                        !after.iter().any(|e| e.code == Code::InvalidFrontMatter),
                        "a fix broke the front matter: {fixed:?}: {after:?}"
                    );
                }
            });
        }
    }
}

/// `text` with each quick fix applied, one at a time.
fn every_fix_applied(text: &str) -> Vec<String> {
    let ws = workspace_of(vec![
        ("registry.news.md", REGISTRY.to_string()),
        ("a.news.md", text.to_string()),
    ]);
    let here = path("a.news.md");
    let fixes = code_actions::quick_fixes(&ws, &here, TextRange::new(0, text.len()));
    // Fixes that define an entity in the registry must keep it valid too.
    for fix in &fixes {
        if let Some(edits) = fix.change.edits.get(path("registry.news.md").as_path()) {
            let registry = TextEdit::apply(REGISTRY, edits);
            let (_, errors) = syntax::parse(&registry);
            assert!(errors.is_empty(), "{}: {registry:?}: {errors:?}", fix.title);
        }
    }
    fixes
        .into_iter()
        .filter_map(|q| {
            let edits = q.change.edits.get(here.as_path())?;
            Some(TextEdit::apply(text, edits))
        })
        .collect()
}

/// A rename changes every use of the id and breaks no front matter, also
/// on a quoted reference with an escape (the same ranges as for the quick
/// fixes above).
#[test]
fn rename_keeps_the_front_matter_valid() {
    let text = "---\nentities:\n  kremlin:\n    name: Kremlin\n  a:\n    name: A\n    affiliation: \"@kr\\x65mlin\"\n---\n[@a]\n";
    let at = text.find("kremlin").expect("the key");
    check_rename(text, Some(at));
}

/// The same over random documents.
#[test]
fn random_renames_rename_everything_and_break_nothing() {
    for seed in 1..=3 {
        let mut rng = Rng::new(seed);
        for n in 0..80 {
            let text = document(&mut rng);
            run_case(seed, n, &text, |text| check_rename(text, None));
        }
    }
}

/// Renames the id at `offset` of `a` (beside the registry; every id `a`
/// holds when `None`) to `renamed-id` and checks the documents that
/// changed: no new YAML error, and the old id is gone from every key,
/// mention and reference.
fn check_rename(text: &str, offset: Option<usize>) {
    let here = path("a.news.md");
    let texts = [
        (path("registry.news.md"), REGISTRY.to_string()),
        (here.clone(), text.to_string()),
    ];
    let mut ws = Workspace::new(vec![PathBuf::from(ROOT)]);
    for (at, text) in &texts {
        ws.apply(Change::Set {
            path: at.clone(),
            text: text.clone(),
        });
    }
    // One offset for each id that can be renamed.
    let mut targets = std::collections::BTreeMap::new();
    let offsets: Vec<usize> = match offset {
        Some(offset) => vec![offset],
        None => (0..=text.len()).collect(),
    };
    for offset in offsets {
        if let Some((_, id)) = rename::prepare(&ws, &here, offset) {
            targets.entry(id).or_insert(offset);
        }
    }
    for (old, offset) in targets {
        let Ok(change) = rename::rename(&ws, &here, offset, "renamed-id") else {
            continue;
        };
        for (at, text) in &texts {
            let Some(edits) = change.edits.get(at.as_path()) else {
                continue;
            };
            let (_, before) = syntax::parse(text);
            let broken_before = before.iter().any(|e| e.code == Code::InvalidFrontMatter);
            let text = TextEdit::apply(text, edits);
            let (doc, after) = syntax::parse(&text);
            assert!(
                broken_before || !after.iter().any(|e| e.code == Code::InvalidFrontMatter),
                "renaming `{old}` broke the front matter: {text:?}: {after:?}"
            );
            let left = (doc.entities.iter().map(|d| d.id.as_str()))
                .chain(doc.mentions.iter().map(|m| m.id.as_str()))
                .chain(doc.references.iter().map(|r| r.id.as_str()))
                .any(|id| id == old);
            assert!(
                broken_before || !left,
                "`{old}` is still used after renaming it: {text:?}"
            );
        }
    }
}

// ---------------------------------------------------------------------------
// Cost

/// Timing tests: they fail when work that should grow linearly grows
/// faster. Timings in a debug build, beside CPU-heavy tests, mean little,
/// so they are ignored in a normal run; `NEWSLS_SLOW_TESTS=1 scripts/test`
/// runs them in release, one at a time:
/// `cargo test --release --test it -- --ignored --test-threads=1 robustness::cost::`.
mod cost {
    use super::*;

    /// Seconds `f` takes.
    fn timed(f: impl FnOnce()) -> f64 {
        let started = Instant::now();
        f();
        started.elapsed().as_secs_f64()
    }

    fn registry_of(n: usize) -> String {
        let mut text = String::from("---\nentities:\n");
        for i in 0..n {
            text.push_str(&format!("  e{i}:\n    name: Person Number{i}\n"));
        }
        text.push_str("---\n");
        text
    }

    /// Work that should grow linearly, measured at `n` and `4 n` (the best of
    /// two runs each): linear growth is about 4 times slower, quadratic 16
    /// times. Below 10 ms, timings are noise.
    fn assert_not_quadratic(what: &str, n: usize, run: impl Fn(usize) -> f64) {
        let small = run(n).min(run(n));
        let large = run(4 * n).min(run(4 * n));
        assert!(
            large < 9.0 * small.max(0.01),
            "{what}: {n} took {small:.3} s, {} took {large:.3} s",
            4 * n
        );
    }

    /// Seconds to compute the diagnostics of a workspace of one document.
    fn diagnostics_time(name: &str, text: String) -> f64 {
        let ws = workspace_of(vec![(name, text)]);
        let here = path(name);
        timed(|| {
            diagnostics::collect(&ws, &here);
        })
    }

    /// One document defining many entities: repeated keys of a mapping are
    /// found through a set, so a registry of 100 000 entities (one mapping)
    /// parses in linear time; it once took 12 s, on every keystroke.
    #[test]
    #[ignore = "timing: NEWSLS_SLOW_TESTS=1 scripts/test runs it, in release, alone"]
    fn many_entities_parse_in_linear_time() {
        assert_not_quadratic("parse", 4000, |n| {
            let text = registry_of(n);
            timed(|| {
                syntax::parse(&text);
            })
        });
    }

    /// Diagnostics of a registry look every id up once per definition; they
    /// used to scan the whole registry for each (fixed in afb4782).
    #[test]
    #[ignore = "timing: NEWSLS_SLOW_TESTS=1 scripts/test runs it, in release, alone"]
    fn many_entities_diagnose_in_linear_time() {
        assert_not_quadratic("diagnostics", 1000, |n| {
            let mut text = registry_of(n);
            for i in 0..n {
                text.push_str(&format!("[Person Number{i}](@e{i}) and Person Number{i}. "));
            }
            diagnostics_time("registry.news.md", text)
        });
    }

    /// Completion and workspace symbols search the index and open at most the
    /// definitions they return; with every id in one registry document they
    /// used to scan all of its entities for each id (fixed in 2e5fcfd).
    #[test]
    #[ignore = "timing: NEWSLS_SLOW_TESTS=1 scripts/test runs it, in release, alone"]
    fn completion_with_many_entities() {
        let setup = |n: usize| {
            workspace_of(vec![
                ("registry.news.md", registry_of(n)),
                ("a.news.md", "Met [@e".to_string()),
            ])
        };
        assert_not_quadratic("completion", 500, |n| {
            let ws = setup(n);
            timed(|| {
                completion::complete(&ws, &path("a.news.md"), 7);
            })
        });
        assert_not_quadratic("workspace symbols", 500, |n| {
            let ws = setup(n);
            timed(|| {
                symbols::workspace(&ws, "");
            })
        });
    }

    /// Each undefined `@id` computed its typo suggestion against every defined
    /// id; now only the first 50 of a document do (fixed in afb4782).
    #[test]
    #[ignore = "timing: NEWSLS_SLOW_TESTS=1 scripts/test runs it, in release, alone"]
    fn many_undefined_mentions_diagnose_in_linear_time() {
        assert_not_quadratic("undefined mentions", 300, |n| {
            let mut text = String::from("---\nentities:\n");
            for i in 0..n {
                text.push_str(&format!("  e{i:06}:\n    name: P{i}\n"));
            }
            text.push_str("---\n");
            for i in 0..n {
                text.push_str(&format!("[@u{i:06}] "));
            }
            diagnostics_time("a.news.md", text)
        });
    }

    /// Converting the ranges of a long line of emoji and accents to LSP
    /// positions counts at most a checkpoint's worth of text per position.
    #[test]
    #[ignore = "timing: NEWSLS_SLOW_TESTS=1 scripts/test runs it, in release, alone"]
    fn positions_on_long_lines_stay_cheap() {
        assert_not_quadratic("positions", 500, |n| {
            let ws = workspace_of(vec![("a.news.md", "é🇺🇦 [@unknown] 👨‍👩‍👧‍👦 ".repeat(n))]);
            let here = path("a.news.md");
            let file = ws.load_file(&here).expect("the document");
            let found = diagnostics::collect(&ws, &here);
            timed(|| {
                for d in &found {
                    to_proto::diagnostic(&ws, file, d, Encoding::Utf16, &Default::default());
                }
            })
        });
    }

    /// Long lines, many mentions, long names and big front matter stay linear.
    #[test]
    #[ignore = "timing: NEWSLS_SLOW_TESTS=1 scripts/test runs it, in release, alone"]
    fn long_inputs_stay_linear() {
        const NAMES: &str = "---\nentities:\n  a:\n    name: w w w w w w w w w w w z\n  b:\n    name: Zzz Yyy\n---\n";
        type Shape = (&'static str, fn(usize) -> String);
        let shapes: [Shape; 5] = [
            ("a long line of prose", |n| {
                format!("{NAMES}{}", "w ".repeat(n))
            }),
            ("many known names", |n| {
                format!("{NAMES}{}", "Zzz Yyy ".repeat(n / 4))
            }),
            ("many mentions", |n| {
                format!("{NAMES}{}", "[Zzz](@b) ".repeat(n / 5))
            }),
            ("a long title", |n| {
                format!("---\ntitle: {}\n---\n", "word ".repeat(n / 2))
            }),
            ("many lines", |n| "\r\n\r".repeat(n)),
        ];
        for (what, shape) in shapes {
            assert_not_quadratic(what, 2_000, |n| {
                let mut ws = Workspace::new(vec![PathBuf::from(ROOT)]);
                let here = path("a.news.md");
                let text = shape(n);
                let len = text.len();
                timed(|| {
                    ws.apply(Change::Set {
                        path: here.clone(),
                        text,
                    });
                    diagnostics::collect(&ws, &here);
                    hover::find(&ws, &here, len / 2);
                })
            });
        }
    }
}

// ---------------------------------------------------------------------------
// The index under random edits

const IDS: &[&str] = &["putin", "kremlin", "witkoff", "moscow", "talks", "x", "Bad"];
const NAMES: &[&str] = &[
    "Vladimir Putin",
    "Putin",
    "President Vladimir Putin",
    "Kremlin",
    "the Kremlin",
    "Steve Witkoff",
    "Witkoff",
    "Moscow",
    "Moscow talks",
    "X",
    "one two three four five six seven eight nine ten eleven twelve thirteen",
    "🇺🇦",
];

/// A document of the small world above: entities defined, referred to,
/// mentioned and named, often in disagreement, sometimes broken.
fn world_document(rng: &mut Rng) -> String {
    let mut out = String::new();
    if rng.chance(85) {
        out.push_str("---\n");
        if rng.chance(60) {
            out.push_str(&format!("date: 2026-01-{:02}\n", 1 + rng.below(28)));
        }
        out.push_str("entities:\n");
        for _ in 0..rng.below(4) {
            out.push_str(&format!("  {}:\n", rng.pick(IDS)));
            if rng.chance(85) {
                out.push_str(&format!("    name: {}\n", rng.pick(NAMES)));
            }
            if rng.chance(40) {
                let kind = rng.pick(&["person", "organization", "place", "event"]);
                out.push_str(&format!("    kind: {kind}\n"));
            }
            if rng.chance(40) {
                let a = rng.pick(NAMES);
                let b = rng.pick(NAMES);
                out.push_str(&format!("    aliases: [{a}, {b}]\n"));
            }
            if rng.chance(30) {
                out.push_str(&format!("    affiliation: \"@{}\"\n", rng.pick(IDS)));
            }
            if rng.chance(20) {
                let a = rng.pick(IDS);
                let b = rng.pick(IDS);
                out.push_str(&format!("    participants: [\"@{a}\", \"@{b}\"]\n"));
            }
        }
        out.push_str("---\n");
    }
    for _ in 0..rng.below(8) {
        let id = rng.pick(IDS);
        let name = rng.pick(NAMES);
        match rng.below(5) {
            0 => out.push_str(&format!("[@{id}] ")),
            1 => out.push_str(&format!("[{name}](@{id}) ")),
            2 => out.push_str(&format!("{name}'s ")),
            3 => out.push_str("and 🇺🇦 the\r\n"),
            _ => out.push_str(&format!("{name} ")),
        }
    }
    if rng.chance(10) && !out.is_empty() {
        let at = floor_boundary(&out, rng.below(out.len()));
        out.truncate(at);
    }
    out
}

/// Everything the index answers, in a form that does not depend on the
/// order changes came in.
fn index_answers(ws: &Workspace) -> Vec<String> {
    let index = ws.index();
    let mut ids: BTreeSet<String> = IDS.iter().map(|s| s.to_string()).collect();
    ids.extend(index.defined_ids().map(str::to_string));
    let mut out = Vec::new();
    // File ids differ between workspaces: compare the paths they name.
    let paths = |it: &mut dyn Iterator<Item = newsls::workspace::FileId>| {
        ws.load_files_by_path(it)
            .iter()
            .map(|f| f.path.display().to_string())
            .collect::<Vec<_>>()
    };
    for id in &ids {
        out.push(format!(
            "{id}: defined {} used {} by {:?} mentioned {:?} referred {:?}",
            index.is_defined(id),
            index.is_used(id),
            paths(&mut index.definers(id)),
            paths(&mut index.mentioners(id)),
            paths(&mut index.referrers(id)),
        ));
    }
    let mut phrases: BTreeSet<Phrase> = NAMES.iter().filter_map(|n| phrase_of(n)).collect();
    phrases.insert(Phrase("putin s".into()));
    for phrase in phrases {
        let mut named: Vec<&str> = index.named(&phrase).collect();
        named.sort_unstable();
        out.push(format!("{phrase:?} names {named:?}"));
    }
    out.push(format!("longest name {}", index.longest_name()));
    out
}

/// Diagnostics, hovers and definitions of every document, in the order the
/// features give them: that order must not depend on the history of edits
/// either (see the test below).
fn feature_answers(ws: &Workspace, paths: &[PathBuf]) -> Vec<String> {
    let mut out = Vec::new();
    for at in paths {
        let Some(file) = ws.load_file(at) else {
            out.push(format!("{}: absent", at.display()));
            continue;
        };
        let found: Vec<String> = diagnostics::collect(ws, at)
            .iter()
            .map(|d| format!("{d:?}"))
            .collect();
        out.push(format!("{}: {found:#?}", at.display()));
        for offset in 0..=file.text.len() {
            if let Some(h) = hover::find(ws, at, offset) {
                out.push(format!("hover {offset}: {:?} {:?}", h.range, h.markdown));
            }
            let to: Vec<String> = definition::find(ws, at, offset)
                .iter()
                .map(|l| format!("{l:?}"))
                .collect();
            if !to.is_empty() {
                out.push(format!("definition {offset}: {to:?}"));
            }
        }
    }
    out
}

fn fresh_workspace(ws: &Workspace, paths: &[PathBuf], rng: &mut Rng) -> Workspace {
    let mut order: Vec<&PathBuf> = paths.iter().filter(|p| ws.load_file(p).is_some()).collect();
    // Shuffled: the index must not depend on the order documents came in.
    for i in (1..order.len()).rev() {
        order.swap(i, rng.below(i + 1));
    }
    // Put in at once, as reading the folders does: the index is built in
    // one pass (`Index::build`).
    let mut fresh = Workspace::new(vec![PathBuf::from(ROOT)]);
    let entries = order
        .into_iter()
        .map(|at| {
            let text = ws.load_file(at).expect("listed").text.clone();
            Arc::new(DocumentEntry::of(File::new(at.as_path().into(), text)))
        })
        .collect();
    fresh.extend(entries);
    fresh
}

/// The index after any sequence of Set and Remove answers exactly as one
/// built at once from the final texts: `Index::update` keeps it exact, and
/// `Index::build` makes the same.
#[test]
fn incremental_index_matches_a_fresh_one() {
    let paths: Vec<PathBuf> = (0..6).map(|i| path(&format!("d{i}.news.md"))).collect();
    for seed in 1..=4 {
        let mut rng = Rng::new(seed);
        let mut ws = Workspace::new(vec![PathBuf::from(ROOT)]);
        for step in 0..160 {
            let at = paths[rng.below(paths.len())].clone();
            let change = match rng.below(10) {
                0 | 1 => Change::Remove { path: at },
                // The same text again: a change that changes nothing.
                2 => match ws.load_file(&at) {
                    Some(file) => Change::Set {
                        text: file.text.clone(),
                        path: at,
                    },
                    None => Change::Remove { path: at },
                },
                _ => Change::Set {
                    path: at,
                    text: world_document(&mut rng),
                },
            };
            ws.apply(change);
            if step % 20 == 19 {
                let fresh = fresh_workspace(&ws, &paths, &mut rng);
                assert_eq!(
                    index_answers(&ws),
                    index_answers(&fresh),
                    "seed {seed}, step {step}: the index"
                );
                assert_eq!(
                    feature_answers(&ws, &paths),
                    feature_answers(&fresh, &paths),
                    "seed {seed}, step {step}: the features"
                );
            }
        }
    }
}

/// When one phrase names several ids, the order of those ids must not come
/// from the order documents were added to the index: the order of
/// `unannotated-mention` diagnostics with one range, of hover sections and
/// of definitions would then depend on the history of edits, and the
/// server would republish diagnostics that did not change.
#[test]
fn answers_do_not_depend_on_edit_order() {
    let a = "---\nentities:\n  putin:\n    name: Putin\n---\n[@putin]\n";
    let b = "---\nentities:\n  vova:\n    name: Putin\n---\n[@vova]\n";
    let c = "Putin spoke.\n";
    let build = |order: &[(&str, &str)]| {
        let mut ws = Workspace::new(vec![PathBuf::from(ROOT)]);
        for (name, text) in order {
            ws.apply(Change::Set {
                path: path(name),
                text: text.to_string(),
            });
        }
        ws
    };
    let one = build(&[("a.news.md", a), ("b.news.md", b), ("c.news.md", c)]);
    let two = build(&[("b.news.md", b), ("a.news.md", a), ("c.news.md", c)]);
    let here = path("c.news.md");
    assert_eq!(
        diagnostics::collect(&one, &here),
        diagnostics::collect(&two, &here)
    );
    assert_eq!(hover::find(&one, &here, 1), hover::find(&two, &here, 1));
    assert_eq!(
        definition::find(&one, &here, 1),
        definition::find(&two, &here, 1)
    );
}
