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

use std::panic::catch_unwind;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use tower_lsp_server::ls_types::{InitializeParams, NumberOrString, Uri};
use tower_lsp_server::{Bounded, Client, NotCancellable, OngoingProgress};

use super::config::{self, Config};
use super::convert::from_proto::local_path;
use super::snapshot::Snapshot;
use super::state::{Host, State};
use super::{background, log, log_error, log_warning};
use crate::settings::{self, DocumentFilter};
use crate::workspace::{self, File, Links, LoadError, Skipped, Workspace, cache};

mod from_cache;

/// What the settings say about walking folders.
pub struct Rules {
    /// Which `*.news.md` files are documents (`workspace.documents`).
    pub filter: DocumentFilter,
    /// Which links are followed (`workspace.follow-links`).
    pub links: Links,
}

impl Rules {
    pub fn of(host: &Host) -> Rules {
        Rules {
            filter: DocumentFilter::new(&host.settings.in_force(), &host.settings.config.folders),
            links: if host.settings.in_force().follow_links {
                Links::All
            } else {
                Links::WithinRoots
            },
        }
    }
}

/// The folders to index: the workspace folders, else the root URI, less
/// those too wide to index (see [`too_wide`]); `true` with them when some
/// were left out.
pub fn roots(params: &InitializeParams) -> (Vec<PathBuf>, bool) {
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
    let before = roots.len();
    roots.retain(|root| {
        let wide = too_wide(root);
        if wide {
            log!(
                "not indexing {}: it is / or the home folder; indexing only the folder of each document opened",
                root.display()
            );
        }
        !wide
    });
    let narrowed = roots.len() < before;
    (roots, narrowed)
}

/// `true` for `/` and the user's home folder, which an editor started
/// outside a project offers as the workspace (Neovim falls back to the
/// current folder, often `~`): reading every file under them is never
/// what the user wants.
pub fn too_wide(folder: &Path) -> bool {
    let real = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let folder = real(folder);
    if folder.parent().is_none() {
        return true;
    }
    std::env::var_os("HOME")
        .filter(|home| !home.is_empty())
        .is_some_and(|home| real(Path::new(&home)) == folder)
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
pub async fn run(state: Arc<State>, client: Client, report_progress: bool) {
    let (roots, rules) = {
        let host = state.lock();
        (host.workspace.roots().to_vec(), Rules::of(&host))
    };
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
        let state = state.clone();
        move || first_load(roots, &rules, &counts, &state)
    });
    let loaded = reporting(task, progress.as_ref(), &counts).await;
    let (loaded, cache) = match loaded {
        Ok(First::Cached(workspace, cache)) => {
            return from_cache::run(&state, workspace, cache, progress, started).await;
        }
        Ok(First::Read(indexed)) => (indexed.workspace, Some((indexed.cache, indexed.loaded))),
        Err(error) => {
            log_error!("indexing failed: {error}");
            (Workspace::new(roots.clone()), None)
        }
    };
    let count = loaded.len();
    let read = loaded.clone();
    state.lock().finish_indexing(loaded);
    state.set_indexed(true);
    state.wake_diagnostics();
    log_indexed(count, &roots, started);
    if let Some(progress) = progress {
        progress
            .finish_with_message(format!("{count} documents"))
            .await;
    }
    // Last: the index is in use and its progress ended before the cache
    // is written.
    if let Some((cache, stats)) = cache {
        let _ = background::run(move || save_cache(&cache, &read, &stats)).await;
    }
}

/// Waits for `task`, reporting how far `counts` say it is every
/// [`REPORT_EVERY`].
async fn reporting<T>(
    task: tokio::task::JoinHandle<T>,
    progress: Option<&OngoingProgress<Bounded, NotCancellable>>,
    counts: &Counts,
) -> Result<T, tokio::task::JoinError> {
    tokio::pin!(task);
    loop {
        tokio::select! {
            done = &mut task => return done,
            () = tokio::time::sleep(REPORT_EVERY) => {
                if let Some(progress) = progress {
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
    }
}

/// The line that says the first indexing is done.
fn log_indexed(count: usize, roots: &[PathBuf], started: Instant) {
    let shown: Vec<String> = roots.iter().map(|r| r.display().to_string()).collect();
    log!(
        "indexed {count} document{} under [{}] in {} ms",
        if count == 1 { "" } else { "s" },
        shown.join(", "),
        started.elapsed().as_millis(),
    );
}

/// What the first reading of the folders gave.
enum First {
    /// The documents the index cache holds, not yet checked against the
    /// folders, and the cache to write again after the check.
    Cached(Workspace, cache::Session),
    /// Every document, read (the cache, when usable, spared reading those
    /// unchanged).
    Read(Indexed),
}

/// The first reading: the index cache whole when there is one (the
/// folders are checked against it after it answers), else every document.
fn first_load(roots: Vec<PathBuf>, rules: &Rules, counts: &Counts, state: &State) -> First {
    hold_if_asked();
    match from_cache::take(&roots, rules, state) {
        Ok(taken) => First::Cached(taken.0, taken.1),
        Err(cache) => {
            let found = workspace::discover(&roots, rules.links);
            First::Read(read_found(roots, rules, counts, found, cache))
        }
    }
}

/// Waits, when a test asked (`NEWSLS_TEST_HOLD_INDEXING`), until it lets
/// the reading begin.
fn hold_if_asked() {
    hold_while_asked(HOLD_VARIABLE);
}

/// Waits, when the variable `variable` names a file, until it exists: a
/// test holds the server at one step as long as it needs.
fn hold_while_asked(variable: &str) {
    if let Some(gate) = std::env::var_os(variable) {
        let gate = PathBuf::from(gate);
        while !gate.exists() {
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

/// Finds and reads every document under `roots`, on every core.
fn load(roots: Vec<PathBuf>, rules: &Rules, counts: &Counts) -> Indexed {
    hold_if_asked();
    // The cache file is read and decoded while the folders are walked.
    let (found, cache) = rayon::join(
        || workspace::discover(&roots, rules.links),
        || cache::Session::open(&roots),
    );
    read_found(roots, rules, counts, found, cache)
}

/// Reads the documents a walk `found`, taking from `cache` those
/// unchanged.
fn read_found(
    roots: Vec<PathBuf>,
    rules: &Rules,
    counts: &Counts,
    mut found: workspace::Discovery,
    cache: cache::Session,
) -> Indexed {
    let mut workspace = Workspace::new(roots);
    found.documents.retain(|p| rules.filter.admits(p));
    log_skipped(&found.skipped);
    let mut errors = found.errors;
    counts.found.store(found.documents.len(), Ordering::Relaxed);
    if let Some(problem) = &cache.problem {
        log!("{problem}");
    }
    let (entries, loaded) =
        workspace::read_counting(&found.documents, &counts.read, cache.cached());
    // The paths walked, a tenth of a gigabyte at a million documents, go
    // before the index is built.
    drop(found.documents);
    workspace.extend(entries);
    log!("{}", cache::describe(&loaded));
    errors.extend(loaded.errors.iter().cloned());
    for error in &errors {
        log!("{error}");
    }
    Indexed {
        workspace,
        cache,
        loaded,
    }
}

/// What reading the folders gave: the workspace, and what the cache
/// needs to be written again.
struct Indexed {
    workspace: Workspace,
    cache: cache::Session,
    loaded: workspace::Loaded,
}

/// Writes the index cache from what was read (documents open in the
/// editor are as on disk there), after the host has it, in the background
/// (`background::run`): never in the way of an answer.
fn save_cache(cache: &cache::Session, read: &Workspace, loaded: &workspace::Loaded) {
    log_saved(cache, cache.save(read, loaded));
}

/// Says what came of writing the index cache (`None`: nothing written).
fn log_saved(cache: &cache::Session, saved: Option<std::io::Result<usize>>) {
    match saved {
        Some(Ok(count)) => log!(
            "index cache: wrote {count} documents to {}",
            cache.file().unwrap_or(Path::new("")).display()
        ),
        Some(Err(error)) => log_warning!(
            "index cache: cannot write {}: {error}",
            cache.file().unwrap_or(Path::new("")).display()
        ),
        None => {}
    }
}

/// Reads a document from disk; a panic while parsing it is an error.
pub fn read(path: &Path) -> Result<File, LoadError> {
    catch_unwind(|| workspace::read(path)).unwrap_or_else(|_| {
        Err(LoadError {
            path: path.to_path_buf(),
            message: "parsing panicked".to_string(),
        })
    })
}

/// `snapshot`, or, if it was taken while the folders were being read, a
/// snapshot with the whole folder once it is read: the document at `path`
/// as `snapshot` holds it (the version the request was about), every
/// other document as it is then.
pub async fn complete(state: &State, snapshot: Snapshot, path: &Path) -> Snapshot {
    if !snapshot.workspace.is_indexing() {
        return snapshot;
    }
    state.indexed().await;
    let mut now = state.lock().snapshot();
    if let Some(file) = snapshot.workspace.shared_entry(path) {
        now.workspace.insert_shared(file.clone());
    }
    now
}

/// [`complete`] for a request that needs only where ids are defined (and
/// which ids names denote): while the folders are first read from the
/// index cache, the documents that define something are read first, and
/// such a request goes on as soon as they are (`State::definitions`), on
/// them with what changed here laid over them, and its own document as
/// `snapshot` has it: every definition the complete index will have. A
/// request about a document they do not hold waits for the whole folder.
pub async fn definitions(state: &State, snapshot: Snapshot, path: &Path) -> Snapshot {
    if !snapshot.workspace.is_indexing() {
        return snapshot;
    }
    let Some(definers) = state.definitions().await else {
        return complete(state, snapshot, path).await;
    };
    let mut now = state.lock().snapshot_of_definitions(definers);
    if let Some(file) = snapshot.workspace.shared_entry(path) {
        now.workspace.insert_shared(file.clone());
    }
    if now.workspace.entry(path).is_none() {
        return complete(state, snapshot, path).await;
    }
    now
}

/// Indexes a folder that joins the workspace. Reads and parses before
/// locking, and synchronously: it runs inside a notification handler,
/// before any `.await`.
pub fn add_root(state: &Arc<State>, root: PathBuf) {
    let started = Instant::now();
    let settings_path = root.join(settings::FILE_NAME);
    let settings_file = settings::read_file(&settings_path);
    let (reread, rules) = {
        let mut host = state.lock();
        host.settings.config.folders.push(root.clone());
        host.settings.config.folders.sort();
        host.settings.config.folders.dedup();
        if settings_file.is_some() {
            host.settings.file_changed(settings_path, settings_file);
        }
        let reread = host.settings_changed();
        (reread, Rules::of(&host))
    };
    if reread {
        state.lock().workspace.add_root(root);
        spawn_reindex(state.clone());
        return;
    }
    let mut found = workspace::discover(std::slice::from_ref(&root), rules.links);
    found.documents.retain(|p| rules.filter.admits(p));
    log_skipped(&found.skipped);
    for error in &found.errors {
        log!("{error}");
    }
    let files: Vec<_> = found.documents.par_iter().map(|p| read(p)).collect();
    let count = files.len();
    state.lock().root_added(root.clone(), files);
    state.roots_changed();
    log!(
        "indexed {count} document{} under {} in {} ms",
        if count == 1 { "" } else { "s" },
        root.display(),
        started.elapsed().as_millis()
    );
}

/// Reads the folders and registries again, after a change of settings
/// that changes what is indexed (registries, links, the document glob),
/// once the first reading is done. Open documents keep the editor's text.
pub fn spawn_reindex(state: Arc<State>) {
    tokio::spawn(async move {
        state.indexed().await;
        let _one_at_a_time = state.one_reading_at_a_time().await;
        let (roots, rules) = {
            let host = state.lock();
            (
                host.settings.config.roots(&host.settings.in_force()),
                Rules::of(&host),
            )
        };
        let started = Instant::now();
        let read = tokio::task::spawn_blocking({
            let roots = roots.clone();
            move || load(roots, &rules, &Counts::default())
        })
        .await;
        match read {
            Ok(indexed) => {
                let count = indexed.workspace.len();
                let read = indexed.workspace.clone();
                state.lock().reindexed(indexed.workspace);
                state.roots_changed();
                state.wake_diagnostics();
                let (cache, stats) = (indexed.cache, indexed.loaded);
                let _ = background::run(move || save_cache(&cache, &read, &stats)).await;
                log!(
                    "settings changed: indexed {count} documents again in {} ms",
                    started.elapsed().as_millis()
                );
            }
            Err(error) => log_error!("indexing again failed: {error}"),
        }
    });
}

/// Resolves the settings after a change to one of their sources and
/// applies them: open documents are recomputed, and the folders read again
/// when what is indexed changed.
pub fn settings_changed(state: &Arc<State>) {
    let reread = state.lock().settings_changed();
    if reread {
        spawn_reindex(state.clone());
    }
    state.wake_diagnostics();
}

/// What settings `initialize` brings: each folder's `.newsls.toml` and the
/// `initializationOptions`.
pub fn initial_config(folders: &[PathBuf], options: Option<&serde_json::Value>) -> Config {
    let mut config = Config {
        folders: folders.to_vec(),
        init: options
            .map(|o| config::read_json(o, "initializationOptions"))
            .unwrap_or_default(),
        ..Config::default()
    };
    for folder in folders {
        let path = folder.join(settings::FILE_NAME);
        if let Some(file) = settings::read_file(&path) {
            config.files.insert(path, file);
        }
    }
    config
}

/// One line for each file the walk would not read (a link out of the
/// workspace, a FIFO…).
fn log_skipped(skipped: &[Skipped]) {
    for file in skipped {
        log!("{file}");
    }
}

/// Files changed on disk (`true`: deleted), as the client or the server's
/// own watcher saw them: settings files are read again, documents
/// re-indexed, anything else ignored.
pub fn disk_changed(state: &Arc<State>, changes: Vec<(PathBuf, bool)>) {
    let settings_files: Vec<PathBuf> = {
        let host = state.lock();
        changes
            .iter()
            .map(|(path, _)| path)
            .filter(|path| host.settings.config.is_settings_file(path))
            .cloned()
            .collect()
    };
    if !settings_files.is_empty() {
        for path in settings_files {
            let file = settings::read_file(&path);
            log!("settings: read {} again", path.display());
            state.lock().settings.file_changed(path, file);
        }
        settings_changed(state);
    }
    let changes: Vec<(PathBuf, bool)> = changes
        .into_iter()
        .filter(|(path, _)| workspace::is_news_file(path))
        .collect();
    if changes.is_empty() {
        return;
    }
    // Only what the first walk would have found is indexed (not hidden,
    // not ignored), as `newsls check` sees it; a file that became
    // ignored leaves the index.
    let (roots, filter) = {
        let host = state.lock();
        let filter = DocumentFilter::new(&host.settings.in_force(), &host.settings.config.folders);
        (host.workspace.roots().to_vec(), filter)
    };
    let candidates: Vec<PathBuf> = changes
        .iter()
        .filter(|(path, deleted)| !deleted && filter.admits(path))
        .map(|(path, _)| path.clone())
        .collect();
    let indexed = workspace::discoverable(&roots, &candidates);
    let read: Vec<_> = changes
        .into_par_iter()
        .map(|(path, deleted)| {
            let on_disk = if deleted || !indexed.contains(&path) {
                None
            } else {
                Some(read(&path))
            };
            (path, on_disk)
        })
        .collect();
    let mut host = state.lock();
    for (path, on_disk) in read {
        host.disk_changed(&path, on_disk);
    }
    drop(host);
    state.wake_diagnostics();
}
