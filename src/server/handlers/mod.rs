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
