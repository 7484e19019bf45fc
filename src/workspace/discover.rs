//! Finding and loading the documents under a folder.

use std::fmt;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{File, Workspace};

pub const EXTENSION: &str = ".news.md";

/// Files larger than this are not indexed: no news document is this long,
/// and parsing one would stall everything else.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// A document that could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    pub path: PathBuf,
    pub message: String,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

pub fn is_news_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.ends_with(EXTENSION) && n.len() > EXTENSION.len())
}

/// Every `*.news.md` under `roots` (a root may also be a file), honouring
/// `.gitignore` and skipping hidden folders; sorted, without repeats.
pub fn discover(roots: &[PathBuf]) -> (Vec<PathBuf>, Vec<LoadError>) {
    let mut found = Vec::new();
    let mut errors = Vec::new();
    for root in roots {
        let walk = ignore::WalkBuilder::new(root)
            .hidden(true)
            .git_ignore(true)
            .require_git(false)
            .build();
        for entry in walk {
            match entry {
                Ok(entry) => {
                    let is_file = entry.file_type().is_some_and(|t| t.is_file());
                    if is_file && is_news_file(entry.path()) {
                        found.push(entry.into_path());
                    }
                }
                Err(err) => errors.push(LoadError {
                    path: root.clone(),
                    message: err.to_string(),
                }),
            }
        }
    }
    found.sort();
    found.dedup();
    (found, errors)
}

/// Reads and parses `paths` on every core, then indexes them.
pub fn load(workspace: &mut Workspace, paths: &[PathBuf]) -> Vec<LoadError> {
    let results: Vec<Result<File, LoadError>> = paths.par_iter().map(|p| read(p)).collect();
    let mut errors = Vec::new();
    for result in results {
        match result {
            Ok(file) => {
                workspace.insert(file);
            }
            Err(err) => errors.push(err),
        }
    }
    errors
}

/// Reads and parses one document from disk.
pub fn read(path: &Path) -> Result<File, LoadError> {
    let error = |message: String| LoadError {
        path: path.to_path_buf(),
        message,
    };
    let size = std::fs::metadata(path)
        .map_err(|e| error(format!("cannot read: {e}")))?
        .len();
    if size > MAX_FILE_BYTES {
        return Err(error(format!(
            "skipped: {size} bytes is more than the {MAX_FILE_BYTES} bytes newsls indexes"
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| error(format!("cannot read: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        error(format!(
            "not valid UTF-8 (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        ))
    })?;
    Ok(File::new(path.into(), text))
}
