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
//!   answers and the server's own messages never interleave mid-frame;
//! - [`BlockingReader`] and [`BlockingWriter`]: stdin read by one thread
//!   of its own, and each frame written to stdout by the thread that has
//!   it, with plain blocking calls: no thread woken to do it.
//!
//! [`filter`] offers each request and notification to a function first
//! (`server::here`), which may answer it on the spot.

pub mod framing;
pub mod message;

use std::sync::Arc;

use std::pin::Pin;
use std::task::{Context, Poll};

use serde_json::Value;
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::sync::Mutex;
use tower_lsp_server::jsonrpc::Request;

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
/// on `client`, until `input` ends or an output is closed. Each request
/// and notification goes to `here` first, which may answer it itself
/// (its answer is written to `client`, and the message goes no further).
pub async fn filter<R, S, W>(
    input: R,
    server: S,
    client: Output<W>,
    here: impl FnMut(Request) -> Option<Vec<u8>>,
) where
    R: AsyncRead + Unpin,
    S: AsyncWrite + Unpin,
    W: AsyncWrite + Unpin,
{
    let limits = (framing::MAX_HEADER_LINE, framing::MAX_BODY);
    filter_within(input, server, client, limits, here).await;
}

/// [`filter`] with its limits on header lines and bodies, and nothing
/// answered before tower-lsp-server.
pub async fn filter_with<R, S, W>(
    input: R,
    server: S,
    client: Output<W>,
    max_header_line: usize,
    max_body: u64,
) where
    R: AsyncRead + Unpin,
    S: AsyncWrite + Unpin,
    W: AsyncWrite + Unpin,
{
    let limits = (max_header_line, max_body);
    filter_within(input, server, client, limits, |_| None).await;
}

async fn filter_within<R, S, W>(
    input: R,
    mut server: S,
    client: Output<W>,
    (max_header_line, max_body): (usize, u64),
    mut here: impl FnMut(Request) -> Option<Vec<u8>>,
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
        let request = match message::classify(&body) {
            Verdict::Forward(request) => request,
            Verdict::Reject { response, reason } => {
                log_warning!("rejecting a message from the client: {reason}");
                if !answer(&client, &response).await {
                    return;
                }
                continue;
            }
        };
        if let Some(answered) = request.and_then(&mut here) {
            if send(&client, &answered).await.is_err() {
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

/// Blocking reads behind the async interface, for a thread that does
/// nothing else: each read wakes no other thread.
pub struct BlockingReader<R>(pub R);

impl<R: std::io::Read + Unpin> AsyncRead for BlockingReader<R> {
    fn poll_read(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let reader = &mut self.get_mut().0;
        loop {
            match reader.read(buf.initialize_unfilled()) {
                Ok(read) => {
                    buf.advance(read);
                    return Poll::Ready(Ok(()));
                }
                Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
                Err(error) => return Poll::Ready(Err(error)),
            }
        }
    }
}

/// Blocking writes behind the async interface: a frame is written by the
/// thread that sends it, instead of waking a thread of the blocking pool
/// for each write. A pipe takes a frame at once unless the client stops
/// reading, when nothing can be said to it anyway.
pub struct BlockingWriter<W>(pub W);

impl<W: std::io::Write + Unpin> AsyncWrite for BlockingWriter<W> {
    fn poll_write(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Poll::Ready(self.get_mut().0.write(buf))
    }

    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(self.get_mut().0.flush())
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        self.poll_flush(cx)
    }
}

#[cfg(test)]
mod tests;
