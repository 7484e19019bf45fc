//! `newsls check --format …`, `--select`, `--ignore`, `--statistics`, and
//! `newsls completions`: the built binary on a folder with one problem of
//! each severity, a conflict across documents and an unreadable file.

use std::path::Path;

use serde_json::Value;

use crate::support::{Run, TempDir, run_newsls as newsls, schema};

const REGISTRY: &str = "\
---
entities:
  putin:
    name: Vladimir Putin
    aliases: [Putin]
  witkoff:
    name: Steve Witkoff
    aliases: [Witkoff]
---
";

const ARTICLE: &str = "\
---
title: Talks
entities:
  putin:
    name: Boris Putin
---
🇷🇺 [@witkof] met [President Trump](@putin), 50% sure.
Witkoff listened.
";

fn folder() -> TempDir {
    let dir = TempDir::new("formats");
    dir.write("registry.news.md", REGISTRY);
    dir.write("article.news.md", ARTICLE);
    dir.write("bad.news.md", b"ok\xff");
    dir
}

fn check(args: &[&str]) -> Run {
    let dir = folder();
    let mut all = vec!["check"];
    all.extend(args);
    newsls(dir.path(), &all)
}

#[test]
fn concise_is_the_default_off_a_terminal() {
    let run = check(&[]);
    assert_eq!(run.code, Some(1));
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines,
        [
            "article.news.md:4:3: warning[conflicting-definition]: `putin` is defined here as “Boris Putin”, but as “Vladimir Putin” in `registry.news.md`; all definitions of an id describe one entity",
            "article.news.md:7:5: error[undefined-entity]: `@witkof` is not defined in any document (did you mean `@witkoff`?)",
            "article.news.md:7:19: warning[surface-mismatch]: “President Trump” does not name `@putin`, known as “Boris Putin”, “Vladimir Putin”, “Putin”",
            "article.news.md:8:1: info[unannotated-mention]: “Witkoff” names `@witkoff`, which this document never annotates: write [Witkoff](@witkoff)",
            "bad.news.md: error: not valid UTF-8 (invalid byte at offset 2)",
            "registry.news.md:3:3: warning[conflicting-definition]: `putin` is defined here as “Vladimir Putin”, but as “Boris Putin” in `article.news.md`; all definitions of an id describe one entity",
            "registry.news.md:6:3: hint[unused-entity]: `witkoff` is defined but no document mentions or references it",
            "2 errors, 3 warnings, 1 info, 1 hint in 3 documents",
        ]
    );
    assert_eq!(check(&["--format", "text"]).stdout, run.stdout);
}

#[test]
fn full_shows_the_line_and_a_caret_under_the_span() {
    let run = check(&[
        "--format",
        "full",
        "--select",
        "surface-mismatch,unreadable-file",
    ]);
    let expected = "\
warning[surface-mismatch]: “President Trump” does not name `@putin`, known as “Boris Putin”, “Vladimir Putin”, “Putin”
 --> article.news.md:7:19
  |
7 | 🇷🇺 [@witkof] met [President Trump](@putin), 50% sure.
  |                   ^^^^^^^^^^^^^^^

error[unreadable-file]: not valid UTF-8 (invalid byte at offset 2)
--> bad.news.md

1 error, 1 warning, 0 infos, 0 hints in 3 documents
";
    assert_eq!(run.stdout, expected);
    assert_eq!(run.code, Some(1));
    // Not a terminal: no colour codes.
    assert!(!run.stdout.contains('\u{1b}'));
}

#[test]
fn json_and_jsonl_hold_the_same_records() {
    let json: Value = serde_json::from_str(&check(&["--format", "json"]).stdout).unwrap();
    let jsonl: Vec<Value> = check(&["--format", "jsonl"])
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object a line"))
        .collect();
    assert_eq!(json.as_array().unwrap(), &jsonl);
    assert_eq!(jsonl.len(), 7);
    assert_eq!(jsonl[1]["code"], "undefined-entity");
    assert_eq!(
        (jsonl[1]["line"].as_u64(), jsonl[1]["column"].as_u64()),
        (Some(7), Some(5))
    );
}

#[test]
fn github_lines_are_workflow_commands() {
    let run = check(&["--format", "github"]);
    assert_eq!(run.code, Some(1));
    // https://docs.github.com/actions/reference/workflow-commands-for-github-actions
    let syntax = regex::Regex::new(
        r"^::(error|warning|notice) file=[^,:\r\n]+(,line=\d+,col=\d+,endLine=\d+,endColumn=\d+)?,title=[^,:\r\n]+::[^\r\n]+$",
    )
    .unwrap();
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 7, "one command a problem, no summary");
    for line in &lines {
        assert!(syntax.is_match(line), "not a workflow command: {line}");
    }
    assert_eq!(
        lines[2],
        "::warning file=article.news.md,line=7,col=19,endLine=7,endColumn=34,title=newsls surface-mismatch::“President Trump” does not name `@putin`, known as “Boris Putin”, “Vladimir Putin”, “Putin”"
    );
    assert!(lines[3].starts_with("::notice file=article.news.md,line=8,col=1,"));
    assert_eq!(
        lines[4],
        "::error file=bad.news.md,title=newsls unreadable-file::not valid UTF-8 (invalid byte at offset 2)"
    );
}

#[test]
fn sarif_validates_against_the_2_1_0_schema() {
    let run = check(&["--format", "sarif"]);
    assert_eq!(run.code, Some(1));
    let log: Value = serde_json::from_str(&run.stdout).expect("JSON");
    // The validator does reject what the schema forbids.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = Value::from("fatal");
    let schema = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/sarif-schema-2.1.0.json");
    let options = schema::Options {
        formats: false,
        refused: &[],
    };
    if let Some(errors) = schema::validate(&schema, &[log.clone(), broken], options) {
        assert!(errors[0].is_empty(), "{:#?}", errors[0]);
        assert!(
            errors[1]
                .iter()
                .any(|e| e.contains("'fatal' is not one of")),
            "{:#?}",
            errors[1]
        );
    }

    assert_eq!(log["version"], "2.1.0");
    let run0 = &log["runs"][0];
    let rules = run0["tool"]["driver"]["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    for code in [
        "undefined-entity",
        "invalid-front-matter",
        "invalid-entity-id",
        "missing-name",
        "duplicate-entity",
        "invalid-date",
        "conflicting-definition",
        "surface-mismatch",
        "unknown-field",
        "invalid-wikidata",
        "unannotated-mention",
        "unused-entity",
        "unreadable-file",
        "invalid-roles",
        "outdated-role",
        "unlinked-reference",
        "invalid-settings",
    ] {
        let rule = &rules[ids.iter().position(|id| *id == code).expect(code)];
        assert_eq!(rule["helpUri"], format!("docs/format.md#{code}"));
        assert!(
            !rule["shortDescription"]["text"]
                .as_str()
                .unwrap()
                .is_empty()
        );
    }
    let results = run0["results"].as_array().unwrap();
    assert_eq!(results.len(), 7);
    for result in results {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(result["ruleId"], rules[index]["id"]);
        let uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap();
        assert!(
            uri.ends_with(".news.md") && !uri.starts_with('/') && !uri.contains(':'),
            "{uri}"
        );
    }
    let mismatch = &results[2];
    assert_eq!(mismatch["level"], "warning");
    let region = &mismatch["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (
            region["startLine"].as_u64(),
            region["startColumn"].as_u64(),
            region["endColumn"].as_u64()
        ),
        (Some(7), Some(19), Some(34))
    );
    assert_eq!(run0["columnKind"], "unicodeCodePoints");
    // The conflict points at the other definition.
    assert_eq!(
        results[0]["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "registry.news.md"
    );
}

#[test]
fn gitlab_code_quality() {
    let run = check(&["--format", "gitlab"]);
    let issues: Value = serde_json::from_str(&run.stdout).unwrap();
    let issues = issues.as_array().unwrap();
    assert_eq!(issues.len(), 7);
    let first = &issues[1];
    assert_eq!(first["check_name"], "undefined-entity");
    assert_eq!(first["severity"], "major");
    assert_eq!(first["location"]["path"], "article.news.md");
    assert_eq!(first["location"]["positions"]["begin"]["line"], 7);
    let mut prints: Vec<&str> = issues
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    prints.sort();
    prints.dedup();
    assert_eq!(prints.len(), 7, "fingerprints are unique");
    assert_eq!(
        check(&["--format", "gitlab"]).stdout,
        run.stdout,
        "and stable"
    );
}

#[test]
fn select_and_ignore_decide_what_is_reported_and_the_exit_status() {
    let run = check(&["--ignore", "undefined-entity", "--ignore=unreadable-file"]);
    assert_eq!(run.code, Some(0), "no error left: {}", run.stdout);
    assert!(!run.stdout.contains("undefined-entity"));
    assert!(
        run.stdout
            .ends_with("0 errors, 3 warnings, 1 info, 1 hint in 3 documents\n")
    );

    let run = check(&["--select", "unused-entity"]);
    assert_eq!(run.code, Some(0));
    assert_eq!(run.stdout.lines().count(), 2);

    let run = check(&["--select", "no-such-code"]);
    assert_eq!(run.code, Some(2));
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("no-such-code"), "{}", run.stderr);
}

#[test]
fn statistics_count_by_code() {
    let run = check(&["--statistics"]);
    assert_eq!(run.code, Some(1));
    assert_eq!(
        run.stdout,
        "\
2  warning[conflicting-definition]
1  warning[surface-mismatch]
1  info[unannotated-mention]
1  error[undefined-entity]
1  error[unreadable-file]
1  hint[unused-entity]
2 errors, 3 warnings, 1 info, 1 hint in 3 documents
"
    );
    let json: Value =
        serde_json::from_str(&check(&["--statistics", "--format", "json"]).stdout).unwrap();
    assert_eq!(json[0]["code"], "conflicting-definition");
    assert_eq!(json[0]["count"], 2);
    assert_eq!(check(&["--statistics", "--format", "sarif"]).code, Some(2));
}

#[test]
fn completions_for_each_shell() {
    let dir = TempDir::new("completions");
    for shell in ["bash", "zsh", "fish"] {
        let run = newsls(dir.path(), &["completions", shell]);
        assert_eq!(run.code, Some(0), "{shell}: {}", run.stderr);
        assert!(run.stdout.contains("newsls"), "{shell}");
        assert!(run.stdout.contains("statistics"), "{shell}");
        assert!(run.stdout.contains("surface-mismatch"), "{shell}");
    }
    assert_eq!(newsls(dir.path(), &["completions", "tcsh"]).code, Some(2));
    assert_eq!(newsls(dir.path(), &["nonsense"]).code, Some(2));
    assert_eq!(newsls(dir.path(), &["--help"]).code, Some(0));
    let version = newsls(dir.path(), &["--version"]);
    assert_eq!(
        version.stdout,
        format!("newsls {}\n", env!("CARGO_PKG_VERSION"))
    );
}
