//! What the server does for each LSP message, called from the
//! `LanguageServer` wiring in `backend.rs`:
//!
//! - [`request`]: one function per request, `(&Snapshot, params) ->
//!   response`, each in three steps: the params into plain data
//!   (`from_proto`, through the snapshot's lookups), one `ide` entry point,
//!   the result into LSP (`to_proto`);
//! - [`notification`]: one function per notification, each applying its
//!   change to the host synchronously (the ordering rule in `backend.rs`);
//! - [`session`]: `initialize`, `initialized` and the client's settings.

pub mod notification;
pub mod request;
pub mod session;
pub mod wikidata;

use std::path::PathBuf;

use tower_lsp_server::ls_types::Uri;

use super::convert::from_proto;
use super::log;
use crate::workspace;

/// The path of a `file:` URI; `None` and a log line for anything else.
pub fn local_path(uri: &Uri, what: &str) -> Option<PathBuf> {
    let path = from_proto::uri_to_path(uri);
    if path.is_none() {
        log!(
            "{what}: ignoring {}, which is not a local file",
            uri.as_str()
        );
    }
    path
}

/// The path of a document: a `*.news.md` file. Some editors (Helix, Eglot
/// in markdown-mode) send every Markdown file to the server; the others
/// are left alone, with a log line when they are opened only, not on every
/// keystroke or hover.
pub fn document_path(uri: &Uri, what: &str) -> Option<PathBuf> {
    let path = local_path(uri, what)?;
    if workspace::is_news_file(&path) {
        return Some(path);
    }
    if what == "didOpen" {
        log!(
            "{what}: ignoring {}, which is not a *.news.md document",
            uri.as_str()
        );
    }
    None
}
