//! Requests leave tower-lsp-server's message loop at their first `.await`,
//! as a tower layer around its service.
//!
//! tower-lsp-server polls at most four message futures at once
//! (`Server::concurrency_level`), notifications included. A request that
//! waits (for the first indexing, for a change worth a workspace report, or
//! only for its blocking thread) would hold one of those four slots while
//! it waits, and four such requests would hold up every later message,
//! edits included, until the first of them is answered. Editors send
//! several on opening a document (code lenses, semantic tokens, symbols,
//! the workspace pull).
//!
//! Here each request's future is polled once where tower-lsp-server polls
//! it, in arrival order, so it takes its snapshot in order (the ordering
//! rule in `backend.rs`). If it is not done by then, it goes on in a task
//! of its own, which writes its response itself; its slot is free at once,
//! whatever the number of requests waiting. Cancelling still works:
//! tower-lsp-server's cancellation lives inside the future that goes on.
//!
//! `initialize` stays in the loop: tower-lsp-server reads no further
//! message until it is answered, and would not be woken by another task.
//!
//! Each message's first poll, notifications' too, is counted
//! ([`Sequence`]): when every message handed to tower-lsp-server has been
//! taken, a request read now sees every change sent before it (see
//! `super::here`, which answers hover and definition on the thread that
//! reads stdin only then).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};

use tokio::io::AsyncWrite;
use tower_lsp_server::jsonrpc::{Request, Response};
use tower_service::Service;

use super::log_error;
use super::transport::{self, Output};

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

/// `inner`, whose requests that must wait answer from a task of their own
/// on `output`.
pub struct Detach<S, W> {
    inner: S,
    output: Output<W>,
    sequence: Arc<Sequence>,
}

impl<S, W> Detach<S, W> {
    pub fn new(inner: S, output: Output<W>, sequence: Arc<Sequence>) -> Self {
        Detach {
            inner,
            output,
            sequence,
        }
    }
}

/// Counts the messages handed to tower-lsp-server and those it has taken:
/// polled once, so a notification's change is applied and a request's
/// snapshot taken.
#[derive(Default)]
pub struct Sequence {
    handed: AtomicU64,
    taken: AtomicU64,
}

impl Sequence {
    /// One more message is on its way to tower-lsp-server.
    pub fn handed(&self) {
        self.handed.fetch_add(1, Ordering::SeqCst);
    }

    fn taken(&self) {
        self.taken.fetch_add(1, Ordering::SeqCst);
    }

    /// `true` when no message handed over is still on its way.
    pub fn all_taken(&self) -> bool {
        self.taken.load(Ordering::SeqCst) == self.handed.load(Ordering::SeqCst)
    }
}

impl<S, W> Service<Request> for Detach<S, W>
where
    S: Service<Request, Response = Option<Response>>,
    S::Future: Unpin + Send + 'static,
    S::Error: Send + 'static,
    W: AsyncWrite + Unpin + Send + 'static,
{
    type Response = Option<Response>;
    type Error = S::Error;
    type Future = BoxFuture<Result<Option<Response>, S::Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        // Notifications (applied at their first poll) and `initialize`
        // stay; each message is counted as taken all the same.
        let stays = request.id().is_none() || request.method() == "initialize";
        let mut future = self.inner.call(request);
        let output = self.output.clone();
        let sequence = self.sequence.clone();
        Box::pin(async move {
            let first = std::future::poll_fn(|cx| Poll::Ready(Pin::new(&mut future).poll(cx)));
            let first = first.await;
            sequence.taken();
            match first {
                Poll::Ready(response) => response,
                Poll::Pending if stays => future.await,
                Poll::Pending => {
                    tokio::spawn(answer_later(future, output));
                    Ok(None)
                }
            }
        })
    }
}

/// Waits for `future`, then writes its response to the client.
async fn answer_later<F, E, W>(future: F, output: Output<W>)
where
    F: Future<Output = Result<Option<Response>, E>>,
    W: AsyncWrite + Unpin,
{
    let Ok(Some(response)) = future.await else {
        return;
    };
    let body = match serde_json::to_vec(&response) {
        Ok(body) => body,
        Err(error) => {
            log_error!("cannot write a response: {error}");
            return;
        }
    };
    // The client is gone when this fails; the server ends with its input.
    let _ = transport::send(&output, &body).await;
}
