//! Conversions of the newer features' results: completion, symbols,
//! references and quick fixes.

use std::collections::HashMap;

use tower_lsp_server::ls_types::{
    self as lsp, CodeActionKind, CompletionItemKind, OneOf, SymbolKind, TextEdit,
};

use super::{Encoding, diagnostic, location, path_to_uri, range};
use crate::ide::code_actions::QuickFix;
use crate::ide::completion::Completions;
use crate::ide::symbols::Symbol;
use crate::syntax::EntityKind;
use crate::workspace::{File, Workspace};

fn symbol_kind(kind: Option<EntityKind>) -> SymbolKind {
    match kind {
        Some(EntityKind::Person) => SymbolKind::OBJECT,
        Some(EntityKind::Organization) => SymbolKind::STRUCT,
        Some(EntityKind::Place) => SymbolKind::NAMESPACE,
        Some(EntityKind::Event) => SymbolKind::EVENT,
        None => SymbolKind::KEY,
    }
}

fn completion_kind(kind: Option<EntityKind>) -> CompletionItemKind {
    match kind {
        Some(EntityKind::Person) => CompletionItemKind::VALUE,
        Some(EntityKind::Organization) => CompletionItemKind::STRUCT,
        Some(EntityKind::Place) => CompletionItemKind::MODULE,
        Some(EntityKind::Event) => CompletionItemKind::EVENT,
        None => CompletionItemKind::KEYWORD,
    }
}

pub fn completion(
    file: &File,
    completions: Completions,
    encoding: Encoding,
) -> lsp::CompletionResponse {
    let items = completions
        .items
        .into_iter()
        .enumerate()
        .map(|(rank, item)| {
            let detail: Vec<&str> = item
                .name
                .as_deref()
                .into_iter()
                .chain(item.kind.map(EntityKind::as_str))
                .chain(item.role.as_deref())
                .collect();
            lsp::CompletionItem {
                label: item.id.clone(),
                kind: Some(completion_kind(item.kind)),
                detail: (!detail.is_empty()).then(|| detail.join(" · ")),
                // The server ranks; the editor keeps that order, and filters
                // by the name as well as the id.
                sort_text: Some(format!("{rank:04}")),
                filter_text: Some(match &item.name {
                    Some(name) => format!("{} {name}", item.id),
                    None => item.id.clone(),
                }),
                text_edit: Some(lsp::CompletionTextEdit::Edit(TextEdit {
                    range: range(&file.lines, &file.text, item.replace, encoding),
                    new_text: item.id,
                })),
                ..lsp::CompletionItem::default()
            }
        })
        .collect();
    lsp::CompletionResponse::List(lsp::CompletionList {
        is_incomplete: completions.incomplete,
        items,
    })
}

#[allow(deprecated)] // `DocumentSymbol::deprecated` must still be written.
pub fn document_symbols(
    file: &File,
    symbols: Vec<Symbol>,
    encoding: Encoding,
) -> lsp::DocumentSymbolResponse {
    let symbols = symbols
        .into_iter()
        .map(|s| lsp::DocumentSymbol {
            name: s.name,
            detail: Some(match s.kind {
                Some(kind) => format!("@{} · {}", s.id, kind.as_str()),
                None => format!("@{}", s.id),
            }),
            kind: symbol_kind(s.kind),
            tags: None,
            deprecated: None,
            range: range(&file.lines, &file.text, s.range, encoding),
            selection_range: range(&file.lines, &file.text, s.selection, encoding),
            children: None,
        })
        .collect();
    lsp::DocumentSymbolResponse::Nested(symbols)
}

pub fn workspace_symbols(
    workspace: &Workspace,
    symbols: Vec<Symbol>,
    encoding: Encoding,
) -> lsp::WorkspaceSymbolResponse {
    let symbols = symbols
        .into_iter()
        .filter_map(|s| {
            Some(lsp::WorkspaceSymbol {
                location: OneOf::Left(location(workspace, &s.path, s.selection, encoding)?),
                container_name: Some(workspace.relative_path(&s.path)),
                name: s.name,
                kind: symbol_kind(s.kind),
                tags: None,
                data: None,
            })
        })
        .collect();
    lsp::WorkspaceSymbolResponse::Nested(symbols)
}

pub fn quick_fixes(
    workspace: &Workspace,
    file: &File,
    fixes: Vec<QuickFix>,
    encoding: Encoding,
) -> Vec<lsp::CodeActionOrCommand> {
    let Some(uri) = path_to_uri(&file.path) else {
        return Vec::new();
    };
    fixes
        .into_iter()
        .map(|q| {
            let edit = TextEdit {
                range: range(&file.lines, &file.text, q.fix.range, encoding),
                new_text: q.fix.text,
            };
            lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                title: q.fix.title,
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diagnostic(workspace, file, &q.diagnostic, encoding)]),
                edit: Some(lsp::WorkspaceEdit {
                    changes: Some(HashMap::from([(uri.clone(), vec![edit])])),
                    ..lsp::WorkspaceEdit::default()
                }),
                is_preferred: Some(true),
                ..lsp::CodeAction::default()
            })
        })
        .collect()
}

/// A rename's edits, per document, as one workspace edit.
pub fn rename_edits(
    workspace: &Workspace,
    edits: std::collections::BTreeMap<std::sync::Arc<std::path::Path>, crate::ide::rename::Edits>,
    encoding: Encoding,
) -> lsp::WorkspaceEdit {
    let changes = edits
        .into_iter()
        .filter_map(|(path, edits)| {
            let file = workspace.file(&path)?;
            let uri = path_to_uri(&path)?;
            let edits = edits
                .into_iter()
                .map(|(r, new_text)| TextEdit {
                    range: range(&file.lines, &file.text, r, encoding),
                    new_text,
                })
                .collect();
            Some((uri, edits))
        })
        .collect();
    lsp::WorkspaceEdit {
        changes: Some(changes),
        ..lsp::WorkspaceEdit::default()
    }
}

pub fn highlights(
    file: &File,
    found: Vec<(crate::syntax::TextRange, bool)>,
    encoding: Encoding,
) -> Vec<lsp::DocumentHighlight> {
    found
        .into_iter()
        .map(|(r, is_definition)| lsp::DocumentHighlight {
            range: range(&file.lines, &file.text, r, encoding),
            kind: Some(if is_definition {
                lsp::DocumentHighlightKind::WRITE
            } else {
                lsp::DocumentHighlightKind::READ
            }),
        })
        .collect()
}
