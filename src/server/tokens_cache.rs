//! The semantic tokens last sent for each document, under a result id, so
//! that `semanticTokens/full/delta` can answer with the edits from them
//! (kept only for clients that ask for deltas; forgotten when the
//! document closes).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};

use tower_lsp_server::ls_types::{
    SemanticToken, SemanticTokens, SemanticTokensDelta, SemanticTokensEdit,
    SemanticTokensFullDeltaResult,
};

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
            Some(before) => SemanticTokensFullDeltaResult::TokensDelta(delta(&before, tokens)),
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

/// The edit that turns the tokens `before` into `after`: one replacement
/// of what lies between their common start and common end (none when they
/// are equal). Offsets count integers, five a token.
pub fn delta(before: &[SemanticToken], after: SemanticTokens) -> SemanticTokensDelta {
    let new = &after.data;
    let start = before.iter().zip(new).take_while(|(a, b)| a == b).count();
    // Both are at least `start` long; what follows it in each.
    let (old_rest, new_rest) = (
        before.get(start..).unwrap_or_default(),
        new.get(start..).unwrap_or_default(),
    );
    let end = old_rest
        .iter()
        .rev()
        .zip(new_rest.iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let removed = old_rest.len() - end;
    let inserted = new_rest.get(..new_rest.len() - end).unwrap_or_default();
    let edits = if removed == 0 && inserted.is_empty() {
        Vec::new()
    } else {
        let count = |tokens: usize| u32::try_from(tokens * 5).unwrap_or(u32::MAX);
        vec![SemanticTokensEdit {
            start: count(start),
            delete_count: count(removed),
            data: Some(inserted.to_vec()),
        }]
    };
    SemanticTokensDelta {
        result_id: after.result_id,
        edits,
    }
}
