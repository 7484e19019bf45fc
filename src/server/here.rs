//! Cheap requests answered on the thread that reads them.
//!
//! A hover or a definition takes microseconds to compute; on an idle
//! machine its round trip was mostly the time to wake each thread it
//! crossed (the reader of stdin, tower-lsp-server's loop, a blocking
//! thread, the writer of stdout). The thread that reads stdin answers
//! these itself, on a snapshot taken there, and writes the answer to
//! stdout: no other thread wakes.
//!
//! It does so only when tower-lsp-server has taken every message read
//! before ([`Sequence::all_taken`]): each edit sent before the request is
//! then applied, and the snapshot has it (the ordering rule in
//! `backend.rs`). Otherwise, and when the answer is "nothing" while the
//! first indexing runs (the folder may hold it), the request goes the
//! usual way, unchanged.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

use serde::Serialize;
use serde::de::DeserializeOwned;
use tower_lsp_server::jsonrpc::{Request, Response};

use super::detach::Sequence;
use super::handlers::request;
use super::lifecycle::Phase;
use super::snapshot::Snapshot;
use super::state::State;

/// Answers the cheap requests where they are read.
pub struct Here {
    state: Arc<State>,
    phase: Phase,
    sequence: Arc<Sequence>,
}

impl Here {
    pub fn new(state: Arc<State>, phase: Phase, sequence: Arc<Sequence>) -> Here {
        Here {
            state,
            phase,
            sequence,
        }
    }

    /// The answer to `message` (a request or notification from the
    /// client), framed body and all; `None` when it goes to
    /// tower-lsp-server, which is counted.
    pub fn answer(&self, message: Request) -> Option<Vec<u8>> {
        let answer = match message.method() {
            "textDocument/hover" if self.may_answer() => self.run(message, request::hover),
            "textDocument/definition" if self.may_answer() => {
                self.run(message, request::goto_definition)
            }
            _ => None,
        };
        if answer.is_none() {
            self.sequence.handed();
        }
        answer
    }

    /// Every message read before is taken, and the session runs. In that
    /// order: a `shutdown` or `exit` read before changes the phase before
    /// it counts as taken, so once all is taken the phase is up to date.
    fn may_answer(&self) -> bool {
        self.sequence.all_taken() && self.phase.is_running()
    }

    fn run<P, T>(&self, message: Request, handler: fn(&Snapshot, P) -> Option<T>) -> Option<Vec<u8>>
    where
        P: DeserializeOwned,
        T: Serialize,
    {
        let (_, id, params) = message.into_parts();
        let params: P = serde_json::from_value(params?).ok()?;
        let id = id?;
        let snapshot = self.state.lock().snapshot();
        let found = catch_unwind(AssertUnwindSafe(|| handler(&snapshot, params))).ok()?;
        if found.is_none() && snapshot.workspace.is_indexing() {
            return None;
        }
        let result = serde_json::to_value(found).ok()?;
        serde_json::to_vec(&Response::from_ok(id, result)).ok()
    }
}
