//! The Markdown body: annotated mentions, and the prose around them.

use pulldown_cmark::{BrokenLink, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

use super::{
    Document, Mention, MentionForm, SyntaxError, TextRange, invalid_id, is_valid_entity_id,
};

/// Scans the body `text`, which starts at byte `base` of the document.
pub fn scan(text: &str, base: usize, doc: &mut Document, errors: &mut Vec<SyntaxError>) {
    // `[@id]` has no link definition; resolving it here turns it into a link
    // like the inline form, so both are read the same way below.
    let mut resolve = |link: BrokenLink<'_>| -> Option<(CowStr<'_>, CowStr<'_>)> {
        link.reference
            .starts_with('@')
            .then(|| (CowStr::from(link.reference.to_string()), CowStr::from("")))
    };
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES;
    let parser = Parser::new_with_broken_link_callback(text, options, Some(&mut resolve));

    let mut in_code_block = false;
    // The links and images we are inside of; `true` for a mention.
    let mut links: Vec<bool> = Vec::new();
    for (event, range) in parser.into_offset_iter() {
        let range = TextRange::new(range.start, range.end);
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
            Event::End(TagEnd::CodeBlock) => in_code_block = false,
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => {
                let found = dest_url
                    .strip_prefix('@')
                    .map(|id| mentions(text, range, link_type, id))
                    .unwrap_or_default();
                links.push(!found.is_empty());
                for mut mention in found {
                    shift(&mut mention, base);
                    if !is_valid_entity_id(&mention.id) {
                        let mut error =
                            invalid_id(&mention.id, mention.id_range, |id| format!("@{id}"));
                        // Only an id written in place can be replaced.
                        if !mention.id_is_written() {
                            error.fix = None;
                        }
                        errors.push(error);
                    }
                    doc.mentions.push(mention);
                }
            }
            // An image's alt text is no place for a mention either.
            Event::Start(Tag::Image { .. }) => links.push(false),
            Event::End(TagEnd::Link | TagEnd::Image) => {
                links.pop();
            }
            // Text inside any link is not prose: a mention cannot be
            // nested in a link, so a name there cannot be annotated.
            Event::Text(_) | Event::SoftBreak | Event::HardBreak
                if !in_code_block && links.is_empty() =>
            {
                add_prose(&mut doc.prose, range.shift(base));
            }
            _ => {}
        }
    }
}

/// Adds a prose range, joining it to the previous one when they touch, so
/// a name split over two text events is still found.
fn add_prose(prose: &mut Vec<TextRange>, range: TextRange) {
    match prose.last_mut() {
        Some(last) if last.end == range.start => last.end = range.end,
        _ => prose.push(range),
    }
}

fn shift(mention: &mut Mention, base: usize) {
    mention.range = mention.range.shift(base);
    mention.id_range = mention.id_range.shift(base);
    mention.surface = mention.surface.map(|s| s.shift(base));
}

/// The mentions a link at `range` of `text` stands for: usually one.
fn mentions(text: &str, range: TextRange, link_type: LinkType, id: &str) -> Vec<Mention> {
    let source = text.get(range.start..range.end).unwrap_or("");
    if link_type == LinkType::ReferenceUnknown && source.starts_with("[@") {
        // `[@a][@b]` reads as one reference link in CommonMark; the writer
        // meant two mentions.
        let Some(close) = source.find("][") else {
            return Vec::new();
        };
        let first_id = source.get(2..close).unwrap_or("");
        let first = TextRange::new(range.start, range.start + close + 1);
        let second = TextRange::new(first.end, range.end);
        let bare = LinkType::ShortcutUnknown;
        return [
            mention(text, first, bare, first_id),
            mention(text, second, bare, id),
        ]
        .into_iter()
        .flatten()
        .collect();
    }
    mention(text, range, link_type, id).into_iter().collect()
}

/// Locates the parts of a mention written at `range` of `text`.
fn mention(text: &str, range: TextRange, link_type: LinkType, id: &str) -> Option<Mention> {
    let source = text.get(range.start..range.end)?;
    let at = |offset: usize| range.start + offset;
    let written_id = |from: usize| -> Option<TextRange> {
        // `from` is where `@` should be; the id must be written literally.
        let rest = source.get(from..)?;
        let rest = rest.strip_prefix('@')?;
        rest.starts_with(id)
            .then(|| TextRange::new(at(from), at(from + 1 + id.len())))
    };
    let surface = |close: usize| Some(TextRange::new(at(1), at(close)));
    let after =
        |close: usize, opener: &str| -> Option<(Option<TextRange>, TextRange, MentionForm)> {
            let mut dest = close + opener.len();
            let rest = source.get(dest..)?;
            dest += rest.len() - rest.trim_start().len();
            if source.get(dest..)?.starts_with('<') {
                dest += 1;
            }
            Some((surface(close), written_id(dest)?, MentionForm::Inline))
        };
    // The first `](` (or `][`) after which the id is written is the one
    // that closes the surface; a title may hold another.
    let located = match link_type {
        LinkType::Inline => source
            .match_indices("](")
            .find_map(|(close, opener)| after(close, opener)),
        LinkType::Reference | LinkType::ReferenceUnknown => source
            .match_indices("][")
            .find_map(|(close, opener)| after(close, opener)),
        LinkType::ShortcutUnknown | LinkType::CollapsedUnknown if source.starts_with("[@") => {
            written_id(1).map(|r| (None, r, MentionForm::Bare))
        }
        _ => None,
    };
    // A link to `@…` written with escapes or entities (`@pu\_tin`) is still
    // a mention, so it is checked; it is located at the whole link.
    let (surface, id_range, form) = located.unwrap_or((None, range, MentionForm::Inline));
    Some(Mention {
        id: id.to_string(),
        range,
        id_range,
        surface,
        form,
    })
}
