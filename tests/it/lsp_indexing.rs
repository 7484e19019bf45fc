//! The first indexing of the folder runs in the background: `initialize`
//! answers at once, the open document is served from the start, and
//! nothing that needs the whole folder is concluded before it is read.
//!
//! The server is held in its indexing state by `NEWSLS_TEST_HOLD_INDEXING`:
//! it reads the folder only once the file that variable names exists, so
//! these tests do not depend on how fast the machine is.

use crate::support;

use std::path::PathBuf;
use std::time::Duration;

use crate::support::{Enc, Lsp, TempDir, codes, pos_of, uri};
use serde_json::{Value, json};

const REGISTRY: &str = "\
---
title: Registry
entities:
  putin:
    name: Vladimir Putin
    kind: person
    aliases: [Putin]
---
";

const ARTICLE: &str = "\
---
title: Article
entities:
  summit:
    name: The summit
    kind: event
    participants: [\"@putin\"]
  spare:
    name: Spare Entity
---
[The summit](@summit) with [@putin] and [@nobody].
";

/// A folder with the registry and the article on disk, a server started
/// on it and held before reading it, and the file that releases it.
fn held(label: &str, capabilities: Value) -> (TempDir, Lsp, PathBuf) {
    let dir = TempDir::new(label);
    dir.write("registry.news.md", REGISTRY);
    dir.write("article.news.md", ARTICLE);
    let (lsp, gate) = Lsp::start_holding_indexing(dir.path(), capabilities);
    (dir, lsp, gate)
}

fn release(gate: &PathBuf) {
    std::fs::write(gate, "").expect("write the gate file");
}

/// [`held`] for an editor with the usual text document capabilities, with
/// the article open; returns its URI too.
fn held_with_article(label: &str) -> (TempDir, Lsp, PathBuf, String) {
    let capabilities = json!({ "textDocument": support::text_document_capabilities() });
    let (dir, lsp, gate) = held(label, capabilities);
    let article = uri(&dir.path().join("article.news.md"));
    lsp.open(&article, ARTICLE);
    (dir, lsp, gate, article)
}

#[test]
fn the_open_document_is_answered_while_the_folder_is_indexed() {
    let (dir, mut lsp, gate, article) = held_with_article("answered");

    // Within the document: answered although the folder is not read.
    let at_summit = pos_of(ARTICLE, "(@summit)", 0, 3, Enc::Utf16);
    let hover = lsp.hover(&article, at_summit.clone());
    let markdown = hover["contents"]["value"].as_str().unwrap_or("");
    assert!(markdown.contains("The summit"), "{hover:#}");
    // Partial facts are said to be partial, never "not defined".
    assert!(
        markdown.contains("`@putin` (not indexed yet)"),
        "{markdown}"
    );
    assert!(markdown.contains("still being indexed"), "{markdown}");
    let definition = lsp.definition(&article, at_summit);
    assert_eq!(definition[0]["uri"], article, "{definition:#}");
    let symbols = lsp.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": article } }),
    );
    assert_eq!(symbols.as_array().map(Vec::len), Some(2), "{symbols:#}");
    assert!(!lsp.stderr().contains("newsls: indexed "));

    // Across documents: waits for the index, then answers right.
    let at_putin = pos_of(ARTICLE, "[@putin]", 0, 3, Enc::Utf16);
    let waiting = lsp.send_at("textDocument/definition", &article, at_putin);
    std::thread::sleep(Duration::from_millis(200));
    assert!(
        lsp.pending_messages()
            .iter()
            .all(|m| m.get("id") != Some(&json!(waiting))),
        "answered before the folder was read"
    );
    release(&gate);
    let definition = lsp.result(waiting);
    let registry = uri(&dir.path().join("registry.news.md"));
    assert_eq!(definition[0]["uri"], registry, "{definition:#}");
    lsp.wait_indexed();
    // Afterwards, the hover is whole.
    let hover = lsp.hover(&article, pos_of(ARTICLE, "(@summit)", 0, 3, Enc::Utf16));
    let markdown = hover["contents"]["value"].as_str().unwrap_or("");
    assert!(markdown.contains("**Vladimir Putin**"), "{markdown}");
    assert!(!markdown.contains("indexed"), "{markdown}");
}

#[test]
fn no_folder_wide_diagnostics_before_the_folder_is_read() {
    let (_dir, mut lsp, gate, article) = held_with_article("no-false-undefined");
    // While indexing: the document's own diagnostics only. `@putin` is
    // defined in a document not read yet, and `spare` may be used there.
    let first = lsp.diagnostics(&article);
    assert_eq!(codes(&first), Vec::<String>::new(), "{first:#}");
    assert!(!lsp.stderr().contains("newsls: indexed "));
    release(&gate);
    // Once read: the one truly undefined id, and the unused entity.
    let after = lsp.diagnostics_where(&article, |p| !codes(p).is_empty());
    assert_eq!(
        codes(&after),
        ["unused-entity", "undefined-entity"],
        "{after:#}"
    );
    let message = after["diagnostics"][1]["message"].as_str().unwrap_or("");
    assert!(message.contains("nobody"), "{message}");
}

#[test]
fn indexing_reports_work_done_progress_when_the_client_supports_it() {
    let (dir, mut lsp, gate) = held(
        "progress",
        json!({ "window": { "workDoneProgress": true } }),
    );
    let begin = lsp.receive("the progress begins", |m| {
        m["method"] == "$/progress" && m["params"]["value"]["kind"] == "begin"
    });
    let token = begin["params"]["token"].clone();
    release(&gate);
    let end = lsp.receive("the progress ends", |m| {
        m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end"
    });
    assert_eq!(end["params"]["token"], token);
    assert_eq!(end["params"]["value"]["message"], "2 documents");
    let created =
        lsp.server_requests.lock().unwrap().iter().any(|r| {
            r["method"] == "window/workDoneProgress/create" && r["params"]["token"] == token
        });
    assert!(created, "the token was not created first");
    drop(dir);
}

/// Requests that wait for the index never hold up the messages after
/// them: tower-lsp-server runs only a few request handlers at once, and
/// editors send several such requests on opening a document (code lenses,
/// semantic tokens, symbols, the workspace pull). An edit and a request
/// about the open document sent after eight of them are answered while
/// the folder is still being read, on the edited text.
#[test]
fn requests_waiting_for_the_index_do_not_hold_up_edits() {
    let (dir, mut lsp, gate, article) = held_with_article("no-freeze");
    let at_putin = pos_of(ARTICLE, "[@putin]", 0, 3, Enc::Utf16);
    let mut waiting = Vec::new();
    for _ in 0..6 {
        waiting.push(lsp.send_request("workspace/symbol", json!({ "query": "putin" })));
    }
    waiting.push(lsp.send_request(
        "textDocument/references",
        json!({
            "textDocument": { "uri": article },
            "position": at_putin,
            "context": { "includeDeclaration": true },
        }),
    ));
    waiting.push(lsp.send_at("textDocument/definition", &article, at_putin));

    let edited = ARTICLE.replace(
        "---\n[The summit]",
        "  added:\n    name: Added Entity\n---\n[The summit]",
    );
    lsp.change_full(&article, 2, &edited);
    let symbols = lsp.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": article } }),
    );
    let names: Vec<&str> = symbols
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s["name"].as_str())
        .collect();
    assert_eq!(
        names,
        ["The summit", "Spare Entity", "Added Entity"],
        "{symbols:#}"
    );
    // Nothing that needs the whole folder was answered from half of it.
    assert!(!lsp.stderr().contains("newsls: indexed "));
    let early: Vec<Value> = lsp
        .pending_messages()
        .into_iter()
        .filter(|m| waiting.iter().any(|id| m.get("id") == Some(&json!(id))))
        .collect();
    assert!(
        early.is_empty(),
        "answered before the folder was read: {early:#?}"
    );

    release(&gate);
    let registry = uri(&dir.path().join("registry.news.md"));
    for id in waiting {
        let found = lsp.result(id);
        let in_registry = found
            .as_array()
            .into_iter()
            .flatten()
            .any(|item| item["uri"] == registry || item["location"]["uri"] == registry);
        assert!(in_registry, "request {id}: {found:#}");
    }
}
