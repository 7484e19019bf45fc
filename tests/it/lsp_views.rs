//! Code lens, folding ranges and document links, end to end.

use crate::support::{Lsp, TempDir, uri};
use serde_json::{Value, json};

const REGISTRY: &str = "\
---
title: Registry
entities:
  putin:
    name: Vladimir Putin
    kind: person
    wikidata: Q7747
    url: https://kremlin.ru
  talks:
    name: Moscow talks
    participants: [\"@putin\"]
---
[@putin] spoke.
";

const BRIEF: &str = "---\ntitle: Brief\n---\n[Putin](@putin) and [@putin] at the [@talks].\n";

fn start(label: &str, options: Value) -> (TempDir, Lsp, String) {
    let dir = TempDir::new(label);
    let registry = dir.write("registry.news.md", REGISTRY);
    dir.write("brief.news.md", BRIEF);
    let mut lsp = Lsp::start();
    lsp.initialize_with(json!({
        "processId": std::process::id(),
        "rootUri": uri(dir.path()),
        "initializationOptions": options,
        "capabilities": {}
    }));
    let registry_uri = uri(&registry);
    lsp.open(&registry_uri, REGISTRY);
    (dir, lsp, registry_uri)
}

/// [`start`] with no options, and the brief open too; returns its URI.
fn start_with_brief(label: &str) -> (TempDir, Lsp, String) {
    let (dir, lsp, _) = start(label, Value::Null);
    let brief = uri(&dir.path().join("brief.news.md"));
    lsp.open(&brief, BRIEF);
    (dir, lsp, brief)
}

#[test]
fn code_lenses_count_uses_when_resolved_and_a_setting_turns_them_off() {
    let (_dir, mut lsp, registry_uri) = start("lens", Value::Null);
    let lenses = lsp.request(
        "textDocument/codeLens",
        json!({ "textDocument": { "uri": registry_uri } }),
    );
    let lenses = lenses.as_array().unwrap().clone();
    assert_eq!(lenses.len(), 2, "{lenses:#?}");
    assert_eq!(
        lenses[0]["range"]["start"],
        json!({ "line": 3, "character": 2 })
    );
    assert!(lenses[0].get("command").is_none_or(Value::is_null), "lazy");
    let resolved = lsp.request("codeLens/resolve", lenses[0].clone());
    assert_eq!(
        resolved["command"]["title"],
        "3 mentions in 2 documents · referenced in 1"
    );
    assert_eq!(resolved["command"]["command"], "newsls.showReferences");
    assert_eq!(resolved["command"]["arguments"][0], registry_uri.as_str());
    // The uses the references view lists: three mentions, one reference.
    let uses = resolved["command"]["arguments"][2].as_array().unwrap();
    let brief_uri = uri(&_dir.path().join("brief.news.md"));
    let places: Vec<(&str, &Value)> = uses
        .iter()
        .map(|l| (l["uri"].as_str().unwrap(), &l["range"]["start"]))
        .collect();
    assert_eq!(
        places,
        [
            (brief_uri.as_str(), &json!({ "line": 3, "character": 0 })),
            (brief_uri.as_str(), &json!({ "line": 3, "character": 20 })),
            (
                registry_uri.as_str(),
                &json!({ "line": 10, "character": 20 })
            ),
            (
                registry_uri.as_str(),
                &json!({ "line": 12, "character": 0 })
            ),
        ],
        "{uses:#?}"
    );
    let talks = lsp.request("codeLens/resolve", lenses[1].clone());
    assert_eq!(talks["command"]["title"], "1 mention in 1 document");

    let (_dir, mut off, registry_uri) =
        start("lens-off", json!({ "code-lens": { "enabled": false } }));
    let none = off.request(
        "textDocument/codeLens",
        json!({ "textDocument": { "uri": registry_uri } }),
    );
    assert_eq!(none, Value::Null);
}

#[test]
fn turning_code_lenses_off_asks_the_client_to_refresh_them() {
    let dir = TempDir::new("lens-refresh");
    let registry = dir.write("registry.news.md", REGISTRY);
    let mut lsp = Lsp::start();
    lsp.initialize_with(json!({
        "processId": std::process::id(),
        "rootUri": uri(dir.path()),
        "capabilities": { "workspace": { "codeLens": { "refreshSupport": true } } }
    }));
    let registry_uri = uri(&registry);
    lsp.open(&registry_uri, REGISTRY);
    let lenses = |lsp: &mut Lsp| {
        lsp.request(
            "textDocument/codeLens",
            json!({ "textDocument": { "uri": registry_uri } }),
        )
    };
    assert_eq!(lenses(&mut lsp).as_array().map(Vec::len), Some(2));
    // A change that leaves them on asks for nothing.
    lsp.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "newsls": { "inlay-hints": { "enabled": true } } } }),
    );
    lsp.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "newsls": { "code-lens": { "enabled": false } } } }),
    );
    let sent = lsp.wait_requests("workspace/codeLens/refresh", 1);
    assert_eq!(sent.len(), 1, "{sent:#?}");
    assert_eq!(lenses(&mut lsp), Value::Null);
    lsp.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "newsls": { "code-lens": { "enabled": true } } } }),
    );
    lsp.wait_requests("workspace/codeLens/refresh", 2);
    assert_eq!(lenses(&mut lsp).as_array().map(Vec::len), Some(2));
}

#[test]
fn folding_ranges_and_document_links() {
    let (_dir, mut lsp, registry_uri) = start("folds", Value::Null);
    let folds = lsp.request(
        "textDocument/foldingRange",
        json!({ "textDocument": { "uri": registry_uri } }),
    );
    let lines: Vec<(u64, u64)> = folds
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["startLine"].as_u64().unwrap(),
                f["endLine"].as_u64().unwrap(),
            )
        })
        .collect();
    // The front matter (lines 1 to 11), putin (3 to 7), talks (8 to 10).
    assert_eq!(lines, [(1, 10), (3, 7), (8, 10)], "{folds:#}");
    let links = lsp.request(
        "textDocument/documentLink",
        json!({ "textDocument": { "uri": registry_uri } }),
    );
    let targets: Vec<&str> = links
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["target"].as_str().unwrap())
        .collect();
    assert_eq!(
        targets,
        ["https://www.wikidata.org/wiki/Q7747", "https://kremlin.ru"]
    );
    assert_eq!(
        links[0]["range"],
        json!({ "start": { "line": 6, "character": 14 }, "end": { "line": 6, "character": 19 } })
    );
}

#[test]
fn semantic_tokens_type_mentions_by_kind() {
    let (_dir, mut lsp, brief) = start_with_brief("tokens");
    let result = lsp.request(
        "textDocument/semanticTokens/full",
        json!({ "textDocument": { "uri": brief } }),
    );
    // [Putin](@putin) and [@putin] at the [@talks]. on line 3: person
    // (first mention), person, entity (talks has no kind; first).
    let data: Vec<u64> = result["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_u64().unwrap())
        .collect();
    assert_eq!(
        data,
        [3, 0, 15, 0, 2, 0, 20, 8, 0, 0, 0, 16, 8, 4, 2],
        "{result:#}"
    );
    let range = lsp.request(
        "textDocument/semanticTokens/range",
        json!({ "textDocument": { "uri": brief }, "range": {
            "start": { "line": 3, "character": 17 }, "end": { "line": 3, "character": 30 } } }),
    );
    assert_eq!(range["data"], json!([3, 20, 8, 0, 0]));
}

#[test]
fn selection_ranges_grow_from_the_id_to_the_document() {
    let (_dir, mut lsp, brief) = start_with_brief("selection");
    let result = lsp.request(
        "textDocument/selectionRange",
        json!({ "textDocument": { "uri": brief }, "positions": [{ "line": 3, "character": 11 }] }),
    );
    let mut ranges = Vec::new();
    let mut at = &result[0];
    while at.is_object() {
        let r = &at["range"];
        ranges.push((
            r["start"]["line"].as_u64().unwrap(),
            r["start"]["character"].as_u64().unwrap(),
            r["end"]["line"].as_u64().unwrap(),
            r["end"]["character"].as_u64().unwrap(),
        ));
        at = &at["parent"];
    }
    // `@putin`, `[Putin](@putin)`, the sentence (the whole line, which is
    // also its paragraph with the front matter), the document.
    assert_eq!(ranges[0], (3, 8, 3, 14), "{result:#}");
    assert_eq!(ranges[1], (3, 0, 3, 15));
    assert_eq!(ranges.last(), Some(&(0, 0, 4, 0)));
}
