//! Completion, in three places:
//! - an `@id` being written, in a mention (`[@`, `](@`) or a quoted front
//!   matter reference (`"@`, `'@`): the ids (this file);
//! - a name typed after `[` in the body: the whole mention,
//!   `[Kirill Dmitriev](@dmitriev)` (`mention.rs`);
//! - inside the front matter: field names, `kind` values and dates
//!   (`front_matter.rs`).
//!
//! Entities are ranked by [`search`] (fuzzy, case and accents ignored), and
//! the list comes back in that order.

mod front_matter;
mod mention;
#[cfg(test)]
mod tests;

use std::path::Path;

use super::search;
use crate::syntax::{EntityKind, TextRange, fold_id, is_word_char};
use crate::workspace::{Definition, Workspace};

/// At most this many items are returned; the list is then incomplete and
/// the editor asks again as the user types on.
pub const MAX_ITEMS: usize = 100;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompletionItem {
    /// What the list shows: an id, a whole mention, a field, a value.
    pub label: String,
    pub kind: ItemKind,
    /// A line beside the label.
    pub detail: Option<String>,
    /// What the item replaces: the text typed so far (and the rest of the
    /// word under the cursor).
    pub replace: TextRange,
    /// The text put there.
    pub insert: String,
    /// What the editor filters by as the user types on: the texts the item
    /// was matched by, as written and folded, so that the editor's own
    /// filter keeps what the server's matcher found.
    pub filter: String,
}

/// What an item is, for the editor's icon.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemKind {
    /// An entity (its id, or a whole mention of it), of its kind if known.
    Entity(Option<EntityKind>),
    /// A front matter field name.
    Field,
    /// A `kind` value.
    Kind,
    /// A date value.
    Date,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Completions {
    /// Best first.
    pub items: Vec<CompletionItem>,
    /// More matched than were returned.
    pub incomplete: bool,
}

impl Completions {
    /// The first [`MAX_ITEMS`] of `items`, marked incomplete if cut.
    fn cut(items: impl IntoIterator<Item = CompletionItem>) -> Completions {
        let mut items = items.into_iter();
        let kept: Vec<CompletionItem> = items.by_ref().take(MAX_ITEMS).collect();
        Completions {
            items: kept,
            incomplete: items.next().is_some(),
        }
    }
}

/// What completes the text at `offset` of `path`.
pub fn complete(workspace: &Workspace, path: &Path, offset: usize) -> Completions {
    let Some(file) = workspace.load_file(path) else {
        return Completions::default();
    };
    if let Some((replace, typed)) = id_being_written(&file.text, offset) {
        return ids(workspace, replace, typed);
    }
    mention::complete(workspace, file, offset)
        .or_else(|| front_matter::complete(workspace, file, offset))
        .unwrap_or_default()
}

/// The ids matching `typed`, each replacing `replace`.
fn ids(workspace: &Workspace, replace: TextRange, typed: &str) -> Completions {
    // Only the items returned open their definitions.
    // One more than is kept tells the list is incomplete.
    let items = search::entities(workspace.index(), typed, MAX_ITEMS + 1)
        .into_iter()
        .map(|id| {
            let defs = workspace.definitions(id);
            let shown = defs.first();
            let name = shown
                .and_then(|d| d.def.name.as_ref())
                .map(|n| n.value.as_str());
            // Everything the search matched the id by.
            let mut matched = vec![id];
            for known in defs.iter().flat_map(|d| d.def.names()) {
                if !matched.contains(&known) {
                    matched.push(known);
                }
            }
            CompletionItem {
                label: id.to_string(),
                kind: entity_kind(shown),
                detail: detail(name, shown),
                replace,
                insert: id.to_string(),
                filter: filter_text("", &matched),
            }
        });
    Completions::cut(items)
}

fn entity_kind(shown: Option<&Definition>) -> ItemKind {
    ItemKind::Entity(shown.and_then(|d| d.def.kind.as_ref()).map(|k| k.value))
}

/// "Name · kind · role", from what the newest definition gives.
fn detail(name: Option<&str>, shown: Option<&Definition>) -> Option<String> {
    let def = shown.map(|d| d.def);
    let parts: Vec<&str> = name
        .into_iter()
        .chain(def.and_then(|d| d.kind.as_ref()).map(|k| k.value.as_str()))
        .chain(def.and_then(|d| d.role.as_ref()).map(|r| r.value.as_str()))
        .collect();
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// What the editor filters by: each of `texts` after `prefix`, as written
/// and folded (accents gone), each form once.
fn filter_text(prefix: &str, texts: &[&str]) -> String {
    let mut forms: Vec<String> = Vec::new();
    for text in texts {
        for form in [text.to_string(), fold_id(text).replace('-', " ")] {
            let form = format!("{prefix}{form}");
            if !forms
                .iter()
                .any(|f| f.to_lowercase() == form.to_lowercase())
            {
                forms.push(form);
            }
        }
    }
    forms.join(" ")
}

/// When `offset` is in an `@id` being written — `@` right after `[`, `(`
/// or a quote, then word characters — the range of those characters (up to
/// the end of the word, past the cursor) and the part before the cursor.
fn id_being_written(text: &str, offset: usize) -> Option<(TextRange, &str)> {
    let before = text.get(..offset)?;
    let id_start = before
        .rfind(|c: char| !is_typed_id_char(c))
        .map_or(0, |i| i + 1);
    let at = id_start.checked_sub(1)?;
    if before.get(at..id_start)? != "@" {
        return None;
    }
    let opener = before.get(..at)?.chars().next_back()?;
    if !matches!(opener, '[' | '(' | '<' | '"' | '\'') {
        return None;
    }
    let after = text.get(offset..)?;
    let id_end = offset
        + after
            .find(|c: char| !is_typed_id_char(c))
            .unwrap_or(after.len());
    Some((TextRange::new(id_start, id_end), before.get(id_start..)?))
}

/// What may be typed where an id is meant: an id character, or any letter
/// (`[@Sánchez`): the search folds it, and the completion replaces it.
fn is_typed_id_char(c: char) -> bool {
    is_word_char(c) || matches!(c, '-' | '_')
}
