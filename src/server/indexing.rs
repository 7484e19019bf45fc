//! Reading folders into the workspace: every folder at `initialize`, and
//! each folder that joins later.

use std::path::PathBuf;
use std::time::Instant;

use rayon::prelude::*;
use tower_lsp_server::ls_types::{InitializeParams, Uri};

use super::handlers::local_path;
use super::host::{self, Shared};
use super::log;
use crate::workspace::{self, Links, Skipped, Workspace};

/// The folders to index: the workspace folders, else the root URI.
pub fn roots(params: &InitializeParams) -> Vec<PathBuf> {
    let folders: Vec<&Uri> = match &params.workspace_folders {
        Some(folders) if !folders.is_empty() => folders.iter().map(|f| &f.uri).collect(),
        #[allow(deprecated)]
        _ => params.root_uri.iter().collect(),
    };
    let mut roots: Vec<PathBuf> = folders
        .into_iter()
        .filter_map(|uri| local_path(uri, "workspace folder"))
        .collect();
    roots.sort();
    roots.dedup();
    roots
}

/// Indexes every document under `roots`, on every core.
pub fn index(roots: Vec<PathBuf>) -> Workspace {
    let started = Instant::now();
    let mut workspace = Workspace::new(roots.clone());
    let found = workspace::discover(&roots, Links::WithinRoots);
    log_skipped(&found.skipped);
    let mut errors = found.errors;
    errors.extend(workspace::load(&mut workspace, &found.documents));
    for error in &errors {
        log!("{error}");
    }
    let shown: Vec<String> = roots.iter().map(|r| r.display().to_string()).collect();
    log!(
        "indexed {} document{} under [{}] in {} ms ({} not loaded)",
        workspace.len(),
        if workspace.len() == 1 { "" } else { "s" },
        shown.join(", "),
        started.elapsed().as_millis(),
        errors.len()
    );
    workspace
}

/// Indexes a folder that joins the workspace. Reads and parses before
/// locking, and synchronously: it runs inside a notification handler,
/// before any `.await`.
pub fn add_root(shared: &Shared, root: PathBuf) {
    let started = Instant::now();
    let found = workspace::discover(std::slice::from_ref(&root), Links::WithinRoots);
    log_skipped(&found.skipped);
    for error in &found.errors {
        log!("{error}");
    }
    let files: Vec<_> = found.documents.par_iter().map(|p| host::read(p)).collect();
    let count = files.len();
    shared.lock().root_added(root.clone(), files);
    log!(
        "indexed {count} document{} under {} in {} ms",
        if count == 1 { "" } else { "s" },
        root.display(),
        started.elapsed().as_millis()
    );
}

/// One line for each file the walk would not read (a link out of the
/// workspace, a FIFO…).
fn log_skipped(skipped: &[Skipped]) {
    for file in skipped {
        log!("{file}");
    }
}
