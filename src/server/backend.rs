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
//! its own document as its snapshot had it ([`super::indexing::complete`]).
//! No handler awaits a round trip to the client: registrations and
//! settings fetches run in spawned tasks ([`super::handlers::session`]),
//! and diagnostics are published by their own worker task
//! ([`super::diagnostics`]). The host mutex is never held across an
//! `.await`.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    CodeActionParams, CodeActionResponse, CodeLens, CodeLensParams, CompletionParams,
    CompletionResponse, DidChangeConfigurationParams, DidChangeTextDocumentParams,
    DidChangeWatchedFilesParams, DidChangeWorkspaceFoldersParams, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, DocumentDiagnosticParams, DocumentDiagnosticReportResult,
    DocumentHighlight, DocumentHighlightParams, DocumentLink, DocumentLinkParams,
    DocumentSymbolParams, DocumentSymbolResponse, FoldingRange, FoldingRangeParams,
    GotoDefinitionParams, GotoDefinitionResponse, Hover, HoverParams, InitializeParams,
    InitializeResult, InitializedParams, Location, PrepareRenameResponse, ReferenceParams,
    RenameParams, SelectionRange, SelectionRangeParams, SemanticTokensParams,
    SemanticTokensRangeParams, SemanticTokensRangeResult, SemanticTokensResult,
    TextDocumentPositionParams, WorkspaceDiagnosticParams, WorkspaceDiagnosticReportResult,
    WorkspaceEdit, WorkspaceSymbolParams, WorkspaceSymbolResponse,
};
use tower_lsp_server::{Client, LanguageServer};

use super::handlers::session::Session;
use super::handlers::{notification, request};
use super::host::Shared;
use super::pull;

mod run;

pub struct Backend {
    shared: Arc<Shared>,
    session: Session,
    /// Set by `shutdown`: the exit that follows is a clean one.
    shut_down: Arc<AtomicBool>,
}

impl Backend {
    pub fn new(client: Client, shared: Arc<Shared>, shut_down: Arc<AtomicBool>) -> Self {
        let session = Session::new(client, shared.clone());
        Backend {
            shared,
            session,
            shut_down,
        }
    }
}

// Requests go through `run` (the open document alone), `run_whole` (waits
// for the first indexing when the answer lies in other documents too),
// `run_here_first` (the open document first, then the whole folder if that
// found nothing) or `run_indexed` (no document: the whole folder); see
// `backend/run.rs`.
impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        Ok(self.session.initialize(params))
    }

    async fn initialized(&self, _: InitializedParams) {
        self.session.initialized();
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
        self.session.did_change_configuration(params);
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        notification::did_change_watched_files(&self.shared, params);
    }

    // Requests: the snapshot is taken before the first `.await`.

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        self.run_here_first("hover", params, request::hover).await
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        self.run_here_first("definition", params, request::goto_definition)
            .await
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        self.run_whole("completion", params, request::completion)
            .await
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        self.run_whole("references", params, request::references)
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
        self.run_indexed("workspace/symbol", params, request::workspace_symbol)
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
        self.run_whole("rename", params, request::rename).await?
    }

    async fn code_lens(&self, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
        self.run("codeLens", params, request::code_lens).await
    }

    async fn code_lens_resolve(&self, params: CodeLens) -> Result<CodeLens> {
        // Counts need the whole folder.
        self.run_whole("codeLens/resolve", params, request::code_lens_resolve)
            .await
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        // Kinds and definedness come from other documents.
        self.run_whole("semanticTokens/full", params, request::semantic_tokens_full)
            .await
    }

    async fn semantic_tokens_range(
        &self,
        params: SemanticTokensRangeParams,
    ) -> Result<Option<SemanticTokensRangeResult>> {
        self.run_whole(
            "semanticTokens/range",
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
        self.run_whole("codeAction", params, request::code_action)
            .await
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        // While the folder is first read, the document's own diagnostics;
        // the client is asked to pull again once it is read.
        self.run(
            "textDocument/diagnostic",
            params,
            request::document_diagnostic,
        )
        .await
    }

    async fn workspace_diagnostic(
        &self,
        params: WorkspaceDiagnosticParams,
    ) -> Result<WorkspaceDiagnosticReportResult> {
        pull::workspace(&self.shared, params).await
    }
}
