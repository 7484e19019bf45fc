//! JSON-RPC and LSP conformance of the built server at the edges: broken
//! frames, malformed messages, `$/` methods and the lifecycle. Each test
//! is a reproduction of a reported failure over the real binary's stdio.

use crate::support::{Lsp, TempDir};
use serde_json::{Value, json};

fn started(label: &str) -> (Lsp, TempDir) {
    let dir = TempDir::new(label);
    let mut lsp = Lsp::start();
    lsp.initialize(dir.path(), false);
    (lsp, dir)
}

/// A request written by hand with id `id`, for raw framing tests.
fn request_body(id: i64, method: &str) -> String {
    json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": { "query": "" } }).to_string()
}

/// The server still answers a request: the workspace/symbol request `id`.
fn assert_answers(lsp: &mut Lsp, id: i64) {
    let response = lsp.response(id);
    assert!(response.get("result").is_some(), "{response}");
}

/// The server goes on: it answers a new request, then shuts down cleanly.
fn assert_goes_on(mut lsp: Lsp) {
    let id = lsp.send_request("workspace/symbol", json!({ "query": "" }));
    assert_answers(&mut lsp, id);
    assert!(lsp.shutdown_and_exit().success());
}

/// Sends request `id` in a frame whose headers are `headers(body)`, then
/// request `id + 1` in a well-formed frame.
fn send_then_a_good_frame(lsp: &Lsp, id: i64, headers: impl Fn(&str) -> String) {
    let body = request_body(id, "workspace/symbol");
    lsp.send_bytes(format!("{}\r\n\r\n{body}", headers(&body)).as_bytes());
    let next = request_body(id + 1, "workspace/symbol");
    lsp.send_bytes(format!("Content-Length: {}\r\n\r\n{next}", next.len()).as_bytes());
}

#[test]
fn a_length_too_long_does_not_silence_the_server() {
    let (mut lsp, _dir) = started("too-long");
    send_then_a_good_frame(&lsp, 100, |body| {
        format!("Content-Length: {}", body.len() + 40)
    });
    // The message whose length was wrong is recovered too.
    assert_answers(&mut lsp, 100);
    assert_answers(&mut lsp, 101);
    assert_goes_on(lsp);
}

#[test]
fn a_length_too_short_is_answered_and_the_server_goes_on() {
    let (mut lsp, _dir) = started("too-short");
    send_then_a_good_frame(&lsp, 100, |body| {
        format!("Content-Length: {}", body.len() - 10)
    });
    assert_eq!(lsp.null_id_error()["error"]["code"], -32700);
    assert_answers(&mut lsp, 101);
    assert!(lsp.shutdown_and_exit().success());
}

#[test]
fn a_header_block_without_length_does_not_silence_the_server() {
    let (mut lsp, _dir) = started("no-length");
    send_then_a_good_frame(&lsp, 100, |_| "Content-Type: application/json".to_string());
    assert_answers(&mut lsp, 101);
    lsp.wait_stderr("without a valid Content-Length");
    assert!(lsp.shutdown_and_exit().success());
}

#[test]
fn malformed_messages_get_the_json_rpc_error() {
    let (mut lsp, _dir) = started("malformed");
    let null = Value::Null;
    let cases: Vec<(&[u8], i64, &Value)> = vec![
        (b"{ not json", -32700, &null),
        (b"\xff\xfe{}", -32700, &null),
        (b"42", -32600, &null),
        (b"[]", -32600, &null),
        (
            br#"[{"jsonrpc":"2.0","id":1,"method":"shutdown"}]"#,
            -32600,
            &null,
        ),
        (br#"{"hello":"world"}"#, -32600, &null),
        (
            br#"{"jsonrpc":"2.0","id":{"a":1},"method":"x"}"#,
            -32600,
            &null,
        ),
    ];
    for (body, code, _) in &cases {
        lsp.send_raw(body);
        let answer = lsp.null_id_error();
        assert_eq!(
            answer["error"]["code"],
            *code,
            "{}",
            String::from_utf8_lossy(body)
        );
    }
    // Where the id can be read, the answer carries it.
    for (body, id) in [
        (
            r#"{"jsonrpc":"1.0","id":900,"method":"workspace/symbol","params":{"query":""}}"#,
            900,
        ),
        (r#"{"jsonrpc":"2.0","id":901,"method":42}"#, 901),
        (r#"{"jsonrpc":"2.0","id":902}"#, 902),
    ] {
        lsp.send_raw(body.as_bytes());
        assert_eq!(lsp.error_code(id), -32600, "{body}");
    }
    assert_goes_on(lsp);
}

#[test]
fn an_oversized_body_is_discarded_and_answered() {
    let (mut lsp, _dir) = started("oversized");
    let length = 64 * 1024 * 1024 + 1;
    lsp.send_bytes(format!("Content-Length: {length}\r\n\r\n").as_bytes());
    let chunk = vec![b' '; 1024 * 1024];
    for _ in 0..64 {
        lsp.send_bytes(&chunk);
    }
    lsp.send_bytes(b" ");
    assert_eq!(lsp.null_id_error()["error"]["code"], -32600);
    assert_goes_on(lsp);
}

#[test]
fn dollar_requests_get_method_not_found_and_notifications_are_ignored() {
    let (mut lsp, _dir) = started("dollar");
    lsp.notify("$/unknownNotification", json!({}));
    lsp.notify("$/setTrace", json!({ "value": "off" }));
    let id = lsp.send_request("$/unknownRequest", json!({}));
    assert_eq!(lsp.error_code(id), -32601);
    let id = lsp.send_request("$/cancelRequest", json!({ "id": 1 }));
    assert_eq!(lsp.error_code(id), -32601);
    let id = lsp.send_request("unknown/method", json!({}));
    assert_eq!(lsp.error_code(id), -32601);
    assert!(lsp.shutdown_and_exit().success());
}

/// Requests the lifecycle answers for, whatever their method.
const LIFECYCLE_PROBES: [&str; 4] = [
    "unknown/method",
    "$/unknownRequest",
    "workspace/symbol",
    "shutdown",
];

#[test]
fn requests_before_initialize_get_server_not_initialized() {
    let dir = TempDir::new("before-init");
    let mut lsp = Lsp::start();
    for method in LIFECYCLE_PROBES {
        let id = lsp.send_request(method, json!({ "query": "" }));
        assert_eq!(lsp.error_code(id), -32002, "{method}");
    }
    lsp.initialize(dir.path(), false);
    assert_goes_on(lsp);
}

#[test]
fn requests_after_shutdown_get_invalid_request() {
    let (mut lsp, _dir) = started("after-shutdown");
    assert_eq!(lsp.request("shutdown", Value::Null), Value::Null);
    for method in LIFECYCLE_PROBES {
        let id = lsp.send_request(method, json!({ "query": "" }));
        assert_eq!(lsp.error_code(id), -32600, "{method}");
    }
    lsp.notify("exit", Value::Null);
    assert_eq!(lsp.wait_exit().code(), Some(0));
}

#[test]
fn exit_without_shutdown_is_status_one() {
    let (mut lsp, _dir) = started("exit-one");
    lsp.notify("exit", Value::Null);
    assert_eq!(lsp.wait_exit().code(), Some(1));
}
