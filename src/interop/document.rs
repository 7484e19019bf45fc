//! What the exporters read of a folder: each document's front matter
//! fields, plain text and mentions, and each entity as its definitions
//! tell it (the newest document's first).

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use super::body::{self, Plain};
use crate::syntax::yaml::Node;
use crate::syntax::{self, EntityKind};
use crate::workspace::{File, Workspace};

/// A front matter value: one string or a list of them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FieldValue {
    One(String),
    Many(Vec<String>),
}

/// The top-level key-value pairs of a document's front matter, as YAML
/// nodes; none when it has no front matter or it is not a mapping.
pub fn front_entries(text: &str, doc: &syntax::Document) -> Vec<(Node, Node)> {
    let yaml = doc
        .front_matter
        .and_then(|front| text.get(front.start..front.end));
    match yaml.map(syntax::yaml::parse) {
        Some((Some(Node::Mapping { entries, .. }), _)) => entries,
        _ => Vec::new(),
    }
}

/// The `type` field of each entity of a document's front matter.
pub fn types_of(text: &str, doc: &syntax::Document) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for (key, value) in &front_entries(text, doc) {
        let (Node::Scalar(k), Node::Mapping { entries, .. }) = (key, value) else {
            continue;
        };
        if k.value != "entities" {
            continue;
        }
        for (id, fields) in entries {
            let (Node::Scalar(id), Node::Mapping { entries, .. }) = (id, fields) else {
                continue;
            };
            for (field, value) in entries {
                if let (Node::Scalar(f), Node::Scalar(v)) = (field, value)
                    && f.value == "type"
                {
                    out.insert(id.value.clone(), v.value.clone());
                }
            }
        }
    }
    out
}

/// The top-level fields of a document's front matter with scalar or list
/// values, by name.
pub fn front_fields(text: &str, doc: &syntax::Document) -> BTreeMap<String, FieldValue> {
    let mut out = BTreeMap::new();
    for (key, value) in &front_entries(text, doc) {
        let Node::Scalar(key) = key else { continue };
        match value {
            Node::Scalar(v) if !v.is_null() => {
                out.insert(key.value.clone(), FieldValue::One(v.value.clone()));
            }
            Node::Sequence { items, .. } => {
                let list = items
                    .iter()
                    .filter_map(|i| match i {
                        Node::Scalar(s) => Some(s.value.clone()),
                        _ => None,
                    })
                    .collect();
                out.insert(key.value.clone(), FieldValue::Many(list));
            }
            _ => {}
        }
    }
    out
}

/// One document to export.
pub struct ExportDoc<'a> {
    pub file: &'a File,
    /// The path relative to the folder exported, with `/`.
    pub relative: String,
    pub fields: BTreeMap<String, FieldValue>,
    pub plain: Plain,
}

impl ExportDoc<'_> {
    pub fn field(&self, name: &str) -> Option<&str> {
        match self.fields.get(name)? {
            FieldValue::One(v) => Some(v),
            FieldValue::Many(_) => None,
        }
    }

    pub fn list(&self, name: &str) -> Vec<String> {
        match self.fields.get(name) {
            Some(FieldValue::Many(v)) => v.clone(),
            Some(FieldValue::One(v)) => vec![v.clone()],
            None => Vec::new(),
        }
    }

    /// The file name without `.news.md`.
    pub fn stem(&self) -> String {
        self.relative
            .strip_suffix(".news.md")
            .unwrap_or(&self.relative)
            .to_string()
    }
}

/// An entity as the exporters show it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EntityView {
    pub id: String,
    pub name: String,
    pub kind: Option<EntityKind>,
    /// The `type` field (an imported corpus's type).
    pub type_name: Option<String>,
    pub wikidata: Option<String>,
    pub aliases: Vec<String>,
    pub role: Option<String>,
    pub description: Option<String>,
    pub affiliation: Option<String>,
    pub date: Option<String>,
    pub place: Option<String>,
    pub participants: Vec<String>,
}

/// Every document and entity of a loaded folder.
pub struct Export<'a> {
    pub documents: Vec<ExportDoc<'a>>,
    pub entities: HashMap<String, EntityView>,
}

/// Reads `documents` (paths of `ws`, in order) for export; paths are shown
/// relative to `root` when under it.
pub fn collect<'a>(ws: &'a Workspace, documents: &[PathBuf], root: Option<&Path>) -> Export<'a> {
    let mut types: HashMap<String, String> = HashMap::new();
    for file in ws.load_every_file() {
        types.extend(types_of(&file.text, &file.doc));
    }
    let docs: Vec<ExportDoc> = documents
        .iter()
        .filter_map(|p| ws.load_file(p))
        .map(|file| {
            let path: &Path = &file.path;
            let relative = root
                .and_then(|r| path.strip_prefix(r).ok())
                .unwrap_or(path)
                .components()
                .filter(|c| !matches!(c, std::path::Component::CurDir))
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            ExportDoc {
                file,
                relative,
                fields: front_fields(&file.text, &file.doc),
                plain: body::plain_text(&file.text, &file.doc),
            }
        })
        .collect();
    let mut entities = HashMap::new();
    for file in ws.load_every_file() {
        for def in &file.doc.entities {
            if entities.contains_key(&def.id) {
                continue;
            }
            entities.insert(def.id.clone(), view(ws, &def.id, &types));
        }
    }
    Export {
        documents: docs,
        entities,
    }
}

fn view(ws: &Workspace, id: &str, types: &HashMap<String, String>) -> EntityView {
    let defs = ws.definitions(id);
    let first =
        |get: &dyn Fn(&syntax::EntityDef) -> Option<String>| defs.iter().find_map(|d| get(d.def));
    let mut aliases: Vec<String> = Vec::new();
    for d in &defs {
        for alias in &d.def.aliases {
            if !aliases.contains(&alias.value) {
                aliases.push(alias.value.clone());
            }
        }
    }
    let name =
        first(&|d| d.name.as_ref().map(|n| n.value.clone())).unwrap_or_else(|| id.to_string());
    aliases.retain(|a| *a != name);
    EntityView {
        id: id.to_string(),
        name,
        kind: defs
            .iter()
            .find_map(|d| d.def.kind.as_ref().map(|k| k.value)),
        type_name: types.get(id).cloned(),
        wikidata: first(&|d| d.wikidata.as_ref().map(|w| w.value.clone())),
        aliases,
        role: first(&|d| d.role.as_ref().map(|r| r.value.clone())),
        description: first(&|d| d.description.as_ref().map(|r| r.value.clone())),
        affiliation: first(&|d| d.affiliation.as_ref().map(|r| r.value.clone())),
        date: first(&|d| d.date.as_ref().map(|r| r.value.to_string())),
        place: first(&|d| d.place.as_ref().map(|r| r.value.clone())),
        participants: defs
            .iter()
            .find(|d| !d.def.participants.is_empty())
            .map(|d| d.def.participants.iter().map(|p| p.value.clone()).collect())
            .unwrap_or_default(),
    }
}

/// Character offsets (Unicode scalar values) of byte offsets of `text`,
/// as brat and most tools count.
pub fn char_offset(text: &str, byte: usize) -> usize {
    text.get(..byte)
        .map_or(text.chars().count(), |t| t.chars().count())
}
