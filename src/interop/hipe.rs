//! The HIPE-2022 format (tab-separated tokens with IOB entity tags and
//! Wikidata links; see `../shared/data/hipe/HIPE-format.md`): reading it,
//! importing its documents as newsls documents, and exporting documents
//! back to it.
//!
//! The text of a document is rebuilt from its tokens (`NoSpaceAfter` joins
//! a token to the next, `EndOfLine` ends a line, a token ending in `¬` at
//! the end of a line is a word hyphenated across lines and is joined to
//! the next). The token boundaries themselves are kept in a comment at the
//! end of the body, so the export gives back the same tokens; mentions,
//! their types and links come from the annotations.

use std::ops::Range;

use super::body;
use super::build::{Imported, SourceDoc, SourceMention, build, coarse_of};
use super::slug::slug;
use super::yaml_string;
use crate::syntax::{self, Date, EntityKind};

/// The columns of a HIPE-2022 file, in order.
pub const COLUMNS: [&str; 10] = [
    "TOKEN",
    "NE-COARSE-LIT",
    "NE-COARSE-METO",
    "NE-FINE-LIT",
    "NE-FINE-METO",
    "NE-FINE-COMP",
    "NE-NESTED",
    "NEL-LIT",
    "NEL-METO",
    "MISC",
];

/// The mark of a word hyphenated at the end of a line.
const HYPHEN: char = '¬';

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Token {
    pub text: String,
    /// `NE-COARSE-LIT`: `O`, `B-TYPE` or `I-TYPE`.
    pub coarse: String,
    /// `NEL-LIT`: a Q-id, `NIL` or `_`.
    pub link: String,
    /// `MISC`: flags joined by `|`, or `_`.
    pub misc: String,
}

impl Token {
    fn flag(&self, name: &str) -> bool {
        self.misc.split('|').any(|f| f == name)
    }
}

/// One document: its `# key = value` metadata, in order, and its tokens.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HipeDoc {
    pub metadata: Vec<(String, String)>,
    pub tokens: Vec<Token>,
}

impl HipeDoc {
    pub fn meta(&self, key: &str) -> Option<&str> {
        self.metadata
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    pub fn id(&self) -> Option<&str> {
        self.meta("hipe2022:document_id")
    }
}

/// Reads a HIPE file. Never fails: a line it cannot read is skipped and
/// named in the returned problems (`line N: …`).
pub fn parse(text: &str) -> (Vec<HipeDoc>, Vec<String>) {
    let mut docs = Vec::new();
    let mut problems = Vec::new();
    let mut current = HipeDoc::default();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    for (number, line) in text.lines().enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            if !current.tokens.is_empty() {
                docs.push(std::mem::take(&mut current));
            }
            continue;
        }
        if let Some(comment) = line.strip_prefix('#') {
            let (key, value) = match comment.split_once('=') {
                Some((k, v)) => (k.trim().to_string(), v.trim().to_string()),
                None => (comment.trim().to_string(), String::new()),
            };
            if key == "hipe2022:document_id"
                && (!current.tokens.is_empty() || current.id().is_some())
            {
                docs.push(std::mem::take(&mut current));
            }
            // Comments among the tokens (segment marks) are not document
            // metadata.
            if current.tokens.is_empty() {
                current.metadata.push((key, value));
            }
            continue;
        }
        let columns: Vec<&str> = line.split('\t').collect();
        if columns.first() == Some(&"TOKEN") {
            continue;
        }
        if columns.len() < 2 || columns[0].is_empty() {
            problems.push(format!(
                "line {}: not a token line (expected {} tab-separated columns)",
                number + 1,
                COLUMNS.len()
            ));
            continue;
        }
        let column = |i: usize| columns.get(i).copied().unwrap_or("_").to_string();
        current.tokens.push(Token {
            text: column(0),
            coarse: column(1),
            link: column(7),
            misc: column(9),
        });
    }
    if !current.tokens.is_empty() {
        docs.push(current);
    }
    (docs, problems)
}

/// A mention found in the tags: its tokens, coarse type and link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TagMention {
    pub tokens: Range<usize>,
    pub kind: String,
    /// The first Q-id among its tokens; `None` for `NIL` or `_`.
    pub link: Option<String>,
}

/// The mentions of `tokens`: a `B-X` and the `I-X` after it (an `I-X`
/// without one starts a mention too).
pub fn mentions(tokens: &[Token]) -> Vec<TagMention> {
    let mut found: Vec<TagMention> = Vec::new();
    let mut open = false;
    for (i, token) in tokens.iter().enumerate() {
        let (tag, kind) = token.coarse.split_once('-').unwrap_or((&token.coarse, ""));
        let continues = tag == "I"
            && open
            && found
                .last()
                .is_some_and(|m| m.kind == kind && m.tokens.end == i);
        if continues {
            if let Some(last) = found.last_mut() {
                last.tokens.end = i + 1;
                if last.link.is_none() {
                    last.link = qid(&token.link);
                }
            }
        } else if (tag == "B" || tag == "I") && !kind.is_empty() {
            found.push(TagMention {
                tokens: i..i + 1,
                kind: kind.to_string(),
                link: qid(&token.link),
            });
            open = true;
        } else {
            open = false;
        }
    }
    found
}

fn qid(link: &str) -> Option<String> {
    let link = link.trim();
    (link.len() > 1 && link.starts_with('Q') && link[1..].bytes().all(|b| b.is_ascii_digit()))
        .then(|| link.to_string())
}

/// A document's text rebuilt from its tokens, each token's byte range in
/// it, and the layout that gives the tokens back.
pub struct Rebuilt {
    pub text: String,
    pub spans: Vec<Range<usize>>,
    /// One item per token: its length in characters, then `H` (hyphenated
    /// at a line end: a `¬` was taken out), `N` (`NoSpaceAfter`), `L`
    /// (`EndOfLine`), `S` (`EndOfSentence`), and `~flag` for any other flag.
    pub layout: String,
}

pub fn rebuild(tokens: &[Token]) -> Rebuilt {
    let mut text = String::new();
    let mut spans = Vec::with_capacity(tokens.len());
    let mut layout = String::new();
    for (i, token) in tokens.iter().enumerate() {
        let end_of_line = token.flag("EndOfLine");
        let no_space = token.flag("NoSpaceAfter");
        let hyphenated = end_of_line && token.text.ends_with(HYPHEN) && i + 1 < tokens.len();
        let shown = if hyphenated {
            token.text.strip_suffix(HYPHEN).unwrap_or(&token.text)
        } else {
            &token.text
        };
        let start = text.len();
        text.push_str(shown);
        spans.push(start..text.len());
        if !layout.is_empty() {
            layout.push(' ');
        }
        layout.push_str(&shown.chars().count().to_string());
        for (set, letter) in [
            (hyphenated, 'H'),
            (no_space, 'N'),
            (end_of_line, 'L'),
            (token.flag("EndOfSentence"), 'S'),
        ] {
            if set {
                layout.push(letter);
            }
        }
        for flag in token.misc.split('|') {
            if !matches!(
                flag,
                "_" | "" | "NoSpaceAfter" | "EndOfLine" | "EndOfSentence"
            ) && !flag.contains(char::is_whitespace)
            {
                layout.push('~');
                layout.push_str(flag);
            }
        }
        if i + 1 < tokens.len() {
            if hyphenated || no_space {
            } else if end_of_line {
                text.push('\n');
            } else {
                text.push(' ');
            }
        }
    }
    Rebuilt {
        text,
        spans,
        layout,
    }
}

/// Imports HIPE documents as newsls documents: one `*.news.md` a document,
/// and `registry.news.md` for the linked entities met in more than one.
pub fn import(docs: &[HipeDoc]) -> Imported {
    let sources: Vec<SourceDoc> = docs
        .iter()
        .enumerate()
        .map(|(i, doc)| {
            let rebuilt = rebuild(&doc.tokens);
            let mentions = mentions(&doc.tokens)
                .into_iter()
                .map(|m| SourceMention {
                    range: rebuilt.spans[m.tokens.start].start..rebuilt.spans[m.tokens.end - 1].end,
                    kind: m.kind,
                    link: m.link,
                })
                .collect();
            SourceDoc {
                stem: file_stem(doc, i),
                front: front_matter(doc),
                text: rebuilt.text,
                mentions,
                layout: Some(rebuilt.layout),
                tokens: doc.tokens.len(),
            }
        })
        .collect();
    build(&sources)
}

/// `YYYY-MM-DD-document-id`, or the id alone when the date is unknown.
fn file_stem(doc: &HipeDoc, index: usize) -> String {
    let id = doc
        .id()
        .map(slug)
        .unwrap_or_else(|| format!("document-{}", index + 1));
    match doc.meta("hipe2022:date").and_then(Date::parse) {
        Some(date) if !id.starts_with(&date.to_string()) => format!("{date}-{id}"),
        _ => id,
    }
}

fn front_matter(doc: &HipeDoc) -> String {
    let mut out = String::new();
    let id = doc.id().unwrap_or("untitled");
    let dataset = doc.meta("hipe2022:dataset").unwrap_or("unknown");
    let publication = doc
        .metadata
        .iter()
        .find(|(k, _)| k.ends_with(":publication_title"))
        .map(|(_, v)| v.replace('_', " ").trim().to_string())
        .filter(|v| !v.is_empty());
    let title = match publication {
        Some(p) => format!("{p}, {id}"),
        None => id.to_string(),
    };
    out.push_str(&format!("title: {}\n", yaml_string(&title)));
    if let Some(date) = doc.meta("hipe2022:date").and_then(Date::parse) {
        out.push_str(&format!("date: {date}\n"));
    }
    out.push_str(&format!(
        "source: {}\n",
        yaml_string(&format!("HIPE-2022 {dataset}"))
    ));
    out.push_str("hipe:\n");
    for (key, value) in &doc.metadata {
        out.push_str(&format!("  {}: {}\n", yaml_string(key), yaml_string(value)));
    }
    out
}

/// What the export needs to know of an entity.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EntityInfo {
    pub kind: Option<EntityKind>,
    /// The `type` field, when the entity has one.
    pub coarse: Option<String>,
    pub wikidata: Option<String>,
}

/// One document to export: its text, and its HIPE metadata when it has some.
pub struct Source<'a> {
    pub text: &'a str,
    pub doc: &'a syntax::Document,
    pub metadata: Vec<(String, String)>,
}

/// Tokens of a body without a layout comment: runs of letters and digits,
/// and each other character on its own.
fn tokenize(text: &str) -> Vec<(Range<usize>, String)> {
    let mut out: Vec<(Range<usize>, String)> = Vec::new();
    let mut word: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() || crate::syntax::is_word_char(c) {
            word.get_or_insert(i);
            continue;
        }
        if let Some(start) = word.take() {
            out.push((start..i, String::new()));
        }
        if !c.is_whitespace() {
            out.push((i..i + c.len_utf8(), String::new()));
        }
    }
    if let Some(start) = word {
        out.push((start..text.len(), String::new()));
    }
    // The flags: no space after, end of line.
    for k in 0..out.len() {
        let end = out[k].0.end;
        let next = out.get(k + 1).map_or(text.len(), |t| t.0.start);
        let gap = &text[end..next];
        let mut flags = Vec::new();
        if gap.is_empty() && k + 1 < out.len() {
            flags.push("NoSpaceAfter");
        }
        if gap.contains('\n') {
            flags.push("EndOfLine");
        }
        out[k].1 = if flags.is_empty() {
            "_".to_string()
        } else {
            flags.join("|")
        };
    }
    out
}

/// Tokens given back by a layout: byte ranges of `text` and MISC values.
fn from_layout(text: &str, layout: &str) -> Option<Vec<(Range<usize>, String, bool)>> {
    let mut out = Vec::new();
    let mut at = 0;
    for item in layout.split(' ').filter(|i| !i.is_empty()) {
        let digits = item.bytes().take_while(u8::is_ascii_digit).count();
        let length: usize = item[..digits].parse().ok()?;
        let rest = &item[digits..];
        let (letters, others) = rest.split_once('~').unwrap_or((rest, ""));
        let chars = text.get(at..)?;
        let bytes: usize = chars.chars().take(length).map(char::len_utf8).sum();
        let range = at..at + bytes;
        let mut flags: Vec<&str> = Vec::new();
        if letters.contains('N') {
            flags.push("NoSpaceAfter");
        }
        if letters.contains('S') {
            flags.push("EndOfSentence");
        }
        if letters.contains('L') {
            flags.push("EndOfLine");
        }
        flags.extend(others.split('~').filter(|f| !f.is_empty()));
        let hyphenated = letters.contains('H');
        at = range.end;
        // The separator the text has after it.
        if !(hyphenated || letters.contains('N')) {
            let sep = text.get(at..)?.chars().next();
            if let Some(c) = sep.filter(|c| c.is_whitespace()) {
                at += c.len_utf8();
            }
        }
        let misc = if flags.is_empty() {
            "_".to_string()
        } else {
            flags.join("|")
        };
        out.push((range, misc, hyphenated));
    }
    Some(out)
}

/// HIPE TSV for `sources`, entities looked up with `entity`. Documents with
/// no token are left out.
pub fn export(sources: &[Source], entity: &dyn Fn(&str) -> EntityInfo) -> String {
    let mut out = COLUMNS.join("\t");
    out.push('\n');
    let mut first = true;
    for source in sources {
        let plain = body::plain_text(source.text, source.doc);
        let tokens: Vec<(Range<usize>, String, bool)> = plain
            .layout
            .as_deref()
            .and_then(|l| from_layout(&plain.text, l))
            .unwrap_or_else(|| {
                tokenize(&plain.text)
                    .into_iter()
                    .map(|(r, m)| (r, m, false))
                    .collect()
            });
        if tokens.is_empty() {
            continue;
        }
        if !first {
            out.push('\n');
        }
        first = false;
        for (key, value) in &source.metadata {
            if value.is_empty() {
                out.push_str(&format!("# {key}\n"));
            } else {
                out.push_str(&format!("# {key} = {value}\n"));
            }
        }
        let mut mention = 0;
        let mut open: Option<usize> = None;
        for (range, misc, hyphenated) in &tokens {
            while plain
                .mentions
                .get(mention)
                .is_some_and(|m| m.range.end <= range.start)
            {
                mention += 1;
            }
            let inside = plain
                .mentions
                .get(mention)
                .filter(|m| m.range.start < range.end && range.start < m.range.end);
            let (coarse, link) = match inside {
                Some(m) => {
                    let info = entity(&m.id);
                    let coarse = info
                        .coarse
                        .unwrap_or_else(|| coarse_of(info.kind).to_string());
                    let tag = if open == Some(mention) { "I" } else { "B" };
                    open = Some(mention);
                    (
                        format!("{tag}-{coarse}"),
                        info.wikidata.unwrap_or_else(|| "NIL".to_string()),
                    )
                }
                None => {
                    open = None;
                    ("O".to_string(), "_".to_string())
                }
            };
            let mut token = plain.text[range.clone()].to_string();
            if *hyphenated {
                token.push(HYPHEN);
            }
            out.push_str(&format!(
                "{token}\t{coarse}\t_\t_\t_\t_\t_\t{link}\t_\t{misc}\n"
            ));
        }
    }
    out
}

/// The `hipe:` mapping of a document's front matter, in order.
pub fn metadata_of(text: &str, doc: &syntax::Document) -> Vec<(String, String)> {
    use crate::syntax::yaml::Node;
    let Some(front) = doc.front_matter else {
        return Vec::new();
    };
    let Some(yaml) = text.get(front.start..front.end) else {
        return Vec::new();
    };
    let (Some(Node::Mapping { entries, .. }), _) = syntax::yaml::parse(yaml) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (key, value) in &entries {
        if let (Node::Scalar(k), Node::Mapping { entries, .. }) = (key, value)
            && k.value == "hipe"
        {
            for (k, v) in entries {
                if let (Node::Scalar(k), Node::Scalar(v)) = (k, v) {
                    out.push((k.value.clone(), v.value.clone()));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
