//! The dossier of a document: every entity it mentions, references or
//! defines, each as the account of `account::of` reads it on the
//! document's date (the same model as hover, never a rule of its own):
//! the roles held, the roles that began or ended within a year, aliases,
//! the Wikidata item, where it is defined and how widely it is mentioned;
//! an event's date, place and participants with their roles on the
//! event's date.
//!
//! Plain data, owned, so that it outlives the snapshot and serialises to
//! JSON; `markdown`, `html` and `timeline` render it.

pub(crate) mod escape;
pub mod html;
pub mod markdown;
mod timeline;

use std::path::{Path, PathBuf};

use serde::{Serialize, Serializer};

use super::account::{self, Account, DatedBy, Span};
use crate::syntax::{Date, EntityKind, TextRange};
use crate::workspace::{DocumentEntry, Workspace};

/// The dossier of one document on one date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Dossier {
    pub path: PathBuf,
    /// `path` as shown: relative to the root that holds it.
    pub shown: String,
    pub title: Option<String>,
    /// The date every account is read on.
    #[serde(serialize_with = "as_text")]
    pub date: Date,
    pub date_from: DateFrom,
    /// People, organisations, places, events, then entities of no known
    /// kind and ids nothing defines; within each, in the order the
    /// document first names them.
    pub entities: Vec<Entity>,
    /// The folder was still being read: counts and definitions may grow.
    pub partial: bool,
}

/// Where the dossier's date comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DateFrom {
    /// The document's `date`.
    Document,
    /// The document is undated: today.
    Today,
    /// Asked for (`--date`).
    Given,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Entity {
    pub id: String,
    /// The name on the date (the id when nothing names it).
    pub name: String,
    #[serde(serialize_with = "kind_text")]
    pub kind: Option<EntityKind>,
    /// `false` when no document defines the id: only `id` and `here` say
    /// anything then.
    pub defined: bool,
    pub here: Here,
    /// The roles held on the dossier's date, latest start first.
    pub roles: Vec<Role>,
    /// Roles that began or ended within a year of the date, by day.
    pub changes: Vec<Change>,
    /// Every role known, held or not, by its first day: what a timeline
    /// draws.
    pub history: Vec<Role>,
    pub country: Option<Named>,
    pub aliases: Vec<String>,
    pub description: Option<String>,
    /// The Wikidata item (`Q7747`).
    pub wikidata: Option<String>,
    /// Every definition, oldest first.
    pub definitions: Vec<Definition>,
    /// Which of `definitions` is in force on the date (the document's own
    /// when it has one): where going to the definition lands.
    pub in_force: Option<usize>,
    /// How many documents mention it, and how many refer to it in their
    /// front matter.
    pub mentioned_in: usize,
    pub referenced_in: usize,
    /// For an event (or anything with participants).
    pub event: Option<Event>,
}

/// How the document itself names the entity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Here {
    pub mentions: usize,
    pub references: usize,
    pub defines: bool,
}

/// A field's value: an `@id` by the entity's name, or plain text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Named {
    /// The id, when the value is an `@id` that some document defines.
    pub id: Option<String>,
    pub name: String,
}

/// A role, its span as its source gives it, and that source.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Role {
    /// Empty when the source gives only an affiliation.
    pub role: String,
    pub affiliation: Option<Named>,
    /// A `roles` entry's bounds (`until` is the first day it no longer
    /// holds); both `None` with `as_of` for a single `role`.
    #[serde(serialize_with = "maybe_text")]
    pub since: Option<Date>,
    #[serde(serialize_with = "maybe_text")]
    pub until: Option<Date>,
    /// A single `role`, stated as of this day.
    #[serde(serialize_with = "maybe_text")]
    pub as_of: Option<Date>,
    pub source: Source,
}

/// The definition a statement comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Source {
    pub path: PathBuf,
    pub shown: String,
    /// 1-based line of the definition's key.
    pub line: usize,
    pub dated: Dated,
}

/// The day a definition speaks of, as its document says it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "by", content = "date", rename_all = "kebab-case")]
pub enum Dated {
    AsOf(#[serde(serialize_with = "as_text")] Date),
    Document(#[serde(serialize_with = "as_text")] Date),
    /// An undated document: it speaks of today.
    Undated,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeKind {
    Began,
    Ended,
}

/// A role that began or ended near the dossier's date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Change {
    pub kind: ChangeKind,
    #[serde(serialize_with = "as_text")]
    pub on: Date,
    pub role: Role,
}

/// One definition of the entity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Definition {
    pub path: PathBuf,
    pub shown: String,
    /// The id key, where go-to-definition lands.
    pub key: TextRange,
    pub line: usize,
    pub dated: Dated,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Event {
    #[serde(serialize_with = "as_text")]
    pub date: Date,
    /// Whether `date` is the event's `date` field (else its statement's).
    pub dated: bool,
    pub place: Option<Named>,
    pub participants: Vec<Participant>,
}

/// A participant and the roles it holds on the event's date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Participant {
    pub who: Named,
    pub roles: Vec<Role>,
}

/// The dossier of the document at `path`, on `date` (else the document's
/// date, else today); `None` when the workspace does not hold it.
pub fn of(workspace: &Workspace, path: &Path, date: Option<Date>) -> Option<Dossier> {
    let file = workspace.load_file(path)?;
    let (date, date_from) = match (date, &file.doc.date) {
        (Some(date), _) => (date, DateFrom::Given),
        (None, Some(own)) => (own.value, DateFrom::Document),
        (None, None) => (workspace.today(), DateFrom::Today),
    };
    // Each id once, with where the document first names it and how.
    let mut seen: Vec<(String, usize, Here)> = Vec::new();
    let mut note = |id: &str, at: usize, mark: &dyn Fn(&mut Here)| {
        let i = match seen.iter().position(|(known, ..)| known == id) {
            Some(i) => i,
            None => {
                seen.push((id.to_string(), at, Here::default()));
                seen.len() - 1
            }
        };
        if let Some((_, first, here)) = seen.get_mut(i) {
            *first = (*first).min(at);
            mark(here);
        }
    };
    for def in &file.doc.entities {
        note(&def.id, def.key.start, &|h| h.defines = true);
    }
    for reference in &file.doc.references {
        note(&reference.id, reference.range.start, &|h| h.references += 1);
    }
    for mention in &file.doc.mentions {
        note(&mention.id, mention.range.start, &|h| h.mentions += 1);
    }
    let mut entities: Vec<(usize, Entity)> = seen
        .into_iter()
        .map(|(id, first, here)| (first, entity(workspace, &id, here, date, path)))
        .collect();
    entities.sort_by_key(|(first, e)| (Section::of(e), *first));
    Some(Dossier {
        path: path.to_path_buf(),
        shown: workspace.relative_path(path),
        title: file.doc.title.as_ref().map(|t| t.value.clone()),
        date,
        date_from,
        entities: entities.into_iter().map(|(_, e)| e).collect(),
        partial: workspace.is_indexing(),
    })
}

/// The parts of a dossier, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Section {
    People,
    Organisations,
    Places,
    Events,
    /// Defined with no `kind`.
    Other,
    /// Named by the document, defined by none.
    Undefined,
}

impl Section {
    pub fn of(entity: &Entity) -> Section {
        match (entity.defined, entity.kind) {
            (false, _) => Section::Undefined,
            (true, Some(EntityKind::Person)) => Section::People,
            (true, Some(EntityKind::Organization)) => Section::Organisations,
            (true, Some(EntityKind::Place)) => Section::Places,
            (true, Some(EntityKind::Event)) => Section::Events,
            (true, None) => Section::Other,
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Section::People => "People",
            Section::Organisations => "Organisations",
            Section::Places => "Places",
            Section::Events => "Events",
            Section::Other => "Other entities",
            Section::Undefined => "Not defined",
        }
    }
}

impl Dossier {
    /// The entities by section, each section that has any, in order.
    pub fn sections(&self) -> Vec<(Section, Vec<&Entity>)> {
        let mut sections: Vec<(Section, Vec<&Entity>)> = Vec::new();
        for entity in &self.entities {
            let section = Section::of(entity);
            match sections.last_mut() {
                Some((last, list)) if *last == section => list.push(entity),
                _ => sections.push((section, vec![entity])),
            }
        }
        sections
    }
}

fn entity(workspace: &Workspace, id: &str, here: Here, date: Date, from: &Path) -> Entity {
    let index = workspace.index();
    let (mentioned_in, referenced_in) = (index.mention_count(id), index.reference_count(id));
    let Some(account) = account::of(workspace, id, date, Some(from)) else {
        return Entity {
            id: id.to_string(),
            name: id.to_string(),
            kind: None,
            defined: false,
            here,
            roles: Vec::new(),
            changes: Vec::new(),
            history: Vec::new(),
            country: None,
            aliases: Vec::new(),
            description: None,
            wikidata: None,
            definitions: Vec::new(),
            in_force: None,
            mentioned_in,
            referenced_in,
            event: None,
        };
    };
    let roles: Vec<Role> = account
        .roles
        .iter()
        .map(|r| role(workspace, r, date, from))
        .collect();
    let mut history: Vec<Role> = roles
        .iter()
        .cloned()
        .chain(
            account
                .other_roles
                .iter()
                .map(|(_, r)| role(workspace, r, date, from)),
        )
        .collect();
    history.sort_by(|a, b| (first_day(a), &a.source.path).cmp(&(first_day(b), &b.source.path)));
    let changes = changes_near(&history, date);
    let event = (account.kind() == Some(EntityKind::Event) || !account.participants().is_empty())
        .then(|| event(workspace, &account, from));
    Entity {
        id: id.to_string(),
        name: account.name().to_string(),
        kind: account.kind(),
        defined: true,
        here,
        roles,
        changes,
        history,
        country: account
            .field(|d| d.country.as_ref())
            .map(|(c, _)| named(workspace, &c.value, date, from)),
        aliases: account.aliases().into_iter().map(str::to_string).collect(),
        description: account
            .field(|d| d.description.as_ref())
            .map(|(d, _)| d.value.clone()),
        wikidata: account
            .field(|d| d.wikidata.as_ref())
            .map(|(q, _)| q.value.clone()),
        definitions: account
            .statements
            .iter()
            .map(|s| Definition {
                path: s.path().to_path_buf(),
                shown: workspace.relative_path(s.path()),
                key: s.def.key,
                line: s.file.line_of(s.def.key.start) + 1,
                dated: dated(s.dated_by, s.date),
            })
            .collect(),
        in_force: account
            .statements
            .iter()
            .position(|s| std::ptr::eq(s.def, account.in_force().def)),
        mentioned_in,
        referenced_in,
        event,
    }
}

fn dated(by: DatedBy, date: Date) -> Dated {
    match by {
        DatedBy::AsOf => Dated::AsOf(date),
        DatedBy::Document => Dated::Document(date),
        DatedBy::Today => Dated::Undated,
    }
}

fn role(workspace: &Workspace, role: &account::Role<'_>, date: Date, from: &Path) -> Role {
    let (since, until, as_of) = match role.span {
        Span::Between { since, until } => (since, until, None),
        Span::AsOf(day) => (None, None, Some(day)),
    };
    let source = role.source;
    Role {
        role: role.role.to_string(),
        affiliation: role.affiliation.map(|a| named(workspace, a, date, from)),
        since,
        until,
        as_of,
        source: Source {
            path: source.path().to_path_buf(),
            shown: workspace.relative_path(source.path()),
            line: line_of(source.file, source.def.key.start),
            dated: dated(source.dated_by, source.date),
        },
    }
}

fn line_of(entry: &DocumentEntry, offset: usize) -> usize {
    entry.line_of(offset) + 1
}

/// The first day a role is known to hold; `None` for an open start.
fn first_day(role: &Role) -> Option<Date> {
    role.since.or(role.as_of)
}

/// The roles of `history` whose `since` or `until` falls within a year
/// either side of `date` (both ends included), by day.
fn changes_near(history: &[Role], date: Date) -> Vec<Change> {
    let (from, to) = (date.years_from(-1), date.years_from(1));
    let near = |day: Option<Date>| day.filter(|d| from <= *d && *d <= to);
    let mut changes: Vec<Change> = Vec::new();
    for role in history {
        for (kind, day) in [
            (ChangeKind::Began, near(role.since)),
            (ChangeKind::Ended, near(role.until)),
        ] {
            if let Some(on) = day {
                changes.push(Change {
                    kind,
                    on,
                    role: role.clone(),
                });
            }
        }
    }
    changes.sort_by_key(|c| (c.on, c.kind == ChangeKind::Began));
    changes
}

fn event(workspace: &Workspace, event: &Account<'_>, from: &Path) -> Event {
    let date = event.event_date();
    Event {
        date,
        dated: event.field(|d| d.date.as_ref()).is_some(),
        place: event
            .field(|d| d.place.as_ref())
            .map(|(p, _)| named(workspace, &p.value, date, from)),
        participants: event
            .participants()
            .iter()
            .map(|p| participant(workspace, &p.value, date, from))
            .collect(),
    }
}

fn participant(workspace: &Workspace, value: &str, date: Date, from: &Path) -> Participant {
    let who = named(workspace, value, date, from);
    let roles = who
        .id
        .as_deref()
        .and_then(|id| account::of(workspace, id, date, Some(from)))
        .map(|a| {
            a.roles
                .iter()
                .map(|r| role(workspace, r, date, from))
                .collect()
        })
        .unwrap_or_default();
    Participant { who, roles }
}

/// A field value: an `@id` by the entity's name on `date`; an id nothing
/// defines keeps its `@id` form and no id.
fn named(workspace: &Workspace, value: &str, date: Date, from: &Path) -> Named {
    let Some(id) = value.strip_prefix('@') else {
        return Named {
            id: None,
            name: value.to_string(),
        };
    };
    match account::of(workspace, id, date, Some(from)) {
        Some(account) => Named {
            id: Some(id.to_string()),
            name: account.name().to_string(),
        },
        None => Named {
            id: None,
            name: value.to_string(),
        },
    }
}

fn as_text<S: Serializer>(date: &Date, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(date)
}

fn maybe_text<S: Serializer>(date: &Option<Date>, serializer: S) -> Result<S::Ok, S::Error> {
    match date {
        Some(date) => serializer.collect_str(date),
        None => serializer.serialize_none(),
    }
}

fn kind_text<S: Serializer>(kind: &Option<EntityKind>, serializer: S) -> Result<S::Ok, S::Error> {
    match kind {
        Some(kind) => serializer.serialize_str(kind.as_str()),
        None => serializer.serialize_none(),
    }
}

#[cfg(test)]
mod tests;
