//! The account of an entity on a date: what newsls states about it, merged
//! from every definition of its id.
//!
//! Every definition is a statement about the entity as of a date: its own
//! `as_of`, else its document's `date`, else today (undated documents such
//! as registries are kept current). On a date D:
//!
//! - the roles are the `roles` entries, from any definition, that hold on
//!   D; when none does, the single `role`/`affiliation` of the statement in
//!   force on D;
//! - the statement in force is the current document's own definition, else
//!   the latest one dated on or before D, else the earliest after D (ties go
//!   by path);
//! - every other field comes from the statement in force, or, when it lacks
//!   the field, from the nearest statement (in days from D) that has it;
//! - the aliases are the union over every definition.
//!
//! The account is computed from the definitions of one id only, never by
//! scanning the workspace, so hover stays fast on any folder.

use std::cmp::Reverse;
use std::collections::HashSet;
use std::path::Path;

use crate::syntax::titles::Title;
use crate::syntax::{Date, EntityDef, EntityKind, Field, Spanned, phrase_of};
use crate::workspace::{DocumentEntry, File, Workspace};

/// Where a statement's date comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DatedBy {
    /// The definition's own `as_of`.
    AsOf,
    /// Its document's `date`.
    Document,
    /// Its document is undated: it speaks of today.
    Today,
}

/// One definition of the entity, read as a statement as of `date`.
#[derive(Clone, Copy, Debug)]
pub struct Statement<'a> {
    pub file: &'a DocumentEntry,
    pub def: &'a EntityDef,
    pub date: Date,
    pub dated_by: DatedBy,
}

impl<'a> Statement<'a> {
    pub fn of(workspace: &Workspace, file: &'a DocumentEntry, def: &'a EntityDef) -> Statement<'a> {
        let (date, dated_by) = dated(workspace, file.date(), def);
        Statement {
            file,
            def,
            date,
            dated_by,
        }
    }

    pub fn path(&self) -> &'a Path {
        &self.file.path
    }
}

/// The day a definition speaks of, and what says so: its `as_of`, else
/// its document's date (`document`), else today.
pub fn dated(workspace: &Workspace, document: Option<Date>, def: &EntityDef) -> (Date, DatedBy) {
    match &def.as_of {
        Some(as_of) => (as_of.value, DatedBy::AsOf),
        None => document_day(workspace, document),
    }
}

/// The day a document speaks of, and what says so: its `date`
/// (`document`), else today. The one place that rule is written.
pub fn document_day(workspace: &Workspace, document: Option<Date>) -> (Date, DatedBy) {
    match document {
        Some(date) => (date, DatedBy::Document),
        None => (workspace.today(), DatedBy::Today),
    }
}

/// When a role holds, as its source says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Span {
    /// A `roles` entry: from `since` (inclusive) to `until` (exclusive).
    Between {
        since: Option<Date>,
        until: Option<Date>,
    },
    /// A single `role`, stated as of a day.
    AsOf(Date),
}

impl Span {
    /// The first day it is known to hold; `None` for an open start.
    fn start(self) -> Option<Date> {
        match self {
            Span::Between { since, .. } => since,
            Span::AsOf(date) => Some(date),
        }
    }
}

/// A role with its span and the statement it comes from.
#[derive(Clone, Copy, Debug)]
pub struct Role<'a> {
    pub role: &'a str,
    pub affiliation: Option<&'a str>,
    pub span: Span,
    pub source: Statement<'a>,
    /// The titles prose may give it (its text, its head, its `titles`).
    pub titles: &'a [Title],
    /// Its `titles` as written.
    pub listed: &'a [Spanned<String>],
}

/// A part of a role's label, for the caller to write as it shows text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LabelPart<'a> {
    /// The role, as written.
    Role(&'a str),
    /// An affiliation written as plain text, or an `@id` that is no id.
    Written(&'a str),
    /// An affiliation `@id`'s entity, by its name on the label's date.
    Name(&'a str),
    /// An affiliation `@id` nothing defines.
    Undefined { id: &'a str },
}

impl Role<'_> {
    /// The role as "Role · Affiliation", either part alone when the other
    /// shows as nothing; an affiliation `@id` reads as its entity's name on
    /// `date`, seen from `from`. `show` writes each part (plain for inlay
    /// hints, escaped Markdown for hovers).
    pub fn label(
        &self,
        workspace: &Workspace,
        date: Date,
        from: &Path,
        show: impl Fn(LabelPart<'_>) -> String,
    ) -> String {
        let role = show(LabelPart::Role(self.role));
        let affiliation = self
            .affiliation
            .map(|value| show(field_part(workspace, value, date, from)));
        match affiliation {
            Some(affiliation) if role.is_empty() => affiliation,
            Some(affiliation) if !affiliation.is_empty() => format!("{role} · {affiliation}"),
            _ => role,
        }
    }
}

/// A field value that may name an entity (`"@id"`), as a label shows it:
/// the entity's name on `date`, seen from `from`, when it is defined.
pub fn field_part<'a>(
    workspace: &'a Workspace,
    value: &'a str,
    date: Date,
    from: &Path,
) -> LabelPart<'a> {
    match value.strip_prefix('@') {
        None => LabelPart::Written(value),
        Some(id) => match of(workspace, id, date, Some(from)) {
            Some(account) => LabelPart::Name(account.name()),
            None => LabelPart::Undefined { id },
        },
    }
}

/// Whether a role, relative to the account's date, lies before or after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    Earlier,
    Later,
    /// Stated as of the same day by another document.
    Also,
}

/// What newsls states about an entity on one date.
#[derive(Debug)]
pub struct Account<'a> {
    pub id: &'a str,
    /// The date the account describes.
    pub date: Date,
    /// Every definition, oldest first (then by path).
    pub statements: Vec<Statement<'a>>,
    /// The statement in force on `date`, then the others nearest first:
    /// the order fields are looked up in.
    order: Vec<Statement<'a>>,
    /// The roles that hold on `date`.
    pub roles: Vec<Role<'a>>,
    /// Roles known at other dates, oldest first.
    pub other_roles: Vec<(When, Role<'a>)>,
}

/// The date that matters in `file`: its `date`, else today.
pub fn date_of(workspace: &Workspace, file: &File) -> Date {
    document_day(workspace, file.doc.date.as_ref().map(|d| d.value)).0
}

/// The account of `id` on `date`, as seen from the document at `from`
/// (whose own definition, when it has one, is in force there); `None` when
/// nothing defines `id`.
pub fn of<'a>(
    workspace: &'a Workspace,
    id: &'a str,
    date: Date,
    from: Option<&Path>,
) -> Option<Account<'a>> {
    let mut statements: Vec<Statement<'a>> = workspace
        .definitions(id)
        .into_iter()
        .map(|d| Statement::of(workspace, d.file, d.def))
        .collect();
    if statements.is_empty() {
        return None;
    }
    statements.sort_by(|a, b| (a.date, a.path()).cmp(&(b.date, b.path())));
    let order = preference(&statements, date, from);
    let roles = roles_on(&order, date);
    let other_roles = other_roles(&statements, &roles, date);
    Some(Account {
        id,
        date,
        statements,
        order,
        roles,
        other_roles,
    })
}

/// The statements in the order fields are looked up in: the one in force on
/// `date` first, then by distance in days from `date` (earlier before later
/// at the same distance), then the current document's, then by path.
fn preference<'a>(
    statements: &[Statement<'a>],
    date: Date,
    from: Option<&Path>,
) -> Vec<Statement<'a>> {
    let own = |s: &Statement<'_>| Some(s.path()) == from;
    let in_force = statements
        .iter()
        .position(own)
        .or_else(|| {
            // The latest on or before `date`; the first path among equals.
            let latest = statements
                .iter()
                .filter(|s| s.date <= date)
                .map(|s| s.date)
                .max()?;
            statements.iter().position(|s| s.date == latest)
        })
        .or_else(|| statements.iter().position(|s| s.date > date))
        .unwrap_or(0);
    let mut order: Vec<Statement<'a>> = statements.to_vec();
    let first = order.remove(in_force.min(order.len().saturating_sub(1)));
    order.sort_by_key(|s| {
        let distance = (s.date.day_number() - date.day_number()).abs();
        (distance, s.date > date, !own(s), s.path().to_path_buf())
    });
    order.insert(0, first);
    order
}

/// Roles are the same when their words and span are (ignoring case).
fn same_role(a: &Role<'_>, b: &Role<'_>) -> bool {
    a.span == b.span
        && a.role.to_lowercase() == b.role.to_lowercase()
        && a.affiliation.map(str::to_lowercase) == b.affiliation.map(str::to_lowercase)
}

fn entries<'a>(statement: &Statement<'a>) -> impl Iterator<Item = Role<'a>> {
    let source = *statement;
    statement.def.roles.iter().map(move |entry| Role {
        role: &entry.role.value,
        affiliation: entry.affiliation.as_ref().map(|a| a.value.as_str()),
        span: Span::Between {
            since: entry.since.as_ref().map(|s| s.value),
            until: entry.until.as_ref().map(|u| u.value),
        },
        source,
        titles: &entry.vocabulary,
        listed: &entry.titles,
    })
}

fn holds_on(role: &Role<'_>, date: Date) -> bool {
    match role.span {
        Span::Between { since, until } => {
            since.is_none_or(|s| s <= date) && until.is_none_or(|u| date < u)
        }
        Span::AsOf(day) => day == date,
    }
}

fn single_role<'a>(statement: &Statement<'a>) -> Option<Role<'a>> {
    let def = statement.def;
    if def.role.is_none() && def.affiliation.is_none() {
        return None;
    }
    Some(Role {
        role: def.role.as_ref().map_or("", |r| r.value.as_str()),
        affiliation: def.affiliation.as_ref().map(|a| a.value.as_str()),
        span: Span::AsOf(statement.date),
        source: *statement,
        titles: &def.role_vocabulary,
        listed: &def.titles,
    })
}

fn roles_on<'a>(order: &[Statement<'a>], date: Date) -> Vec<Role<'a>> {
    let mut held: Vec<Role<'a>> = Vec::new();
    // In preference order, so a repeated entry is credited to the nearest.
    for role in order.iter().flat_map(entries) {
        if holds_on(&role, date) && !held.iter().any(|h| same_role(h, &role)) {
            held.push(role);
        }
    }
    if held.is_empty() {
        held.extend(order.iter().find_map(single_role));
    }
    held.sort_by_key(|r| Reverse(r.span.start()));
    held
}

/// `true` when one role's words contain the other's, ignoring case:
/// "Chancellor" and "Chancellor of Germany" name one role.
pub fn roles_match(a: &str, b: &str) -> bool {
    let (a, b) = (a.to_lowercase(), b.to_lowercase());
    !a.trim().is_empty() && !b.trim().is_empty() && (a.contains(&b) || b.contains(&a))
}

fn other_roles<'a>(
    statements: &[Statement<'a>],
    held: &[Role<'a>],
    date: Date,
) -> Vec<(When, Role<'a>)> {
    let mut others: Vec<Role<'a>> = Vec::new();
    for role in statements.iter().flat_map(entries) {
        let known = held.iter().chain(&others).any(|h| same_role(h, &role));
        if !holds_on(&role, date) && !known {
            others.push(role);
        }
    }
    // Single roles stated at other dates, unless a listed role says as much.
    for role in statements
        .iter()
        .filter_map(single_role)
        .filter(|r| !r.role.is_empty())
    {
        let said = held
            .iter()
            .chain(&others)
            .any(|h| roles_match(h.role, role.role) || (h.role.is_empty() && role.role.is_empty()));
        if !said {
            others.push(role);
        }
    }
    others.sort_by_key(|r| (r.span.start(), r.source.path().to_path_buf()));
    others
        .into_iter()
        .map(|role| {
            let when = match role.span {
                Span::Between { until: Some(u), .. } if u <= date => When::Earlier,
                Span::Between { .. } => When::Later,
                Span::AsOf(day) if day < date => When::Earlier,
                Span::AsOf(day) if day > date => When::Later,
                Span::AsOf(_) => When::Also,
            };
            (when, role)
        })
        .collect()
}

impl<'a> Account<'a> {
    /// The statement in force on the account's date.
    pub fn in_force(&self) -> Statement<'a> {
        // `of` never builds an account without statements.
        self.order[0]
    }

    /// A field from the statement in force, or the nearest that has it.
    pub fn field<T>(&self, get: impl Fn(&'a EntityDef) -> Option<T>) -> Option<(T, Statement<'a>)> {
        self.order
            .iter()
            .find_map(|s| get(s.def).map(|value| (value, *s)))
    }

    pub fn name(&self) -> &'a str {
        self.field(|d| d.name.as_ref().map(|n| n.value.as_str()))
            .map_or(self.id, |(name, _)| name)
    }

    pub fn kind(&self) -> Option<EntityKind> {
        self.field(|d| d.kind.as_ref().map(|k| k.value))
            .map(|(k, _)| k)
    }

    /// Every name and alias any definition gives, but the shown name; each
    /// once (compared as names are), in the order fields are looked up in.
    pub fn aliases(&self) -> Vec<&'a str> {
        let mut seen: HashSet<_> = phrase_of(self.name()).into_iter().collect();
        self.order
            .iter()
            .flat_map(|s| s.def.names())
            .filter(|n| phrase_of(n).is_some_and(|p| seen.insert(p)))
            .collect()
    }

    /// The event's date: its `date` field, else its statement's date.
    pub fn event_date(&self) -> Date {
        self.field(|d| d.date.as_ref().map(|d| d.value))
            .map_or(self.in_force().date, |(d, _)| d)
    }

    /// The participants, from the statement in force or the nearest that
    /// lists some.
    pub fn participants(&self) -> &'a [Spanned<String>] {
        self.field(|d| (!d.participants.is_empty()).then_some(d.participants.as_slice()))
            .map_or(&[], |(p, _)| p)
    }
}

/// The date that matters for the entity `id` referred to from `field` of
/// the entity `owner` in `file`: an event's participants are seen on the
/// event's date; everything else on the document's.
pub fn date_for_reference(workspace: &Workspace, file: &File, owner: &str, field: Field) -> Date {
    let document_date = date_of(workspace, file);
    if field != Field::Participants {
        return document_date;
    }
    of(workspace, owner, document_date, Some(&file.path))
        .map_or(document_date, |event| event.event_date())
}

#[cfg(test)]
mod tests;
