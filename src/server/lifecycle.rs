//! The LSP lifecycle rules tower-lsp-server does not keep, as a tower
//! layer around its service.
//!
//! tower-lsp-server answers its own methods according to the lifecycle
//! (-32002 before `initialize`, -32600 after `shutdown`), but an unknown
//! method gets -32601 in every state, and it drops the -32601 of any
//! request whose method starts with `$/`, so a client waits forever. Here:
//!
//! - any request before a successful `initialize` gets -32002, unknown
//!   methods included;
//! - any request after `shutdown` gets -32600;
//! - a `$/` request gets -32601 (`$/` notifications are ignored, as
//!   before).
//!
//! Notifications pass unchanged (tower-lsp-server drops those before
//! `initialize`, except `exit`).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU8, Ordering};
use std::task::{Context, Poll};

use tower_lsp_server::jsonrpc::{Error, ErrorCode, Id, Request, Response};
use tower_service::Service;

const UNINITIALIZED: u8 = 0;
const INITIALIZED: u8 = 1;
const SHUT_DOWN: u8 = 2;
const EXITED: u8 = 3;

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

/// `inner`, answering requests the lifecycle forbids itself.
pub struct Lifecycle<S> {
    inner: S,
    state: Arc<AtomicU8>,
}

impl<S> Lifecycle<S> {
    pub fn new(inner: S) -> Self {
        Lifecycle {
            inner,
            state: Arc::new(AtomicU8::new(UNINITIALIZED)),
        }
    }

    /// Where the session is, for those who answer requests elsewhere.
    pub fn phase(&self) -> Phase {
        Phase(self.state.clone())
    }
}

/// Where the session is in its lifecycle.
#[derive(Clone)]
pub struct Phase(Arc<AtomicU8>);

impl Phase {
    /// `true` between a successful `initialize` and `shutdown` (or
    /// `exit`): requests are answered. Set when the message is handed to
    /// the service, before it counts as taken (`detach::Sequence`).
    pub fn is_running(&self) -> bool {
        self.0.load(Ordering::SeqCst) == INITIALIZED
    }
}

fn error(id: Id, code: i64, message: &'static str) -> Response {
    let mut error = Error::new(ErrorCode::from(code));
    error.message = message.into();
    Response::from_error(id, error)
}

impl<S> Service<Request> for Lifecycle<S>
where
    S: Service<Request, Response = Option<Response>>,
    S::Future: Send + 'static,
    S::Error: Send + 'static,
{
    type Response = Option<Response>;
    type Error = S::Error;
    type Future = BoxFuture<Result<Option<Response>, S::Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        let Some(id) = request.id().cloned() else {
            if request.method() == "exit" {
                // Nothing is answered after `exit`, even without a shutdown.
                self.state.store(EXITED, Ordering::SeqCst);
            }
            return Box::pin(self.inner.call(request));
        };
        let state = self.state.load(Ordering::SeqCst);
        let method = request.method();
        let refusal = if method == "initialize" {
            None
        } else if state == UNINITIALIZED {
            Some(error(id, -32002, "Server not initialized"))
        } else if state >= SHUT_DOWN {
            Some(error(
                id,
                -32600,
                "Invalid request: the server is shut down",
            ))
        } else if method.starts_with("$/") {
            Some(error(id, -32601, "Method not found"))
        } else {
            None
        };
        if let Some(response) = refusal {
            return Box::pin(std::future::ready(Ok(Some(response))));
        }
        let is_initialize = method == "initialize" && state == UNINITIALIZED;
        if method == "shutdown" {
            self.state.store(SHUT_DOWN, Ordering::SeqCst);
        }
        let future = self.inner.call(request);
        let shared = self.state.clone();
        Box::pin(async move {
            let response = future.await?;
            if is_initialize && response.as_ref().is_some_and(Response::is_ok) {
                // Only the first success counts; a `shutdown` cannot come
                // in between, being refused until now.
                let _ = shared.compare_exchange(
                    UNINITIALIZED,
                    INITIALIZED,
                    Ordering::SeqCst,
                    Ordering::SeqCst,
                );
            }
            Ok(response)
        })
    }
}
