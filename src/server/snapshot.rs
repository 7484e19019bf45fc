//! A consistent view of the state for one request, and the lookups every
//! request handler starts with.

use tower_lsp_server::ls_types::{self as lsp, TextDocumentPositionParams, Uri};

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::convert::from_proto::{self, document_path};
use super::convert::{ClientSupport, Encoding, to_proto};
use super::tokens_cache::TokensCache;
use super::{log, log_error};
use crate::ide;
use crate::settings::Settings;
use crate::syntax::TextRange;
use crate::workspace::{File, Workspace};

/// What a request reads: later changes do not reach it.
#[derive(Clone)]
pub struct Snapshot {
    pub workspace: Workspace,
    pub encoding: Encoding,
    /// What the client accepts in answers.
    pub support: Arc<ClientSupport>,
    pub settings: Arc<Settings>,
    /// Shared, not a snapshot: the tokens last sent, for deltas.
    pub semantic_tokens: Arc<TokensCache>,
}

impl Snapshot {
    /// The document `uri` names; `None` (and a log line) when it is not one
    /// newsls knows.
    pub fn file(&self, uri: &Uri) -> Option<&File> {
        let path = document_path(uri, "request")?;
        let file = self.workspace.load_file(&path);
        if file.is_none() {
            log!("request: {} is neither open nor indexed", uri.as_str());
        }
        file
    }

    /// The document and the byte offset an LSP position names.
    pub fn position(&self, at: &TextDocumentPositionParams) -> Option<(&File, usize)> {
        let file = self.file(&at.text_document.uri)?;
        let offset = from_proto::offset(&file.lines, &file.text, at.position, self.encoding);
        Some((file, offset))
    }

    /// The diagnostics of the document at `path` as the client receives
    /// them, and the other documents they point into. A panic in the
    /// analysis yields no diagnostics for it.
    pub fn diagnostics(&self, path: &Path) -> (Vec<lsp::Diagnostic>, Vec<PathBuf>) {
        let workspace = &self.workspace;
        let Some(file) = workspace.load_file(path) else {
            return (Vec::new(), Vec::new());
        };
        let found = match catch_unwind(AssertUnwindSafe(|| {
            let options = self.settings.diagnostic_options();
            let mut found = ide::diagnostics::collect_with_options(workspace, path, &options);
            self.settings.apply(&mut found);
            found
        })) {
            Ok(found) => found,
            Err(_) => {
                log_error!("{}: computing diagnostics panicked", path.display());
                return (Vec::new(), Vec::new());
            }
        };
        let mut related: Vec<PathBuf> = found
            .iter()
            .flat_map(|d| &d.related)
            .map(|r| r.path.to_path_buf())
            .filter(|p| p != path)
            .collect();
        related.sort();
        related.dedup();
        let diagnostics = found
            .iter()
            .map(|d| to_proto::diagnostic(workspace, file, d, self.encoding, &self.support))
            .collect();
        (diagnostics, related)
    }

    /// The byte range of an LSP range of `file`.
    pub fn range(&self, file: &File, range: lsp::Range) -> TextRange {
        from_proto::text_range(&file.lines, &file.text, range, self.encoding)
    }
}
