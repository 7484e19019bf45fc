//! Inlay hints end to end: off by default, turned on by a settings push
//! (which asks the client to refresh them), a role after each first
//! mention of a person or organisation, limited to the range asked.

use crate::support::{Enc, Lsp, TempDir, pos_of, uri};
use serde_json::{Value, json};

const REGISTRY: &str = "\
---
title: Registry
entities:
  merz:
    name: Friedrich Merz
    kind: person
    roles:
      - role: Chancellor of Germany
        since: 2025-05-06
      - role: Leader of the opposition
        affiliation: \"@cdu\"
        since: 2022-02-15
        until: 2025-05-06
  cdu:
    name: Christian Democratic Union
    kind: organization
    role: governing party
  berlin:
    name: Berlin
    kind: place
---
";

/// Dated before Merz became chancellor; an emoji before the first mention
/// so that UTF-16 columns differ from characters.
const BRIEF: &str = "\
---
title: Brief
date: 2024-03-01
---
🇩🇪 [Merz](@merz) of the [@cdu] in [@berlin].

Then [@merz] again.
";

fn start(label: &str, text_document: Value) -> (TempDir, Lsp, String, Value) {
    let dir = TempDir::new(label);
    dir.write("registry.news.md", REGISTRY);
    let brief = dir.write("brief.news.md", BRIEF);
    let mut lsp = Lsp::start();
    let result = lsp.initialize_with(json!({
        "processId": std::process::id(),
        "rootUri": uri(dir.path()),
        "capabilities": {
            "workspace": { "inlayHint": { "refreshSupport": true } },
            "textDocument": text_document
        }
    }));
    let brief_uri = uri(&brief);
    lsp.open(&brief_uri, BRIEF);
    (dir, lsp, brief_uri, result)
}

fn hints(lsp: &mut Lsp, uri: &str, start_line: u32, end_line: u32) -> Value {
    lsp.request(
        "textDocument/inlayHint",
        json!({ "textDocument": { "uri": uri }, "range": {
            "start": { "line": start_line, "character": 0 },
            "end": { "line": end_line, "character": 0 } } }),
    )
}

#[test]
fn a_setting_turns_role_hints_on_after_first_mentions() {
    let (_dir, mut lsp, brief, result) = start("inlay", json!({ "inlayHint": {} }));
    assert_eq!(result["capabilities"]["inlayHintProvider"], true);
    // Off by default.
    assert_eq!(hints(&mut lsp, &brief, 0, 8), Value::Null);
    assert!(lsp.requests_for("workspace/inlayHint/refresh").is_empty());

    lsp.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "newsls": { "inlay-hints": { "enabled": true } } } }),
    );
    // The client is told to ask again.
    lsp.wait_requests("workspace/inlayHint/refresh", 1);
    let all = hints(&mut lsp, &brief, 0, 8);
    let labels: Vec<(Value, Value)> = all
        .as_array()
        .expect("hints")
        .iter()
        .map(|h| (h["position"].clone(), h["label"].clone()))
        .collect();
    // The roles on 2024-03-01, right after each first mention; none for
    // the place, none for the second mention.
    assert_eq!(
        labels,
        [
            (
                pos_of(BRIEF, "[Merz](@merz)", 0, 13, Enc::Utf16),
                json!("Leader of the opposition · Christian Democratic Union")
            ),
            (
                pos_of(BRIEF, "[@cdu]", 0, 6, Enc::Utf16),
                json!("governing party")
            ),
        ],
        "{all:#}"
    );
    assert_eq!(all[0]["position"], json!({ "line": 4, "character": 18 }));
    assert_eq!(all[0]["paddingLeft"], true);

    // Only the range asked: the last paragraph holds a second mention.
    assert_eq!(hints(&mut lsp, &brief, 6, 7), json!([]));

    // Off again: nothing, and another refresh.
    lsp.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "newsls": { "inlay-hints": { "enabled": false } } } }),
    );
    lsp.wait_requests("workspace/inlayHint/refresh", 2);
    assert_eq!(hints(&mut lsp, &brief, 0, 8), Value::Null);
}

#[test]
fn a_client_without_inlay_hints_is_not_offered_them() {
    let (_dir, _lsp, _brief, result) = start("inlay-none", json!({}));
    assert!(
        result["capabilities"].get("inlayHintProvider").is_none(),
        "{result:#}"
    );
}
