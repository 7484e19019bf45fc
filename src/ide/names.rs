//! Known names in prose: where a document names an entity in plain words.

use crate::syntax::{Phrase, TextRange, fold, words};
use crate::workspace::{File, Index};

/// Plain words that name one or more entities.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameMatch {
    pub range: TextRange,
    pub ids: Vec<String>,
}

/// Every known name in the prose of `file`, longest first where names
/// overlap ("President Vladimir Putin" before "Putin"), in text order.
pub fn in_prose(index: &Index, file: &File) -> Vec<NameMatch> {
    file.doc
        .prose
        .iter()
        .flat_map(|&segment| in_segment(index, file, segment))
        .collect()
}

/// Known names in one prose segment of `file`.
pub fn in_segment(index: &Index, file: &File, segment: TextRange) -> Vec<NameMatch> {
    let longest = index.longest_name();
    let mut found = Vec::new();
    if longest == 0 {
        return found;
    }
    let spans: Vec<(TextRange, String)> = words(file.slice(segment))
        .map(|(range, w)| (range.shift(segment.start), fold(w)))
        .collect();
    let mut i = 0;
    while let Some(rest) = spans.get(i..).filter(|r| !r.is_empty()) {
        let longest = rest
            .first()
            .map_or(0, |(_, word)| index.longest_name_starting(word))
            .min(longest);
        match longest_at(index, rest, longest) {
            Some((len, m)) => {
                found.push(m);
                i += len;
            }
            None => i += 1,
        }
    }
    found
}

/// The longest known name starting at the first of `spans`, with its word
/// count.
fn longest_at(
    index: &Index,
    spans: &[(TextRange, String)],
    longest: usize,
) -> Option<(usize, NameMatch)> {
    let max = longest.min(spans.len());
    (1..=max).rev().find_map(|len| {
        let taken = spans.get(..len)?;
        let phrase = Phrase(
            taken
                .iter()
                .map(|(_, w)| w.as_str())
                .collect::<Vec<_>>()
                .join(" "),
        );
        let ids: Vec<String> = index.named(&phrase).map(str::to_string).collect();
        if ids.is_empty() {
            return None;
        }
        let range = TextRange::new(taken.first()?.0.start, taken.last()?.0.end);
        Some((len, NameMatch { range, ids }))
    })
}
