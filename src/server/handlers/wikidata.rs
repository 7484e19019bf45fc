//! The Wikidata code actions: listed from the analysis and the cache
//! alone (never waiting on the network), computed when the user picks
//! one: in `codeAction/resolve`, or in `workspace/executeCommand` for a
//! client that cannot resolve edits (the backend then sends the edit with
//! `workspace/applyEdit`, without waiting on the client in the handler).

use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types::{self as lsp, CodeAction, ExecuteCommandParams, MessageType, Uri};

use crate::server::convert::from_proto::document_path;
pub use crate::server::convert::wikidata::COMMAND;
use crate::server::convert::wikidata::{self as convert, Target};
use crate::server::snapshot::Snapshot;
use crate::wikidata::actions;
use crate::workspace::File;

/// What a command asks the backend to do once computed.
pub enum Outcome {
    /// Send this edit to the client (`workspace/applyEdit`).
    Apply(lsp::WorkspaceEdit),
    /// Tell the user (`window/showMessage`).
    Message(MessageType, String),
}

/// The actions on the entity key at `offset` of `file`.
pub fn actions(
    snap: &Snapshot,
    file: &File,
    uri: &Uri,
    offset: usize,
) -> Vec<lsp::CodeActionOrCommand> {
    actions::offers(&snap.workspace, &file.path, offset, &snap.settings)
        .into_iter()
        .filter_map(|offer| {
            convert::action(&snap.workspace, uri, offer, snap.encoding, &snap.support)
        })
        .collect()
}

/// `codeAction/resolve`: the edit of "Fill from Wikidata", asked of the
/// network now; a failure is the answer's error, and nothing changes.
pub fn resolve(snap: &Snapshot, mut action: CodeAction) -> jsonrpc::Result<CodeAction> {
    let Some(target) = action.data.as_ref().and_then(Target::from_json) else {
        return Ok(action);
    };
    let Some(path) = document_path(&target.uri, "codeAction/resolve") else {
        return Ok(action);
    };
    match actions::fill(&snap.workspace, &path, &target.id, &snap.settings) {
        Ok(change) => {
            action.edit = Some(match change {
                Some(change) => convert::edit(&snap.workspace, change, snap.encoding),
                None => lsp::WorkspaceEdit::default(),
            });
            Ok(action)
        }
        Err(error) => Err(failed(&format!(
            "{}: {error}; nothing was changed",
            action.title
        ))),
    }
}

/// `workspace/executeCommand` `newsls.wikidata.apply`: fill (the edit to
/// send) or search (what was found, to say).
pub fn execute(snap: &Snapshot, params: ExecuteCommandParams) -> jsonrpc::Result<Outcome> {
    let target = params
        .arguments
        .first()
        .and_then(Target::from_json)
        .filter(|_| params.command == COMMAND)
        .ok_or_else(|| {
            jsonrpc::Error::invalid_params(format!("unknown command {}", params.command))
        })?;
    let path = document_path(&target.uri, "workspace/executeCommand")
        .ok_or_else(|| jsonrpc::Error::invalid_params("not a document"))?;
    let settings = &snap.settings;
    match target.action.as_str() {
        "fill" => match actions::fill(&snap.workspace, &path, &target.id, settings) {
            Ok(Some(change)) => Ok(Outcome::Apply(convert::edit(
                &snap.workspace,
                change,
                snap.encoding,
            ))),
            Ok(None) => Ok(Outcome::Message(
                MessageType::INFO,
                format!("Wikidata has nothing to add to `{}`", target.id),
            )),
            Err(error) => Ok(Outcome::Message(
                MessageType::ERROR,
                format!("Fill from Wikidata: {error}; nothing was changed"),
            )),
        },
        "search" => Ok(
            match actions::search(&snap.workspace, &path, &target.id, settings) {
                Ok(found) => Outcome::Message(MessageType::INFO, found),
                Err(error) => {
                    Outcome::Message(MessageType::ERROR, format!("Search Wikidata: {error}"))
                }
            },
        ),
        other => Err(jsonrpc::Error::invalid_params(format!(
            "unknown action {other}"
        ))),
    }
}

/// LSP's `RequestFailed`: the request was valid, and could not be done.
fn failed(message: &str) -> jsonrpc::Error {
    jsonrpc::Error {
        code: jsonrpc::ErrorCode::ServerError(-32803),
        message: message.to_string().into(),
        data: None,
    }
}
