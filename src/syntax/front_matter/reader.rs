//! Reading the front matter's YAML tree: the document's fields, each
//! entity's definition and the values of its fields, with an error for
//! each value of the wrong shape.

use std::collections::HashSet;

use super::super::titles::titles_of;
use super::super::yaml::{Node, Scalar};
use super::super::{
    Code, Date, Document, EntityDef, EntityKind, Field, Fix, Reference, Spanned, SyntaxError,
    TextRange, closest, edit_distance, invalid_id, is_valid_entity_id,
};
use super::fields::{DocumentField, ENTITY_FIELDS, EntityField};

pub(super) struct Reader<'a> {
    /// The YAML text, which starts at byte `base` of the document.
    pub(super) source: &'a str,
    pub(super) base: usize,
    /// Where a YAML syntax error cut the text short; nodes that reach past
    /// it are unfinished, and judging them would only add noise.
    pub(super) cut: usize,
    pub(super) doc: &'a mut Document,
    pub(super) errors: &'a mut Vec<SyntaxError>,
}

impl Reader<'_> {
    pub(super) fn range(&self, node: &Node) -> TextRange {
        node.range().shift(self.base)
    }

    pub(super) fn error(&mut self, code: Code, range: TextRange, message: String) {
        self.errors.push(SyntaxError::new(code, range, message));
    }

    pub(super) fn unfinished(&self, node: &Node) -> bool {
        matches!(node, Node::Missing { .. }) || node.range().end > self.cut
    }

    pub(super) fn wrong_type(&mut self, node: &Node, what: &str, expected: &str) {
        if self.unfinished(node) {
            return;
        }
        let message = format!("{what} must be {expected}, not {}", node.kind_name());
        self.error(Code::InvalidFrontMatter, self.range(node), message);
    }

    /// Keys of a mapping as scalars, reporting repeated ones.
    pub(super) fn keyed<'n>(
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

    pub(super) fn document_fields(&mut self, entries: &[(Node, Node)]) {
        for (key, value) in self.keyed(entries, Code::InvalidFrontMatter, "field") {
            match DocumentField::parse(&key.value) {
                Some(DocumentField::Title) => self.doc.title = self.string(value, "`title`"),
                Some(DocumentField::Date) => self.doc.date = self.date(value, "`date`"),
                Some(DocumentField::Source | DocumentField::Url) => {
                    self.string(value, &format!("`{}`", key.value));
                }
                Some(DocumentField::Authors) => {
                    self.strings(value, "`authors`");
                }
                Some(DocumentField::Entities) => match value {
                    Node::Mapping { entries, .. } => self.entities(entries),
                    Node::Scalar(s) if s.is_null() => {}
                    other => self.wrong_type(
                        other,
                        "`entities`",
                        "a mapping from entity ids to entities",
                    ),
                },
                // Other top-level fields belong to the user.
                None => {}
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
            match EntityField::parse(&key.value) {
                Some(EntityField::Name) => {
                    def.name = self
                        .string(value, &field)
                        .filter(|n| !n.value.trim().is_empty())
                }
                Some(EntityField::Kind) => def.kind = self.kind(value),
                Some(EntityField::Role) => def.role = self.string(value, &field),
                Some(EntityField::Description) => def.description = self.string(value, &field),
                Some(EntityField::Url) => def.url = self.string(value, &field),
                Some(EntityField::Type) => {
                    self.string(value, &field);
                }
                Some(EntityField::Aliases) => def.aliases = self.strings(value, &field),
                Some(EntityField::Wikidata) => {
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
                Some(EntityField::Affiliation) => {
                    def.affiliation = self.reference(def, value, Field::Affiliation)
                }
                Some(EntityField::Country) => {
                    def.country = self.reference(def, value, Field::Country)
                }
                Some(EntityField::Place) => {
                    event_only.push(key);
                    def.place = self.reference(def, value, Field::Place);
                }
                Some(EntityField::Date) => {
                    event_only.push(key);
                    def.date = self.date(value, "`date`");
                }
                Some(EntityField::AsOf) => def.as_of = self.date(value, "`as_of`"),
                Some(EntityField::Roles) => self.roles(def, value),
                Some(EntityField::Titles) => def.titles = self.titles(value),
                Some(EntityField::Participants) => {
                    event_only.push(key);
                    def.participants = self.strings(value, &field);
                    for participant in &def.participants {
                        self.record_reference(def, participant, Field::Participants);
                    }
                }
                None => {
                    let unknown = key.value.as_str();
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

    pub(super) fn reference(
        &mut self,
        def: &EntityDef,
        node: &Node,
        field: Field,
    ) -> Option<Spanned<String>> {
        let value = self.string(node, &format!("`{}`", field.as_str()))?;
        self.record_reference(def, &value, field);
        Some(value)
    }

    /// Records `value` as a use of another entity when it starts with `@`.
    pub(super) fn record_reference(
        &mut self,
        def: &EntityDef,
        value: &Spanned<String>,
        field: Field,
    ) {
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
    pub(super) fn string(&mut self, node: &Node, what: &str) -> Option<Spanned<String>> {
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

    pub(super) fn strings(&mut self, node: &Node, what: &str) -> Vec<Spanned<String>> {
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

    pub(super) fn date(&mut self, node: &Node, what: &str) -> Option<Spanned<Date>> {
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
