//! The semantic tokens last sent for each document, under a result id, so
//! that `semanticTokens/full/delta` can answer with the edits from them
//! (kept only for clients that ask for deltas; forgotten when the
//! document closes).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};

use tower_lsp_server::ls_types::{SemanticTokens, SemanticTokensFullDeltaResult};

use super::convert::to_proto;

#[derive(Default)]
pub struct TokensCache {
    next_id: AtomicU64,
    last: Mutex<HashMap<PathBuf, SemanticTokens>>,
}

impl TokensCache {
    /// `tokens` with a new result id, remembered as the last sent for
    /// `path`.
    pub fn full(&self, path: &Path, mut tokens: SemanticTokens) -> SemanticTokens {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        tokens.result_id = Some(id.to_string());
        self.lock().insert(path.to_path_buf(), tokens.clone());
        tokens
    }

    /// The edits from the tokens sent as `previous` to `tokens`; all of
    /// `tokens` when `previous` is not the last sent for `path`.
    pub fn delta(
        &self,
        path: &Path,
        previous: &str,
        tokens: SemanticTokens,
    ) -> SemanticTokensFullDeltaResult {
        let before = self
            .lock()
            .get(path)
            .filter(|last| last.result_id.as_deref() == Some(previous))
            .map(|last| last.data.clone());
        let tokens = self.full(path, tokens);
        match before {
            Some(before) => SemanticTokensFullDeltaResult::TokensDelta(
                to_proto::semantic_tokens_delta(&before, tokens),
            ),
            None => SemanticTokensFullDeltaResult::Tokens(tokens),
        }
    }

    /// The document closed: its tokens will not be asked about again.
    pub fn forget(&self, path: &Path) {
        self.lock().remove(path);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<PathBuf, SemanticTokens>> {
        self.last.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
