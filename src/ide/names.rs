//! Known names in prose: where a document names an entity in plain words.

use std::ops::Range;

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
    let mut scan = Scan::new();
    let mut found = Vec::new();
    for &segment in &file.doc.prose {
        scan.segment(index, file, segment, &mut found);
    }
    found
}

/// Known names in one prose segment of `file`.
pub fn in_segment(index: &Index, file: &File, segment: TextRange) -> Vec<NameMatch> {
    let mut found = Vec::new();
    Scan::new().segment(index, file, segment, &mut found);
    found
}

/// What a scan reuses from segment to segment: every word of a document
/// is folded and looked up, and most start no name, so words are folded
/// into one buffer rather than a `String` each.
struct Scan {
    /// The segment's words, folded, separated by single spaces: the words
    /// from one to another are the phrase a name is indexed by.
    folded: String,
    /// Each word's range in the text, and in `folded`.
    words: Vec<(TextRange, Range<usize>)>,
    /// The phrase being looked up.
    phrase: Phrase,
}

impl Scan {
    fn new() -> Scan {
        Scan {
            folded: String::new(),
            words: Vec::new(),
            phrase: Phrase(String::new()),
        }
    }

    fn segment(
        &mut self,
        index: &Index,
        file: &File,
        segment: TextRange,
        found: &mut Vec<NameMatch>,
    ) {
        let longest = index.longest_name();
        if longest == 0 {
            return;
        }
        self.folded.clear();
        self.words.clear();
        for (range, word) in words(file.slice(segment)) {
            if !self.folded.is_empty() {
                self.folded.push(' ');
            }
            let start = self.folded.len();
            fold_into(word, &mut self.folded);
            let range = range.shift(segment.start);
            self.words.push((range, start..self.folded.len()));
        }
        let mut i = 0;
        while let Some((_, first)) = self.words.get(i) {
            let first = self.folded.get(first.clone()).unwrap_or("");
            let longest = index.longest_name_starting(first).min(longest);
            match self.longest_at(index, i, longest) {
                Some((len, m)) => {
                    found.push(m);
                    i += len;
                }
                None => i += 1,
            }
        }
    }

    /// The longest known name of at most `longest` words starting at word
    /// `i`, with its word count.
    fn longest_at(
        &mut self,
        index: &Index,
        i: usize,
        longest: usize,
    ) -> Option<(usize, NameMatch)> {
        let max = longest.min(self.words.len().saturating_sub(i));
        (1..=max).rev().find_map(|len| {
            let (first, last) = (self.words.get(i)?, self.words.get(i + len - 1)?);
            self.phrase.0.clear();
            self.phrase
                .0
                .push_str(self.folded.get(first.1.start..last.1.end)?);
            let ids: Vec<String> = index.named(&self.phrase).map(str::to_string).collect();
            if ids.is_empty() {
                return None;
            }
            let range = TextRange::new(first.0.start, last.0.end);
            Some((len, NameMatch { range, ids }))
        })
    }
}

/// [`fold`] appended to `out`, with no `String` of its own for an ASCII
/// word.
pub(super) fn fold_into(word: &str, out: &mut String) {
    if word.is_ascii() {
        let start = out.len();
        out.push_str(word);
        if let Some(added) = out.get_mut(start..) {
            added.make_ascii_lowercase();
        }
    } else {
        out.push_str(&fold(word));
    }
}
