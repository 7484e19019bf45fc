//! Where the server's log lines go.
//!
//! Informational lines ([`log!`](super::log)) go to the client as
//! `window/logMessage` of type Info, and to stderr only under
//! `NEWSLS_LOG=debug`: editors file every stderr line as an error (Neovim
//! writes them to `lsp.log` under `[ERROR]`). What is wrong
//! ([`log_warning!`](super::log_warning), [`log_error!`](super::log_error))
//! goes to both, as a Warning or an Error.

use std::io::Write;
use std::sync::{LazyLock, OnceLock};

use tokio::sync::mpsc;
use tower_lsp_server::Client;
use tower_lsp_server::ls_types::MessageType;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Error,
    Warning,
    Info,
}

/// The lines waiting to be sent to the client, in order.
static TO_CLIENT: OnceLock<mpsc::UnboundedSender<(Level, String)>> = OnceLock::new();

/// `NEWSLS_LOG=debug`: every line on stderr too.
static DEBUG: LazyLock<bool> =
    LazyLock::new(|| std::env::var("NEWSLS_LOG").is_ok_and(|v| v.eq_ignore_ascii_case("debug")));

/// Sends the log lines to `client` from now on, from a task of their own
/// (a line logged under the host lock never waits for the client).
pub fn connect(client: Client) {
    let (sender, mut lines) = mpsc::unbounded_channel::<(Level, String)>();
    if TO_CLIENT.set(sender).is_err() {
        return;
    }
    tokio::spawn(async move {
        while let Some((level, text)) = lines.recv().await {
            let typ = match level {
                Level::Error => MessageType::ERROR,
                Level::Warning => MessageType::WARNING,
                Level::Info => MessageType::INFO,
            };
            client.log_message(typ, text).await;
        }
    });
}

/// Writes one line where its level says; never fails, even if stderr is
/// closed or no client is connected.
pub fn line(level: Level, args: std::fmt::Arguments<'_>) {
    let text = args.to_string();
    if level != Level::Info || *DEBUG {
        let _ = writeln!(std::io::stderr().lock(), "newsls: {text}");
    }
    if let Some(client) = TO_CLIENT.get() {
        let _ = client.send((level, text));
    }
}
