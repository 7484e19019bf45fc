//! Edits that add fields to an entity definition: single values, aliases,
//! `roles` entries. What is already written is never touched; new single
//! values go under the key (`name`, `kind`) or at the end of the
//! definition, new aliases and roles after the last ones.

use super::{column, definition_end, newline, next_line_start, scalar};
use crate::syntax::{Date, EntityDef, EntityKind, TextEdit, TextRange};
use crate::workspace::File;

/// Fields to add to one definition.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Additions {
    pub name: Option<String>,
    pub kind: Option<EntityKind>,
    pub description: Option<String>,
    pub wikidata: Option<String>,
    pub aliases: Vec<String>,
    pub roles: Vec<NewRole>,
}

impl Additions {
    pub fn is_empty(&self) -> bool {
        *self == Additions::default()
    }
}

/// A `roles` entry to write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewRole {
    pub role: String,
    /// `@id` or text, as written.
    pub affiliation: Option<String>,
    pub since: Option<Dated>,
    pub until: Option<Dated>,
}

/// A day, with a comment written after it when there is something to say
/// (where it comes from).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dated {
    pub day: Date,
    pub note: Option<String>,
}

/// Insertions, merged where they fall at one offset (in the order made),
/// and replacements.
#[derive(Default)]
struct Inserts(Vec<(TextRange, String)>);

impl Inserts {
    fn add(&mut self, at: usize, text: String) {
        let at = TextRange::new(at, at);
        match self.0.iter_mut().find(|(r, _)| *r == at) {
            Some((_, existing)) => existing.push_str(&text),
            None => self.0.push((at, text)),
        }
    }

    fn replace(&mut self, range: TextRange, text: String) {
        self.0.push((range, text));
    }
}

/// The edits that add `additions` to `def`; none for a definition written
/// on one line (`putin: {name: …}`), which is not ours to rewrite.
pub fn fill_entity(file: &File, def: &EntityDef, additions: &Additions) -> Vec<TextEdit> {
    let Some(yaml) = file.doc.front_matter else {
        return Vec::new();
    };
    let after_key = file
        .text
        .get(def.key.end..)
        .and_then(|rest| rest.split(['\n', '\r']).next())
        .unwrap_or("");
    let inline = after_key
        .trim_start_matches(['"', '\''])
        .trim_start_matches(':')
        .split('#')
        .next()
        .is_some_and(|value| !value.trim().is_empty());
    if inline {
        return Vec::new();
    }
    let nl = newline(file);
    let pad = " ".repeat(field_column(file, def));
    let mut inserts = Inserts::default();
    let ensure_break = |at: usize| {
        let before = file.text.get(..at).unwrap_or("");
        if before.ends_with(['\n', '\r']) {
            ""
        } else {
            nl
        }
    };
    // `name` right under the key, `kind` under the name.
    let top = next_line_start(file, def.key.end).min(yaml.end);
    if let Some(name) = &additions.name {
        let text = format!(
            "{}{pad}name: {}{nl}",
            ensure_break(top),
            scalar(name, false)
        );
        inserts.add(top, text);
    }
    if let Some(kind) = additions.kind {
        let at = match &def.name {
            Some(name) => after_line(file, name.range.end).min(yaml.end),
            None => top,
        };
        inserts.add(
            at,
            format!("{}{pad}kind: {}{nl}", ensure_break(at), kind.as_str()),
        );
    }
    let end = definition_end(file, def).min(yaml.end);
    let mut tail = String::new();
    if let Some(description) = &additions.description {
        tail.push_str(&format!(
            "{pad}description: {}{nl}",
            scalar(description, false)
        ));
    }
    if let Some(q) = &additions.wikidata {
        tail.push_str(&format!("{pad}wikidata: {}{nl}", scalar(q, false)));
    }
    if !additions.aliases.is_empty() {
        match extend_aliases(file, def, &additions.aliases, nl) {
            Some((range, text)) => inserts.replace(range, text),
            None if def.aliases.is_empty() => {
                tail.push_str(&format!("{pad}aliases: {}{nl}", flow(&additions.aliases)));
            }
            None => {}
        }
    }
    if !additions.roles.is_empty() {
        match def.roles.iter().max_by_key(|r| r.range.end) {
            Some(last) => {
                let line_start = last.range.start - column(file, last.range.start);
                let prefix = file.text.get(line_start..last.range.start).unwrap_or("");
                let dash = if prefix.trim() == "-" {
                    prefix.to_string()
                } else {
                    format!("{pad}  - ")
                };
                let at = after_line(file, last.range.end).min(yaml.end);
                let text: String = additions
                    .roles
                    .iter()
                    .map(|r| role_entry(r, &dash, nl))
                    .collect();
                inserts.add(at, format!("{}{text}", ensure_break(at)));
            }
            None if !has_field(file, def, "roles") => {
                tail.push_str(&format!("{pad}roles:{nl}"));
                let dash = format!("{pad}  - ");
                for role in &additions.roles {
                    tail.push_str(&role_entry(role, &dash, nl));
                }
            }
            // A `roles` that holds no entry we read: not ours to rewrite.
            None => {}
        }
    }
    if !tail.is_empty() {
        inserts.add(end, format!("{}{tail}", ensure_break(end)));
    }
    let mut edits: Vec<TextEdit> = inserts
        .0
        .into_iter()
        .map(|(range, text)| TextEdit::replace(range, text))
        .collect();
    edits.sort_by_key(|e| e.range.start);
    edits
}

/// The column the definition's fields start at.
fn field_column(file: &File, def: &EntityDef) -> usize {
    let start = next_line_start(file, def.key.end);
    let line = file
        .text
        .get(start..def.range.end.max(start))
        .and_then(|body| {
            body.lines()
                .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        });
    match line {
        Some(line) => line.len() - line.trim_start().len(),
        None => column(file, def.key.start) + 2,
    }
}

/// Whether the definition writes `field:` at all (perhaps with no value).
fn has_field(file: &File, def: &EntityDef, field: &str) -> bool {
    let body = file.text.get(def.key.end..def.range.end).unwrap_or("");
    body.lines().any(|line| {
        line.trim_start()
            .strip_prefix(field)
            .is_some_and(|r| r.starts_with(':'))
    })
}

/// The start of the line after the one holding `offset`, unless `offset`
/// already starts a line.
fn after_line(file: &File, offset: usize) -> usize {
    let at_line_start =
        offset > 0 && matches!(file.text.as_bytes().get(offset - 1), Some(b'\n' | b'\r'));
    if at_line_start {
        offset
    } else {
        next_line_start(file, offset)
    }
}

fn flow(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|a| scalar(a, true)).collect();
    format!("[{}]", items.join(", "))
}

/// New aliases added to the written list: after its last item, or as the
/// value of an empty `aliases:`. `None` when there is no `aliases` field.
fn extend_aliases(
    file: &File,
    def: &EntityDef,
    aliases: &[String],
    nl: &str,
) -> Option<(TextRange, String)> {
    if let Some(last) = def.aliases.last() {
        let mut end = last.range.end;
        if matches!(file.text.as_bytes().get(end), Some(b'"' | b'\'')) {
            end += 1;
        }
        let after = file.text.get(end..)?.trim_start_matches([' ', '\t']);
        if after.starts_with([',', ']']) {
            let items: Vec<String> = aliases
                .iter()
                .map(|a| format!(", {}", scalar(a, true)))
                .collect();
            return Some((TextRange::new(end, end), items.concat()));
        }
        let line_start = last.range.start - column(file, last.range.start);
        let line = file.text.get(line_start..last.range.start)?;
        let dash = line.find('-')?;
        let item_prefix = line.get(..dash + 1)?;
        let at = after_line(file, end);
        let lines: Vec<String> = aliases
            .iter()
            .map(|a| format!("{item_prefix} {}{nl}", scalar(a, false)))
            .collect();
        let prefix = if file.text.get(..at)?.ends_with(['\n', '\r']) {
            ""
        } else {
            nl
        };
        return Some((
            TextRange::new(at, at),
            format!("{prefix}{}", lines.concat()),
        ));
    }
    // `aliases:` or `aliases: []`: the empty value is replaced.
    let body_start = def.key.end;
    let body = file.text.get(body_start..def.range.end)?;
    let mut at = body_start;
    for line in body.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix("aliases:") {
            let value = rest.split('#').next().unwrap_or("");
            if !value.trim().is_empty() && value.trim() != "[]" {
                return None;
            }
            let value_start = at + (line.len() - trimmed.len()) + "aliases:".len();
            let range = TextRange::new(value_start, value_start + value.trim_end().len());
            let comment = if rest.contains('#') { " " } else { "" };
            return Some((range, format!(" {}{comment}", flow(aliases))));
        }
        at += line.len();
    }
    None
}

fn role_entry(role: &NewRole, dash: &str, nl: &str) -> String {
    let cont = " ".repeat(dash.chars().count());
    let mut text = format!("{dash}role: {}{nl}", scalar(&role.role, false));
    if let Some(affiliation) = &role.affiliation {
        text.push_str(&format!(
            "{cont}affiliation: {}{nl}",
            scalar(affiliation, false)
        ));
    }
    for (field, dated) in [("since", &role.since), ("until", &role.until)] {
        if let Some(dated) = dated {
            text.push_str(&format!("{cont}{field}: {}", dated.day));
            if let Some(note) = &dated.note {
                text.push_str(&format!("  # {note}"));
            }
            text.push_str(nl);
        }
    }
    text
}
