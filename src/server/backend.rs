//! The LSP handlers.
//!
//! # Ordering
//!
//! tower-lsp-server runs handlers concurrently (tower-lsp issue 284): it
//! pushes the future of each incoming message into `buffer_unordered` in
//! arrival order, and that first polls them in the same order. So a
//! handler sees every message that arrived before it, provided it does its
//! part before its first `.await`:
//!
//! - a **notification** handler (didOpen, didChange, didClose,
//!   didChangeWatchedFiles) applies its change to the shared state
//!   synchronously, and has no `.await` at all;
//! - a **request** handler takes its snapshot of the state before its
//!   first `.await`, then computes on the snapshot (on a blocking thread).
//!
//! Hence no request ever sees a document older than an edit sent before
//! it, and edits apply in order. No handler awaits a round trip to the
//! client: the watcher registration runs in a spawned task, and
//! diagnostics are published by their own worker task
//! ([`super::diagnostics`]). The host mutex is never held across an
//! `.await`.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use rayon::prelude::*;
use tower_lsp_server::jsonrpc::{self, Result};
use tower_lsp_server::ls_types::{
    CodeActionKind, CodeActionOptions, CodeActionParams, CodeActionProviderCapability,
    CodeActionResponse, CompletionOptions, CompletionParams, CompletionResponse, ConfigurationItem,
    DidChangeConfigurationParams, DidChangeTextDocumentParams, DidChangeWatchedFilesParams,
    DidChangeWatchedFilesRegistrationOptions, DidChangeWorkspaceFoldersParams,
    DidCloseTextDocumentParams, DidOpenTextDocumentParams, DocumentHighlight,
    DocumentHighlightParams, DocumentSymbolParams, DocumentSymbolResponse, FileChangeType,
    FileSystemWatcher, GlobPattern, GotoDefinitionParams, GotoDefinitionResponse, Hover,
    HoverParams, HoverProviderCapability, InitializeParams, InitializeResult, InitializedParams,
    Location, OneOf, Position, PrepareRenameResponse, ReferenceParams, Registration, RenameOptions,
    RenameParams, ServerCapabilities, ServerInfo, TextDocumentPositionParams,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions, Uri,
    WorkDoneProgressOptions, WorkspaceEdit, WorkspaceFoldersServerCapabilities,
    WorkspaceServerCapabilities, WorkspaceSymbolParams, WorkspaceSymbolResponse,
};
use tower_lsp_server::{Client, LanguageServer};

use super::config::{self, Config};
use super::convert::{self, Encoding};
use super::host::{self, Shared, Snapshot};
use super::log;
use crate::ide;
use crate::settings::{self, DocumentFilter, Settings};
use crate::workspace::{self, Workspace};

pub struct Backend {
    client: Client,
    shared: Arc<Shared>,
    /// Set by `shutdown`: the exit that follows is a clean one.
    shut_down: Arc<AtomicBool>,
    /// The client can register file watchers at run time.
    watch_dynamically: AtomicBool,
    /// The client answers `workspace/configuration`.
    pull_configuration: AtomicBool,
    /// The client can register for `workspace/didChangeConfiguration`.
    register_configuration: AtomicBool,
    /// Serializes settings fetches, so they apply in the order asked.
    fetching: Arc<tokio::sync::Mutex<()>>,
}

impl Backend {
    pub fn new(client: Client, shared: Arc<Shared>, shut_down: Arc<AtomicBool>) -> Self {
        Backend {
            client,
            shared,
            shut_down,
            watch_dynamically: AtomicBool::new(false),
            pull_configuration: AtomicBool::new(false),
            register_configuration: AtomicBool::new(false),
            fetching: Arc::default(),
        }
    }

    /// A snapshot for a request on `uri`, with the document's path; `None`
    /// (and a log line) when the document is not one newsls knows.
    fn snapshot_for(&self, uri: &Uri, request: &str) -> Option<(Snapshot, PathBuf)> {
        let path = document_path(uri, request)?;
        let snapshot = self.shared.lock().snapshot();
        if snapshot.workspace.file(&path).is_none() {
            log!("{request}: {} is neither open nor indexed", uri.as_str());
            return None;
        }
        Some((snapshot, path))
    }

    /// Indexes a folder that joins the workspace. Reads and parses before
    /// locking, and synchronously: it runs inside a notification handler,
    /// before any `.await` (see the module documentation).
    fn add_root(&self, root: PathBuf) {
        let started = Instant::now();
        let settings_path = root.join(settings::FILE_NAME);
        let settings_file = config::read_file(&settings_path);
        let (reindex, filter) = {
            let mut host = self.shared.lock();
            host.config.folders.push(root.clone());
            host.config.folders.sort();
            host.config.folders.dedup();
            host.settings_file_changed(settings_path, settings_file);
            let reindex = host.settings_changed();
            let filter = DocumentFilter::new(&host.settings, &host.config.folders);
            (reindex, filter)
        };
        if reindex {
            self.reindex();
            return;
        }
        let (mut paths, errors) = workspace::discover(std::slice::from_ref(&root));
        paths.retain(|p| filter.admits(p));
        for error in &errors {
            log!("{error}");
        }
        let files: Vec<_> = paths.par_iter().map(|p| host::read(p)).collect();
        let count = files.len();
        self.shared.lock().root_added(root.clone(), files);
        log!(
            "indexed {count} document{} under {} in {} ms",
            if count == 1 { "" } else { "s" },
            root.display(),
            started.elapsed().as_millis()
        );
    }

    fn wake_diagnostics(&self) {
        self.shared.wake.notify_one();
    }

    /// Indexes every folder again, after a setting that changes what is
    /// indexed (registries, links, the document glob). Open documents keep
    /// the editor's text.
    fn reindex(&self) {
        let (config, settings) = {
            let host = self.shared.lock();
            (host.config.clone(), host.settings.clone())
        };
        let workspace = index(&config, &settings);
        self.shared.lock().replace_workspace(workspace);
        self.wake_diagnostics();
    }

    /// Resolves the settings after a change to their sources, and applies
    /// them: open documents are recomputed, and indexed again if needed.
    fn settings_changed(&self) {
        let reindex = self.shared.lock().settings_changed();
        if reindex {
            self.reindex();
        }
        self.wake_diagnostics();
    }

    /// Asks the client for its `newsls` settings and applies them, in a
    /// spawned task: a round trip is never awaited in a handler.
    fn fetch_client_settings(&self) {
        let client = self.client.clone();
        let fetching = self.fetching.clone();
        let backend = self.detached();
        tokio::spawn(async move {
            let _in_order = fetching.lock().await;
            let item = ConfigurationItem {
                scope_uri: None,
                section: Some("newsls".to_string()),
            };
            match client.configuration(vec![item]).await {
                Ok(values) => {
                    let value = values.into_iter().next().unwrap_or_default();
                    let layer = config::read_json(&value, "client settings");
                    backend.shared.lock().config.client = layer;
                    backend.settings_changed();
                }
                Err(error) => log!("could not read the client's settings: {error}"),
            }
        });
    }

    /// A handle with what a spawned task needs to apply settings.
    fn detached(&self) -> Backend {
        Backend {
            client: self.client.clone(),
            shared: self.shared.clone(),
            shut_down: self.shut_down.clone(),
            watch_dynamically: AtomicBool::new(self.watch_dynamically.load(Ordering::Relaxed)),
            pull_configuration: AtomicBool::new(self.pull_configuration.load(Ordering::Relaxed)),
            register_configuration: AtomicBool::new(false),
            fetching: self.fetching.clone(),
        }
    }
}

/// The path of a `file:` URI; `None` and a log line for anything else.
fn local_path(uri: &Uri, what: &str) -> Option<PathBuf> {
    let path = convert::uri_to_path(uri);
    if path.is_none() {
        log!(
            "{what}: ignoring {}, which is not a local file",
            uri.as_str()
        );
    }
    path
}

/// The path of a document: a `*.news.md` file. Some editors (Helix, Eglot
/// in markdown-mode) send every Markdown file to the server; the others
/// are left alone, with a log line when they are opened only, not on every
/// keystroke or hover.
fn document_path(uri: &Uri, what: &str) -> Option<PathBuf> {
    let path = local_path(uri, what)?;
    if workspace::is_news_file(&path) {
        return Some(path);
    }
    if what == "didOpen" {
        log!(
            "{what}: ignoring {}, which is not a *.news.md document",
            uri.as_str()
        );
    }
    None
}

/// LSP's `RequestFailed`: the request was valid but could not be done.
const REQUEST_FAILED: i64 = -32803;

/// Runs a feature on a blocking thread; a panic in it becomes an error
/// response instead of taking the server down.
async fn compute<T: Send + 'static>(
    request: &str,
    feature: impl FnOnce() -> T + Send + 'static,
) -> Result<T> {
    tokio::task::spawn_blocking(feature).await.map_err(|error| {
        log!("{request} failed: {error}");
        jsonrpc::Error::internal_error()
    })
}

/// The folders to index: the workspace folders, else the root URI.
fn roots(params: &InitializeParams) -> Vec<PathBuf> {
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

fn capabilities(encoding: Encoding) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(encoding.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                ..TextDocumentSyncOptions::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        document_highlight_provider: Some(OneOf::Left(true)),
        rename_provider: Some(OneOf::Right(RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: WorkDoneProgressOptions::default(),
        })),
        document_symbol_provider: Some(OneOf::Left(true)),
        workspace_symbol_provider: Some(OneOf::Left(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec!["@".to_string()]),
            ..CompletionOptions::default()
        }),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..CodeActionOptions::default()
        })),
        workspace: Some(WorkspaceServerCapabilities {
            workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                supported: Some(true),
                change_notifications: Some(OneOf::Left(true)),
            }),
            file_operations: None,
        }),
        ..ServerCapabilities::default()
    }
}

/// Indexes every document under the folders and registries, on every
/// core.
fn index(config: &Config, settings: &Settings) -> Workspace {
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

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let encoding = Encoding::negotiate(&params.capabilities);
        let workspace_caps = params.capabilities.workspace.as_ref();
        let pull = workspace_caps
            .and_then(|w| w.configuration)
            .unwrap_or(false);
        self.pull_configuration.store(pull, Ordering::Relaxed);
        let register = workspace_caps
            .and_then(|w| w.did_change_configuration.as_ref())
            .and_then(|c| c.dynamic_registration)
            .unwrap_or(false);
        self.register_configuration
            .store(register, Ordering::Relaxed);
        let dynamic = params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|w| w.dynamic_registration)
            .unwrap_or(false);
        self.watch_dynamically.store(dynamic, Ordering::Relaxed);
        self.shared.lock().encoding = encoding;
        log!("position encoding {}", encoding.kind().as_str());

        // Settings first: they say what to index.
        let folders = roots(&params);
        let mut config = Config {
            folders: folders.clone(),
            init: params
                .initialization_options
                .as_ref()
                .map(|options| config::read_json(options, "initializationOptions"))
                .unwrap_or_default(),
            ..Config::default()
        };
        for folder in &folders {
            let path = folder.join(settings::FILE_NAME);
            if let Some(file) = config::read_file(&path) {
                config.files.insert(path, file);
            }
        }
        let settings = {
            let mut host = self.shared.lock();
            let paths: Vec<PathBuf> = config.files.keys().cloned().collect();
            host.config = config.clone();
            for path in paths {
                let file = host.config.files.get(&path).cloned();
                host.settings_file_changed(path, file);
            }
            host.settings_changed();
            host.settings.clone()
        };

        // Indexed before the response, so the index exists before any other
        // request is served.
        let fallback = Workspace::new(folders);
        let workspace = match tokio::task::spawn_blocking(move || index(&config, &settings)).await {
            Ok(workspace) => workspace,
            Err(error) => {
                log!("indexing failed: {error}");
                fallback
            }
        };
        self.shared.lock().replace_workspace(workspace);
        self.wake_diagnostics();

        Ok(InitializeResult {
            capabilities: capabilities(encoding),
            offset_encoding: None,
            server_info: Some(ServerInfo {
                name: "newsls".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        if self.register_configuration.load(Ordering::Relaxed) {
            let registration = Registration {
                id: "newsls-configuration".to_string(),
                method: "workspace/didChangeConfiguration".to_string(),
                register_options: Some(serde_json::json!({ "section": "newsls" })),
            };
            let client = self.client.clone();
            tokio::spawn(async move {
                if let Err(error) = client.register_capability(vec![registration]).await {
                    log!("could not register for configuration changes: {error}");
                }
            });
        }
        if self.pull_configuration.load(Ordering::Relaxed) {
            self.fetch_client_settings();
        }
        if !self.watch_dynamically.load(Ordering::Relaxed) {
            log!(
                "the client cannot watch files for us; changes on disk are seen only through open documents"
            );
            return;
        }
        let options = DidChangeWatchedFilesRegistrationOptions {
            watchers: vec![
                FileSystemWatcher {
                    glob_pattern: GlobPattern::String("**/*.news.md".to_string()),
                    kind: None,
                },
                FileSystemWatcher {
                    glob_pattern: GlobPattern::String(format!("**/{}", settings::FILE_NAME)),
                    kind: None,
                },
            ],
        };
        let registration = Registration {
            id: "newsls-watch-news-files".to_string(),
            method: "workspace/didChangeWatchedFiles".to_string(),
            register_options: serde_json::to_value(options).ok(),
        };
        // A round trip to the client: never awaited in the handler.
        let client = self.client.clone();
        tokio::spawn(async move {
            if let Err(error) = client.register_capability(vec![registration]).await {
                log!("could not register the file watcher: {error}");
            }
        });
    }

    async fn shutdown(&self) -> Result<()> {
        self.shut_down.store(true, Ordering::SeqCst);
        Ok(())
    }

    // Notifications: applied synchronously, no `.await` (see the module
    // documentation).

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        let Some(path) = document_path(&doc.uri, "didOpen") else {
            return;
        };
        // An editor with no folder open (a single file) still gets the
        // documents beside it, so cross-document features work.
        let no_roots = self.shared.lock().workspace.roots().is_empty();
        if let Some(folder) = path.parent().filter(|_| no_roots) {
            log!("no workspace folder: indexing {}", folder.display());
            self.add_root(folder.to_path_buf());
        }
        self.shared
            .lock()
            .did_open(path, doc.uri, doc.text, doc.version);
        self.wake_diagnostics();
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        // A client that can be asked is asked (what it sends may be
        // nothing, or not only ours); the others send the settings.
        if self.pull_configuration.load(Ordering::Relaxed) {
            self.fetch_client_settings();
            return;
        }
        let section = config::newsls_section(&params.settings);
        let layer = config::read_json(section, "client settings");
        self.shared.lock().config.client = layer;
        self.settings_changed();
    }

    async fn did_change_workspace_folders(&self, params: DidChangeWorkspaceFoldersParams) {
        for folder in &params.event.removed {
            if let Some(root) = local_path(&folder.uri, "workspace folder") {
                let mut host = self.shared.lock();
                host.root_removed(&root);
                host.config.folders.retain(|f| f != &root);
                let settings_path = root.join(settings::FILE_NAME);
                if host.config.files.contains_key(&settings_path) {
                    host.settings_file_changed(settings_path, None);
                }
                drop(host);
                self.settings_changed();
            }
        }
        for folder in &params.event.added {
            if let Some(root) = local_path(&folder.uri, "workspace folder") {
                self.add_root(root);
            }
        }
        self.wake_diagnostics();
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let doc = params.text_document;
        let Some(path) = document_path(&doc.uri, "didChange") else {
            return;
        };
        let changed = self
            .shared
            .lock()
            .did_change(&path, doc.version, params.content_changes);
        if changed {
            self.wake_diagnostics();
        } else {
            log!("didChange: {} is not open; ignored", doc.uri.as_str());
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let Some(path) = document_path(&uri, "didClose") else {
            return;
        };
        // Read before locking; still before any `.await`.
        let (indexes, roots) = {
            let host = self.shared.lock();
            (
                host.indexes_from_disk(&path),
                host.workspace.roots().to_vec(),
            )
        };
        // Back to the disk copy only if a walk of the folders would find it
        // (a hidden or ignored document leaves the index when closed).
        let indexes =
            indexes && workspace::discoverable(&roots, std::slice::from_ref(&path)).contains(&path);
        let on_disk = indexes.then(|| host::read(&path));
        let on_disk = match on_disk {
            // Gone from disk: not an error worth a log line.
            Some(Err(_)) if !path.exists() => None,
            other => other,
        };
        let closed = self.shared.lock().did_close(&path, on_disk);
        if closed {
            self.wake_diagnostics();
        } else {
            log!("didClose: {} was not open; ignored", uri.as_str());
        }
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let settings_files: Vec<PathBuf> = params
            .changes
            .iter()
            .filter_map(|event| convert::uri_to_path(&event.uri))
            .filter(|path| self.shared.lock().config.is_settings_file(path))
            .collect();
        if !settings_files.is_empty() {
            for path in settings_files {
                let file = config::read_file(&path);
                log!("settings: read {} again", path.display());
                self.shared.lock().settings_file_changed(path, file);
            }
            self.settings_changed();
        }
        let changes: Vec<(PathBuf, bool)> = params
            .changes
            .into_iter()
            .filter_map(|event| {
                let path = document_path(&event.uri, "didChangeWatchedFiles")?;
                Some((path, event.typ == FileChangeType::DELETED))
            })
            .collect();
        // Only what the first walk would have found is indexed (not hidden,
        // not ignored), as `newsls check` sees it; a file that became
        // ignored leaves the index.
        let (roots, filter) = {
            let host = self.shared.lock();
            let filter = DocumentFilter::new(&host.settings, &host.config.folders);
            (host.workspace.roots().to_vec(), filter)
        };
        let candidates: Vec<PathBuf> = changes
            .iter()
            .filter(|(path, deleted)| !deleted && filter.admits(path))
            .map(|(path, _)| path.clone())
            .collect();
        let indexed = workspace::discoverable(&roots, &candidates);
        // Read in parallel, before locking; still before any `.await`.
        let read: Vec<_> = changes
            .into_par_iter()
            .map(|(path, deleted)| {
                let on_disk = if deleted || !indexed.contains(&path) {
                    None
                } else {
                    Some(host::read(&path))
                };
                (path, on_disk)
            })
            .collect();
        let mut host = self.shared.lock();
        for (path, on_disk) in read {
            host.disk_changed(&path, on_disk);
        }
        drop(host);
        self.wake_diagnostics();
    }

    // Requests: the snapshot is taken before the first `.await`.

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let at = params.text_document_position_params;
        let Some((snapshot, path)) = self.snapshot_for(&at.text_document.uri, "hover") else {
            return Ok(None);
        };
        compute("hover", move || hover(&snapshot, &path, at.position)).await
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let at = params.text_document_position_params;
        let Some((snapshot, path)) = self.snapshot_for(&at.text_document.uri, "definition") else {
            return Ok(None);
        };
        compute("definition", move || {
            definition(&snapshot, &path, at.position)
        })
        .await
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let at = params.text_document_position;
        let Some((snapshot, path)) = self.snapshot_for(&at.text_document.uri, "completion") else {
            return Ok(None);
        };
        compute("completion", move || {
            completion(&snapshot, &path, at.position)
        })
        .await
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let at = params.text_document_position;
        let include_definitions = params.context.include_declaration;
        let Some((snapshot, path)) = self.snapshot_for(&at.text_document.uri, "references") else {
            return Ok(None);
        };
        compute("references", move || {
            references(&snapshot, &path, at.position, include_definitions)
        })
        .await
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        let uri = params.text_document.uri;
        let Some((snapshot, path)) = self.snapshot_for(&uri, "documentSymbol") else {
            return Ok(None);
        };
        compute("documentSymbol", move || {
            let ws = &snapshot.workspace;
            let file = ws.file(&path)?;
            let symbols = ide::symbols::document(ws, &path);
            Some(convert::document_symbols(file, symbols, snapshot.encoding))
        })
        .await
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<WorkspaceSymbolResponse>> {
        let snapshot = self.shared.lock().snapshot();
        compute("workspace/symbol", move || {
            let ws = &snapshot.workspace;
            let symbols = ide::symbols::workspace(ws, &params.query);
            Some(convert::workspace_symbols(ws, symbols, snapshot.encoding))
        })
        .await
    }

    async fn document_highlight(
        &self,
        params: DocumentHighlightParams,
    ) -> Result<Option<Vec<DocumentHighlight>>> {
        let at = params.text_document_position_params;
        let Some((snapshot, path)) = self.snapshot_for(&at.text_document.uri, "documentHighlight")
        else {
            return Ok(None);
        };
        compute("documentHighlight", move || {
            let ws = &snapshot.workspace;
            let file = ws.file(&path)?;
            let offset = convert::offset(&file.lines, &file.text, at.position, snapshot.encoding);
            let found = ide::references::highlights(ws, &path, offset);
            (!found.is_empty()).then(|| convert::highlights(file, found, snapshot.encoding))
        })
        .await
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        let Some((snapshot, path)) = self.snapshot_for(&params.text_document.uri, "prepareRename")
        else {
            return Ok(None);
        };
        compute("prepareRename", move || {
            let ws = &snapshot.workspace;
            let file = ws.file(&path)?;
            let encoding = snapshot.encoding;
            let offset = convert::offset(&file.lines, &file.text, params.position, encoding);
            let (range, id) = ide::rename::prepare(ws, &path, offset)?;
            Some(PrepareRenameResponse::RangeWithPlaceholder {
                range: convert::range(&file.lines, &file.text, range, encoding),
                placeholder: id,
            })
        })
        .await
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        let at = params.text_document_position;
        let Some((snapshot, path)) = self.snapshot_for(&at.text_document.uri, "rename") else {
            return Ok(None);
        };
        let renamed = compute("rename", move || {
            let ws = &snapshot.workspace;
            let Some(file) = ws.file(&path) else {
                return Ok(None);
            };
            let encoding = snapshot.encoding;
            let offset = convert::offset(&file.lines, &file.text, at.position, encoding);
            let edits = ide::rename::rename(ws, &path, offset, &params.new_name)?;
            Ok(Some(convert::rename_edits(ws, edits, encoding)))
        })
        .await?;
        // The reason a rename cannot be done is for the user to read.
        renamed.map_err(|message: String| jsonrpc::Error {
            code: jsonrpc::ErrorCode::ServerError(REQUEST_FAILED),
            message: message.into(),
            data: None,
        })
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri;
        let Some((snapshot, path)) = self.snapshot_for(&uri, "codeAction") else {
            return Ok(None);
        };
        compute("codeAction", move || {
            code_actions(&snapshot, &path, params.range)
        })
        .await
    }
}

fn completion(
    snapshot: &Snapshot,
    path: &std::path::Path,
    position: Position,
) -> Option<CompletionResponse> {
    let ws = &snapshot.workspace;
    let file = ws.file(path)?;
    let offset = convert::offset(&file.lines, &file.text, position, snapshot.encoding);
    let found = ide::completion::complete(ws, path, offset);
    (!found.items.is_empty()).then(|| convert::completion(file, found, snapshot.encoding))
}

fn references(
    snapshot: &Snapshot,
    path: &std::path::Path,
    position: Position,
    include_definitions: bool,
) -> Option<Vec<Location>> {
    let ws = &snapshot.workspace;
    let file = ws.file(path)?;
    let offset = convert::offset(&file.lines, &file.text, position, snapshot.encoding);
    let locations: Vec<Location> = ide::references::find(ws, path, offset, include_definitions)
        .into_iter()
        .filter_map(|l| convert::location(ws, &l.path, l.range, snapshot.encoding))
        .collect();
    (!locations.is_empty()).then_some(locations)
}

fn code_actions(
    snapshot: &Snapshot,
    path: &std::path::Path,
    range: tower_lsp_server::ls_types::Range,
) -> Option<CodeActionResponse> {
    let ws = &snapshot.workspace;
    let file = ws.file(path)?;
    let start = convert::offset(&file.lines, &file.text, range.start, snapshot.encoding);
    let end = convert::offset(&file.lines, &file.text, range.end, snapshot.encoding);
    let span = crate::syntax::TextRange::new(start, end.max(start));
    let fixes = ide::code_actions::quick_fixes(ws, path, span);
    let actions = convert::quick_fixes(ws, file, fixes, snapshot.encoding);
    (!actions.is_empty()).then_some(actions)
}

fn hover(snapshot: &Snapshot, path: &std::path::Path, position: Position) -> Option<Hover> {
    let ws = &snapshot.workspace;
    let file = ws.file(path)?;
    let offset = convert::offset(&file.lines, &file.text, position, snapshot.encoding);
    let found = ide::hover::find(ws, path, offset)?;
    Some(convert::hover(file, found, snapshot.encoding))
}

fn definition(
    snapshot: &Snapshot,
    path: &std::path::Path,
    position: Position,
) -> Option<GotoDefinitionResponse> {
    let ws = &snapshot.workspace;
    let file = ws.file(path)?;
    let offset = convert::offset(&file.lines, &file.text, position, snapshot.encoding);
    let locations: Vec<_> = ide::definition::find(ws, path, offset)
        .into_iter()
        .filter_map(|l| convert::location(ws, &l.path, l.range, snapshot.encoding))
        .collect();
    (!locations.is_empty()).then_some(GotoDefinitionResponse::Array(locations))
}
