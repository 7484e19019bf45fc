//! The workspace boundary: nothing outside the
//! roots is read, through a symbolic link or otherwise, by `newsls check`
//! or by the server; special files are never opened and `newsls check`
//! names them.

#![cfg(unix)]

use crate::support;

use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::Command;

use crate::support::{Enc, Lsp, Run, TempDir, pos_of, run_newsls, uri};
use serde_json::{Value, json};

/// What a secret file outside the workspace holds: read as a document,
/// it would show `hunter2` in a diagnostic, and define `topsecret`.
const SECRET: &str =
    "---\nentities:\n  topsecret:\n    name: Hunter Two\n---\nAPI key [hunter2](@hunter2)\n";

const BRIEF: &str = "---\ntitle: Brief\n---\nThe spy [@topsecret] left.\n";

fn check(cwd: &Path, args: &[&str]) -> Run {
    run_newsls(cwd, &[&["check"], args].concat())
}

/// A workspace with links out of it (to a file and to a folder), and the
/// folder outside they lead to.
fn leaky() -> (TempDir, TempDir) {
    let outside = TempDir::new("outside");
    let secrets = outside.write("secrets.txt", SECRET);
    outside.write("folder/more.news.md", SECRET);
    let workspace = TempDir::new("workspace");
    workspace.write("brief.news.md", BRIEF);
    symlink(&secrets, workspace.path().join("leak.news.md")).unwrap();
    symlink(
        outside.path().join("folder"),
        workspace.path().join("linked"),
    )
    .unwrap();
    (workspace, outside)
}

#[test]
fn check_does_not_read_links_out_of_the_workspace() {
    let (workspace, _outside) = leaky();
    let run = check(workspace.path(), &["."]);
    assert!(!run.stdout.contains("hunter2"), "{}", run.stdout);
    assert!(!run.stderr.contains("hunter2"), "{}", run.stderr);
    // `topsecret` is not defined for the brief: it is an undefined id.
    assert!(run.stdout.contains("topsecret"), "{}", run.stdout);
    assert!(run.stdout.contains("1 document"), "{}", run.stdout);
    for said in [
        "leak.news.md: skipped",
        "linked: skipped",
        "outside the workspace",
    ] {
        assert!(run.stderr.contains(said), "{said}: {}", run.stderr);
    }
}

#[test]
fn check_follows_every_link_when_asked() {
    let (workspace, _outside) = leaky();
    let run = check(workspace.path(), &["--follow-links", "."]);
    assert!(run.stdout.contains("hunter2"), "{}", run.stdout);
    assert!(run.stdout.contains("3 documents"), "{}", run.stdout);
    assert!(!run.stderr.contains("skipped"), "{}", run.stderr);
}

#[test]
fn links_inside_the_workspace_are_followed() {
    let workspace = TempDir::new("inside");
    workspace.write("brief.news.md", BRIEF);
    // A hidden folder is not walked, but a link to it from inside is.
    let store = workspace.write(".store/registry.news.md", SECRET);
    symlink(&store, workspace.path().join("registry.news.md")).unwrap();
    // A link back up the tree is a loop, not an error.
    symlink(workspace.path(), workspace.path().join("up")).unwrap();
    let run = check(workspace.path(), &["."]);
    assert!(run.stdout.contains("2 documents"), "{}", run.stdout);
    assert!(run.stdout.contains("hunter2"), "{}", run.stdout);
    assert!(!run.stdout.contains("[@topsecret]"), "{}", run.stdout);
    assert!(!run.stderr.contains("skipped"), "{}", run.stderr);
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().expect("mkfifo");
    assert!(status.success());
}

#[test]
fn check_names_special_files_as_skipped() {
    let workspace = TempDir::new("fifo");
    workspace.write("brief.news.md", "Plain text.\n");
    mkfifo(&workspace.path().join("pipe.news.md"));
    let run = check(workspace.path(), &["."]);
    assert_eq!(run.code, Some(0), "{}{}", run.stdout, run.stderr);
    let fifo_skipped = |stderr: &str| {
        assert!(stderr.contains("pipe.news.md: skipped: a FIFO"), "{stderr}");
    };
    fifo_skipped(&run.stderr);
    // Named directly, it is not opened either.
    fifo_skipped(&check(workspace.path(), &["pipe.news.md"]).stderr);
}

#[test]
fn the_server_does_not_read_links_out_of_the_workspace() {
    let (workspace, _outside) = leaky();
    mkfifo(&workspace.path().join("pipe.news.md"));
    let brief = uri(&workspace.path().join("brief.news.md"));
    let mut lsp = Lsp::start();
    lsp.initialize(workspace.path(), false);
    let log = lsp.wait_stderr("indexed 1 document");
    for skipped in [
        "leak.news.md: skipped",
        "linked: skipped",
        "pipe.news.md: skipped",
    ] {
        assert!(log.contains(skipped), "{skipped}: {log}");
    }
    lsp.open(&brief, BRIEF);
    let published = lsp.diagnostics(&brief);
    assert_eq!(support::codes(&published), ["undefined-entity"]);
    assert!(!published.to_string().contains("Hunter"), "{published}");
    let hover = lsp.hover(&brief, pos_of(BRIEF, "topsecret", 0, 2, Enc::Utf16));
    assert!(!hover.to_string().contains("Hunter"), "{hover}");
    let symbols = lsp.request("workspace/symbol", json!({ "query": "" }));
    assert_eq!(symbols, json!([]));
    // A change on disk to the link is ignored too.
    lsp.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri(&workspace.path().join("leak.news.md")), "type": 2 }] }),
    );
    let symbols = lsp.request("workspace/symbol", json!({ "query": "" }));
    assert_eq!(symbols, Value::Array(vec![]));
    assert!(lsp.shutdown_and_exit().success());
}
