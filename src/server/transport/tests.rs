use serde_json::{Value, json};

use super::*;

/// What the filter passes to the server, and what it answers the client.
async fn run(input: &[u8]) -> (String, Vec<Value>) {
    run_with(input, framing::MAX_HEADER_LINE, framing::MAX_BODY).await
}

async fn run_with(input: &[u8], max_line: usize, max_body: u64) -> (String, Vec<Value>) {
    let mut passed = Vec::new();
    let client = Arc::new(Mutex::new(Vec::new()));
    filter_with(input, &mut passed, client.clone(), max_line, max_body).await;
    let answers = client.lock().await.clone();
    (
        String::from_utf8(passed).expect("UTF-8"),
        bodies(&answers)
            .iter()
            .map(|b| serde_json::from_slice(b).expect("JSON answer"))
            .collect(),
    )
}

/// The bodies of well-formed frames, asserting there is nothing else.
fn bodies(mut bytes: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    while !bytes.is_empty() {
        let text = String::from_utf8_lossy(bytes);
        let rest = text.strip_prefix("Content-Length: ").expect("a header");
        let end = rest.find("\r\n\r\n").expect("end of header");
        let length: usize = rest[..end].parse().expect("length");
        let start = "Content-Length: ".len() + end + 4;
        out.push(bytes[start..start + length].to_vec());
        bytes = &bytes[start + length..];
    }
    out
}

fn frame(body: &str) -> String {
    format!("Content-Length: {}\r\n\r\n{body}", body.len())
}

fn codes(answers: &[Value]) -> Vec<(i64, Value)> {
    answers
        .iter()
        .map(|a| (a["error"]["code"].as_i64().unwrap_or(0), a["id"].clone()))
        .collect()
}

const SHUTDOWN: &str = r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#;
const EXIT: &str = r#"{"jsonrpc":"2.0","method":"exit"}"#;
const RESULT: &str = r#"{"jsonrpc":"2.0","id":7,"result":null}"#;

#[tokio::test]
async fn passes_messages_and_answers_garbage() {
    let input = [
        frame(SHUTDOWN),
        frame("{ not json"),
        frame(r#"{"hello":"world"}"#),
        frame("[1, 2]"),
        "X-Other: 1\r\n\r\n".to_string(),
        // Lower case, extra headers, a charset: all fine.
        format!(
            "content-length: {}\r\nContent-Type: application/vscode-jsonrpc; charset=utf-16\r\nX-A: 1\r\n\r\n{EXIT}",
            EXIT.len()
        ),
        "Content-Length: nope\r\n\r\n".to_string(),
        frame("\u{feff}\u{0}\u{ff}"),
        frame(RESULT),
    ]
    .concat();
    let (passed, answers) = run(input.as_bytes()).await;
    assert_eq!(
        passed,
        [frame(SHUTDOWN), frame(EXIT), frame(RESULT)].concat()
    );
    assert_eq!(
        codes(&answers),
        [
            (-32700, Value::Null),
            (-32600, Value::Null),
            (-32600, Value::Null),
            (-32700, Value::Null)
        ]
    );
}

#[tokio::test]
async fn invalid_utf8_and_truncated_input() {
    let mut input = b"Content-Length: 3\r\n\r\n\xff\xfe\xfd".to_vec();
    input.extend_from_slice(frame(EXIT).as_bytes());
    input.extend_from_slice(b"Content-Length: 100\r\n\r\n{\"jsonrpc\"");
    let (passed, answers) = run(&input).await;
    assert_eq!(passed, frame(EXIT));
    assert_eq!(codes(&answers), [(-32700, Value::Null)]);
}

#[tokio::test]
async fn long_header_lines_are_skipped() {
    let mut input = vec![b'x'; 3 * framing::MAX_HEADER_LINE];
    input.extend_from_slice(b"\r\n\r\n");
    input.extend_from_slice(frame(EXIT).as_bytes());
    let (passed, answers) = run(&input).await;
    assert_eq!(passed, frame(EXIT));
    assert!(answers.is_empty());
}

#[tokio::test]
async fn a_length_too_long_loses_nothing_after_it() {
    let bad = format!("Content-Length: {}\r\n\r\n{SHUTDOWN}", SHUTDOWN.len() + 40);
    let input = [bad, frame(RESULT), frame(EXIT)].concat();
    let (passed, answers) = run(input.as_bytes()).await;
    assert_eq!(
        passed,
        [frame(SHUTDOWN), frame(RESULT), frame(EXIT)].concat()
    );
    assert!(answers.is_empty(), "{answers:?}");
}

#[tokio::test]
async fn a_length_too_short_is_answered_and_the_next_message_read() {
    let bad = format!("Content-Length: {}\r\n\r\n{SHUTDOWN}", SHUTDOWN.len() - 10);
    let input = [bad, frame(RESULT), frame(EXIT)].concat();
    let (passed, answers) = run(input.as_bytes()).await;
    assert_eq!(passed, [frame(RESULT), frame(EXIT)].concat());
    assert_eq!(codes(&answers), [(-32700, Value::Null)]);
}

#[tokio::test]
async fn a_body_without_a_header_is_skipped() {
    let input = ["X-Nothing: 1\r\n\r\n", SHUTDOWN, &frame(RESULT)].concat();
    let (passed, _) = run(input.as_bytes()).await;
    assert_eq!(passed, frame(RESULT));
}

#[tokio::test]
async fn oversized_bodies_are_discarded_and_answered() {
    let big = format!("Content-Length: 5000\r\n\r\n{}", "x".repeat(5000));
    let input = [big, frame(EXIT)].concat();
    let (passed, answers) = run_with(input.as_bytes(), 1024, 1000).await;
    assert_eq!(passed, frame(EXIT));
    assert_eq!(codes(&answers), [(-32600, Value::Null)]);
}

#[tokio::test]
async fn ids_are_echoed_when_readable() {
    let input = [
        frame(r#"{"jsonrpc":"2.0","id":7}"#),
        frame(r#"{"jsonrpc":"1.0","id":"x","method":"a"}"#),
    ]
    .concat();
    let (_, answers) = run(input.as_bytes()).await;
    assert_eq!(codes(&answers), [(-32600, json!(7)), (-32600, json!("x"))]);
}

#[tokio::test]
async fn relay_copies_frames_whole() {
    let input = [frame(SHUTDOWN), frame(RESULT)].concat();
    let client = Arc::new(Mutex::new(Vec::new()));
    relay(input.as_bytes(), client.clone()).await;
    assert_eq!(*client.lock().await, input.as_bytes());
}
