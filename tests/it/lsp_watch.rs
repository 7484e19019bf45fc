//! Live files without the client's help, logs, and never indexing a home
//! folder: the built server over stdio.

use std::path::Path;

use crate::support::{Lsp, TempDir, codes, uri};
use serde_json::{Value, json};

const REGISTRY: &str = "\
---
title: Registry
entities:
  putin:
    name: Vladimir Putin
    kind: person
---
[@putin]
";

const REGISTRY_WITH_FIDAN: &str = "\
---
title: Registry
entities:
  putin:
    name: Vladimir Putin
    kind: person
  fidan:
    name: Hakan Fidan
    kind: person
---
[@putin]
";

const BRIEF: &str = "\
---
title: Brief
---
[@putin] met [@fidan].
";

/// `initialize` as Neovim 0.7 does: no dynamic registration of file
/// watchers.
fn initialize_without_watching(lsp: &mut Lsp, root: &Path) {
    lsp.initialize_with(json!({
        "processId": std::process::id(),
        "rootUri": uri(root),
        "capabilities": { "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": false } } }
    }));
}

fn undefined(params: &Value) -> usize {
    codes(params)
        .iter()
        .filter(|c| *c == "undefined-entity")
        .count()
}

#[test]
fn the_server_watches_files_itself_when_the_client_cannot() {
    let dir = TempDir::new("watch");
    let registry = dir.write("registry.news.md", REGISTRY);
    let brief = dir.write("briefs/brief.news.md", BRIEF);
    let mut lsp = Lsp::start();
    initialize_without_watching(&mut lsp, dir.path());
    lsp.wait_stderr("the server watches the folders itself");
    lsp.wait_stderr("watching");
    lsp.wait_stderr("indexed 2 documents");
    let brief_uri = uri(&brief);
    lsp.open(&brief_uri, BRIEF);
    lsp.diagnostics_where(&brief_uri, |p| undefined(p) == 1);

    // A writer adds `fidan` from a shell: the error goes.
    std::fs::write(&registry, REGISTRY_WITH_FIDAN).unwrap();
    lsp.diagnostics_where(&brief_uri, |p| undefined(p) == 0);

    // The registry is deleted: both are undefined.
    std::fs::remove_file(&registry).unwrap();
    lsp.diagnostics_where(&brief_uri, |p| undefined(p) == 2);

    // A new folder arrives with a document defining both, in a folder of
    // its own.
    let incoming = dir.path().join("incoming");
    let staging = TempDir::new("watch-staging");
    staging.write("desk/inner/registry.news.md", REGISTRY_WITH_FIDAN);
    std::fs::rename(staging.path().join("desk"), &incoming).unwrap();
    lsp.diagnostics_where(&brief_uri, |p| undefined(p) == 0);
    // The folders that arrived are watched too: `fidan` taken out there
    // is seen.
    std::fs::write(incoming.join("inner/registry.news.md"), REGISTRY).unwrap();
    lsp.diagnostics_where(&brief_uri, |p| undefined(p) == 1);
    std::fs::write(incoming.join("inner/registry.news.md"), REGISTRY_WITH_FIDAN).unwrap();
    lsp.diagnostics_where(&brief_uri, |p| undefined(p) == 0);

    // A hidden folder is not indexed, as in the first walk.
    std::fs::remove_dir_all(&incoming).unwrap();
    lsp.diagnostics_where(&brief_uri, |p| undefined(p) == 2);
    dir.write(".hidden/registry.news.md", REGISTRY_WITH_FIDAN);
    std::thread::sleep(std::time::Duration::from_millis(300));
    dir.write(
        "briefs/fidan.news.md",
        "---\nentities:\n  fidan:\n    name: Hakan Fidan\n---\n",
    );
    // The first change seen is the visible document's.
    let params = lsp.diagnostics_where(&brief_uri, |p| undefined(p) != 2);
    assert_eq!(undefined(&params), 1, "{params:#}");
}

/// Waits for a `window/logMessage` containing `text`, of type `kind`.
fn log_message(lsp: &mut Lsp, text: &str, kind: i64) {
    let log = lsp.receive(text, |m| {
        m["method"] == "window/logMessage"
            && m["params"]["message"]
                .as_str()
                .is_some_and(|s| s.contains(text))
    });
    assert_eq!(log["params"]["type"], kind, "{log}");
}

#[test]
fn informational_logs_go_to_the_client_not_to_stderr() {
    let dir = TempDir::new("logs");
    dir.write("registry.news.md", REGISTRY);
    let mut lsp = Lsp::start_with_env(&[], &[("NEWSLS_LOG", Path::new("info"))]);
    lsp.initialize_without_waiting(dir.path(), false);
    // 3: Info.
    log_message(&mut lsp, "indexed 1 document", 3);
    // Something wrong goes to both, as a warning.
    lsp.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "newsls": { "colour": true } } }),
    );
    // 2: Warning.
    log_message(&mut lsp, "unknown setting `colour`", 2);
    lsp.wait_stderr("unknown setting `colour`");
    assert!(!lsp.stderr().contains("indexed"), "{}", lsp.stderr());
    assert!(
        !lsp.stderr().contains("position encoding"),
        "{}",
        lsp.stderr()
    );
}

#[test]
fn a_home_folder_is_never_indexed_only_the_opened_documents_folder() {
    let home = TempDir::new("home");
    home.write("desk/registry.news.md", REGISTRY);
    home.write(
        "elsewhere/other.news.md",
        "---\nentities:\n  fidan:\n    name: Hakan Fidan\n---\n",
    );
    let brief = home.write("desk/brief.news.md", BRIEF);
    let mut lsp = Lsp::start_with_env(&[], &[("HOME", home.path())]);
    lsp.initialize(home.path(), false);
    lsp.wait_stderr("not indexing");
    let brief_uri = uri(&brief);
    lsp.open(&brief_uri, BRIEF);
    lsp.wait_stderr("the folder of the document opened");
    // `@putin` comes from the document's folder; `@fidan`, defined only
    // elsewhere in the home folder, stays undefined.
    let params = lsp.diagnostics_where(&brief_uri, |p| undefined(p) == 1);
    let message = params["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "undefined-entity")
        .unwrap()["message"]
        .clone();
    assert!(message.as_str().unwrap().contains("@fidan"), "{message}");
}
