//! Diagnostics as the client reads them: pushed, pulled one document at a
//! time, or in the report of every document, each report under a result
//! id that only its diagnostics decide.

use std::hash::{Hash, Hasher};
use std::path::Path;

use tower_lsp_server::ls_types::{
    self as lsp, DiagnosticRelatedInformation, DiagnosticSeverity, NumberOrString,
};

use super::{location, path_to_uri, range};
use crate::ide::{self, Severity};
use crate::server::convert::{ClientSupport, Encoding};
use crate::syntax::LineIndex;
use crate::workspace::{File, Workspace};

pub fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

/// A diagnostic of `file`, with the places it relates to in other files
/// converted through those files' line indexes in the same snapshot. A
/// client without `relatedInformation` gets those places in the message.
pub fn diagnostic(
    workspace: &Workspace,
    file: &File,
    diagnostic: &ide::Diagnostic,
    encoding: Encoding,
    support: &ClientSupport,
) -> lsp::Diagnostic {
    let related: Vec<DiagnosticRelatedInformation> = diagnostic
        .related
        .iter()
        .filter_map(|r| {
            Some(DiagnosticRelatedInformation {
                location: location(workspace, &r.path, r.range, encoding)?,
                message: r.message.clone(),
            })
        })
        .collect();
    let mut message = diagnostic.message.clone();
    if !support.related_information {
        for (place, info) in diagnostic.related.iter().zip(&related) {
            let start = info.location.range.start;
            message.push_str(&format!(
                "\n{}:{}:{}: {}",
                workspace.relative_path(&place.path),
                start.line + 1,
                start.character + 1,
                info.message
            ));
        }
    }
    lsp::Diagnostic {
        range: range(&file.lines, &file.text, diagnostic.range, encoding),
        severity: Some(severity(diagnostic.severity)),
        code: Some(NumberOrString::String(diagnostic.code.as_str().to_string())),
        source: Some("newsls".to_string()),
        message,
        related_information: (support.related_information && !related.is_empty())
            .then_some(related),
        ..lsp::Diagnostic::default()
    }
}

/// The problems of a `.newsls.toml`, as errors on its text (those from
/// JSON have no place and are only logged).
pub fn settings_problems(
    text: &str,
    problems: &[crate::settings::Problem],
    encoding: Encoding,
) -> Vec<lsp::Diagnostic> {
    let lines = LineIndex::new(text);
    problems
        .iter()
        .map(|problem| lsp::Diagnostic {
            range: range(&lines, text, problem.place(), encoding),
            severity: Some(DiagnosticSeverity::ERROR),
            code: Some(NumberOrString::String(
                crate::settings::PROBLEM_CODE.to_string(),
            )),
            source: Some("newsls".to_string()),
            message: problem.message.clone(),
            ..lsp::Diagnostic::default()
        })
        .collect()
}

/// The result id of a pulled report: a hash of the diagnostics as sent,
/// so the same diagnostics always get the same id, whichever pull made
/// them and whatever changed in between.
pub fn result_id(diagnostics: &[lsp::Diagnostic]) -> String {
    let mut hasher = std::hash::DefaultHasher::new();
    serde_json::to_string(diagnostics)
        .unwrap_or_default()
        .hash(&mut hasher);
    format!("{:016x}", hasher.finish())
}

/// The answer to `textDocument/diagnostic`: "unchanged" when the client
/// holds these diagnostics already (its `previous` id is theirs).
pub fn document_report(
    diagnostics: Vec<lsp::Diagnostic>,
    previous: Option<&str>,
) -> lsp::DocumentDiagnosticReportResult {
    let result_id = result_id(&diagnostics);
    let report = if previous == Some(result_id.as_str()) {
        lsp::DocumentDiagnosticReport::Unchanged(lsp::RelatedUnchangedDocumentDiagnosticReport {
            related_documents: None,
            unchanged_document_diagnostic_report: lsp::UnchangedDocumentDiagnosticReport {
                result_id,
            },
        })
    } else {
        lsp::DocumentDiagnosticReport::Full(lsp::RelatedFullDocumentDiagnosticReport {
            related_documents: None,
            full_document_diagnostic_report: lsp::FullDocumentDiagnosticReport {
                result_id: Some(result_id),
                items: diagnostics,
            },
        })
    };
    lsp::DocumentDiagnosticReportResult::Report(report)
}

/// One document of a `workspace/diagnostic` answer: its diagnostics under
/// `result_id` (`None`, with no diagnostics: the document is gone, and
/// the client forgets it), and its version when it is open.
pub fn workspace_document_report(
    path: &Path,
    version: Option<i32>,
    result_id: Option<String>,
    diagnostics: Vec<lsp::Diagnostic>,
) -> Option<lsp::WorkspaceDocumentDiagnosticReport> {
    Some(lsp::WorkspaceDocumentDiagnosticReport::Full(
        lsp::WorkspaceFullDocumentDiagnosticReport {
            uri: path_to_uri(path)?,
            version: version.map(i64::from),
            full_document_diagnostic_report: lsp::FullDocumentDiagnosticReport {
                result_id,
                items: diagnostics,
            },
        },
    ))
}
