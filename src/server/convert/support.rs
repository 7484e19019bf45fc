//! What the client declared it accepts in answers, read at `initialize`
//! and carried to every answer `to_proto` builds, as the [`Encoding`] is.
//!
//! [`Encoding`]: super::Encoding

use tower_lsp_server::ls_types::{
    ClientCapabilities, CompletionItemKind, MarkupKind, SemanticTokensFullOptions, SymbolKind,
    TextDocumentClientCapabilities,
};

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
