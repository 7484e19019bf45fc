//! What the server does for a given client: every decision taken from the
//! client's capabilities at `initialize`, and the capabilities the server
//! announces in return. Add a decision as a field of [`Negotiated`], made
//! in [`negotiate`].

use tower_lsp_server::ls_types::{
    ClientCapabilities, CodeActionKind, CodeActionOptions, CodeActionProviderCapability,
    CompletionItemKind, CompletionOptions, DiagnosticOptions, DiagnosticServerCapabilities,
    FileOperationFilter, FileOperationPattern, FileOperationPatternKind,
    FileOperationRegistrationOptions, HoverProviderCapability, MarkupKind, OneOf,
    PositionEncodingKind, RenameOptions, SemanticTokensFullOptions, ServerCapabilities, SymbolKind,
    TextDocumentClientCapabilities, TextDocumentSyncCapability, TextDocumentSyncKind,
    TextDocumentSyncOptions, WorkDoneProgressOptions, WorkspaceFileOperationsServerCapabilities,
    WorkspaceFoldersServerCapabilities, WorkspaceServerCapabilities,
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

/// What the client declared it accepts in answers. LSP says a server may
/// use a feature only if the client states it supports it; where it does
/// not, newsls falls back as LSP defines (flat symbols, plain text, kinds
/// 1 to 18) or leaves the feature out (prepare rename, code actions).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientSupport {
    /// `hover.contentFormat` lists Markdown.
    pub markdown_hover: bool,
    /// `publishDiagnostics.relatedInformation`.
    pub related_information: bool,
    /// `documentSymbol.hierarchicalDocumentSymbolSupport`.
    pub hierarchical_symbols: bool,
    /// `codeAction.codeActionLiteralSupport`.
    pub code_action_literals: bool,
    /// `codeAction.resolveSupport.properties` holds `edit`: the edit of a
    /// code action may be computed when it is picked.
    pub code_action_resolve_edit: bool,
    /// `workspace.applyEdit`: the server may send an edit to apply.
    pub apply_edit: bool,
    /// `rename.prepareSupport`.
    pub prepare_rename: bool,
    /// `documentSymbol.symbolKind.valueSet` (`None`: File to Array).
    pub symbol_kinds: Option<Vec<SymbolKind>>,
    /// `workspace.symbol.symbolKind.valueSet` (`None`: File to Array).
    pub workspace_symbol_kinds: Option<Vec<SymbolKind>>,
    /// `completion.completionItemKind.valueSet` (`None`: Text to Reference).
    pub completion_kinds: Option<Vec<CompletionItemKind>>,
    /// `inlayHint`: the client asks for inlay hints.
    pub inlay_hints: bool,
    /// `semanticTokens.requests.full.delta`.
    pub semantic_tokens_delta: bool,
}

impl Default for ClientSupport {
    /// Everything: for the host before `initialize`, and for tests.
    fn default() -> Self {
        ClientSupport {
            markdown_hover: true,
            related_information: true,
            hierarchical_symbols: true,
            code_action_literals: true,
            code_action_resolve_edit: true,
            apply_edit: true,
            prepare_rename: true,
            symbol_kinds: None,
            workspace_symbol_kinds: None,
            completion_kinds: None,
            inlay_hints: true,
            semantic_tokens_delta: true,
        }
    }
}

/// The kinds every client knows: LSP's first versions had 1 to 18 of both.
const FIRST_KINDS: std::ops::RangeInclusive<i32> = 1..=18;

impl ClientSupport {
    pub fn of(client: &ClientCapabilities) -> ClientSupport {
        let text = client.text_document.as_ref();
        let doc = |f: fn(&TextDocumentClientCapabilities) -> Option<bool>| {
            text.and_then(f).unwrap_or(false)
        };
        ClientSupport {
            markdown_hover: doc(|t| {
                let formats = t.hover.as_ref()?.content_format.as_ref()?;
                Some(formats.contains(&MarkupKind::Markdown))
            }),
            related_information: doc(|t| t.publish_diagnostics.as_ref()?.related_information),
            hierarchical_symbols: doc(|t| {
                t.document_symbol
                    .as_ref()?
                    .hierarchical_document_symbol_support
            }),
            code_action_literals: doc(|t| {
                Some(
                    t.code_action
                        .as_ref()?
                        .code_action_literal_support
                        .is_some(),
                )
            }),
            code_action_resolve_edit: doc(|t| {
                let properties = &t.code_action.as_ref()?.resolve_support.as_ref()?.properties;
                Some(properties.iter().any(|p| p == "edit"))
            }),
            apply_edit: client
                .workspace
                .as_ref()
                .and_then(|w| w.apply_edit)
                .unwrap_or(false),
            prepare_rename: doc(|t| t.rename.as_ref()?.prepare_support),
            symbol_kinds: text.and_then(|t| {
                t.document_symbol
                    .as_ref()?
                    .symbol_kind
                    .as_ref()?
                    .value_set
                    .clone()
            }),
            workspace_symbol_kinds: client
                .workspace
                .as_ref()
                .and_then(|w| w.symbol.as_ref()?.symbol_kind.as_ref()?.value_set.clone()),
            completion_kinds: text.and_then(|t| {
                t.completion
                    .as_ref()?
                    .completion_item_kind
                    .as_ref()?
                    .value_set
                    .clone()
            }),
            inlay_hints: doc(|t| Some(t.inlay_hint.is_some())),
            semantic_tokens_delta: doc(|t| {
                match t.semantic_tokens.as_ref()?.requests.full.as_ref()? {
                    SemanticTokensFullOptions::Bool(_) => Some(false),
                    SemanticTokensFullOptions::Delta { delta } => *delta,
                }
            }),
        }
    }

    /// The first of `preferred`, else `fallback`, that a client with
    /// `value_set` knows (1 to 18 without one); failing both, the first
    /// kind of its set: an answer never holds a kind it did not declare.
    fn pick<K: Copy + PartialEq>(
        value_set: Option<&Vec<K>>,
        preferred: &[K],
        fallback: K,
        number: fn(K) -> i32,
    ) -> K {
        let declared = value_set.filter(|set| !set.is_empty());
        let known = |kind: &K| match declared {
            Some(set) => set.contains(kind),
            None => FIRST_KINDS.contains(&number(*kind)),
        };
        preferred
            .iter()
            .copied()
            .chain([fallback])
            .find(known)
            .or_else(|| declared.and_then(|set| set.first().copied()))
            .unwrap_or(fallback)
    }

    /// The nearest of `preferred` (best first; the last one is in 1 to 18)
    /// that the client knows for document symbols.
    pub fn symbol_kind(&self, preferred: &[SymbolKind]) -> SymbolKind {
        let set = self.symbol_kinds.as_ref();
        Self::pick(set, preferred, SymbolKind::VARIABLE, symbol_number)
    }

    /// The same for workspace symbols.
    pub fn workspace_symbol_kind(&self, preferred: &[SymbolKind]) -> SymbolKind {
        let set = self.workspace_symbol_kinds.as_ref();
        Self::pick(set, preferred, SymbolKind::VARIABLE, symbol_number)
    }

    /// The same for completion items.
    pub fn completion_kind(&self, preferred: &[CompletionItemKind]) -> CompletionItemKind {
        let set = self.completion_kinds.as_ref();
        Self::pick(set, preferred, CompletionItemKind::TEXT, completion_number)
    }
}

fn symbol_number(kind: SymbolKind) -> i32 {
    serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.as_i64())
        .map_or(0, |n| n as i32)
}

fn completion_number(kind: CompletionItemKind) -> i32 {
    serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.as_i64())
        .map_or(0, |n| n as i32)
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

    /// A client's capabilities as recorded under `tests/clients/`.
    fn recorded(json: &str) -> ClientCapabilities {
        let file: serde_json::Value = serde_json::from_str(json).expect("JSON");
        serde_json::from_value(file["capabilities"].clone()).expect("client capabilities")
    }

    /// The decisions that differ between clients, in one row.
    #[derive(Debug, PartialEq, Eq)]
    struct Row {
        prepare_rename: bool,
        code_actions: bool,
        hierarchical_symbols: bool,
        related_information: bool,
        markdown_hover: bool,
        /// Diagnostics are pulled (and `diagnosticProvider` announced), not
        /// pushed.
        pull_diagnostics: bool,
        /// The completion kind of an organisation, and the symbol kind of
        /// a person.
        organisation_completion: CompletionItemKind,
        person_symbol: SymbolKind,
    }

    fn row(client: &ClientCapabilities) -> Row {
        let negotiated = negotiate(client);
        let support = &negotiated.support;
        let prepare = match &negotiated.capabilities.rename_provider {
            Some(OneOf::Right(options)) => options.prepare_provider == Some(true),
            _ => false,
        };
        Row {
            prepare_rename: prepare,
            code_actions: negotiated.capabilities.code_action_provider.is_some(),
            hierarchical_symbols: support.hierarchical_symbols,
            related_information: support.related_information,
            markdown_hover: support.markdown_hover,
            pull_diagnostics: negotiated.pull_diagnostics
                && negotiated.capabilities.diagnostic_provider.is_some(),
            organisation_completion: support
                .completion_kind(&[CompletionItemKind::STRUCT, CompletionItemKind::CLASS]),
            person_symbol: support.symbol_kind(&[SymbolKind::OBJECT, SymbolKind::CLASS]),
        }
    }

    #[test]
    fn capability_matrix_of_five_clients() {
        let everything = Row {
            prepare_rename: true,
            code_actions: true,
            hierarchical_symbols: true,
            related_information: true,
            markdown_hover: true,
            pull_diagnostics: true,
            organisation_completion: CompletionItemKind::STRUCT,
            person_symbol: SymbolKind::OBJECT,
        };
        let vscode = recorded(include_str!(
            "../../tests/clients/vscode-languageclient-9.0.1.json"
        ));
        assert_eq!(row(&vscode), everything, "VS Code");
        // Neovim 0.7 does not pull diagnostics; 0.11 pulls but declares no
        // `workspace/diagnostic/refresh`: both are pushed to.
        let pushed = Row {
            pull_diagnostics: false,
            ..everything
        };
        let nvim07 = recorded(include_str!("../../tests/clients/neovim-0.7.2.json"));
        assert_eq!(row(&nvim07), pushed, "Neovim 0.7.2");
        let nvim011 = recorded(include_str!("../../tests/clients/neovim-0.11.json"));
        assert_eq!(row(&nvim011), pushed, "Neovim 0.11");
        // Helix: flat symbols, no related information, completion kinds
        // without a valueSet (so only 1 to 18), Markdown hover; pulls
        // without refresh, so it is pushed to.
        let helix = recorded(include_str!("../../tests/clients/helix-25.07.1.json"));
        assert_eq!(
            row(&helix),
            Row {
                hierarchical_symbols: false,
                related_information: false,
                organisation_completion: CompletionItemKind::CLASS,
                ..pushed
            },
            "Helix"
        );
        // Eglot without markdown-mode: no prepareRename, no related
        // information, plain text hover, completion kinds 1 to 18.
        let eglot = recorded(include_str!("../../tests/clients/eglot-1.9.json"));
        assert_eq!(
            row(&eglot),
            Row {
                prepare_rename: false,
                related_information: false,
                markdown_hover: false,
                organisation_completion: CompletionItemKind::CLASS,
                ..pushed
            },
            "Eglot"
        );
        // A client that declares nothing gets only what LSP's first
        // versions had.
        assert_eq!(
            row(&ClientCapabilities::default()),
            Row {
                prepare_rename: false,
                code_actions: false,
                hierarchical_symbols: false,
                related_information: false,
                markdown_hover: false,
                pull_diagnostics: false,
                organisation_completion: CompletionItemKind::CLASS,
                person_symbol: SymbolKind::CLASS,
            }
        );
        // UTF-8 where offered.
        assert_eq!(negotiate(&helix).encoding, Encoding::Utf8);
        assert_eq!(negotiate(&nvim011).encoding, Encoding::Utf8);
        assert_eq!(negotiate(&vscode).encoding, Encoding::Utf16);
        assert_eq!(negotiate(&eglot).encoding, Encoding::Utf16);
        // Neovim 0.11 on Linux declines dynamic file watching (recorded on
        // Linux): no registration, the server watches the folders itself.
        assert!(!negotiate(&nvim011).watch_files);
        assert!(negotiate(&vscode).watch_files);
        // Every client is offered renames of documents and folders (those
        // that do not send them ignore the capability).
        for client in [&vscode, &nvim07, &nvim011, &helix, &eglot] {
            let workspace = negotiate(client).capabilities.workspace;
            let renames = workspace.and_then(|w| w.file_operations?.did_rename);
            let globs: Vec<String> = renames
                .into_iter()
                .flat_map(|r| r.filters)
                .map(|f| f.pattern.glob)
                .collect();
            assert_eq!(globs, ["**/*.news.md", "**"]);
        }
    }

    #[test]
    fn kinds_stay_inside_the_value_set() {
        let support = ClientSupport {
            symbol_kinds: Some(vec![SymbolKind::FUNCTION, SymbolKind::CLASS]),
            ..ClientSupport::default()
        };
        assert_eq!(
            support.symbol_kind(&[SymbolKind::EVENT, SymbolKind::FUNCTION]),
            SymbolKind::FUNCTION
        );
        // Nothing of the list in the set, nor the fallback: the set's first.
        assert_eq!(
            support.symbol_kind(&[SymbolKind::KEY, SymbolKind::FIELD]),
            SymbolKind::FUNCTION
        );
        // Completion kinds: the nearest the client declared, else Text.
        let kinds = |set: Vec<CompletionItemKind>| ClientSupport {
            completion_kinds: Some(set),
            ..ClientSupport::default()
        };
        let date = [CompletionItemKind::CONSTANT, CompletionItemKind::VALUE];
        let old = kinds((1..=18).map(completion_kind).collect());
        assert_eq!(old.completion_kind(&date), CompletionItemKind::VALUE);
        let all = kinds((1..=25).map(completion_kind).collect());
        assert_eq!(all.completion_kind(&date), CompletionItemKind::CONSTANT);
        let few = kinds(vec![CompletionItemKind::TEXT, CompletionItemKind::KEYWORD]);
        assert_eq!(few.completion_kind(&date), CompletionItemKind::TEXT);
        let odd = kinds(vec![CompletionItemKind::KEYWORD]);
        assert_eq!(odd.completion_kind(&date), CompletionItemKind::KEYWORD);
        // Without a set: 1 to 18.
        let none = ClientSupport::default();
        assert_eq!(none.completion_kind(&date), CompletionItemKind::VALUE);
        let event = [CompletionItemKind::EVENT, CompletionItemKind::FUNCTION];
        assert_eq!(none.completion_kind(&event), CompletionItemKind::FUNCTION);
    }

    fn completion_kind(n: i32) -> CompletionItemKind {
        serde_json::from_value(serde_json::json!(n)).expect("a kind")
    }
}
