//! The dossier as one self-contained HTML page: the content of the
//! Markdown, plus a role timeline (inline SVG) for each person. No script,
//! no font, no image from anywhere: it reads as it is, and prints (the
//! print style drops the contents list and keeps each entity on a page).
//!
//! Each entity name is a link carrying `data-id`: in the page it goes to
//! the entity's section; an editor showing the page may catch the click and
//! go to the definition instead.

use std::collections::HashSet;
use std::fmt::Write;

use super::escape::escape;
use super::markdown::{count, date_from, dated_text, span_text, usage, wikidata_url};
use super::{ChangeKind, Dossier, Entity, Event, Named, Role, Section, timeline};

const STYLE: &str = include_str!("dossier.css");

pub fn render(dossier: &Dossier) -> String {
    let in_page: HashSet<&str> = dossier.entities.iter().map(|e| e.id.as_str()).collect();
    let page = Page { dossier, in_page };
    let title = format!(
        "Dossier: {}",
        dossier.title.as_deref().unwrap_or(&dossier.shown)
    );
    let mut html = String::new();
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n",
        escape(&title)
    );
    let _ = writeln!(html, "<header>\n<h1>{}</h1>", escape(&title));
    let _ = writeln!(
        html,
        "<p class=\"meta\"><code>{}</code> · on <time datetime=\"{date}\">{date}</time> ({}) · {}{}</p>",
        escape(&dossier.shown),
        date_from(dossier.date_from),
        count(dossier.entities.len(), "entity", "entities"),
        if dossier.partial {
            " so far (the folder is still being indexed)"
        } else {
            ""
        },
        date = dossier.date,
    );
    let sections = dossier.sections();
    if !sections.is_empty() {
        html.push_str("<nav aria-label=\"Contents\"><ul>\n");
        for (section, entities) in &sections {
            let names: Vec<String> = entities.iter().map(|e| page.link(&e.id, &e.name)).collect();
            let _ = writeln!(
                html,
                "<li><a href=\"#{}\">{}</a>: {}</li>",
                section_id(*section),
                section.title(),
                names.join(", ")
            );
        }
        html.push_str("</ul></nav>\n");
    }
    html.push_str("</header>\n<main>\n");
    for (section, entities) in &sections {
        let _ = writeln!(
            html,
            "<section id=\"{}\">\n<h2>{}</h2>",
            section_id(*section),
            section.title()
        );
        for entity in entities {
            page.entity(entity, &mut html);
        }
        html.push_str("</section>\n");
    }
    if dossier.entities.is_empty() {
        html.push_str("<p>The document names no entity.</p>\n");
    }
    html.push_str("</main>\n</body>\n</html>\n");
    html
}

fn section_id(section: Section) -> &'static str {
    match section {
        Section::People => "people",
        Section::Organisations => "organisations",
        Section::Places => "places",
        Section::Events => "events",
        Section::Other => "other",
        Section::Undefined => "undefined",
    }
}

struct Page<'a> {
    dossier: &'a Dossier,
    /// The ids with a section of their own on the page.
    in_page: HashSet<&'a str>,
}

impl Page<'_> {
    /// An entity's name, linking to its section when the page has one.
    fn link(&self, id: &str, name: &str) -> String {
        if self.in_page.contains(id) {
            format!(
                "<a class=\"entity\" href=\"#{}\" data-id=\"{}\">{}</a>",
                anchor(id),
                escape(id),
                escape(name)
            )
        } else {
            format!(
                "<span class=\"entity\" data-id=\"{}\">{}</span>",
                escape(id),
                escape(name)
            )
        }
    }

    fn named(&self, named: &Named) -> String {
        match &named.id {
            Some(id) => self.link(id, &named.name),
            None if named.name.starts_with('@') => {
                format!("<code>{}</code>", escape(&named.name))
            }
            None => escape(&named.name),
        }
    }

    fn entity(&self, entity: &Entity, html: &mut String) {
        let section = Section::of(entity);
        let _ = writeln!(
            html,
            "<article class=\"entity {}\" id=\"{}\">\n<h3>{} <code>@{}</code></h3>",
            section_id(section),
            anchor(&entity.id),
            self.link(&entity.id, &entity.name),
            escape(&entity.id)
        );
        if !entity.defined {
            let _ = writeln!(
                html,
                "<p>No document defines <code>@{}</code>. {}.</p>\n</article>",
                escape(&entity.id),
                escape(&usage(entity))
            );
            return;
        }
        if let Some(description) = &entity.description {
            let _ = writeln!(html, "<p class=\"description\">{}</p>", escape(description));
        }
        html.push_str("<dl>\n");
        let date = self.dossier.date;
        if !entity.roles.is_empty() || section == Section::People {
            let _ = write!(
                html,
                "<dt>On <time datetime=\"{date}\">{date}</time></dt><dd>"
            );
            if entity.roles.is_empty() {
                html.push_str("no role known");
            } else {
                self.roles(&entity.roles, html);
            }
            html.push_str("</dd>\n");
        }
        if !entity.changes.is_empty() {
            let _ = write!(html, "<dt>Within a year of {date}</dt><dd><ul>");
            for change in &entity.changes {
                let verb = match change.kind {
                    ChangeKind::Began => "began",
                    ChangeKind::Ended => "ended",
                };
                let _ = write!(
                    html,
                    "<li class=\"{verb}\"><time datetime=\"{on}\">{on}</time> {verb}: {}</li>",
                    self.role(&change.role, true),
                    on = change.on
                );
            }
            html.push_str("</ul></dd>\n");
        }
        if let Some(event) = &entity.event {
            self.event(event, html);
        }
        if let Some(country) = &entity.country {
            let _ = writeln!(html, "<dt>Country</dt><dd>{}</dd>", self.named(country));
        }
        if !entity.aliases.is_empty() {
            let aliases: Vec<String> = entity.aliases.iter().map(|a| escape(a)).collect();
            let _ = writeln!(
                html,
                "<dt>Also known as</dt><dd>{}</dd>",
                aliases.join(", ")
            );
        }
        if let Some(q) = &entity.wikidata {
            let _ = writeln!(
                html,
                "<dt>Wikidata</dt><dd><a class=\"wikidata\" href=\"{}\">{}</a></dd>",
                escape(&wikidata_url(q)),
                escape(q)
            );
        }
        let places: Vec<String> = entity
            .definitions
            .iter()
            .map(|d| {
                format!(
                    "<li><code>{}</code> line {} ({})</li>",
                    escape(&d.shown),
                    d.line,
                    dated_text(d.dated)
                )
            })
            .collect();
        let _ = writeln!(
            html,
            "<dt>Defined in</dt><dd><ul>{}</ul></dd>",
            places.concat()
        );
        let _ = writeln!(html, "<dt>Usage</dt><dd>{}</dd>", escape(&usage(entity)));
        html.push_str("</dl>\n");
        if section == Section::People
            && let Some(svg) = timeline::svg(entity, date)
        {
            let _ = writeln!(
                html,
                "<figure>{svg}<figcaption>Roles over the years; the line marks {date}.</figcaption></figure>"
            );
        }
        html.push_str("</article>\n");
    }

    fn roles(&self, roles: &[Role], html: &mut String) {
        html.push_str("<ul>");
        for role in roles {
            let _ = write!(html, "<li>{}</li>", self.role(role, true));
        }
        html.push_str("</ul>");
    }

    /// "President of Russia · Kremlin (since 2000-05-07, per registry.news.md line 3)"
    fn role(&self, role: &Role, with_source: bool) -> String {
        let mut text = escape(&role.role);
        if let Some(affiliation) = &role.affiliation {
            let name = self.named(affiliation);
            text = if text.is_empty() {
                name
            } else {
                format!("{text} · {name}")
            };
        }
        if with_source {
            let _ = write!(
                text,
                " <span class=\"source\">({}per <code>{}</code> line {})</span>",
                escape(&span_text(role)),
                escape(&role.source.shown),
                role.source.line
            );
        }
        text
    }

    fn event(&self, event: &Event, html: &mut String) {
        let _ = writeln!(
            html,
            "<dt>Date</dt><dd><time datetime=\"{0}\">{0}</time>{1}</dd>",
            event.date,
            if event.dated { "" } else { " (not given)" }
        );
        if let Some(place) = &event.place {
            let _ = writeln!(html, "<dt>Place</dt><dd>{}</dd>", self.named(place));
        }
        if event.participants.is_empty() {
            return;
        }
        let _ = write!(html, "<dt>Participants, on {}</dt><dd><ul>", event.date);
        for participant in &event.participants {
            let who = &participant.who;
            html.push_str("<li>");
            html.push_str(&self.named(who));
            if who.id.is_none() {
                html.push_str(" (not defined)");
            } else if !participant.roles.is_empty() {
                let roles: Vec<String> = participant
                    .roles
                    .iter()
                    .map(|r| self.role(r, false))
                    .collect();
                let _ = write!(html, ": {}", roles.join("; "));
            }
            html.push_str("</li>");
        }
        html.push_str("</ul></dd>\n");
    }
}

/// The page anchor of an entity's section.
fn anchor(id: &str) -> String {
    format!("entity-{}", escape(id))
}
