//! Which bodies are JSON-RPC 2.0 messages LSP can carry, and the error
//! answer JSON-RPC requires for those that are not.

use serde_json::{Map, Value, json};
use tower_lsp_server::jsonrpc::{Request, Response};

/// JSON-RPC's codes for what the transport rejects.
pub const PARSE_ERROR: i64 = -32700;
pub const INVALID_REQUEST: i64 = -32600;

/// What to do with one body.
#[derive(Debug, PartialEq)]
pub enum Verdict {
    /// A request or notification (`Some`), or a response: pass it on.
    Forward(Option<Request>),
    /// Not a valid message: send this error response back, and drop it.
    Reject { response: Value, reason: String },
}

/// The error response for `body`, or `Forward`.
pub fn classify(body: &[u8]) -> Verdict {
    let Ok(text) = std::str::from_utf8(body) else {
        return reject(Value::Null, PARSE_ERROR, "the message is not UTF-8".into());
    };
    let value: Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(error) => {
            return reject(
                Value::Null,
                PARSE_ERROR,
                format!("the message is not JSON ({error})"),
            );
        }
    };
    let object = match value {
        Value::Object(object) => object,
        Value::Array(_) => {
            return reject(
                Value::Null,
                INVALID_REQUEST,
                "batches (JSON arrays) are not supported by LSP".into(),
            );
        }
        _ => {
            return reject(
                Value::Null,
                INVALID_REQUEST,
                "the message is not a JSON object".into(),
            );
        }
    };
    let id = readable_id(&object);
    match checked(&object) {
        Err(problem) => reject(id.unwrap_or(Value::Null), INVALID_REQUEST, problem),
        Ok(request) => Verdict::Forward(request),
    }
}

/// The id, when it is one JSON-RPC allows and tower-lsp-server reads: an
/// integer or a string.
fn readable_id(object: &Map<String, Value>) -> Option<Value> {
    match object.get("id")? {
        id @ Value::String(_) => Some(id.clone()),
        Value::Number(n) if n.is_i64() => Some(Value::Number(n.clone())),
        _ => None,
    }
}

/// The request or notification `object` is (`None` for a response), or
/// why it is not a valid request, notification or response.
fn checked(object: &Map<String, Value>) -> Result<Option<Request>, String> {
    if object.get("jsonrpc") != Some(&json!("2.0")) {
        return Err("\"jsonrpc\" must be \"2.0\"".into());
    }
    let id = object.get("id");
    if id.is_some() && readable_id(object).is_none() && id != Some(&Value::Null) {
        return Err("\"id\" must be an integer or a string".into());
    }
    let value = Value::Object(object.clone());
    match object.get("method") {
        Some(Value::String(_)) => {
            if id == Some(&Value::Null) {
                return Err("a request's \"id\" must be an integer or a string".into());
            }
            match object.get("params") {
                None | Some(Value::Null | Value::Object(_) | Value::Array(_)) => {}
                Some(_) => return Err("\"params\" must be an object or an array".into()),
            }
            match serde_json::from_value::<Request>(value) {
                Ok(request) => Ok(Some(request)),
                Err(_) => Err("not a valid request".into()),
            }
        }
        Some(_) => Err("\"method\" must be a string".into()),
        None => {
            if id.is_none() {
                return Err("a message needs a \"method\" or an \"id\"".into());
            }
            if object.contains_key("result") == object.contains_key("error") {
                return Err("a response needs exactly one of \"result\" and \"error\"".into());
            }
            if serde_json::from_value::<Response>(value).is_err() {
                return Err("not a valid response".into());
            }
            Ok(None)
        }
    }
}

fn reject(id: Value, code: i64, reason: String) -> Verdict {
    let message = match code {
        PARSE_ERROR => format!("Parse error: {reason}"),
        _ => format!("Invalid request: {reason}"),
    };
    Verdict::Reject {
        response: json!({ "jsonrpc": "2.0", "id": id, "error": { "code": code, "message": message } }),
        reason,
    }
}

/// The answer to a body over the size limit, which was never read.
pub fn too_large(length: u64, limit: u64) -> Value {
    json!({
        "jsonrpc": "2.0",
        "id": null,
        "error": {
            "code": INVALID_REQUEST,
            "message": format!("Invalid request: a message of {length} bytes is over the limit of {limit} bytes; it was discarded"),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code_and_id(body: &str) -> Option<(i64, Value)> {
        match classify(body.as_bytes()) {
            Verdict::Forward(_) => None,
            Verdict::Reject { response, .. } => Some((
                response["error"]["code"].as_i64().unwrap_or(0),
                response["id"].clone(),
            )),
        }
    }

    #[test]
    fn valid_messages_pass() {
        for body in [
            r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#,
            r#"{"jsonrpc":"2.0","id":"a","method":"shutdown","params":null}"#,
            r#"{"jsonrpc":"2.0","method":"exit"}"#,
            r#"{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":1}}"#,
            r#"{"jsonrpc":"2.0","id":7,"result":null}"#,
            r#"{"jsonrpc":"2.0","id":7,"error":{"code":-1,"message":"no"}}"#,
        ] {
            assert_eq!(code_and_id(body), None, "{body}");
        }
    }

    #[test]
    fn each_reproduction_gets_its_code_and_id() {
        let null = Value::Null;
        for (body, code, id) in [
            ("{ not json", PARSE_ERROR, &null),
            ("42", INVALID_REQUEST, &null),
            ("[]", INVALID_REQUEST, &null),
            (
                r#"[{"jsonrpc":"2.0","id":1,"method":"x"}]"#,
                INVALID_REQUEST,
                &null,
            ),
            (r#"{"hello":"world"}"#, INVALID_REQUEST, &null),
            (
                r#"{"jsonrpc":"1.0","id":3,"method":"x"}"#,
                INVALID_REQUEST,
                &json!(3),
            ),
            (
                r#"{"jsonrpc":"2.0","id":4,"method":42}"#,
                INVALID_REQUEST,
                &json!(4),
            ),
            (
                r#"{"jsonrpc":"2.0","id":{"a":1},"method":"x"}"#,
                INVALID_REQUEST,
                &null,
            ),
            (r#"{"jsonrpc":"2.0","id":7}"#, INVALID_REQUEST, &json!(7)),
            (
                r#"{"jsonrpc":"2.0","id":8,"method":"x","params":5}"#,
                INVALID_REQUEST,
                &json!(8),
            ),
            (
                r#"{"jsonrpc":"2.0","id":1.5,"method":"x"}"#,
                INVALID_REQUEST,
                &null,
            ),
        ] {
            assert_eq!(code_and_id(body), Some((code, id.clone())), "{body}");
        }
        assert_eq!(
            code_and_id_bytes(b"\xff\xfe{}"),
            Some((PARSE_ERROR, Value::Null))
        );
    }

    fn code_and_id_bytes(body: &[u8]) -> Option<(i64, Value)> {
        match classify(body) {
            Verdict::Forward(_) => None,
            Verdict::Reject { response, .. } => Some((
                response["error"]["code"].as_i64().unwrap_or(0),
                response["id"].clone(),
            )),
        }
    }
}
