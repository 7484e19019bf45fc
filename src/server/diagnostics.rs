//! The diagnostics worker: one task that publishes the diagnostics of open
//! documents.
//!
//! Handlers only mark documents dirty in the host and wake the worker. The
//! worker takes every dirty document at once together with a snapshot of
//! the workspace, computes on a blocking thread, and publishes what differs
//! from what it last published. Being a single task, it never lets an older
//! computation overwrite a newer one; and a burst of keystrokes while it is
//! busy is coalesced into one computation on the latest snapshot.
//!
//! A client that pulls diagnostics (`super::pull`) is published nothing:
//! it asks for the document it edits itself, and the worker tells it to
//! ask again (`workspace/diagnostic/refresh`) when a change changed the
//! diagnostics of other open documents.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use tower_lsp_server::Client;
use tower_lsp_server::ls_types::{self as lsp, Uri};

use super::convert::to_proto;
use super::log_error;
use super::state::{Batch, State};

/// What was last sent for a document.
struct Published {
    uri: Uri,
    version: i32,
    diagnostics: Vec<lsp::Diagnostic>,
}

/// The result for one document of a batch.
struct Computed {
    path: PathBuf,
    /// `None`: the document is closed; clear what was published.
    open: Option<(Uri, i32, Vec<lsp::Diagnostic>)>,
    /// Other documents the diagnostics point into.
    related: Vec<PathBuf>,
}

pub async fn run(state: Arc<State>, client: Client) {
    let mut published: HashMap<PathBuf, Published> = HashMap::new();
    // A client that pulls is asked to pull again once, when the documents
    // marked are all computed, not after each batch of them.
    let mut refresh_owed = false;
    loop {
        state.diagnostics_wanted().await;
        let Some(batch) = state.lock().take_batch() else {
            continue;
        };
        let workspace = batch.snapshot.workspace.clone();
        let settings_files = settings_files(&batch);
        let (edited, pull) = (batch.edited, batch.pull);
        let results = match tokio::task::spawn_blocking(move || compute(batch)).await {
            Ok(results) => results,
            Err(error) => {
                log_error!("computing diagnostics failed: {error}");
                continue;
            }
        };
        let more = {
            let mut host = state.lock();
            for result in &results {
                host.record_related(&result.path, result.related.clone(), &workspace);
            }
            host.has_work_for_diagnostics()
        };
        if more {
            state.want_diagnostics_again();
        }
        let mut refresh = false;
        for result in results {
            let open = result.open.is_some();
            let Some(publish) = to_publish(&mut published, result) else {
                continue;
            };
            if !pull {
                client
                    .publish_diagnostics(publish.uri, publish.diagnostics, publish.version)
                    .await;
            } else if open && !edited {
                refresh = true;
            }
        }
        refresh_owed |= refresh;
        if refresh_owed && !more {
            refresh_owed = false;
            // A round trip: the worker goes on meanwhile.
            let client = client.clone();
            tokio::spawn(async move {
                if let Err(error) = client.workspace_diagnostic_refresh().await {
                    log_error!("asking the client to pull diagnostics again failed: {error}");
                }
            });
        }
        // Settings files are no documents the client pulls: their problems
        // are pushed to every client.
        for (uri, diagnostics) in settings_files {
            client.publish_diagnostics(uri, diagnostics, None).await;
        }
    }
}

/// One `textDocument/publishDiagnostics`.
struct Publish {
    uri: Uri,
    diagnostics: Vec<lsp::Diagnostic>,
    version: Option<i32>,
}

/// What to publish for `result`, if anything, given what was `published`
/// (which it updates).
fn to_publish(published: &mut HashMap<PathBuf, Published>, result: Computed) -> Option<Publish> {
    match result.open {
        Some((uri, version, diagnostics)) => {
            // A new version is published even with the same diagnostics: a
            // client tracking versions would otherwise keep an older one
            // after a burst of edits.
            let last = published.get(&result.path);
            if last.is_some_and(|p| {
                p.uri == uri && p.version == version && p.diagnostics == diagnostics
            }) {
                return None;
            }
            published.insert(
                result.path,
                Published {
                    uri: uri.clone(),
                    version,
                    diagnostics: diagnostics.clone(),
                },
            );
            Some(Publish {
                uri,
                diagnostics,
                version: Some(version),
            })
        }
        None => match published.remove(&result.path) {
            Some(last) if !last.diagnostics.is_empty() => Some(Publish {
                uri: last.uri,
                diagnostics: Vec::new(),
                version: None,
            }),
            _ => None,
        },
    }
}

/// The diagnostics of each settings file of the batch (none when it is
/// gone), under its URI.
fn settings_files(batch: &Batch) -> Vec<(Uri, Vec<lsp::Diagnostic>)> {
    batch
        .settings_files
        .iter()
        .filter_map(|(path, file)| {
            let uri = to_proto::path_to_uri(path)?;
            let diagnostics = file.as_ref().map_or_else(Vec::new, |f| {
                to_proto::settings_problems(&f.text, &f.problems, batch.snapshot.encoding)
            });
            Some((uri, diagnostics))
        })
        .collect()
}

fn compute(batch: Batch) -> Vec<Computed> {
    let snapshot = batch.snapshot;
    batch
        .jobs
        .into_iter()
        .map(|job| match job.open {
            Some((uri, version)) => {
                let (diagnostics, related) = snapshot.diagnostics(&job.path);
                Computed {
                    path: job.path,
                    open: Some((uri, version, diagnostics)),
                    related,
                }
            }
            None => Computed {
                path: job.path,
                open: None,
                related: Vec::new(),
            },
        })
        .collect()
}

#[cfg(test)]
mod tests;
