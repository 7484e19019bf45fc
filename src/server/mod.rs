//! The LSP server: speaks LSP over stdio and runs the `ide` features on
//! workspace snapshots.
//!
//! - [`convert`]: every conversion between LSP and the analysis (URIs,
//!   positions, edits, diagnostics);
//! - [`host`]: the shared state (workspace, open documents, encoding);
//! - `backend`: the handlers, and how they keep edits and requests in
//!   order;
//! - `diagnostics`: the worker that publishes diagnostics;
//! - `transport`: keeps malformed messages away from tower-lsp-server.
//!
//! Logs go to stderr; stdout carries only the protocol.

mod backend;
mod config;
pub mod convert;
mod diagnostics;
pub mod host;
mod transport;

use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tower_lsp_server::{LspService, Server};

/// Writes one line to stderr; never fails, even if stderr is closed.
macro_rules! log {
    ($($arg:tt)*) => {
        $crate::server::log_line(format_args!($($arg)*))
    };
}
pub(crate) use log;

#[doc(hidden)]
pub fn log_line(args: std::fmt::Arguments<'_>) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr().lock(), "newsls: {args}");
}

/// Serves LSP on stdin/stdout until `exit`. The exit status is 0 when a
/// `shutdown` came first, else 1, as the specification says.
pub fn run_stdio() -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            log!("cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    let shut_down = Arc::new(AtomicBool::new(false));
    let flag = shut_down.clone();
    runtime.block_on(async move {
        let shared = Arc::new(host::Shared::default());
        let (service, socket) = LspService::new(|client| {
            tokio::spawn(diagnostics::run(shared.clone(), client.clone()));
            backend::Backend::new(client, shared, flag)
        });
        // Only well-formed messages reach tower-lsp-server, which would stop
        // reading at the first malformed one.
        let (input, filtered) = tokio::io::duplex(64 * 1024);
        tokio::spawn(transport::filter(tokio::io::stdin(), filtered));
        Server::new(input, tokio::io::stdout(), socket)
            .serve(service)
            .await;
    });
    // Do not wait for the stdin reader (blocked on a read the client may
    // never end) nor for the diagnostics worker.
    runtime.shutdown_background();
    if shut_down.load(Ordering::SeqCst) {
        ExitCode::SUCCESS
    } else {
        log!("exiting without a shutdown request");
        ExitCode::FAILURE
    }
}
