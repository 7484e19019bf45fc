//! The server's state, in rooms of their own:
//!
//! - [`State`] (here): what handlers and the server's tasks share: the
//!   [`Host`] behind its mutex, and the signals between them (the
//!   diagnostics worker's wake-up, the stages of the first indexing
//!   ([`Stage`]), changes for held workspace pulls, the folders for the
//!   server's own watcher);
//! - [`Host`] (`host.rs`): the state behind the mutex, through which every
//!   change goes: the workspace and the rooms below, and a [`Snapshot`]
//!   of it all for each request;
//! - `open.rs`: the documents open in the editor, and how their edits
//!   become text;
//! - `schedule.rs`: which open documents' diagnostics to compute next;
//! - `settings.rs`: where the settings come from, and the settings in
//!   force;
//! - `pulls.rs`: what changed since the last report of every document, for
//!   a client that pulls diagnostics.
//!
//! Handlers lock the host for short synchronous steps only, never across
//! an `.await`.
//!
//! [`Snapshot`]: super::snapshot::Snapshot

mod host;
mod open;
mod pulls;
mod schedule;
mod settings;
#[cfg(test)]
mod tests;

use std::sync::{Mutex, MutexGuard, PoisonError};

use tokio::sync::{Notify, watch};

pub use host::Host;
pub use open::OpenDocument;
pub use pulls::Changes;
pub use schedule::{Batch, Job};
pub use settings::SettingsState;

use crate::workspace::Workspace;

/// How far the first reading of the folders is: what requests that need
/// other documents than their own may be answered from.
#[derive(Clone)]
pub enum Stage {
    /// Being read: the workspace holds only what the editor opened or
    /// changed.
    Reading,
    /// Read from the index cache as far as every document that defines
    /// something (this workspace of those alone), the others not yet:
    /// where every id is defined, and every name, is known, nothing else.
    Definitions(Box<Workspace>),
    /// Read.
    Indexed,
}

/// What handlers and the server's tasks share: the host, and the signals
/// between them.
pub struct State {
    host: Mutex<Host>,
    /// Wakes the diagnostics worker when the host marked documents.
    diagnostics_wanted: Notify,
    /// How far the first reading of the folders is.
    stage: watch::Sender<Stage>,
    /// Held while the folders are read again after a change of settings,
    /// so such readings apply one after the other.
    reindexing: tokio::sync::Mutex<()>,
    /// Counts changes: a report of every document's diagnostics that has
    /// nothing new waits for it to move (see `super::pull`).
    changes: watch::Sender<u64>,
    /// Wakes the server's own watcher, when it runs, to watch the folders
    /// indexed now.
    roots_changed: Notify,
}

impl Default for State {
    fn default() -> Self {
        State {
            host: Mutex::default(),
            diagnostics_wanted: Notify::new(),
            stage: watch::Sender::new(Stage::Indexed),
            reindexing: tokio::sync::Mutex::new(()),
            changes: watch::Sender::new(0),
            roots_changed: Notify::new(),
        }
    }
}

impl State {
    /// Locks the host. A panic elsewhere while it was locked leaves it
    /// usable: every change to it is applied whole or not at all.
    pub fn lock(&self) -> MutexGuard<'_, Host> {
        self.host.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Says whether the first reading of the folders is done; requests
    /// that need the whole folder wait for it with [`State::indexed`].
    pub fn set_indexed(&self, indexed: bool) {
        self.stage.send_replace(if indexed {
            Stage::Indexed
        } else {
            Stage::Reading
        });
    }

    /// Every document that defines something is read, in `definers` (a
    /// workspace of those documents alone), the others not yet: requests
    /// that need only definitions go on ([`State::definitions`]).
    pub fn set_definitions_known(&self, definers: Workspace) {
        self.stage
            .send_replace(Stage::Definitions(Box::new(definers)));
    }

    /// Returns once the folders have been read.
    pub async fn indexed(&self) {
        let mut stage = self.stage.subscribe();
        // The sender lives in `self`, so this cannot fail.
        let _ = stage.wait_for(|s| matches!(s, Stage::Indexed)).await;
    }

    /// Returns once every definition is known: the workspace of the
    /// documents that define something while the others are read, `None`
    /// once the folders are read.
    pub async fn definitions(&self) -> Option<Workspace> {
        let mut stage = self.stage.subscribe();
        let reached = stage
            .wait_for(|s| !matches!(s, Stage::Reading))
            .await
            .ok()?;
        match &*reached {
            Stage::Definitions(definers) => Some((**definers).clone()),
            Stage::Reading | Stage::Indexed => None,
        }
    }

    /// Waits for the readings of the folders before this one to end; the
    /// reading goes on while the guard is held.
    pub async fn one_reading_at_a_time(&self) -> tokio::sync::MutexGuard<'_, ()> {
        self.reindexing.lock().await
    }

    /// The folders indexed changed: the server's own watcher, if it runs,
    /// follows (see `super::watcher`).
    pub fn roots_changed(&self) {
        self.roots_changed.notify_one();
    }

    /// Returns once the folders indexed changed since the last call.
    pub async fn roots_change(&self) {
        self.roots_changed.notified().await;
    }

    /// Counts a change, for reports of every document that wait for one.
    pub fn count_change(&self) {
        self.changes.send_modify(|n| *n = n.wrapping_add(1));
    }

    /// Follows the count of changes.
    pub fn watch_changes(&self) -> watch::Receiver<u64> {
        self.changes.subscribe()
    }

    /// Wakes the diagnostics worker after a change marked documents, and
    /// any report of every document waiting for a change.
    pub fn wake_diagnostics(&self) {
        self.diagnostics_wanted.notify_one();
        self.count_change();
    }

    /// Returns once diagnostics are wanted again (the diagnostics worker's
    /// one wait).
    pub async fn diagnostics_wanted(&self) {
        self.diagnostics_wanted.notified().await;
    }

    /// Asks the diagnostics worker for another pass without counting a
    /// change: it left marked documents behind.
    pub fn want_diagnostics_again(&self) {
        self.diagnostics_wanted.notify_one();
    }
}
