//! The notification handlers. Each applies its change to the host
//! synchronously, before the handler's first `.await` (see the ordering
//! rule in `backend.rs`), reading from disk before it locks.

use std::path::PathBuf;
use std::sync::Arc;

use tower_lsp_server::ls_types::{
    DidChangeConfigurationParams, DidChangeTextDocumentParams, DidChangeWatchedFilesParams,
    DidChangeWorkspaceFoldersParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
    FileChangeType, RenameFilesParams, Uri,
};

use crate::ide;
use crate::server::config;
use crate::server::convert::from_proto::{document_path, local_path};
use crate::server::state::State;
use crate::server::{indexing, log};
use crate::settings;
use crate::workspace;

pub fn did_open(state: &Arc<State>, params: DidOpenTextDocumentParams) {
    let doc = params.text_document;
    let Some(path) = local_path(&doc.uri, "didOpen") else {
        return;
    };
    if !workspace::is_news_file(&path) {
        log!(
            "didOpen: ignoring {}, which is not a *.news.md document",
            doc.uri.as_str()
        );
        return;
    }
    // An editor with no folder open (a single file), or whose folder was
    // too wide to index, still gets the documents beside it, so
    // cross-document features work.
    let (no_roots, narrowed, covered) = {
        let host = state.lock();
        let roots = host.workspace.roots();
        let covered = roots.iter().any(|r| path.starts_with(r));
        (roots.is_empty(), host.settings.config.narrowed, covered)
    };
    if let Some(folder) = path.parent().filter(|_| no_roots || (narrowed && !covered)) {
        if indexing::too_wide(folder) {
            log!(
                "not indexing {}: it is / or the home folder; only the open document is analysed",
                folder.display()
            );
        } else {
            log!(
                "indexing {}, the folder of the document opened",
                folder.display()
            );
            indexing::add_root(state, folder.to_path_buf());
        }
    }
    state.lock().did_open(path, doc.uri, doc.text, doc.version);
    state.wake_diagnostics();
}

pub fn did_change_workspace_folders(state: &Arc<State>, params: DidChangeWorkspaceFoldersParams) {
    for folder in &params.event.removed {
        if let Some(root) = local_path(&folder.uri, "workspace folder") {
            let mut host = state.lock();
            host.root_removed(&root);
            host.settings.config.folders.retain(|f| f != &root);
            let settings_path = root.join(settings::FILE_NAME);
            if host.settings.config.files.contains_key(&settings_path) {
                host.settings.file_changed(settings_path, None);
            }
            drop(host);
            state.roots_changed();
            indexing::settings_changed(state);
        }
    }
    for folder in &params.event.added {
        if let Some(root) = local_path(&folder.uri, "workspace folder") {
            indexing::add_root(state, root);
        }
    }
    state.wake_diagnostics();
}

pub fn did_change(state: &Arc<State>, params: DidChangeTextDocumentParams) {
    let doc = params.text_document;
    let Some(path) = document_path(&doc.uri, "didChange") else {
        return;
    };
    let changed = state
        .lock()
        .did_change(&path, doc.version, params.content_changes);
    if changed {
        state.wake_diagnostics();
    } else {
        log!("didChange: {} is not open; ignored", doc.uri.as_str());
    }
}

pub fn did_close(state: &Arc<State>, params: DidCloseTextDocumentParams) {
    let uri = params.text_document.uri;
    let Some(path) = document_path(&uri, "didClose") else {
        return;
    };
    let (indexes, roots) = {
        let host = state.lock();
        (
            host.indexes_from_disk(&path),
            host.workspace.roots().to_vec(),
        )
    };
    // Back to the disk copy only if a walk of the folders would find it
    // (a hidden or ignored document leaves the index when closed).
    let indexes =
        indexes && workspace::discoverable(&roots, std::slice::from_ref(&path)).contains(&path);
    let on_disk = indexes.then(|| indexing::read(&path));
    let on_disk = match on_disk {
        // Gone from disk: not an error worth a log line.
        Some(Err(_)) if !path.exists() => None,
        other => other,
    };
    let closed = state.lock().did_close(&path, on_disk);
    if closed {
        state.wake_diagnostics();
    } else {
        log!("didClose: {} was not open; ignored", uri.as_str());
    }
}

/// The client's settings, pushed (clients that cannot be asked).
pub fn did_change_configuration(state: &Arc<State>, params: DidChangeConfigurationParams) {
    let section = config::newsls_section(&params.settings);
    let layer = config::read_json(section, "client settings");
    state.lock().settings.config.client = layer;
    indexing::settings_changed(state);
}

pub fn did_change_watched_files(state: &Arc<State>, params: DidChangeWatchedFilesParams) {
    let changes: Vec<(PathBuf, bool)> = params
        .changes
        .into_iter()
        .filter_map(|event| {
            let path = local_path(&event.uri, "didChangeWatchedFiles")?;
            Some((path, event.typ == FileChangeType::DELETED))
        })
        .collect();
    indexing::disk_changed(state, changes);
}

/// Files or folders renamed in the editor: every document they held leaves
/// its old path and is read at its new one, in one step, so no request
/// sees the entities they define undefined in between. A folder is also
/// walked for documents that were not indexed before (one that was hidden
/// and is not any more). Documents open under their old path keep the
/// editor's text until the editor closes them.
pub fn did_rename_files(state: &Arc<State>, params: RenameFilesParams) {
    let renames: Vec<(PathBuf, PathBuf)> = params
        .files
        .iter()
        .filter_map(|rename| {
            let path = |uri: &str| {
                let uri = uri.parse::<Uri>().ok()?;
                local_path(&uri, "didRenameFiles")
            };
            Some((path(&rename.old_uri)?, path(&rename.new_uri)?))
        })
        .collect();
    let (mut changes, links) = {
        let host = state.lock();
        let moves = renames
            .iter()
            .flat_map(|(from, to)| ide::file_renames::moved(&host.workspace, from, to));
        let changes: Vec<(PathBuf, bool)> = moves
            .flat_map(|m| [(m.from, true), (m.to, false)])
            .collect();
        (changes, indexing::Rules::of(&host).links)
    };
    for (_, to) in renames {
        if to.is_dir() {
            let found = workspace::discover(&[to], links);
            changes.extend(found.documents.into_iter().map(|p| (p, false)));
        } else {
            changes.push((to, false));
        }
    }
    changes.sort();
    changes.dedup();
    indexing::disk_changed(state, changes);
}
