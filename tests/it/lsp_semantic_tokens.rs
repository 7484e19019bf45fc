//! Semantic tokens end to end: deltas with result ids for a client that
//! asks for them, and the modifiers (undefined, first mention, role
//! changed within the story's dates).

use crate::support::{Lsp, TempDir, uri};
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
  cdu:
    name: Christian Democratic Union
    kind: organization
---
";

/// Dated the day Merz became chancellor.
const BRIEF: &str = "\
---
title: Brief
date: 2025-05-06
---
[Merz](@merz) of the [@cdu] and [@ghost]; [@merz].
";

fn start(label: &str, semantic_tokens: Value) -> (TempDir, Lsp, String, Value) {
    let dir = TempDir::new(label);
    dir.write("registry.news.md", REGISTRY);
    let brief = dir.write("brief.news.md", BRIEF);
    let mut lsp = Lsp::start();
    let result = lsp.initialize_with(json!({
        "processId": std::process::id(),
        "rootUri": uri(dir.path()),
        "capabilities": { "textDocument": { "semanticTokens": semantic_tokens } }
    }));
    let brief_uri = uri(&brief);
    lsp.open(&brief_uri, BRIEF);
    (dir, lsp, brief_uri, result)
}

fn numbers(data: &Value) -> Vec<u64> {
    data.as_array()
        .expect("an array of integers")
        .iter()
        .map(|n| n.as_u64().expect("an integer"))
        .collect()
}

/// `data` with the edits of a delta applied, as a client does.
fn apply(data: &[u64], edits: &Value) -> Vec<u64> {
    let mut data = data.to_vec();
    let mut edits = edits.as_array().expect("edits").clone();
    // From the last, so that earlier offsets hold.
    edits.sort_by_key(|e| std::cmp::Reverse(e["start"].as_u64()));
    for edit in edits {
        let start = edit["start"].as_u64().unwrap() as usize;
        let end = start + edit["deleteCount"].as_u64().unwrap() as usize;
        let inserted = edit.get("data").map(numbers).unwrap_or_default();
        data.splice(start..end, inserted);
    }
    data
}

const DELTA_CLIENT: &str = r#"{
    "requests": { "full": { "delta": true }, "range": true },
    "tokenTypes": ["variable", "class"], "tokenModifiers": [], "formats": ["relative"]
}"#;

#[test]
fn deltas_turn_the_last_tokens_into_the_new_ones() {
    let client: Value = serde_json::from_str(DELTA_CLIENT).unwrap();
    let (_dir, mut lsp, brief, result) = start("tokens-delta", client);
    let provider = &result["capabilities"]["semanticTokensProvider"];
    assert_eq!(provider["full"], json!({ "delta": true }), "{provider:#}");
    assert_eq!(
        provider["legend"]["tokenModifiers"],
        json!(["undefined", "firstMention", "roleChanged"])
    );

    let first = lsp.request(
        "textDocument/semanticTokens/full",
        json!({ "textDocument": { "uri": brief } }),
    );
    let first_id = first["resultId"].as_str().expect("a result id").to_string();
    let before = numbers(&first["data"]);

    // A new mention at the start of the body, and another after the rest.
    lsp.change(
        &brief,
        2,
        &[
            (
                json!({ "start": { "line": 4, "character": 0 }, "end": { "line": 4, "character": 0 } }),
                "[@cdu] says: ",
            ),
            (
                json!({ "start": { "line": 5, "character": 0 }, "end": { "line": 5, "character": 0 } }),
                "More on [@merz].\n",
            ),
        ],
    );
    let delta = lsp.request(
        "textDocument/semanticTokens/full/delta",
        json!({ "textDocument": { "uri": brief }, "previousResultId": first_id }),
    );
    let edits = &delta["edits"];
    assert!(!edits.as_array().expect("a delta").is_empty(), "{delta:#}");
    let delta_id = delta["resultId"].as_str().expect("a new result id");
    assert_ne!(delta_id, first_id);
    let patched = apply(&before, edits);

    let full = lsp.request(
        "textDocument/semanticTokens/full",
        json!({ "textDocument": { "uri": brief } }),
    );
    assert_eq!(patched, numbers(&full["data"]), "{delta:#}\n{full:#}");
    // Nothing changed since: an empty delta.
    let full_id = full["resultId"].as_str().unwrap();
    let same = lsp.request(
        "textDocument/semanticTokens/full/delta",
        json!({ "textDocument": { "uri": brief }, "previousResultId": full_id }),
    );
    assert_eq!(same["edits"], json!([]), "{same:#}");

    // An id that is not the last one: all the tokens.
    let stale = lsp.request(
        "textDocument/semanticTokens/full/delta",
        json!({ "textDocument": { "uri": brief }, "previousResultId": first_id }),
    );
    assert_eq!(numbers(&stale["data"]), numbers(&full["data"]), "{stale:#}");
}

#[test]
fn modifiers_say_undefined_first_mention_and_role_changed() {
    let client = DELTA_CLIENT.replace(r#"{ "delta": true }"#, "true");
    let client: Value = serde_json::from_str(&client).unwrap();
    let (_dir, mut lsp, brief, result) = start("tokens-modifiers", client);
    // A client that does not ask for deltas is not offered them.
    assert_eq!(
        result["capabilities"]["semanticTokensProvider"]["full"],
        true
    );
    let tokens = lsp.request(
        "textDocument/semanticTokens/full",
        json!({ "textDocument": { "uri": brief } }),
    );
    let data = numbers(&tokens["data"]);
    // (type, modifiers) of each token: person, organization, entity.
    let kinds: Vec<(u64, u64)> = data.chunks(5).map(|t| (t[3], t[4])).collect();
    assert_eq!(
        kinds,
        [
            (0, 0b110), // [Merz](@merz): first mention, role changed today
            (1, 0b010), // [@cdu]: first mention
            (4, 0b011), // [@ghost]: undefined, first mention
            (0, 0b100), // [@merz] again: role changed
        ],
        "{tokens:#}"
    );
}
