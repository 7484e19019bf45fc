//! `find_mentions`: where an entity is mentioned (body) and referred to
//! (`@id` in other definitions), document by document, line by line.

use serde::Serialize;

use super::folder::Snapshot;
use crate::cli::report::position;
use crate::ide::account;

#[derive(Debug, Serialize)]
pub struct Mentions {
    pub id: String,
    /// Its name, when the folder defines it.
    pub name: Option<String>,
    pub defined: bool,
    pub mentions: usize,
    pub documents: Vec<Document>,
}

#[derive(Debug, Serialize)]
pub struct Document {
    pub path: String,
    pub date: Option<String>,
    pub mentions: Vec<Place>,
    /// `@id` in front matter fields (`participants`, `affiliation`…).
    pub references: Vec<Place>,
}

#[derive(Debug, Serialize)]
pub struct Place {
    pub line: usize,
    pub column: usize,
    /// The mention as written, or the field that refers to it.
    pub text: String,
    /// The whole line, trimmed.
    pub line_text: String,
}

pub fn find(snapshot: &Snapshot, id: &str) -> Mentions {
    let workspace = &snapshot.workspace;
    let id = id.trim().trim_start_matches('@');
    let index = workspace.index();
    let mut ids: Vec<_> = index.mentioners(id).chain(index.referrers(id)).collect();
    ids.sort();
    ids.dedup();
    let mut documents = Vec::new();
    for file in workspace.load_files_by_path(ids.into_iter()) {
        let place = |start: usize, text: String| {
            let at = position(&file.text, &file.lines, start);
            let (line, _) = file.lines.line_of(start);
            let line_text = file
                .lines
                .line_range(line, &file.text)
                .map(|range| file.slice(range).trim().to_string())
                .unwrap_or_default();
            Place {
                line: at.line,
                column: at.column,
                text,
                line_text,
            }
        };
        let mentions: Vec<Place> = file
            .doc
            .mentions
            .iter()
            .filter(|m| m.id == id)
            .map(|m| place(m.range.start, file.slice(m.range).to_string()))
            .collect();
        let references: Vec<Place> = file
            .doc
            .references
            .iter()
            .filter(|r| r.id == id)
            .map(|r| {
                let what = format!("{} of @{}", r.field.as_str(), r.owner);
                place(r.range.start, what)
            })
            .collect();
        if mentions.is_empty() && references.is_empty() {
            continue;
        }
        documents.push(Document {
            path: snapshot.display(&file.path),
            date: file.doc.date.as_ref().map(|d| d.value.to_string()),
            mentions,
            references,
        });
    }
    let name = account::of(workspace, id, workspace.today(), None).map(|a| a.name().to_string());
    Mentions {
        id: id.to_string(),
        defined: name.is_some(),
        name,
        mentions: documents.iter().map(|d| d.mentions.len()).sum(),
        documents,
    }
}

/// The answer as a model reads it first: `path:line: text` a place.
pub fn text(found: &Mentions) -> String {
    let who = match &found.name {
        Some(name) => format!("{name} (@{})", found.id),
        None => format!("@{}", found.id),
    };
    if found.documents.is_empty() {
        return if found.defined {
            format!("{who} is defined in this folder but no document mentions or refers to it.")
        } else {
            format!(
                "No document of this folder mentions @{}, and none defines it.",
                found.id
            )
        };
    }
    let mut out = format!(
        "{who}: {} mention{} in {} document{}{}.",
        found.mentions,
        if found.mentions == 1 { "" } else { "s" },
        found.documents.len(),
        if found.documents.len() == 1 { "" } else { "s" },
        if found.defined {
            ""
        } else {
            " (no document defines it)"
        },
    );
    for document in &found.documents {
        for place in &document.mentions {
            out.push_str(&format!(
                "\n{}:{}:{}: {}  | {}",
                document.path, place.line, place.column, place.text, place.line_text
            ));
        }
        for place in &document.references {
            out.push_str(&format!(
                "\n{}:{}:{}: ({})",
                document.path, place.line, place.column, place.text
            ));
        }
    }
    out
}
