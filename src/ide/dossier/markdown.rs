//! The dossier as Markdown: what `newsls dossier` prints and what
//! `newsls/dossier` answers beside the HTML page.

use std::fmt::Write;

use super::{
    Change, ChangeKind, DateFrom, Dated, Dossier, Entity, Event, Named, Participant, Role, Section,
};
use crate::ide::hover::escape;

pub fn render(dossier: &Dossier) -> String {
    let mut md = String::new();
    let title = dossier.title.as_deref().unwrap_or(&dossier.shown);
    let _ = writeln!(md, "# Dossier: {}\n", escape(title));
    let _ = writeln!(
        md,
        "`{}` · on {} ({}) · {}{}\n",
        dossier.shown,
        dossier.date,
        date_from(dossier.date_from),
        count(dossier.entities.len(), "entity", "entities"),
        if dossier.partial {
            " so far (the folder is still being indexed)"
        } else {
            ""
        }
    );
    for (section, entities) in dossier.sections() {
        let _ = writeln!(md, "## {}\n", section.title());
        for entity in entities {
            entity_md(dossier, entity, &mut md);
        }
    }
    if dossier.entities.is_empty() {
        md.push_str("The document names no entity.\n");
    }
    md.truncate(md.trim_end().len());
    md.push('\n');
    md
}

/// Why the dossier's date is the one it is.
pub(super) fn date_from(from: DateFrom) -> &'static str {
    match from {
        DateFrom::Document => "the document's date",
        DateFrom::Today => "today; the document is undated",
        DateFrom::Given => "the date asked for",
    }
}

pub(super) fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn entity_md(dossier: &Dossier, entity: &Entity, md: &mut String) {
    let _ = writeln!(md, "### {} (`@{}`)\n", escape(&entity.name), entity.id);
    if !entity.defined {
        let _ = writeln!(md, "- No document defines `@{}`.", entity.id);
        let _ = writeln!(md, "- {}\n", usage(entity));
        return;
    }
    if let Some(description) = &entity.description {
        let _ = writeln!(md, "{}\n", escape(description));
    }
    let date = dossier.date;
    if entity.roles.is_empty() {
        if Section::of(entity) == Section::People {
            let _ = writeln!(md, "- On {date}: no role known");
        }
    } else {
        let roles: Vec<String> = entity.roles.iter().map(role_md).collect();
        let _ = writeln!(md, "- On {date}: {}", roles.join("; "));
    }
    if !entity.changes.is_empty() {
        let _ = writeln!(md, "- Within a year of {date}:");
        for change in &entity.changes {
            let _ = writeln!(md, "  - {}", change_md(change));
        }
    }
    if let Some(event) = &entity.event {
        event_md(event, md);
    }
    if let Some(country) = &entity.country {
        let _ = writeln!(md, "- Country: {}", named_md(country));
    }
    if !entity.aliases.is_empty() {
        let aliases: Vec<String> = entity.aliases.iter().map(|a| escape(a)).collect();
        let _ = writeln!(md, "- Also known as: {}", aliases.join(", "));
    }
    if let Some(q) = &entity.wikidata {
        let _ = writeln!(md, "- Wikidata: [{q}]({})", wikidata_url(q));
    }
    let places: Vec<String> = entity
        .definitions
        .iter()
        .map(|d| format!("`{}` line {} ({})", d.shown, d.line, dated_text(d.dated)))
        .collect();
    let _ = writeln!(md, "- Defined in: {}", places.join(", "));
    let _ = writeln!(md, "- {}\n", usage(entity));
}

/// "Mentioned in 3 documents (2 times here), referenced in 1"
pub(super) fn usage(entity: &Entity) -> String {
    let here = &entity.here;
    let mut here_parts = Vec::new();
    if here.mentions > 0 {
        here_parts.push(format!("{} here", count(here.mentions, "time", "times")));
    }
    if here.references > 0 && here.mentions == 0 {
        here_parts.push("referred to here".to_string());
    }
    let here_text = if here_parts.is_empty() {
        String::new()
    } else {
        format!(" ({})", here_parts.join(", "))
    };
    format!(
        "Mentioned in {}{here_text}, referenced in {}",
        count(entity.mentioned_in, "document", "documents"),
        entity.referenced_in
    )
}

fn event_md(event: &Event, md: &mut String) {
    let mut facts = vec![format!(
        "Date: {}{}",
        event.date,
        if event.dated { "" } else { " (not given)" }
    )];
    if let Some(place) = &event.place {
        facts.push(format!("Place: {}", named_md(place)));
    }
    let _ = writeln!(md, "- {}", facts.join(" · "));
    if event.participants.is_empty() {
        return;
    }
    let _ = writeln!(md, "- Participants, on {}:", event.date);
    for participant in &event.participants {
        let _ = writeln!(md, "  - {}", participant_md(participant));
    }
}

fn participant_md(participant: &Participant) -> String {
    let who = &participant.who;
    let Some(id) = &who.id else {
        return format!("{} (not defined)", code_or_text(&who.name));
    };
    let mut line = format!("{} (`@{id}`)", escape(&who.name));
    if !participant.roles.is_empty() {
        let roles: Vec<String> = participant.roles.iter().map(role_text_md).collect();
        let _ = write!(line, ": {}", roles.join("; "));
    }
    line
}

fn change_md(change: &Change) -> String {
    let verb = match change.kind {
        ChangeKind::Began => "began",
        ChangeKind::Ended => "ended",
    };
    format!("{} {verb}: {}", change.on, role_md(&change.role))
}

/// "President of Russia · Kremlin (since 2000-05-07, per `registry.news.md` line 3)"
fn role_md(role: &Role) -> String {
    format!(
        "{} ({}per `{}` line {})",
        role_text_md(role),
        span_text(role),
        role.source.shown,
        role.source.line
    )
}

/// The role and its affiliation, without span or source.
fn role_text_md(role: &Role) -> String {
    let mut text = escape(&role.role);
    if let Some(affiliation) = &role.affiliation {
        let name = named_md(affiliation);
        text = if text.is_empty() {
            name
        } else {
            format!("{text} · {name}")
        };
    }
    text
}

/// The span as its source gives it, ending with ", " when there is one.
pub(super) fn span_text(role: &Role) -> String {
    match (role.since, role.until, role.as_of) {
        (Some(s), Some(u), _) => format!("{s} – {u}, "),
        (Some(s), None, _) => format!("since {s}, "),
        (None, Some(u), _) => format!("until {u}, "),
        // An undated document's statement is as of today, whatever day.
        (None, None, Some(_)) if role.source.dated == Dated::Undated => "undated, ".to_string(),
        (None, None, Some(day)) => format!("as of {day}, "),
        (None, None, None) => String::new(),
    }
}

pub(super) fn dated_text(dated: Dated) -> String {
    match dated {
        Dated::AsOf(day) => format!("as of {day}"),
        Dated::Document(day) => day.to_string(),
        Dated::Undated => "undated".to_string(),
    }
}

fn named_md(named: &Named) -> String {
    match named.id {
        Some(_) => escape(&named.name),
        None => code_or_text(&named.name),
    }
}

/// An `@id` nothing defines as code, other text escaped.
fn code_or_text(text: &str) -> String {
    if text.starts_with('@') {
        format!("`{text}`")
    } else {
        escape(text)
    }
}

pub(super) fn wikidata_url(q: &str) -> String {
    format!("https://www.wikidata.org/wiki/{q}")
}
