//! Requests in order over stdio: hover and definition may be answered by
//! the thread that reads stdin, the others go through tower-lsp-server,
//! and either way a request sees every edit sent before it, answers are
//! whole frames, and the lifecycle holds (nothing answered after
//! `shutdown` but its refusal, nothing after `exit`). No test sleeps: the
//! client writes as fast as it can, which is where a race would show.

use std::collections::HashMap;

use crate::support::{Enc, Lsp, TempDir, position, uri};
use serde_json::{Value, json};

/// Version `i` of the open document: its entity's id, role and the line
/// of its mention all change with `i`, so an answer computed on another
/// version says so.
fn version(i: usize) -> String {
    let padding = "\n".repeat(i % 3);
    format!(
        "---\ntitle: Desk\ndate: 2026-01-22\nentities:\n  envoy{i}:\n    name: Steve Witkoff\n    kind: person\n    role: Envoy {i} of the desk\n---\n{padding}Today [@envoy{i}] met the press.\n"
    )
}

/// Where version `i` mentions its entity (inside `@envoy{i}`).
fn mention(i: usize) -> Value {
    let text = version(i);
    let at = text.find("[@envoy").expect("the mention") + 3;
    position(&text, at, Enc::Utf16)
}

/// The range of version `i`'s entity key, where definition points.
fn key(i: usize) -> Value {
    let text = version(i);
    let id = format!("envoy{i}");
    let start = text.find(&format!("  {id}:")).expect("the key") + 2;
    json!({
        "start": position(&text, start, Enc::Utf16),
        "end": position(&text, start + id.len(), Enc::Utf16),
    })
}

/// Asserts that `hover` is version `i`'s.
fn assert_hover_of(i: usize, hover: &Value) {
    let text = hover["contents"]["value"].as_str().unwrap_or("");
    assert!(
        text.contains(&format!("Envoy {i} of the desk")),
        "the hover sent after version {i} shows another: {hover:#}"
    );
}

/// Asserts that `found` (a definition result) is version `i`'s key in `doc`.
fn assert_definition_of(i: usize, doc: &str, found: &Value) {
    assert_eq!(
        found,
        &json!([{ "uri": doc, "range": key(i) }]),
        "the definition sent after version {i} points elsewhere"
    );
}

/// A server on an empty folder with the document open at version 0.
fn started(label: &str) -> (TempDir, Lsp, String) {
    let dir = TempDir::new(label);
    let doc = uri(&dir.path().join("desk.news.md"));
    let mut lsp = Lsp::start();
    lsp.initialize(dir.path(), false);
    lsp.open_version(&doc, &version(0), 0);
    (dir, lsp, doc)
}

/// Sends version `i`, then at once a hover and a definition on its
/// mention; returns their ids.
fn edit_then_ask(lsp: &mut Lsp, doc: &str, i: usize) -> (i64, i64) {
    lsp.change_full(doc, i as i64, &version(i));
    let hover = lsp.send_at("textDocument/hover", doc, mention(i));
    let definition = lsp.send_at("textDocument/definition", doc, mention(i));
    (hover, definition)
}

#[test]
fn an_edit_then_a_hover_at_once_sees_the_edit() {
    let (_dir, mut lsp, doc) = started("order-each");
    // Each edit is written just before its requests while the server is
    // idle: the case where the reader of stdin could answer too early.
    for i in 1..=300 {
        let (hover, definition) = edit_then_ask(&mut lsp, &doc, i);
        assert_hover_of(i, &lsp.result(hover));
        assert_definition_of(i, &doc, &lsp.result(definition));
        if i % 50 == 0 {
            lsp.drain();
        }
    }
    assert_eq!(lsp.shutdown_and_exit().code(), Some(0));
}

#[test]
fn pipelined_edits_and_requests_are_each_answered_on_their_own_version() {
    let (_dir, mut lsp, doc) = started("order-pipelined");
    // Everything is written before any answer is read; other requests and
    // malformed messages in between go through the rest of the server.
    let mut asked = Vec::new();
    let mut symbols = Vec::new();
    for i in 1..=200 {
        asked.push((i, edit_then_ask(&mut lsp, &doc, i)));
        if i % 10 == 0 {
            let params = json!({ "textDocument": { "uri": doc } });
            symbols.push((i, lsp.send_request("textDocument/documentSymbol", params)));
            lsp.send_raw(b"{ not json");
        }
    }
    for (i, (hover, definition)) in asked {
        assert_hover_of(i, &lsp.result(hover));
        assert_definition_of(i, &doc, &lsp.result(definition));
    }
    for (i, id) in symbols {
        let symbols = lsp.result(id).to_string();
        assert!(symbols.contains(&format!("@envoy{i} ")), "{symbols}");
    }
    for _ in 0..20 {
        assert_eq!(lsp.null_id_error()["error"]["code"], -32700);
    }
    assert_eq!(lsp.shutdown_and_exit().code(), Some(0));
}

#[test]
fn a_hover_cancelled_at_once_is_answered_once() {
    let (_dir, mut lsp, doc) = started("order-cancel");
    let mut ids = Vec::new();
    for _ in 0..100 {
        let id = lsp.send_at("textDocument/hover", &doc, mention(0));
        lsp.notify("$/cancelRequest", json!({ "id": id }));
        ids.push(id);
    }
    for &id in &ids {
        let response = lsp.response(id);
        match response.get("error") {
            Some(error) => assert_eq!(error["code"], -32800, "{response}"),
            None => assert_hover_of(0, &response["result"]),
        }
    }
    // One more round trip: any second answer to those would be here now.
    assert_hover_of(0, &lsp.hover(&doc, mention(0)));
    let again: Vec<Value> = lsp
        .drain()
        .into_iter()
        .filter(|m| m.get("method").is_none() && ids.iter().any(|id| m["id"] == json!(id)))
        .collect();
    assert!(again.is_empty(), "answered twice: {again:#?}");
    assert_eq!(lsp.shutdown_and_exit().code(), Some(0));
}

#[test]
fn requests_after_shutdown_are_refused_even_those_read_at_once() {
    let (_dir, mut lsp, doc) = started("order-shutdown");
    let before: Vec<i64> = (0..50)
        .map(|_| lsp.send_at("textDocument/hover", &doc, mention(0)))
        .collect();
    let shutdown = lsp.send_request("shutdown", Value::Null);
    let after: Vec<i64> = (0..50)
        .flat_map(|_| {
            [
                lsp.send_at("textDocument/hover", &doc, mention(0)),
                lsp.send_at("textDocument/definition", &doc, mention(0)),
            ]
        })
        .collect();
    assert_eq!(lsp.result(shutdown), Value::Null);
    for id in before {
        assert_hover_of(0, &lsp.result(id));
    }
    for id in after {
        assert_eq!(lsp.error_code(id), -32600, "request {id} after shutdown");
    }
    lsp.notify("exit", Value::Null);
    assert_eq!(lsp.wait_exit().code(), Some(0));
}

/// Hovers, definitions and document symbols, `count` of each, with ids
/// from `first` on, as frames to write at once; and their ids.
fn requests(doc: &str, first: i64, count: usize) -> (Vec<u8>, Vec<i64>) {
    let mut bytes = Vec::new();
    let mut ids = Vec::new();
    let at = json!({ "textDocument": { "uri": doc }, "position": mention(0) });
    let methods = [
        "textDocument/hover",
        "textDocument/definition",
        "textDocument/documentSymbol",
    ];
    for n in 0..count * 3 {
        let id = first + n as i64;
        let method = methods[n % 3];
        let request = json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": at });
        bytes.extend(frame(&request));
        ids.push(id);
    }
    (bytes, ids)
}

fn frame(message: &Value) -> Vec<u8> {
    let body = message.to_string();
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

/// The responses received by now, by id; each id answered once, and only
/// ids in `sent`.
fn responses_by_id(lsp: &mut Lsp, sent: &[i64]) -> HashMap<i64, Value> {
    let mut responses = HashMap::new();
    for message in lsp.drain() {
        if message.get("method").is_some() {
            continue;
        }
        let id = message["id"].as_i64().expect("a response to one of ours");
        assert!(
            sent.contains(&id),
            "answered a request sent after exit: {message}"
        );
        assert!(
            responses.insert(id, message.clone()).is_none(),
            "answered twice: {message}"
        );
    }
    responses
}

/// Asserts that `response`, to the `n`th request [`requests`] made, is
/// its right answer, or cancelled (as `exit` cancels those still running).
fn assert_answered_right(n: i64, response: &Value) {
    if let Some(error) = response.get("error") {
        assert_eq!(error["code"], -32800, "{response}");
        return;
    }
    let result = &response["result"];
    match n % 3 {
        0 => assert_hover_of(0, result),
        _ => assert!(result.is_array(), "{response}"),
    }
}

#[test]
fn exit_with_requests_in_flight_ends_the_server_at_once() {
    let (_dir, mut lsp, doc) = started("order-exit");
    // One write (well under a pipe's size): the server may be gone before
    // a second one.
    let (mut bytes, sent) = requests(&doc, 1000, 50);
    bytes.extend(frame(&json!({ "jsonrpc": "2.0", "method": "exit" })));
    // Nothing after `exit` is answered: the server is gone.
    bytes.extend(requests(&doc, 2000, 10).0);
    lsp.send_bytes(&bytes);
    assert_eq!(lsp.wait_exit().code(), Some(1));
    // What was answered before it went is whole and right.
    for (id, response) in responses_by_id(&mut lsp, &sent) {
        assert_answered_right(id - 1000, &response);
    }
}

#[test]
fn closing_stdin_with_requests_in_flight_ends_the_server() {
    let (_dir, mut lsp, doc) = started("order-eof");
    let (mut bytes, sent) = requests(&doc, 1000, 100);
    bytes.extend(b"Content-Length: 40\r\n\r\n{\"jsonrpc\": \"2.0\", \"id\": ");
    lsp.send_bytes(&bytes);
    lsp.close_stdin();
    assert_eq!(lsp.wait_exit().code(), Some(1));
    for (id, response) in responses_by_id(&mut lsp, &sent) {
        assert_answered_right(id - 1000, &response);
    }
}
