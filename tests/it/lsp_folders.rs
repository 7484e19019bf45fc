//! End-to-end: which folders the server indexes — none given (a single
//! file opened), and folders added or removed while it runs.

use crate::support::{Enc, Lsp, TempDir, codes, pos_of, uri};
use serde_json::json;

const REGISTRY: &str =
    "---\nentities:\n  witkoff:\n    name: Steve Witkoff\n    role: US special envoy\n---\n";
const BRIEF: &str = "---\ntitle: Brief\n---\n[Steve Witkoff](@witkoff) arrived.\n";

fn capabilities() -> serde_json::Value {
    json!({ "general": { "positionEncodings": ["utf-16"] },
            "workspace": { "workspaceFolders": true } })
}

#[test]
fn without_a_folder_the_documents_beside_an_opened_file_are_indexed() {
    let dir = TempDir::new("no-folder");
    dir.write("registry.news.md", REGISTRY);
    let brief = dir.write("brief.news.md", BRIEF);
    let mut lsp = Lsp::start();
    lsp.initialize_with(json!({
        "processId": null, "rootUri": null, "capabilities": capabilities()
    }));
    let brief_uri = uri(&brief);
    lsp.open(&brief_uri, BRIEF);
    let published = lsp.diagnostics(&brief_uri);
    assert!(codes(&published).is_empty(), "{published:#}");

    let found = lsp.definition(&brief_uri, pos_of(BRIEF, "@witkoff", 0, 1, Enc::Utf16));
    assert_eq!(
        found[0]["uri"],
        uri(&dir.path().join("registry.news.md")),
        "{found:#}"
    );
    assert_eq!(lsp.shutdown_and_exit().code(), Some(0));
}

#[test]
fn folders_added_and_removed_while_running() {
    let work = TempDir::new("folders-work");
    let desk = TempDir::new("folders-desk");
    let brief = work.write("brief.news.md", BRIEF);
    desk.write("registry.news.md", REGISTRY);
    let mut lsp = Lsp::start();
    lsp.initialize(work.path(), false);
    let brief_uri = uri(&brief);
    lsp.open(&brief_uri, BRIEF);
    let published = lsp.diagnostics(&brief_uri);
    assert_eq!(codes(&published), ["undefined-entity"], "{published:#}");

    let folder = json!([{ "uri": uri(desk.path()), "name": "desk" }]);
    lsp.notify(
        "workspace/didChangeWorkspaceFolders",
        json!({ "event": { "added": folder, "removed": [] } }),
    );
    // A request right after the notification sees the new folder.
    let at = pos_of(BRIEF, "@witkoff", 0, 1, Enc::Utf16);
    let found = lsp.definition(&brief_uri, at.clone());
    assert_eq!(
        found[0]["uri"],
        uri(&desk.path().join("registry.news.md")),
        "{found:#}"
    );
    let published = lsp.diagnostics_where(&brief_uri, |p| codes(p).is_empty());
    assert!(codes(&published).is_empty());

    lsp.notify(
        "workspace/didChangeWorkspaceFolders",
        json!({ "event": { "added": [], "removed": folder } }),
    );
    let found = lsp.definition(&brief_uri, at);
    assert!(found.is_null(), "{found:#}");
    let published = lsp.diagnostics_where(&brief_uri, |p| !codes(p).is_empty());
    assert_eq!(codes(&published), ["undefined-entity"]);
    assert_eq!(lsp.shutdown_and_exit().code(), Some(0));
}

#[test]
fn files_appearing_in_ignored_or_hidden_folders_stay_out() {
    let dir = TempDir::new("ignored-later");
    dir.write(".gitignore", "ignored/\n");
    let brief = dir.write("brief.news.md", BRIEF);
    let mut lsp = Lsp::start();
    lsp.initialize(dir.path(), false);
    let brief_uri = uri(&brief);
    lsp.open(&brief_uri, BRIEF);
    let at = pos_of(BRIEF, "@witkoff", 0, 1, Enc::Utf16);

    let mut created = Vec::new();
    for place in ["ignored/registry.news.md", ".hidden/registry.news.md"] {
        created.push(json!({ "uri": uri(&dir.write(place, REGISTRY)), "type": 1 }));
    }
    lsp.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": created }),
    );
    let found = lsp.definition(&brief_uri, at.clone());
    assert!(found.is_null(), "{found:#}");

    // The same file in a folder the walk reaches is indexed.
    let seen = dir.write("desk/registry.news.md", REGISTRY);
    lsp.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri(&seen), "type": 1 }] }),
    );
    let found = lsp.definition(&brief_uri, at);
    assert_eq!(found[0]["uri"], uri(&seen), "{found:#}");
    assert_eq!(lsp.shutdown_and_exit().code(), Some(0));
}
