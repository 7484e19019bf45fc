//! brat standoff: `NAME.txt` with the text and `NAME.ann` with a `T` line
//! per mention (type, character offsets, text), an `N` line per Wikidata
//! link (`Reference T1 Wikidata:Q90`) and an `AnnotatorNotes` line with the
//! newsls id.

use std::collections::HashMap;
use std::ops::Range;

use super::OutFile;
use super::build::coarse_of;
use super::build::{SourceDoc, SourceMention};
use super::document::{Export, char_offset};
use super::yaml_string;

/// The fragments of `range` of `text` that hold no line break (brat spans
/// are single lines; a mention across a line end is discontinuous).
fn fragments(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = range.start;
    for (i, c) in text.get(range.clone()).unwrap_or_default().char_indices() {
        if c == '\n' || c == '\r' {
            if start < range.start + i {
                out.push(start..range.start + i);
            }
            start = range.start + i + c.len_utf8();
        }
    }
    if start < range.end {
        out.push(start..range.end);
    }
    out
}

/// `.txt` and `.ann` for each document with text.
pub fn export(export: &Export) -> Vec<OutFile> {
    let mut files = Vec::new();
    for doc in &export.documents {
        let text = &doc.plain.text;
        let mut ann = String::new();
        let (mut t, mut n) = (0, 0);
        for mention in &doc.plain.mentions {
            let spans = fragments(text, mention.range.clone());
            if spans.is_empty() {
                continue;
            }
            let entity = export.entities.get(&mention.id);
            let label = entity
                .and_then(|e| e.type_name.clone())
                .unwrap_or_else(|| coarse_of(entity.and_then(|e| e.kind)).to_string());
            t += 1;
            let offsets: Vec<String> = spans
                .iter()
                .map(|r| {
                    format!(
                        "{} {}",
                        char_offset(text, r.start),
                        char_offset(text, r.end)
                    )
                })
                .collect();
            let shown: Vec<&str> = spans.iter().filter_map(|r| text.get(r.clone())).collect();
            ann.push_str(&format!(
                "T{t}\t{label} {}\t{}\n",
                offsets.join(";"),
                shown.join(" ")
            ));
            if let Some(q) = entity.and_then(|e| e.wikidata.as_ref()) {
                n += 1;
                let name = entity.map_or("", |e| e.name.as_str());
                ann.push_str(&format!("N{n}\tReference T{t} Wikidata:{q}\t{name}\n"));
            }
            ann.push_str(&format!("#{t}\tAnnotatorNotes T{t}\t@{}\n", mention.id));
        }
        let stem = doc.stem();
        files.push(OutFile {
            path: format!("{stem}.txt"),
            text: text.clone(),
        });
        files.push(OutFile {
            path: format!("{stem}.ann"),
            text: ann,
        });
    }
    files
}

/// Byte offset of character `chars` of `text`, if there is one.
fn byte_offset(text: &str, chars: usize) -> Option<usize> {
    if chars == 0 {
        return Some(0);
    }
    match text.char_indices().nth(chars) {
        Some((i, _)) => Some(i),
        None => (text.chars().count() == chars).then_some(text.len()),
    }
}

/// One brat document read as a corpus document: `T` lines are mentions
/// (a discontinuous one spans from its first fragment to its last), `N`
/// lines with a `Wikidata:Q…` reference link them. Lines it cannot read are
/// named in the problems.
pub fn read(stem: &str, text: &str, ann: &str) -> (SourceDoc, Vec<String>) {
    let mut problems = Vec::new();
    let mut spans: Vec<(String, SourceMention)> = Vec::new();
    let mut links: HashMap<String, String> = HashMap::new();
    for (number, line) in ann.lines().enumerate() {
        let columns: Vec<&str> = line.split('\t').collect();
        let Some(id) = columns.first() else { continue };
        let what = columns.get(1).copied().unwrap_or_default();
        if id.starts_with('T') {
            let mut parts = what.splitn(2, ' ');
            let kind = parts.next().unwrap_or_default().to_string();
            let offsets = parts.next().unwrap_or_default();
            let numbers: Vec<Option<usize>> =
                offsets.split([' ', ';']).map(|n| n.parse().ok()).collect();
            let range = match (numbers.first(), numbers.last()) {
                (Some(Some(a)), Some(Some(b))) if a <= b && numbers.iter().all(Option::is_some) => {
                    byte_offset(text, *a).zip(byte_offset(text, *b))
                }
                _ => None,
            };
            match range {
                Some((start, end)) if !kind.is_empty() => spans.push((
                    id.to_string(),
                    SourceMention {
                        range: start..end,
                        kind,
                        link: None,
                    },
                )),
                _ => problems.push(format!(
                    "line {}: not a text-bound annotation: {line}",
                    number + 1
                )),
            }
        } else if id.starts_with('N') {
            let mut parts = what.split(' ');
            let (_, target, reference) = (parts.next(), parts.next(), parts.next());
            if let (Some(target), Some(q)) =
                (target, reference.and_then(|r| r.strip_prefix("Wikidata:")))
            {
                links.insert(target.to_string(), q.to_string());
            }
        }
    }
    for (id, mention) in &mut spans {
        mention.link = links.get(id.as_str()).cloned();
    }
    let mut mentions: Vec<SourceMention> = spans.into_iter().map(|(_, m)| m).collect();
    mentions.sort_by_key(|m| (m.range.start, std::cmp::Reverse(m.range.end)));
    // newsls mentions do not nest: the outer one is kept.
    let mut kept: Vec<SourceMention> = Vec::new();
    for mention in mentions {
        if kept
            .last()
            .is_some_and(|k| mention.range.start < k.range.end)
        {
            problems.push(format!(
                "a mention inside another is left out: {:?}",
                text.get(mention.range.clone()).unwrap_or_default()
            ));
            continue;
        }
        kept.push(mention);
    }
    let doc = SourceDoc {
        stem: super::slug::slug(stem),
        front: format!("title: {}\nsource: \"brat\"\n", yaml_string(stem)),
        text: text.to_string(),
        mentions: kept,
        layout: None,
        tokens: 0,
    };
    (doc, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_text_bound_annotations_and_links() {
        let text = "Émile met Paris\nHilton.";
        let ann = "T1\tPER 0 5\tÉmile\nT2\tPER 10 15;16 22\tParis Hilton\nN1\tReference T1 Wikidata:Q42\tÉmile\nR1\tRel Arg1:T1 Arg2:T2\n";
        let (doc, problems) = read("a", text, ann);
        assert!(problems.is_empty(), "{problems:?}");
        let got: Vec<(&str, &str, Option<&str>)> = doc
            .mentions
            .iter()
            .map(|m| (&text[m.range.clone()], m.kind.as_str(), m.link.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("Émile", "PER", Some("Q42")),
                ("Paris\nHilton", "PER", None)
            ]
        );
        assert_eq!(fragments(text, 11..text.len() - 1), [11..16, 17..23]);
    }
}
