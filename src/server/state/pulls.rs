//! For a client that pulls diagnostics: what changed since the diagnostics
//! of every document were last reported, recorded as it happens, at no cost
//! beyond the path, and read when the client next asks (see
//! `server::pull`).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// What changed since the last report of every document.
#[derive(Debug, Default)]
pub struct Changes {
    /// Documents changed, added or removed.
    pub paths: BTreeSet<PathBuf>,
    /// Something every document's diagnostics read changed (the folders
    /// were read, severities changed): report them all again.
    pub everything: bool,
}

/// The changes recorded for the client's next report; `None` for a client
/// that is pushed diagnostics, for which nothing is recorded.
#[derive(Default)]
pub struct PullChanges(Option<Changes>);

impl PullChanges {
    /// The client pulls: changes are recorded from now on.
    pub fn start(&mut self) {
        self.0.get_or_insert_with(Changes::default);
    }

    pub fn client_pulls(&self) -> bool {
        self.0.is_some()
    }

    pub fn changed(&mut self, path: &Path) {
        if let Some(changes) = &mut self.0 {
            changes.paths.insert(path.to_path_buf());
        }
    }

    pub fn everything_changed(&mut self) {
        if let Some(changes) = &mut self.0 {
            changes.everything = true;
        }
    }

    /// What changed since the last call (`None` for a client that is
    /// pushed to).
    pub fn take(&mut self) -> Option<Changes> {
        Some(std::mem::take(self.0.as_mut()?))
    }
}
