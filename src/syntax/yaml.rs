//! A small YAML tree with byte ranges, built from saphyr's event stream.
//!
//! saphyr reports positions in characters; the tree carries byte offsets
//! relative to the YAML text, so callers can shift them into the document.
//! On a syntax error the tree holds everything parsed before it, and the
//! error is returned beside it.

use saphyr_parser::{Event, Parser, ScalarStyle, Span};

use super::TextRange;

#[derive(Debug)]
pub enum Node {
    Scalar(Scalar),
    Sequence {
        items: Vec<Node>,
        range: TextRange,
    },
    Mapping {
        entries: Vec<(Node, Node)>,
        range: TextRange,
    },
    /// An alias (`*name`).
    Alias {
        range: TextRange,
    },
    /// A value cut short by a syntax error (already reported).
    Missing {
        range: TextRange,
    },
}

#[derive(Debug)]
pub struct Scalar {
    pub value: String,
    /// The source range, quotes included.
    pub range: TextRange,
    pub quoted: bool,
}

impl Scalar {
    /// The range of the value without its quotes. Exact for the common case
    /// of a quoted string without escapes; otherwise the whole scalar.
    pub fn value_range(&self) -> TextRange {
        if self.quoted && self.range.len() == self.value.len() + 2 {
            TextRange::new(self.range.start + 1, self.range.end - 1)
        } else {
            self.range
        }
    }

    /// An empty plain scalar or `~`/`null`: a key with no value.
    pub fn is_null(&self) -> bool {
        !self.quoted && matches!(self.value.as_str(), "" | "~" | "null" | "Null" | "NULL")
    }
}

impl Node {
    pub fn range(&self) -> TextRange {
        match self {
            Node::Scalar(s) => s.range,
            Node::Sequence { range, .. }
            | Node::Mapping { range, .. }
            | Node::Alias { range }
            | Node::Missing { range } => *range,
        }
    }

    pub fn kind_name(&self) -> &'static str {
        match self {
            Node::Scalar(_) => "a value",
            Node::Sequence { .. } => "a list",
            Node::Mapping { .. } => "a mapping",
            Node::Alias { .. } => "an alias",
            Node::Missing { .. } => "missing",
        }
    }
}

/// No front matter needs more; entity fields are three levels deep.
const MAX_DEPTH: usize = 64;

pub struct YamlError {
    pub offset: usize,
    pub message: String,
}

/// Parses the first YAML document of `text`. `None` when it is empty.
pub fn parse(text: &str) -> (Option<Node>, Option<YamlError>) {
    let offsets = CharOffsets::new(text);
    let mut builder = Builder {
        stack: Vec::new(),
        root: None,
    };
    let mut error = None;
    for event in Parser::new_from_str(text) {
        match event {
            Ok((event, span)) => {
                let range = offsets.range(span);
                let opens = matches!(event, Event::SequenceStart(..) | Event::MappingStart(..));
                if opens && builder.stack.len() >= MAX_DEPTH {
                    // Dropping a tree recurses once per level: a deep one
                    // would overflow the stack.
                    error = Some(YamlError {
                        offset: range.start,
                        message: format!("nested more than {MAX_DEPTH} levels deep"),
                    });
                    break;
                }
                if builder.event(event, range) {
                    break;
                }
            }
            Err(e) => {
                error = Some(YamlError {
                    offset: offsets.byte(e.marker().index()),
                    message: tidy(e.info()),
                });
                break;
            }
        }
    }
    (builder.finish(text.len()), error)
}

/// saphyr quotes characters as `` `x' ``; the rest of newsls, and Markdown,
/// use backticks on both sides.
fn tidy(message: &str) -> String {
    match message.strip_suffix('\'') {
        Some(head) if head.contains('`') => format!("{head}`"),
        _ => message.to_string(),
    }
}

struct Builder {
    stack: Vec<Open>,
    root: Option<Node>,
}

enum Open {
    Sequence(Vec<Node>, usize),
    Mapping(Vec<(Node, Node)>, Option<Node>, usize),
}

impl Builder {
    /// Feeds one event; returns `true` once the first document is complete.
    fn event(&mut self, event: Event<'_>, range: TextRange) -> bool {
        match event {
            Event::Scalar(value, style, _, _) => self.push(Node::Scalar(Scalar {
                value: value.into_owned(),
                range,
                quoted: matches!(style, ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted),
            })),
            Event::Alias(_) => self.push(Node::Alias { range }),
            Event::SequenceStart(..) => self.stack.push(Open::Sequence(Vec::new(), range.start)),
            Event::MappingStart(..) => {
                self.stack
                    .push(Open::Mapping(Vec::new(), None, range.start))
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some(open) = self.stack.pop() {
                    // A flow collection ends at its `]` or `}`; a block one
                    // has an empty end marker at the next line's content,
                    // so it ends with its last child instead.
                    let end = if range.is_empty() {
                        open.last_child_end().unwrap_or(range.end)
                    } else {
                        range.end
                    };
                    let node = close(open, end);
                    self.push(node);
                }
            }
            Event::DocumentEnd => return true,
            _ => {}
        }
        false
    }

    fn push(&mut self, node: Node) {
        match self.stack.last_mut() {
            Some(Open::Sequence(items, _)) => items.push(node),
            Some(Open::Mapping(entries, key, _)) => match key.take() {
                Some(k) => entries.push((k, node)),
                None => *key = Some(node),
            },
            None => {
                if self.root.is_none() {
                    self.root = Some(node);
                }
            }
        }
    }

    /// Closes whatever an error left open, so the partial tree is usable.
    fn finish(mut self, end: usize) -> Option<Node> {
        while let Some(open) = self.stack.pop() {
            let node = close(open, end);
            self.push(node);
        }
        self.root
    }
}

impl Open {
    fn last_child_end(&self) -> Option<usize> {
        match self {
            Open::Sequence(items, _) => items.last().map(|n| n.range().end),
            Open::Mapping(entries, dangling_key, _) => dangling_key
                .as_ref()
                .or(entries.last().map(|(_, value)| value))
                .map(|n| n.range().end),
        }
    }
}

fn close(open: Open, end: usize) -> Node {
    match open {
        Open::Sequence(items, start) => Node::Sequence {
            items,
            range: TextRange::new(start, end.max(start)),
        },
        Open::Mapping(mut entries, dangling_key, start) => {
            if let Some(key) = dangling_key {
                let at = key.range().end;
                entries.push((
                    key,
                    Node::Missing {
                        range: TextRange::new(at, at),
                    },
                ));
            }
            Node::Mapping {
                entries,
                range: TextRange::new(start, end.max(start)),
            }
        }
    }
}

/// Converts saphyr's character indices to byte offsets.
struct CharOffsets {
    /// Byte offset of each character, only built for non-ASCII text.
    bytes: Option<Vec<usize>>,
    len: usize,
}

impl CharOffsets {
    fn new(text: &str) -> Self {
        let bytes = (!text.is_ascii()).then(|| text.char_indices().map(|(i, _)| i).collect());
        CharOffsets {
            bytes,
            len: text.len(),
        }
    }

    fn byte(&self, char_index: usize) -> usize {
        match &self.bytes {
            None => char_index.min(self.len),
            Some(bytes) => bytes.get(char_index).copied().unwrap_or(self.len),
        }
    }

    fn range(&self, span: Span) -> TextRange {
        let start = self.byte(span.start.index());
        TextRange::new(start, self.byte(span.end.index()).max(start))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_bytes_even_after_non_ascii() {
        let text = "title: \"Héllo ✨\"\nname: Zelenskyy\n";
        let (root, error) = parse(text);
        assert!(error.is_none());
        let Some(Node::Mapping { entries, .. }) = root else {
            panic!("expected a mapping");
        };
        let Node::Scalar(name) = &entries[1].1 else {
            panic!("expected a scalar");
        };
        assert_eq!(&text[name.range.start..name.range.end], "Zelenskyy");
        let Node::Scalar(title) = &entries[0].1 else {
            panic!("expected a scalar");
        };
        let inner = title.value_range();
        assert_eq!(&text[inner.start..inner.end], "Héllo ✨");
    }

    #[test]
    fn keeps_what_was_parsed_before_an_error() {
        let text = "a: 1\nb: [\n";
        let (root, error) = parse(text);
        let error = error.expect("an error");
        assert!(error.offset <= text.len());
        let Some(Node::Mapping { entries, .. }) = root else {
            panic!("expected a mapping");
        };
        assert_eq!(entries.len(), 2);
    }
}
