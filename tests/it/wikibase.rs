//! A Wikibase API for the tests: a real HTTP server on a local port (a
//! `TcpListener` and a thread a connection) that answers `wbgetentities`
//! and `wbsearchentities` from the answers recorded in
//! `tests/data/wikidata/` (their sources are in its NOTICE.md), and can be
//! told to fail the next requests: an HTTP status, `Retry-After`, a stall,
//! a body that is not JSON. It records every request it is sent.

#![allow(dead_code)]

use std::collections::{BTreeMap, VecDeque};
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Map, Value, json};

/// How the server answers one request instead of from the recordings.
#[derive(Clone, Copy, Debug)]
pub enum Failure {
    /// This status, with a short text body.
    Status(u16),
    /// This status with `Retry-After: seconds`.
    RetryAfter(u16, u64),
    /// Wait this long, then answer as recorded (too late for a timeout).
    Stall(Duration),
    /// 200 with this body.
    Body(&'static str),
}

/// One request the server was sent.
#[derive(Clone, Debug)]
pub struct Request {
    pub params: BTreeMap<String, String>,
    pub user_agent: Option<String>,
}

pub struct Wikibase {
    port: u16,
    requests: Arc<Mutex<Vec<Request>>>,
    failures: Arc<Mutex<VecDeque<Failure>>>,
    stopped: Arc<AtomicBool>,
}

fn data() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/wikidata")
}

impl Wikibase {
    pub fn start() -> Wikibase {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a local port");
        let port = listener.local_addr().expect("local address").port();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let failures = Arc::new(Mutex::new(VecDeque::new()));
        let stopped = Arc::new(AtomicBool::new(false));
        let (r, f, s) = (requests.clone(), failures.clone(), stopped.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if s.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let (r, f) = (r.clone(), f.clone());
                std::thread::spawn(move || serve(stream, &r, &f));
            }
        });
        Wikibase {
            port,
            requests,
            failures,
            stopped,
        }
    }

    /// The API's URL, as `[wikidata] endpoint` takes it.
    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}/w/api.php", self.port)
    }

    /// The next request is answered with `failure` (in the order given).
    pub fn fail_next(&self, failure: Failure) {
        self.failures.lock().unwrap().push_back(failure);
    }

    pub fn requests(&self) -> Vec<Request> {
        self.requests.lock().unwrap().clone()
    }

    /// A `.newsls.toml` that points newsls at this server.
    pub fn settings(&self) -> String {
        format!("[wikidata]\nendpoint = \"{}\"\n", self.endpoint())
    }
}

impl Drop for Wikibase {
    fn drop(&mut self) {
        self.stopped.store(true, Ordering::SeqCst);
        // Wake the accept loop so that it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

fn serve(stream: TcpStream, requests: &Mutex<Vec<Request>>, failures: &Mutex<VecDeque<Failure>>) {
    let mut reader = BufReader::new(match stream.try_clone() {
        Ok(s) => s,
        Err(_) => return,
    });
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() || request_line.is_empty() {
        return;
    }
    let mut user_agent = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).is_err() || line.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("user-agent")
        {
            user_agent = Some(value.trim().to_string());
        }
    }
    let target = request_line.split_whitespace().nth(1).unwrap_or("");
    let query = target.split_once('?').map_or("", |(_, q)| q);
    let params: BTreeMap<String, String> = query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(k, v)| (decode(k), decode(v)))
        .collect();
    requests.lock().unwrap().push(Request {
        params: params.clone(),
        user_agent,
    });
    let failure = failures.lock().unwrap().pop_front();
    let mut stream = stream;
    let (status, extra, body) = match failure {
        Some(Failure::Status(status)) => (status, String::new(), format!("status {status}")),
        Some(Failure::RetryAfter(status, seconds)) => (
            status,
            format!("Retry-After: {seconds}\r\n"),
            "slow down".to_string(),
        ),
        Some(Failure::Stall(wait)) => {
            std::thread::sleep(wait);
            (200, String::new(), answer(&params))
        }
        Some(Failure::Body(body)) => (200, String::new(), body.to_string()),
        None => (200, String::new(), answer(&params)),
    };
    let head = format!(
        "HTTP/1.1 {status} X\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n{extra}\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(body.as_bytes());
    let _ = stream.flush();
}

fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
                out.push(u8::from_str_radix(hex, 16).unwrap_or(b'?'));
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn read(name: &str) -> Option<Value> {
    let text = std::fs::read_to_string(data().join(name)).ok()?;
    serde_json::from_str(&text).ok()
}

/// The recorded answer, put together for the ids asked: each entity from
/// its own recording (labels only when only labels are asked and a
/// labels recording exists). An id never recorded gets the recorded
/// `no-such-entity` answer, naming that id.
fn answer(params: &BTreeMap<String, String>) -> String {
    match params.get("action").map(String::as_str) {
        Some("wbgetentities") => {
            let props = params.get("props").cloned().unwrap_or_default();
            let mut entities = Map::new();
            for id in params
                .get("ids")
                .map(String::as_str)
                .unwrap_or("")
                .split('|')
            {
                let labels_only = props == "labels";
                let recorded = labels_only
                    .then(|| read(&format!("{id}.labels.json")))
                    .flatten()
                    .or_else(|| read(&format!("{id}.json")));
                let Some(entity) = recorded.and_then(|r| r["entities"][id].as_object().cloned())
                else {
                    // The recorded answer names the id it was asked
                    // (`pop`); Wikidata's names the id asked.
                    let mut answer = read("no-such-entity.json").unwrap_or_default();
                    answer["error"]["id"] = json!(id);
                    answer["error"]["info"] =
                        json!(format!("Could not find such an entity. (Invalid id: {id})"));
                    return answer.to_string();
                };
                entities.insert(id.to_string(), Value::Object(entity));
            }
            json!({ "entities": entities, "success": 1 }).to_string()
        }
        Some("wbsearchentities") => {
            let search = params.get("search").cloned().unwrap_or_default();
            let slug: String = search
                .to_lowercase()
                .chars()
                .map(|c| if c.is_alphanumeric() { c } else { '-' })
                .collect();
            read(&format!("search-{slug}.json"))
                .or_else(|| read("empty-search.json"))
                .unwrap_or_default()
                .to_string()
        }
        _ => json!({"error": {"code": "badvalue", "info": "unknown action"}}).to_string(),
    }
}
