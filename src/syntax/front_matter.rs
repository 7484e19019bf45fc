//! The YAML front matter: finding it, and reading documents fields and
//! entity definitions out of it.

use std::collections::HashSet;

use super::line_index::lines_from;
use super::titles::titles_of;
use super::yaml::{self, Node, Scalar};
use super::{
    Code, Date, Document, EntityDef, EntityKind, Field, Fix, Reference, RoleEntry, Spanned,
    SyntaxError, TextRange, closest, edit_distance, invalid_id, is_valid_entity_id,
};

/// The document fields `Reader::document_fields` reads; others belong
/// to the user.
pub const DOCUMENT_FIELDS: [&str; 6] = ["title", "date", "source", "url", "authors", "entities"];

/// The fields of an entity definition.
pub const ENTITY_FIELDS: [&str; 16] = [
    "name",
    "kind",
    "role",
    "affiliation",
    "country",
    "aliases",
    "description",
    "wikidata",
    "url",
    "date",
    "place",
    "participants",
    "as_of",
    "roles",
    "titles",
    // The type an imported corpus gives an entity (HIPE's `HumanProd`),
    // kept when no kind says it.
    "type",
];

/// The fields of one `roles` entry.
pub const ROLE_FIELDS: [&str; 5] = ["role", "affiliation", "since", "until", "titles"];

pub struct Split {
    pub yaml: Option<TextRange>,
    pub body_start: usize,
}

/// Finds the front matter: a first line `---`, up to the next line that is
/// `---` or `...`.
pub fn split(text: &str, errors: &mut Vec<SyntaxError>) -> Split {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut lines = lines_from(text, start).map(|r| (r, text.get(r.start..r.end).unwrap_or("")));
    let no_front_matter = Split {
        yaml: None,
        body_start: 0,
    };
    match lines.next() {
        Some((range, line)) if line.trim_end() == "---" => {
            let yaml_start = range.end;
            for (range, line) in lines {
                let line = line.trim_end();
                if line == "---" || line == "..." {
                    return Split {
                        yaml: Some(TextRange::new(yaml_start, range.start)),
                        body_start: range.end,
                    };
                }
            }
            errors.push(SyntaxError::new(
                Code::InvalidFrontMatter,
                TextRange::new(start, start + 3),
                "front matter is not closed: add a line `---` after the last field",
            ));
            // Until it is closed, all of it is front matter being written,
            // not prose to look for names in.
            Split {
                yaml: None,
                body_start: text.len(),
            }
        }
        _ => no_front_matter,
    }
}

/// Reads the front matter `source`, which starts at byte `base` of the text.
pub fn interpret(source: &str, base: usize, doc: &mut Document, errors: &mut Vec<SyntaxError>) {
    let (root, error) = yaml::parse(source);
    let mut cut = usize::MAX;
    if let Some(error) = error {
        cut = error.offset;
        let at = base + error.offset;
        // YAML reserves `@`; the error saphyr gives says nothing of quoting.
        let unquoted = unquoted_reference(source, error.offset);
        let hint = if unquoted.is_some() {
            " (a value that starts with `@` must be quoted, as in `\"@moscow\"`)"
        } else {
            ""
        };
        // The errors saphyr gives when a key is out of line with its mapping.
        let block_error = error.message.contains("block mapping")
            || error.message.contains("mapping values are not allowed");
        let indentation = if unquoted.is_none() && block_error {
            misindented_key(source, error.offset)
        } else {
            None
        };
        let fix = unquoted.map(|(range, value)| {
            let quoted = format!("\"{value}\"");
            Fix::new(format!("Quote as `{quoted}`"), range.shift(base), quoted)
        });
        // On an unquoted reference, the whole value is what is wrong.
        let mut range = fix.as_ref().map_or_else(
            || TextRange::new(at, at + char_len_at(source, error.offset)),
            |f| f.edit.range,
        );
        let mut message = format!("front matter is not valid YAML: {}{hint}", error.message);
        if let Some(wrong) = indentation {
            // The front matter starts on the document's second line.
            let line =
                |offset: usize| 2 + source.get(..offset).map_or(0, |s| s.matches('\n').count());
            range = wrong.key.shift(base);
            message = format!(
                "front matter is not valid YAML: `{}` on line {} is indented by {} space{}, but should start at column {}, in line with `{}` on line {} (the parser says: {})",
                wrong.key_text,
                line(wrong.key.start),
                wrong.indent,
                if wrong.indent == 1 { "" } else { "s" },
                wrong.expected + 1,
                wrong.sibling_text,
                line(wrong.sibling),
                error.message
            );
        }
        let error = SyntaxError::new(Code::InvalidFrontMatter, range, message);
        errors.push(error.with_fix(fix));
    }
    let mut reader = Reader {
        source,
        base,
        cut,
        doc,
        errors,
    };
    match root {
        Some(Node::Mapping { entries, .. }) => reader.document_fields(&entries),
        Some(Node::Scalar(s)) if s.is_null() => {}
        Some(other) => reader.wrong_type(&other, "the front matter", "a mapping of fields"),
        None => {}
    }
}

/// A key whose indentation matches none of the mappings it could belong to.
struct Misindented<'a> {
    key: TextRange,
    key_text: &'a str,
    indent: usize,
    /// The indentation it should have.
    expected: usize,
    /// Where the line it should line up with starts its key, and its key.
    sibling: usize,
    sibling_text: &'a str,
}

/// When the YAML error at `offset` is on a line holding a `key:` whose
/// indentation is none of the enclosing levels above it: that key, and
/// the nearest level (the deeper one on a tie, as a key usually belongs
/// with the lines right above it).
fn misindented_key(source: &str, offset: usize) -> Option<Misindented<'_>> {
    let line_start = source.get(..offset)?.rfind('\n').map_or(0, |i| i + 1);
    let line_end = source
        .get(offset..)?
        .find(['\n', '\r'])
        .map_or(source.len(), |i| offset + i);
    let line = source.get(line_start..line_end)?;
    let (indent, key_start, key_text) = key_of(line)?;
    // Enclosing levels: walking up, each content line less indented than
    // every line seen so far.
    let mut levels: Vec<(usize, usize, &str)> = Vec::new();
    let mut end = line_start;
    while end > 0 {
        let start = source.get(..end - 1)?.rfind('\n').map_or(0, |i| i + 1);
        let above = source.get(start..end - 1)?.trim_end_matches('\r');
        end = start;
        let Some((level, _, text)) = key_of(above) else {
            continue;
        };
        if levels.last().is_none_or(|(l, _, _)| level < *l) {
            levels.push((level, start + level, text));
        }
        if level == 0 {
            break;
        }
    }
    if levels.iter().any(|(l, _, _)| *l == indent) {
        return None;
    }
    let (expected, sibling, sibling_text) = levels
        .into_iter()
        .min_by_key(|(l, _, _)| (l.abs_diff(indent), std::cmp::Reverse(*l)))?;
    let key_start = line_start + key_start;
    Some(Misindented {
        key: TextRange::new(key_start, key_start + key_text.len()),
        key_text,
        indent,
        expected,
        sibling,
        sibling_text,
    })
}

/// A line's indentation (in spaces) and its `key:` (the key, colon
/// included) with where it starts in the line (after a list item's `- `);
/// `None` for blank lines, comments and lines without a key.
fn key_of(line: &str) -> Option<(usize, usize, &str)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let rest = line.get(indent..)?;
    let (start, rest) = match rest.strip_prefix("- ") {
        Some(item) => (indent + 2, item),
        None => (indent, rest),
    };
    let colon = rest
        .find(": ")
        .or_else(|| rest.trim_end().strip_suffix(':').map(|k| k.len()))?;
    let key = rest.get(..colon)?;
    let plain = !key.is_empty()
        && !key.starts_with(['#', '"', '\'', '[', '{', '-'])
        && !key.contains(['#', ' ']);
    plain.then(|| (indent, start, rest.get(..=colon).unwrap_or(key)))
}

/// An unquoted `@id` at `offset`: its range (relative to `source`) and text,
/// up to the end of the value (a `,`, `]`, `}`, a comment or the line's end).
fn unquoted_reference(source: &str, offset: usize) -> Option<(TextRange, &str)> {
    let rest = source.get(offset..)?;
    if !rest.starts_with('@') {
        return None;
    }
    let len = rest
        .find([',', ']', '}', '\n', '\r', '#'])
        .unwrap_or(rest.len());
    let value = rest.get(..len)?.trim_end();
    Some((TextRange::new(offset, offset + value.len()), value))
}

fn char_len_at(text: &str, offset: usize) -> usize {
    text.get(offset..)
        .and_then(|rest| rest.chars().next())
        .map_or(0, char::len_utf8)
}

struct Reader<'a> {
    /// The YAML text, which starts at byte `base` of the document.
    source: &'a str,
    base: usize,
    /// Where a YAML syntax error cut the text short; nodes that reach past
    /// it are unfinished, and judging them would only add noise.
    cut: usize,
    doc: &'a mut Document,
    errors: &'a mut Vec<SyntaxError>,
}

impl Reader<'_> {
    fn range(&self, node: &Node) -> TextRange {
        node.range().shift(self.base)
    }

    fn error(&mut self, code: Code, range: TextRange, message: String) {
        self.errors.push(SyntaxError::new(code, range, message));
    }

    fn unfinished(&self, node: &Node) -> bool {
        matches!(node, Node::Missing { .. }) || node.range().end > self.cut
    }

    fn wrong_type(&mut self, node: &Node, what: &str, expected: &str) {
        if self.unfinished(node) {
            return;
        }
        let message = format!("{what} must be {expected}, not {}", node.kind_name());
        self.error(Code::InvalidFrontMatter, self.range(node), message);
    }

    /// Keys of a mapping as scalars, reporting repeated ones.
    fn keyed<'n>(
        &mut self,
        entries: &'n [(Node, Node)],
        code: Code,
        what: &str,
    ) -> Vec<(&'n Scalar, &'n Node)> {
        let mut seen: HashSet<&str> = HashSet::new();
        let mut out = Vec::new();
        for (key, value) in entries {
            let Node::Scalar(key) = key else {
                self.wrong_type(key, "a key", "a plain name");
                continue;
            };
            if !seen.insert(&key.value) {
                let range = key.range.shift(self.base);
                self.error(
                    code,
                    range,
                    format!("{what} `{}` is given twice", key.value),
                );
                if code == Code::DuplicateEntity {
                    out.push((key, value));
                }
                continue;
            }
            out.push((key, value));
        }
        out
    }

    fn document_fields(&mut self, entries: &[(Node, Node)]) {
        for (key, value) in self.keyed(entries, Code::InvalidFrontMatter, "field") {
            match key.value.as_str() {
                "title" => self.doc.title = self.string(value, "`title`"),
                "date" => self.doc.date = self.date(value, "`date`"),
                "source" | "url" => {
                    self.string(value, &format!("`{}`", key.value));
                }
                "authors" => {
                    self.strings(value, "`authors`");
                }
                "entities" => match value {
                    Node::Mapping { entries, .. } => self.entities(entries),
                    Node::Scalar(s) if s.is_null() => {}
                    other => self.wrong_type(
                        other,
                        "`entities`",
                        "a mapping from entity ids to entities",
                    ),
                },
                // Other top-level fields belong to the user.
                _ => {}
            }
        }
    }

    fn entities(&mut self, entries: &[(Node, Node)]) {
        for (key, value) in self.keyed(entries, Code::DuplicateEntity, "entity") {
            let key_range = key.range.shift(self.base);
            let id = key.value.clone();
            if !is_valid_entity_id(&id) {
                self.errors.push(invalid_id(&id, key_range, str::to_string));
            }
            let value_end = value.range().shift(self.base).end;
            let mut def = EntityDef {
                id,
                key: key_range,
                range: TextRange::new(key_range.start, value_end.max(key_range.end)),
                ..EntityDef::default()
            };
            let has_fields = match value {
                Node::Mapping { entries, .. } => {
                    self.entity_fields(&mut def, entries);
                    true
                }
                Node::Scalar(s) if s.is_null() => {
                    let message = format!(
                        "entity `{}` has no fields: add `name: Full Name` under it",
                        def.id
                    );
                    self.error(Code::MissingName, key_range, message);
                    false
                }
                other => {
                    let what = format!("entity `{}`", def.id);
                    self.wrong_type(
                        other,
                        &what,
                        "a mapping of fields such as `name` and `kind`",
                    );
                    false
                }
            };
            // Without fields (reported above) or cut short, a missing name
            // says nothing new.
            if def.name.is_none() && has_fields && !self.unfinished(value) {
                let message = format!("entity `{}` has no `name`: add `name: Full Name`", def.id);
                self.error(Code::MissingName, key_range, message);
            }
            self.doc.entities.push(def);
        }
    }

    fn entity_fields(&mut self, def: &mut EntityDef, entries: &[(Node, Node)]) {
        let mut event_only: Vec<&Scalar> = Vec::new();
        for (key, value) in self.keyed(entries, Code::InvalidFrontMatter, "field") {
            let field = format!("`{}`", key.value);
            match key.value.as_str() {
                "name" => {
                    def.name = self
                        .string(value, &field)
                        .filter(|n| !n.value.trim().is_empty())
                }
                "kind" => def.kind = self.kind(value),
                "role" => def.role = self.string(value, &field),
                "description" => def.description = self.string(value, &field),
                "url" => def.url = self.string(value, &field),
                "type" => {
                    self.string(value, &field);
                }
                "aliases" => def.aliases = self.strings(value, &field),
                "wikidata" => {
                    def.wikidata = self.string(value, &field);
                    if let Some(w) = &def.wikidata
                        && !is_wikidata_id(&w.value)
                    {
                        let message = format!(
                            "`{}` is not a Wikidata id: expected `Q` followed by digits, as in `Q7747`",
                            w.value
                        );
                        self.error(Code::InvalidWikidata, w.range, message);
                    }
                }
                "affiliation" => def.affiliation = self.reference(def, value, Field::Affiliation),
                "country" => def.country = self.reference(def, value, Field::Country),
                "place" => {
                    event_only.push(key);
                    def.place = self.reference(def, value, Field::Place);
                }
                "date" => {
                    event_only.push(key);
                    def.date = self.date(value, "`date`");
                }
                "as_of" => def.as_of = self.date(value, "`as_of`"),
                "roles" => self.roles(def, value),
                "titles" => def.titles = self.titles(value),
                "participants" => {
                    event_only.push(key);
                    def.participants = self.strings(value, &field);
                    for participant in &def.participants {
                        self.record_reference(def, participant, Field::Participants);
                    }
                }
                unknown => {
                    // `alias` is too short for edit distance to find `aliases`.
                    let near = if unknown == "alias" {
                        Some("aliases")
                    } else {
                        closest(unknown, ENTITY_FIELDS)
                    };
                    let suggestion = near
                        .map(|n| format!(" (did you mean `{n}`?)"))
                        .unwrap_or_default();
                    let message = format!("unknown entity field `{unknown}`{suggestion}");
                    let range = key.range.shift(self.base);
                    let fix = near.map(|n| Fix::new(format!("Rename to `{n}`"), range, n));
                    let error = SyntaxError::new(Code::UnknownField, range, message);
                    self.errors.push(error.with_fix(fix));
                }
            }
        }
        if let Some(role) = &def.role {
            def.role_vocabulary = titles_of(&role.value, &def.titles);
        }
        if let Some(kind) = &def.kind
            && kind.value != EntityKind::Event
        {
            for key in event_only {
                let message = format!(
                    "`{}` is a field of events, and `{}` is a {}",
                    key.value,
                    def.id,
                    kind.value.as_str()
                );
                self.error(Code::UnknownField, key.range.shift(self.base), message);
            }
        }
    }

    /// `roles`: a list of `{role, affiliation, since, until}` mappings.
    /// Entries with an error are reported and left out, so no feature
    /// states a role on the strength of a broken entry.
    fn roles(&mut self, def: &mut EntityDef, node: &Node) {
        let items = match node {
            Node::Sequence { items, .. } => items,
            Node::Scalar(s) if s.is_null() => return,
            other => {
                if !self.unfinished(other) {
                    let message = format!(
                        "`roles` must be a list of entries such as `- role: Chancellor`, not {}",
                        other.kind_name()
                    );
                    self.error(Code::InvalidRoles, self.range(other), message);
                }
                return;
            }
        };
        for item in items {
            if self.unfinished(item) {
                continue;
            }
            let Node::Mapping { entries, .. } = item else {
                let message = format!(
                    "each entry of `roles` must be a mapping with `role` (and `affiliation`, `since`, `until`), not {}",
                    item.kind_name()
                );
                self.error(Code::InvalidRoles, self.range(item), message);
                continue;
            };
            if let Some(entry) = self.role_entry(def, item, entries) {
                def.roles.push(entry);
            }
        }
    }

    fn role_entry(
        &mut self,
        def: &EntityDef,
        item: &Node,
        entries: &[(Node, Node)],
    ) -> Option<RoleEntry> {
        let range = self.range(item);
        let mut role = None;
        let mut affiliation = None;
        let mut since = None;
        let mut until = None;
        let mut titles = Vec::new();
        let mut broken = false;
        for (key, value) in self.keyed(entries, Code::InvalidFrontMatter, "field") {
            let field = format!("`{}`", key.value);
            match key.value.as_str() {
                "role" => {
                    role = self
                        .string(value, &field)
                        .filter(|r| !r.value.trim().is_empty())
                }
                "affiliation" => {
                    affiliation = self.string(value, &field);
                    if let Some(a) = &affiliation {
                        self.record_reference(def, a, Field::Affiliation);
                    }
                }
                "titles" => titles = self.titles(value),
                "since" | "until" => {
                    let Some(text) = self.string(value, &field) else {
                        continue;
                    };
                    let Some(date) = Date::parse(text.value.trim()) else {
                        let message = format!(
                            "`{}` in {field} is not a real day in the form YYYY-MM-DD",
                            text.value
                        );
                        self.error(Code::InvalidRoles, text.range, message);
                        broken = true;
                        continue;
                    };
                    let date = Some(Spanned {
                        value: date,
                        range: text.range,
                    });
                    if key.value == "since" {
                        since = date;
                    } else {
                        until = date;
                    }
                }
                unknown => {
                    let near = closest(unknown, ROLE_FIELDS);
                    let suggestion = near
                        .map(|n| format!(" (did you mean `{n}`?)"))
                        .unwrap_or_default();
                    let message = format!(
                        "unknown field `{unknown}` in a `roles` entry: expected role, affiliation, since, until or titles{suggestion}"
                    );
                    let range = key.range.shift(self.base);
                    let fix = near.map(|n| Fix::new(format!("Rename to `{n}`"), range, n));
                    let error = SyntaxError::new(Code::UnknownField, range, message);
                    self.errors.push(error.with_fix(fix));
                }
            }
        }
        if let (Some(s), Some(u)) = (&since, &until)
            && u.value <= s.value
        {
            let message = format!(
                "`until: {}` must be after `since: {}` (`until` is the first day the role no longer holds)",
                u.value, s.value
            );
            self.error(Code::InvalidRoles, u.range, message);
            broken = true;
        }
        let Some(role) = role else {
            let message =
                "a `roles` entry needs a `role`, as in `- role: Chancellor of Germany`".to_string();
            self.error(Code::InvalidRoles, range, message);
            return None;
        };
        let vocabulary = titles_of(&role.value, &titles);
        (!broken).then_some(RoleEntry {
            range,
            role,
            affiliation,
            since,
            until,
            titles,
            vocabulary,
        })
    }

    /// `titles`: a list of the other forms writers give a role; anything
    /// else is an `invalid-roles`.
    fn titles(&mut self, node: &Node) -> Vec<Spanned<String>> {
        match node {
            Node::Sequence { .. } => self.strings(node, "`titles`"),
            Node::Scalar(s) if s.is_null() => Vec::new(),
            other => {
                if !self.unfinished(other) {
                    let message = format!(
                        "`titles` must be a list of the forms writers use, such as `[Dutch Prime Minister, NATO chief]`, not {}",
                        other.kind_name()
                    );
                    self.error(Code::InvalidRoles, self.range(other), message);
                }
                Vec::new()
            }
        }
    }

    fn kind(&mut self, node: &Node) -> Option<Spanned<EntityKind>> {
        let text = self.string(node, "`kind`")?;
        match EntityKind::parse(&text.value) {
            Some(kind) => Some(Spanned {
                value: kind,
                range: text.range,
            }),
            None => {
                let names = EntityKind::ALL.map(EntityKind::as_str);
                let hint = closest(&text.value, names)
                    .map(|k| format!(" (did you mean `{k}`?)"))
                    .unwrap_or_default();
                let message = format!(
                    "unknown kind `{}`{hint}: expected person, organization, place or event",
                    text.value
                );
                // Always offer the nearest kind, however far: the four are
                // all there is.
                let lowered = text.value.to_lowercase();
                let nearest = names
                    .into_iter()
                    .min_by_key(|k| (edit_distance(&lowered, k), *k));
                let fix = nearest.map(|k| Fix::new(format!("Change to `{k}`"), text.range, k));
                let error = SyntaxError::new(Code::InvalidFrontMatter, text.range, message);
                self.errors.push(error.with_fix(fix));
                None
            }
        }
    }

    fn reference(&mut self, def: &EntityDef, node: &Node, field: Field) -> Option<Spanned<String>> {
        let value = self.string(node, &format!("`{}`", field.as_str()))?;
        self.record_reference(def, &value, field);
        Some(value)
    }

    /// Records `value` as a use of another entity when it starts with `@`.
    fn record_reference(&mut self, def: &EntityDef, value: &Spanned<String>, field: Field) {
        let Some(id) = value.value.strip_prefix('@') else {
            return;
        };
        let quoted = value
            .range
            .start
            .checked_sub(self.base)
            .and_then(|at| self.source.get(at..))
            .is_some_and(|s| s.starts_with(['"', '\'']));
        let reference = Reference {
            id: id.to_string(),
            range: value.range,
            quoted,
            owner: def.id.clone(),
            field,
        };
        if !is_valid_entity_id(id) {
            let error = invalid_id(id, value.range, |new| reference.written(new));
            self.errors.push(error);
        }
        self.doc.references.push(reference);
    }

    /// A scalar as a string; `None` (and no complaint) for an empty value.
    fn string(&mut self, node: &Node, what: &str) -> Option<Spanned<String>> {
        match node {
            Node::Scalar(s) if s.is_null() => None,
            Node::Missing { .. } => None,
            Node::Scalar(s) => Some(Spanned {
                value: s.value.clone(),
                range: s.value_range().shift(self.base),
            }),
            other => {
                self.wrong_type(other, what, "a single value");
                None
            }
        }
    }

    fn strings(&mut self, node: &Node, what: &str) -> Vec<Spanned<String>> {
        match node {
            Node::Sequence { items, .. } => {
                let item = format!("each item of {what}");
                items.iter().filter_map(|i| self.string(i, &item)).collect()
            }
            Node::Scalar(s) if s.is_null() => Vec::new(),
            other => {
                self.wrong_type(other, what, "a list such as `[a, b]`");
                Vec::new()
            }
        }
    }

    fn date(&mut self, node: &Node, what: &str) -> Option<Spanned<Date>> {
        let text = self.string(node, what)?;
        match Date::parse(text.value.trim()) {
            Some(date) => Some(Spanned {
                value: date,
                range: text.range,
            }),
            None => {
                let message = format!("`{}` is not a real day in the form YYYY-MM-DD", text.value);
                self.error(Code::InvalidDate, text.range, message);
                None
            }
        }
    }
}

fn is_wikidata_id(text: &str) -> bool {
    text.strip_prefix('Q')
        .is_some_and(|digits| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
}
