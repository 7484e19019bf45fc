//! schema.org JSON-LD: one `NewsArticle` per document, its entities as
//! `about` (defined in the document: what it is about) or `mentions`
//! (defined elsewhere), typed `Person`, `Organization`, `Place`, `Event`
//! (or `Thing` with the corpus type as `additionalType`), with `name`,
//! `alternateName` and `sameAs` (the Wikidata URL). Events carry
//! `startDate`, `location` and `attendee`.
//!
//! The context is written inline (`@vocab` schema.org) rather than as the
//! remote `https://schema.org` context, so a JSON-LD processor expands it
//! without fetching anything.

use std::collections::HashSet;

use serde_json::{Map, Value, json};

use super::document::{EntityView, Export};
use crate::syntax::EntityKind;

pub fn context() -> Value {
    json!({
        "@vocab": "https://schema.org/",
        "sameAs": { "@type": "@id" },
        "url": { "@type": "@id" },
        "additionalType": { "@type": "@vocab" }
    })
}

fn schema_type(entity: &EntityView) -> &'static str {
    match entity.kind {
        Some(EntityKind::Person) => "Person",
        Some(EntityKind::Organization) => "Organization",
        Some(EntityKind::Place) => "Place",
        Some(EntityKind::Event) => "Event",
        None => "Thing",
    }
}

/// A reference (`@id` or plain text) as a small node: its type and name,
/// and its Wikidata link.
fn reference(export: &Export, value: &str, typed: &str) -> Value {
    match value
        .strip_prefix('@')
        .and_then(|id| export.entities.get(id))
    {
        Some(entity) => {
            let mut node = json!({ "@type": schema_type(entity), "name": entity.name });
            if let Some(q) = &entity.wikidata {
                node["sameAs"] = Value::from(format!("https://www.wikidata.org/wiki/{q}"));
            }
            node
        }
        None => json!({ "@type": typed, "name": value.trim_start_matches('@') }),
    }
}

fn item(export: &Export, entity: &EntityView) -> Value {
    let mut node = Map::new();
    node.insert("@type".into(), Value::from(schema_type(entity)));
    node.insert("identifier".into(), Value::from(entity.id.clone()));
    node.insert("name".into(), Value::from(entity.name.clone()));
    if !entity.aliases.is_empty() {
        node.insert("alternateName".into(), json!(entity.aliases));
    }
    if let Some(q) = &entity.wikidata {
        node.insert(
            "sameAs".into(),
            Value::from(format!("https://www.wikidata.org/wiki/{q}")),
        );
    }
    if let Some(description) = &entity.description {
        node.insert("description".into(), Value::from(description.clone()));
    }
    if entity.kind.is_none()
        && let Some(t) = &entity.type_name
    {
        node.insert("additionalType".into(), Value::from(t.clone()));
    }
    if entity.kind == Some(EntityKind::Person) {
        if let Some(role) = &entity.role {
            node.insert("jobTitle".into(), Value::from(role.clone()));
        }
        if let Some(affiliation) = &entity.affiliation {
            node.insert(
                "affiliation".into(),
                reference(export, affiliation, "Organization"),
            );
        }
    }
    if entity.kind == Some(EntityKind::Event) || entity.date.is_some() || entity.place.is_some() {
        if let Some(date) = &entity.date {
            node.insert("startDate".into(), Value::from(date.clone()));
        }
        if let Some(place) = &entity.place {
            node.insert("location".into(), reference(export, place, "Place"));
        }
        if !entity.participants.is_empty() {
            let attendees: Vec<Value> = entity
                .participants
                .iter()
                .map(|p| reference(export, p, "Person"))
                .collect();
            node.insert("attendee".into(), Value::from(attendees));
        }
    }
    Value::Object(node)
}

/// The JSON-LD document: a `@graph` of `NewsArticle`s, one a document.
pub fn export(export: &Export) -> Value {
    let mut graph = Vec::new();
    for doc in &export.documents {
        let mut article = Map::new();
        article.insert("@type".into(), Value::from("NewsArticle"));
        article.insert("identifier".into(), Value::from(doc.relative.clone()));
        let headline = doc
            .field("title")
            .map(str::to_string)
            .unwrap_or_else(|| doc.stem());
        article.insert("headline".into(), Value::from(headline));
        if let Some(date) = doc.file.doc.date.as_ref() {
            article.insert("datePublished".into(), Value::from(date.value.to_string()));
        }
        let authors: Vec<Value> = doc
            .list("authors")
            .into_iter()
            .map(|name| json!({ "@type": "Person", "name": name }))
            .collect();
        if !authors.is_empty() {
            article.insert("author".into(), Value::from(authors));
        }
        if let Some(url) = doc.field("url") {
            article.insert("url".into(), Value::from(url));
        }
        if let Some(source) = doc.field("source") {
            article.insert(
                "publisher".into(),
                json!({ "@type": "Organization", "name": source }),
            );
        }
        let defined: HashSet<&str> = doc
            .file
            .doc
            .entities
            .iter()
            .map(|e| e.id.as_str())
            .collect();
        let mut seen: HashSet<&str> = HashSet::new();
        let (mut about, mut mentions) = (Vec::new(), Vec::new());
        let ids = doc
            .file
            .doc
            .entities
            .iter()
            .map(|e| e.id.as_str())
            .chain(doc.plain.mentions.iter().map(|m| m.id.as_str()));
        for id in ids {
            if !seen.insert(id) {
                continue;
            }
            let Some(entity) = export.entities.get(id) else {
                continue;
            };
            let node = item(export, entity);
            if defined.contains(id) {
                about.push(node);
            } else {
                mentions.push(node);
            }
        }
        if !about.is_empty() {
            article.insert("about".into(), Value::from(about));
        }
        if !mentions.is_empty() {
            article.insert("mentions".into(), Value::from(mentions));
        }
        graph.push(Value::Object(article));
    }
    json!({ "@context": context(), "@graph": graph })
}
