//! End-to-end: titles in prose (`outdated-title`, its quick fixes and
//! hover) and the `first-reference` style rule, off by default and on by
//! `.newsls.toml`, through the built binary over stdio and in
//! `newsls check`; and the figures docs/format.md gives for the stories
//! of `data/titles/`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::support::{
    self, Enc, Lsp, TempDir, apply_edits, codes, pos_of, quick_fix, run_newsls, uri,
};
use serde_json::Value;

/// Real people and their dated roles: the registry the unit tests of
/// titles read too.
const REGISTRY: &str = include_str!("../data/titles/people.md");

const SUMMIT: &str = "\
---
date: 2026-06-15
---
Prime Minister [Mark Rutte](@rutte) opened the summit. Later, Prime Minister Rutte spoke.
";

const TALKS: &str = "\
---
date: 2025-03-01
---
Chancellor [Friedrich Merz](@merz) said talks go on. Chancellor [Merz](@merz) left.
";

const BRIEF: &str = "\
---
date: 2026-06-15
---
[Rutte](@rutte) met CDU leader [Merz](@merz).
";

fn start(settings: Option<&str>) -> (TempDir, Lsp) {
    let dir = TempDir::new("titles");
    dir.write("registry.news.md", REGISTRY);
    if let Some(settings) = settings {
        dir.write(".newsls.toml", settings);
    }
    let mut lsp = Lsp::start();
    lsp.initialize(dir.path(), false);
    (dir, lsp)
}

/// The codes of the diagnostics published for `doc` at `version`.
fn diagnostics_at(lsp: &mut Lsp, doc: &str, version: i64) -> Value {
    lsp.diagnostics_where(doc, |p| p["version"] == version)
}

/// Asks for the quick fixes at `needle` (the `nth` time it is written),
/// applies the one titled `title` through a full-text change, and returns
/// the new text, the new version and its diagnostics.
fn apply_fix(
    lsp: &mut Lsp,
    doc: &str,
    (text, version): (&str, i64),
    (needle, nth): (&str, usize),
    title: &str,
) -> (String, i64, Value) {
    let at = pos_of(text, needle, nth, 1, Enc::Utf16);
    let action = quick_fix(lsp, doc, &at, title);
    let new = apply_edits(text, &action["edit"]["changes"][doc]);
    let version = version + 1;
    lsp.change_full(doc, version, &new);
    let published = diagnostics_at(lsp, doc, version);
    (new, version, published)
}

fn count(params: &Value, code: &str) -> usize {
    codes(params).iter().filter(|c| *c == code).count()
}

#[test]
fn each_title_fix_applied_through_the_server_clears_its_diagnostic() {
    let (dir, mut lsp) = start(None);
    let summit = uri(&dir.write("summit.news.md", SUMMIT));
    let talks = uri(&dir.write("talks.news.md", TALKS));

    lsp.open(&summit, SUMMIT);
    let published = diagnostics_at(&mut lsp, &summit, 1);
    assert_eq!(count(&published, "outdated-title"), 2, "{published:#}");
    let first = published["diagnostics"]
        .as_array()
        .and_then(|ds| ds.iter().find(|d| d["code"] == "outdated-title"))
        .expect("an outdated-title")
        .clone();
    assert_eq!(first["severity"], 2, "a warning");
    assert_eq!(
        first["range"],
        support::range_of(SUMMIT, "Prime Minister", 0, Enc::Utf16)
    );
    assert_eq!(
        first["message"],
        "“Prime Minister”: Mark Rutte was Prime Minister of the Netherlands until 2024-07-02, \
         and on 2026-06-15 is Secretary General of NATO (since 2024-10-01)"
    );

    // The title held on the date, as the registry lists it first, at the
    // start of a sentence.
    let (text, version, published) = apply_fix(
        &mut lsp,
        &summit,
        (SUMMIT, 1),
        ("Prime Minister", 0),
        "Change to “NATO chief”",
    );
    assert!(
        text.contains("\nNATO chief [Mark Rutte](@rutte) opened"),
        "{text}"
    );
    assert_eq!(count(&published, "outdated-title"), 1, "{published:#}");

    // A qualifier, on a plain known name.
    let (text, _, published) = apply_fix(
        &mut lsp,
        &summit,
        (&text, version),
        ("Prime Minister", 0),
        "Insert “former”",
    );
    assert!(
        text.contains("Later, former Prime Minister Rutte spoke."),
        "{text}"
    );
    assert_eq!(count(&published, "outdated-title"), 0, "{published:#}");

    // A role not yet held, with its capital at the sentence start.
    lsp.open(&talks, TALKS);
    let published = diagnostics_at(&mut lsp, &talks, 1);
    assert_eq!(count(&published, "outdated-title"), 2, "{published:#}");
    let (text, version, published) = apply_fix(
        &mut lsp,
        &talks,
        (TALKS, 1),
        ("Chancellor", 0),
        "Insert “incoming”",
    );
    assert!(
        text.contains("\nIncoming Chancellor [Friedrich Merz](@merz)"),
        "{text}"
    );
    assert_eq!(count(&published, "outdated-title"), 1, "{published:#}");
    let (text, _, published) = apply_fix(
        &mut lsp,
        &talks,
        (&text, version),
        ("Chancellor [Merz]", 0),
        "Change to “CDU leader”",
    );
    assert!(text.contains("CDU leader [Merz](@merz) left."), "{text}");
    assert_eq!(count(&published, "outdated-title"), 0, "{published:#}");

    // Off by default: the style rule says nothing.
    let brief = uri(&dir.write("brief.news.md", BRIEF));
    lsp.open(&brief, BRIEF);
    let published = diagnostics_at(&mut lsp, &brief, 1);
    assert_eq!(count(&published, "first-reference"), 0, "{published:#}");
    assert_eq!(lsp.shutdown_and_exit().code(), Some(0));
}

#[test]
fn hover_on_a_title_names_its_role_and_what_holds() {
    let (dir, mut lsp) = start(None);
    let summit = uri(&dir.write("summit.news.md", SUMMIT));
    lsp.open(&summit, SUMMIT);
    let hover = lsp.hover(&summit, pos_of(SUMMIT, "Minister", 0, 2, Enc::Utf16));
    let markdown = hover["contents"]["value"].as_str().unwrap_or_default();
    assert!(
        markdown.contains("Prime Minister of the Netherlands (2010-10-14 – 2024-07-02)"),
        "{hover:#}"
    );
    assert!(
        markdown.contains(
            "On 2026-06-15 (this document's date): Secretary General of NATO (since 2024-10-01)"
        ),
        "{markdown}"
    );
    assert_eq!(
        hover["range"],
        support::range_of(SUMMIT, "Prime Minister", 0, Enc::Utf16)
    );
    assert_eq!(lsp.shutdown_and_exit().code(), Some(0));
}

#[test]
fn first_reference_on_by_settings_and_its_fix() {
    let (dir, mut lsp) = start(Some("[diagnostics]\nfirst-reference = \"warning\"\n"));
    let brief = uri(&dir.write("brief.news.md", BRIEF));
    lsp.open(&brief, BRIEF);
    let published = diagnostics_at(&mut lsp, &brief, 1);
    assert_eq!(count(&published, "first-reference"), 2, "{published:#}");
    let (text, version, published) = apply_fix(
        &mut lsp,
        &brief,
        (BRIEF, 1),
        ("[Rutte]", 0),
        "Write the full name, “Mark Rutte”",
    );
    assert!(text.contains("[Mark Rutte](@rutte) met"), "{text}");
    assert_eq!(count(&published, "first-reference"), 1, "{published:#}");
    let (text, _, published) = apply_fix(
        &mut lsp,
        &brief,
        (&text, version),
        ("[Merz]", 0),
        "Write the full name, “Friedrich Merz”",
    );
    assert!(
        text.contains("CDU leader [Friedrich Merz](@merz)."),
        "{text}"
    );
    assert_eq!(count(&published, "first-reference"), 0, "{published:#}");
    assert_eq!(lsp.shutdown_and_exit().code(), Some(0));
}

/// `newsls check --format json` in `folder`: each diagnostic of `code`
/// as (path, line, the title or text it quotes first).
fn checked(folder: &Path, code: &str) -> BTreeSet<(String, u64, String)> {
    let run = run_newsls(folder, &["check", "--format", "json"]);
    assert_eq!(run.code, Some(0), "{}{}", run.stdout, run.stderr);
    let found: Value = serde_json::from_str(&run.stdout).expect("JSON");
    found
        .as_array()
        .expect("a list")
        .iter()
        .filter(|d| d["code"] == code)
        .map(|d| {
            let message = d["message"].as_str().unwrap_or_default();
            let quoted = message
                .split('“')
                .nth(1)
                .and_then(|m| m.split('”').next())
                .unwrap_or_default();
            (
                d["path"].as_str().unwrap_or_default().to_string(),
                d["line"].as_u64().unwrap_or_default(),
                quoted.to_string(),
            )
        })
        .collect()
}

fn stories() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/titles")
}

/// The figures docs/format.md gives: on the stories of `data/titles/`
/// (real people, their real dated roles, seven dates), every title
/// written with a name judged by hand in `answers.txt`; `newsls check`
/// raises no false alarm and misses the title docs/format.md names.
#[test]
fn measured_on_stories_of_several_dates() {
    let answers = std::fs::read_to_string(stories().join("answers.txt")).expect("answers");
    let mut wrong = BTreeSet::new();
    let mut cases = 0;
    for line in answers
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let (place, rest) = line.split_once(' ').expect("FILE:LINE VERDICT TITLE");
        let (verdict, title) = rest.split_once(' ').expect("VERDICT TITLE");
        let (path, number) = place.rsplit_once(':').expect("FILE:LINE");
        cases += 1;
        if verdict == "wrong" {
            wrong.insert((
                path.to_string(),
                number.parse::<u64>().expect("line"),
                title.to_string(),
            ));
        }
    }
    let flagged = checked(&stories(), "outdated-title");
    let false_alarms: Vec<_> = flagged.difference(&wrong).collect();
    let misses: Vec<_> = wrong.difference(&flagged).collect();
    assert_eq!(
        false_alarms,
        Vec::<&(String, u64, String)>::new(),
        "false alarms"
    );
    assert_eq!(
        (cases, wrong.len()),
        (72, 20),
        "the stories' cases, and the wrong ones"
    );
    let missed = |line: u64, title: &str| {
        (
            "2026-06-15-brief.news.md".to_string(),
            line,
            title.to_string(),
        )
    };
    assert_eq!(misses, [&missed(16, "prime minister")]);
    // Off by default.
    assert_eq!(checked(&stories(), "first-reference"), BTreeSet::new());
}

#[test]
fn the_checker_reports_first_reference_when_the_settings_turn_it_on() {
    let dir = TempDir::new("titles-check");
    dir.write("registry.news.md", REGISTRY);
    dir.write("brief.news.md", BRIEF);
    dir.write("summit.news.md", SUMMIT);
    assert_eq!(checked(dir.path(), "first-reference"), BTreeSet::new());
    dir.write(
        ".newsls.toml",
        "[diagnostics]\nfirst-reference = \"warning\"\n",
    );
    let found: Vec<(String, u64, String)> =
        checked(dir.path(), "first-reference").into_iter().collect();
    let brief = |short: &str| ("brief.news.md".to_string(), 4, short.to_string());
    assert_eq!(found, [brief("Merz"), brief("Rutte")]);
    let summit = (
        "summit.news.md".to_string(),
        4,
        "Prime Minister".to_string(),
    );
    assert_eq!(
        checked(dir.path(), "outdated-title"),
        BTreeSet::from([summit]),
        "the summit's two, on one line"
    );
}
