//! Reading folders into the workspace: every folder at `initialize`, and
//! each folder that joins later.

use std::path::PathBuf;
use std::time::Instant;

use rayon::prelude::*;
use tower_lsp_server::ls_types::{InitializeParams, Uri};

use super::config::{self, Config};
use super::handlers::local_path;
use super::host::{self, Shared};
use super::log;
use crate::settings::{self, DocumentFilter, Settings};
use crate::workspace::{self, Workspace};

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

/// Indexes every document under the folders and registries, as the
/// settings say, on every core.
pub fn index(config: &Config, settings: &Settings) -> Workspace {
    let started = Instant::now();
    let roots = config.roots(settings);
    let mut workspace = Workspace::new(roots.clone());
    let (mut paths, mut errors) = workspace::discover(&roots);
    let filter = DocumentFilter::new(settings, &config.folders);
    paths.retain(|p| filter.admits(p));
    errors.extend(workspace::load(&mut workspace, &paths));
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
    let settings_path = root.join(settings::FILE_NAME);
    let settings_file = settings::read_file(&settings_path);
    let (reindex, filter) = {
        let mut host = shared.lock();
        host.config.folders.push(root.clone());
        host.config.folders.sort();
        host.config.folders.dedup();
        if settings_file.is_some() {
            host.settings_file_changed(settings_path, settings_file);
        }
        let reindex = host.settings_changed();
        let filter = DocumentFilter::new(&host.settings, &host.config.folders);
        (reindex, filter)
    };
    if reindex {
        self::reindex(shared);
        return;
    }
    let (mut paths, errors) = workspace::discover(std::slice::from_ref(&root));
    paths.retain(|p| filter.admits(p));
    for error in &errors {
        log!("{error}");
    }
    let files: Vec<_> = paths.par_iter().map(|p| host::read(p)).collect();
    let count = files.len();
    shared.lock().root_added(root.clone(), files);
    log!(
        "indexed {count} document{} under {} in {} ms",
        if count == 1 { "" } else { "s" },
        root.display(),
        started.elapsed().as_millis()
    );
}

/// Indexes every folder again, after a setting that changes what is
/// indexed (registries, links, the document glob). Open documents keep the
/// editor's text.
pub fn reindex(shared: &Shared) {
    let (config, settings) = {
        let host = shared.lock();
        (host.config.clone(), host.settings.clone())
    };
    let workspace = index(&config, &settings);
    shared.lock().replace_workspace(workspace);
    shared.wake_diagnostics();
}

/// Resolves the settings after a change to one of their sources and
/// applies them: open documents are recomputed, and everything indexed
/// again when what is indexed changed.
pub fn settings_changed(shared: &Shared) {
    let reindex = shared.lock().settings_changed();
    if reindex {
        self::reindex(shared);
    }
    shared.wake_diagnostics();
}

/// Reads what settings `initialize` brings: each folder's `.newsls.toml`
/// and the `initializationOptions`.
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
