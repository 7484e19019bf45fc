//! `newsls check`, run as users run it: the built binary on folders of
//! documents written for each test.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::Value;

use crate::support;
use crate::support::{Run, TempDir, run_newsls};

/// A fresh temp folder holding `files`.
fn folder(files: &[(&str, &[u8])]) -> TempDir {
    let dir = TempDir::new("check");
    for (path, text) in files {
        dir.write(path, text);
    }
    dir
}

fn newsls(cwd: &Path, args: &[&str]) -> Run {
    run_newsls(cwd, &[&["check"], args].concat())
}

const REGISTRY: &str = "\
---
title: Desk registry
date: 2026-01-20
entities:
  putin:
    name: Vladimir Putin
    kind: person
    aliases: [Putin, President Putin]
  witkoff:
    name: Steve Witkoff
    kind: person
    aliases: [Witkoff]
---
People the desk follows.
";

/// An undefined id one typo away from a defined one, and a surface that
/// names someone else, after an emoji flag (two characters, eight bytes).
const ARTICLE: &str = "\
---
title: Talks
date: 2026-01-22
---
🇷🇺 [@witkof] met [President Trump](@putin) in Moscow.
";

const CRLF: &str =
    "---\r\ntitle: CRLF\r\n---\r\nFirst line.\r\n[@putin] spoke; Witkoff listened.\r\n";

fn problems() -> TempDir {
    folder(&[
        ("registry.news.md", REGISTRY.as_bytes()),
        ("article.news.md", ARTICLE.as_bytes()),
        ("crlf.news.md", CRLF.as_bytes()),
    ])
}

const PROBLEM_LINES: [&str; 4] = [
    "article.news.md:5:5: error[undefined-entity]: `@witkof` is not defined in any document (did you mean `@witkoff`?)",
    "article.news.md:5:19: warning[surface-mismatch]: “President Trump” does not name `@putin`, known as “Vladimir Putin”, “Putin”, “President Putin”",
    "crlf.news.md:5:17: info[unannotated-mention]: “Witkoff” names `@witkoff`, which this document never annotates: write [Witkoff](@witkoff)",
    "registry.news.md:9:3: hint[unused-entity]: `witkoff` is defined but no document mentions or references it",
];

const PROBLEM_SUMMARY: &str = "1 error, 1 warning, 1 info, 1 hint in 3 documents";

fn lines(text: &str) -> Vec<&str> {
    text.lines().collect()
}

/// The run printed exactly `expected`, a line each, and exited with `code`.
fn assert_output<S: AsRef<str>>(run: &Run, expected: &[S], code: i32) {
    let expected: Vec<&str> = expected.iter().map(AsRef::as_ref).collect();
    assert_eq!(lines(&run.stdout), expected);
    assert_eq!(run.code, Some(code));
}

#[test]
fn prints_each_problem_on_a_line_then_a_summary() {
    let dir = problems();
    let run = newsls(dir.path(), &["."]);
    let mut expected = PROBLEM_LINES.to_vec();
    expected.push(PROBLEM_SUMMARY);
    assert_eq!(lines(&run.stdout), expected);
    assert_eq!(run.stderr, "");
    assert_eq!(run.code, Some(1));
}

#[test]
fn default_path_is_the_current_folder() {
    let dir = problems();
    let run = newsls(dir.path(), &[]);
    assert_eq!(lines(&run.stdout).last(), Some(&PROBLEM_SUMMARY));
    assert_eq!(lines(&run.stdout).first(), Some(&PROBLEM_LINES[0]));
    assert_eq!(run.code, Some(1));
}

#[test]
fn paths_are_relative_to_the_current_folder_when_under_it() {
    let dir = problems();
    let parent = dir.path().parent().expect("a parent");
    let name = dir
        .path()
        .file_name()
        .and_then(|n| n.to_str())
        .expect("a name");

    // A relative PATH: printed as found, under it.
    let run = newsls(parent, &[name]);
    assert_eq!(
        lines(&run.stdout).first().copied(),
        Some(format!("{name}/{}", PROBLEM_LINES[0]).as_str())
    );

    // An absolute PATH under the current folder: printed relative to it.
    let absolute = dir.path().to_str().expect("UTF-8 path");
    let run = newsls(dir.path(), &[absolute]);
    assert_eq!(lines(&run.stdout).first(), Some(&PROBLEM_LINES[0]));

    // An absolute PATH elsewhere: printed as found.
    let elsewhere = folder(&[]);
    let run = newsls(elsewhere.path(), &[absolute]);
    let expected = format!("{}/{}", absolute, PROBLEM_LINES[0]);
    assert_eq!(lines(&run.stdout).first().copied(), Some(expected.as_str()));
}

#[test]
fn json_lists_every_problem_with_its_range_and_no_summary() {
    let dir = problems();
    let run = newsls(dir.path(), &["--format", "json"]);
    assert_eq!(run.code, Some(1));
    let all: Value = serde_json::from_str(&run.stdout).expect("a JSON document");
    let all = all.as_array().expect("an array");
    assert_eq!(all.len(), 4);
    let codes: Vec<&str> = all.iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(
        codes,
        [
            "undefined-entity",
            "surface-mismatch",
            "unannotated-mention",
            "unused-entity"
        ]
    );

    let mismatch = &all[1];
    assert_eq!(mismatch["path"], "article.news.md");
    assert_eq!(mismatch["line"], 5);
    assert_eq!(mismatch["column"], 19);
    assert_eq!(mismatch["endLine"], 5);
    assert_eq!(mismatch["endColumn"], 19 + "President Trump".len());
    assert_eq!(mismatch["severity"], "warning");
    assert!(
        mismatch["message"]
            .as_str()
            .unwrap()
            .starts_with("“President Trump”")
    );
    assert_eq!(mismatch["related"], Value::Array(Vec::new()));

    let unannotated = &all[2];
    assert_eq!(unannotated["path"], "crlf.news.md");
    assert_eq!(
        (&unannotated["line"], &unannotated["column"]),
        (&Value::from(5), &Value::from(17))
    );
    assert_eq!(unannotated["severity"], "info");
    assert!(!run.stdout.contains(PROBLEM_SUMMARY));
}

#[test]
fn json_relates_conflicting_definitions() {
    let dir = folder(&[
        (
            "a.news.md",
            b"---\nentities:\n  putin:\n    name: Vladimir Putin\n---\n[@putin]\n",
        ),
        (
            "b.news.md",
            b"---\nentities:\n  putin:\n    name: Boris Putin\n---\n",
        ),
    ]);
    let run = newsls(dir.path(), &["--format=json"]);
    assert_eq!(run.code, Some(0), "only warnings");
    let all: Value = serde_json::from_str(&run.stdout).expect("a JSON document");
    let all = all.as_array().expect("an array");
    assert_eq!(all.len(), 2, "{all:?}");
    for (here, there) in [("a.news.md", "b.news.md"), ("b.news.md", "a.news.md")] {
        let d = all
            .iter()
            .find(|d| d["path"] == here)
            .expect("a diagnostic");
        assert_eq!(d["code"], "conflicting-definition");
        assert_eq!(
            (&d["line"], &d["column"]),
            (&Value::from(3), &Value::from(3))
        );
        let related = d["related"].as_array().expect("related places");
        assert_eq!(related.len(), 1);
        assert_eq!(related[0]["path"], there);
        assert_eq!(
            (&related[0]["line"], &related[0]["column"]),
            (&Value::from(3), &Value::from(3))
        );
        assert!(related[0]["message"].as_str().unwrap().contains("putin"));
    }
}

#[test]
fn exit_status_is_zero_without_errors() {
    let warnings_only = folder(&[
        ("registry.news.md", REGISTRY.as_bytes()),
        (
            "a.news.md",
            "[Vladimir Putin’s](@putin) envoy [Trump](@witkoff).\n".as_bytes(),
        ),
    ]);
    let run = newsls(warnings_only.path(), &[]);
    assert_output(
        &run,
        &[
            "a.news.md:1:35: warning[surface-mismatch]: “Trump” does not name `@witkoff`, known as “Steve Witkoff”, “Witkoff”",
            "0 errors, 1 warning, 0 infos, 0 hints in 2 documents",
        ],
        0,
    );

    let clean = folder(&[
        ("registry.news.md", REGISTRY.as_bytes()),
        ("a.news.md", b"[@putin] and [Witkoff](@witkoff).\n"),
        (
            "notes.md",
            b"Not a news document: [@nobody] is never looked at.\n",
        ),
    ]);
    let run = newsls(clean.path(), &[]);
    assert_eq!(run.stdout, "no problems in 2 documents\n");
    assert_eq!(run.code, Some(0));

    let empty = folder(&[]);
    let run = newsls(empty.path(), &[]);
    assert_eq!(run.stdout, "no problems in 0 documents\n");
    assert_eq!(run.code, Some(0));
}

#[test]
fn an_unreadable_document_is_reported_and_the_run_goes_on() {
    let dir = folder(&[
        ("a-bad.news.md", b"caf\xe9 [@nobody]\n"),
        ("b-good.news.md", b"[@ghost]\n"),
    ]);
    let run = newsls(dir.path(), &[]);
    assert_output(
        &run,
        &[
            "a-bad.news.md: error: not valid UTF-8 (invalid byte at offset 3)",
            "b-good.news.md:1:2: error[undefined-entity]: `@ghost` is not defined in any document: define it under `entities:` as `ghost:` with a `name`",
            "2 errors, 0 warnings, 0 infos, 0 hints in 2 documents",
        ],
        1,
    );

    let run = newsls(dir.path(), &["--format", "json"]);
    let all: Value = serde_json::from_str(&run.stdout).expect("a JSON document");
    let bad = &all[0];
    assert_eq!(bad["path"], "a-bad.news.md");
    assert_eq!(bad["code"], "unreadable-file");
    assert_eq!(bad["severity"], "error");
    assert!(bad["message"].as_str().unwrap().contains("not valid UTF-8"));
    assert_eq!(all[1]["code"], "undefined-entity");

    // Invalid UTF-8 alone still fails the run.
    let only_bad = folder(&[("x.news.md", b"\xff\n")]);
    assert_eq!(newsls(only_bad.path(), &[]).code, Some(1));
}

#[test]
fn a_missing_path_or_a_bad_option_exits_2() {
    let dir = problems();
    let run = newsls(dir.path(), &["registry.news.md", "no-such-folder"]);
    assert_eq!(run.code, Some(2));
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("`no-such-folder`"), "{}", run.stderr);

    for bad in [
        &["--frmat", "json"][..],
        &["--format"],
        &["--format", "xml"],
    ] {
        let run = newsls(dir.path(), bad);
        assert_eq!(run.code, Some(2), "{bad:?}");
        assert_eq!(run.stdout, "", "{bad:?}");
        assert!(
            run.stderr.starts_with("error: ") && run.stderr.contains("--format"),
            "{bad:?}: {}",
            run.stderr
        );
    }

    let run = newsls(dir.path(), &["--help"]);
    assert_eq!(run.code, Some(0));
    assert!(
        run.stdout
            .contains("Usage: newsls check [OPTIONS] [PATHS]...")
    );
    assert!(run.stdout.contains("--statistics"));
}

#[test]
fn a_single_file_is_checked_alone() {
    let dir = problems();
    let run = newsls(dir.path(), &["registry.news.md"]);
    assert_output(
        &run,
        &[
            "registry.news.md:5:3: hint[unused-entity]: `putin` is defined but no document mentions or references it",
            "registry.news.md:9:3: hint[unused-entity]: `witkoff` is defined but no document mentions or references it",
            "0 errors, 0 warnings, 0 infos, 2 hints in 1 document",
        ],
        0,
    );

    // A file that is not a news document is skipped, with a note.
    dir.write("notes.md", b"[@nobody]\n");
    let run = newsls(dir.path(), &["notes.md"]);
    assert_eq!(run.stdout, "no problems in 0 documents\n");
    assert!(run.stderr.contains("skipping `notes.md`"), "{}", run.stderr);
    assert_eq!(run.code, Some(0));
}

#[test]
fn ignored_and_hidden_folders_are_skipped() {
    let dir = folder(&[
        ("a.news.md", b"Clean.\n"),
        (".gitignore", b"drafts/\n*.tmp.news.md\n"),
        ("drafts/x.news.md", b"[@ghost]\n"),
        ("b.tmp.news.md", b"[@ghost]\n"),
        (".hidden/y.news.md", b"[@ghost]\n"),
        ("sub/.cache/z.news.md", b"[@ghost]\n"),
    ]);
    let run = newsls(dir.path(), &[]);
    assert_eq!(run.stdout, "no problems in 1 document\n");
    assert_eq!(run.code, Some(0));
}

#[test]
fn a_closed_pipe_ends_the_run_quietly() {
    let many: String = (0..20_000).map(|i| format!("[@ghost{i}]\n")).collect();
    let dir = folder(&[("many.news.md", many.as_bytes())]);
    for format in ["text", "json"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_newsls"))
            .args(["check", "--format", format])
            .current_dir(dir.path())
            .env("NEWSLS_CACHE_DIR", support::test_cache_dir())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run newsls");
        let mut first = String::new();
        let stdout = child.stdout.take().expect("stdout");
        BufReader::new(stdout)
            .read_line(&mut first)
            .expect("a line");
        // The reader is dropped here, closing the pipe: `newsls check | head -1`.
        let mut stderr = String::new();
        child
            .stderr
            .take()
            .expect("stderr")
            .read_to_string(&mut stderr)
            .expect("stderr");
        let status = child.wait().expect("exit");
        assert!(!first.is_empty());
        assert!(!stderr.contains("panicked"), "{format}: {stderr}");
        assert_eq!(status.code(), Some(1), "{format}");
    }
}

#[test]
fn the_seeds_have_no_problems() {
    let run = newsls(Path::new(env!("CARGO_MANIFEST_DIR")), &["seeds"]);
    assert_eq!(run.stderr, "");
    let all = lines(&run.stdout);
    assert_eq!(all.len(), 1, "{}", run.stdout);
    assert!(all[0].starts_with("no problems in "), "{}", run.stdout);
    assert_eq!(run.code, Some(0));
}

#[test]
fn one_folder_spelled_twice_is_checked_once_and_paths_agree() {
    let dir = folder(&[
        (
            "a.news.md",
            b"---\nentities:\n  w:\n    name: Steve\n---\n[Steve](@w)\n",
        ),
        (
            "b.news.md",
            b"---\nentities:\n  w:\n    name: Steven\n---\n",
        ),
    ]);
    let absolute = dir.path().display().to_string();
    let run = newsls(dir.path(), &[".", &absolute]);
    assert_eq!(
        lines(&run.stdout),
        [
            "a.news.md:3:3: warning[conflicting-definition]: `w` is defined here as “Steve”, but as “Steven” in `b.news.md`; all definitions of an id describe one entity",
            "b.news.md:3:3: warning[conflicting-definition]: `w` is defined here as “Steven”, but as “Steve” in `a.news.md`; all definitions of an id describe one entity",
            "0 errors, 2 warnings, 0 infos, 0 hints in 2 documents",
        ]
    );
    // Named one by one, the other file is named as the lines name it.
    let parent = dir.path().parent().expect("a parent");
    let name = dir
        .path()
        .file_name()
        .expect("a name")
        .to_string_lossy()
        .to_string();
    let a = format!("{name}/a.news.md");
    let b = format!("{name}/b.news.md");
    let run = newsls(parent, &[&a, &b]);
    assert!(
        run.stdout
            .starts_with(&format!("{a}:3:3: warning[conflicting-definition]")),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains(&format!("in `{b}`")), "{}", run.stdout);
}

#[test]
fn a_settings_file_turns_codes_off_and_sets_severities() {
    let dir = problems();
    dir.write(
        ".newsls.toml",
        "[diagnostics]\nunannotated-mention = \"off\"\nundefined-entity = \"warning\"\n",
    );
    let run = newsls(dir.path(), &[]);
    // No error left: success.
    assert_output(
        &run,
        &[
            PROBLEM_LINES[0].replace("error[undefined-entity]", "warning[undefined-entity]"),
            PROBLEM_LINES[1].to_string(),
            PROBLEM_LINES[3].to_string(),
            "0 errors, 2 warnings, 0 infos, 1 hint in 3 documents".to_string(),
        ],
        0,
    );
}

#[test]
fn a_bad_settings_file_is_reported_at_its_place_and_fails_the_check() {
    let dir = folder(&[("registry.news.md", REGISTRY.as_bytes())]);
    dir.write(
        ".newsls.toml",
        "[diagnostics]\nunused-entity = \"off\"\n[code-lens]\nenable = false\n",
    );
    let run = newsls(dir.path(), &[]);
    assert_output(
        &run,
        &[
            ".newsls.toml:4:1: error[invalid-settings]: unknown setting `code-lens.enable`; known here: `enabled`",
            "1 error, 0 warnings, 0 infos, 0 hints in 1 document",
        ],
        1,
    );
}

#[test]
fn registries_and_the_document_glob_from_the_settings_file() {
    let desk = folder(&[("registry.news.md", REGISTRY.as_bytes())]);
    let dir = folder(&[
        ("articles/article.news.md", ARTICLE.as_bytes()),
        ("drafts/draft.news.md", b"[@nobody]\n"),
    ]);
    let settings = format!(
        "[workspace]\nregistries = [{:?}]\ndocuments = \"articles/**\"\n",
        desk.path().display().to_string()
    );
    dir.write(".newsls.toml", settings);
    let run = newsls(dir.path(), &[]);
    // The draft is not a document; the registry defines `@putin` and is
    // not itself checked.
    assert_eq!(
        lines(&run.stdout),
        [
            PROBLEM_LINES[0].replace("article.news.md", "articles/article.news.md"),
            PROBLEM_LINES[1].replace("article.news.md", "articles/article.news.md"),
            "1 error, 1 warning, 0 infos, 0 hints in 1 document".to_string(),
        ]
    );
}
