//! Capability-honest answers over the real binary,
//! with the capability sets Eglot and Helix send (recorded under
//! `tests/clients/` from their source).

use crate::support::{Enc, Lsp, TempDir, find_code, pos_of, uri};
use serde_json::{Value, json};

const REGISTRY: &str = "---\ndate: 2026-01-01\nentities:\n  putin:\n    name: Vladimir Putin\n    kind: person\n  nato:\n    name: NATO\n    kind: organization\n---\n";
const OTHER: &str =
    "---\nentities:\n  putin:\n    name: Someone Else\n---\n[Vladimir Putin](@putin) met [@na\n";

fn client(json: &str) -> Value {
    let file: Value = serde_json::from_str(json).expect("JSON");
    file["capabilities"].clone()
}

fn start(label: &str, capabilities: Value) -> (TempDir, Lsp, Value) {
    let dir = TempDir::new(label);
    dir.write("registry.news.md", REGISTRY);
    let mut lsp = Lsp::start();
    let result = lsp.initialize_with(json!({
        "processId": null,
        "rootUri": uri(dir.path()),
        "workspaceFolders": [{ "uri": uri(dir.path()), "name": "test" }],
        "capabilities": capabilities,
    }));
    lsp.wait_stderr("indexed 1 document");
    (dir, lsp, result)
}

#[test]
fn eglot_gets_no_prepare_rename_plain_hover_and_no_related_information() {
    let eglot = client(include_str!("../clients/eglot-1.9.json"));
    let (dir, mut lsp, result) = start("eglot", eglot);
    let caps = &result["capabilities"];
    assert_eq!(caps["renameProvider"], true, "{caps}");
    assert!(caps["codeActionProvider"].is_object(), "{caps}");

    let other = uri(&dir.write("other.news.md", OTHER));
    lsp.open(&other, OTHER);
    let published = lsp.diagnostics(&other);
    let conflict = find_code(&published, "conflicting-definition");
    assert!(conflict.get("relatedInformation").is_none(), "{conflict}");
    let message = conflict["message"].as_str().unwrap();
    assert!(message.contains("registry.news.md:4:3"), "{message}");

    let hover = lsp.hover(&other, pos_of(OTHER, "Vladimir", 0, 1, Enc::Utf16));
    assert_eq!(hover["contents"]["kind"], "plaintext", "{hover}");
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(!text.contains("**") && !text.contains('`'), "{text}");

    // Completion kinds stay in 1 to 18 without a valueSet: the one
    // entity `@na` can mean, the organisation NATO, shows as a Class (7).
    let items = lsp.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": other }, "position": pos_of(OTHER, "@na", 0, 3, Enc::Utf16) }),
    );
    let items = items["items"].as_array().expect("a list");
    let shown: Vec<(&str, i64)> = items
        .iter()
        .map(|item| {
            let label = item["label"].as_str().unwrap_or("");
            (label, item["kind"].as_i64().unwrap_or(0))
        })
        .collect();
    assert_eq!(shown, [("nato", 7)], "{items:#?}");
    assert!(lsp.shutdown_and_exit().success());
}

#[test]
fn helix_gets_flat_symbols() {
    let helix = client(include_str!("../clients/helix-25.07.1.json"));
    let (dir, mut lsp, result) = start("helix", helix);
    assert_eq!(
        result["capabilities"]["renameProvider"]["prepareProvider"],
        true
    );
    let registry = uri(&dir.path().join("registry.news.md"));
    lsp.open(&registry, REGISTRY);
    let symbols = lsp.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": registry } }),
    );
    let symbols = symbols.as_array().expect("symbols");
    assert_eq!(symbols.len(), 2);
    for symbol in symbols {
        assert_eq!(symbol["location"]["uri"], registry, "{symbol}");
        assert!(symbol.get("children").is_none() && symbol.get("selectionRange").is_none());
    }
    assert!(lsp.shutdown_and_exit().success());
}

#[test]
fn a_client_without_literal_support_is_offered_no_code_actions() {
    let (_dir, mut lsp, result) = start("bare", json!({}));
    let caps = &result["capabilities"];
    assert!(caps.get("codeActionProvider").is_none(), "{caps}");
    assert_eq!(caps["renameProvider"], true, "{caps}");
    assert!(lsp.shutdown_and_exit().success());
}
