//! The features, one file each. Every entry point takes a workspace
//! snapshot and plain data (paths, byte offsets) and returns plain data; the
//! server turns it into LSP.

pub mod account;
pub mod code_actions;
pub mod code_lens;
pub mod completion;
pub mod definition;
pub mod diagnostics;
pub mod document_links;
pub mod dossier;
pub mod file_renames;
pub mod folding;
pub mod hover;
pub mod inlay_hints;
mod names;
pub mod references;
pub mod rename;
mod search;
pub mod selection;
pub mod semantic_tokens;
pub mod source_change;
pub mod symbols;
mod target;
pub mod titles;

pub use diagnostics::{Code, Diagnostic, Related, Severity};
pub use hover::Hover;
pub use names::NameMatch;
pub use source_change::SourceChange;
pub use target::{Target, TargetKind};

use std::path::Path;
use std::sync::Arc;

use crate::syntax::TextRange;

/// A range in some document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    pub path: Arc<Path>,
    pub range: TextRange,
}
