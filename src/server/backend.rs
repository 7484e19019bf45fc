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
//! tower-lsp-server polls only four futures at once; a request that awaits
//! leaves its loop after that first poll and answers from a task of its own
//! ([`super::detach`]), so waiting requests never hold up later messages.
//! No handler awaits a round trip to the client: registrations and
//! settings fetches run in spawned tasks ([`super::handlers::session`]),
//! and diagnostics are published by their own worker task
//! ([`super::diagnostics`]). The host mutex is never held across an
//! `.await`.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidChangeWorkspaceFolders, DidCloseTextDocument,
    DidOpenTextDocument, DidRenameFiles,
};
use tower_lsp_server::ls_types::request::{
    CodeActionRequest, CodeActionResolveRequest, CodeLensRequest, CodeLensResolve, Completion,
    DocumentDiagnosticRequest, DocumentHighlightRequest, DocumentLinkRequest,
    DocumentSymbolRequest, ExecuteCommand, FoldingRangeRequest, GotoDefinition, HoverRequest,
    InlayHintRequest, PrepareRenameRequest, References, Rename, Request, SelectionRangeRequest,
    SemanticTokensFullDeltaRequest, SemanticTokensFullRequest, SemanticTokensRangeRequest,
    WorkspaceSymbolRequest,
};
use tower_lsp_server::ls_types::{
    CodeAction, DidChangeConfigurationParams, ExecuteCommandParams, InitializeParams,
    InitializeResult, InitializedParams, LSPAny, MessageType, RenameFilesParams, RenameParams,
    WorkspaceDiagnosticParams, WorkspaceDiagnosticReportResult, WorkspaceEdit,
};
use tower_lsp_server::{Client, LanguageServer};

use super::handlers::session::Session;
use super::handlers::{notification, request, wikidata};
use super::log_error;
use super::lsp_ext::{self, DossierParams, DossierResult};
use super::pull;
use super::state::State;

mod run;

use run::{notifications, requests};

pub struct Backend {
    state: Arc<State>,
    /// What the client's pulls of every document's diagnostics share.
    pulls: Arc<pull::Pulls>,
    session: Session,
    /// Set by `shutdown`: the exit that follows is a clean one.
    shut_down: Arc<AtomicBool>,
}

impl Backend {
    pub fn new(client: Client, state: Arc<State>, shut_down: Arc<AtomicBool>) -> Self {
        let session = Session::new(client, state.clone());
        Backend {
            state,
            pulls: Arc::default(),
            session,
            shut_down,
        }
    }
}

/// newsls's own requests (`lsp_ext.rs`), registered by name in
/// `server/mod.rs`; each runs as the trait's requests do.
impl Backend {
    /// `newsls/dossier`: counts and definitions lie in other documents, so
    /// on the whole folder, with the document as the editor has it.
    pub async fn dossier(&self, params: DossierParams) -> Result<Option<DossierResult>> {
        self.run_on_folder(lsp_ext::DOSSIER, params, request::dossier)
            .await?
    }
}

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

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        self.session.did_change_configuration(params);
    }

    // Applied to the host synchronously, with no `.await`.
    notifications! {
        did_open: DidOpenTextDocument = notification::did_open;
        did_change: DidChangeTextDocument = notification::did_change;
        did_close: DidCloseTextDocument = notification::did_close;
        did_change_workspace_folders: DidChangeWorkspaceFolders = notification::did_change_workspace_folders;
        did_change_watched_files: DidChangeWatchedFiles = notification::did_change_watched_files;
        did_rename_files: DidRenameFiles = notification::did_rename_files;
    }

    // Each on a snapshot taken before the first `.await`, run one of the
    // ways of `backend/run.rs`: `run_on_document` (the open document
    // alone), `run_on_folder` (waits for the first indexing: the answer
    // lies in other documents too, as counts, kinds and quick fixes do),
    // `run_on_document_then_folder` (the open document, then the whole
    // folder if that found nothing), `run_on_document_then_definitions`
    // (the same, but on every definition, which a warm start reads before
    // the rest of the folder).
    requests! {
        hover: HoverRequest = run_on_document_then_folder(request::hover);
        goto_definition: GotoDefinition = run_on_document_then_definitions(request::goto_definition);
        completion: Completion = run_on_folder(request::completion);
        references: References = run_on_folder(request::references);
        document_symbol: DocumentSymbolRequest = run_on_document(request::document_symbol);
        symbol: WorkspaceSymbolRequest = run_on_folder(request::workspace_symbol);
        document_highlight: DocumentHighlightRequest = run_on_document(request::document_highlight);
        prepare_rename: PrepareRenameRequest = run_on_document(request::prepare_rename);
        code_lens: CodeLensRequest = run_on_document(request::code_lens);
        code_lens_resolve: CodeLensResolve = run_on_folder(request::code_lens_resolve);
        semantic_tokens_full: SemanticTokensFullRequest = run_on_folder(request::semantic_tokens_full);
        semantic_tokens_full_delta: SemanticTokensFullDeltaRequest = run_on_folder(request::semantic_tokens_full_delta);
        semantic_tokens_range: SemanticTokensRangeRequest = run_on_folder(request::semantic_tokens_range);
        inlay_hint: InlayHintRequest = run_on_folder(request::inlay_hint);
        selection_range: SelectionRangeRequest = run_on_document(request::selection_range);
        folding_range: FoldingRangeRequest = run_on_document(request::folding_range);
        document_link: DocumentLinkRequest = run_on_document(request::document_link);
        code_action: CodeActionRequest = run_on_folder(request::code_action);
        // While the folder is first read, the document's own diagnostics;
        // the client is asked to pull again once it is read.
        diagnostic: DocumentDiagnosticRequest = run_on_document(request::document_diagnostic);
    }

    /// Why a rename cannot be done is the answer (an error for the user),
    /// so its handler returns a `Result`.
    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        self.run_on_folder(Rename::METHOD, params, request::rename)
            .await?
    }

    /// The edit of a Wikidata action, asked of the network when picked; a
    /// failure is the answer's error.
    async fn code_action_resolve(&self, action: CodeAction) -> Result<CodeAction> {
        self.run_on_folder(
            CodeActionResolveRequest::METHOD,
            action,
            request::code_action_resolve,
        )
        .await?
    }

    /// `newsls.wikidata.apply`, for clients that cannot resolve edits: the
    /// edit is computed here and sent with `workspace/applyEdit`, or what
    /// happened is shown, from a task of its own (no handler waits on the
    /// client).
    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<LSPAny>> {
        let outcome = self
            .run_on_folder(ExecuteCommand::METHOD, params, wikidata::execute)
            .await??;
        let client = self.session.client().clone();
        tokio::spawn(async move {
            match outcome {
                wikidata::Outcome::Apply(edit) => match client.apply_edit(edit).await {
                    Ok(response) if !response.applied => {
                        let why = response.failure_reason.unwrap_or_default();
                        client
                            .show_message(
                                MessageType::WARNING,
                                format!("The edit from Wikidata was not applied: {why}"),
                            )
                            .await;
                    }
                    Ok(_) => {}
                    Err(error) => log_error!("workspace/applyEdit failed: {error}"),
                },
                wikidata::Outcome::Message(kind, message) => {
                    client.show_message(kind, message).await;
                }
            }
        });
        Ok(None)
    }

    /// Nothing to edit before a rename: no document names another's path
    /// (see `ide/file_renames.rs`); `didRenameFiles` moves them after.
    async fn will_rename_files(&self, _: RenameFilesParams) -> Result<Option<WorkspaceEdit>> {
        Ok(None)
    }

    /// Held until there is something to report (see `pull.rs`).
    async fn workspace_diagnostic(
        &self,
        params: WorkspaceDiagnosticParams,
    ) -> Result<WorkspaceDiagnosticReportResult> {
        pull::workspace(&self.state, &self.pulls, params).await
    }
}
