//! `lookup_entity`: who or what a query names, and the account of each on
//! a date, from `account::of` (hover's model) and nothing else.

use serde::Serialize;

use super::folder::Snapshot;
use crate::ide::account::{self, DatedBy, Role, Span, When};
use crate::ide::{hover, symbols};
use crate::syntax::{Date, fold_id, phrase_of};
use crate::workspace::Workspace;

#[derive(Debug, Serialize)]
pub struct Lookup {
    pub query: String,
    /// The day the accounts describe.
    pub date: String,
    /// One account for each entity the query names (a name two entities
    /// share names both); empty when none does.
    pub entities: Vec<Entity>,
    /// When nothing matched: defined entities whose id, name or alias
    /// resembles the query. None of them is what was asked.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub similar: Vec<Similar>,
}

#[derive(Debug, Serialize)]
pub struct Similar {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Serialize)]
pub struct Entity {
    pub id: String,
    pub name: String,
    pub kind: Option<&'static str>,
    /// The roles held on the date, each with its source.
    pub roles: Vec<RoleHeld>,
    /// Roles known at other dates (`when`: earlier, later, also).
    pub other_roles: Vec<RoleHeld>,
    pub aliases: Vec<String>,
    pub wikidata: Option<String>,
    pub description: Option<String>,
    /// Every document that defines it.
    pub defined_in: Vec<Source>,
    pub mentioned_in_documents: usize,
    pub referenced_in_documents: usize,
    /// The whole account as hover shows it (Markdown): events, place,
    /// participants and country included.
    pub account: String,
}

#[derive(Debug, Serialize)]
pub struct RoleHeld {
    pub role: String,
    /// The affiliation as written (`@kremlin`) and the name it stands for.
    pub affiliation: Option<String>,
    pub affiliation_name: Option<String>,
    pub since: Option<String>,
    pub until: Option<String>,
    /// For a single `role`: the day its source states it as of.
    pub as_of: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub when: Option<&'static str>,
    pub source: Source,
}

#[derive(Debug, Serialize)]
pub struct Source {
    pub path: String,
    pub line: usize,
    /// The day the source speaks of, and what says so: `as_of`, the
    /// document's `date`, or `undated` (then: today).
    pub date: String,
    pub dated_by: &'static str,
}

/// The ids `query` names: an id (with or without `@`, in any case), else
/// every entity with that name or alias (compared as newsls compares names).
fn resolve(workspace: &Workspace, query: &str) -> Vec<String> {
    let index = workspace.index();
    let query = query.trim();
    let bare = query.strip_prefix('@').unwrap_or(query);
    for id in [bare.to_string(), fold_id(bare)] {
        if index.is_defined(&id) {
            return vec![id];
        }
    }
    let mut ids: Vec<String> = phrase_of(query)
        .map(|phrase| index.named(&phrase).map(str::to_string).collect())
        .unwrap_or_default();
    ids.sort();
    ids.dedup();
    ids
}

pub fn lookup(snapshot: &Snapshot, query: &str, date: Option<Date>) -> Lookup {
    let workspace = &snapshot.workspace;
    let (date, why) = match date {
        Some(date) => (date, "the date asked"),
        None => (workspace.today(), "today"),
    };
    let entities: Vec<Entity> = resolve(workspace, query)
        .iter()
        .filter_map(|id| entity(snapshot, id, date, why))
        .collect();
    // Workspace symbols' fuzzy search: each entity once, by its name on
    // the date.
    let mut similar: Vec<Similar> = Vec::new();
    if entities.is_empty() {
        for symbol in symbols::workspace(workspace, query) {
            if similar.len() == 5 || similar.iter().any(|s| s.id == symbol.id) {
                continue;
            }
            let name = account::of(workspace, &symbol.id, date, None)
                .map_or(symbol.name, |a| a.name().to_string());
            similar.push(Similar {
                id: symbol.id,
                name,
            });
        }
    }
    Lookup {
        query: query.to_string(),
        date: date.to_string(),
        entities,
        similar,
    }
}

fn entity(snapshot: &Snapshot, id: &str, date: Date, why: &str) -> Option<Entity> {
    let workspace = &snapshot.workspace;
    let account = account::of(workspace, id, date, None)?;
    let role = |role: &Role<'_>, when: Option<When>| {
        let (since, until, as_of) = match role.span {
            Span::Between { since, until } => (since, until, None),
            Span::AsOf(day) => (None, None, Some(day)),
        };
        let affiliation_name = role.affiliation.map(|a| match a.strip_prefix('@') {
            Some(other) => account::of(workspace, other, date, None)
                .map_or_else(|| a.to_string(), |o| o.name().to_string()),
            None => a.to_string(),
        });
        RoleHeld {
            role: role.role.to_string(),
            affiliation: role.affiliation.map(str::to_string),
            affiliation_name,
            since: since.map(|d| d.to_string()),
            until: until.map(|d| d.to_string()),
            as_of: as_of.map(|d| d.to_string()),
            when: when.map(|w| match w {
                When::Earlier => "earlier",
                When::Later => "later",
                When::Also => "also",
            }),
            source: source(snapshot, &role.source),
        }
    };
    let index = workspace.index();
    Some(Entity {
        id: id.to_string(),
        name: account.name().to_string(),
        kind: account.kind().map(|k| k.as_str()),
        roles: account.roles.iter().map(|r| role(r, None)).collect(),
        other_roles: account
            .other_roles
            .iter()
            .map(|(when, r)| role(r, Some(*when)))
            .collect(),
        aliases: account.aliases().into_iter().map(str::to_string).collect(),
        wikidata: account
            .field(|d| d.wikidata.as_ref())
            .map(|(q, _)| q.value.clone()),
        description: account
            .field(|d| d.description.as_ref())
            .map(|(d, _)| d.value.clone()),
        defined_in: account
            .statements
            .iter()
            .map(|s| source(snapshot, s))
            .collect(),
        mentioned_in_documents: index.mention_count(id),
        referenced_in_documents: index.reference_count(id),
        account: hover::account(workspace, id, date, why).unwrap_or_default(),
    })
}

fn source(snapshot: &Snapshot, statement: &account::Statement<'_>) -> Source {
    Source {
        path: snapshot.display(statement.path()),
        line: statement.file.line_of(statement.def.key.start) + 1,
        date: statement.date.to_string(),
        dated_by: match statement.dated_by {
            DatedBy::AsOf => "as_of",
            DatedBy::Document => "document",
            DatedBy::Today => "undated",
        },
    }
}

/// The answer as a model reads it first: each account, or that nothing
/// is known.
pub fn text(lookup: &Lookup) -> String {
    if lookup.entities.is_empty() {
        let mut out = format!(
            "No entity in this folder has the id, name or alias `{}`. newsls knows nothing about it: do not describe it from newsls.",
            lookup.query
        );
        if !lookup.similar.is_empty() {
            let similar: Vec<String> = lookup
                .similar
                .iter()
                .map(|s| format!("{} (@{})", s.name, s.id))
                .collect();
            out.push_str(&format!(
                " Defined entities with similar names (not the same): {}.",
                similar.join(", ")
            ));
        }
        return out;
    }
    lookup
        .entities
        .iter()
        .map(|e| e.account.clone())
        .collect::<Vec<_>>()
        .join("\n\n---\n\n")
}
