//! `check_text`: the diagnostics a draft would get as a document of the
//! folder, as `newsls check` would report them (the folder's settings
//! applied), without writing anything.

use std::path::PathBuf;

use serde::Serialize;

use super::folder::Snapshot;
use crate::cli::report::{self, JsonDiagnostic};
use crate::ide::diagnostics;
use crate::workspace::{File, is_news_file};

/// Where a draft given without a path is put.
pub const DEFAULT_DRAFT: &str = "draft.news.md";

#[derive(Debug, Serialize)]
pub struct Checked {
    /// The document the draft was checked as, relative to the folder.
    pub path: String,
    /// Whether a document of the folder is at that path (the draft was
    /// checked in its place).
    pub replaces_existing: bool,
    pub errors: usize,
    pub warnings: usize,
    pub diagnostics: Vec<JsonDiagnostic>,
}

/// The draft `text` checked as the document at `path` (relative to the
/// folder; `draft.news.md` when none is given), or why it cannot be.
pub fn check(snapshot: &Snapshot, text: &str, path: Option<&str>) -> Result<Checked, String> {
    let path: PathBuf = snapshot.inside(path.unwrap_or(DEFAULT_DRAFT))?;
    if !is_news_file(&path) {
        return Err(format!(
            "`{}` is not a newsls document: documents are named `*.news.md`",
            snapshot.display(&path)
        ));
    }
    let mut workspace = snapshot.workspace.clone();
    let replaces_existing = workspace.entry(&path).is_some();
    workspace.insert(File::new(path.clone().into(), text.to_string()));
    let mut found = diagnostics::collect(&workspace, &path);
    snapshot.settings.apply(&mut found);
    let Some(file) = workspace.load_file(&path) else {
        return Err("the draft could not be analysed".to_string());
    };
    let display = |p: &std::path::Path| snapshot.display(p);
    let diagnostics: Vec<JsonDiagnostic> = found
        .iter()
        .map(|d| report::json_diagnostic(&workspace, file, d, &display))
        .collect();
    Ok(Checked {
        path: snapshot.display(&path),
        replaces_existing,
        errors: diagnostics.iter().filter(|d| d.severity == "error").count(),
        warnings: diagnostics
            .iter()
            .filter(|d| d.severity == "warning")
            .count(),
        diagnostics,
    })
}

/// One line a diagnostic, as `newsls check --format concise` prints them.
pub fn text(checked: &Checked) -> String {
    if checked.diagnostics.is_empty() {
        return format!(
            "No problems: as `{}` in this folder the draft gets no diagnostics.",
            checked.path
        );
    }
    let mut out = format!(
        "{} diagnostic{} for the draft as `{}` ({} error{}, {} warning{}):",
        checked.diagnostics.len(),
        if checked.diagnostics.len() == 1 {
            ""
        } else {
            "s"
        },
        checked.path,
        checked.errors,
        if checked.errors == 1 { "" } else { "s" },
        checked.warnings,
        if checked.warnings == 1 { "" } else { "s" },
    );
    for d in &checked.diagnostics {
        out.push_str(&format!(
            "\n{}:{}: {}[{}]: {}",
            d.line, d.column, d.severity, d.code, d.message
        ));
        for related in &d.related {
            out.push_str(&format!(
                "\n    see {}:{}:{}: {}",
                related.path, related.line, related.column, related.message
            ));
        }
    }
    out
}
