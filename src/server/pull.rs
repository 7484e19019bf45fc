//! Pulled diagnostics, for a client that asks for them (LSP 3.17's
//! `textDocument/diagnostic` and `workspace/diagnostic`) instead of being
//! pushed `publishDiagnostics` (`capabilities::Negotiated::pull_diagnostics`).
//!
//! **Result ids.** A report's id is a hash of the diagnostics it carries, as
//! sent ([`to_proto::result_id`]): the same diagnostics always have the same
//! id, so a document whose diagnostics did not change is answered
//! "unchanged" (or left out of a workspace report), whatever changed
//! elsewhere and whichever pull made the id.
//!
//! **The report of every document** is computed when the client asks for
//! it, never per keystroke: a change only records its path in the host
//! (`state::Changes`). A report recomputes the documents a change since the
//! last report may have moved (`ide::diagnostics::stale`, and those whose
//! related information points into a changed document), and, on the
//! request's first look, those whose report the client does not hold. It
//! lists the documents whose report the client does not hold (full
//! reports) and those gone that it holds (an empty report without an id,
//! which clears them and makes the client forget them); the others are left
//! out (the client keeps what it holds).
//!
//! **Scheduling.** vscode-languageclient 9 asks again 2 s after every
//! answer, for the whole session (`pullWorkspace` in its
//! `lib/common/diagnostic.js`). So a pull that finds nothing new is held
//! open, not answered, until a change gives it something to report (long
//! polling): an idle editor costs nothing. Only a pull that carries a
//! `partialResultToken` is held (vscode-languageclient always sends one); a
//! client that pulls once without it is answered at once, even with
//! nothing. A held pull looks again [`LOOK_AGAIN_AFTER`] after a change, so
//! a burst of keystrokes costs one look; a newer pull ends an older held
//! one with an empty answer. The first report waits for the first reading
//! of the folders: no folder-wide code is concluded from half a folder.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use rayon::prelude::*;
use tower_lsp_server::jsonrpc::{self, Result};
use tower_lsp_server::ls_types::{
    self as lsp, WorkspaceDiagnosticParams, WorkspaceDiagnosticReport,
    WorkspaceDiagnosticReportResult,
};

use super::convert::{from_proto, to_proto};
use super::log_error;
use super::snapshot::Snapshot;
use super::state::State;
use crate::ide::diagnostics::stale::{Stale, stale};

/// How long a held report waits after a change before it looks again.
const LOOK_AGAIN_AFTER: Duration = Duration::from_millis(200);

/// What the client's pulls of every document's report share.
#[derive(Default)]
pub struct Pulls {
    /// What the last report computed; one look at a time.
    reports: Mutex<Reports>,
    /// How many workspace pulls arrived: a held pull that is not the
    /// latest gives way (an atomic, not in `reports`, whose lock a long
    /// look holds).
    count: AtomicU64,
}

/// What the reports of every document computed: the snapshot they were
/// computed on, and each document's result id.
#[derive(Default)]
struct Reports {
    base: Option<Snapshot>,
    known: HashMap<PathBuf, Known>,
    /// For each document, the documents whose diagnostics point into it
    /// (related information), which move when it does.
    pointed_from: HashMap<PathBuf, BTreeSet<PathBuf>>,
}

struct Known {
    result_id: String,
    related: Vec<PathBuf>,
}

impl Reports {
    fn set(&mut self, path: &Path, result_id: String, related: Vec<PathBuf>) {
        self.forget(path);
        for into in &related {
            let from = self.pointed_from.entry(into.clone()).or_default();
            from.insert(path.to_path_buf());
        }
        let known = Known { result_id, related };
        self.known.insert(path.to_path_buf(), known);
    }

    fn forget(&mut self, path: &Path) {
        let Some(old) = self.known.remove(path) else {
            return;
        };
        for into in old.related {
            if let Some(from) = self.pointed_from.get_mut(&into) {
                from.remove(path);
                if from.is_empty() {
                    self.pointed_from.remove(&into);
                }
            }
        }
    }
}

/// `workspace/diagnostic`: the reports the client does not hold, once
/// there are any (see the module's comment for when it answers).
pub async fn workspace(
    state: &Arc<State>,
    pulls: &Arc<Pulls>,
    params: WorkspaceDiagnosticParams,
) -> Result<WorkspaceDiagnosticReportResult> {
    let hold = params.partial_result_params.partial_result_token.is_some();
    let held: Arc<HashMap<PathBuf, String>> = Arc::new(
        params
            .previous_result_ids
            .into_iter()
            .filter_map(|p| Some((from_proto::uri_to_path(&p.uri)?, p.value)))
            .collect(),
    );
    let ticket = pulls.count.fetch_add(1, Ordering::SeqCst) + 1;
    // An older pull still held gives way to this one.
    state.count_change();
    state.indexed().await;
    let mut generation = state.watch_changes();
    let mut first_look = true;
    loop {
        if pulls.count.load(Ordering::SeqCst) != ticket {
            return Ok(answer(Vec::new()));
        }
        generation.mark_unchanged();
        let items = {
            let (state, pulls, held) = (state.clone(), pulls.clone(), held.clone());
            tokio::task::spawn_blocking(move || look(&state, &pulls, &held, first_look))
                .await
                .map_err(|error| {
                    log_error!("workspace/diagnostic failed: {error}");
                    jsonrpc::Error::internal_error()
                })?
        };
        if !items.is_empty() || !hold {
            return Ok(answer(items));
        }
        first_look = false;
        if generation.changed().await.is_err() {
            return Ok(answer(Vec::new()));
        }
        tokio::time::sleep(LOOK_AGAIN_AFTER).await;
    }
}

fn answer(items: Vec<lsp::WorkspaceDocumentDiagnosticReport>) -> WorkspaceDiagnosticReportResult {
    WorkspaceDiagnosticReportResult::Report(WorkspaceDiagnosticReport { items })
}

/// Brings the known reports up to date with the host's latest snapshot and
/// returns those the client, holding `held`, lacks. On the request's
/// `first_look`, every document whose report the client does not hold is
/// computed; afterwards only what changed since the last look.
fn look(
    state: &State,
    pulls: &Pulls,
    held: &HashMap<PathBuf, String>,
    first_look: bool,
) -> Vec<lsp::WorkspaceDocumentDiagnosticReport> {
    // One look at a time: each starts from where the last one left off.
    let mut reports = pulls.reports.lock().unwrap_or_else(PoisonError::into_inner);
    let Some((now, changes, versions)) = state.lock().take_changes() else {
        return Vec::new();
    };
    let reports = &mut *reports;
    let stale = match &reports.base {
        Some(base) if !changes.everything => stale(
            &base.workspace,
            &now.workspace,
            changes.paths.iter().map(PathBuf::as_path),
        ),
        _ => Stale::All,
    };
    let mut compute: BTreeSet<PathBuf> = match stale {
        Stale::All => now
            .workspace
            .load_every_file()
            .map(|f| f.path.to_path_buf())
            .collect(),
        Stale::Only(mut paths) => {
            for changed in &changes.paths {
                paths.extend(
                    reports
                        .pointed_from
                        .get(changed)
                        .into_iter()
                        .flatten()
                        .cloned(),
                );
            }
            paths
        }
    };
    if first_look {
        let lacking = now.workspace.load_every_file().filter(|f| {
            let known = reports.known.get(&*f.path).map(|k| &k.result_id);
            known.is_none() || known != held.get(&*f.path)
        });
        compute.extend(lacking.map(|f| f.path.to_path_buf()));
    }
    let computed: Vec<(PathBuf, Vec<lsp::Diagnostic>, Vec<PathBuf>)> = compute
        .into_par_iter()
        .filter(|path| now.workspace.load_file(path).is_some())
        .map(|path| {
            let (diagnostics, related) = now.diagnostics(&path);
            (path, diagnostics, related)
        })
        .collect();
    let mut items = Vec::new();
    for (path, diagnostics, related) in computed {
        let result_id = to_proto::result_id(&diagnostics);
        reports.set(&path, result_id.clone(), related);
        if held.get(&path) != Some(&result_id) {
            let version = versions.get(&path).copied();
            items.extend(to_proto::workspace_document_report(
                &path,
                version,
                Some(result_id),
                diagnostics,
            ));
        }
    }
    let candidates: BTreeSet<&PathBuf> = if first_look {
        held.keys().chain(&changes.paths).collect()
    } else {
        changes.paths.iter().collect()
    };
    for gone in candidates {
        if now.workspace.load_file(gone).is_none() {
            reports.forget(gone);
            if held.contains_key(gone) {
                items.extend(to_proto::workspace_document_report(
                    gone,
                    None,
                    None,
                    Vec::new(),
                ));
            }
        }
    }
    reports.base = Some(now);
    items
}
