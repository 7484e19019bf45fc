//! The parsed form of one document, and the entry point that builds it.

use super::titles::Title;
use super::{Date, SyntaxError, TextRange, body, front_matter};
use serde::{Deserialize, Serialize};

/// A value together with the range it was written at.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Spanned<T> {
    pub value: T,
    pub range: TextRange,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Document {
    /// The YAML between the `---` lines, when there is front matter.
    pub front_matter: Option<TextRange>,
    pub title: Option<Spanned<String>>,
    pub date: Option<Spanned<Date>>,
    pub entities: Vec<EntityDef>,
    /// `@id` strings in entity fields that refer to other entities.
    pub references: Vec<Reference>,
    /// Annotated mentions in the body, in text order.
    pub mentions: Vec<Mention>,
    /// Body text outside mentions, code and HTML: where plain names are
    /// looked for. In text order, not overlapping.
    pub prose: Vec<TextRange>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EntityKind {
    Person,
    Organization,
    Place,
    Event,
}

impl EntityKind {
    pub const ALL: [EntityKind; 4] = [
        EntityKind::Person,
        EntityKind::Organization,
        EntityKind::Place,
        EntityKind::Event,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Organization => "organization",
            EntityKind::Place => "place",
            EntityKind::Event => "event",
        }
    }

    pub fn parse(text: &str) -> Option<EntityKind> {
        EntityKind::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

/// One definition of an entity: a key under `entities` and its fields.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityDef {
    pub id: String,
    /// The range of the id key; where go-to-definition lands.
    pub key: TextRange,
    /// The whole definition: the key and its fields.
    pub range: TextRange,
    pub name: Option<Spanned<String>>,
    pub kind: Option<Spanned<EntityKind>>,
    pub role: Option<Spanned<String>>,
    pub affiliation: Option<Spanned<String>>,
    pub country: Option<Spanned<String>>,
    pub aliases: Vec<Spanned<String>>,
    pub description: Option<Spanned<String>>,
    pub wikidata: Option<Spanned<String>>,
    pub url: Option<Spanned<String>>,
    pub date: Option<Spanned<Date>>,
    pub place: Option<Spanned<String>>,
    pub participants: Vec<Spanned<String>>,
    /// The day this definition speaks of, when it is not its document's.
    pub as_of: Option<Spanned<Date>>,
    /// Roles held over spans of time; entries with errors are left out.
    pub roles: Vec<RoleEntry>,
    /// Other forms writers give the plain `role`: "Dutch Prime Minister".
    pub titles: Vec<Spanned<String>>,
    /// Every title the plain `role` gives (see [`super::titles::titles_of`]).
    pub role_vocabulary: Vec<Title>,
}

/// One entry of `roles`: a role held from `since` (inclusive) to `until`
/// (exclusive, the first day it no longer holds); a missing bound is open.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleEntry {
    /// The whole entry.
    pub range: TextRange,
    pub role: Spanned<String>,
    pub affiliation: Option<Spanned<String>>,
    pub since: Option<Spanned<Date>>,
    pub until: Option<Spanned<Date>>,
    /// Other forms writers give the role: "NATO chief".
    pub titles: Vec<Spanned<String>>,
    /// Every title the role gives (see [`super::titles::titles_of`]).
    pub vocabulary: Vec<Title>,
}

impl RoleEntry {
    /// `true` when the role holds on `date`.
    pub fn holds_on(&self, date: Date) -> bool {
        self.since.as_ref().is_none_or(|s| s.value <= date)
            && self.until.as_ref().is_none_or(|u| date < u.value)
    }
}

impl EntityDef {
    /// The name and the aliases: every way prose may name this entity.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.name
            .iter()
            .chain(&self.aliases)
            .map(|s| s.value.as_str())
    }
}

/// The entity fields whose `@` strings refer to other entities.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Field {
    Affiliation,
    Country,
    Place,
    Participants,
}

impl Field {
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Affiliation => "affiliation",
            Field::Country => "country",
            Field::Place => "place",
            Field::Participants => "participants",
        }
    }
}

/// An `@id` written in the front matter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reference {
    pub id: String,
    /// The `@id` text, without quotes, except when the value is written
    /// with escapes: then the whole quoted value (see `quoted`).
    pub range: TextRange,
    /// `range` includes the value's quotes.
    pub quoted: bool,
    /// The entity whose field holds the reference, by its id.
    pub owner: String,
    pub field: Field,
}

impl Reference {
    /// The text that, written over `range`, refers to `id` instead.
    pub fn written(&self, id: &str) -> String {
        if self.quoted {
            format!("\"@{id}\"")
        } else {
            format!("@{id}")
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MentionForm {
    /// `[surface text](@id)`
    Inline,
    /// `[@id]`: the surface is the entity's name.
    Bare,
}

/// An annotated mention in the body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention {
    pub id: String,
    /// The whole mention, brackets included.
    pub range: TextRange,
    /// The `@id` part; the whole mention when the id is not written
    /// literally there (escaped, or in a link reference definition).
    pub id_range: TextRange,
    /// The surface text between the brackets, for the inline form.
    pub surface: Option<TextRange>,
    pub form: MentionForm,
}

impl Mention {
    /// `true` when `id_range` holds the `@id` as written, so an edit can
    /// replace it; `false` when it stands for the whole mention.
    pub fn id_is_written(&self) -> bool {
        self.id_range != self.range
    }
}

/// Parses a document. Never fails: problems come back beside the document.
pub fn parse(text: &str) -> (Document, Vec<SyntaxError>) {
    let mut errors = Vec::new();
    let mut doc = Document::default();
    let split = front_matter::split(text, &mut errors);
    if let Some(yaml) = split.yaml {
        doc.front_matter = Some(yaml);
        if let Some(source) = text.get(yaml.start..yaml.end) {
            front_matter::interpret(source, yaml.start, &mut doc, &mut errors);
        }
    }
    let body_start = split.body_start.min(text.len());
    if let Some(body) = text.get(body_start..) {
        body::scan(body, body_start, &mut doc, &mut errors);
    }
    (doc, errors)
}
