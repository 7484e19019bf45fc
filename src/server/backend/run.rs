//! How a request handler runs: on a snapshot taken when the request
//! arrives (before the handler's first `.await`: the ordering rule in
//! `backend.rs`), on a blocking thread, and, while the folder is first
//! read, on the whole folder when the answer needs it. Each way is one
//! method, so that each `LanguageServer` method is one call.

use tower_lsp_server::jsonrpc::{self, Result};
use tower_lsp_server::ls_types::{
    CodeActionParams, CodeLens, CompletionParams, GotoDefinitionParams, HoverParams,
    InlayHintParams, ReferenceParams, RenameParams, SemanticTokensDeltaParams,
    SemanticTokensParams, SemanticTokensRangeParams, Uri, WorkspaceSymbolParams,
};

use super::Backend;
use crate::server::convert::from_proto::document_path;
use crate::server::indexing;
use crate::server::log_error;
use crate::server::lsp_ext::DossierParams;
use crate::server::snapshot::Snapshot;

/// The document a request is about: while the folder is first read, a
/// request that waits for it keeps this document as it was when the
/// request arrived. `None`: about no document in particular.
pub trait AboutDocument {
    fn document(&self) -> Option<Uri>;
}

/// A request handler: the snapshot and the params to the response.
type Handler<P, R> = fn(&Snapshot, P) -> R;

impl Backend {
    /// Runs a request handler on a snapshot taken now, before the first
    /// `.await`, on a blocking thread; a panic in it becomes an error
    /// response instead of taking the server down.
    pub(super) async fn run_on_document<P: Send + 'static, R: Send + 'static>(
        &self,
        name: &str,
        params: P,
        handler: Handler<P, R>,
    ) -> Result<R> {
        let snapshot = self.state.lock().snapshot();
        on_blocking_thread(name, snapshot, params, handler).await
    }

    /// [`Backend::run_on_document`] for a request whose answer lies in
    /// other documents too: while the folder is first read, it waits for
    /// it, and runs on its own document as it was when the request arrived
    /// (a request about no document runs on the folder as it is once read).
    pub(super) async fn run_on_folder<P, R>(
        &self,
        name: &str,
        params: P,
        handler: Handler<P, R>,
    ) -> Result<R>
    where
        P: AboutDocument + Send + 'static,
        R: Send + 'static,
    {
        let snapshot = self.state.lock().snapshot();
        let snapshot = self.with_folder(name, snapshot, &params).await;
        on_blocking_thread(name, snapshot, params, handler).await
    }

    /// [`Backend::run_on_document`] for a request about a place in the
    /// open document: answered at once when the document alone answers it;
    /// else, while the folder is first read, as [`Backend::run_on_folder`]
    /// (never "nothing" for an id defined in a document not read yet).
    pub(super) async fn run_on_document_then_folder<P, T>(
        &self,
        name: &str,
        params: P,
        handler: Handler<P, Option<T>>,
    ) -> Result<Option<T>>
    where
        P: AboutDocument + Clone + Send + 'static,
        T: Send + 'static,
    {
        self.run_on_document_then(name, params, handler, Need::Folder)
            .await
    }

    /// [`Backend::run_on_document_then_folder`] for a request whose answer
    /// needs only where ids are defined (go to definition): while the
    /// folder is first read from the index cache, it goes on as soon as
    /// every document that defines something is read, before the others
    /// are (`indexing::definitions`).
    pub(super) async fn run_on_document_then_definitions<P, T>(
        &self,
        name: &str,
        params: P,
        handler: Handler<P, Option<T>>,
    ) -> Result<Option<T>>
    where
        P: AboutDocument + Clone + Send + 'static,
        T: Send + 'static,
    {
        self.run_on_document_then(name, params, handler, Need::Definitions)
            .await
    }

    async fn run_on_document_then<P, T>(
        &self,
        name: &str,
        params: P,
        handler: Handler<P, Option<T>>,
        need: Need,
    ) -> Result<Option<T>>
    where
        P: AboutDocument + Clone + Send + 'static,
        T: Send + 'static,
    {
        let snapshot = self.state.lock().snapshot();
        let first = on_blocking_thread(name, snapshot.clone(), params.clone(), handler).await?;
        if first.is_some() || !snapshot.workspace.is_indexing() {
            return Ok(first);
        }
        let snapshot = self.waiting_for(need, name, snapshot, &params).await;
        on_blocking_thread(name, snapshot, params, handler).await
    }

    /// `snapshot`, once the folder is read, with the request's own document
    /// as `snapshot` has it.
    async fn with_folder(
        &self,
        name: &str,
        snapshot: Snapshot,
        params: &impl AboutDocument,
    ) -> Snapshot {
        self.waiting_for(Need::Folder, name, snapshot, params).await
    }

    /// `snapshot`, once what the request needs of the folder is read, with
    /// the request's own document as `snapshot` has it.
    async fn waiting_for(
        &self,
        need: Need,
        name: &str,
        snapshot: Snapshot,
        params: &impl AboutDocument,
    ) -> Snapshot {
        match params.document() {
            Some(uri) => match (document_path(&uri, name), need) {
                (Some(path), Need::Folder) => {
                    indexing::complete(&self.state, snapshot, &path).await
                }
                (Some(path), Need::Definitions) => {
                    indexing::definitions(&self.state, snapshot, &path).await
                }
                (None, _) => snapshot,
            },
            None => {
                self.state.indexed().await;
                self.state.lock().snapshot()
            }
        }
    }
}

/// What a request needs of the folder while it is first read.
#[derive(Clone, Copy)]
enum Need {
    /// Every document.
    Folder,
    /// Every definition (the documents that define something).
    Definitions,
}

/// Runs `handler` on a blocking thread; a panic in it becomes an error
/// response.
async fn on_blocking_thread<P: Send + 'static, R: Send + 'static>(
    name: &str,
    snapshot: Snapshot,
    params: P,
    handler: Handler<P, R>,
) -> Result<R> {
    let work = move || handler(&snapshot, params);
    tokio::task::spawn_blocking(work).await.map_err(|error| {
        log_error!("{name} failed: {error}");
        jsonrpc::Error::internal_error()
    })
}

/// `LanguageServer` request methods, one a row: `method: Request =
/// way(handler);`, where `Request` is the LSP request type (its params,
/// result and method name, which logs use), `way` one of the [`Backend`]
/// methods above.
macro_rules! requests {
    ($($method:ident: $request:ty = $way:ident($handler:path);)*) => {$(
        async fn $method(
            &self,
            params: <$request as tower_lsp_server::ls_types::request::Request>::Params,
        ) -> Result<<$request as tower_lsp_server::ls_types::request::Request>::Result> {
            self.$way(<$request as tower_lsp_server::ls_types::request::Request>::METHOD, params, $handler).await
        }
    )*};
}

/// `LanguageServer` notification methods, one a row: `method:
/// Notification = handler;`, the handler applying the change to the host
/// synchronously.
macro_rules! notifications {
    ($($method:ident: $notification:ty = $handler:path;)*) => {$(
        async fn $method(
            &self,
            params: <$notification as tower_lsp_server::ls_types::notification::Notification>::Params,
        ) {
            $handler(&self.state, params);
        }
    )*};
}

pub(super) use {notifications, requests};

/// Implements [`AboutDocument`] for params that name their document at
/// the end of a path of fields.
macro_rules! about_document {
    ($($params:ty => $($field:ident).+;)*) => {$(
        impl AboutDocument for $params {
            fn document(&self) -> Option<Uri> {
                Some(self.$($field).+.uri.clone())
            }
        }
    )*};
}

about_document! {
    HoverParams => text_document_position_params.text_document;
    GotoDefinitionParams => text_document_position_params.text_document;
    CompletionParams => text_document_position.text_document;
    ReferenceParams => text_document_position.text_document;
    RenameParams => text_document_position.text_document;
    SemanticTokensParams => text_document;
    SemanticTokensRangeParams => text_document;
    CodeActionParams => text_document;
    InlayHintParams => text_document;
    SemanticTokensDeltaParams => text_document;
    DossierParams => text_document;
}

/// A workspace symbol is about every document.
impl AboutDocument for WorkspaceSymbolParams {
    fn document(&self) -> Option<Uri> {
        None
    }
}

/// A Wikidata action names its document in its data.
impl AboutDocument for tower_lsp_server::ls_types::CodeAction {
    fn document(&self) -> Option<Uri> {
        let uri = self.data.as_ref()?.get("uri")?.as_str()?;
        uri.parse().ok()
    }
}

/// A command names its document in its first argument.
impl AboutDocument for tower_lsp_server::ls_types::ExecuteCommandParams {
    fn document(&self) -> Option<Uri> {
        let uri = self.arguments.first()?.get("uri")?.as_str()?;
        uri.parse().ok()
    }
}

/// A lens names its document in the data it was sent with.
impl AboutDocument for CodeLens {
    fn document(&self) -> Option<Uri> {
        let uri = self.data.as_ref()?.get("uri")?.as_str()?;
        uri.parse().ok()
    }
}
