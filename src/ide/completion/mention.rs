//! A known name typed after `[` in the body: the whole mention.
//! `[Kirill D` offers `[Kirill Dmitriev](@dmitriev)`, and an alias its own
//! text with the id (`[Dmitriev](@dmitriev)`).

use super::{CompletionItem, Completions, detail, filter_text};
use crate::ide::search;
use crate::syntax::{TextRange, is_word_char, phrase_of};
use crate::workspace::{Definition, File, Workspace};

/// A name is this long at most: past it, a `[` far back on the line is not
/// the start of a mention being written.
const MAX_TYPED: usize = 120;

pub(super) fn complete(workspace: &Workspace, file: &File, offset: usize) -> Option<Completions> {
    let (replace, typed) = name_being_written(file, offset)?;
    // One more than is kept tells the list is incomplete.
    let items = search::names(workspace.index(), typed, super::MAX_ITEMS + 1)
        .into_iter()
        .filter_map(|(phrase, id)| {
            let defs = workspace.definitions(id);
            let text = written(&defs, phrase)?;
            let shown = defs.first();
            let name = shown
                .and_then(|d| d.def.name.as_ref())
                .map(|n| n.value.as_str());
            let mention = format!("[{text}](@{id})");
            Some(CompletionItem {
                label: mention.clone(),
                kind: super::entity_kind(shown),
                // The name too when an alias is offered.
                detail: detail(name.filter(|&n| n != text), shown),
                replace,
                insert: mention,
                filter: filter_text("[", &[text]),
            })
        });
    Some(Completions::cut(items))
}

/// The name or alias whose phrase is `phrase`, as the newest definition
/// that has it writes it.
fn written<'a>(defs: &[Definition<'a>], phrase: &str) -> Option<&'a str> {
    defs.iter()
        .flat_map(|d| d.def.names())
        .find(|name| phrase_of(name).is_some_and(|p| p.0 == phrase))
}

/// When `offset` follows a `[` opened in prose on the same line, with a
/// word (or nothing yet) typed since: what a mention would replace — from
/// the `[` to the end of the word under the cursor, and a `]` right after
/// it (an editor closes brackets as they are typed) — and the typed text.
fn name_being_written(file: &File, offset: usize) -> Option<(TextRange, &str)> {
    let text = file.text.as_str();
    let before = text.get(..offset)?;
    let line_start = before.rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let bracket = line_start + before.get(line_start..)?.rfind('[')?;
    let typed = before.get(bracket + 1..)?;
    let starts_a_word = typed.chars().next().is_none_or(is_word_char);
    if typed.len() > MAX_TYPED || typed.contains(']') || !starts_a_word {
        return None;
    }
    // Not an image (`![`) nor an escaped bracket (`\[`).
    if before.get(..bracket)?.ends_with(['!', '\\']) {
        return None;
    }
    // In prose: not in code, a link, a mention, HTML or the front matter.
    let in_prose = |at: usize| file.doc.prose.iter().any(|r| r.start <= at && at < r.end);
    if !in_prose(bracket) {
        return None;
    }
    let after = text.get(offset..)?;
    let mut end = offset
        + after
            .find(|c: char| !is_word_char(c))
            .unwrap_or(after.len());
    let rest = text.get(end..)?;
    if rest.starts_with("](") || rest.starts_with("][") {
        return None;
    }
    if rest.starts_with(']') {
        end += 1;
    }
    Some((TextRange::new(bracket, end), typed))
}
