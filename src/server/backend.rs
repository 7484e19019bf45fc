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
//! it, and edits apply in order. A request that needs documents not read
//! yet (the first indexing runs in the background) waits for them, keeping
//! its own document as its snapshot had it ([`indexing::complete`]). No handler awaits a round trip to the
//! client: the watcher registration runs in a spawned task, and
//! diagnostics are published by their own worker task
//! ([`super::diagnostics`]). The host mutex is never held across an
//! `.await`.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    CodeActionParams, CodeActionResponse, CodeLens, CodeLensParams, CompletionParams,
    CompletionResponse, ConfigurationItem, DidChangeConfigurationParams,
    DidChangeTextDocumentParams, DidChangeWatchedFilesParams, DidChangeWorkspaceFoldersParams,
    DidCloseTextDocumentParams, DidOpenTextDocumentParams, DocumentHighlight,
    DocumentHighlightParams, DocumentLink, DocumentLinkParams, DocumentSymbolParams,
    DocumentSymbolResponse, FoldingRange, FoldingRangeParams, GotoDefinitionParams,
    GotoDefinitionResponse, Hover, HoverParams, InitializeParams, InitializeResult,
    InitializedParams, Location, PrepareRenameResponse, ReferenceParams, RenameParams,
    SelectionRange, SelectionRangeParams, SemanticTokensParams, SemanticTokensRangeParams,
    SemanticTokensRangeResult, SemanticTokensResult, ServerInfo, TextDocumentPositionParams, Uri,
    WorkspaceEdit, WorkspaceSymbolParams, WorkspaceSymbolResponse,
};
use tower_lsp_server::{Client, LanguageServer};

use super::capabilities;
use super::config;
use super::handlers::{notification, request};
use super::host::Shared;
use super::indexing;
use super::watcher;
use super::{log, log_warning};

mod run;

pub struct Backend {
    client: Client,
    shared: Arc<Shared>,
    /// Set by `shutdown`: the exit that follows is a clean one.
    shut_down: Arc<AtomicBool>,
    /// What was decided from the client's capabilities at `initialize`.
    negotiated: std::sync::OnceLock<capabilities::Negotiated>,
    /// Serializes settings fetches, so they apply in the order asked.
    fetching: Arc<tokio::sync::Mutex<()>>,
}

impl Backend {
    pub fn new(client: Client, shared: Arc<Shared>, shut_down: Arc<AtomicBool>) -> Self {
        Backend {
            client,
            shared,
            shut_down,
            negotiated: std::sync::OnceLock::new(),
            fetching: Arc::default(),
        }
    }

    /// Asks the client for its `newsls` settings and applies them, in a
    /// spawned task (a round trip is never awaited in a handler); fetches
    /// apply in the order they were asked.
    fn fetch_client_settings(&self) {
        let client = self.client.clone();
        let shared = self.shared.clone();
        let fetching = self.fetching.clone();
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
                    shared.lock().config.client = layer;
                    indexing::settings_changed(&shared);
                }
                Err(error) => log_warning!("could not read the client's settings: {error}"),
            }
        });
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let negotiated = capabilities::negotiate(&params.capabilities);
        let _ = self.negotiated.set(negotiated.clone());
        {
            let mut host = self.shared.lock();
            host.encoding = negotiated.encoding;
            host.support = std::sync::Arc::new(negotiated.support.clone());
        }
        log!("position encoding {}", negotiated.encoding.kind().as_str());

        // Settings first (a few small files): they say what to index.
        let (folders, narrowed) = indexing::roots(&params);
        let mut config = indexing::initial_config(&folders, params.initialization_options.as_ref());
        config.narrowed = narrowed;

        // Answered at once: the folders are read after `initialized`
        // (see `indexing`), and requests that need them wait.
        self.shared.set_indexed(false);
        let mut host = self.shared.lock();
        host.set_config(config);
        let roots = host.config.roots(&host.settings);
        host.begin_indexing(roots);
        drop(host);

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
        let Some(negotiated) = self.negotiated.get() else {
            return;
        };
        tokio::spawn(indexing::run(
            self.shared.clone(),
            self.client.clone(),
            negotiated.report_progress,
        ));
        notification::initialized(&self.client, negotiated);
        if !negotiated.watch_files {
            let watcher = watcher::Watcher::start(self.shared.clone());
            *self
                .shared
                .watcher
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner) = watcher;
            self.shared.rewatch();
        }
        if negotiated.pull_configuration {
            self.fetch_client_settings();
        }
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

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        // A client that can be asked is asked: what it sends may be nothing,
        // or more than our section.
        if self.negotiated.get().is_some_and(|n| n.pull_configuration) {
            self.fetch_client_settings();
        } else {
            notification::did_change_configuration(&self.shared, params);
        }
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        notification::did_change_watched_files(&self.shared, params);
    }

    // Requests: the snapshot is taken before the first `.await`.

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let uri = params
            .text_document_position_params
            .text_document
            .uri
            .clone();
        self.run_here_first("hover", &uri, params, request::hover)
            .await
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let uri = params
            .text_document_position_params
            .text_document
            .uri
            .clone();
        self.run_here_first("definition", &uri, params, request::goto_definition)
            .await
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let uri = params.text_document_position.text_document.uri.clone();
        self.run_whole("completion", &uri, params, request::completion)
            .await
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let uri = params.text_document_position.text_document.uri.clone();
        self.run_whole("references", &uri, params, request::references)
            .await
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
        // No document of its own: the whole folder, as it is once read.
        self.shared.indexed().await;
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
        let uri = params.text_document_position.text_document.uri.clone();
        self.run_whole("rename", &uri, params, request::rename)
            .await?
    }

    async fn code_lens(&self, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
        self.run("codeLens", params, request::code_lens).await
    }

    async fn code_lens_resolve(&self, params: CodeLens) -> Result<CodeLens> {
        // Counts need the whole folder.
        let uri = params
            .data
            .as_ref()
            .and_then(|d| d.get("uri"))
            .and_then(|u| u.as_str())
            .and_then(|u| u.parse::<Uri>().ok());
        match uri {
            Some(uri) => {
                self.run_whole("codeLens/resolve", &uri, params, request::code_lens_resolve)
                    .await
            }
            None => {
                self.run("codeLens/resolve", params, request::code_lens_resolve)
                    .await
            }
        }
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        // Kinds and definedness come from other documents.
        let uri = params.text_document.uri.clone();
        self.run_whole(
            "semanticTokens/full",
            &uri,
            params,
            request::semantic_tokens_full,
        )
        .await
    }

    async fn semantic_tokens_range(
        &self,
        params: SemanticTokensRangeParams,
    ) -> Result<Option<SemanticTokensRangeResult>> {
        let uri = params.text_document.uri.clone();
        self.run_whole(
            "semanticTokens/range",
            &uri,
            params,
            request::semantic_tokens_range,
        )
        .await
    }

    async fn selection_range(
        &self,
        params: SelectionRangeParams,
    ) -> Result<Option<Vec<SelectionRange>>> {
        self.run("selectionRange", params, request::selection_range)
            .await
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        self.run("foldingRange", params, request::folding_range)
            .await
    }

    async fn document_link(&self, params: DocumentLinkParams) -> Result<Option<Vec<DocumentLink>>> {
        self.run("documentLink", params, request::document_link)
            .await
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        // Quick fixes come with diagnostics, which need the whole folder.
        let uri = params.text_document.uri.clone();
        self.run_whole("codeAction", &uri, params, request::code_action)
            .await
    }
}
