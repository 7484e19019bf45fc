//! End-to-end: completion, references, symbols and quick fixes, through the
//! built binary over stdio.

use crate::support::{Enc, Lsp, TempDir, pos_of, range_of, uri};
use serde_json::{Value, json};

const REGISTRY: &str = "\
---
entities:
  witkoff:
    name: Steve Witkoff
    kind: person
    role: US special envoy
    aliases: [Witkoff]
  putin:
    name: Vladimir Putin
    kind: person
---
[@witkoff] [@putin]
";

const BRIEF: &str = "---\ntitle: Brief\n---\n🇺🇦 Met [Steve Witkoff](@witkof) and [@putin].\n";

fn start() -> (TempDir, Lsp, String, String) {
    let dir = TempDir::new("features");
    let registry = uri(&dir.write("registry.news.md", REGISTRY));
    let brief = uri(&dir.write("brief.news.md", BRIEF));
    let mut lsp = Lsp::start();
    let result = lsp.initialize(dir.path(), false);
    let caps = &result["capabilities"];
    assert_eq!(
        caps["completionProvider"]["triggerCharacters"],
        json!(["@", "[", ":"])
    );
    assert_eq!(caps["referencesProvider"], true);
    assert_eq!(caps["documentSymbolProvider"], true);
    assert_eq!(caps["workspaceSymbolProvider"], true);
    assert_eq!(
        caps["codeActionProvider"]["codeActionKinds"],
        json!(["quickfix", "refactor.rewrite"])
    );
    assert_eq!(caps["codeActionProvider"]["resolveProvider"], true);
    assert_eq!(
        caps["executeCommandProvider"]["commands"],
        json!(["newsls.wikidata.apply"])
    );
    lsp.open(&brief, BRIEF);
    (dir, lsp, brief, registry)
}

fn at(uri: &str, position: Value) -> Value {
    json!({ "textDocument": { "uri": uri }, "position": position })
}

#[test]
fn completion_right_after_typing_the_at_sign() {
    let (_dir, mut lsp, brief, _) = start();
    // Type ` [@` at the end of the mention line, then ask at once.
    let end = pos_of(BRIEF, ".\n", 0, 1, Enc::Utf16);
    lsp.insert(&brief, 2, &end, " [@wi");
    let mut cursor = end.clone();
    cursor["character"] = json!(end["character"].as_u64().unwrap_or(0) + 5);
    let list = lsp.request("textDocument/completion", at(&brief, cursor.clone()));
    let first = &list["items"][0];
    assert_eq!(first["label"], "witkoff", "{list:#}");
    assert_eq!(first["detail"], "Steve Witkoff · person · US special envoy");
    assert_eq!(first["textEdit"]["newText"], "witkoff");
    // It replaces the two letters typed after the `@`.
    let mut from = cursor.clone();
    from["character"] = json!(cursor["character"].as_u64().unwrap_or(0) - 2);
    assert_eq!(
        first["textEdit"]["range"],
        json!({ "start": from, "end": cursor })
    );

    // Nothing in plain prose.
    let list = lsp.request(
        "textDocument/completion",
        at(&brief, pos_of(BRIEF, "Met", 0, 2, Enc::Utf16)),
    );
    assert!(list.is_null(), "{list:#}");
    assert_eq!(lsp.shutdown_and_exit().code(), Some(0));
}

#[test]
fn references_across_documents_including_unopened_ones() {
    let (_dir, mut lsp, brief, registry) = start();
    let params = |include: bool| {
        let mut p = at(&brief, pos_of(BRIEF, "[@putin]", 0, 3, Enc::Utf16));
        p["context"] = json!({ "includeDeclaration": include });
        p
    };
    let found = lsp.request("textDocument/references", params(false));
    assert_eq!(
        found,
        json!([
            { "uri": brief, "range": range_of(BRIEF, "[@putin]", 0, Enc::Utf16) },
            { "uri": registry, "range": range_of(REGISTRY, "[@putin]", 0, Enc::Utf16) },
        ])
    );
    let found = lsp.request("textDocument/references", params(true));
    let uris: Vec<&str> = found
        .as_array()
        .map(|a| a.iter().filter_map(|l| l["uri"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(uris, [brief.as_str(), registry.as_str(), registry.as_str()]);
    // Within a document, in text order: the key comes before the mention.
    assert_eq!(
        found[1]["range"],
        range_of(REGISTRY, "putin", 0, Enc::Utf16)
    );
    assert_eq!(lsp.shutdown_and_exit().code(), Some(0));
}

#[test]
fn document_and_workspace_symbols() {
    let (_dir, mut lsp, _, registry) = start();
    let outline = lsp.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": registry } }),
    );
    let names: Vec<&str> = outline
        .as_array()
        .map(|a| a.iter().filter_map(|s| s["name"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(names, ["Steve Witkoff", "Vladimir Putin"], "{outline:#}");
    assert_eq!(outline[0]["detail"], "@witkoff · person");
    assert_eq!(
        outline[0]["selectionRange"],
        range_of(REGISTRY, "witkoff", 0, Enc::Utf16)
    );

    let found = lsp.request("workspace/symbol", json!({ "query": "vladimir" }));
    assert_eq!(found[0]["name"], "Vladimir Putin", "{found:#}");
    assert_eq!(found[0]["location"]["uri"], registry);
    assert_eq!(found[0]["containerName"], "registry.news.md");
    assert_eq!(lsp.shutdown_and_exit().code(), Some(0));
}

#[test]
fn quick_fix_for_a_mistyped_id() {
    let (_dir, mut lsp, brief, _) = start();
    let typo = range_of(BRIEF, "@witkof", 0, Enc::Utf16);
    let actions = lsp.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": brief },
            "range": { "start": typo["start"], "end": typo["start"] },
            "context": { "diagnostics": [] }
        }),
    );
    let action = &actions[0];
    assert_eq!(action["title"], "Change to `@witkoff`", "{actions:#}");
    assert_eq!(action["kind"], "quickfix");
    assert_eq!(action["diagnostics"][0]["code"], "undefined-entity");
    assert_eq!(
        action["edit"]["changes"][brief.as_str()],
        json!([{ "range": typo, "newText": "@witkoff" }])
    );
    // Nowhere near a problem: no actions.
    let none = lsp.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": brief },
            "range": range_of(BRIEF, "title", 0, Enc::Utf16),
            "context": { "diagnostics": [] }
        }),
    );
    assert!(none.is_null(), "{none:#}");
    assert_eq!(lsp.shutdown_and_exit().code(), Some(0));
}

#[test]
fn rename_an_entity_across_documents() {
    let (_dir, mut lsp, brief, registry) = start();
    let on_putin = at(&brief, pos_of(BRIEF, "[@putin]", 0, 4, Enc::Utf16));
    let prepared = lsp.request("textDocument/prepareRename", on_putin.clone());
    assert_eq!(prepared["placeholder"], "putin", "{prepared:#}");
    assert_eq!(prepared["range"], range_of(BRIEF, "putin", 0, Enc::Utf16));

    let mut params = on_putin.clone();
    params["newName"] = json!("vladimir-putin");
    let edit = lsp.request("textDocument/rename", params);
    let changes = &edit["changes"];
    assert_eq!(
        changes[brief.as_str()],
        json!([{ "range": range_of(BRIEF, "@putin", 0, Enc::Utf16), "newText": "@vladimir-putin" }])
    );
    let in_registry = changes[registry.as_str()]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let texts: Vec<&str> = in_registry
        .iter()
        .filter_map(|e| e["newText"].as_str())
        .collect();
    assert_eq!(
        texts,
        ["vladimir-putin", "@vladimir-putin"],
        "the key, then the mention"
    );

    // A taken id is refused with a message for the user.
    let mut params = on_putin;
    params["newName"] = json!("witkoff");
    let id = lsp.send_request("textDocument/rename", params);
    let response = lsp.response(id);
    assert_eq!(response["error"]["code"], -32803, "{response:#}");
    assert!(
        response["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("already defined")),
        "{response:#}"
    );
    assert_eq!(lsp.shutdown_and_exit().code(), Some(0));
}

#[test]
fn highlights_of_the_entity_under_the_cursor() {
    let dir = TempDir::new("highlights");
    let text =
        "---\nentities:\n  putin:\n    name: Vladimir Putin\n---\n[@putin] and [Putin](@putin)\n";
    let doc = uri(&dir.write("a.news.md", text));
    let mut lsp = Lsp::start();
    lsp.initialize(dir.path(), false);
    lsp.open(&doc, text);
    let found = lsp.request(
        "textDocument/documentHighlight",
        at(&doc, pos_of(text, "[@putin]", 0, 3, Enc::Utf16)),
    );
    assert_eq!(
        found,
        json!([
            { "range": range_of(text, "putin", 0, Enc::Utf16), "kind": 3 },
            { "range": range_of(text, "[@putin]", 0, Enc::Utf16), "kind": 2 },
            { "range": range_of(text, "[Putin](@putin)", 0, Enc::Utf16), "kind": 2 },
        ])
    );
    assert_eq!(lsp.shutdown_and_exit().code(), Some(0));
}
