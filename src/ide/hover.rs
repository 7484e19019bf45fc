//! Hover: who or what an entity is, in Markdown.

use std::fmt::Write;
use std::path::Path;

use super::target;
use crate::syntax::{EntityKind, Field, Spanned, TextRange};
use crate::workspace::{Definition, Workspace};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hover {
    /// The text the hover is about.
    pub range: TextRange,
    pub markdown: String,
}

/// The hover at `offset` of `path`: on a mention, an `@` reference, an
/// entity key or a plain known name; nothing elsewhere.
pub fn find(workspace: &Workspace, path: &Path, offset: usize) -> Option<Hover> {
    let file = workspace.file(path)?;
    let target = target::at(workspace, file, offset)?;
    let sections: Vec<String> = target
        .ids
        .iter()
        .filter_map(|id| describe(workspace, id))
        .collect();
    if sections.is_empty() {
        return None;
    }
    Some(Hover {
        range: target.range,
        markdown: sections.join("\n\n---\n\n"),
    })
}

/// The Markdown description of entity `id`; `None` when nothing defines it.
fn describe(workspace: &Workspace, id: &str) -> Option<String> {
    let defs = workspace.definitions(id);
    let shown = defs.first()?.def;
    let mut md = String::new();
    let name = shown.name.as_ref().map_or(id, |n| n.value.as_str());
    let _ = write!(md, "**{}**", escape(name));
    if let Some(kind) = &shown.kind {
        let _ = write!(md, " · {}", kind.value.as_str());
    }
    let _ = write!(md, " · `@{id}`");

    let mut about = Vec::new();
    if let Some(role) = &shown.role {
        about.push(escape(&role.value));
    }
    for value in [&shown.affiliation, &shown.country].into_iter().flatten() {
        about.push(display_name(workspace, &value.value));
    }
    if !about.is_empty() {
        let _ = write!(md, "\n\n{}", about.join(" · "));
    }
    let aliases: Vec<String> = shown.aliases.iter().map(|a| escape(&a.value)).collect();
    if !aliases.is_empty() {
        let _ = write!(md, "\n\nAlso known as: {}", aliases.join(", "));
    }
    if let Some(description) = &shown.description {
        let _ = write!(md, "\n\n{}", escape(&description.value));
    }
    if let Some(q) = &shown.wikidata {
        let _ = write!(
            md,
            "\n\nWikidata: [{0}](https://www.wikidata.org/wiki/{0})",
            q.value
        );
    }
    if shown.kind.as_ref().map(|k| k.value) == Some(EntityKind::Event)
        || !shown.participants.is_empty()
    {
        event_details(workspace, shown, &mut md);
    } else {
        events_of(workspace, id, &mut md);
    }

    md.push_str("\n\nDefined in:");
    for Definition { file, .. } in &defs {
        let date = file
            .doc
            .date
            .as_ref()
            .map_or("undated".to_string(), |d| d.value.to_string());
        let _ = write!(md, "\n- `{}` ({date})", workspace.relative_path(&file.path));
    }
    let mentioned = workspace.index().mention_count(id);
    let _ = write!(
        md,
        "\n\nMentioned in {mentioned} document{}",
        if mentioned == 1 { "" } else { "s" }
    );
    // Asked before the folder is read: say so rather than give partial
    // counts and lists as final.
    if workspace.is_indexing() {
        md.push_str(" so far (the folder is still being indexed)");
    }
    Some(md)
}

fn event_details(workspace: &Workspace, event: &crate::syntax::EntityDef, md: &mut String) {
    let mut facts = Vec::new();
    if let Some(date) = &event.date {
        facts.push(format!("Date: {}", date.value));
    }
    if let Some(place) = &event.place {
        facts.push(format!("Place: {}", display_name(workspace, &place.value)));
    }
    if !facts.is_empty() {
        let _ = write!(md, "\n\n{}", facts.join(" · "));
    }
    if event.participants.is_empty() {
        return;
    }
    md.push_str("\n\nParticipants:");
    for participant in &event.participants {
        let _ = write!(md, "\n- {}", participant_line(workspace, participant));
    }
}

fn participant_line(workspace: &Workspace, participant: &Spanned<String>) -> String {
    let Some(id) = participant.value.strip_prefix('@') else {
        return escape(&participant.value);
    };
    let defs = workspace.definitions(id);
    let Some(def) = defs.first().map(|d| d.def) else {
        if workspace.is_indexing() {
            return format!("`@{id}` (not indexed yet)");
        }
        return format!("`@{id}` (not defined)");
    };
    let name = def.name.as_ref().map_or(id, |n| n.value.as_str());
    let mut line = format!("**{}**", escape(name));
    if let Some(role) = &def.role {
        let _ = write!(line, ", {}", escape(&role.value));
    }
    line
}

/// The events that list `id` among their participants.
fn events_of(workspace: &Workspace, id: &str, md: &mut String) {
    let mut events: Vec<(Option<crate::syntax::Date>, String, &str)> = Vec::new();
    for path in workspace.index().referrers(id) {
        let Some(file) = workspace.file(path) else {
            continue;
        };
        for reference in &file.doc.references {
            if reference.id != id || reference.field != Field::Participants {
                continue;
            }
            if events.iter().any(|(_, _, known)| *known == reference.owner) {
                continue;
            }
            let defs = workspace.definitions(&reference.owner);
            let Some(event) = defs.first().map(|d| d.def) else {
                continue;
            };
            let name = event
                .name
                .as_ref()
                .map_or(reference.owner.as_str(), |n| n.value.as_str());
            events.push((
                event.date.as_ref().map(|d| d.value),
                escape(name),
                &reference.owner,
            ));
        }
    }
    if events.is_empty() {
        return;
    }
    events.sort();
    md.push_str("\n\nTakes part in:");
    for (date, name, _) in events {
        match date {
            Some(date) => {
                let _ = write!(md, "\n- {name} ({date})");
            }
            None => {
                let _ = write!(md, "\n- {name}");
            }
        }
    }
}

/// A field value for display: an `@id` by the entity's name.
fn display_name(workspace: &Workspace, value: &str) -> String {
    let Some(id) = value.strip_prefix('@') else {
        return escape(value);
    };
    let defs = workspace.definitions(id);
    match defs.first().and_then(|d| d.def.name.as_ref()) {
        Some(name) => escape(&name.value),
        None => format!("`@{id}`"),
    }
}

/// Escapes the characters that would turn a user's text into Markdown.
fn escape(text: &str) -> String {
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

#[cfg(test)]
mod tests;
