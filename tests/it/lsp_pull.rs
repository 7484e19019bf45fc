//! Pulled diagnostics (`textDocument/diagnostic`, `workspace/diagnostic`)
//! for a client that declares them and `workspace/diagnostic/refresh`, as
//! VS Code does; push for the others: the built server over stdio.

use crate::support;

use std::path::Path;
use std::time::Duration;

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
";

/// Never opened: its problems come only from the workspace report.
const ARCHIVE: &str = "\
---
title: Archive
---
[@putin] met [@fidan].
";

const BRIEF: &str = "\
---
title: Brief
---
[@putin] spoke.
";

/// What VS Code (vscode-languageclient 9) declares for pulled diagnostics.
fn pulling_capabilities() -> Value {
    let mut text_document = support::text_document_capabilities();
    text_document["diagnostic"] =
        json!({ "dynamicRegistration": true, "relatedDocumentSupport": false });
    json!({
        "workspace": {
            "diagnostics": { "refreshSupport": true },
            "didChangeWatchedFiles": { "dynamicRegistration": true }
        },
        "textDocument": text_document
    })
}

fn folder(label: &str) -> TempDir {
    let dir = TempDir::new(label);
    dir.write("registry.news.md", REGISTRY);
    dir.write("archive.news.md", ARCHIVE);
    dir.write("brief.news.md", BRIEF);
    dir
}

fn start(dir: &Path, capabilities: Value) -> (Lsp, Value) {
    let mut lsp = Lsp::start();
    let result = lsp.initialize_with(support::folder_params(dir, capabilities));
    (lsp, result)
}

/// `workspace/diagnostic`; `held` are the result ids the client holds,
/// `streams` sends a `partialResultToken` as vscode-languageclient does.
fn send_workspace_pull(lsp: &mut Lsp, held: &[(String, String)], streams: bool) -> i64 {
    let previous: Vec<Value> = held
        .iter()
        .map(|(uri, id)| json!({ "uri": uri, "value": id }))
        .collect();
    let mut params = json!({ "identifier": "newsls", "previousResultIds": previous });
    if streams {
        params["partialResultToken"] = json!("pull-1");
    }
    lsp.send_request("workspace/diagnostic", params)
}

/// The items of a workspace report by URI: (result id, codes).
fn by_uri(report: &Value) -> Vec<(String, Option<String>, Vec<String>)> {
    let mut items: Vec<_> = report["items"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|item| {
            assert_eq!(item["kind"], "full", "{item:#}");
            (
                item["uri"].as_str().unwrap_or("").to_string(),
                item["resultId"].as_str().map(str::to_string),
                codes(&json!({ "diagnostics": item["items"] })),
            )
        })
        .collect();
    items.sort();
    items
}

fn held_ids(items: &[(String, Option<String>, Vec<String>)]) -> Vec<(String, String)> {
    items
        .iter()
        .filter_map(|(uri, id, _)| Some((uri.clone(), id.clone()?)))
        .collect()
}

fn document_pull(lsp: &mut Lsp, uri: &str, previous: Option<&str>) -> Value {
    lsp.request(
        "textDocument/diagnostic",
        json!({ "textDocument": { "uri": uri }, "identifier": "newsls", "previousResultId": previous }),
    )
}

fn publishes(lsp: &mut Lsp) -> Vec<Value> {
    lsp.pending_messages()
        .into_iter()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics")
        .collect()
}

fn answered(lsp: &mut Lsp, id: i64) -> bool {
    lsp.pending_messages()
        .iter()
        .any(|m| m.get("id") == Some(&json!(id)) && m.get("method").is_none())
}

fn path_uri(dir: &TempDir, name: &str) -> String {
    uri(&dir.path().join(name))
}

#[test]
fn a_pulling_client_gets_every_document_and_unchanged_reports_stay_unsent() {
    let dir = folder("pull-workspace");
    let (mut lsp, result) = start(dir.path(), pulling_capabilities());
    let provider = &result["capabilities"]["diagnosticProvider"];
    assert_eq!(provider["interFileDependencies"], true, "{result:#}");
    assert_eq!(provider["workspaceDiagnostics"], true, "{result:#}");
    let (archive, registry, brief) = (
        path_uri(&dir, "archive.news.md"),
        path_uri(&dir, "registry.news.md"),
        path_uri(&dir, "brief.news.md"),
    );

    // The first pull: every document, the unopened archive's undefined
    // `@fidan` included.
    let id = send_workspace_pull(&mut lsp, &[], true);
    let first = by_uri(&lsp.result(id));
    let names: Vec<&str> = first.iter().map(|(u, _, _)| u.as_str()).collect();
    assert_eq!(names, [archive.as_str(), brief.as_str(), registry.as_str()]);
    assert_eq!(first[0].2, ["undefined-entity"], "{first:?}");
    assert_eq!(first[1].2, Vec::<String>::new());
    let held = held_ids(&first);
    assert_eq!(held.len(), 3);

    // Nothing changed: a one-off pull is answered with nothing new...
    let id = send_workspace_pull(&mut lsp, &held, false);
    assert_eq!(by_uri(&lsp.result(id)), []);
    // ...and a streaming one (VS Code's, repeated every 2 s) is held.
    let waiting = send_workspace_pull(&mut lsp, &held, true);
    std::thread::sleep(Duration::from_millis(500));
    assert!(!answered(&mut lsp, waiting), "an idle pull was answered");

    // An edit in an open document that defines `fidan`: the held pull
    // answers with the archive, now clean, and the registry.
    lsp.open(&registry, REGISTRY);
    lsp.change_full(&registry, 2, REGISTRY_WITH_FIDAN);
    let changed = by_uri(&lsp.result(waiting));
    let names: Vec<&str> = changed.iter().map(|(u, _, _)| u.as_str()).collect();
    assert!(names.contains(&archive.as_str()), "{changed:?}");
    assert!(!names.contains(&brief.as_str()), "{changed:?}");
    let archive_now = changed.iter().find(|(u, _, _)| *u == archive);
    assert_eq!(archive_now.map(|a| a.2.clone()), Some(vec![]));
    assert_ne!(
        archive_now.and_then(|a| a.1.clone()),
        Some(held[0].1.clone())
    );

    // Nothing is pushed to a client that pulls.
    assert_eq!(publishes(&mut lsp), Vec::<Value>::new());
    // A pull still held does not keep the server from a clean exit.
    let id = send_workspace_pull(&mut lsp, &[], true);
    let held = held_ids(&by_uri(&lsp.result(id)));
    send_workspace_pull(&mut lsp, &held, true);
    assert!(lsp.shutdown_and_exit().success());
}

#[test]
fn a_document_pull_answers_unchanged_until_its_diagnostics_change() {
    let dir = folder("pull-document");
    let (mut lsp, _) = start(dir.path(), pulling_capabilities());
    let brief = path_uri(&dir, "brief.news.md");
    let text = "---\ntitle: Brief\n---\n[@putin] met [@fidan].\n";
    lsp.open(&brief, text);
    let first = document_pull(&mut lsp, &brief, None);
    assert_eq!(first["kind"], "full", "{first:#}");
    assert_eq!(
        codes(&json!({ "diagnostics": first["items"] })),
        ["undefined-entity"]
    );
    let id = first["resultId"].as_str().unwrap_or("").to_string();
    assert!(!id.is_empty(), "{first:#}");

    // Pulled again with its id: unchanged.
    let again = document_pull(&mut lsp, &brief, Some(&id));
    assert_eq!(again, json!({ "kind": "unchanged", "resultId": id }));
    // An edit that leaves the problem where it is: still unchanged.
    lsp.change_full(&brief, 2, &format!("{text}More prose.\n"));
    let prose = document_pull(&mut lsp, &brief, Some(&id));
    assert_eq!(prose["kind"], "unchanged", "{prose:#}");
    // An edit that moves it: a full report under a new id.
    lsp.change_full(&brief, 3, &format!("\n{text}"));
    let moved = document_pull(&mut lsp, &brief, Some(&id));
    assert_eq!(moved["kind"], "full", "{moved:#}");
    assert_eq!(moved["items"][0]["range"]["start"]["line"], 4);
    assert_ne!(moved["resultId"], json!(id));
    assert_eq!(publishes(&mut lsp), Vec::<Value>::new());
}

#[test]
fn other_open_documents_are_refreshed_when_a_change_moves_them() {
    let dir = folder("pull-refresh");
    let (mut lsp, _) = start(dir.path(), pulling_capabilities());
    let (brief, registry) = (
        path_uri(&dir, "brief.news.md"),
        path_uri(&dir, "registry.news.md"),
    );
    let text = "---\ntitle: Brief\n---\n[@putin] met [@fidan].\n";
    lsp.open(&brief, text);
    lsp.open(&registry, REGISTRY);
    let before = document_pull(&mut lsp, &brief, None);
    assert_eq!(
        codes(&json!({ "diagnostics": before["items"] })),
        ["undefined-entity"]
    );
    // A prose edit in the registry moves nothing elsewhere: no refresh.
    lsp.change_full(&registry, 2, &format!("{REGISTRY}Notes.\n"));
    std::thread::sleep(Duration::from_millis(500));
    assert!(lsp.requests_for("workspace/diagnostic/refresh").is_empty());
    // Defining `fidan` there changes the brief's diagnostics: the client
    // is asked to pull again, and the brief's pull is clean.
    lsp.change_full(&registry, 3, REGISTRY_WITH_FIDAN);
    lsp.wait_requests("workspace/diagnostic/refresh", 1);
    let after = document_pull(&mut lsp, &brief, before["resultId"].as_str());
    assert_eq!(after["kind"], "full", "{after:#}");
    assert_eq!(after["items"], json!([]));
}

#[test]
fn a_client_that_does_not_pull_is_pushed_to() {
    let dir = folder("push");
    // Neovim 0.11 and Helix pull, but cannot be asked to pull again.
    let mut pulls_without_refresh = pulling_capabilities();
    pulls_without_refresh["workspace"]["diagnostics"] = json!({});
    for capabilities in [
        json!({ "textDocument": support::text_document_capabilities() }),
        pulls_without_refresh,
    ] {
        let (mut lsp, result) = start(dir.path(), capabilities);
        assert!(
            result["capabilities"].get("diagnosticProvider").is_none(),
            "{result:#}"
        );
        let archive = path_uri(&dir, "archive.news.md");
        lsp.open(&archive, ARCHIVE);
        let published = lsp.diagnostics(&archive);
        assert_eq!(codes(&published), ["undefined-entity"]);
    }
}

#[test]
fn folder_wide_codes_wait_for_the_folder_to_be_read() {
    let dir = folder("pull-indexing");
    let (mut lsp, gate) = Lsp::start_holding_indexing(dir.path(), pulling_capabilities());
    let brief = path_uri(&dir, "brief.news.md");
    let text = "---\ntitle: Brief\n---\n[@putin] met [@nobody].\n";
    lsp.open(&brief, text);
    // The open document is answered at once, without folder-wide codes.
    let early = document_pull(&mut lsp, &brief, None);
    assert_eq!(early["items"], json!([]), "{early:#}");
    // The report of every document waits for the folder.
    let waiting = send_workspace_pull(&mut lsp, &[], false);
    std::thread::sleep(Duration::from_millis(300));
    assert!(!answered(&mut lsp, waiting), "answered from half a folder");
    std::fs::write(&gate, "").expect("release the indexing");
    let report = by_uri(&lsp.result(waiting));
    let brief_report = report.iter().find(|(u, _, _)| *u == brief);
    assert_eq!(
        brief_report.map(|b| b.2.clone()),
        Some(vec!["undefined-entity".to_string()])
    );
    // The client is asked to pull the open document again.
    lsp.wait_requests("workspace/diagnostic/refresh", 1);
    let late = document_pull(&mut lsp, &brief, early["resultId"].as_str());
    assert_eq!(
        codes(&json!({ "diagnostics": late["items"] })),
        ["undefined-entity"]
    );
}

#[test]
fn a_report_whose_related_places_moved_is_sent_again() {
    let dir = TempDir::new("pull-related");
    let a = "---\nentities:\n  witkoff: {name: Steve Witkoff}\n---\n[@witkoff]\n";
    let b = "---\nentities:\n  witkoff: {name: Steven Witkoff}\n---\n";
    dir.write("a.news.md", a);
    dir.write("b.news.md", b);
    let (mut lsp, _) = start(dir.path(), pulling_capabilities());
    let id = send_workspace_pull(&mut lsp, &[], true);
    let first = lsp.result(id);
    let a_uri = path_uri(&dir, "a.news.md");
    let report_of = |report: &Value, uri: &str| {
        report["items"]
            .as_array()
            .and_then(|items| items.iter().find(|i| i["uri"] == uri).cloned())
    };
    let a_first = report_of(&first, &a_uri).expect("a's report");
    let related = &a_first["items"][0]["relatedInformation"][0]["location"];
    assert_eq!(related["range"]["start"]["line"], 2, "{a_first:#}");
    let held = held_ids(&by_uri(&first));

    // A title above b's definition: b's summary is the same, but a's
    // related information now points one line lower.
    let waiting = send_workspace_pull(&mut lsp, &held, true);
    let b_uri = path_uri(&dir, "b.news.md");
    lsp.open(&b_uri, b);
    lsp.change_full(&b_uri, 2, &b.replacen("---\n", "---\ntitle: B\n", 1));
    let answer = lsp.result(waiting);
    let a_now = report_of(&answer, &a_uri).expect("a's report again");
    let related = &a_now["items"][0]["relatedInformation"][0]["location"];
    assert_eq!(related["range"]["start"]["line"], 3, "{a_now:#}");
}
