//! The LSP server: speaks LSP over stdio and runs the `ide` features on
//! workspace snapshots.
//!
//! - `backend`: the `LanguageServer` wiring, and how it keeps edits and
//!   requests in order;
//! - `handlers`: what each request and notification does;
//! - `capabilities`: every decision taken from the client's capabilities;
//! - [`convert`]: every conversion between LSP and the analysis, by
//!   direction (`from_proto`, `to_proto`);
//! - [`state`]: the server's state, in rooms (open documents, the
//!   diagnostics schedule, settings, changes for pulls) behind the host,
//!   through which every change goes;
//! - `snapshot`: what a request reads, and its lookups (document, position);
//! - `indexing`: reading folders into the workspace;
//! - `diagnostics`: the worker that publishes diagnostics;
//! - `pull`: diagnostics for clients that pull them, the report of every
//!   document included;
//! - `refresh`: asks the client again for views a setting changed;
//! - `tokens_cache`: the semantic tokens last sent, for deltas;
//! - [`transport`]: between stdio and tower-lsp-server: frames, answers
//!   malformed messages, resynchronises;
//! - [`lsp_ext`]: newsls's own requests (`newsls/dossier`), their params
//!   and results;
//! - `lifecycle`: the answers the LSP lifecycle requires that
//!   tower-lsp-server does not give;
//! - `detach`: requests leave tower-lsp-server's loop at their first
//!   `.await`, so no number of waiting requests holds up the messages
//!   after them;
//! - `here`: hover and definition answered on the thread that reads them;
//! - `background`: the server's own work (the cache written, folders
//!   watched) on a thread of lower priority.
//!
//! Logs go to the client (`window/logMessage`), and to stderr only what is
//! wrong (or everything under `NEWSLS_LOG=debug`); stdout carries only the
//! protocol.

mod backend;
mod background;
pub mod capabilities;
mod config;
pub mod convert;
mod detach;
mod diagnostics;
mod handlers;
mod here;
mod indexing;
/// `/` and the home folder, never indexed (`newsls mcp` refuses them too).
pub use indexing::too_wide;
mod lifecycle;
pub mod logging;
pub mod lsp_ext;
mod pull;
mod refresh;
mod snapshot;
pub mod state;
mod tokens_cache;
pub mod transport;
mod watcher;

use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tower_lsp_server::{LspService, Server};

/// An informational line: to the client (`window/logMessage`, Info), and
/// to stderr under `NEWSLS_LOG=debug` (see [`logging`]).
macro_rules! log {
    ($($arg:tt)*) => {
        $crate::server::logging::line($crate::server::logging::Level::Info, format_args!($($arg)*))
    };
}
pub(crate) use log;

/// Something wrong that the server works around: to the client as a
/// Warning, and to stderr.
macro_rules! log_warning {
    ($($arg:tt)*) => {
        $crate::server::logging::line($crate::server::logging::Level::Warning, format_args!($($arg)*))
    };
}
pub(crate) use log_warning;

/// A failure: to the client as an Error, and to stderr.
macro_rules! log_error {
    ($($arg:tt)*) => {
        $crate::server::logging::line($crate::server::logging::Level::Error, format_args!($($arg)*))
    };
}
pub(crate) use log_error;

/// Serves LSP on stdin/stdout until `exit`. The exit status is 0 when a
/// `shutdown` came first, else 1, as the specification says.
pub fn run_stdio() -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            log_error!("cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    let shut_down = Arc::new(AtomicBool::new(false));
    let flag = shut_down.clone();
    let handle = runtime.handle().clone();
    runtime.block_on(async move {
        let state = Arc::new(state::State::default());
        let backend_state = state.clone();
        let (service, socket) = LspService::build(|client| {
            logging::connect(client.clone());
            tokio::spawn(diagnostics::run(backend_state.clone(), client.clone()));
            backend::Backend::new(client, backend_state, flag)
        })
        .custom_method(lsp_ext::DOSSIER, backend::Backend::dossier)
        .finish();
        // Only valid messages reach tower-lsp-server, which would stop
        // reading at the first malformed one; the transport answers the
        // others itself, on the same stdout. Frames are written by the
        // thread that sends them, with blocking writes.
        let stdout = Arc::new(tokio::sync::Mutex::new(transport::BlockingWriter(
            std::io::stdout(),
        )));
        let (server_input, filtered) = tokio::io::duplex(64 * 1024);
        let (server_output, relayed) = tokio::io::duplex(64 * 1024);
        let service = lifecycle::Lifecycle::new(service);
        let sequence = Arc::new(detach::Sequence::default());
        let here = here::Here::new(state, service.phase(), sequence.clone());
        // One thread reads stdin with blocking reads, and answers the
        // cheap requests itself (see `here`).
        let client = stdout.clone();
        let reader = std::thread::Builder::new()
            .name("newsls-stdin".to_string())
            .spawn(move || {
                let input = transport::BlockingReader(std::io::stdin());
                let filter = transport::filter(input, filtered, client, |m| here.answer(m));
                handle.block_on(filter);
            });
        if let Err(error) = reader {
            log_error!("cannot start the thread that reads stdin: {error}");
            return;
        }
        let relay = tokio::spawn(transport::relay(relayed, stdout.clone()));
        Server::new(server_input, server_output, socket)
            .serve(detach::Detach::new(service, stdout, sequence))
            .await;
        // `serve` has dropped its end: the relay ends once it has written
        // every last message.
        let _ = relay.await;
    });
    // Do not wait for the stdin reader (blocked on a read the client may
    // never end) nor for the diagnostics worker.
    runtime.shutdown_background();
    if shut_down.load(Ordering::SeqCst) {
        ExitCode::SUCCESS
    } else {
        log_warning!("exiting without a shutdown request");
        ExitCode::FAILURE
    }
}
