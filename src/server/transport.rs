//! A filter in front of tower-lsp-server's reader.
//!
//! tower-lsp-server stops reading for good after the first message it
//! cannot decode (its framed reader ends the stream after an error), so
//! one malformed message from a client would end the server. This filter
//! reads the `Content-Length` frames itself and passes on only well-formed
//! JSON-RPC messages, re-framed with a single `Content-Length` header; it
//! logs and drops anything else: bodies that are not JSON or not JSON-RPC,
//! header blocks without a length, over-long header lines.

use serde_json::Value;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tower_lsp_server::jsonrpc::{Request, Response};

use super::log;

/// No header line of a real client is this long.
const MAX_HEADER_LINE: u64 = 8 * 1024;

/// Copies the well-formed messages of `input` to `output`, until `input`
/// ends or `output` is closed.
pub async fn filter<R, W>(input: R, mut output: W)
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut reader = BufReader::new(input);
    loop {
        let body = match read_frame(&mut reader).await {
            Ok(Some(body)) => body,
            Ok(None) => return,
            Err(error) => {
                log!("reading stdin failed: {error}");
                return;
            }
        };
        if let Err(problem) = check(&body) {
            log!("ignoring a message from the client: {problem}");
            continue;
        }
        let header = format!("Content-Length: {}\r\n\r\n", body.len());
        let written = async {
            output.write_all(header.as_bytes()).await?;
            output.write_all(&body).await?;
            output.flush().await
        };
        if written.await.is_err() {
            return;
        }
    }
}

/// The body of the next frame; `None` at the end of the input. Header
/// blocks without a usable `Content-Length` are skipped.
async fn read_frame<R: AsyncRead + Unpin>(
    reader: &mut BufReader<R>,
) -> std::io::Result<Option<Vec<u8>>> {
    loop {
        let mut length: Option<u64> = None;
        let mut saw_header = false;
        loop {
            let mut line = Vec::new();
            let read = (&mut *reader)
                .take(MAX_HEADER_LINE)
                .read_until(b'\n', &mut line)
                .await?;
            if read == 0 {
                return Ok(None);
            }
            if !line.ends_with(b"\n") && read as u64 == MAX_HEADER_LINE {
                log!("ignoring a header line longer than {MAX_HEADER_LINE} bytes");
                skip_line(reader).await?;
                continue;
            }
            let line = String::from_utf8_lossy(&line);
            let line = line.trim_end_matches(['\r', '\n']);
            if line.is_empty() {
                if saw_header {
                    break;
                }
                continue;
            }
            saw_header = true;
            if let Some((name, value)) = line.split_once(':')
                && name.trim().eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse().ok();
            }
        }
        let Some(length) = length else {
            log!("ignoring a header block without a valid Content-Length");
            continue;
        };
        let mut body = Vec::new();
        (&mut *reader).take(length).read_to_end(&mut body).await?;
        if (body.len() as u64) < length {
            return Ok(None);
        }
        return Ok(Some(body));
    }
}

/// Reads up to and including the next line break.
async fn skip_line<R: AsyncRead + Unpin>(reader: &mut BufReader<R>) -> std::io::Result<()> {
    loop {
        let buffer = reader.fill_buf().await?;
        if buffer.is_empty() {
            return Ok(());
        }
        match buffer.iter().position(|&b| b == b'\n') {
            Some(i) => {
                reader.consume(i + 1);
                return Ok(());
            }
            None => {
                let n = buffer.len();
                reader.consume(n);
            }
        }
    }
}

/// `Ok` when tower-lsp-server will accept `body`: a JSON-RPC request,
/// notification or response.
fn check(body: &[u8]) -> Result<(), String> {
    let value: Value = serde_json::from_slice(body).map_err(|e| format!("not JSON ({e})"))?;
    let is_message = serde_json::from_value::<Response>(value.clone()).is_ok()
        || serde_json::from_value::<Request>(value).is_ok();
    if is_message {
        Ok(())
    } else {
        Err("not a JSON-RPC message".to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn run(input: &[u8]) -> String {
        let mut output = Vec::new();
        filter(input, &mut output).await;
        String::from_utf8(output).unwrap()
    }

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[tokio::test]
    async fn passes_messages_and_drops_garbage() {
        let ok1 = r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#;
        let ok2 = r#"{"jsonrpc":"2.0","method":"exit"}"#;
        let ok3 = r#"{"jsonrpc":"2.0","id":7,"result":null}"#;
        let input = [
            frame(ok1),
            frame("{ not json"),
            frame(r#"{"hello":"world"}"#),
            frame("[1, 2]"),
            "X-Other: 1\r\n\r\n".to_string(),
            // Lower case, extra headers, a charset: all fine.
            format!(
                "content-length: {}\r\nContent-Type: application/vscode-jsonrpc; charset=utf-16\r\nX-A: 1\r\n\r\n{ok2}",
                ok2.len()
            ),
            "Content-Length: nope\r\n\r\n".to_string(),
            frame("\u{feff}\u{0}\u{ff}"),
            frame(ok3),
        ]
        .concat();
        assert_eq!(
            run(input.as_bytes()).await,
            [frame(ok1), frame(ok2), frame(ok3)].concat()
        );
    }

    #[tokio::test]
    async fn invalid_utf8_and_truncated_input() {
        let mut input = b"Content-Length: 3\r\n\r\n\xff\xfe\xfd".to_vec();
        input.extend_from_slice(frame(r#"{"jsonrpc":"2.0","method":"exit"}"#).as_bytes());
        input.extend_from_slice(b"Content-Length: 100\r\n\r\n{\"jsonrpc\"");
        assert_eq!(
            run(&input).await,
            frame(r#"{"jsonrpc":"2.0","method":"exit"}"#)
        );
    }

    #[tokio::test]
    async fn long_header_lines_are_skipped() {
        let mut input = vec![b'x'; 3 * MAX_HEADER_LINE as usize];
        input.extend_from_slice(b"\r\n\r\n");
        let ok = r#"{"jsonrpc":"2.0","method":"exit"}"#;
        input.extend_from_slice(frame(ok).as_bytes());
        assert_eq!(run(&input).await, frame(ok));
    }
}
