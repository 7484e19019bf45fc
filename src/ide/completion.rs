//! Completion of entity ids where an `@id` is being written: in a mention
//! (`[@`, `](@`) and in a quoted front matter reference (`"@`, `'@`).

use std::path::Path;

use super::search;
use crate::syntax::{EntityKind, TextRange, is_entity_id_char};
use crate::workspace::Workspace;

/// At most this many items are returned; the list is then incomplete and
/// the editor asks again as the user types on.
pub const MAX_ITEMS: usize = 100;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompletionItem {
    pub id: String,
    /// The entity's name, as the newest definition gives it.
    pub name: Option<String>,
    pub kind: Option<EntityKind>,
    pub role: Option<String>,
    /// What the item replaces: the id written so far (after the `@`).
    pub replace: TextRange,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Completions {
    pub items: Vec<CompletionItem>,
    /// More ids matched than were returned.
    pub incomplete: bool,
}

/// The ids that complete the `@id` being written at `offset` of `path`.
pub fn complete(workspace: &Workspace, path: &Path, offset: usize) -> Completions {
    let Some(file) = workspace.file(path) else {
        return Completions::default();
    };
    let Some((replace, typed)) = id_being_written(&file.text, offset) else {
        return Completions::default();
    };
    let found = search::entities(workspace.index(), typed);
    let incomplete = found.len() > MAX_ITEMS;
    let items = found
        .into_iter()
        .take(MAX_ITEMS)
        .map(|(id, _)| {
            let defs = workspace.definitions(id);
            let shown = defs.first().map(|d| d.def);
            CompletionItem {
                id: id.to_string(),
                name: shown.and_then(|d| d.name.as_ref()).map(|n| n.value.clone()),
                kind: shown.and_then(|d| d.kind.as_ref()).map(|k| k.value),
                role: shown.and_then(|d| d.role.as_ref()).map(|r| r.value.clone()),
                replace,
            }
        })
        .collect();
    Completions { items, incomplete }
}

/// When `offset` is in an `@id` being written — `@` right after `[`, `(`
/// or a quote, then id characters — the range of those characters (up to
/// the end of the id, past the cursor) and the part before the cursor.
fn id_being_written(text: &str, offset: usize) -> Option<(TextRange, &str)> {
    let before = text.get(..offset)?;
    let id_start = before.rfind(|c: char| !is_id_char(c)).map_or(0, |i| i + 1);
    let at = id_start.checked_sub(1)?;
    if before.get(at..id_start)? != "@" {
        return None;
    }
    let opener = before.get(..at)?.chars().next_back()?;
    if !matches!(opener, '[' | '(' | '<' | '"' | '\'') {
        return None;
    }
    let after = text.get(offset..)?;
    let id_end = offset + after.find(|c: char| !is_id_char(c)).unwrap_or(after.len());
    Some((TextRange::new(id_start, id_end), before.get(id_start..)?))
}

/// An id character, or an uppercase letter typed where one is meant: the
/// search folds case, and the completion replaces it.
fn is_id_char(c: char) -> bool {
    is_entity_id_char(c.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::Fixture;

    const REGISTRY: &str = r#"%! registry.news.md
---
entities:
  putin:
    name: Vladimir Putin
    kind: person
    role: President of Russia
  pushkin:
    name: Alexander Pushkin
  kremlin:
    name: Kremlin
    kind: organization
  vladivostok:
    name: Vladivostok
---
[@putin] [@pushkin] [@kremlin] [@vladivostok]
%! brief.news.md
[@putin]
"#;

    /// The ids offered at the cursor, in order, and the text they replace.
    fn check(document: &str, expected: &[&str], replaced: &str) {
        let fixture = Fixture::parse(&format!("%! a.news.md\n{document}\n{REGISTRY}"));
        let (path, offset) = fixture.cursor();
        let found = complete(&fixture.workspace, path, offset);
        let ids: Vec<&str> = found.items.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, expected);
        if let Some(first) = found.items.first() {
            let file = fixture.workspace.file(path).expect("file");
            assert_eq!(file.slice(first.replace), replaced);
        }
    }

    #[test]
    fn in_both_mention_forms() {
        check("Met [@pu$0", &["putin", "pushkin"], "pu");
        check("Met [President](@pu$0)", &["putin", "pushkin"], "pu");
        check(
            "Met [@$0]",
            &["putin", "kremlin", "pushkin", "vladivostok"],
            "",
        );
    }

    #[test]
    fn the_whole_id_is_replaced_and_most_mentioned_first() {
        let fixture = Fixture::parse(&format!("%! a.news.md\n[@p$0utn]\n{REGISTRY}"));
        let (path, offset) = fixture.cursor();
        let found = complete(&fixture.workspace, path, offset);
        let first = &found.items[0];
        assert_eq!(first.id, "putin", "mentioned in two documents beats one");
        assert_eq!(first.name.as_deref(), Some("Vladimir Putin"));
        assert_eq!(first.kind, Some(EntityKind::Person));
        let file = fixture.workspace.file(path).expect("file");
        assert_eq!(file.slice(first.replace), "putn");
    }

    #[test]
    fn by_a_word_of_the_name() {
        check("[@vlad$0", &["vladivostok", "putin"], "vlad");
    }

    #[test]
    fn in_front_matter_references() {
        check(
            "---\nentities:\n  x:\n    name: X\n    affiliation: \"@kr$0\"\n---\n",
            &["kremlin"],
            "kr",
        );
    }

    #[test]
    fn not_in_prose_emails_or_unknown_documents() {
        check("Write to press@kr$0emlin.ru", &[], "");
        check("Just pu$0", &[], "");
        let fixture = Fixture::parse(REGISTRY);
        let none = complete(&fixture.workspace, Path::new("/ws/nope.news.md"), 0);
        assert!(none.items.is_empty());
    }

    #[test]
    fn long_lists_are_cut_and_marked_incomplete() {
        let mut registry = String::from("%! r.news.md\n---\nentities:\n");
        for i in 0..(MAX_ITEMS + 5) {
            registry.push_str(&format!("  p{i}:\n    name: P {i}\n"));
        }
        let fixture = Fixture::parse(&format!("%! a.news.md\n[@p$0\n{registry}---\n"));
        let (path, offset) = fixture.cursor();
        let found = complete(&fixture.workspace, path, offset);
        assert_eq!(found.items.len(), MAX_ITEMS);
        assert!(found.incomplete);
    }
}
