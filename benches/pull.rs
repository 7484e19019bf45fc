//! Pulled diagnostics as VS Code drives them: `cargo bench --bench pull
//! [-- DOCS]` (default 5,000 articles, the corpus of `benches/server.rs`).
//!
//! Through the end-to-end tests' client, on the built `newsls`: the first
//! `workspace/diagnostic` (every document computed), the server's CPU time
//! over keystrokes while a workspace pull is held (it must not grow with
//! the folder), and from an edit to the held pull's answer: one that moves
//! only its own document, and one that adds a definition, which reaches
//! every document (the look waits 200 ms after a change before it looks).

// Tests and benchmarks may unwrap: a panic there fails the run, it
// crashes no user.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use serde_json::{Value, json};

mod support;
use support::client::{self, Lsp, uri};
use support::corpus::{self, article};
use support::ms;

const KEYSTROKES: usize = 200;

fn main() {
    let (docs, dir, _) = corpus::from_args("newsls-bench-server");
    let mut server = support::server();
    let mut text_document = client::text_document_capabilities();
    text_document["diagnostic"] = json!({ "dynamicRegistration": true });
    let capabilities = json!({
        "workspace": { "diagnostics": { "refreshSupport": true } },
        "textDocument": text_document
    });
    server.initialize_with(client::folder_params(&dir, capabilities));

    let started = Instant::now();
    let first = pull(&mut server, &[]);
    let mut held = result_ids(&first);
    println!(
        "first workspace/diagnostic ({} of {docs} articles and the registry reported): {:.0} ms",
        held.len(),
        ms(started.elapsed())
    );

    let path = article(&dir, 42);
    let text = std::fs::read_to_string(&path).expect("read the article");
    let uri = uri(&path);
    server.open(&uri, &text);
    let (line, end) = corpus::first_body_line(&text);

    // Prose keystrokes while a pull is held: each wakes it, and it finds
    // only the edited document to look at.
    let waiting = send_pull(&mut server, &held);
    let cpu_before = server.cpu_time();
    let typing = Instant::now();
    for i in 0..KEYSTROKES {
        let at = json!({ "line": line, "character": end + i as u32 });
        server.insert(&uri, 2 + i as i64, &at, "x");
        // A request after each keystroke makes the server apply it.
        server.request(
            "textDocument/documentHighlight",
            json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": 6 } }),
        );
    }
    std::thread::sleep(Duration::from_millis(500));
    if let (Some(before), Some(after)) = (cpu_before, server.cpu_time()) {
        println!(
            "{KEYSTROKES} prose keystrokes with a workspace pull held: server CPU {:.0} ms ({:.0} ms of typing)",
            ms(after.saturating_sub(before)),
            ms(typing.elapsed())
        );
    }

    // An error added in the open document: the held pull answers.
    let at = json!({ "line": line, "character": end + KEYSTROKES as u32 });
    let version = 2 + KEYSTROKES as i64;
    let started = Instant::now();
    server.insert(&uri, version, &at, " [@nobody]");
    let answer = server.result(waiting);
    println!(
        "an edit that adds an error, to the held pull's answer ({} reported): {:.0} ms",
        answer["items"].as_array().map_or(0, Vec::len),
        ms(started.elapsed())
    );
    merge(&mut held, &answer);

    // A definition added: every document's diagnostics may change.
    let waiting = send_pull(&mut server, &held);
    let started = Instant::now();
    let defined = "---\ntitle: New\nentities:\n  nobody: {name: No Body, kind: person}\n---\n";
    server.change(
        &uri,
        version + 1,
        &[(
            json!({ "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } }),
            defined,
        )],
    );
    let answer = server.result(waiting);
    println!(
        "an edit that adds a definition, to the held pull's answer ({} reported, every document recomputed): {:.0} ms",
        answer["items"].as_array().map_or(0, Vec::len),
        ms(started.elapsed())
    );

    let status = server.shutdown_and_exit();
    assert!(status.success(), "exit status {status}");
}

fn send_pull(server: &mut Lsp, held: &[(String, String)]) -> i64 {
    let previous: Vec<Value> = held
        .iter()
        .map(|(uri, id)| json!({ "uri": uri, "value": id }))
        .collect();
    server.send_request(
        "workspace/diagnostic",
        json!({ "previousResultIds": previous, "partialResultToken": "bench" }),
    )
}

fn pull(server: &mut Lsp, held: &[(String, String)]) -> Value {
    let id = send_pull(server, held);
    server.result(id)
}

fn result_ids(report: &Value) -> Vec<(String, String)> {
    report["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|item| {
            Some((
                item["uri"].as_str()?.to_string(),
                item["resultId"].as_str()?.to_string(),
            ))
        })
        .collect()
}

/// `held` after the client took in `answer`.
fn merge(held: &mut Vec<(String, String)>, answer: &Value) {
    for (uri, id) in result_ids(answer) {
        held.retain(|(u, _)| *u != uri);
        held.push((uri, id));
    }
}
