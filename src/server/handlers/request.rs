//! The request handlers. Each is three steps and no logic of its own: the
//! params into plain data, one `ide` entry point, the result into LSP. They
//! run on a blocking thread, on a snapshot taken when the request arrived.

use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types::{
    CodeActionParams, CodeActionResponse, CompletionParams, CompletionResponse, DocumentHighlight,
    DocumentHighlightParams, DocumentSymbolParams, DocumentSymbolResponse, GotoDefinitionParams,
    GotoDefinitionResponse, Hover, HoverParams, Location, PrepareRenameResponse, ReferenceParams,
    RenameParams, TextDocumentPositionParams, WorkspaceEdit, WorkspaceSymbolParams,
    WorkspaceSymbolResponse,
};

use crate::ide;
use crate::server::convert::to_proto;
use crate::server::snapshot::Snapshot;

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
    let found = ide::code_actions::quick_fixes(&snap.workspace, &file.path, range);
    to_proto::quick_fixes(&snap.workspace, file, found, snap.encoding, &snap.support)
}
