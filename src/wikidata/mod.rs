//! Wikidata: filling entity definitions from their items, linking
//! entities to items, and the HTTP client both use. Plain data in and out
//! (a `Workspace`, paths, the edits to make); the command line and the
//! server decide when to ask, and newsls asks only when the user runs
//! `newsls wikidata` or picks one of its code actions.
//!
//! - `client.rs`: `wbgetentities` (batched) and `wbsearchentities`, the
//!   User-Agent, the timeout, `Retry-After`, the cache and `--offline`;
//! - `item.rs`: what is read of an item (labels, P31, P39 with dates);
//! - `kinds.rs`: the `kind` an item's classes give;
//! - `fill.rs`: what an item adds to a definition, and the edits;
//! - `link.rs`: candidates for an entity without `wikidata`, and the
//!   edit that writes the chosen one.

pub mod actions;
pub mod client;
pub mod fill;
pub mod item;
pub mod kinds;
pub mod link;

use std::path::{Path, PathBuf};

use crate::ide::code_actions::yaml_edit::Additions;
use crate::syntax::TextEdit;

pub use client::{Client, Error, Options};

/// `Q` followed by digits.
pub fn is_item_id(text: &str) -> bool {
    text.strip_prefix('Q')
        .is_some_and(|digits| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
}

/// The Wikidata page of an item.
pub fn item_url(id: &str) -> String {
    format!("https://www.wikidata.org/wiki/{id}")
}

/// The languages used when no setting names any.
pub fn default_languages() -> Vec<String> {
    vec!["en".to_string()]
}

/// One document changed: its text before and after, the edits between
/// them, and what each entity gained.
#[derive(Clone, Debug)]
pub struct FileChange {
    pub path: PathBuf,
    pub before: String,
    pub after: String,
    pub edits: Vec<TextEdit>,
    pub filled: Vec<(String, Additions)>,
}

impl FileChange {
    /// `None` when the edits change nothing.
    pub fn new(
        path: &Path,
        before: &str,
        mut edits: Vec<TextEdit>,
        filled: Vec<(String, Additions)>,
    ) -> Option<FileChange> {
        edits.sort_by_key(|e| (e.range.start, e.range.end));
        let after = TextEdit::apply(before, &edits);
        (after != before).then(|| FileChange {
            path: path.to_path_buf(),
            before: before.to_string(),
            after,
            edits,
            filled,
        })
    }

    /// The change as a unified diff, paths as `shown`.
    pub fn diff(&self, shown: &str) -> String {
        similar::TextDiff::from_lines(&self.before, &self.after)
            .unified_diff()
            .context_radius(2)
            .header(&format!("a/{shown}"), &format!("b/{shown}"))
            .to_string()
    }
}

/// Writes `text` to `file` whole or not at all: to a temporary file beside
/// it, then renamed over it.
pub fn write_whole(file: &Path, text: &str) -> std::io::Result<()> {
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = file.with_file_name(format!(".{name}.{}.newsls-tmp", std::process::id()));
    let written = std::fs::write(&temporary, text).and_then(|()| {
        // Keep the file's permissions.
        if let Ok(meta) = std::fs::metadata(file) {
            std::fs::set_permissions(&temporary, meta.permissions())?;
        }
        std::fs::rename(&temporary, file)
    });
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_ids_are_q_and_digits() {
        assert!(is_item_id("Q7747"));
        assert!(!is_item_id("Q"));
        assert!(!is_item_id("7747"));
        assert!(!is_item_id("Q77a"));
    }
}
