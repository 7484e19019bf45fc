//! `first-reference`, a newsroom style rule (off unless the settings turn
//! it on): the first mention of a person in a document's body gives the
//! full name (the entity's `name`; a title before it is fine), so the
//! reader knows who "Rutte" is before the story calls them that. Later
//! short mentions are fine, and so are mentions in headings, where
//! newsrooms write short names.

use std::collections::HashSet;

use super::lookups::Lookups;
use super::{Code, Diagnostic};
use crate::syntax::{EntityKind, Fix, Mention, MentionForm, TextRange, fold, phrase_of, words};
use crate::workspace::File;

pub(super) fn check(lookups: &Lookups<'_>, file: &File, out: &mut Vec<Diagnostic>) {
    let mut seen: HashSet<&str> = HashSet::new();
    for mention in &file.doc.mentions {
        if in_heading(file, mention) || !seen.insert(mention.id.as_str()) {
            continue;
        }
        let (MentionForm::Inline, Some(surface)) = (mention.form, mention.surface) else {
            // `[@id]` shows the entity's name.
            continue;
        };
        let defined = lookups.defined(&mention.id);
        let is_person = defined.definitions.iter().any(|d| {
            d.def
                .kind
                .as_ref()
                .is_some_and(|k| k.value == EntityKind::Person)
        });
        let Some(full) = defined
            .definitions
            .iter()
            .find_map(|d| d.def.name.as_ref())
            .map(|n| n.value.trim())
        else {
            continue;
        };
        if !is_person {
            continue;
        }
        let written: Vec<(TextRange, String)> = words(file.slice(surface))
            .map(|(r, w)| (r.shift(surface.start), fold(w)))
            .collect();
        let gives = |phrase: &str| -> Option<usize> {
            let name: Vec<&str> = phrase.split(' ').collect();
            (0..written.len()).find(|&i| {
                written
                    .get(i..i + name.len())
                    .is_some_and(|w| w.iter().zip(&name).all(|((_, w), n)| w == n))
            })
        };
        let full_names: Vec<String> = defined
            .definitions
            .iter()
            .filter_map(|d| d.def.name.as_ref())
            .filter_map(|n| phrase_of(&n.value))
            .map(|p| p.0)
            .collect();
        if full_names.iter().any(|n| gives(n).is_some()) {
            continue;
        }
        // Where the short name starts, so a title before it stays.
        let short_start = defined
            .names
            .iter()
            .filter_map(|(_, phrase)| phrase.as_deref())
            .filter_map(|p| gives(p.trim()))
            .min()
            .and_then(|i| written.get(i))
            .map_or(surface.start, |(r, _)| r.start);
        let text = file.slice(surface);
        let message = format!(
            "the first mention of `@{}` gives “{text}”: a first reference gives the full name, “{full}”",
            mention.id
        );
        let fix = Fix::new(
            format!("Write the full name, “{full}”"),
            TextRange::new(short_start, surface.end),
            full,
        );
        out.push(Diagnostic::new(Code::FirstReference, surface, message).with_fix(Some(fix)));
    }
}

/// Whether the mention is on an ATX heading's line (`# …`).
fn in_heading(file: &File, mention: &Mention) -> bool {
    let before = file.text.get(..mention.range.start).unwrap_or("");
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    before
        .get(line_start..)
        .is_some_and(|line| line.trim_start().starts_with('#'))
}

#[cfg(test)]
mod tests;
