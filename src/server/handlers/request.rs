//! The request handlers. Each is three steps and no logic of its own: the
//! params into plain data, one `ide` entry point, the result into LSP. They
//! run on a blocking thread, on a snapshot taken when the request arrived.

use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types::{
    self as lsp, CodeActionParams, CodeActionResponse, CodeLens, CodeLensParams, CompletionParams,
    CompletionResponse, DocumentDiagnosticParams, DocumentDiagnosticReportResult,
    DocumentHighlight, DocumentHighlightParams, DocumentLink, DocumentLinkParams,
    DocumentSymbolParams, DocumentSymbolResponse, FoldingRange, FoldingRangeParams,
    GotoDefinitionParams, GotoDefinitionResponse, Hover, HoverParams, InlayHint, InlayHintParams,
    Location, PrepareRenameResponse, ReferenceParams, RenameParams, SelectionRange,
    SelectionRangeParams, SemanticTokens, SemanticTokensDeltaParams, SemanticTokensFullDeltaResult,
    SemanticTokensParams, SemanticTokensRangeParams, SemanticTokensRangeResult,
    SemanticTokensResult, TextDocumentPositionParams, Uri, WorkspaceEdit, WorkspaceSymbolParams,
    WorkspaceSymbolResponse,
};

use crate::ide;
use crate::server::convert::{from_proto, to_proto};
use crate::server::lsp_ext::{DossierParams, DossierResult};
use crate::server::snapshot::Snapshot;
use crate::workspace::File;

/// `textDocument/diagnostic`: a document newsls does not know has none.
pub fn document_diagnostic(
    snap: &Snapshot,
    params: DocumentDiagnosticParams,
) -> DocumentDiagnosticReportResult {
    let diagnostics = snap
        .file(&params.text_document.uri)
        .map(|file| snap.diagnostics(&file.path).0)
        .unwrap_or_default();
    to_proto::document_report(diagnostics, params.previous_result_id.as_deref())
}

pub fn hover(snap: &Snapshot, params: HoverParams) -> Option<Hover> {
    let (file, offset) = snap.position(&params.text_document_position_params)?;
    let found = ide::hover::find(&snap.workspace, &file.path, offset)?;
    Some(to_proto::hover(file, found, snap.encoding, &snap.support))
}

pub fn goto_definition(
    snap: &Snapshot,
    params: GotoDefinitionParams,
) -> Option<GotoDefinitionResponse> {
    let (file, offset) = snap.position(&params.text_document_position_params)?;
    let found = ide::definition::find(&snap.workspace, &file.path, offset);
    to_proto::definition(&snap.workspace, found, snap.encoding)
}

pub fn completion(snap: &Snapshot, params: CompletionParams) -> Option<CompletionResponse> {
    let (file, offset) = snap.position(&params.text_document_position)?;
    let found = ide::completion::complete(&snap.workspace, &file.path, offset);
    to_proto::completion(file, found, snap.encoding, &snap.support)
}

pub fn references(snap: &Snapshot, params: ReferenceParams) -> Option<Vec<Location>> {
    let (file, offset) = snap.position(&params.text_document_position)?;
    let include_definitions = params.context.include_declaration;
    let found = ide::references::find(&snap.workspace, &file.path, offset, include_definitions);
    to_proto::locations(&snap.workspace, found, snap.encoding)
}

pub fn document_highlight(
    snap: &Snapshot,
    params: DocumentHighlightParams,
) -> Option<Vec<DocumentHighlight>> {
    let (file, offset) = snap.position(&params.text_document_position_params)?;
    let found = ide::references::highlights(&snap.workspace, &file.path, offset);
    to_proto::highlights(file, found, snap.encoding)
}

pub fn document_symbol(
    snap: &Snapshot,
    params: DocumentSymbolParams,
) -> Option<DocumentSymbolResponse> {
    let file = snap.file(&params.text_document.uri)?;
    let found = ide::symbols::document(&snap.workspace, &file.path);
    Some(to_proto::document_symbols(
        file,
        found,
        snap.encoding,
        &snap.support,
    ))
}

pub fn workspace_symbol(
    snap: &Snapshot,
    params: WorkspaceSymbolParams,
) -> Option<WorkspaceSymbolResponse> {
    let found = ide::symbols::workspace(&snap.workspace, &params.query);
    Some(to_proto::workspace_symbols(
        &snap.workspace,
        found,
        snap.encoding,
        &snap.support,
    ))
}

pub fn prepare_rename(
    snap: &Snapshot,
    params: TextDocumentPositionParams,
) -> Option<PrepareRenameResponse> {
    let (file, offset) = snap.position(&params)?;
    let found = ide::rename::prepare(&snap.workspace, &file.path, offset)?;
    Some(to_proto::prepare_rename(file, found, snap.encoding))
}

/// Why a rename cannot be done is an error response, for the user to read.
pub fn rename(snap: &Snapshot, params: RenameParams) -> jsonrpc::Result<Option<WorkspaceEdit>> {
    let Some((file, offset)) = snap.position(&params.text_document_position) else {
        return Ok(None);
    };
    let found = ide::rename::rename(&snap.workspace, &file.path, offset, &params.new_name)
        .map_err(to_proto::rename_error)?;
    Ok(Some(to_proto::workspace_edit(
        &snap.workspace,
        found,
        snap.encoding,
    )))
}

pub fn code_action(snap: &Snapshot, params: CodeActionParams) -> Option<CodeActionResponse> {
    let file = snap.file(&params.text_document.uri)?;
    let range = snap.range(file, params.range);
    let options = snap.settings.diagnostic_options();
    let found = ide::code_actions::quick_fixes_with(&snap.workspace, &file.path, range, &options);
    let mut actions =
        to_proto::quick_fixes(&snap.workspace, file, found, snap.encoding, &snap.support)
            .unwrap_or_default();
    if snap.support.code_action_literals {
        let uri = &params.text_document.uri;
        actions.extend(super::wikidata::actions(snap, file, uri, range.start));
    }
    (!actions.is_empty()).then_some(actions)
}

/// The edit of a Wikidata action, computed when it is picked.
pub fn code_action_resolve(
    snap: &Snapshot,
    action: lsp::CodeAction,
) -> jsonrpc::Result<lsp::CodeAction> {
    super::wikidata::resolve(snap, action)
}

/// Lenses on the entity keys, unless `code-lens.enabled` is off.
pub fn code_lens(snap: &Snapshot, params: CodeLensParams) -> Option<Vec<CodeLens>> {
    if !snap.settings.code_lens {
        return None;
    }
    let uri = &params.text_document.uri;
    let file = snap.file(uri)?;
    let found = ide::code_lens::lenses(&snap.workspace, &file.path);
    Some(to_proto::code_lenses(file, uri, found, snap.encoding))
}

/// Counts the uses of the lens's entity, and lists them for the command.
pub fn code_lens_resolve(snap: &Snapshot, lens: CodeLens) -> CodeLens {
    let id = lens
        .data
        .as_ref()
        .and_then(|d| d.get("id"))
        .and_then(|id| id.as_str())
        .unwrap_or_default()
        .to_string();
    let usage = ide::code_lens::usage(&snap.workspace, &id);
    to_proto::resolved_lens(&snap.workspace, lens, usage, snap.encoding)
}

/// Roles after first mentions, unless `inlay-hints.enabled` is off (the
/// default).
pub fn inlay_hint(snap: &Snapshot, params: InlayHintParams) -> Option<Vec<InlayHint>> {
    if !snap.settings.inlay_hints {
        return None;
    }
    let file = snap.file(&params.text_document.uri)?;
    let range = snap.range(file, params.range);
    let found = ide::inlay_hints::hints(&snap.workspace, &file.path, Some(range));
    Some(to_proto::inlay_hints(file, found, snap.encoding))
}

pub fn folding_range(snap: &Snapshot, params: FoldingRangeParams) -> Option<Vec<FoldingRange>> {
    let file = snap.file(&params.text_document.uri)?;
    let found = ide::folding::folds(&snap.workspace, &file.path);
    Some(to_proto::folding_ranges(file, found))
}

pub fn document_link(snap: &Snapshot, params: DocumentLinkParams) -> Option<Vec<DocumentLink>> {
    let file = snap.file(&params.text_document.uri)?;
    let found = ide::document_links::links(&snap.workspace, &file.path);
    Some(to_proto::document_links(file, found, snap.encoding))
}

/// With a result id, for a later delta, where the client asks for them.
pub fn semantic_tokens_full(
    snap: &Snapshot,
    params: SemanticTokensParams,
) -> Option<SemanticTokensResult> {
    let (file, tokens) = semantic_tokens(snap, &params.text_document.uri, None)?;
    if !snap.support.semantic_tokens_delta {
        return Some(SemanticTokensResult::Tokens(tokens));
    }
    Some(SemanticTokensResult::Tokens(
        snap.semantic_tokens.full(&file.path, tokens),
    ))
}

/// The edits from the tokens last sent, or all of them when the client's
/// result id is not the last one.
pub fn semantic_tokens_full_delta(
    snap: &Snapshot,
    params: SemanticTokensDeltaParams,
) -> Option<SemanticTokensFullDeltaResult> {
    let (file, tokens) = semantic_tokens(snap, &params.text_document.uri, None)?;
    let previous = &params.previous_result_id;
    Some(snap.semantic_tokens.delta(&file.path, previous, tokens))
}

pub fn semantic_tokens_range(
    snap: &Snapshot,
    params: SemanticTokensRangeParams,
) -> Option<SemanticTokensRangeResult> {
    let (_, tokens) = semantic_tokens(snap, &params.text_document.uri, Some(params.range))?;
    Some(SemanticTokensRangeResult::Tokens(tokens))
}

/// The tokens of the document `uri` (those in `range`, when given), as LSP
/// encodes them: the three semantic tokens requests' common step.
fn semantic_tokens<'s>(
    snap: &'s Snapshot,
    uri: &Uri,
    range: Option<lsp::Range>,
) -> Option<(&'s File, SemanticTokens)> {
    let file = snap.file(uri)?;
    let within = range.map(|range| snap.range(file, range));
    let found = ide::semantic_tokens::tokens(&snap.workspace, &file.path);
    let tokens = to_proto::semantic_tokens(file, found, within, snap.encoding);
    Some((file, tokens))
}

pub fn selection_range(
    snap: &Snapshot,
    params: SelectionRangeParams,
) -> Option<Vec<SelectionRange>> {
    let file = snap.file(&params.text_document.uri)?;
    let ranges = params
        .positions
        .iter()
        .map(|position| {
            let offset = from_proto::offset(&file.lines, &file.text, *position, snap.encoding);
            let found = ide::selection::expand(&snap.workspace, &file.path, offset);
            to_proto::selection_range(file, found, snap.encoding)
        })
        .collect();
    Some(ranges)
}

/// `newsls/dossier`: the document as the editor has it; a date that is
/// not a real day is an invalid params error.
pub fn dossier(snap: &Snapshot, params: DossierParams) -> jsonrpc::Result<Option<DossierResult>> {
    let date = from_proto::date(params.date.as_deref())?;
    let Some(file) = snap.file(&params.text_document.uri) else {
        return Ok(None);
    };
    let found = ide::dossier::of(&snap.workspace, &file.path, date);
    Ok(found.map(|d| to_proto::dossier(&snap.workspace, &d, snap.encoding)))
}
