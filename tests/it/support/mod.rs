//! A small blocking LSP client for end-to-end tests: it starts the built
//! `newsls`, speaks JSON-RPC over its stdio with `Content-Length` framing
//! as an editor does, and answers the server's own requests. Every wait has
//! a timeout, so a hung server fails the test instead of hanging it.
//! `benches/server.rs` drives the server with it too.

#![allow(dead_code)]

pub mod schema;

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

pub const TIMEOUT: Duration = Duration::from_secs(10);

// ---------------------------------------------------------------------------
// The command line

/// What a run of the built `newsls` printed, and its exit status.
pub struct Run {
    pub stdout: String,
    pub stderr: String,
    pub code: Option<i32>,
}

/// Where the built `newsls` keeps its index cache in tests: under the
/// temp folder, never the user's cache folder.
pub fn test_cache_dir() -> PathBuf {
    std::env::temp_dir().join("newsls-tests-cache")
}

/// Runs the built `newsls` with `args` in `cwd`. `NO_COLOR` is removed so
/// that the output does not depend on the environment the tests run in.
pub fn run_newsls(cwd: &Path, args: &[&str]) -> Run {
    run_newsls_with_cache(cwd, &test_cache_dir(), args)
}

/// [`run_newsls`] with the caches (index, Wikidata's answers) in `cache`.
pub fn run_newsls_with_cache(cwd: &Path, cache: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_newsls"))
        .args(args)
        .current_dir(cwd)
        .env_remove("NO_COLOR")
        .env("NEWSLS_CACHE_DIR", cache)
        .output()
        .expect("run newsls");
    Run {
        stdout: String::from_utf8(output.stdout).expect("UTF-8 stdout"),
        stderr: String::from_utf8(output.stderr).expect("UTF-8 stderr"),
        code: output.status.code(),
    }
}

// ---------------------------------------------------------------------------
// Workspace folders

/// A fresh folder under the system temp dir, removed on drop. Its name
/// holds a space and a non-ASCII letter, so URIs must be percent-encoded.
pub struct TempDir {
    path: PathBuf,
}

impl TempDir {
    pub fn new(label: &str) -> TempDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let name = format!(
            "newsls lsp ü {label}-{}-{}-{nanos}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst)
        );
        let path = std::env::temp_dir().join(name);
        std::fs::create_dir_all(&path).expect("create temp dir");
        TempDir { path }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes `contents` at `relative`, creating folders; returns the path.
    pub fn write(&self, relative: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create folder");
        }
        std::fs::write(&path, contents).expect("write file");
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// The `file:` URI of an absolute path, percent-encoded as the server does.
pub fn uri(path: &Path) -> String {
    let mut out = String::from("file://");
    for &b in path.to_str().expect("UTF-8 path").as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Positions, computed independently of the server

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Enc {
    Utf8,
    Utf16,
}

/// The LSP position of byte `offset` of `text` (lines end at LF, CRLF, CR).
pub fn position(text: &str, offset: usize, enc: Enc) -> Value {
    let before = &text[..offset];
    let mut line = 0;
    let mut line_start = 0;
    let bytes = before.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                line += 1;
                line_start = i + 1;
            }
            b'\r' if bytes.get(i + 1) != Some(&b'\n') => {
                line += 1;
                line_start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    let column = &before[line_start..];
    let character = match enc {
        Enc::Utf8 => column.len(),
        Enc::Utf16 => column.encode_utf16().count(),
    };
    json!({ "line": line, "character": character })
}

/// The position of the `nth` (0-based) occurrence of `needle`, plus `shift`
/// bytes.
pub fn pos_of(text: &str, needle: &str, nth: usize, shift: usize, enc: Enc) -> Value {
    position(text, offset_of(text, needle, nth) + shift, enc)
}

pub fn offset_of(text: &str, needle: &str, nth: usize) -> usize {
    text.match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("`{needle}` #{nth} not in {text:?}"))
        .0
}

/// The LSP range of the `nth` occurrence of `needle`.
pub fn range_of(text: &str, needle: &str, nth: usize, enc: Enc) -> Value {
    let start = offset_of(text, needle, nth);
    json!({
        "start": position(text, start, enc),
        "end": position(text, start + needle.len(), enc),
    })
}

/// The quick fix titled `title` that the server offers at `at` (an LSP
/// position) in `doc`; panics, listing those offered, when there is none.
pub fn quick_fix(lsp: &mut Lsp, doc: &str, at: &Value, title: &str) -> Value {
    let actions = lsp.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": doc },
            "range": { "start": at, "end": at },
            "context": { "diagnostics": [] }
        }),
    );
    let action = actions
        .as_array()
        .and_then(|a| a.iter().find(|a| a["title"] == title))
        .unwrap_or_else(|| panic!("no `{title}` in {actions:#}"))
        .clone();
    assert_eq!(action["kind"], "quickfix");
    action
}

/// `text` with the LSP text `edits` (UTF-16 positions) applied.
pub fn apply_edits(text: &str, edits: &Value) -> String {
    let offset = |p: &Value| -> usize {
        (0..=text.len())
            .filter(|&o| text.is_char_boundary(o))
            .find(|&o| position(text, o, Enc::Utf16) == *p)
            .expect("a position in the text")
    };
    let mut edits: Vec<&Value> = edits.as_array().expect("edits").iter().collect();
    edits.sort_by_key(|e| std::cmp::Reverse(offset(&e["range"]["start"])));
    let mut out = text.to_string();
    for edit in edits {
        let (start, end) = (
            offset(&edit["range"]["start"]),
            offset(&edit["range"]["end"]),
        );
        out.replace_range(start..end, edit["newText"].as_str().expect("newText"));
    }
    out
}

// ---------------------------------------------------------------------------
// The client

pub struct Lsp {
    child: Child,
    stdin: Arc<Mutex<Option<ChildStdin>>>,
    incoming: Receiver<Value>,
    /// Messages received but not consumed yet, in arrival order.
    backlog: VecDeque<Value>,
    next_id: i64,
    stderr: Arc<Mutex<String>>,
    /// Requests the server sent us (answered with `null`, except
    /// `workspace/configuration`).
    pub server_requests: Arc<Mutex<Vec<Value>>>,
    /// What `workspace/configuration` answers for each item asked.
    pub configuration: Arc<Mutex<Value>>,
    /// How long any wait lasts before it fails ([`TIMEOUT`]; benchmarks on
    /// large folders wait longer).
    pub timeout: Duration,
}

fn write_frame(stdin: &Mutex<Option<ChildStdin>>, body: &[u8]) -> std::io::Result<()> {
    let mut stdin = stdin.lock().unwrap_or_else(|e| e.into_inner());
    let Some(stdin) = stdin.as_mut() else {
        return Err(std::io::Error::other("stdin is closed"));
    };
    // One write a message: the server's reader wakes once for it.
    let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    frame.extend_from_slice(body);
    stdin.write_all(&frame)?;
    stdin.flush()
}

/// Reads one framed message; `None` at the end of the stream.
fn read_frame(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    Some(serde_json::from_slice(&body).expect("the server sent invalid JSON"))
}

impl Lsp {
    /// Starts `newsls` (no arguments: stdio).
    pub fn start() -> Lsp {
        Lsp::start_with(&[])
    }

    pub fn start_with(args: &[&str]) -> Lsp {
        Lsp::start_with_env(args, &[])
    }

    /// Starts `newsls` with `args` and the environment variables `vars`.
    /// Every log line goes to stderr too (`NEWSLS_LOG=debug`), where tests
    /// wait for them, unless `vars` sets `NEWSLS_LOG` otherwise.
    pub fn start_with_env(args: &[&str], vars: &[(&str, &Path)]) -> Lsp {
        let mut child = Command::new(env!("CARGO_BIN_EXE_newsls"))
            .args(args)
            .env("NEWSLS_LOG", "debug")
            .env("NEWSLS_CACHE_DIR", test_cache_dir())
            .envs(vars.iter().map(|(k, v)| (*k, *v)))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start newsls");
        let stdin = Arc::new(Mutex::new(child.stdin.take()));
        let stdout = child.stdout.take().expect("stdout");
        let stderr_pipe = child.stderr.take().expect("stderr");

        let stderr = Arc::new(Mutex::new(String::new()));
        let sink = stderr.clone();
        thread::spawn(move || {
            for line in BufReader::new(stderr_pipe).lines().map_while(Result::ok) {
                let mut s = sink.lock().unwrap_or_else(|e| e.into_inner());
                s.push_str(&line);
                s.push('\n');
            }
        });

        let (tx, incoming) = channel();
        let server_requests = Arc::new(Mutex::new(Vec::new()));
        let requests = server_requests.clone();
        let configuration = Arc::new(Mutex::new(Value::Null));
        let settings = configuration.clone();
        let answer = stdin.clone();
        thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_frame(&mut reader) {
                // A request from the server: answer it as an editor would.
                if let (Some(id), Some(method)) = (message.get("id"), message.get("method")) {
                    let result = if method == "workspace/configuration" {
                        let items = message["params"]["items"].as_array().map_or(0, Vec::len);
                        let value = settings.lock().unwrap_or_else(|e| e.into_inner()).clone();
                        json!(vec![value; items])
                    } else {
                        Value::Null
                    };
                    let reply = json!({ "jsonrpc": "2.0", "id": id, "result": result });
                    let _ = write_frame(&answer, reply.to_string().as_bytes());
                    requests
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push(message.clone());
                    continue;
                }
                if tx.send(message).is_err() {
                    break;
                }
            }
        });

        Lsp {
            child,
            stdin,
            incoming,
            backlog: VecDeque::new(),
            next_id: 1,
            stderr,
            server_requests,
            configuration,
            timeout: TIMEOUT,
        }
    }

    /// Everything the server wrote to stderr so far.
    pub fn stderr(&self) -> String {
        self.stderr
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Waits until stderr contains `needle`.
    pub fn wait_stderr(&self, needle: &str) -> String {
        let deadline = Instant::now() + self.timeout;
        loop {
            let text = self.stderr();
            if text.contains(needle) {
                return text;
            }
            assert!(
                Instant::now() < deadline,
                "stderr never said {needle:?}:\n{text}"
            );
            thread::sleep(Duration::from_millis(10));
        }
    }

    /// Sets what `workspace/configuration` answers from now on.
    pub fn set_configuration(&self, value: Value) {
        *self.configuration.lock().unwrap_or_else(|e| e.into_inner()) = value;
    }

    /// Requests from the server with `method` received so far.
    pub fn requests_for(&self, method: &str) -> Vec<Value> {
        self.server_requests
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .filter(|r| r["method"] == method)
            .cloned()
            .collect()
    }

    /// Waits until the server has sent `count` requests with `method`;
    /// returns them all.
    pub fn wait_requests(&self, method: &str, count: usize) -> Vec<Value> {
        let deadline = Instant::now() + self.timeout;
        loop {
            let sent = self.requests_for(method);
            if sent.len() >= count {
                return sent;
            }
            assert!(
                Instant::now() < deadline,
                "the server sent {} {method} requests, not {count}",
                sent.len()
            );
            thread::sleep(Duration::from_millis(10));
        }
    }

    /// Closes the server's stdin, as an editor that goes away does.
    pub fn close_stdin(&self) {
        self.stdin.lock().unwrap_or_else(|e| e.into_inner()).take();
    }

    /// Writes `bytes` to the server's stdin as they are, unframed.
    pub fn send_bytes(&self, bytes: &[u8]) {
        let mut stdin = self.stdin.lock().unwrap_or_else(|e| e.into_inner());
        let stdin = stdin.as_mut().expect("stdin is open");
        stdin.write_all(bytes).expect("write to newsls");
        stdin.flush().expect("flush to newsls");
    }

    /// The next error response whose id is `null`.
    pub fn null_id_error(&mut self) -> Value {
        self.receive("an error response with id null", |m| {
            m.get("id") == Some(&Value::Null) && m.get("error").is_some()
        })
    }

    /// The error code of the response to request `id`; panics on success.
    pub fn error_code(&mut self, id: i64) -> i64 {
        let response = self.response(id);
        response["error"]["code"]
            .as_i64()
            .unwrap_or_else(|| panic!("request {id} did not fail: {response}"))
    }

    pub fn send_raw(&self, body: &[u8]) {
        write_frame(&self.stdin, body).expect("write to newsls");
    }

    fn send(&self, message: Value) {
        self.send_raw(message.to_string().as_bytes());
    }

    pub fn notify(&self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request without waiting; returns its id.
    pub fn send_request(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        id
    }

    /// The next message satisfying `wanted`, from the backlog first; other
    /// messages stay in the backlog.
    pub fn receive(&mut self, what: &str, wanted: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.backlog.iter().position(&wanted) {
            return self.backlog.remove(i).expect("index in range");
        }
        let deadline = Instant::now() + self.timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.incoming.recv_timeout(left) {
                Ok(message) if wanted(&message) => return message,
                Ok(message) => self.backlog.push_back(message),
                Err(RecvTimeoutError::Timeout) => panic!(
                    "timed out waiting for {what}; received meanwhile: {:#?}\nstderr:\n{}",
                    self.backlog,
                    self.stderr()
                ),
                Err(RecvTimeoutError::Disconnected) => panic!(
                    "newsls closed stdout while we waited for {what}\nstderr:\n{}",
                    self.stderr()
                ),
            }
        }
    }

    /// The whole response to request `id`.
    pub fn response(&mut self, id: i64) -> Value {
        self.receive(&format!("the response to request {id}"), |m| {
            m.get("id") == Some(&json!(id)) && m.get("method").is_none()
        })
    }

    /// The result of request `id`; panics on an error response.
    pub fn result(&mut self, id: i64) -> Value {
        let response = self.response(id);
        if let Some(error) = response.get("error") {
            panic!("request {id} failed: {error}");
        }
        response["result"].clone()
    }

    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.send_request(method, params);
        self.result(id)
    }

    /// `initialize` (and `initialized`) with `root` as the workspace
    /// folder; `utf8` offers the UTF-8 position encoding. Waits until the
    /// folder is indexed, so what follows sees every document. Returns the
    /// result.
    pub fn initialize(&mut self, root: &Path, utf8: bool) -> Value {
        let result = self.initialize_without_waiting(root, utf8);
        self.wait_indexed();
        result
    }

    /// Waits for the end of the first indexing, which the server logs.
    pub fn wait_indexed(&self) {
        self.wait_stderr("newsls: indexed ");
    }

    /// [`Lsp::initialize`] without waiting for the folder to be indexed.
    pub fn initialize_without_waiting(&mut self, root: &Path, utf8: bool) -> Value {
        let encodings = if utf8 {
            json!(["utf-8", "utf-16"])
        } else {
            json!(["utf-16"])
        };
        let params = json!({
            "processId": std::process::id(),
            "rootUri": uri(root),
            "workspaceFolders": [{ "uri": uri(root), "name": "test" }],
            "capabilities": {
                "general": { "positionEncodings": encodings },
                "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } },
                "textDocument": text_document_capabilities()

            }
        });
        let result = self.request("initialize", params);
        self.notify("initialized", json!({}));
        result
    }

    /// `initialize` with `params`, then `initialized`; waits until the
    /// folders are indexed.
    pub fn initialize_with(&mut self, params: Value) -> Value {
        let result = self.request("initialize", params);
        self.notify("initialized", json!({}));
        self.wait_indexed();
        result
    }

    /// Starts `newsls` on the folder `root` with `capabilities`, held
    /// before it reads the folder (`initialize` and `initialized` sent),
    /// so a test sees the indexing state as long as it needs; returns the
    /// file whose creation releases it.
    pub fn start_holding_indexing(root: &Path, capabilities: Value) -> (Lsp, PathBuf) {
        let gate = root.join("release-indexing");
        let mut lsp = Lsp::start_with_env(&[], &[("NEWSLS_TEST_HOLD_INDEXING", &gate)]);
        lsp.request("initialize", folder_params(root, capabilities));
        lsp.notify("initialized", json!({}));
        (lsp, gate)
    }

    pub fn open(&self, uri: &str, text: &str) {
        self.open_version(uri, text, 1);
    }

    pub fn open_version(&self, uri: &str, text: &str, version: i64) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": {
                "uri": uri, "languageId": "markdown", "version": version, "text": text
            }}),
        );
    }

    /// An incremental change: `edits` are `(range, new text)`, in order.
    pub fn change(&self, uri: &str, version: i64, edits: &[(Value, &str)]) {
        let changes: Vec<Value> = edits
            .iter()
            .map(|(range, text)| json!({ "range": range, "text": text }))
            .collect();
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": changes }),
        );
    }

    /// Inserts `text` at `at` (an LSP position), as version `version`.
    pub fn insert(&self, uri: &str, version: i64, at: &Value, text: &str) {
        self.change(uri, version, &[(json!({ "start": at, "end": at }), text)]);
    }

    pub fn change_full(&self, uri: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [{ "text": text }] }),
        );
    }

    pub fn close(&self, uri: &str) {
        self.notify(
            "textDocument/didClose",
            json!({ "textDocument": { "uri": uri } }),
        );
    }

    /// Sends a request about a place in a document (hover, definition…),
    /// without waiting for its answer.
    pub fn send_at(&mut self, method: &str, uri: &str, position: Value) -> i64 {
        self.send_request(
            method,
            json!({ "textDocument": { "uri": uri }, "position": position }),
        )
    }

    pub fn hover(&mut self, uri: &str, position: Value) -> Value {
        let id = self.send_at("textDocument/hover", uri, position);
        self.result(id)
    }

    pub fn definition(&mut self, uri: &str, position: Value) -> Value {
        let id = self.send_at("textDocument/definition", uri, position);
        self.result(id)
    }

    /// The next `publishDiagnostics` for `uri` whose params satisfy
    /// `wanted`; earlier publishes for `uri` are dropped, being superseded.
    pub fn diagnostics_where(&mut self, uri: &str, wanted: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + self.timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(
                !left.is_zero(),
                "no matching diagnostics for {uri}\nstderr:\n{}",
                self.stderr()
            );
            let publish = self.receive(&format!("diagnostics for {uri}"), |m| {
                m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
            });
            if wanted(&publish["params"]) {
                return publish["params"].clone();
            }
        }
    }

    /// The next `publishDiagnostics` for `uri`.
    pub fn diagnostics(&mut self, uri: &str) -> Value {
        self.diagnostics_where(uri, |_| true)
    }

    /// Every message received so far and not consumed.
    pub fn pending_messages(&mut self) -> Vec<Value> {
        while let Ok(message) = self.incoming.try_recv() {
            self.backlog.push_back(message);
        }
        self.backlog.iter().cloned().collect()
    }

    /// Every message received so far and not consumed, taken.
    pub fn drain(&mut self) -> Vec<Value> {
        while let Ok(message) = self.incoming.try_recv() {
            self.backlog.push_back(message);
        }
        self.backlog.drain(..).collect()
    }

    /// Waits up to `timeout` for one more message.
    pub fn next_message(&mut self, timeout: Duration) -> Option<Value> {
        if let Some(message) = self.backlog.pop_front() {
            return Some(message);
        }
        self.incoming.recv_timeout(timeout).ok()
    }

    /// The CPU time (user and system) the server process has used so far,
    /// from `/proc` (`None` where there is none).
    pub fn cpu_time(&self) -> Option<Duration> {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.child.id())).ok()?;
        // The fields after the command name, which ends at the last `)`.
        let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
        let ticks: u64 =
            fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
        // Linux reports these in clock ticks of 1/100 s (USER_HZ).
        Some(Duration::from_millis(ticks * 10))
    }

    /// Whether the server process is still running.
    pub fn is_running(&mut self) -> bool {
        self.child.try_wait().ok().flatten().is_none()
    }

    /// Publishes for `uri` received so far and not consumed.
    pub fn pending_diagnostics(&mut self, uri: &str) -> Vec<Value> {
        while let Ok(message) = self.incoming.try_recv() {
            self.backlog.push_back(message);
        }
        self.backlog
            .iter()
            .filter(|m| {
                m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
            })
            .map(|m| m["params"].clone())
            .collect()
    }

    /// Waits for the process to end.
    pub fn wait_exit(&mut self) -> ExitStatus {
        let deadline = Instant::now() + self.timeout;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait for newsls") {
                return status;
            }
            if Instant::now() >= deadline {
                let _ = self.child.kill();
                panic!("newsls did not exit\nstderr:\n{}", self.stderr());
            }
            thread::sleep(Duration::from_millis(10));
        }
    }

    /// `shutdown`, then `exit`; returns the exit status. Stdin stays open,
    /// as some editors leave it.
    pub fn shutdown_and_exit(&mut self) -> ExitStatus {
        let result = self.request("shutdown", Value::Null);
        assert_eq!(result, Value::Null);
        self.notify("exit", Value::Null);
        self.wait_exit()
    }
}

impl Drop for Lsp {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        if thread::panicking() {
            eprintln!("--- newsls stderr ---\n{}", self.stderr());
        }
    }
}

/// `initialize` params for the one folder `root`, with `capabilities`.
pub fn folder_params(root: &Path, capabilities: Value) -> Value {
    json!({
        "processId": null,
        "rootUri": uri(root),
        "workspaceFolders": [{ "uri": uri(root), "name": "test" }],
        "capabilities": capabilities,
    })
}

/// What a modern editor (VS Code, Neovim 0.11) declares for documents:
/// newsls answers only with what the client declared.
pub fn text_document_capabilities() -> Value {
    let symbol_kinds: Vec<u32> = (1..=26).collect();
    let completion_kinds: Vec<u32> = (1..=25).collect();
    json!({
        "publishDiagnostics": { "relatedInformation": true, "versionSupport": true },
        "hover": { "contentFormat": ["markdown", "plaintext"] },
        "synchronization": { "didSave": false },
        "rename": { "prepareSupport": true },
        "codeAction": {
            "codeActionLiteralSupport": { "codeActionKind": { "valueSet": ["", "quickfix"] } }
        },
        "documentSymbol": {
            "hierarchicalDocumentSymbolSupport": true,
            "symbolKind": { "valueSet": symbol_kinds }
        },
        "completion": { "completionItemKind": { "valueSet": completion_kinds } }
    })
}

/// Codes of a publish's diagnostics, in order.
pub fn codes(params: &Value) -> Vec<String> {
    params["diagnostics"]
        .as_array()
        .map(|ds| {
            ds.iter()
                .map(|d| d["code"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// The first diagnostic with `code`.
pub fn find_code<'a>(params: &'a Value, code: &str) -> &'a Value {
    params["diagnostics"]
        .as_array()
        .and_then(|ds| ds.iter().find(|d| d["code"] == code))
        .unwrap_or_else(|| panic!("no {code} in {params:#}"))
}
