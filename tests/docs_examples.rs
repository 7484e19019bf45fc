//! The examples of docs/export.md and docs/graph.md print what the pages
//! show: each ```text block that starts with `$ newsls …` is run in
//! docs/example/ and its output compared, line for line.

use std::path::Path;
use std::process::Command;

fn examples(page: &str) -> Vec<(String, String)> {
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
            found.push((command.to_string(), output.to_string()));
        }
    }
    found
}

#[test]
fn export_and_graph_pages_show_real_output() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/example");
    let mut ran = 0;
    for page in ["export.md", "graph.md"] {
        for (command, expected) in examples(page) {
            let output = Command::new(env!("CARGO_BIN_EXE_newsls"))
                .args(command.split_whitespace())
                .current_dir(&folder)
                .output()
                .expect("run newsls");
            assert_eq!(output.status.code(), Some(0), "{page}: newsls {command}");
            assert_eq!(
                String::from_utf8_lossy(&output.stdout),
                expected,
                "{page}: newsls {command}"
            );
            ran += 1;
        }
    }
    assert_eq!(ran, 4, "the pages have 4 runnable examples");
}
