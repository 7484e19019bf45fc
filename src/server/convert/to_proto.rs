//! Plain data into what the client reads: byte offsets into positions,
//! paths into URIs, and each feature's result into its LSP response.

use std::path::Path;
use std::str::FromStr;

use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types::{
    self as lsp, CodeActionKind, CompletionItemKind, Location, OneOf, Position, SymbolKind, Uri,
};

use super::{ClientSupport, Encoding, plain_text};
use crate::ide::code_actions::QuickFix;
use crate::ide::completion::{Completions, ItemKind};
use crate::ide::references::{Highlight, HighlightKind};
use crate::ide::rename::RenameError;
use crate::ide::symbols::Symbol;
use crate::ide::{self, SourceChange};
use crate::server::lsp_ext::DossierResult;
use crate::syntax::{EntityKind, LineIndex, TextRange, floor_char_boundary};
use crate::workspace::{File, Workspace};

mod diagnostics;
mod semantic_tokens;

pub use diagnostics::{
    diagnostic, document_report, result_id, settings_problems, severity, workspace_document_report,
};
pub use semantic_tokens::{TOKEN_MODIFIERS, TOKEN_TYPES, semantic_tokens, semantic_tokens_legend};

// ---------------------------------------------------------------------------
// URIs and positions

/// The `file:` URI of an absolute path: every byte but the unreserved
/// characters and `/` is percent-encoded.
pub fn path_to_uri(path: &Path) -> Option<Uri> {
    let mut uri = String::from("file://");
    for &b in path_bytes(path)?.iter() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            uri.push(char::from(b));
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    Uri::from_str(&uri).ok()
}

#[cfg(unix)]
fn path_bytes(path: &Path) -> Option<Vec<u8>> {
    use std::os::unix::ffi::OsStrExt;
    path.is_absolute()
        .then(|| path.as_os_str().as_bytes().to_vec())
}

#[cfg(not(unix))]
fn path_bytes(path: &Path) -> Option<Vec<u8>> {
    let text = path.to_str()?.replace('\\', "/");
    if let Some(unc) = text.strip_prefix("//") {
        // `//server/share/x` → authority `server`, path `/share/x`; the
        // caller writes `file://` before it.
        return Some(unc.as_bytes().to_vec());
    }
    path.is_absolute().then(|| format!("/{text}").into_bytes())
}

/// The LSP position of byte `offset` of `text` (clamped to the text, and
/// to the end of its line if it falls inside a line break).
pub fn position(lines: &LineIndex, text: &str, offset: usize, encoding: Encoding) -> Position {
    let offset = floor_char_boundary(text, offset);
    let (line, start) = lines.line_of(offset);
    let end = lines
        .line_range(line, text)
        .map_or(offset, |r| r.end.min(offset));
    let column = lines.width(text, start, end, encoding.unit());
    Position::new(to_u32(line), to_u32(column))
}

/// The LSP range of a byte range of `text`.
pub fn range(lines: &LineIndex, text: &str, range: TextRange, encoding: Encoding) -> lsp::Range {
    lsp::Range::new(
        position(lines, text, range.start, encoding),
        position(lines, text, range.end, encoding),
    )
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

// ---------------------------------------------------------------------------
// Locations, hover

/// The LSP location of a byte range of the document at `path`; `None` when
/// the snapshot does not hold it.
pub fn location(
    workspace: &Workspace,
    path: &Path,
    text_range: TextRange,
    encoding: Encoding,
) -> Option<Location> {
    let (text, lines) = workspace.text_and_lines(path, text_range.end)?;
    Some(Location {
        uri: path_to_uri(path)?,
        range: range(lines, text, text_range, encoding),
    })
}

/// The locations of `found` that the snapshot holds; `None` when there
/// are none.
pub fn locations(
    workspace: &Workspace,
    found: Vec<ide::Location>,
    encoding: Encoding,
) -> Option<Vec<Location>> {
    let locations: Vec<Location> = found
        .into_iter()
        .filter_map(|l| location(workspace, &l.path, l.range, encoding))
        .collect();
    (!locations.is_empty()).then_some(locations)
}

pub fn definition(
    workspace: &Workspace,
    found: Vec<ide::Location>,
    encoding: Encoding,
) -> Option<lsp::GotoDefinitionResponse> {
    locations(workspace, found, encoding).map(lsp::GotoDefinitionResponse::Array)
}

/// Markdown, or its text for a client that reads only plain text.
pub fn hover(
    file: &File,
    hover: ide::Hover,
    encoding: Encoding,
    support: &ClientSupport,
) -> lsp::Hover {
    let (kind, value) = if support.markdown_hover {
        (lsp::MarkupKind::Markdown, hover.markdown)
    } else {
        (lsp::MarkupKind::PlainText, plain_text::of(&hover.markdown))
    };
    lsp::Hover {
        contents: lsp::HoverContents::Markup(lsp::MarkupContent { kind, value }),
        range: Some(range(&file.lines, &file.text, hover.range, encoding)),
    }
}

// ---------------------------------------------------------------------------
// The other features

/// An entity kind's symbol kinds, nearest first; the last is one every
/// client knows (1 to 18).
fn symbol_kinds(kind: Option<EntityKind>) -> &'static [SymbolKind] {
    match kind {
        Some(EntityKind::Person) => &[SymbolKind::OBJECT, SymbolKind::CLASS],
        Some(EntityKind::Organization) => &[SymbolKind::STRUCT, SymbolKind::CLASS],
        Some(EntityKind::Place) => &[SymbolKind::NAMESPACE],
        Some(EntityKind::Event) => &[SymbolKind::EVENT, SymbolKind::FUNCTION],
        None => &[SymbolKind::KEY, SymbolKind::FIELD],
    }
}

/// A completion item's kinds, nearest first; the last is one every client
/// knows (1 to 18).
fn completion_kinds(kind: ItemKind) -> &'static [CompletionItemKind] {
    use CompletionItemKind as K;
    match kind {
        ItemKind::Entity(Some(EntityKind::Person)) => &[K::VARIABLE],
        ItemKind::Entity(Some(EntityKind::Organization)) => &[K::STRUCT, K::CLASS],
        ItemKind::Entity(Some(EntityKind::Place)) => &[K::MODULE],
        ItemKind::Entity(Some(EntityKind::Event)) => &[K::EVENT, K::FUNCTION],
        ItemKind::Entity(None) => &[K::REFERENCE],
        ItemKind::Field => &[K::FIELD],
        ItemKind::Kind => &[K::ENUM_MEMBER, K::ENUM],
        ItemKind::Date => &[K::CONSTANT, K::VALUE],
    }
}

/// `None` when there is nothing to offer.
pub fn completion(
    file: &File,
    completions: Completions,
    encoding: Encoding,
    support: &ClientSupport,
) -> Option<lsp::CompletionResponse> {
    if completions.items.is_empty() {
        return None;
    }
    let items = completions
        .items
        .into_iter()
        .enumerate()
        .map(|(rank, item)| lsp::CompletionItem {
            label: item.label,
            kind: Some(support.completion_kind(completion_kinds(item.kind))),
            detail: item.detail,
            // The server ranks; the editor keeps that order, and filters
            // by the texts the server matched.
            sort_text: Some(format!("{rank:04}")),
            filter_text: Some(item.filter),
            text_edit: Some(lsp::CompletionTextEdit::Edit(lsp::TextEdit {
                range: range(&file.lines, &file.text, item.replace, encoding),
                new_text: item.insert,
            })),
            ..lsp::CompletionItem::default()
        })
        .collect();
    Some(lsp::CompletionResponse::List(lsp::CompletionList {
        is_incomplete: completions.incomplete,
        items,
    }))
}

/// `DocumentSymbol`s, or flat `SymbolInformation` for a client without
/// hierarchical support.
#[allow(deprecated)] // `deprecated` must still be written.
pub fn document_symbols(
    file: &File,
    symbols: Vec<Symbol>,
    encoding: Encoding,
    support: &ClientSupport,
) -> lsp::DocumentSymbolResponse {
    if !support.hierarchical_symbols {
        let Some(uri) = path_to_uri(&file.path) else {
            return lsp::DocumentSymbolResponse::Flat(Vec::new());
        };
        let flat = symbols
            .into_iter()
            .map(|s| lsp::SymbolInformation {
                kind: support.symbol_kind(symbol_kinds(s.kind)),
                name: s.name,
                tags: None,
                deprecated: None,
                location: Location {
                    uri: uri.clone(),
                    range: range(&file.lines, &file.text, s.selection, encoding),
                },
                container_name: None,
            })
            .collect();
        return lsp::DocumentSymbolResponse::Flat(flat);
    }
    let symbols = symbols
        .into_iter()
        .map(|s| lsp::DocumentSymbol {
            name: s.name,
            detail: Some(match s.kind {
                Some(kind) => format!("@{} · {}", s.id, kind.as_str()),
                None => format!("@{}", s.id),
            }),
            kind: support.symbol_kind(symbol_kinds(s.kind)),
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
    support: &ClientSupport,
) -> lsp::WorkspaceSymbolResponse {
    let symbols = symbols
        .into_iter()
        .filter_map(|s| {
            Some(lsp::WorkspaceSymbol {
                location: OneOf::Left(location(workspace, &s.path, s.selection, encoding)?),
                container_name: Some(workspace.relative_path(&s.path)),
                name: s.name,
                kind: support.workspace_symbol_kind(symbol_kinds(s.kind)),
                tags: None,
                data: None,
            })
        })
        .collect();
    lsp::WorkspaceSymbolResponse::Nested(symbols)
}

/// `None` when there are none, or when the client takes no CodeAction
/// literals (the server then announces no code actions at all).
pub fn quick_fixes(
    workspace: &Workspace,
    file: &File,
    fixes: Vec<QuickFix>,
    encoding: Encoding,
    support: &ClientSupport,
) -> Option<lsp::CodeActionResponse> {
    if !support.code_action_literals {
        return None;
    }
    let actions: Vec<_> = fixes
        .into_iter()
        .map(|q| {
            lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                title: q.title,
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diagnostic(
                    workspace,
                    file,
                    &q.diagnostic,
                    encoding,
                    support,
                )]),
                edit: Some(workspace_edit(workspace, q.change, encoding)),
                is_preferred: Some(true),
                ..lsp::CodeAction::default()
            })
        })
        .collect();
    (!actions.is_empty()).then_some(actions)
}

/// The id to rename, with its range and the id as the placeholder.
pub fn prepare_rename(
    file: &File,
    (id_range, id): (TextRange, String),
    encoding: Encoding,
) -> lsp::PrepareRenameResponse {
    lsp::PrepareRenameResponse::RangeWithPlaceholder {
        range: range(&file.lines, &file.text, id_range, encoding),
        placeholder: id,
    }
}

/// Edits to several documents as one workspace edit; a document the
/// snapshot does not hold is left out.
pub fn workspace_edit(
    workspace: &Workspace,
    change: SourceChange,
    encoding: Encoding,
) -> lsp::WorkspaceEdit {
    let changes = change
        .edits
        .into_iter()
        .filter_map(|(path, edits)| {
            let end = edits.iter().map(|e| e.range.end).max().unwrap_or(0);
            let (text, lines) = workspace.text_and_lines(&path, end)?;
            let uri = path_to_uri(&path)?;
            let edits = edits
                .into_iter()
                .map(|edit| lsp::TextEdit {
                    range: range(lines, text, edit.range, encoding),
                    new_text: edit.new_text,
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

/// LSP's `RequestFailed`: the request was valid but could not be done.
const REQUEST_FAILED: i64 = -32803;

/// Why a rename cannot be done, for the user to read.
pub fn rename_error(error: RenameError) -> jsonrpc::Error {
    jsonrpc::Error {
        code: jsonrpc::ErrorCode::ServerError(REQUEST_FAILED),
        message: error.to_string().into(),
        data: None,
    }
}

/// `None` when there is nothing to highlight.
pub fn highlights(
    file: &File,
    found: Vec<Highlight>,
    encoding: Encoding,
) -> Option<Vec<lsp::DocumentHighlight>> {
    let highlights: Vec<_> = found
        .into_iter()
        .map(|h| lsp::DocumentHighlight {
            range: range(&file.lines, &file.text, h.range, encoding),
            kind: Some(match h.kind {
                HighlightKind::Definition => lsp::DocumentHighlightKind::WRITE,
                HighlightKind::Use => lsp::DocumentHighlightKind::READ,
            }),
        })
        .collect();
    (!highlights.is_empty()).then_some(highlights)
}

// ---------------------------------------------------------------------------
// Code lens, folding ranges, document links

/// The command a resolved lens runs: the client's references view, where
/// the client maps it (the VS Code extension maps it to
/// `editor.action.showReferences`, the Neovim plugin fills the quickfix
/// list); the arguments are the document's URI, the lens position and the
/// locations of the entity's uses, as `editor.action.showReferences`
/// takes them.
pub const SHOW_REFERENCES: &str = "newsls.showReferences";

/// Unresolved lenses: where they are, and what resolving needs.
pub fn code_lenses(
    file: &File,
    uri: &Uri,
    lenses: Vec<ide::code_lens::Lens>,
    encoding: Encoding,
) -> Vec<lsp::CodeLens> {
    lenses
        .into_iter()
        .map(|lens| {
            let range = range(&file.lines, &file.text, lens.range, encoding);
            lsp::CodeLens {
                range,
                command: None,
                data: Some(serde_json::json!({
                    "uri": uri.as_str(),
                    "id": lens.id,
                })),
            }
        })
        .collect()
}

/// A lens with its title and command.
pub fn resolved_lens(
    workspace: &Workspace,
    mut lens: lsp::CodeLens,
    usage: ide::code_lens::Usage,
    encoding: Encoding,
) -> lsp::CodeLens {
    let uri = lens.data.as_ref().and_then(|d| d.get("uri")).cloned();
    let title = usage.title();
    let uses = locations(workspace, usage.uses, encoding).unwrap_or_default();
    lens.command = Some(lsp::Command {
        title,
        command: SHOW_REFERENCES.to_string(),
        arguments: Some(vec![
            uri.unwrap_or_default(),
            serde_json::to_value(lens.range.start).unwrap_or_default(),
            serde_json::to_value(uses).unwrap_or_default(),
        ]),
    });
    lens
}

/// Folds, by whole lines.
pub fn folding_ranges(file: &File, folds: Vec<ide::folding::Fold>) -> Vec<lsp::FoldingRange> {
    folds
        .into_iter()
        .filter_map(|fold| {
            let (start, _) = file.lines.line_of(fold.range.start.min(file.text.len()));
            let body = file.text.get(fold.range.start..fold.range.end)?;
            let end_offset = fold.range.start + body.trim_end().len();
            let (end, _) = file.lines.line_of(end_offset.min(file.text.len()));
            (end > start).then(|| lsp::FoldingRange {
                start_line: u32::try_from(start).unwrap_or(u32::MAX),
                end_line: u32::try_from(end).unwrap_or(u32::MAX),
                kind: match fold.kind {
                    ide::folding::FoldKind::FrontMatter => Some(lsp::FoldingRangeKind::Region),
                    ide::folding::FoldKind::Entity => None,
                },
                ..lsp::FoldingRange::default()
            })
        })
        .collect()
}

pub fn document_links(
    file: &File,
    links: Vec<ide::document_links::Link>,
    encoding: Encoding,
) -> Vec<lsp::DocumentLink> {
    links
        .into_iter()
        .filter_map(|link| {
            Some(lsp::DocumentLink {
                range: range(&file.lines, &file.text, link.range, encoding),
                target: Some(Uri::from_str(&link.target).ok()?),
                tooltip: None,
                data: None,
            })
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Inlay hints

/// Each hint after its mention, set off from it by a space.
pub fn inlay_hints(
    file: &File,
    hints: Vec<ide::inlay_hints::InlayHint>,
    encoding: Encoding,
) -> Vec<lsp::InlayHint> {
    hints
        .into_iter()
        .map(|hint| lsp::InlayHint {
            position: position(&file.lines, &file.text, hint.offset, encoding),
            label: lsp::InlayHintLabel::String(hint.label),
            kind: None,
            text_edits: None,
            tooltip: Some(lsp::InlayHintTooltip::String(format!(
                "The role of @{} on this document's date",
                hint.id
            ))),
            padding_left: Some(true),
            padding_right: None,
            data: None,
        })
        .collect()
}

/// Nested ranges, innermost first, as a chain of parents.
pub fn selection_range(
    file: &File,
    ranges: Vec<TextRange>,
    encoding: Encoding,
) -> lsp::SelectionRange {
    let mut chain: Option<lsp::SelectionRange> = None;
    for text_range in ranges.into_iter().rev() {
        chain = Some(lsp::SelectionRange {
            range: range(&file.lines, &file.text, text_range, encoding),
            parent: chain.map(Box::new),
        });
    }
    chain.unwrap_or_else(|| lsp::SelectionRange {
        range: lsp::Range::default(),
        parent: None,
    })
}

/// The dossier rendered both ways, with where each of its entities is
/// defined (the definition in force), for a page that goes there.
pub fn dossier(
    workspace: &Workspace,
    dossier: &ide::dossier::Dossier,
    encoding: Encoding,
) -> DossierResult {
    let definitions = dossier
        .entities
        .iter()
        .filter_map(|entity| {
            let definition = entity.definitions.get(entity.in_force?)?;
            let at = location(workspace, &definition.path, definition.key, encoding)?;
            Some((entity.id.clone(), at))
        })
        .collect();
    DossierResult {
        markdown: ide::dossier::markdown::render(dossier),
        html: ide::dossier::html::render(dossier),
        definitions,
    }
}
