//! What the server does for a given client: every decision taken from the
//! client's capabilities at `initialize`, and the capabilities the server
//! announces in return. Add a decision as a field of [`Negotiated`], made
//! in [`negotiate`].

use tower_lsp_server::ls_types::{
    ClientCapabilities, CodeActionKind, CodeActionOptions, CodeActionProviderCapability,
    CompletionOptions, DiagnosticOptions, DiagnosticServerCapabilities, FileOperationFilter,
    FileOperationPattern, FileOperationPatternKind, FileOperationRegistrationOptions,
    HoverProviderCapability, OneOf, PositionEncodingKind, RenameOptions, SemanticTokensFullOptions,
    ServerCapabilities, TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    WorkDoneProgressOptions, WorkspaceFileOperationsServerCapabilities,
    WorkspaceFoldersServerCapabilities, WorkspaceServerCapabilities,
};

use super::convert::{ClientSupport, Encoding};

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
    /// The client pulls diagnostics (`textDocument/diagnostic`,
    /// `workspace/diagnostic`) and can be told to pull again
    /// (`workspace/diagnostic/refresh`): nothing is pushed to it. A client
    /// that pulls but cannot be told to pull again is pushed to, as is one
    /// that does not pull: otherwise the diagnostics of its other open
    /// documents would stay stale after a change elsewhere.
    pub pull_diagnostics: bool,
    /// Which views the client asks for again when told to.
    pub refresh: Refresh,
    /// What the client accepts in answers.
    pub support: ClientSupport,
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
    let support = ClientSupport::of(client);
    let pulls = client
        .text_document
        .as_ref()
        .is_some_and(|t| t.diagnostic.is_some());
    let refreshes = workspace
        .and_then(|w| w.diagnostics.as_ref()?.refresh_support)
        .unwrap_or(false);
    let pull_diagnostics = pulls && refreshes;
    let refresh = Refresh {
        inlay_hints: workspace
            .and_then(|w| w.inlay_hint.as_ref()?.refresh_support)
            .unwrap_or(false),
        code_lens: workspace
            .and_then(|w| w.code_lens.as_ref()?.refresh_support)
            .unwrap_or(false),
    };
    Negotiated {
        encoding,
        watch_files,
        pull_configuration,
        register_configuration,
        report_progress,
        pull_diagnostics,
        refresh,
        capabilities: server_capabilities(encoding, &support, pull_diagnostics),
        support,
    }
}

/// The views whose `workspace/<view>/refresh` the client declared, sent
/// when a setting turns the view on or off.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Refresh {
    pub inlay_hints: bool,
    pub code_lens: bool,
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

fn server_capabilities(
    encoding: Encoding,
    support: &ClientSupport,
    pull_diagnostics: bool,
) -> ServerCapabilities {
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
        // `prepareProvider` only for a client that sends `prepareRename`.
        rename_provider: Some(if support.prepare_rename {
            OneOf::Right(RenameOptions {
                prepare_provider: Some(true),
                work_done_progress_options: WorkDoneProgressOptions::default(),
            })
        } else {
            OneOf::Left(true)
        }),
        document_symbol_provider: Some(OneOf::Left(true)),
        workspace_symbol_provider: Some(OneOf::Left(true)),
        completion_provider: Some(CompletionOptions {
            // `@` for ids, `[` for whole mentions, `:` for front matter
            // values.
            trigger_characters: Some(["@", "[", ":"].map(String::from).to_vec()),
            ..CompletionOptions::default()
        }),
        // Quick fixes are edits, which only CodeAction literals carry (a
        // Command would need a round trip to the client to apply them).
        // The Wikidata actions (`refactor.rewrite`) compute their edit when
        // picked: in `codeAction/resolve`, or for a client that cannot
        // resolve edits, in the command `newsls.wikidata.apply`.
        code_action_provider: support.code_action_literals.then(|| {
            CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(vec![
                    CodeActionKind::QUICKFIX,
                    CodeActionKind::REFACTOR_REWRITE,
                ]),
                resolve_provider: Some(true),
                ..CodeActionOptions::default()
            })
        }),
        execute_command_provider: support.code_action_literals.then(|| {
            tower_lsp_server::ls_types::ExecuteCommandOptions {
                commands: vec![crate::server::handlers::wikidata::COMMAND.to_string()],
                ..Default::default()
            }
        }),
        semantic_tokens_provider: Some(
            tower_lsp_server::ls_types::SemanticTokensServerCapabilities::SemanticTokensOptions(
                tower_lsp_server::ls_types::SemanticTokensOptions {
                    legend: super::convert::to_proto::semantic_tokens_legend(),
                    range: Some(true),
                    // Deltas only for a client that asks for them.
                    full: Some(if support.semantic_tokens_delta {
                        SemanticTokensFullOptions::Delta { delta: Some(true) }
                    } else {
                        SemanticTokensFullOptions::Bool(true)
                    }),
                    work_done_progress_options: WorkDoneProgressOptions::default(),
                },
            ),
        ),
        // Only for a client that asks for them; empty while the setting
        // is off (the default).
        inlay_hint_provider: support.inlay_hints.then_some(OneOf::Left(true)),
        selection_range_provider: Some(
            tower_lsp_server::ls_types::SelectionRangeProviderCapability::Simple(true),
        ),
        // Counted only when the client resolves a lens it shows.
        code_lens_provider: Some(tower_lsp_server::ls_types::CodeLensOptions {
            resolve_provider: Some(true),
        }),
        folding_range_provider: Some(
            tower_lsp_server::ls_types::FoldingRangeProviderCapability::Simple(true),
        ),
        document_link_provider: Some(tower_lsp_server::ls_types::DocumentLinkOptions {
            resolve_provider: Some(false),
            work_done_progress_options: WorkDoneProgressOptions::default(),
        }),
        // A document's diagnostics read other documents, and every
        // document of the folder has some, open or not.
        diagnostic_provider: pull_diagnostics.then(|| {
            DiagnosticServerCapabilities::Options(DiagnosticOptions {
                identifier: Some("newsls".to_string()),
                inter_file_dependencies: true,
                workspace_diagnostics: true,
                work_done_progress_options: WorkDoneProgressOptions::default(),
            })
        }),
        workspace: Some(WorkspaceServerCapabilities {
            workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                supported: Some(true),
                change_notifications: Some(OneOf::Left(true)),
            }),
            file_operations: Some(file_operations()),
        }),
        ..ServerCapabilities::default()
    }
}

/// Renames of documents and of folders (which may hold documents): the
/// index follows them even when no watched-file event comes.
fn file_operations() -> WorkspaceFileOperationsServerCapabilities {
    let filter = |glob: &str, matches| FileOperationFilter {
        scheme: Some("file".to_string()),
        pattern: FileOperationPattern {
            glob: glob.to_string(),
            matches: Some(matches),
            options: None,
        },
    };
    let renames = FileOperationRegistrationOptions {
        filters: vec![
            filter("**/*.news.md", FileOperationPatternKind::File),
            filter("**", FileOperationPatternKind::Folder),
        ],
    };
    WorkspaceFileOperationsServerCapabilities {
        did_rename: Some(renames.clone()),
        will_rename: Some(renames),
        ..WorkspaceFileOperationsServerCapabilities::default()
    }
}

#[cfg(test)]
mod tests;
