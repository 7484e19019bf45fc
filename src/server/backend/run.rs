//! How a request handler runs: on a snapshot taken when the request
//! arrives (before the handler's first `.await`: the ordering rule in
//! `backend.rs`), on a blocking thread, and, while the folder is first
//! read, on the whole folder when the answer needs it.

use tower_lsp_server::jsonrpc::{self, Result};
use tower_lsp_server::ls_types::Uri;

use super::Backend;
use crate::server::handlers::document_path;
use crate::server::indexing;
use crate::server::log_error;
use crate::server::snapshot::Snapshot;

impl Backend {
    /// Runs a request handler on a snapshot taken now, before the first
    /// `.await`, on a blocking thread; a panic in it becomes an error
    /// response instead of taking the server down.
    pub(super) async fn run<P, R>(
        &self,
        name: &str,
        params: P,
        handler: fn(&Snapshot, P) -> R,
    ) -> Result<R>
    where
        P: Send + 'static,
        R: Send + 'static,
    {
        let snapshot = self.shared.lock().snapshot();
        on_blocking_thread(name, move || handler(&snapshot, params)).await
    }

    /// [`Backend::run`] for a request whose answer lies in other documents
    /// too: while the folder is first read, it waits for it, and runs on
    /// the document `uri` as it was when the request arrived.
    pub(super) async fn run_whole<P, R>(
        &self,
        name: &str,
        uri: &Uri,
        params: P,
        handler: fn(&Snapshot, P) -> R,
    ) -> Result<R>
    where
        P: Send + 'static,
        R: Send + 'static,
    {
        let snapshot = self.shared.lock().snapshot();
        let snapshot = match document_path(uri, name) {
            Some(path) => indexing::complete(&self.shared, snapshot, &path).await,
            None => snapshot,
        };
        on_blocking_thread(name, move || handler(&snapshot, params)).await
    }

    /// [`Backend::run`] for a request about a place in the open document:
    /// answered at once when the document alone answers it; else, while
    /// the folder is first read, as [`Backend::run_whole`] (never "nothing"
    /// for an id defined in a document not read yet).
    pub(super) async fn run_here_first<P, T>(
        &self,
        name: &str,
        uri: &Uri,
        params: P,
        handler: fn(&Snapshot, P) -> Option<T>,
    ) -> Result<Option<T>>
    where
        P: Clone + Send + 'static,
        T: Send + 'static,
    {
        let snapshot = self.shared.lock().snapshot();
        let first = {
            let (snapshot, params) = (snapshot.clone(), params.clone());
            on_blocking_thread(name, move || handler(&snapshot, params)).await?
        };
        if first.is_some() || !snapshot.workspace.is_indexing() {
            return Ok(first);
        }
        let Some(path) = document_path(uri, name) else {
            return Ok(first);
        };
        let snapshot = indexing::complete(&self.shared, snapshot, &path).await;
        on_blocking_thread(name, move || handler(&snapshot, params)).await
    }
}

/// Runs `work` on a blocking thread; a panic in it becomes an error
/// response.
async fn on_blocking_thread<R: Send + 'static>(
    name: &str,
    work: impl FnOnce() -> R + Send + 'static,
) -> Result<R> {
    tokio::task::spawn_blocking(work).await.map_err(|error| {
        log_error!("{name} failed: {error}");
        jsonrpc::Error::internal_error()
    })
}
