//! The server as an editor sees it: `cargo bench --bench server [-- DOCS]`.
//!
//! Starts the built `newsls` on a generated folder (default 5,000 articles)
//! and speaks LSP over stdio: the time to `initialize` and to the folder
//! indexed, from opening a document to its first diagnostics, the round
//! trip of a hover sent right after each of many keystrokes, and from an
//! edit that adds an error to the diagnostics that show it.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

mod support;
use support::corpus::{article, generate};

const KEYSTROKES: usize = 200;

fn main() {
    let docs: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(5_000);
    let dir = std::env::temp_dir().join(format!("newsls-bench-server-{docs}"));
    generate(&dir, docs);
    let mut server = Server::start();

    let root = format!("file://{}", dir.display());
    let started = Instant::now();
    server.request(
        "initialize",
        json!({ "processId": null, "rootUri": root, "capabilities": {} }),
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
    let uri = format!("file://{}", path.display());
    let started = Instant::now();
    server.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "markdown", "version": 1, "text": text } }),
    );
    server.diagnostics(&uri, 1);
    println!("didOpen to diagnostics: {:.2} ms", ms(started.elapsed()));

    // Type at the end of the first body line, hovering a mention after each
    // keystroke (the hover must see the edit, so it waits for it).
    let line = text
        .lines()
        .position(|l| l.starts_with("The [summit"))
        .expect("a body line") as u32;
    let end = text.lines().nth(line as usize).map_or(0, |l| l.len()) as u32;
    let mut hovers = Vec::new();
    let typing = Instant::now();
    for i in 0..KEYSTROKES {
        let at = json!({ "line": line, "character": end + i as u32 });
        server.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": 2 + i },
                    "contentChanges": [{ "range": { "start": at, "end": at }, "text": "x" }] }),
        );
        let started = Instant::now();
        let hover = server.request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": 6 } }),
        );
        hovers.push(started.elapsed());
        assert!(hover.is_object(), "a hover on the mention: {hover}");
    }
    // A last edit that changes the diagnostics (identical ones are not
    // published again): a mention of an undefined id.
    let at = json!({ "line": line, "character": end + KEYSTROKES as u32 });
    let version = 2 + KEYSTROKES as i64;
    let after_typing = Instant::now();
    server.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": version },
                "contentChanges": [{ "range": { "start": at, "end": at }, "text": " [@nobody]" }] }),
    );
    server.diagnostics(&uri, version);
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
    server.request("shutdown", Value::Null);
    server.notify("exit", Value::Null);
    let status = server.child.wait().expect("the server exits");
    assert!(status.success(), "exit status {status}");
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

struct Server {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
    next_id: i64,
}

impl Server {
    fn start() -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_newsls"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start newsls");
        let stdout = child.stdout.take().expect("stdout");
        let (send, incoming) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = 0;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(n) = line.strip_prefix("Content-Length:") {
                        length = n.trim().parse().unwrap_or(0);
                    }
                }
                let mut body = vec![0; length];
                if reader.read_exact(&mut body).is_err() {
                    return;
                }
                let Ok(message) = serde_json::from_slice(&body) else {
                    return;
                };
                if send.send(message).is_err() {
                    return;
                }
            }
        });
        Server {
            stdin: child.stdin.take().expect("stdin"),
            child,
            incoming,
            next_id: 0,
        }
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("write");
        self.stdin.flush().expect("flush");
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        self.wait(|m| m["id"] == id && m.get("method").is_none())["result"].clone()
    }

    /// Waits for the diagnostics of `uri` at `version`.
    fn diagnostics(&mut self, uri: &str, version: i64) {
        self.wait(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == version
        });
    }

    fn wait(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        loop {
            let message = self
                .incoming
                .recv_timeout(Duration::from_secs(60))
                .expect("the server answers");
            // The server's own requests (file watcher registration) need an answer.
            if message.get("method").is_some() && message.get("id").is_some() {
                let id = message["id"].clone();
                self.send(json!({ "jsonrpc": "2.0", "id": id, "result": null }));
                continue;
            }
            if wanted(&message) {
                return message;
            }
        }
    }
}
