//! The Wikidata code actions in LSP, both ways: each offer as a
//! `CodeAction` (its edit now, or data to compute it when resolved, or a
//! command for a client that cannot resolve edits), and what the client
//! sends back (the data, the command's arguments) as the target it names.

use serde_json::{Value, json};
use tower_lsp_server::ls_types::{self as lsp, CodeActionKind, Uri};

use super::to_proto::workspace_edit;
use super::{ClientSupport, Encoding};
use crate::ide::SourceChange;
use crate::wikidata::FileChange;
use crate::wikidata::actions::Offer;
use crate::workspace::Workspace;

/// The command a client without edit resolving runs to have the server
/// compute the action and send its edit (`workspace/applyEdit`).
pub const COMMAND: &str = "newsls.wikidata.apply";

/// What an action is about: the action, the document, the entity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// `fill` or `search`.
    pub action: String,
    pub uri: Uri,
    pub id: String,
}

impl Target {
    fn to_json(&self) -> Value {
        json!({ "newsls": "wikidata", "action": self.action, "uri": self.uri.as_str(), "id": self.id })
    }

    /// The target in an action's `data` or a command's first argument.
    pub fn from_json(value: &Value) -> Option<Target> {
        if value.get("newsls")?.as_str()? != "wikidata" {
            return None;
        }
        Some(Target {
            action: value.get("action")?.as_str()?.to_string(),
            uri: value.get("uri")?.as_str()?.parse().ok()?,
            id: value.get("id")?.as_str()?.to_string(),
        })
    }
}

/// The edit of a change, as LSP carries it.
pub fn edit(workspace: &Workspace, change: FileChange, encoding: Encoding) -> lsp::WorkspaceEdit {
    let mut source = SourceChange::default();
    source
        .edits
        .insert(change.path.as_path().into(), change.edits);
    workspace_edit(workspace, source, encoding)
}

/// One code action an offer makes.
pub fn action(
    workspace: &Workspace,
    uri: &Uri,
    offer: Offer,
    encoding: Encoding,
    support: &ClientSupport,
) -> Option<lsp::CodeActionOrCommand> {
    let title = offer.title();
    let mut action = lsp::CodeAction {
        title: title.clone(),
        kind: Some(CodeActionKind::REFACTOR_REWRITE),
        ..lsp::CodeAction::default()
    };
    let target = |name: &str, id: String| Target {
        action: name.to_string(),
        uri: uri.clone(),
        id,
    };
    match offer {
        Offer::Link { change, .. } => {
            // Known already: no network, so the edit comes now.
            action.edit = Some(edit(workspace, change, encoding));
        }
        Offer::Fill { id } if support.code_action_resolve_edit => {
            action.data = Some(target("fill", id).to_json());
        }
        Offer::Fill { id } => {
            if !support.apply_edit {
                return None;
            }
            action.command = Some(command(&title, target("fill", id)));
        }
        Offer::Search { id, .. } => {
            action.command = Some(command(&title, target("search", id)));
        }
    }
    Some(lsp::CodeActionOrCommand::CodeAction(action))
}

fn command(title: &str, target: Target) -> lsp::Command {
    lsp::Command {
        title: title.to_string(),
        command: COMMAND.to_string(),
        arguments: Some(vec![target.to_json()]),
    }
}
