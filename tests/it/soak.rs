//! Soak: random LSP sessions of thousands of messages over the built
//! server's stdio, sent without waiting as a busy editor does: edits
//! (incremental and whole), requests at hostile positions, cancellations,
//! unknown and `$/` methods, malformed frames. It fails on a crash, a
//! request never answered, an internal error (-32603), a diagnostic range
//! outside its document, or a malformed frame from the server (the client
//! panics on one).
//!
//! `NEWSLS_SOAK_MESSAGES` and `NEWSLS_SOAK_SEED` change the size and seed.

use std::collections::{HashMap, HashSet};
use std::time::Instant;

use crate::random::Rng;
use crate::support::{self, Enc, Lsp, TempDir, position, uri};
use serde_json::{Value, json};

const REGISTRY: &str = "---\ndate: 2026-01-20\nentities:\n  putin:\n    name: Vladimir Putin\n    kind: person\n    aliases: [Putin]\n  kremlin:\n    name: The Kremlin\n    kind: organization\n---\n";

const PIECES: &[&str] = &[
    "---\n",
    "date: 2026-02-01\n",
    "entities:\n",
    "  zelensky:\n",
    "    name: Volodymyr Zelensky\n",
    "[@putin]",
    "[Vladimir Putin](@putin)",
    "[the leader](@putin)",
    "[@nobody]",
    "[@",
    "](",
    "@",
    "Putin said",
    " ",
    "\n",
    "\r\n",
    "é",
    "🇺🇦",
    "👍🏽",
    "\u{2028}",
    "`",
    "[",
    "]",
    "{",
    ":",
];

/// A character boundary of `text` that is not inside a CRLF.
fn boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    if offset > 0
        && text.as_bytes()[offset - 1] == b'\r'
        && text.as_bytes().get(offset) == Some(&b'\n')
    {
        offset -= 1;
    }
    offset
}

/// Line lengths in UTF-16 code units (lines end at LF, CRLF, CR).
fn line_lengths(text: &str) -> Vec<usize> {
    let mut lengths = Vec::new();
    let mut current = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' => {
                lengths.push(current);
                current = 0;
            }
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                lengths.push(current);
                current = 0;
            }
            c => current += c.len_utf16(),
        }
    }
    lengths.push(current);
    lengths
}

fn inside(text: &str, range: &Value) -> bool {
    let lengths = line_lengths(text);
    let fits = |p: &Value| {
        let (Some(line), Some(character)) = (p["line"].as_u64(), p["character"].as_u64()) else {
            return false;
        };
        lengths
            .get(line as usize)
            .is_some_and(|&n| character as usize <= n)
    };
    fits(&range["start"]) && fits(&range["end"])
}

const METHODS: &[&str] = &[
    "textDocument/hover",
    "textDocument/definition",
    "textDocument/references",
    "textDocument/documentHighlight",
    "textDocument/completion",
    "textDocument/prepareRename",
    "textDocument/rename",
    "textDocument/documentSymbol",
    "textDocument/codeAction",
    "workspace/symbol",
    "newsls/unknown",
    "$/unknownRequest",
];

#[test]
fn soak_random_sessions() {
    let messages: usize = std::env::var("NEWSLS_SOAK_MESSAGES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(5000);
    let seed: u64 = std::env::var("NEWSLS_SOAK_SEED")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0x5eed_c0ff_ee00_7007);
    let started = Instant::now();
    let dir = TempDir::new("soak");
    dir.write("registry.news.md", REGISTRY);
    let docs: Vec<String> = (0..3)
        .map(|i| uri(&dir.write(&format!("doc{i}.news.md"), "")))
        .collect();
    let mut lsp = Lsp::start();
    lsp.initialize(dir.path(), false);

    let mut rng = Rng::new(seed);
    let mut texts: Vec<Option<String>> = vec![None; docs.len()];
    let mut versions = vec![0i64; docs.len()];
    // Every text each document had, by version, to check published ranges.
    let mut history: HashMap<(String, i64), String> = HashMap::new();
    let mut pending: HashSet<i64> = HashSet::new();
    let mut sent = 0usize;
    let mut received = 0usize;
    fn check(
        message: &Value,
        pending: &mut HashSet<i64>,
        history: &HashMap<(String, i64), String>,
    ) -> Result<(), String> {
        if let Some(id) = message["id"].as_i64()
            && message.get("method").is_none()
        {
            pending.remove(&id);
            if message["error"]["code"] == -32603 {
                return Err(format!("internal error: {message}"));
            }
        }
        if message["method"] == "textDocument/publishDiagnostics" {
            let params = &message["params"];
            let key = (
                params["uri"].as_str().unwrap_or("").to_string(),
                params["version"].as_i64().unwrap_or(-1),
            );
            if let Some(text) = history.get(&key) {
                for d in params["diagnostics"].as_array().into_iter().flatten() {
                    if !inside(text, &d["range"]) {
                        return Err(format!("diagnostic outside its document: {d}\n{text:?}"));
                    }
                }
            }
        }
        Ok(())
    }

    while sent < messages {
        let n = rng.below(docs.len());
        let doc = &docs[n];
        match rng.below(20) {
            // Open, or replace the whole text.
            0..=2 => {
                let text: String = (0..rng.below(30)).map(|_| rng.pick(PIECES)).collect();
                versions[n] += 1;
                if texts[n].is_some() {
                    lsp.change_full(doc, versions[n], &text);
                } else {
                    lsp.open_version(doc, &text, versions[n]);
                }
                history.insert((doc.clone(), versions[n]), text.clone());
                texts[n] = Some(text);
            }
            // An incremental edit.
            3..=8 => {
                let Some(text) = texts[n].clone() else {
                    continue;
                };
                let start = boundary(&text, rng.below(text.len() + 1));
                let end = boundary(&text, start + rng.below(12));
                let end = end.max(start);
                let typed = rng.pick(PIECES);
                let range = json!({
                    "start": position(&text, start, Enc::Utf16),
                    "end": position(&text, end, Enc::Utf16),
                });
                let mut new = text.clone();
                new.replace_range(start..end, typed);
                versions[n] += 1;
                lsp.change(doc, versions[n], &[(range, typed)]);
                history.insert((doc.clone(), versions[n]), new.clone());
                texts[n] = Some(new);
            }
            9 => {
                if texts[n].take().is_some() {
                    lsp.close(doc);
                }
            }
            // A request at a position that may be anywhere.
            10..=16 => {
                let method = rng.pick(METHODS);
                let position = json!({ "line": rng.below(12), "character": rng.below(80) });
                let params = json!({
                    "textDocument": { "uri": doc },
                    "position": position,
                    "range": { "start": position, "end": position },
                    "context": { "includeDeclaration": true, "diagnostics": [] },
                    "newName": rng.pick(&["putin2", "bad id", "", "zelensky"]),
                    "query": rng.pick(&["", "pu", "🇺🇦"]),
                });
                let id = lsp.send_request(method, params);
                pending.insert(id);
            }
            // Cancel a request that may or may not be answered yet.
            17 => {
                if let Some(&id) = pending.iter().next() {
                    lsp.notify("$/cancelRequest", json!({ "id": id }));
                }
            }
            // Malformed messages that leave the stream in sync.
            18 => {
                let bad: &[u8] = match rng.below(5) {
                    0 => b"Content-Length: 9\r\n\r\n{ not jso",
                    1 => b"Content-Length: 2\r\n\r\n[]",
                    2 => b"X-Nothing: here\r\n\r\n",
                    3 => b"Content-Length: 26\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":{} }",
                    _ => b"Content-Length: 5\r\n\r\n\xff\xfe\xfd\xfc\xfb",
                };
                lsp.send_bytes(bad);
            }
            _ => lsp.notify("$/unknownNotification", json!({})),
        }
        sent += 1;
        if sent.is_multiple_of(100) {
            for message in lsp.drain() {
                received += 1;
                if let Err(problem) = check(&message, &mut pending, &history) {
                    panic!("{problem}");
                }
            }
            assert!(lsp.is_running(), "the server died after {sent} messages");
        }
    }
    // Every request is answered. A slow server passes; one silent for the
    // support's whole timeout with requests unanswered does not.
    while !pending.is_empty() {
        let Some(message) = lsp.next_message(support::TIMEOUT) else {
            break;
        };
        received += 1;
        if let Err(problem) = check(&message, &mut pending, &history) {
            panic!("{problem}");
        }
    }
    assert!(pending.is_empty(), "requests never answered: {pending:?}");
    assert!(lsp.shutdown_and_exit().success());
    eprintln!(
        "soak: {sent} messages sent, {received} received, in {:.1} s (seed {seed})",
        started.elapsed().as_secs_f64()
    );
}
