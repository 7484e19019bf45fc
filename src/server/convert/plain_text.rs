//! Markdown as plain text, for clients that show hovers only as plain
//! text: the text of each paragraph, heading and list item on its own line.

/// The text of `markdown`, for clients that show hover as plain text.
pub fn of(markdown: &str) -> String {
    use pulldown_cmark::{Event, Parser, TagEnd};
    let mut out = String::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Text(text) | Event::Code(text) => out.push_str(&text),
            Event::SoftBreak | Event::HardBreak => out.push('\n'),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => {
                out.push('\n');
            }
            Event::Rule => out.push('\n'),
            _ => {}
        }
    }
    out.trim_end().to_string()
}
