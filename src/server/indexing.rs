//! Reading folders into the workspace: every folder at start, in the
//! background, and each folder that joins later.
//!
//! `initialize` answers at once. On `initialized`, [`run`] reads every
//! document under the folders on every core (reporting work-done progress
//! when the client supports it) and hands the result to the host in one
//! step. Until then the workspace holds only what the editor opened or
//! changed, and says it is indexing: requests about an open document are
//! answered from it, folder-wide diagnostics are withheld, and requests
//! that need other documents wait ([`complete`]).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use tower_lsp_server::Client;
use tower_lsp_server::ls_types::{InitializeParams, NumberOrString, Uri};

use super::handlers::local_path;
use super::host::{self, Shared};
use super::log;
use super::snapshot::Snapshot;
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

/// How often progress is reported while reading.
const REPORT_EVERY: Duration = Duration::from_millis(250);

/// Set to a path, makes indexing wait until a file exists there: tests use
/// it to hold the server in its indexing state as long as they need.
const HOLD_VARIABLE: &str = "NEWSLS_TEST_HOLD_INDEXING";

/// How far the reading is, shared with the blocking task doing it.
#[derive(Default)]
struct Counts {
    found: AtomicUsize,
    read: AtomicUsize,
}

/// Reads the folders the host was initialized with, then makes the
/// result the workspace.
pub async fn run(shared: Arc<Shared>, client: Client, report_progress: bool) {
    let roots = shared.lock().workspace.roots().to_vec();
    let progress = if report_progress {
        let token = NumberOrString::String("newsls/indexing".to_string());
        match client.create_work_done_progress(token.clone()).await {
            Ok(()) => Some(
                client
                    .progress(token, "Indexing news documents")
                    .with_percentage(0)
                    .begin()
                    .await,
            ),
            Err(error) => {
                log!("the client refused a progress report: {error}");
                None
            }
        }
    } else {
        None
    };

    let started = Instant::now();
    let counts = Arc::new(Counts::default());
    let task = tokio::task::spawn_blocking({
        let counts = counts.clone();
        let roots = roots.clone();
        move || load(roots, &counts)
    });
    tokio::pin!(task);
    let loaded = loop {
        tokio::select! {
            loaded = &mut task => break loaded,
            () = tokio::time::sleep(REPORT_EVERY) => {
                if let Some(progress) = &progress {
                    let found = counts.found.load(Ordering::Relaxed);
                    let read = counts.read.load(Ordering::Relaxed);
                    if let Some(percentage) = (read * 100).checked_div(found) {
                        let percentage = percentage.min(99) as u32;
                        progress
                            .report_with_message(format!("{read}/{found} documents"), percentage)
                            .await;
                    }
                }
            }
        }
    };
    let loaded = loaded.unwrap_or_else(|error| {
        log!("indexing failed: {error}");
        Workspace::new(roots.clone())
    });
    let count = loaded.len();
    shared.lock().finish_indexing(loaded);
    shared.set_indexed(true);
    shared.wake.notify_one();
    let shown: Vec<String> = roots.iter().map(|r| r.display().to_string()).collect();
    log!(
        "indexed {count} document{} under [{}] in {} ms",
        if count == 1 { "" } else { "s" },
        shown.join(", "),
        started.elapsed().as_millis(),
    );
    if let Some(progress) = progress {
        progress
            .finish_with_message(format!("{count} documents"))
            .await;
    }
}

/// Finds and reads every document under `roots`, on every core.
fn load(roots: Vec<PathBuf>, counts: &Counts) -> Workspace {
    if let Some(gate) = std::env::var_os(HOLD_VARIABLE) {
        let gate = PathBuf::from(gate);
        while !gate.exists() {
            std::thread::sleep(Duration::from_millis(10));
        }
    }
    let mut workspace = Workspace::new(roots.clone());
    let found = workspace::discover(&roots, Links::WithinRoots);
    log_skipped(&found.skipped);
    let mut errors = found.errors;
    counts.found.store(found.documents.len(), Ordering::Relaxed);
    errors.extend(workspace::load_counting(
        &mut workspace,
        &found.documents,
        &counts.read,
    ));
    for error in &errors {
        log!("{error}");
    }
    workspace
}

/// `snapshot`, or, if it was taken while the folders were being read, a
/// snapshot with the whole folder once it is read: the document at `path`
/// as `snapshot` holds it (the version the request was about), every
/// other document as it is then.
pub async fn complete(shared: &Shared, snapshot: Snapshot, path: &Path) -> Snapshot {
    if !snapshot.workspace.is_indexing() {
        return snapshot;
    }
    shared.indexed().await;
    let mut now = shared.lock().snapshot();
    if let Some(file) = snapshot.workspace.shared_file(path) {
        now.workspace.insert_shared(file.clone());
    }
    now
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
