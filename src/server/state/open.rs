//! The documents open in the editor: their text is the editor's, not the
//! disk's, held once, as the workspace's `File` (see [`super::Host::text`]);
//! and how an edit becomes that text.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use tower_lsp_server::ls_types::{TextDocumentContentChangeEvent, Uri};

use crate::server::convert::{Encoding, from_proto};
use crate::server::{log_error, log_warning};
use crate::syntax::LineIndex;
use crate::workspace::{self, Change, Effect, Workspace};

/// A document open in the editor.
pub struct OpenDocument {
    /// The URI as the client wrote it, for publishing.
    pub uri: Uri,
    pub version: i32,
    /// The editor's text when the workspace does not hold it: over the
    /// size limit, or its parse panicked. `None` otherwise.
    pub(super) not_analysed: Option<String>,
}

impl OpenDocument {
    pub fn new(uri: Uri, version: i32) -> OpenDocument {
        OpenDocument {
            uri,
            version,
            not_analysed: None,
        }
    }

    /// The text after `changes`, applied in order to the document's text
    /// (`in_workspace` when the workspace holds it); `None` when there was
    /// no change.
    pub fn edited(
        &self,
        in_workspace: Option<(&str, &LineIndex)>,
        changes: Vec<TextDocumentContentChangeEvent>,
        encoding: Encoding,
    ) -> Option<String> {
        let mut text: Option<String> = None;
        for change in changes {
            if change.range.is_none() {
                text = Some(change.text);
                continue;
            }
            // The first change reads the line index the parse already made.
            let next = match (&text, &self.not_analysed, in_workspace) {
                (Some(text), _, _) | (None, Some(text), _) => {
                    from_proto::apply_change(text, &LineIndex::new(text), change, encoding)
                }
                (None, None, Some((text, lines))) => {
                    from_proto::apply_change(text, lines, change, encoding)
                }
                (None, None, None) => {
                    from_proto::apply_change("", &LineIndex::new(""), change, encoding)
                }
            };
            text = Some(next);
        }
        text
    }
}

/// Sets the text of an open document in the workspace; the text comes
/// back when the workspace could not take it: over the same size limit as
/// on disk (parsing it on every keystroke, under the lock, would stall
/// every request), or its parse panicked (the workspace then keeps the
/// previous version: parsing runs before anything changes).
pub fn set_text(workspace: &mut Workspace, path: &Path, text: String) -> (Effect, Option<String>) {
    if text.len() as u64 > workspace::MAX_FILE_BYTES {
        log_warning!(
            "{}: {} bytes is more than the {} bytes newsls analyses; not analysed",
            path.display(),
            text.len(),
            workspace::MAX_FILE_BYTES
        );
        let effect = workspace.apply(Change::Remove {
            path: path.to_path_buf(),
        });
        return (effect, Some(text));
    }
    // A copy costs far less than the parse, and keeps the editor's text
    // should the parse panic.
    let kept = text.clone();
    let change = Change::Set {
        path: path.to_path_buf(),
        text,
    };
    match catch_unwind(AssertUnwindSafe(|| workspace.apply(change))) {
        Ok(effect) => (effect, None),
        Err(_) => {
            log_error!(
                "{}: parsing panicked; keeping the previous analysis",
                path.display()
            );
            (Effect::default(), Some(kept))
        }
    }
}
