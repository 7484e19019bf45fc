//! The `LanguageServer` wiring: each LSP message goes to its handler in
//! [`super::handlers`]; requests run on a snapshot on a blocking thread.
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

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tower_lsp_server::jsonrpc::{self, Result};
use tower_lsp_server::ls_types::{
    CodeActionParams, CodeActionResponse, CompletionParams, CompletionResponse,
    DidChangeTextDocumentParams, DidChangeWatchedFilesParams, DidChangeWorkspaceFoldersParams,
    DidCloseTextDocumentParams, DidOpenTextDocumentParams, DocumentHighlight,
    DocumentHighlightParams, DocumentSymbolParams, DocumentSymbolResponse, GotoDefinitionParams,
    GotoDefinitionResponse, Hover, HoverParams, InitializeParams, InitializeResult,
    InitializedParams, Location, PrepareRenameResponse, ReferenceParams, RenameParams, ServerInfo,
    TextDocumentPositionParams, WorkspaceEdit, WorkspaceSymbolParams, WorkspaceSymbolResponse,
};
use tower_lsp_server::{Client, LanguageServer};

use super::capabilities;
use super::handlers::{notification, request};
use super::host::Shared;
use super::indexing;
use super::log;
use super::snapshot::Snapshot;
use crate::workspace::Workspace;

pub struct Backend {
    client: Client,
    shared: Arc<Shared>,
    /// Set by `shutdown`: the exit that follows is a clean one.
    shut_down: Arc<AtomicBool>,
    /// The client can register file watchers at run time.
    watch_files: AtomicBool,
}

impl Backend {
    pub fn new(client: Client, shared: Arc<Shared>, shut_down: Arc<AtomicBool>) -> Self {
        Backend {
            client,
            shared,
            shut_down,
            watch_files: AtomicBool::new(false),
        }
    }

    /// Runs a request handler on a snapshot taken now, before the first
    /// `.await`, on a blocking thread; a panic in it becomes an error
    /// response instead of taking the server down.
    async fn run<P, R>(&self, name: &str, params: P, handler: fn(&Snapshot, P) -> R) -> Result<R>
    where
        P: Send + 'static,
        R: Send + 'static,
    {
        let snapshot = self.shared.lock().snapshot();
        tokio::task::spawn_blocking(move || handler(&snapshot, params))
            .await
            .map_err(|error| {
                log!("{name} failed: {error}");
                jsonrpc::Error::internal_error()
            })
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let negotiated = capabilities::negotiate(&params.capabilities);
        self.watch_files
            .store(negotiated.watch_files, Ordering::Relaxed);
        self.shared.lock().encoding = negotiated.encoding;
        log!("position encoding {}", negotiated.encoding.kind().as_str());

        // Indexed before the response, so the index exists before any other
        // request is served.
        let roots = indexing::roots(&params);
        let fallback = Workspace::new(roots.clone());
        let workspace = match tokio::task::spawn_blocking(move || indexing::index(roots)).await {
            Ok(workspace) => workspace,
            Err(error) => {
                log!("indexing failed: {error}");
                fallback
            }
        };
        self.shared.lock().replace_workspace(workspace);
        self.shared.wake_diagnostics();

        Ok(InitializeResult {
            capabilities: negotiated.capabilities,
            offset_encoding: None,
            server_info: Some(ServerInfo {
                name: "newsls".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        notification::initialized(&self.client, self.watch_files.load(Ordering::Relaxed));
    }

    async fn shutdown(&self) -> Result<()> {
        self.shut_down.store(true, Ordering::SeqCst);
        Ok(())
    }

    // Notifications: applied synchronously, no `.await`.

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        notification::did_open(&self.shared, params);
    }

    async fn did_change_workspace_folders(&self, params: DidChangeWorkspaceFoldersParams) {
        notification::did_change_workspace_folders(&self.shared, params);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        notification::did_change(&self.shared, params);
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        notification::did_close(&self.shared, params);
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        notification::did_change_watched_files(&self.shared, params);
    }

    // Requests: the snapshot is taken before the first `.await`.

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        self.run("hover", params, request::hover).await
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        self.run("definition", params, request::goto_definition)
            .await
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        self.run("completion", params, request::completion).await
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        self.run("references", params, request::references).await
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        self.run("documentSymbol", params, request::document_symbol)
            .await
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<WorkspaceSymbolResponse>> {
        self.run("workspace/symbol", params, request::workspace_symbol)
            .await
    }

    async fn document_highlight(
        &self,
        params: DocumentHighlightParams,
    ) -> Result<Option<Vec<DocumentHighlight>>> {
        self.run("documentHighlight", params, request::document_highlight)
            .await
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        self.run("prepareRename", params, request::prepare_rename)
            .await
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        self.run("rename", params, request::rename).await?
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        self.run("codeAction", params, request::code_action).await
    }
}
