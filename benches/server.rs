//! The server as an editor sees it: `cargo bench --bench server [-- DOCS]`.
//!
//! Starts the built `newsls` on a generated folder (default 5,000 articles)
//! and speaks LSP over stdio, through the end-to-end tests' client
//! (`tests/it/support`): the time to `initialize` and to the folder indexed,
//! from opening a document to its first diagnostics, the round
//! trip of a hover sent right after each of many keystrokes, and from an
//! edit that adds an error to the diagnostics that show it.

use std::time::Instant;

use serde_json::json;

mod support;
use support::client::{Lsp, uri};
use support::corpus::{self, article};
use support::ms;

const KEYSTROKES: usize = 200;

fn main() {
    let (docs, dir, _) = corpus::from_args("newsls-bench-server");
    let mut server = support::server();

    let started = Instant::now();
    server.request(
        "initialize",
        json!({ "processId": null, "rootUri": uri(&dir), "capabilities": {} }),
    );
    println!("initialize: {:.1} ms", ms(started.elapsed()));
    server.notify("initialized", json!({}));
    // Workspace symbols wait for the folder to be read.
    server.request("workspace/symbol", json!({ "query": "summit" }));
    println!(
        "initialize to the folder indexed ({docs} articles and the registry): {:.0} ms",
        ms(started.elapsed())
    );

    let path = article(&dir, 42);
    let text = std::fs::read_to_string(&path).expect("read the article");
    let uri = uri(&path);
    let started = Instant::now();
    server.open(&uri, &text);
    diagnostics(&mut server, &uri, 1);
    println!("didOpen to diagnostics: {:.2} ms", ms(started.elapsed()));

    // Type at the end of the first body line, hovering a mention after each
    // keystroke (the hover must see the edit, so it waits for it).
    let (line, end) = corpus::first_body_line(&text);
    let mut hovers = Vec::new();
    let typing = Instant::now();
    for i in 0..KEYSTROKES {
        let at = json!({ "line": line, "character": end + i as u32 });
        server.insert(&uri, 2 + i as i64, &at, "x");
        let started = Instant::now();
        let hover = server.hover(&uri, json!({ "line": line, "character": 6 }));
        hovers.push(started.elapsed());
        assert!(hover.is_object(), "a hover on the mention: {hover}");
    }
    // A last edit that changes the diagnostics (identical ones are not
    // published again): a mention of an undefined id.
    let at = json!({ "line": line, "character": end + KEYSTROKES as u32 });
    let version = 2 + KEYSTROKES as i64;
    let after_typing = Instant::now();
    server.insert(&uri, version, &at, " [@nobody]");
    diagnostics(&mut server, &uri, version);
    println!(
        "{KEYSTROKES} keystrokes, each followed by a hover: {:.0} ms in all",
        ms(typing.elapsed())
    );
    hovers.sort();
    println!(
        "hover right after a keystroke: median {:.2} ms, max {:.2} ms",
        ms(hovers[hovers.len() / 2]),
        ms(hovers[hovers.len() - 1])
    );
    println!(
        "an edit that adds an error, to its diagnostics: {:.2} ms",
        ms(after_typing.elapsed())
    );
    let status = server.shutdown_and_exit();
    assert!(status.success(), "exit status {status}");
}

/// Waits for the diagnostics of `uri` at `version`.
fn diagnostics(server: &mut Lsp, uri: &str, version: i64) {
    server.diagnostics_where(uri, |p| p["version"] == version);
}
