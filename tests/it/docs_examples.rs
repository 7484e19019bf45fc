//! The examples of docs/check.md, docs/export.md, docs/graph.md and
//! docs/dossier.md print what the pages show (docs/wikidata.md too, below):
//! each ```text block that starts with `$ newsls …` is
//! run in the page's example folder and its stdout compared, line for line.
//! A block may end with `$ echo $?` and the exit status; without it the
//! status must be 0.

use std::path::Path;
use std::process::Command;

struct Example {
    command: String,
    output: String,
    status: i32,
}

fn examples(page: &str) -> Vec<Example> {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("docs")
            .join(page),
    )
    .expect("read the page");
    let mut found = Vec::new();
    for block in text.split("```text\n").skip(1) {
        let block = block.split("```").next().unwrap_or_default();
        if let Some(rest) = block.strip_prefix("$ newsls ") {
            let (command, output) = rest.split_once('\n').unwrap_or((rest, ""));
            let (output, status) = match output.split_once("$ echo $?\n") {
                Some((output, status)) => (
                    output,
                    status.trim().parse().expect("a number after `$ echo $?`"),
                ),
                None => (output, 0),
            };
            found.push(Example {
                command: command.to_string(),
                output: output.to_string(),
                status,
            });
        }
    }
    found
}

#[test]
fn check_export_and_graph_pages_show_real_output() {
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
    let mut ran = 0;
    for (page, folder) in [
        ("check.md", "check-example"),
        ("export.md", "example"),
        ("graph.md", "example"),
        ("dossier.md", "example"),
    ] {
        for example in examples(page) {
            let command = &example.command;
            let output = Command::new(env!("CARGO_BIN_EXE_newsls"))
                .args(command.split_whitespace())
                .current_dir(docs.join(folder))
                .env(
                    "NEWSLS_CACHE_DIR",
                    std::env::temp_dir().join("newsls-tests-cache"),
                )
                .output()
                .expect("run newsls");
            assert_eq!(
                String::from_utf8_lossy(&output.stdout),
                example.output,
                "{page}: newsls {command}"
            );
            assert_eq!(
                output.status.code(),
                Some(example.status),
                "{page}: newsls {command}"
            );
            ran += 1;
        }
    }
    assert_eq!(ran, 15, "the pages have 15 runnable examples");
}

/// docs/wikidata.md runs in a copy of `docs/wikidata-example/` whose
/// `.newsls.toml` points at a local server of recorded Wikidata answers.
#[test]
fn wikidata_page_shows_real_output() {
    let server = crate::wikibase::Wikibase::start();
    let dir = crate::support::TempDir::new("wikidata-docs");
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/wikidata-example");
    for entry in std::fs::read_dir(&example).expect("the example folder") {
        let path = entry.expect("an entry").path();
        let name = path
            .file_name()
            .expect("a name")
            .to_string_lossy()
            .into_owned();
        dir.write(&name, std::fs::read(&path).expect("read"));
    }
    dir.write(".newsls.toml", server.settings());
    let cache = crate::support::TempDir::new("wikidata-docs-cache");
    let mut ran = 0;
    for example in examples("wikidata.md") {
        let command = &example.command;
        let output = Command::new(env!("CARGO_BIN_EXE_newsls"))
            .args(command.split_whitespace())
            .current_dir(dir.path())
            .env("NEWSLS_CACHE_DIR", cache.path())
            .output()
            .expect("run newsls");
        assert_eq!(
            String::from_utf8_lossy(&output.stdout),
            example.output,
            "wikidata.md: newsls {command}"
        );
        assert_eq!(
            output.status.code(),
            Some(example.status),
            "wikidata.md: newsls {command}"
        );
        ran += 1;
    }
    assert_eq!(ran, 3, "docs/wikidata.md has 3 runnable examples");
}
