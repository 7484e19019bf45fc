//! JSON Lines: one object per mention, for search engines and data
//! pipelines.

use serde::Serialize;

use super::document::{Export, char_offset};

#[derive(Serialize)]
struct Row<'a> {
    document: &'a str,
    id: &'a str,
    kind: Option<&'static str>,
    #[serde(rename = "type")]
    type_name: Option<&'a str>,
    /// Character offsets of the document's plain text (as the brat export
    /// writes it).
    start: usize,
    end: usize,
    surface: &'a str,
    wikidata: Option<&'a str>,
}

pub fn export(export: &Export) -> String {
    let mut out = String::new();
    for doc in &export.documents {
        let text = &doc.plain.text;
        for mention in &doc.plain.mentions {
            let entity = export.entities.get(&mention.id);
            let row = Row {
                document: &doc.relative,
                id: &mention.id,
                kind: entity.and_then(|e| e.kind).map(|k| k.as_str()),
                type_name: entity.and_then(|e| e.type_name.as_deref()),
                start: char_offset(text, mention.range.start),
                end: char_offset(text, mention.range.end),
                surface: text.get(mention.range.clone()).unwrap_or_default(),
                wikidata: entity.and_then(|e| e.wikidata.as_deref()),
            };
            if let Ok(line) = serde_json::to_string(&row) {
                out.push_str(&line);
                out.push('\n');
            }
        }
    }
    out
}
