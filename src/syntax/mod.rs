//! Parsing a `*.news.md` document into plain data.
//!
//! Parsing never fails: [`parse`] returns the document together with the
//! problems it found, so every feature keeps working on half-written text.
//! All positions are byte offsets into the document text.

mod body;
mod date;
mod document;
mod front_matter;
mod line_index;
pub mod titles;
mod words;
pub(crate) mod yaml;

pub use date::Date;
pub use document::{
    Document, EntityDef, EntityKind, Field, Mention, MentionForm, Reference, RoleEntry, Spanned,
    parse,
};
pub use front_matter::{DOCUMENT_FIELDS, ENTITY_FIELDS, ROLE_FIELDS};
pub use line_index::{LineIndex, Unit, floor_char_boundary};
pub use words::{Phrase, fold, fold_into, is_word_char, phrase_of, word_count, words};

use serde::{Deserialize, Serialize};
use std::fmt;

/// A half-open range of byte offsets into a document's text.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct TextRange {
    pub start: usize,
    pub end: usize,
}

impl TextRange {
    pub fn new(start: usize, end: usize) -> Self {
        TextRange { start, end }
    }

    /// True when `offset` lies inside the range or right after its end, so a
    /// cursor placed just after a name still counts as being on it.
    pub fn touches(self, offset: usize) -> bool {
        self.start <= offset && offset <= self.end
    }

    pub fn shift(self, by: usize) -> Self {
        TextRange::new(self.start + by, self.end + by)
    }

    pub fn len(self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(self) -> bool {
        self.start >= self.end
    }
}

/// What a problem the parser finds in one document is about. The
/// workspace adds its own codes (`ide::Code`), so users see one vocabulary.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    InvalidFrontMatter,
    InvalidEntityId,
    MissingName,
    DuplicateEntity,
    InvalidDate,
    InvalidRoles,
    UnknownField,
    InvalidWikidata,
}

impl Code {
    pub fn as_str(self) -> &'static str {
        match self {
            Code::InvalidFrontMatter => "invalid-front-matter",
            Code::InvalidEntityId => "invalid-entity-id",
            Code::MissingName => "missing-name",
            Code::DuplicateEntity => "duplicate-entity",
            Code::InvalidDate => "invalid-date",
            Code::InvalidRoles => "invalid-roles",
            Code::UnknownField => "unknown-field",
            Code::InvalidWikidata => "invalid-wikidata",
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A problem the parser found in one document, independent of the others.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub code: Code,
    pub range: TextRange,
    pub message: String,
    /// The likely fix, when there is one.
    pub fix: Option<Fix>,
}

impl SyntaxError {
    pub fn new(code: Code, range: TextRange, message: impl Into<String>) -> Self {
        SyntaxError {
            code,
            range,
            message: message.into(),
            fix: None,
        }
    }

    pub fn with_fix(mut self, fix: Option<Fix>) -> Self {
        self.fix = fix;
        self
    }
}

/// Replace the text at `range` with `new_text`: the one edit of the
/// analysis. Fixes, renames and code actions are all made of them.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TextEdit {
    pub range: TextRange,
    pub new_text: String,
}

impl TextEdit {
    pub fn replace(range: TextRange, new_text: impl Into<String>) -> Self {
        TextEdit {
            range,
            new_text: new_text.into(),
        }
    }

    /// `text` with `edits` made; they are in text order and do not overlap,
    /// as every feature gives them. An edit that does not fit is skipped.
    pub fn apply(text: &str, edits: &[TextEdit]) -> String {
        let mut out = text.to_string();
        for edit in edits.iter().rev() {
            let TextRange { start, end } = edit.range;
            if out.is_char_boundary(start) && out.is_char_boundary(end) && start <= end {
                out.replace_range(start..end, &edit.new_text);
            }
        }
        out
    }
}

/// A fix for one problem in one document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    /// What the fix does, as an editor shows it ("Change to `@witkoff`").
    pub title: String,
    pub edit: TextEdit,
}

impl Fix {
    pub fn new(title: impl Into<String>, range: TextRange, text: impl Into<String>) -> Self {
        Fix {
            title: title.into(),
            edit: TextEdit::replace(range, text),
        }
    }
}

/// The `invalid-entity-id` error for `id` written at `range`, with the
/// valid id it most likely means; `written` gives the text that refers to
/// an id at `range` (a key, `@id`, or a quoted `"@id"`).
pub fn invalid_id(id: &str, range: TextRange, written: impl Fn(&str) -> String) -> SyntaxError {
    let lowered = fold_id(id);
    let valid = is_valid_entity_id(&lowered);
    let hint = if valid {
        format!(" (try `{lowered}`)")
    } else {
        String::new()
    };
    let message = format!("`{id}` is not a valid entity id: {ENTITY_ID_RULE}{hint}");
    let fix = valid.then(|| {
        let text = written(&lowered);
        Fix::new(format!("Change to `{text}`"), range, text)
    });
    SyntaxError::new(Code::InvalidEntityId, range, message).with_fix(fix)
}

/// The id form of `text`: the characters of the entity id rule
/// ([`is_entity_id_char`]) lowercased, accents dropped (`Erdoğan` →
/// `erdogan`), a few letters spelled out (`ß` → `ss`), letters of other
/// scripts kept (`путин`), and any other run of characters one `-` between
/// words. May still be invalid (empty, or from a script without ASCII
/// letters): what a mistyped id or a name is compared as.
pub fn fold_id(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_id_as(text, OtherLetters::Keep, &mut out);
    out
}

/// [`fold_id`] into `out` (cleared first): searches fold every known name
/// on each keystroke, into one buffer.
pub fn fold_id_into(text: &str, out: &mut String) {
    out.clear();
    fold_id_as(text, OtherLetters::Keep, out);
}

/// [`fold_id`] with letters of other scripts dropped (no word break): a
/// valid id made from a name, unless nothing is left.
pub fn ascii_fold_id(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_id_as(text, OtherLetters::Drop, &mut out);
    out
}

/// What [`fold_id_as`] does with a letter that has no ASCII form (`П`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum OtherLetters {
    Keep,
    Drop,
}

/// The id form of `text`, pushed onto `out`.
fn fold_id_as(text: &str, other: OtherLetters, out: &mut String) {
    use unicode_normalization::{UnicodeNormalization, char::is_combining_mark};
    if text.is_ascii() {
        // Nothing to decompose.
        push_id_form(text.chars(), other, out);
    } else {
        push_id_form(text.nfd().filter(|c| !is_combining_mark(*c)), other, out);
    }
}

fn push_id_form(letters: impl Iterator<Item = char>, other: OtherLetters, out: &mut String) {
    let start = out.len();
    let mut word_break = false;
    // No allocation per character.
    for c in letters.flat_map(char::to_lowercase) {
        let spelled = match c {
            'ı' => "i",
            'ø' => "o",
            'ł' => "l",
            'ſ' => "s",
            'đ' | 'ð' => "d",
            'æ' => "ae",
            'œ' => "oe",
            'ß' => "ss",
            'þ' => "th",
            _ => "",
        };
        // `-` is the one word break, written below.
        let id_char = is_entity_id_char(c) && c != '-';
        if !id_char && spelled.is_empty() && !c.is_alphanumeric() {
            word_break = out.len() > start;
            continue;
        }
        if !id_char && spelled.is_empty() && other == OtherLetters::Drop {
            continue;
        }
        if std::mem::take(&mut word_break) {
            out.push('-');
        }
        match spelled {
            "" => out.push(c),
            spelled => out.push_str(spelled),
        }
    }
}

pub const ENTITY_ID_RULE: &str =
    "use lowercase ASCII letters, digits, `-` and `_`, starting with a letter or digit";

/// `true` for the characters an entity id is made of.
pub fn is_entity_id_char(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_'
}

/// `true` for ids of the form the format allows ([`ENTITY_ID_RULE`]).
pub fn is_valid_entity_id(id: &str) -> bool {
    let mut chars = id.chars();
    match chars.next() {
        Some(first) if is_entity_id_char(first) && !matches!(first, '-' | '_') => {}
        _ => return false,
    }
    chars.all(is_entity_id_char)
}

/// The candidate closest to `wanted` by edit distance, when it is close
/// enough to be a plausible typo.
pub fn closest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (wanted.chars().count() / 3).max(1);
    let wanted: Vec<char> = wanted.chars().collect();
    // Tens of thousands of ids in a newsroom's archive: each is given up
    // as soon as it cannot come within the limit.
    candidates
        .into_iter()
        .filter_map(|c| Some((distance_within(&wanted, c, limit)?, c)))
        .min()
        .map(|(_, c)| c)
}

/// The edit distance from `a` to `b` if it is at most `limit`; `None` as
/// soon as every way forward costs more.
fn distance_within(a: &[char], b: &str, limit: usize) -> Option<usize> {
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        let mut best = row[0];
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if ca == cb {
                diagonal
            } else {
                1 + diagonal.min(above).min(row[j])
            };
            diagonal = above;
            best = best.min(row[j + 1]);
        }
        if best > limit {
            return None;
        }
    }
    row.last().copied().filter(|&d| d <= limit)
}

pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if ca == *cb {
                diagonal
            } else {
                1 + diagonal.min(above).min(row[j])
            };
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entity_ids() {
        for ok in ["putin", "moscow-talks", "g7_2026", "7up"] {
            assert!(is_valid_entity_id(ok), "{ok}");
        }
        for bad in ["", "Putin", "-x", "_x", "a b", "é", "@putin"] {
            assert!(!is_valid_entity_id(bad), "{bad}");
        }
    }

    #[test]
    fn ids_fold_accents_case_and_separators() {
        let cases = [
            ("erdoğan", "erdogan", "erdogan"),
            ("Erdogan", "erdogan", "erdogan"),
            ("Tayyip Erdoğan", "tayyip-erdogan", "tayyip-erdogan"),
            ("Łukasz  Ø. Straße", "lukasz-o-strasse", "lukasz-o-strasse"),
            ("Öſterreich", "osterreich", "osterreich"),
            ("  «Le Matin»  ", "le-matin", "le-matin"),
            ("g7_2026 summit", "g7_2026-summit", "g7_2026-summit"),
            ("Путин", "путин", ""),
            ("Москва Moscow", "москва-moscow", "moscow"),
        ];
        for (text, kept, dropped) in cases {
            assert_eq!(fold_id(text), kept, "{text}");
            assert_eq!(ascii_fold_id(text), dropped, "{text}");
        }
        assert!(!is_valid_entity_id(&fold_id("Путин")));
    }

    #[test]
    fn closest_suggests_typos_only() {
        let ids = ["putin", "witkoff", "kushner"];
        assert_eq!(closest("putn", ids), Some("putin"));
        assert_eq!(closest("witkof", ids), Some("witkoff"));
        assert_eq!(closest("zelenskyy", ids), None);
    }
}

#[cfg(test)]
mod parser_tests;
