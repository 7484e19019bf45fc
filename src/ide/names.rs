//! Known names in prose: where a document names an entity in plain words.

use std::ops::Range;

use crate::syntax::{Phrase, TextRange, fold_into, words};
use crate::workspace::{File, Index};

/// Plain words that name one or more entities.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameMatch {
    pub range: TextRange,
    pub ids: Vec<String>,
}

/// Known names in one prose segment of `file`.
pub fn in_segment(index: &Index, file: &File, segment: TextRange) -> Vec<NameMatch> {
    let mut found = Vec::new();
    Scan::new(index).segment(file, segment, &mut found);
    found
}

/// How many words, and how many phrases, a scan remembers the index's
/// answer for: far more than a language has in common use, far fewer than
/// a corpus of random tokens.
const REMEMBERED: usize = 200_000;

/// The prose scan of one index, reused from segment to segment and from
/// document to document (`newsls check` keeps one per thread). Every word
/// of a document is folded and looked up, and most start no name, so
/// words are folded into one buffer rather than a `String` each, and the
/// index is asked about each distinct word once.
pub(super) struct Scan<'i> {
    index: &'i Index,
    /// The index's longest name, in words.
    longest: usize,
    /// The index's answer to [`Index::longest_name_starting`] for each
    /// word asked so far.
    first_words: foldhash::HashMap<String, usize>,
    /// The ids each phrase asked so far names (most name none).
    named: foldhash::HashMap<String, Box<[String]>>,
    /// The segment's words, folded, separated by single spaces: the words
    /// from one to another are the phrase a name is indexed by.
    folded: String,
    /// Each word's range in the text, and in `folded`.
    words: Vec<(TextRange, Range<usize>)>,
    /// The phrase being looked up.
    phrase: Phrase,
}

impl<'i> Scan<'i> {
    pub(super) fn new(index: &'i Index) -> Self {
        Scan {
            index,
            longest: index.longest_name(),
            first_words: foldhash::HashMap::default(),
            named: foldhash::HashMap::default(),
            folded: String::new(),
            words: Vec::new(),
            phrase: Phrase(String::new()),
        }
    }

    /// Every known name in the prose of `file`, longest first where names
    /// overlap ("President Vladimir Putin" before "Putin"), in text order.
    pub(super) fn prose(&mut self, file: &File) -> Vec<NameMatch> {
        let mut found = Vec::new();
        for &segment in &file.doc.prose {
            self.segment(file, segment, &mut found);
        }
        found
    }

    fn segment(&mut self, file: &File, segment: TextRange, found: &mut Vec<NameMatch>) {
        if self.longest == 0 {
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
            let longest = self.longest_starting(first.clone()).min(self.longest);
            match self.longest_at(i, longest) {
                Some((len, m)) => {
                    found.push(m);
                    i += len;
                }
                None => i += 1,
            }
        }
    }

    /// The index's longest name starting with the folded word at `word`
    /// of `folded`.
    fn longest_starting(&mut self, word: Range<usize>) -> usize {
        let word = self.folded.get(word).unwrap_or("");
        if let Some(&longest) = self.first_words.get(word) {
            return longest;
        }
        let longest = self.index.longest_name_starting(word);
        if self.first_words.len() < REMEMBERED {
            self.first_words.insert(word.to_string(), longest);
        }
        longest
    }

    /// The longest known name of at most `longest` words starting at word
    /// `i`, with its word count.
    fn longest_at(&mut self, i: usize, longest: usize) -> Option<(usize, NameMatch)> {
        let max = longest.min(self.words.len().saturating_sub(i));
        (1..=max).rev().find_map(|len| {
            let (first, last) = (self.words.get(i)?, self.words.get(i + len - 1)?);
            let range = TextRange::new(first.0.start, last.0.end);
            let ids = self.named(first.1.start..last.1.end);
            (!ids.is_empty()).then_some((len, NameMatch { range, ids }))
        })
    }

    /// The ids the phrase at `phrase` of `folded` names.
    fn named(&mut self, phrase: Range<usize>) -> Vec<String> {
        let phrase = self.folded.get(phrase).unwrap_or("");
        if let Some(ids) = self.named.get(phrase) {
            return ids.to_vec();
        }
        self.phrase.0.clear();
        self.phrase.0.push_str(phrase);
        let ids: Vec<String> = self.index.named(&self.phrase).map(str::to_string).collect();
        if self.named.len() < REMEMBERED {
            self.named.insert(phrase.to_string(), ids.clone().into());
        }
        ids
    }
}
