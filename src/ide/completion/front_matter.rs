//! Inside the front matter: field names where a key is being written (the
//! fields the parser reads, less those the block already has), and where a
//! value is, `kind` values and dates.
//!
//! Dates: an entity's `date:` offers its document's date, else today; the
//! document's own `date:` offers today; `as_of:`, and `since:` and `until:`
//! in a `roles` entry, offer the document's date (when it has one) and
//! today.
//!
//! Where the cursor is in the YAML is read line by line from the
//! indentation, not from the YAML tree: the line being typed (`    ro`) is
//! rarely valid YAML yet.

use super::{CompletionItem, Completions, ItemKind};
use crate::ide::search;
use crate::syntax::{DOCUMENT_FIELDS, Date, ENTITY_FIELDS, EntityKind, ROLE_FIELDS, TextRange};
use crate::workspace::{File, Workspace};

pub(super) fn complete(workspace: &Workspace, file: &File, offset: usize) -> Option<Completions> {
    let yaml = file.doc.front_matter?;
    if offset < yaml.start || offset >= yaml.end {
        return None;
    }
    let text = file.text.as_str();
    let (here, line_start) = file.lines.line_of(offset);
    let lines = Lines {
        file,
        first: file.lines.line_of(yaml.start).0,
        end: file.lines.line_of(yaml.end).0,
    };
    let before = text.get(line_start..offset)?;
    let start = shape(before);
    let block = block(&lines, here, &start)?;
    let after = text.get(offset..)?;
    if let Some(colon) = start.content.find(':') {
        let key = start.content.get(..colon)?.trim();
        let value = start.content.get(colon + 1..)?;
        let typed = value.trim_start();
        if !typed.chars().all(is_value_char) {
            return None;
        }
        let end = offset + after.find(|c| !is_value_char(c)).unwrap_or(after.len());
        let replace = TextRange::new(offset - typed.len(), end);
        // `kind:|` gets its space.
        let space = if value.len() == typed.len() { " " } else { "" };
        let items = values(workspace, file, block, key)
            .into_iter()
            .map(|(label, kind, detail)| CompletionItem {
                insert: format!("{space}{label}"),
                filter: label.clone(),
                label,
                kind,
                detail: detail.map(str::to_string),
                replace,
            });
        return Some(Completions::cut(search::rank(typed, items, |i| &i.filter)));
    }
    let typed = start.content;
    if !typed.chars().all(is_key_char) {
        return None;
    }
    let rest = after.trim_start_matches(is_key_char);
    let replace = TextRange::new(offset - typed.len(), text.len() - rest.len());
    let present = siblings(&lines, here, &start);
    let fields = block
        .fields()
        .into_iter()
        .filter(|field| !present.contains(field))
        .map(|field| CompletionItem {
            label: field.to_string(),
            kind: ItemKind::Field,
            detail: Some(block.describe().to_string()),
            replace,
            // A value follows, on this line or, for a block, under it; when
            // the line already has its `:`, only the name is replaced.
            insert: match (rest.starts_with(':'), field) {
                (true, _) => field.to_string(),
                (false, "entities" | "roles") => format!("{field}:"),
                (false, _) => format!("{field}: "),
            },
            filter: field.to_string(),
        });
    Some(Completions::cut(search::rank(typed, fields, |i| &i.filter)))
}

/// The values offered after `key:` in `block`: label, kind, detail.
fn values(
    workspace: &Workspace,
    file: &File,
    block: Block,
    key: &str,
) -> Vec<(String, ItemKind, Option<&'static str>)> {
    let dated = |day: Date, detail| (day.to_string(), ItemKind::Date, Some(detail));
    let today = dated(workspace.today(), "today");
    let documents = file
        .doc
        .date
        .as_ref()
        .map(|d| dated(d.value, "the document's date"));
    match (block, key) {
        (Block::Entity, "kind") => EntityKind::ALL
            .iter()
            .map(|k| (k.as_str().to_string(), ItemKind::Kind, None))
            .collect(),
        (Block::Document, "date") => vec![today],
        (Block::Entity, "date") => vec![documents.unwrap_or(today)],
        (Block::Entity, "as_of") | (Block::Role, "since" | "until") => {
            let mut days: Vec<_> = documents.into_iter().collect();
            if days.first().is_none_or(|d| d.0 != today.0) {
                days.push(today);
            }
            days
        }
        _ => Vec::new(),
    }
}

/// The mappings whose keys are completed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Block {
    /// The front matter's top level.
    Document,
    /// An entity under `entities`.
    Entity,
    /// An entry of an entity's `roles`.
    Role,
}

impl Block {
    fn fields(self) -> Vec<&'static str> {
        match self {
            Block::Document => DOCUMENT_FIELDS.to_vec(),
            // `type` is what an imported corpus calls a kind, never typed.
            Block::Entity => ENTITY_FIELDS.into_iter().filter(|&f| f != "type").collect(),
            Block::Role => ROLE_FIELDS.to_vec(),
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Block::Document => "document field",
            Block::Entity => "entity field",
            Block::Role => "`roles` entry field",
        }
    }
}

/// The front matter's lines: `first..end` of the file's.
struct Lines<'a> {
    file: &'a File,
    first: usize,
    end: usize,
}

impl<'a> Lines<'a> {
    /// Line `n`'s shape; `None` for a blank or comment line.
    fn get(&self, n: usize) -> Option<Shape<'a>> {
        let text = self.file.text.as_str();
        let range = self.file.lines.line_range(n, text)?;
        let line = shape(text.get(range.start..range.end)?);
        let blank = line.content.is_empty() && line.dash.is_none();
        (!blank && !line.content.starts_with('#')).then_some(line)
    }
}

/// A line, as far as the YAML's structure goes.
struct Shape<'a> {
    /// Where `-` stands, on a list item's first line.
    dash: Option<usize>,
    /// Where the content starts (after the indentation and any `- `).
    indent: usize,
    content: &'a str,
}

impl<'a> Shape<'a> {
    /// The key of a `key: value` or `key:` line.
    fn key(&self) -> Option<&'a str> {
        let colon = self.content.find(": ").or_else(|| {
            let trimmed = self.content.trim_end();
            trimmed.ends_with(':').then(|| trimmed.len() - 1)
        })?;
        Some(self.content.get(..colon)?.trim())
    }
}

fn shape(line: &str) -> Shape<'_> {
    let rest = line.trim_start_matches(' ');
    let spaces = line.len() - rest.len();
    match rest.strip_prefix('-') {
        Some(item) if item.is_empty() || item.starts_with(' ') => {
            let content = item.trim_start_matches(' ');
            Shape {
                dash: Some(spaces),
                indent: spaces + 1 + item.len() - content.len(),
                content,
            }
        }
        _ => Shape {
            dash: None,
            indent: spaces,
            content: rest,
        },
    }
}

/// The block line `here` (shaped `start`) is in, from the keys above it:
/// none for the top level; an entity's id, then `entities`; a list item,
/// `roles`, an id, then `entities`.
fn block(lines: &Lines, here: usize, start: &Shape) -> Option<Block> {
    // Nearest first; `None` for a list item.
    let mut path: Vec<Option<&str>> = Vec::new();
    let (mut dash, mut indent) = (start.dash, start.indent);
    if dash.is_some() {
        path.push(None);
    }
    for n in (lines.first..here).rev() {
        let Some(line) = lines.get(n) else { continue };
        if dash.is_none() && line.dash.is_some() && line.indent == indent {
            // `here` is a later key of this list item.
            path.push(None);
        } else if line.indent < dash.unwrap_or(indent) {
            path.push(line.key());
            if line.dash.is_some() {
                path.push(None);
            }
        } else {
            continue;
        }
        (dash, indent) = (line.dash, line.indent);
    }
    match path.as_slice() {
        [] => Some(Block::Document),
        [Some(_), Some("entities")] => Some(Block::Entity),
        [None, Some("roles"), Some(_), Some("entities")] => Some(Block::Role),
        _ => None,
    }
}

/// The keys the block of line `here` already has, above and below it.
fn siblings<'a>(lines: &Lines<'a>, here: usize, start: &Shape) -> Vec<&'a str> {
    let mut keys = Vec::new();
    if start.dash.is_none() {
        for n in (lines.first..here).rev() {
            let Some(line) = lines.get(n) else { continue };
            if line.indent < start.indent {
                break;
            }
            if line.indent == start.indent {
                keys.extend(line.key());
                if line.dash.is_some() {
                    break;
                }
            }
        }
    }
    for n in here + 1..lines.end {
        let Some(line) = lines.get(n) else { continue };
        let next_item = line.dash.is_some() && line.indent == start.indent;
        if line.indent < start.indent || next_item {
            break;
        }
        if line.indent == start.indent {
            keys.extend(line.key());
        }
    }
    keys
}

fn is_key_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

fn is_value_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-'
}
