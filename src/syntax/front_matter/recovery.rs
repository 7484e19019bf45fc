//! What a YAML syntax error in the front matter means to its writer: the
//! parser's message, made plain where it can be (an unquoted `@id`, a key
//! out of line with its mapping), with a fix when there is one.

use super::super::yaml::YamlError;
use super::super::{Code, Fix, SyntaxError, TextRange};

/// The `invalid-front-matter` error for `error` in the front matter
/// `source`, which starts at byte `base` of the text.
pub(super) fn explain(source: &str, base: usize, error: &YamlError) -> SyntaxError {
    let at = base + error.offset;
    // YAML reserves `@`; the error saphyr gives says nothing of quoting.
    let unquoted = unquoted_reference(source, error.offset);
    let hint = if unquoted.is_some() {
        " (a value that starts with `@` must be quoted, as in `\"@moscow\"`)"
    } else {
        ""
    };
    // The errors saphyr gives when a key is out of line with its mapping.
    let block_error = error.message.contains("block mapping")
        || error.message.contains("mapping values are not allowed");
    let indentation = if unquoted.is_none() && block_error {
        misindented_key(source, error.offset)
    } else {
        None
    };
    let fix = unquoted.map(|(range, value)| {
        let quoted = format!("\"{value}\"");
        Fix::new(format!("Quote as `{quoted}`"), range.shift(base), quoted)
    });
    // On an unquoted reference, the whole value is what is wrong.
    let mut range = fix.as_ref().map_or_else(
        || TextRange::new(at, at + char_len_at(source, error.offset)),
        |f| f.edit.range,
    );
    let mut message = format!("front matter is not valid YAML: {}{hint}", error.message);
    if let Some(wrong) = indentation {
        // The front matter starts on the document's second line.
        let line = |offset: usize| 2 + source.get(..offset).map_or(0, |s| s.matches('\n').count());
        range = wrong.key.shift(base);
        message = format!(
            "front matter is not valid YAML: `{}` on line {} is indented by {} space{}, but should start at column {}, in line with `{}` on line {} (the parser says: {})",
            wrong.key_text,
            line(wrong.key.start),
            wrong.indent,
            if wrong.indent == 1 { "" } else { "s" },
            wrong.expected + 1,
            wrong.sibling_text,
            line(wrong.sibling),
            error.message
        );
    }
    SyntaxError::new(Code::InvalidFrontMatter, range, message).with_fix(fix)
}

/// A key whose indentation matches none of the mappings it could belong to.
struct Misindented<'a> {
    key: TextRange,
    key_text: &'a str,
    indent: usize,
    /// The indentation it should have.
    expected: usize,
    /// Where the line it should line up with starts its key, and its key.
    sibling: usize,
    sibling_text: &'a str,
}

/// When the YAML error at `offset` is on a line holding a `key:` whose
/// indentation is none of the enclosing levels above it: that key, and
/// the nearest level (the deeper one on a tie, as a key usually belongs
/// with the lines right above it).
fn misindented_key(source: &str, offset: usize) -> Option<Misindented<'_>> {
    let line_start = source.get(..offset)?.rfind('\n').map_or(0, |i| i + 1);
    let line_end = source
        .get(offset..)?
        .find(['\n', '\r'])
        .map_or(source.len(), |i| offset + i);
    let line = source.get(line_start..line_end)?;
    let (indent, key_start, key_text) = key_of(line)?;
    // Enclosing levels: walking up, each content line less indented than
    // every line seen so far.
    let mut levels: Vec<(usize, usize, &str)> = Vec::new();
    let mut end = line_start;
    while end > 0 {
        let start = source.get(..end - 1)?.rfind('\n').map_or(0, |i| i + 1);
        let above = source.get(start..end - 1)?.trim_end_matches('\r');
        end = start;
        let Some((level, _, text)) = key_of(above) else {
            continue;
        };
        if levels.last().is_none_or(|(l, _, _)| level < *l) {
            levels.push((level, start + level, text));
        }
        if level == 0 {
            break;
        }
    }
    if levels.iter().any(|(l, _, _)| *l == indent) {
        return None;
    }
    let (expected, sibling, sibling_text) = levels
        .into_iter()
        .min_by_key(|(l, _, _)| (l.abs_diff(indent), std::cmp::Reverse(*l)))?;
    let key_start = line_start + key_start;
    Some(Misindented {
        key: TextRange::new(key_start, key_start + key_text.len()),
        key_text,
        indent,
        expected,
        sibling,
        sibling_text,
    })
}

/// A line's indentation (in spaces) and its `key:` (the key, colon
/// included) with where it starts in the line (after a list item's `- `);
/// `None` for blank lines, comments and lines without a key.
fn key_of(line: &str) -> Option<(usize, usize, &str)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let rest = line.get(indent..)?;
    let (start, rest) = match rest.strip_prefix("- ") {
        Some(item) => (indent + 2, item),
        None => (indent, rest),
    };
    let colon = rest
        .find(": ")
        .or_else(|| rest.trim_end().strip_suffix(':').map(|k| k.len()))?;
    let key = rest.get(..colon)?;
    let plain = !key.is_empty()
        && !key.starts_with(['#', '"', '\'', '[', '{', '-'])
        && !key.contains(['#', ' ']);
    plain.then(|| (indent, start, rest.get(..=colon).unwrap_or(key)))
}

/// An unquoted `@id` at `offset`: its range (relative to `source`) and text,
/// up to the end of the value (a `,`, `]`, `}`, a comment or the line's end).
fn unquoted_reference(source: &str, offset: usize) -> Option<(TextRange, &str)> {
    let rest = source.get(offset..)?;
    if !rest.starts_with('@') {
        return None;
    }
    let len = rest
        .find([',', ']', '}', '\n', '\r', '#'])
        .unwrap_or(rest.len());
    let value = rest.get(..len)?.trim_end();
    Some((TextRange::new(offset, offset + value.len()), value))
}

fn char_len_at(text: &str, offset: usize) -> usize {
    text.get(offset..)
        .and_then(|rest| rest.chars().next())
        .map_or(0, char::len_utf8)
}
