//! Between plain text with mention spans (what corpora hold) and a
//! Markdown body with `[surface](@id)` mentions (what documents hold):
//! escaping on the way in, the parser's mentions and unescaping on the way
//! out, so spans survive the trip exactly.

use std::ops::Range;

use crate::syntax::Document;

/// Characters escaped wherever they are: they would start Markdown
/// (emphasis, links, HTML, code, tables, headings) or are the escape itself.
const ALWAYS: &[char] = &[
    '\\', '`', '*', '_', '[', ']', '<', '>', '#', '|', '&', '~', '!',
];

/// Writes `plain` as a Markdown body, with each of `mentions` (byte
/// ranges of `plain`, in order, not overlapping, and an id) as
/// `[surface](@id)`. Markdown characters are backslash-escaped, so the body
/// reads back as `plain` exactly (see [`plain_text`]).
pub fn render(plain: &str, mentions: &[(Range<usize>, String)]) -> String {
    let mut out = String::with_capacity(plain.len() * 11 / 10);
    let mut at = 0;
    for (range, id) in mentions {
        let (Some(before), Some(surface)) = (plain.get(at..range.start), plain.get(range.clone()))
        else {
            continue;
        };
        escape_into(&mut out, before);
        out.push('[');
        escape_into(&mut out, surface);
        out.push_str("](@");
        out.push_str(id);
        out.push(')');
        at = range.end;
    }
    escape_into(&mut out, plain.get(at..).unwrap_or_default());
    out
}

fn escape_into(out: &mut String, text: &str) {
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let line_start = out.is_empty() || out.ends_with('\n');
        if ALWAYS.contains(&c) || (line_start && matches!(c, '-' | '+' | '=')) {
            out.push('\\');
            out.push(c);
        } else if line_start && c.is_ascii_digit() {
            // `1923.` or `3)` at the start of a line would be a list item.
            out.push(c);
            while let Some(&d) = chars.peek() {
                if !d.is_ascii_digit() {
                    break;
                }
                out.push(d);
                chars.next();
            }
            if let Some(&p) = chars.peek()
                && matches!(p, '.' | ')')
            {
                out.push('\\');
                out.push(p);
                chars.next();
            }
        } else {
            out.push(c);
        }
    }
}

/// `text` with Markdown backslash escapes resolved.
pub fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\'
            && let Some(&next) = chars.peek()
            && next.is_ascii_punctuation()
        {
            out.push(next);
            chars.next();
        } else {
            out.push(c);
        }
    }
    out
}

/// Where the body starts: after the line closing the front matter.
pub fn body_start(text: &str, doc: &Document) -> usize {
    let Some(front) = doc.front_matter else {
        return 0;
    };
    let mut offset = front.end.min(text.len());
    for line in text.get(offset..).unwrap_or_default().split_inclusive('\n') {
        offset += line.len();
        if matches!(line.trim_end(), "---" | "...") {
            return offset;
        }
    }
    text.len()
}

/// The comment that keeps a corpus's token layout at the end of a body.
pub const LAYOUT_OPEN: &str = "<!-- newsls:tokens ";
pub const LAYOUT_CLOSE: &str = " -->";

/// A document's body as plain text, its mentions as byte ranges of that
/// text, and the token layout comment when there is one.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Plain {
    pub text: String,
    pub mentions: Vec<PlainMention>,
    pub layout: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlainMention {
    pub id: String,
    pub range: Range<usize>,
}

/// The plain text of `text`'s body: mentions become their surface (a bare
/// `[@id]` stays `@id`), escapes are resolved, the layout comment is taken
/// out. Other Markdown is kept as written.
pub fn plain_text(text: &str, doc: &Document) -> Plain {
    let start = body_start(text, doc);
    let (end, layout) = match text.rfind(LAYOUT_OPEN) {
        Some(open) if open >= start => {
            let inner = &text[open + LAYOUT_OPEN.len()..];
            let inner = inner.split(LAYOUT_CLOSE).next().unwrap_or_default();
            (open, Some(inner.to_string()))
        }
        _ => (text.len(), None),
    };
    let mut plain = Plain {
        layout,
        ..Plain::default()
    };
    let mut at = start;
    for mention in &doc.mentions {
        if mention.range.start < at || mention.range.end > end {
            continue;
        }
        plain.text.push_str(&unescape(
            text.get(at..mention.range.start).unwrap_or_default(),
        ));
        let surface = match mention.surface {
            Some(s) => unescape(text.get(s.start..s.end).unwrap_or_default()),
            None => format!("@{}", mention.id),
        };
        let from = plain.text.len();
        plain.text.push_str(&surface);
        plain.mentions.push(PlainMention {
            id: mention.id.clone(),
            range: from..plain.text.len(),
        });
        at = mention.range.end;
    }
    plain
        .text
        .push_str(&unescape(text.get(at..end).unwrap_or_default()));
    if plain.layout.is_some() {
        // The comment is set off from the text by a blank line.
        let trimmed = plain.text.trim_end_matches('\n').len();
        plain.text.truncate(trimmed);
    }
    plain
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse;

    #[test]
    fn markdown_round_trips_to_the_same_plain_text_and_spans() {
        let plain = "1923. M. de Lasteyrie *dit* [oui] <b>\n- 3) à Paris & #1 \\ _x_ !";
        let paris = plain.find("Paris").unwrap();
        let lasteyrie = plain.find("M. de").unwrap();
        let mentions = vec![
            (
                lasteyrie..lasteyrie + "M. de Lasteyrie".len(),
                "lasteyrie".to_string(),
            ),
            (paris..paris + 5, "paris".to_string()),
        ];
        let body = render(plain, &mentions);
        assert_eq!(
            body,
            "1923\\. [M. de Lasteyrie](@lasteyrie) \\*dit\\* \\[oui\\] \\<b\\>\n\\- 3) à [Paris](@paris) \\& \\#1 \\\\ \\_x\\_ \\!"
        );
        let text = format!("---\ntitle: t\n---\n{body}\n\n{LAYOUT_OPEN}3 1N{LAYOUT_CLOSE}\n");
        let (doc, _) = parse(&text);
        let back = plain_text(&text, &doc);
        assert_eq!(back.text, plain);
        assert_eq!(back.layout.as_deref(), Some("3 1N"));
        let spans: Vec<(&str, &str)> = back
            .mentions
            .iter()
            .map(|m| (m.id.as_str(), &back.text[m.range.clone()]))
            .collect();
        assert_eq!(
            spans,
            [("lasteyrie", "M. de Lasteyrie"), ("paris", "Paris")]
        );
    }
}
