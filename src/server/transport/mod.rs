//! The transport between the client's stdio and tower-lsp-server.
//!
//! tower-lsp-server stops reading for good after the first message it
//! cannot decode (its framed reader ends the stream after an error), so
//! one malformed message would silence the server. Instead:
//!
//! - [`filter`] reads the client's frames itself ([`framing`]),
//!   resynchronising after any malformed one, and passes on only valid
//!   JSON-RPC messages, re-framed. What is not valid gets the answer
//!   JSON-RPC requires ([`message`]): -32700 for a body that is not JSON
//!   or not UTF-8, -32600 for anything else (a batch, a wrong `jsonrpc`,
//!   a missing or mistyped member, a body over the size limit), with the
//!   message's id when it can be read and `null` otherwise;
//! - [`relay`] copies tower-lsp-server's frames to stdout, so that those
//!   answers and the server's own messages never interleave mid-frame.

pub mod framing;
pub mod message;

use std::sync::Arc;

use serde_json::Value;
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt};
use tokio::sync::Mutex;

use self::framing::{Frame, FrameReader};
use self::message::Verdict;
use super::{log_error, log_warning};

/// The client's end of the conversation (stdout), shared by the relay and
/// the filter's error answers; a frame is written whole under the lock.
pub type Output<W> = Arc<Mutex<W>>;

/// Writes `body` to `output` as one frame, and flushes it: the one place
/// a frame header is written.
async fn write_frame<W: AsyncWrite + Unpin>(output: &mut W, body: &[u8]) -> std::io::Result<()> {
    let header = format!("Content-Length: {}\r\n\r\n", body.len());
    output.write_all(header.as_bytes()).await?;
    output.write_all(body).await?;
    output.flush().await
}

/// Sends `body` to the client as one frame, written whole under the lock.
pub async fn send<W: AsyncWrite + Unpin>(output: &Mutex<W>, body: &[u8]) -> std::io::Result<()> {
    write_frame(&mut *output.lock().await, body).await
}

async fn answer<W: AsyncWrite + Unpin>(output: &Mutex<W>, response: &Value) -> bool {
    send(output, response.to_string().as_bytes()).await.is_ok()
}

/// Copies the valid messages of `input` to `server`, answering the others
/// on `client`, until `input` ends or an output is closed.
pub async fn filter<R, S, W>(input: R, server: S, client: Output<W>)
where
    R: AsyncRead + Unpin,
    S: AsyncWrite + Unpin,
    W: AsyncWrite + Unpin,
{
    filter_with(
        input,
        server,
        client,
        framing::MAX_HEADER_LINE,
        framing::MAX_BODY,
    )
    .await;
}

/// [`filter`] with its limits on header lines and bodies.
pub async fn filter_with<R, S, W>(
    input: R,
    mut server: S,
    client: Output<W>,
    max_header_line: usize,
    max_body: u64,
) where
    R: AsyncRead + Unpin,
    S: AsyncWrite + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut reader = FrameReader::with_limits(input, max_header_line, max_body);
    loop {
        let frame = match reader.next_frame().await {
            Ok(Some(frame)) => frame,
            Ok(None) => return,
            Err(error) => {
                log_error!("reading stdin failed: {error}");
                return;
            }
        };
        let body = match frame {
            Frame::Body(body) => body,
            Frame::TooLarge(length) => {
                if !answer(&client, &message::too_large(length, max_body)).await {
                    return;
                }
                continue;
            }
        };
        if let Verdict::Reject { response, reason } = message::classify(&body) {
            log_warning!("rejecting a message from the client: {reason}");
            if !answer(&client, &response).await {
                return;
            }
            continue;
        }
        if write_frame(&mut server, &body).await.is_err() {
            return;
        }
    }
}

/// Copies the server's frames from `server` to `client` until `server`
/// ends.
pub async fn relay<R, W>(server: R, client: Output<W>)
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    // The server's own frames are small and well formed; no limit applies.
    let mut reader = FrameReader::with_limits(server, framing::MAX_HEADER_LINE, u64::MAX);
    while let Ok(Some(Frame::Body(body))) = reader.next_frame().await {
        if send(&client, &body).await.is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests;
