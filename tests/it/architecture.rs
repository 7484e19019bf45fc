//! The analysis knows nothing of LSP: no file under `src/syntax/`,
//! `src/workspace/` or `src/ide/` names an LSP crate or the server.

use std::path::{Path, PathBuf};

/// What the analysis must not name: the LSP crates (by any of the names
/// they are used under) and the server module.
const FORBIDDEN: [&str; 4] = ["tower_lsp_server", "ls_types", "lsp_types", "crate::server"];

const ANALYSIS: [&str; 3] = ["src/syntax", "src/workspace", "src/ide"];

/// Each forbidden name `code` uses, with its line (from 1); comments are
/// not code and are skipped.
fn forbidden_names(code: &str) -> Vec<(usize, &'static str)> {
    let mut found = Vec::new();
    for (i, line) in code.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        for name in FORBIDDEN {
            let named = code.match_indices(name).any(|(at, _)| {
                // A whole path segment: `my_lsp_types` is another name.
                let before = code[..at].chars().next_back();
                !before.is_some_and(|c| c.is_alphanumeric() || c == '_')
            });
            if named {
                found.push((i + 1, name));
            }
        }
    }
    found
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("a source folder") {
        let path = entry.expect("a folder entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn the_analysis_names_no_lsp_type_and_not_the_server() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ANALYSIS {
        rust_files(&root.join(dir), &mut files);
    }
    assert!(files.len() > 30, "the analysis has its files: {files:?}");
    let mut wrong = Vec::new();
    for file in &files {
        let code = std::fs::read_to_string(file).expect("a source file");
        for (line, name) in forbidden_names(&code) {
            let shown = file.strip_prefix(root).unwrap_or(file).display();
            wrong.push(format!("{shown}:{line}: names `{name}`"));
        }
    }
    assert!(
        wrong.is_empty(),
        "only src/server/ speaks LSP; the analysis uses byte offsets, ids and paths:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_check_finds_each_way_of_naming_lsp() {
    let code = "use tower_lsp_server::ls_types::Position;\n\
                // a comment may say tower_lsp_server\n\
                fn f(p: lsp_types::Range) {}\n\
                use crate::server::convert;\n\
                use my_lsp_types::Range;\n";
    assert_eq!(
        forbidden_names(code),
        vec![
            (1, "tower_lsp_server"),
            (1, "ls_types"),
            (3, "lsp_types"),
            (4, "crate::server"),
        ]
    );
}
