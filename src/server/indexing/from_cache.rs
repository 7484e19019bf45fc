//! The warm start: the index cache answers as soon as it is decoded, and
//! the folders are checked against it after.
//!
//! [`take`] decodes the cache (each chunk on its own core) into a
//! workspace; [`answer`] hands it to the host, so requests that need the
//! whole folder are answered from it at once and folder-wide diagnostics
//! are computed from it; [`check`] then walks the folders in the
//! background, takes the `stat` of every document, reads those whose size
//! or time changed, and applies what differs (documents edited, added or
//! deleted while the server was not running) through the host, a few at a
//! time, as the watcher's changes are: documents open in the editor and
//! those changed on disk since the check began keep their newer version.
//! Once the check is done, the workspace (and so every diagnostic) is what
//! a cold start gives. [`save`] writes the cache again if anything
//! differed.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use tower_lsp_server::{Bounded, NotCancellable, OngoingProgress};

use super::{Counts, Rules, hold_while_asked, log_indexed, log_saved, log_skipped, reporting};
use crate::server::state::State;
use crate::server::{background, log, log_error};
use crate::workspace::{self, Corrections, Workspace, cache};

/// Set to a path, makes the check of the folders wait until a file exists
/// there: tests use it to ask the server while it answers from the cache.
const HOLD_CHECK_VARIABLE: &str = "NEWSLS_TEST_HOLD_CHECK";

/// How many corrections are applied under one lock of the host: edits
/// wait for one batch at most.
const BATCH: usize = 256;

/// Set to a path, makes the warm start wait, once every definition is
/// known, until a file exists there before it reads the other documents:
/// tests use it to ask the server while only definitions are known.
const HOLD_REST_VARIABLE: &str = "NEWSLS_TEST_HOLD_WARM_REST";

/// The documents the index cache of `roots` holds, as a workspace, and
/// the cache to write again; or, when there is no usable cache (missing,
/// from another version, damaged, empty), the cache session, to read
/// every document with. The documents that define something are read
/// first and given to `state` as soon as they are: requests that need
/// only definitions go on from them (`State::definitions`).
pub(super) fn take(
    roots: &[PathBuf],
    rules: &Rules,
    state: &State,
) -> Result<(Workspace, cache::Session), cache::Session> {
    let started = Instant::now();
    let (mut session, staged) = cache::Session::open_staged(roots);
    let Some(mut staged) = staged else {
        return Err(session);
    };
    let read = started.elapsed();
    let mut entries = match staged.definers() {
        Ok(definers) => definers,
        Err(problem) => {
            session.unusable(problem);
            return Err(session);
        }
    };
    entries.retain(|entry| rules.filter.admits(&entry.path));
    let decoded = started.elapsed();
    let mut definers = Workspace::new(roots.to_vec());
    definers.set_indexing(true);
    definers.extend_cached_definitions(entries.clone());
    let count = definers.len();
    state.set_definitions_known(definers);
    log!(
        "index cache: {count} documents that define something read in {} ms, decoded in {} ms, indexed in {} ms; answering definitions",
        read.as_millis(),
        (decoded - read).as_millis(),
        (started.elapsed() - decoded).as_millis()
    );
    hold_while_asked(HOLD_REST_VARIABLE);
    let rest_started = Instant::now();
    match staged.rest() {
        Ok(mut rest) => {
            rest.retain(|entry| rules.filter.admits(&entry.path));
            entries.append(rest);
        }
        Err(problem) => {
            // Nothing is answered from a cache found unusable.
            state.set_indexed(false);
            session.unusable(problem);
            return Err(session);
        }
    }
    if entries.is_empty() {
        // An empty cache is no cache: the folders are read.
        state.set_indexed(false);
        return Err(session);
    }
    let decoded = rest_started.elapsed();
    let mut workspace = Workspace::new(roots.to_vec());
    workspace.extend_cached(entries);
    log!(
        "index cache: {} documents read and decoded in {} ms, indexed in {} ms ({} ms from the start)",
        workspace.len(),
        decoded.as_millis(),
        (rest_started.elapsed() - decoded).as_millis(),
        started.elapsed().as_millis()
    );
    Ok((workspace, session))
}

/// The first indexing from the index cache: answer from `cached`, then
/// check the folders against it, then write the cache again if it was not
/// true any more. The progress ends after the check.
pub(super) async fn run(
    state: &Arc<State>,
    cached: Workspace,
    cache: cache::Session,
    progress: Option<OngoingProgress<Bounded, NotCancellable>>,
    started: Instant,
) {
    // A reading of the folders after a change of settings waits for the
    // check, as it waits for any reading.
    let _one_at_a_time = state.one_reading_at_a_time().await;
    let count = answer(state, cached.clone(), started);
    if let Some(progress) = &progress {
        progress
            .report_with_message(
                format!("{count} documents from the index cache; checking the folders"),
                0,
            )
            .await;
    }
    let counts = Arc::new(Counts::default());
    let task = tokio::task::spawn_blocking({
        let counts = counts.clone();
        let state = state.clone();
        move || {
            let corrections = check(&state, &cached, &counts.found, &counts.read);
            (cached, corrections)
        }
    });
    let checked = reporting(task, progress.as_ref(), &counts).await;
    let count = state.lock().workspace.len();
    log_indexed(count, roots_now(state).as_slice(), started);
    if let Some(progress) = progress {
        progress
            .finish_with_message(format!("{count} documents"))
            .await;
    }
    match checked {
        Ok((cached, corrections)) => {
            let _ = background::run(move || save(&cache, &cached, &corrections)).await;
        }
        Err(error) => {
            state.lock().finish_check();
            log_error!("checking the folders against the index cache failed: {error}");
        }
    }
}

/// Makes `cached` the workspace: requests waiting for the index are
/// answered from it. Returns how many documents it holds.
pub(super) fn answer(state: &State, cached: Workspace, started: Instant) -> usize {
    let count = cached.len();
    state.lock().finish_indexing_from_cache(cached);
    state.set_indexed(true);
    state.wake_diagnostics();
    log!(
        "index cache: answering from its {count} documents after {} ms; checking the folders",
        started.elapsed().as_millis()
    );
    count
}

/// The folders the workspace indexes now.
fn roots_now(state: &State) -> Vec<PathBuf> {
    state.lock().workspace.roots().to_vec()
}

/// Walks the folders of `cached` (the workspace made from the cache) and
/// applies through the host what changed on disk since the cache was
/// written; counts the documents found and checked in `found` and
/// `checked`. Returns what was corrected.
pub(super) fn check(
    state: &State,
    cached: &Workspace,
    found: &AtomicUsize,
    checked: &AtomicUsize,
) -> Corrections {
    hold_while_asked(HOLD_CHECK_VARIABLE);
    let rules = Rules::of(&state.lock());
    let mut walked = workspace::discover(cached.roots(), rules.links);
    walked.documents.retain(|p| rules.filter.admits(p));
    log_skipped(&walked.skipped);
    for error in &walked.errors {
        log!("{error}");
    }
    found.store(walked.documents.len(), Ordering::Relaxed);
    let corrections = workspace::recheck(cached, &walked.documents, checked);
    drop(walked);
    log!("{}", cache::describe(&corrections.loaded));
    for error in &corrections.loaded.errors {
        log!("{error}");
    }
    for batch in corrections.changes.chunks(BATCH) {
        let mut host = state.lock();
        for (path, entry) in batch {
            host.correct_from_disk(path, entry.clone());
        }
    }
    state.lock().finish_check();
    state.wake_diagnostics();
    corrections
}

/// Writes the cache again when the check found it no longer true.
pub(super) fn save(cache: &cache::Session, cached: &Workspace, corrections: &Corrections) {
    if corrections.any() {
        log_saved(cache, cache.save_entries(corrections.on_disk(cached)));
    }
}
