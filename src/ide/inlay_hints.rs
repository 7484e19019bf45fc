//! Inlay hints: after the first mention of a person or organisation in a
//! document, the role it holds on the document's date (today for an
//! undated document), as [`account::of`] reads it from every definition.
//!
//! A mention gets no hint when an earlier mention in the same document
//! named the same entity, when the entity is undefined or of another kind,
//! or when no role holds on that date.

use std::collections::HashSet;
use std::path::Path;

use super::account::{self, LabelPart};
use crate::syntax::{EntityKind, TextRange};
use crate::workspace::Workspace;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InlayHint {
    /// Where the hint stands: right after the mention.
    pub offset: usize,
    /// The roles, as "Role · Affiliation", several joined by "; ".
    pub label: String,
    /// The entity the mention names.
    pub id: String,
}

/// The hints of the document at `path` that stand within `within` (the
/// whole document when `None`). Which mention is the first is decided on
/// the whole document, so a range holding only a second mention has none.
pub fn hints(workspace: &Workspace, path: &Path, within: Option<TextRange>) -> Vec<InlayHint> {
    let Some(file) = workspace.load_file(path) else {
        return Vec::new();
    };
    let date = account::date_of(workspace, file);
    let mut seen = HashSet::new();
    file.doc
        .mentions
        .iter()
        .filter(|m| seen.insert(m.id.as_str()))
        .filter(|m| within.is_none_or(|w| w.start <= m.range.end && m.range.end <= w.end))
        .filter_map(|m| {
            let account = account::of(workspace, &m.id, date, Some(path))?;
            if !matches!(
                account.kind(),
                Some(EntityKind::Person | EntityKind::Organization)
            ) {
                return None;
            }
            let roles: Vec<String> = account
                .roles
                .iter()
                .map(|role| role.label(workspace, date, path, plain))
                .filter(|label| !label.is_empty())
                .collect();
            (!roles.is_empty()).then(|| InlayHint {
                offset: m.range.end,
                label: roles.join("; "),
                id: m.id.clone(),
            })
        })
        .collect()
}

/// A label's part as plain text; an undefined `@id` as written.
fn plain(part: LabelPart<'_>) -> String {
    match part {
        LabelPart::Role(role) => role.trim().to_string(),
        LabelPart::Written(text) | LabelPart::Name(text) => text.to_string(),
        LabelPart::Undefined { id } => format!("@{id}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{Fixture, path};

    /// The hints of `file`, each as the mention it follows and its label.
    fn shown(fixture: &str, file: &str, within: Option<TextRange>) -> Vec<(String, String)> {
        let fixture = Fixture::parse(fixture);
        let ws = &fixture.workspace;
        let path = path(file);
        let text = &ws.load_file(&path).expect("file").text;
        hints(ws, &path, within)
            .into_iter()
            .map(|h| {
                // The mention the hint follows: back to its `[`.
                let start = text[..h.offset].rfind('[').expect("a mention");
                (text[start..h.offset].to_string(), h.label)
            })
            .collect()
    }

    fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
        expected
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    /// The hints of a brief dated `date` whose body is `body`, beside the
    /// registry.
    fn brief_hints(date: &str, body: &str) -> Vec<(String, String)> {
        let fixture = format!("{REGISTRY}%! brief.news.md\n---\ndate: {date}\n---\n{body}");
        shown(&fixture, "brief.news.md", None)
    }

    const REGISTRY: &str = r#"
%today 2026-01-23
%! registry.news.md
---
entities:
  merz:
    name: Friedrich Merz
    kind: person
    roles:
      - role: Chancellor of Germany
        since: 2025-05-06
      - role: Leader of the opposition
        affiliation: "@cdu"
        since: 2022-02-15
        until: 2025-05-06
  cdu:
    name: Christian Democratic Union
    kind: organization
    role: ruling party
  berlin:
    name: Berlin
    kind: place
    role: capital
  summit:
    name: Summit
    kind: event
---
"#;

    #[test]
    fn person_on_the_documents_date() {
        assert_eq!(
            brief_hints("2023-07-11", "[Merz](@merz) spoke. Later [@merz] left.\n"),
            pairs(&[(
                "[Merz](@merz)",
                "Leader of the opposition · Christian Democratic Union"
            )])
        );
        assert_eq!(
            brief_hints("2025-06-01", "[Merz](@merz) spoke.\n"),
            pairs(&[("[Merz](@merz)", "Chancellor of Germany")])
        );
    }

    #[test]
    fn organisation_but_not_place_or_event() {
        assert_eq!(
            brief_hints("2025-06-01", "[@cdu] met in [@berlin] at the [@summit].\n"),
            pairs(&[("[@cdu]", "ruling party")])
        );
    }

    #[test]
    fn only_the_first_mention_and_only_in_range() {
        let body = "[Merz](@merz) and [@cdu].\n\nAgain [@merz] and [@cdu].\n";
        let fixture = format!("{REGISTRY}%! brief.news.md\n---\ndate: 2025-06-01\n---\n{body}");
        assert_eq!(
            brief_hints("2025-06-01", body),
            pairs(&[
                ("[Merz](@merz)", "Chancellor of Germany"),
                ("[@cdu]", "ruling party")
            ])
        );
        // The second paragraph only: its mentions are not the first.
        let text_start = fixture.find("Again").unwrap() - fixture.find("---\ndate").unwrap();
        let second = TextRange::new(text_start, text_start + 30);
        assert_eq!(shown(&fixture, "brief.news.md", Some(second)), []);
        // A range that ends right after the first mention holds its hint.
        let first_end = fixture.find("(@merz)").unwrap() + 7 - fixture.find("---\ndate").unwrap();
        assert_eq!(
            shown(
                &fixture,
                "brief.news.md",
                Some(TextRange::new(first_end, first_end))
            ),
            pairs(&[("[Merz](@merz)", "Chancellor of Germany")])
        );
    }

    #[test]
    fn undated_document_speaks_of_today() {
        // Today is 2026-01-23: Merz is chancellor.
        let fixture = format!("{REGISTRY}%! notes.news.md\nSee [@merz].\n");
        assert_eq!(
            shown(&fixture, "notes.news.md", None),
            pairs(&[("[@merz]", "Chancellor of Germany")])
        );
        // In the registry itself, undated too.
        let fixture = format!("{REGISTRY}[@merz] leads; [@cdu] rules.\n");
        assert_eq!(
            shown(&fixture, "registry.news.md", None),
            pairs(&[
                ("[@merz]", "Chancellor of Germany"),
                ("[@cdu]", "ruling party")
            ])
        );
    }

    #[test]
    fn nothing_for_undefined_roleless_or_unknown_documents() {
        let fixture = "%! a.news.md\n---\ndate: 2025-01-01\nentities:\n  anon:\n    name: Anon\n    kind: person\n---\n[@anon] and [@ghost].\n";
        assert_eq!(shown(fixture, "a.news.md", None), []);
        let ws = Fixture::parse(fixture).workspace;
        assert_eq!(hints(&ws, &path("none.news.md"), None), []);
    }

    #[test]
    fn affiliation_not_defined_stays_as_written() {
        let fixture = "%! a.news.md\n---\ndate: 2025-01-01\nentities:\n  kim:\n    name: Kim\n    kind: person\n    role: spokesperson\n    affiliation: \"@ministry\"\n---\n[@kim] said.\n";
        assert_eq!(
            shown(fixture, "a.news.md", None),
            pairs(&[("[@kim]", "spokesperson · @ministry")])
        );
    }
}
