//! The Wikidata code actions over stdio, against a local server of
//! recorded Wikidata answers: listing never asks the network; "Fill from
//! Wikidata" is computed in `codeAction/resolve` (or, for a client that
//! cannot resolve edits, by the command `newsls.wikidata.apply`, which
//! sends `workspace/applyEdit`); "Search Wikidata" then "Link to
//! Wikidata: Q… — …".

use serde_json::{Value, json};

use crate::support::{Enc, Lsp, TempDir, folder_params, pos_of, uri};
use crate::wikibase::{Failure, Wikibase};

const REGISTRY: &str = "---
entities:
  putin:
    wikidata: Q7747
    aliases: [Putin]
  attila:
    name: Attila the Hun
---
[@putin] and [@attila].
";

fn capabilities(resolve: bool) -> Value {
    let mut code_action = json!({
        "codeActionLiteralSupport": { "codeActionKind": { "valueSet": ["", "quickfix", "refactor", "refactor.rewrite"] } },
        "dataSupport": true
    });
    if resolve {
        code_action["resolveSupport"] = json!({ "properties": ["edit"] });
    }
    json!({
        "workspace": { "applyEdit": true },
        "textDocument": { "codeAction": code_action },
        "window": { "showMessage": {} }
    })
}

/// The server on a folder with the registry, pointed at `wikibase`, with
/// its own cache folder.
fn start(wikibase: &Wikibase, resolve: bool) -> (Lsp, TempDir, TempDir, String) {
    let dir = TempDir::new("lsp-wikidata");
    dir.write(".newsls.toml", wikibase.settings());
    let path = dir.write("registry.news.md", REGISTRY);
    let cache = TempDir::new("lsp-wikidata-cache");
    let mut lsp = Lsp::start_with_env(&[], &[("NEWSLS_CACHE_DIR", cache.path())]);
    lsp.initialize_with(folder_params(dir.path(), capabilities(resolve)));
    let uri = uri(&path);
    lsp.open(&uri, REGISTRY);
    (lsp, dir, cache, uri)
}

fn actions_at(lsp: &mut Lsp, uri: &str, key: &str) -> Vec<Value> {
    let at = pos_of(REGISTRY, key, 0, 1, Enc::Utf16);
    let result = lsp.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": { "start": at, "end": at },
            "context": { "diagnostics": [] }
        }),
    );
    result.as_array().cloned().unwrap_or_default()
}

/// `text` with a `WorkspaceEdit`'s edits for `uri` applied (UTF-16
/// positions; the registry is ASCII).
fn apply(text: &str, edit: &Value, uri: &str) -> String {
    let edits = edit["changes"][uri]
        .as_array()
        .expect("edits for the document");
    let offset = |p: &Value| {
        let line = p["line"].as_u64().unwrap() as usize;
        let character = p["character"].as_u64().unwrap() as usize;
        text.split_inclusive('\n')
            .take(line)
            .map(str::len)
            .sum::<usize>()
            + character
    };
    let mut out = text.to_string();
    let mut sorted: Vec<&Value> = edits.iter().collect();
    sorted.sort_by_key(|e| std::cmp::Reverse(offset(&e["range"]["start"])));
    for e in sorted {
        let (start, end) = (offset(&e["range"]["start"]), offset(&e["range"]["end"]));
        out.replace_range(start..end, e["newText"].as_str().unwrap());
    }
    out
}

fn titles(actions: &[Value]) -> Vec<String> {
    actions
        .iter()
        .map(|a| a["title"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn fill_from_wikidata_is_resolved_against_the_server() {
    let wikibase = Wikibase::start();
    let (mut lsp, _dir, _cache, uri) = start(&wikibase, true);
    let actions = actions_at(&mut lsp, &uri, "putin:");
    assert_eq!(titles(&actions), ["Fill from Wikidata"]);
    let fill = &actions[0];
    assert_eq!(fill["kind"], "refactor.rewrite");
    assert!(fill.get("edit").is_none(), "{fill}");
    // Starting, indexing and listing asked nothing of the network.
    assert!(wikibase.requests().is_empty());
    let resolved = lsp.request("codeAction/resolve", fill.clone());
    let text = apply(REGISTRY, &resolved["edit"], &uri);
    assert!(
        text.starts_with(
            "---
entities:
  putin:
    name: Vladimir Putin
    kind: person
    wikidata: Q7747
    aliases: [Putin, Vladimir Vladimirovich Putin]
    description: 2nd and 4th President of Russia"
        ),
        "{text}"
    );
    assert!(text.contains(
        "      - role: President of Russia
        since: 2012-05-07
"
    ));
    assert!(text.ends_with("  attila:\n    name: Attila the Hun\n---\n[@putin] and [@attila].\n"));
    assert_eq!(wikibase.requests().len(), 2);
    // The document on disk is not the server's to write.
    assert_eq!(
        std::fs::read_to_string(_dir.path().join("registry.news.md")).unwrap(),
        REGISTRY
    );
}

#[test]
fn a_failed_fill_is_the_resolve_error_and_changes_nothing() {
    let wikibase = Wikibase::start();
    wikibase.fail_next(Failure::Status(500));
    let (mut lsp, _dir, _cache, uri) = start(&wikibase, true);
    let actions = actions_at(&mut lsp, &uri, "putin:");
    let id = lsp.send_request("codeAction/resolve", actions[0].clone());
    let response = lsp.response(id);
    let message = response["error"]["message"].as_str().unwrap_or("");
    assert!(
        message.starts_with("Fill from Wikidata: fetching Q7747 from 127.0.0.1:")
            && message.ends_with(": the server answered HTTP 500; nothing was changed"),
        "{response}"
    );
    assert!(response.get("result").is_none());
}

#[test]
fn without_edit_resolving_a_command_sends_the_edit() {
    let wikibase = Wikibase::start();
    let (mut lsp, _dir, _cache, uri) = start(&wikibase, false);
    let actions = actions_at(&mut lsp, &uri, "putin:");
    assert_eq!(titles(&actions), ["Fill from Wikidata"]);
    let command = actions[0]["command"].clone();
    assert_eq!(command["command"], "newsls.wikidata.apply");
    assert!(wikibase.requests().is_empty());
    let result = lsp.request(
        "workspace/executeCommand",
        json!({ "command": command["command"], "arguments": command["arguments"] }),
    );
    assert_eq!(result, Value::Null);
    let sent = lsp.wait_requests("workspace/applyEdit", 1);
    let text = apply(REGISTRY, &sent[0]["params"]["edit"], &uri);
    assert!(
        text.contains("    name: Vladimir Putin\n    kind: person\n"),
        "{text}"
    );
}

#[test]
fn search_then_link_to_a_candidate() {
    let wikibase = Wikibase::start();
    let (mut lsp, _dir, _cache, uri) = start(&wikibase, true);
    let actions = actions_at(&mut lsp, &uri, "attila:");
    assert_eq!(titles(&actions), ["Search Wikidata for “Attila the Hun”"]);
    assert!(wikibase.requests().is_empty());
    let command = actions[0]["command"].clone();
    lsp.request(
        "workspace/executeCommand",
        json!({ "command": command["command"], "arguments": command["arguments"] }),
    );
    let shown = lsp.receive("the search's message", |m| {
        m["method"] == "window/showMessage"
    });
    assert_eq!(
        shown["params"]["message"],
        "4 Wikidata candidates for “Attila the Hun”: the code actions on `attila` now offer to link to them"
    );
    assert_eq!(wikibase.requests().len(), 1);
    // Listed again: the candidates, from the cache, without the network.
    let actions = actions_at(&mut lsp, &uri, "attila:");
    assert_eq!(
        titles(&actions),
        [
            "Link to Wikidata: Q36724 — King of the Hunnic Empire",
            "Link to Wikidata: Q4818461 — Attila the Hun",
            "Link to Wikidata: Q4818464 — Calypsonian",
            "Link to Wikidata: Q4818462 — Attila the Hun in popular culture",
        ]
    );
    assert_eq!(wikibase.requests().len(), 1);
    let text = apply(REGISTRY, &actions[0]["edit"], &uri);
    assert!(
        text.contains("  attila:\n    name: Attila the Hun\n    wikidata: Q36724\n---\n"),
        "{text}"
    );
}
