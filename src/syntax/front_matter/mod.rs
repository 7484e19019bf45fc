//! The YAML front matter: finding it in the text ([`split`]), and reading
//! the document's fields and its entity definitions out of it
//! ([`interpret`]).
//!
//! - `fields.rs`: the fields read, each list written once;
//! - `reader.rs`: document fields, entity definitions and their values;
//! - `roles.rs`: `roles` entries and `titles`;
//! - `recovery.rs`: what a YAML syntax error means to the writer.

mod fields;
mod reader;
mod recovery;
mod roles;

pub use fields::{DOCUMENT_FIELDS, ENTITY_FIELDS, ROLE_FIELDS};

use super::line_index::lines_from;
use super::yaml::{self, Node};
use super::{Code, Document, SyntaxError, TextRange};
use reader::Reader;

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
    // Where a YAML syntax error cut the text short.
    let mut cut = usize::MAX;
    if let Some(error) = error {
        cut = error.offset;
        errors.push(recovery::explain(source, base, &error));
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
