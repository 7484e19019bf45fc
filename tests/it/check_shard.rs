//! `newsls check --shard I/N`: N machines checking one archive, each its
//! share, with rules across documents exact; together, the unsharded run.

use std::collections::BTreeMap;

use crate::support::{Run, TempDir, run_newsls};

/// An archive of forty stories of different lengths, with problems across
/// documents: ids defined in the registry or in other stories, undefined
/// ones one typo away, unused definitions, conflicting definitions, and a
/// settings file with a mistake.
fn archive() -> TempDir {
    let dir = TempDir::new("shard");
    let mut registry = String::from("---\ntitle: Registry\nentities:\n");
    for p in 0..5 {
        registry.push_str(&format!(
            "  person-{p}:\n    name: Person Number{p}\n    kind: person\n"
        ));
    }
    registry.push_str("---\n");
    dir.write("registry/registry.news.md", registry.as_bytes());
    for story in 0..40 {
        let mut text = format!(
            "---\ntitle: Story {story}\ndate: 2026-01-{:02}\n",
            story % 28 + 1
        );
        if story % 9 == 0 {
            // The same id, defined again with another kind: a conflict.
            let kind = if story % 2 == 0 { "person" } else { "place" };
            text.push_str(&format!(
                "entities:\n  shared:\n    name: Shared\n    kind: {kind}\n"
            ));
        }
        text.push_str("---\n");
        // Ids 5 and 6 are not defined: `person-5` is a typo of the others.
        text.push_str(&format!("[@person-{}] spoke.", story % 7));
        for paragraph in 0..story % 6 {
            text.push_str(&format!(
                "\n\nParagraph {paragraph}: Person Number{} was there, and [@shared] too.",
                (story + paragraph) % 5
            ));
        }
        dir.write(
            &format!("{}/story-{story}.news.md", 2020 + story / 10),
            text.as_bytes(),
        );
    }
    dir.write(".newsls.toml", b"[diagnostics]\nno-such-code = \"off\"\n");
    dir
}

fn check(dir: &TempDir, shard: Option<&str>) -> Run {
    let mut args = vec!["check", "--no-cache", "--format", "concise", "."];
    if let Some(shard) = shard {
        args.extend(["--shard", shard]);
    }
    run_newsls(dir.path(), &args)
}

/// Each problem line and how many times it was printed; the summary left
/// out.
fn problems(run: &Run) -> BTreeMap<String, usize> {
    let lines: Vec<&str> = run.stdout.lines().collect();
    let (summary, problems) = lines.split_last().expect("a summary");
    assert!(summary.contains(" in "), "{summary}");
    let mut counted = BTreeMap::new();
    for line in problems {
        *counted.entry(line.to_string()).or_default() += 1;
    }
    counted
}

/// The documents a run's summary says it checked.
fn documents(run: &Run) -> usize {
    let summary = run.stdout.lines().last().expect("a summary");
    let count = summary.rsplit(" in ").next().unwrap_or("");
    count
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .expect("a count")
}

#[test]
fn the_shards_together_are_the_unsharded_run() {
    let dir = archive();
    let whole = check(&dir, None);
    assert_eq!(whole.code, Some(1), "{}", whole.stderr);
    let expected = problems(&whole);
    assert!(
        expected
            .keys()
            .any(|l| l.contains("conflicting-definition"))
            && expected
                .keys()
                .any(|l| l.contains("did you mean `@person-"))
            && expected.keys().any(|l| l.contains("invalid-settings")),
        "problems across documents: {expected:#?}"
    );
    for shards in [1, 2, 3, 5] {
        let mut union: BTreeMap<String, usize> = BTreeMap::new();
        let mut checked = 0;
        let mut failed = false;
        for index in 1..=shards {
            let run = check(&dir, Some(&format!("{index}/{shards}")));
            assert_eq!(run.stderr, "", "{index}/{shards}");
            let share = problems(&run);
            let stories = documents(&run);
            assert!(stories > 0, "{index}/{shards} checked nothing");
            checked += stories;
            failed |= run.code == Some(1);
            for (line, times) in share {
                *union.entry(line).or_default() += times;
            }
        }
        assert_eq!(union, expected, "{shards} shards");
        assert_eq!(checked, documents(&whole), "{shards} shards");
        assert!(
            failed,
            "{shards} shards: one of them fails, as the whole run"
        );
    }
}

#[test]
fn a_shard_is_written_i_of_n() {
    let dir = archive();
    for wrong in ["0/3", "4/3", "3", "a/b"] {
        let run = check(&dir, Some(wrong));
        assert_eq!(run.code, Some(2), "{wrong}");
        assert!(run.stderr.contains("--shard"), "{wrong}: {}", run.stderr);
    }
}
