//! What a rename or a code action does: edits to any number of documents,
//! made together. Plain data; the server turns it into a `WorkspaceEdit`.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use crate::syntax::TextEdit;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourceChange {
    /// Each document's edits, in text order, not overlapping.
    pub edits: BTreeMap<Arc<Path>, Vec<TextEdit>>,
}

impl SourceChange {
    /// One edit to one document.
    pub fn single(path: Arc<Path>, edit: TextEdit) -> Self {
        SourceChange {
            edits: BTreeMap::from([(path, vec![edit])]),
        }
    }
}
