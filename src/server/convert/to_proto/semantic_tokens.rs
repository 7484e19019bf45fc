//! Semantic tokens as LSP encodes them, and the legend the server
//! announces for them: token types and modifier bits in one place.

use tower_lsp_server::ls_types as lsp;

use super::position;
use crate::ide;
use crate::server::convert::Encoding;
use crate::syntax::TextRange;
use crate::workspace::File;

/// The token types, by `TokenKind`, in `TokenKind::ALL` order. Editors
/// theme them as their nearest standard type (the VS Code extension
/// declares `person` as a `variable`, `organization` as a `class`,
/// `place` as a `namespace`; `event` is standard).
pub const TOKEN_TYPES: [&str; 5] = ["person", "organization", "place", "event", "entity"];

/// Bit 0: the entity is undefined; bit 1: its first mention here; bit 2:
/// one of its roles begins or ends within the story's dates.
pub const TOKEN_MODIFIERS: [&str; 3] = ["undefined", "firstMention", "roleChanged"];

pub fn semantic_tokens_legend() -> lsp::SemanticTokensLegend {
    lsp::SemanticTokensLegend {
        token_types: TOKEN_TYPES
            .iter()
            .map(|t| lsp::SemanticTokenType::new(t))
            .collect(),
        token_modifiers: TOKEN_MODIFIERS
            .iter()
            .map(|m| lsp::SemanticTokenModifier::new(m))
            .collect(),
    }
}

/// The tokens of `file` (those touching `within`, when given), one per
/// line a token spans, relative to the one before as LSP encodes them.
pub fn semantic_tokens(
    file: &File,
    tokens: Vec<ide::semantic_tokens::Token>,
    within: Option<TextRange>,
    encoding: Encoding,
) -> lsp::SemanticTokens {
    let mut data = Vec::new();
    let (mut last_line, mut last_start) = (0u32, 0u32);
    for token in tokens {
        if within.is_some_and(|w| token.range.end < w.start || token.range.start > w.end) {
            continue;
        }
        let kind = ide::semantic_tokens::TokenKind::ALL
            .iter()
            .position(|k| *k == token.kind)
            .unwrap_or(0);
        let modifiers = u32::from(token.undefined)
            | (u32::from(token.first_mention) << 1)
            | (u32::from(token.role_changed) << 2);
        let mut at = token.range.start;
        while at < token.range.end {
            let (line, _) = file.lines.line_of(at);
            let Some(content) = file.lines.line_range(line, &file.text) else {
                break;
            };
            let end = token.range.end.min(content.end);
            if end > at {
                let start = position(&file.lines, &file.text, at, encoding);
                let stop = position(&file.lines, &file.text, end, encoding);
                let delta_line = start.line - last_line;
                let delta_start = if delta_line == 0 {
                    start.character - last_start
                } else {
                    start.character
                };
                data.push(lsp::SemanticToken {
                    delta_line,
                    delta_start,
                    length: stop.character.saturating_sub(start.character),
                    token_type: u32::try_from(kind).unwrap_or(0),
                    token_modifiers_bitset: modifiers,
                });
                (last_line, last_start) = (start.line, start.character);
            }
            match file.lines.line_range(line + 1, &file.text) {
                Some(next) => at = next.start,
                None => break,
            }
        }
    }
    lsp::SemanticTokens {
        result_id: None,
        data,
    }
}
