//! What the server does for a given client: every decision taken from the
//! client's capabilities at `initialize`, and the capabilities the server
//! announces in return. Add a decision as a field of [`Negotiated`], made
//! in [`negotiate`].

use tower_lsp_server::ls_types::{
    ClientCapabilities, CodeActionKind, CodeActionOptions, CodeActionProviderCapability,
    CompletionOptions, HoverProviderCapability, OneOf, PositionEncodingKind, RenameOptions,
    ServerCapabilities, TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    WorkDoneProgressOptions, WorkspaceFoldersServerCapabilities, WorkspaceServerCapabilities,
};

use super::convert::Encoding;

/// What was decided from the client's capabilities.
#[derive(Clone, Debug)]
pub struct Negotiated {
    /// How positions are counted.
    pub encoding: Encoding,
    /// The client can register file watchers at run time.
    pub watch_files: bool,
    /// The client answers `workspace/configuration`: its settings are
    /// pulled, at `initialized` and on each `didChangeConfiguration`.
    pub pull_configuration: bool,
    /// The client can register for `workspace/didChangeConfiguration`.
    pub register_configuration: bool,
    /// The client shows work-done progress the server starts.
    pub report_progress: bool,
    /// What the server announces.
    pub capabilities: ServerCapabilities,
}

/// Every decision taken from the client's capabilities.
pub fn negotiate(client: &ClientCapabilities) -> Negotiated {
    let encoding = encoding(client);
    let watch_files = client
        .workspace
        .as_ref()
        .and_then(|w| w.did_change_watched_files.as_ref())
        .and_then(|w| w.dynamic_registration)
        .unwrap_or(false);
    let report_progress = client
        .window
        .as_ref()
        .and_then(|w| w.work_done_progress)
        .unwrap_or(false);
    let workspace = client.workspace.as_ref();
    let pull_configuration = workspace.and_then(|w| w.configuration).unwrap_or(false);
    let register_configuration = workspace
        .and_then(|w| w.did_change_configuration.as_ref())
        .and_then(|c| c.dynamic_registration)
        .unwrap_or(false);
    Negotiated {
        encoding,
        watch_files,
        pull_configuration,
        register_configuration,
        report_progress,
        capabilities: server_capabilities(encoding),
    }
}

/// UTF-8 when the client offers it (no conversion work for us), else the
/// mandatory UTF-16.
fn encoding(client: &ClientCapabilities) -> Encoding {
    let offered = client
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref());
    match offered {
        Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
        _ => Encoding::Utf16,
    }
}

fn server_capabilities(encoding: Encoding) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(encoding.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                ..TextDocumentSyncOptions::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        document_highlight_provider: Some(OneOf::Left(true)),
        rename_provider: Some(OneOf::Right(RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: WorkDoneProgressOptions::default(),
        })),
        document_symbol_provider: Some(OneOf::Left(true)),
        workspace_symbol_provider: Some(OneOf::Left(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec!["@".to_string()]),
            ..CompletionOptions::default()
        }),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..CodeActionOptions::default()
        })),
        workspace: Some(WorkspaceServerCapabilities {
            workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                supported: Some(true),
                change_notifications: Some(OneOf::Left(true)),
            }),
            file_operations: None,
        }),
        ..ServerCapabilities::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp_server::ls_types::{
        DidChangeWatchedFilesClientCapabilities, GeneralClientCapabilities,
        WorkspaceClientCapabilities,
    };

    #[test]
    fn negotiates_the_encoding() {
        let with = |kinds: Option<Vec<PositionEncodingKind>>| ClientCapabilities {
            general: Some(GeneralClientCapabilities {
                position_encodings: kinds,
                ..Default::default()
            }),
            ..Default::default()
        };
        let utf8 = PositionEncodingKind::UTF8;
        let utf16 = PositionEncodingKind::UTF16;
        let utf32 = PositionEncodingKind::UTF32;
        let offered = negotiate(&with(Some(vec![utf16.clone(), utf8.clone()])));
        assert_eq!(offered.encoding, Encoding::Utf8);
        assert_eq!(offered.capabilities.position_encoding, Some(utf8));
        assert_eq!(
            negotiate(&with(Some(vec![utf32, utf16.clone()]))).encoding,
            Encoding::Utf16
        );
        assert_eq!(negotiate(&with(None)).encoding, Encoding::Utf16);
        let default = negotiate(&ClientCapabilities::default());
        assert_eq!(default.encoding, Encoding::Utf16);
        assert_eq!(default.capabilities.position_encoding, Some(utf16));
    }

    #[test]
    fn watches_files_only_when_the_client_can_register_watchers() {
        assert!(!negotiate(&ClientCapabilities::default()).watch_files);
        let dynamic = ClientCapabilities {
            workspace: Some(WorkspaceClientCapabilities {
                did_change_watched_files: Some(DidChangeWatchedFilesClientCapabilities {
                    dynamic_registration: Some(true),
                    ..Default::default()
                }),
                ..Default::default()
            }),
            ..Default::default()
        };
        assert!(negotiate(&dynamic).watch_files);
    }
}
