//! The server as an editor sees it: `cargo bench --bench server [-- DOCS]`.
//!
//! Starts the built `newsls` on a generated folder (default 5,000 articles)
//! and speaks LSP over stdio, through the end-to-end tests' client
//! (`tests/it/support`): the time to `initialize` and to the folder indexed,
//! from opening a document to its first diagnostics, the round
//! trip of a hover sent right after each of many keystrokes, from an
//! edit that adds an error to the diagnostics that show it, and the
//! median and p99 of many edits to the edited document's diagnostics.

// Tests and benchmarks may unwrap: a panic there fails the run, it
// crashes no user.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use serde_json::json;

mod support;
use support::client::{Lsp, uri};
use support::corpus::{self, article};
use support::ms;

const KEYSTROKES: usize = 200;

/// Edits that each change the diagnostics of the edited document.
const EDITS: usize = 200;

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

    // Edits that write, then take away, a titled mention and an unknown id
    // at the end of the line: each is published (the diagnostics differ),
    // and each reads the title against the entity's roles.
    let (person, name) = corpus::mentioned_by(42, docs)
        .into_iter()
        .map(corpus::entity)
        .find(|(_, _, _, kind)| *kind == "person")
        .map(|(id, name, _, _)| (id, name))
        .expect("article 42 mentions a person");
    let added = format!(" Minister [{name}](@{person}) met [@nobody].");
    // The line's end in UTF-16 (it holds an emoji): its text, the typing
    // and the unknown id added above.
    let typed = KEYSTROKES + " [@nobody]".len();
    let start = text
        .lines()
        .nth(line as usize)
        .map_or(0, |l| l.encode_utf16().count() + typed) as u32;
    let span = json!({
        "start": { "line": line, "character": start },
        "end": { "line": line, "character": start + added.encode_utf16().count() as u32 }
    });
    let at = json!({ "start": span["start"], "end": span["start"] });
    let mut edits = Vec::with_capacity(EDITS);
    for i in 0..EDITS {
        let version = version + 1 + i as i64;
        let started = Instant::now();
        if i % 2 == 0 {
            server.change(&uri, version, &[(at.clone(), added.as_str())]);
        } else {
            server.change(&uri, version, &[(span.clone(), "")]);
        }
        diagnostics(&mut server, &uri, version);
        edits.push(started.elapsed());
    }
    edits.sort();
    println!(
        "edit to the edited document's diagnostics ({EDITS} edits): median {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        ms(edits[EDITS / 2]),
        ms(edits[EDITS * 99 / 100]),
        ms(edits[EDITS - 1])
    );
    let status = server.shutdown_and_exit();
    assert!(status.success(), "exit status {status}");
}

/// Waits for the diagnostics of `uri` at `version`.
fn diagnostics(server: &mut Lsp, uri: &str, version: i64) {
    server.diagnostics_where(uri, |p| p["version"] == version);
}
