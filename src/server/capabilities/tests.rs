//! `negotiate` on the capabilities of real and made-up clients.

use super::*;
use tower_lsp_server::ls_types::{
    CompletionItemKind, DidChangeWatchedFilesClientCapabilities, GeneralClientCapabilities,
    SymbolKind, WorkspaceClientCapabilities,
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
        "../../../tests/clients/vscode-languageclient-9.0.1.json"
    ));
    assert_eq!(row(&vscode), everything, "VS Code");
    // Neovim 0.7 does not pull diagnostics; 0.11 pulls but declares no
    // `workspace/diagnostic/refresh`: both are pushed to.
    let pushed = Row {
        pull_diagnostics: false,
        ..everything
    };
    let nvim07 = recorded(include_str!("../../../tests/clients/neovim-0.7.2.json"));
    assert_eq!(row(&nvim07), pushed, "Neovim 0.7.2");
    let nvim011 = recorded(include_str!("../../../tests/clients/neovim-0.11.json"));
    assert_eq!(row(&nvim011), pushed, "Neovim 0.11");
    // Helix: flat symbols, no related information, completion kinds
    // without a valueSet (so only 1 to 18), Markdown hover; pulls
    // without refresh, so it is pushed to.
    let helix = recorded(include_str!("../../../tests/clients/helix-25.07.1.json"));
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
    let eglot = recorded(include_str!("../../../tests/clients/eglot-1.9.json"));
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
