//! Hover: who or what an entity is, in Markdown.

use std::fmt::Write;
use std::path::Path;

use super::account::{self, Account, DatedBy, LabelPart, Role, Span, When};
use super::target::{self, Target, TargetKind};
use crate::syntax::{Date, EntityKind, Field, Spanned, TextRange};
use crate::workspace::{File, Workspace};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hover {
    /// The text the hover is about.
    pub range: TextRange,
    pub markdown: String,
}

/// The hover at `offset` of `path`: on a mention, an `@` reference, an
/// entity key or a plain known name, or the words of a title written with
/// one (which role it names, and when); nothing elsewhere.
pub fn find(workspace: &Workspace, path: &Path, offset: usize) -> Option<Hover> {
    let file = workspace.load_file(path)?;
    if let Some(hover) = title::at(workspace, file, offset) {
        return Some(hover);
    }
    let target = target::at(workspace, file, offset)?;
    let (date, why) = date_that_matters(workspace, file, &target);
    let sections: Vec<String> = target
        .ids
        .iter()
        .filter_map(|id| describe(workspace, id, date, why, path))
        .collect();
    if sections.is_empty() {
        return None;
    }
    Some(Hover {
        range: target.range,
        markdown: sections.join("\n\n---\n\n"),
    })
}

/// The account of entity `id` on `date` as hover writes it (Markdown),
/// seen from no document in particular: for views of the whole folder
/// (the graph page, the MCP server). `why` says where `date` comes from
/// ("today"). `None` when nothing defines `id`.
pub fn account(workspace: &Workspace, id: &str, date: Date, why: &str) -> Option<String> {
    // No document has an empty path, so no statement is "this document's".
    describe(workspace, id, date, why, Path::new(""))
}

/// The date the hover describes, and why that one.
fn date_that_matters(workspace: &Workspace, file: &File, target: &Target) -> (Date, &'static str) {
    if target.kind == TargetKind::Reference
        && let Some(reference) = file
            .doc
            .references
            .iter()
            .find(|r| r.range == target.range && r.field == Field::Participants)
    {
        let date = account::date_for_reference(workspace, file, &reference.owner, reference.field);
        return (date, "the date of the event");
    }
    document_date(workspace, file)
}

/// The document's date, else today, and the hover's words for which.
fn document_date(workspace: &Workspace, file: &File) -> (Date, &'static str) {
    match account::document_day(workspace, file.doc.date.as_ref().map(|d| d.value)) {
        (date, DatedBy::Today) => (date, "today; this document is undated"),
        (date, _) => (date, "this document's date"),
    }
}

/// The Markdown description of entity `id` on `date`, seen from the
/// document at `from`; `None` when nothing defines it.
fn describe(workspace: &Workspace, id: &str, date: Date, why: &str, from: &Path) -> Option<String> {
    let account = account::of(workspace, id, date, Some(from))?;
    let mut md = String::new();
    let _ = write!(md, "**{}**", escape(account.name()));
    if let Some(kind) = account.kind() {
        let _ = write!(md, " · {}", kind.as_str());
    }
    let _ = write!(md, " · `@{id}`");

    let roles: Vec<String> = account
        .roles
        .iter()
        .map(|r| role_line(workspace, r, date, from))
        .collect();
    if roles.is_empty() {
        let _ = write!(md, "\n\nAs of {date} ({why})");
    } else {
        let _ = write!(md, "\n\nOn {date} ({why}): {}", roles.join("; "));
    }
    for (when, role) in &account.other_roles {
        let when = match when {
            When::Earlier => "Earlier",
            When::Later => "Later",
            When::Also => "Also",
        };
        let _ = write!(md, "\n\n{when}: {}", role_line(workspace, role, date, from));
    }
    if let Some((country, _)) = account.field(|d| d.country.as_ref()) {
        let _ = write!(
            md,
            "\n\nCountry: {}",
            display_name(workspace, &country.value, date, from)
        );
    }
    let aliases: Vec<String> = account.aliases().into_iter().map(escape).collect();
    if !aliases.is_empty() {
        let _ = write!(md, "\n\nAlso known as: {}", aliases.join(", "));
    }
    if let Some((description, _)) = account.field(|d| d.description.as_ref()) {
        let _ = write!(md, "\n\n{}", escape(&description.value));
    }
    if let Some((q, _)) = account.field(|d| d.wikidata.as_ref()) {
        let _ = write!(
            md,
            "\n\nWikidata: [{0}](https://www.wikidata.org/wiki/{0})",
            q.value
        );
    }
    if account.kind() == Some(EntityKind::Event) || !account.participants().is_empty() {
        event_details(workspace, &account, from, &mut md);
    } else {
        events_of(workspace, id, date, from, &mut md);
    }

    md.push_str("\n\nDefined in:");
    for statement in &account.statements {
        let line = statement.file.line_of(statement.def.key.start) + 1;
        let dated = match statement.dated_by {
            DatedBy::AsOf => format!("as of {}", statement.date),
            DatedBy::Document => statement.date.to_string(),
            DatedBy::Today => "undated".to_string(),
        };
        let _ = write!(
            md,
            "\n- `{}` line {line} ({dated})",
            workspace.relative_path(statement.path())
        );
    }
    let index = workspace.index();
    let (mentioned, referenced) = (index.mention_count(id), index.reference_count(id));
    let _ = write!(
        md,
        "\n\nMentioned in {mentioned} document{}, referenced in {referenced}",
        if mentioned == 1 { "" } else { "s" }
    );
    // Asked before the folder is read: say so rather than give partial
    // counts and lists as final.
    if workspace.is_indexing() {
        md.push_str(" so far (the folder is still being indexed)");
    }
    Some(md)
}

/// "Chancellor of Germany · CDU (since 2025-05-06, per `registry.news.md`),
/// also written “Chancellor”": the role, when it holds, and its `titles`.
fn role_line(workspace: &Workspace, role: &Role<'_>, date: Date, from: &Path) -> String {
    let mut line = role.label(workspace, date, from, markdown);
    let span = match role.span {
        Span::Between {
            since: Some(s),
            until: Some(u),
        } => format!("{s} – {u}, "),
        Span::Between {
            since: Some(s),
            until: None,
        } => format!("since {s}, "),
        Span::Between {
            since: None,
            until: Some(u),
        } => format!("until {u}, "),
        Span::Between { .. } => String::new(),
        // An undated document's statement is as of today, whatever day.
        Span::AsOf(_) if role.source.dated_by == DatedBy::Today => "undated, ".to_string(),
        Span::AsOf(day) => format!("as of {day}, "),
    };
    let path = workspace.relative_path(role.source.path());
    let _ = write!(line, " ({span}per `{path}`)");
    let listed: Vec<String> = role
        .listed
        .iter()
        .filter(|t| !t.value.trim().is_empty())
        .map(|t| format!("“{}”", escape(t.value.trim())))
        .collect();
    if !listed.is_empty() {
        let _ = write!(line, ", also written {}", listed.join(", "));
    }
    line
}

fn event_details(workspace: &Workspace, event: &Account<'_>, from: &Path, md: &mut String) {
    let date = event.event_date();
    let mut facts = Vec::new();
    if let Some((day, _)) = event.field(|d| d.date.as_ref()) {
        facts.push(format!("Date: {}", day.value));
    }
    if let Some((place, _)) = event.field(|d| d.place.as_ref()) {
        facts.push(format!(
            "Place: {}",
            display_name(workspace, &place.value, date, from)
        ));
    }
    if !facts.is_empty() {
        let _ = write!(md, "\n\n{}", facts.join(" · "));
    }
    let participants = event.participants();
    if participants.is_empty() {
        return;
    }
    let _ = write!(md, "\n\nParticipants (on {date}):");
    for participant in participants {
        let _ = write!(
            md,
            "\n- {}",
            participant_line(workspace, participant, date, from)
        );
    }
}

fn participant_line(
    workspace: &Workspace,
    participant: &Spanned<String>,
    date: Date,
    from: &Path,
) -> String {
    let Some(id) = participant.value.strip_prefix('@') else {
        return escape(&participant.value);
    };
    let Some(account) = account::of(workspace, id, date, Some(from)) else {
        if workspace.is_indexing() {
            return format!("`@{id}` (not indexed yet)");
        }
        return format!("`@{id}` (not defined)");
    };
    let mut line = format!("**{}**", escape(account.name()));
    let roles: Vec<String> = account
        .roles
        .iter()
        .map(|r| r.label(workspace, date, from, markdown))
        .collect();
    if !roles.is_empty() {
        let _ = write!(line, ", {}", roles.join("; "));
    }
    line
}

/// The events that list `id` among their participants.
fn events_of(workspace: &Workspace, id: &str, date: Date, from: &Path, md: &mut String) {
    let mut events: Vec<(Date, String, &str)> = Vec::new();
    for file in workspace.entries_by_path(workspace.index().referrers(id)) {
        for reference in file.references() {
            if reference.id != id || reference.field != Field::Participants {
                continue;
            }
            if events.iter().any(|(_, _, known)| *known == reference.owner) {
                continue;
            }
            let Some(event) = account::of(workspace, &reference.owner, date, Some(from)) else {
                continue;
            };
            events.push((event.event_date(), escape(event.name()), &reference.owner));
        }
    }
    if events.is_empty() {
        return;
    }
    events.sort();
    md.push_str("\n\nTakes part in:");
    for (date, name, _) in events {
        let _ = write!(md, "\n- {name} ({date})");
    }
}

/// A field value for display: an `@id` by the entity's name on `date`.
fn display_name(workspace: &Workspace, value: &str, date: Date, from: &Path) -> String {
    markdown(account::field_part(workspace, value, date, from))
}

/// A label's part as Markdown: text escaped, an undefined `@id` as code.
fn markdown(part: LabelPart<'_>) -> String {
    match part {
        LabelPart::Role(text) | LabelPart::Written(text) | LabelPart::Name(text) => escape(text),
        LabelPart::Undefined { id } => format!("`@{id}`"),
    }
}

/// Escapes the characters that would turn a user's text into Markdown.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '[' | ']' | '`' | '<' | '>' | '#' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

mod title;

#[cfg(test)]
mod tests;
