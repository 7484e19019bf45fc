//! IPTC ninjs 3.1 ("News in JSON"): one news item a document, as the
//! newsroom's systems exchange them. `headlines` (the `title`, or the file
//! name), `firstCreated` (the `date`, at midnight UTC: newsls dates are
//! days), `language`, `by` (the `authors`), `bodies` (the plain text, a
//! bare `[@id]` read as the entity's name), and
//! the entities as `people`, `organisations`, `places` and `events`, each
//! with `name`, `rel` (`about` for those the document defines, `mentioned`
//! for those only mentioned), `uri` (the Wikidata entity URI where known)
//! and `literal` (the newsls id). Entities without a `kind` have no ninjs
//! list and are left out. The item's own `uri` is the document's `url`,
//! else a `urn:newsls:` URN of its path.

use std::collections::HashSet;

use serde_json::{Map, Value, json};

use super::document::{EntityView, Export, ExportDoc};
use crate::syntax::EntityKind;

/// The version written in `standard`, and the schema it validates against.
pub const VERSION: &str = "3.1";
pub const SCHEMA: &str = "http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json#";

/// Every document as a ninjs object, in the order given.
pub fn export(export: &Export) -> Value {
    Value::Array(export.documents.iter().map(|d| item(export, d)).collect())
}

/// The concept URI of a Wikidata item (the `uri` of its entity).
fn wikidata_uri(q: &str) -> String {
    format!("http://www.wikidata.org/entity/{q}")
}

/// `urn:newsls:` and the path, percent-encoded where a URN may not hold
/// the character as it is.
fn document_urn(relative: &str) -> String {
    let mut urn = String::from("urn:newsls:");
    for byte in relative.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                urn.push(byte as char)
            }
            _ => urn.push_str(&format!("%{byte:02X}")),
        }
    }
    urn
}

fn item(export: &Export, doc: &ExportDoc) -> Value {
    let mut item = Map::new();
    let uri = doc
        .field("url")
        .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
        .filter(|u| !u.contains(char::is_whitespace))
        .map(str::to_string)
        .unwrap_or_else(|| document_urn(&doc.relative));
    item.insert("uri".into(), Value::from(uri));
    item.insert(
        "standard".into(),
        json!({ "name": "ninjs", "version": VERSION, "schema": SCHEMA }),
    );
    item.insert("type".into(), Value::from("text"));
    if let Some(date) = doc.file.doc.date.as_ref() {
        item.insert(
            "firstCreated".into(),
            Value::from(format!("{}T00:00:00Z", date.value)),
        );
    }
    if let Some(language) = doc.field("language") {
        item.insert("language".into(), Value::from(language));
    }
    let headline = doc
        .field("title")
        .map(str::to_string)
        .unwrap_or_else(|| doc.stem());
    item.insert("headlines".into(), json!([{ "value": headline }]));
    let authors = doc.list("authors");
    if !authors.is_empty() {
        item.insert("by".into(), Value::from(authors.join(", ")));
    }
    let text = body_text(export, doc);
    let text = text.trim();
    if !text.is_empty() {
        item.insert(
            "bodies".into(),
            json!([{ "role": "main", "contentType": "text/plain", "value": text }]),
        );
    }
    let defined: HashSet<&str> = doc
        .file
        .doc
        .entities
        .iter()
        .map(|e| e.id.as_str())
        .collect();
    let ids = doc
        .file
        .doc
        .entities
        .iter()
        .map(|e| e.id.as_str())
        .chain(doc.plain.mentions.iter().map(|m| m.id.as_str()));
    let mut seen: HashSet<&str> = HashSet::new();
    let mut lists: [(EntityKind, &str, Vec<Value>); 4] = [
        (EntityKind::Person, "people", Vec::new()),
        (EntityKind::Organization, "organisations", Vec::new()),
        (EntityKind::Place, "places", Vec::new()),
        (EntityKind::Event, "events", Vec::new()),
    ];
    for id in ids {
        if !seen.insert(id) {
            continue;
        }
        let Some(entity) = export.entities.get(id) else {
            continue;
        };
        let Some(kind) = entity.kind else { continue };
        let rel = if defined.contains(id) {
            "about"
        } else {
            "mentioned"
        };
        if let Some((_, _, list)) = lists.iter_mut().find(|(k, _, _)| *k == kind) {
            list.push(entity_object(entity, rel));
        }
    }
    for (_, key, list) in lists {
        if !list.is_empty() {
            item.insert(key.into(), Value::from(list));
        }
    }
    Value::Object(item)
}

/// The plain text, a bare mention (`[@id]`, which the plain text keeps as
/// `@id`) read as the entity's name.
fn body_text(export: &Export, doc: &ExportDoc) -> String {
    let plain = &doc.plain;
    let mut text = String::with_capacity(plain.text.len());
    let mut at = 0;
    for mention in &plain.mentions {
        let range = mention.range.clone();
        let Some(surface) = plain.text.get(range.clone()) else {
            continue;
        };
        let name = export.entities.get(&mention.id).map(|e| e.name.as_str());
        if let Some(name) = name
            && surface.strip_prefix('@') == Some(mention.id.as_str())
            && range.start >= at
        {
            text.push_str(plain.text.get(at..range.start).unwrap_or(""));
            text.push_str(name);
            at = range.end;
        }
    }
    text.push_str(plain.text.get(at..).unwrap_or(""));
    text
}

fn entity_object(entity: &EntityView, rel: &str) -> Value {
    let mut object = Map::new();
    object.insert("name".into(), Value::from(entity.name.clone()));
    object.insert("rel".into(), Value::from(rel));
    if let Some(q) = entity
        .wikidata
        .as_deref()
        .filter(|q| crate::wikidata::is_item_id(q))
    {
        object.insert("uri".into(), Value::from(wikidata_uri(q)));
    }
    object.insert("literal".into(), Value::from(entity.id.clone()));
    Value::Object(object)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_urns() {
        assert_eq!(
            document_urn("desk/2026-01-22 talks.news.md"),
            "urn:newsls:desk/2026-01-22%20talks.news.md"
        );
    }
}
