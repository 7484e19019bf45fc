//! Edits that write YAML into a document's front matter: a new entity, an
//! alias, fields filled in (`fields.rs`). Each keeps the document's indentation and line endings, and
//! leaves front matter that parses.

mod fields;

pub use fields::{Additions, Dated, NewRole, fill_entity};

use crate::syntax::{EntityDef, TextEdit, TextRange};
use crate::workspace::File;

/// `text` as a YAML scalar: bare when that reads back as the same string,
/// else double-quoted. `in_flow` for items of `[a, b]` lists, where `,`
/// `[]{}` also need quotes.
pub fn scalar(text: &str, in_flow: bool) -> String {
    let risky_start = text.starts_with([
        '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@',
        '`', ' ',
    ]);
    let risky = text.is_empty()
        || risky_start
        || text.ends_with([' ', ':'])
        || text.contains(": ")
        || text.contains(" #")
        || text.contains(['\n', '\r', '\t', '\\'])
        || (in_flow && text.contains([',', '[', ']', '{', '}']))
        || matches!(
            text.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "null" | "~" | "on" | "off"
        )
        || text.parse::<f64>().is_ok();
    if !risky {
        return text.to_string();
    }
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The document's line ending.
fn newline(file: &File) -> &'static str {
    if file.text.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    }
}

/// The column of `offset` in bytes from its line start.
fn column(file: &File, offset: usize) -> usize {
    let text = file.text.get(..offset).unwrap_or("");
    offset - text.rfind(['\n', '\r']).map_or(0, |i| i + 1)
}

/// The offset right after the line holding `offset` (its line break
/// included); the end of the text on the last line.
fn next_line_start(file: &File, offset: usize) -> usize {
    let rest = file.text.get(offset..).unwrap_or("");
    match rest.find(['\n', '\r']) {
        Some(i) if rest.get(i..i + 2) == Some("\r\n") => offset + i + 2,
        Some(i) => offset + i + 1,
        None => file.text.len(),
    }
}

/// The end of the last line a definition's text reaches (its last value
/// may end before a comment or at the start of the next line).
fn definition_end(file: &File, def: &EntityDef) -> usize {
    let end = def.range.end;
    let at_line_start =
        end > def.key.end && matches!(file.text.as_bytes().get(end - 1), Some(b'\n' | b'\r'));
    if at_line_start {
        end
    } else {
        next_line_start(file, end)
    }
}

/// How this document indents: (entity keys, fields under them).
fn indentation(file: &File) -> (usize, usize) {
    let Some(def) = file.doc.entities.first() else {
        return (2, 2);
    };
    let key = column(file, def.key.start);
    let field = def
        .name
        .as_ref()
        .map(|n| column(file, n.range.start))
        .and_then(|value_column| {
            // `name:` starts where the line's text does.
            let line_start = def.name.as_ref()?.range.start - value_column;
            let line = file.text.get(line_start..def.name.as_ref()?.range.start)?;
            Some(line.len() - line.trim_start().len())
        })
        .filter(|&f| f > key)
        .map_or(2, |f| f - key);
    (key, field)
}

/// The edit that defines `id` named `name` in `file`: under its
/// `entities:`, creating the block or the whole front matter as needed.
pub fn define_entity(file: &File, id: &str, name: &str) -> Option<TextEdit> {
    let nl = newline(file);
    let (key_indent, field_indent) = indentation(file);
    let entity = |key_indent: usize| {
        let pad = " ".repeat(key_indent);
        let fields = " ".repeat(key_indent + field_indent);
        format!(
            "{pad}{id}:{nl}{fields}name: {}{nl}{fields}kind:  # person, organization, place or event{nl}",
            scalar(name, false)
        )
    };
    let Some(yaml) = file.doc.front_matter else {
        let start = if file.text.starts_with('\u{feff}') {
            3
        } else {
            0
        };
        let text = format!("---{nl}entities:{nl}{}---{nl}", entity(2));
        return Some(TextEdit::replace(TextRange::new(start, start), text));
    };
    // After the last entity, when there is one.
    if let Some(last) = file.doc.entities.iter().max_by_key(|d| d.range.end) {
        let at = definition_end(file, last).min(yaml.end);
        let prefix = if at > 0 && !file.text.get(..at)?.ends_with(['\n', '\r']) {
            nl
        } else {
            ""
        };
        let text = format!("{prefix}{}", entity(key_indent));
        return Some(TextEdit::replace(TextRange::new(at, at), text));
    }
    let source = file.text.get(yaml.start..yaml.end)?;
    // The document's fields may all be indented: `entities:` goes in line
    // with the first of them.
    let mut top: Option<usize> = None;
    // An empty `entities:` line: right under it.
    let mut at = yaml.start;
    for line in source.split_inclusive('\n') {
        let content = line.split('#').next().unwrap_or("").trim_end();
        let field = content.trim_start_matches(' ');
        let indent = content.len() - field.len();
        if !field.is_empty() && top.is_none() {
            top = Some(indent);
        }
        if top == Some(indent) && field == "entities:" {
            let end = at + line.len();
            let prefix = if line.ends_with(['\n', '\r']) { "" } else { nl };
            return Some(TextEdit::replace(
                TextRange::new(end, end),
                format!("{prefix}{}", entity(indent + 2)),
            ));
        }
        if top == Some(indent) && field.starts_with("entities:") {
            // `entities: {}` or some other form: not ours to rewrite.
            return None;
        }
        at += line.len();
    }
    let top = top.unwrap_or(0);
    Some(TextEdit::replace(
        TextRange::new(yaml.end, yaml.end),
        format!("{}entities:{nl}{}", " ".repeat(top), entity(top + 2)),
    ))
}

/// The edit that adds `alias` to the aliases of `def` in `file`: to its
/// flow list `[a, b]`, its block list, or a new `aliases:` field.
pub fn add_alias(file: &File, def: &EntityDef, alias: &str) -> Option<TextEdit> {
    let additions = Additions {
        aliases: vec![alias.to_string()],
        ..Additions::default()
    };
    fill_entity(file, def, &additions).into_iter().next()
}
