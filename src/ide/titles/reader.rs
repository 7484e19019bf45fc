//! Reading the words around one name: the title before it, inside its
//! link text or as an appositive after it, with its qualifier.

use super::*;

pub(super) struct Reader<'r, 'a> {
    pub(super) file: &'r File,
    pub(super) vocabulary: &'r Vocabulary<'a>,
    pub(super) qualifiers: &'r Qualifiers,
}

impl Reader<'_, '_> {
    /// The text between two offsets, empty when they are out of order.
    fn between(&self, start: usize, end: usize) -> &str {
        if start > end {
            return "";
        }
        self.file.slice(TextRange::new(start, end))
    }

    /// Whether `found` reads as `title`: the same words, folded, with only
    /// what may join a title's words between them.
    fn reads_as(&self, title: &Title, found: &[Word]) -> bool {
        let same = title
            .phrase
            .split(' ')
            .zip(found)
            .all(|(t, w)| w.folded == t);
        same && found
            .windows(2)
            .all(|p| self.joins_title(p[0].range.end, p[1].range.start))
    }

    /// Only spaces, hyphens, apostrophes, emphasis and an abbreviation's
    /// `.` (the sentence is cut already) lie between two words of one
    /// title.
    fn joins_title(&self, start: usize, end: usize) -> bool {
        let gap = self.between(start, end);
        start <= end
            && gap.chars().all(|c| {
                c.is_whitespace() || matches!(c, '-' | '‐' | '‑' | '\'' | '’' | '*' | '_' | '.')
            })
            && gap.matches('\n').count() < 2
    }

    /// Only spaces, hyphens, emphasis, an abbreviation's `.` and a link's
    /// opening bracket lie between a title (or a qualifier) and what
    /// follows it.
    fn joins_name(&self, start: usize, end: usize) -> bool {
        let gap = self.between(start, end);
        start <= end
            && gap
                .chars()
                .all(|c| c.is_whitespace() || matches!(c, '-' | '‐' | '‑' | '*' | '_' | '[' | '.'))
            && gap.matches('\n').count() < 2
    }

    /// Where the sentence holding `at` starts: after the last `.`, `!` or
    /// `?` followed by a space (a `.` after an initial or an abbreviation,
    /// as in "U.S. President" or "Sen. Harris", ends nothing), or a blank
    /// line, within reach.
    fn sentence_start(&self, body_start: usize, at: usize) -> usize {
        let from = crate::syntax::floor_char_boundary(
            &self.file.text,
            at.saturating_sub(REACH).max(body_start),
        );
        let text = self.between(from, at);
        let mut start = 0;
        let mut chars = text.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let next = chars.peek().map(|&(_, n)| n);
            let stop = match c {
                '.' => !abbreviation(text.get(..i).unwrap_or("")),
                '!' | '?' => true,
                _ => false,
            };
            let ends =
                stop && next.is_some_and(char::is_whitespace) || c == '\n' && next == Some('\n');
            if ends {
                start = i + c.len_utf8();
            }
        }
        from + start
    }

    /// The longest title of the entity that the words end with (`end` words
    /// of `words`), and its first word.
    fn title_ending(&self, words: &[Word], end: usize, next: usize) -> Option<(usize, &Title)> {
        self.vocabulary.titles.iter().find_map(|title| {
            let n = title.word_count();
            let start = end.checked_sub(n)?;
            let found = words.get(start..end)?;
            let last = found.last()?;
            (self.reads_as(title, found) && self.joins_name(last.range.end, next))
                .then_some((start, *title))
        })
    }

    /// Whether the last word before `name_start` may end one of the
    /// entity's titles or a qualifier, as it must for [`Reader::before`]
    /// to find a title: most names follow none, and reading the
    /// sentence's words is what `before` costs. `true` whenever this
    /// cannot tell.
    fn may_follow_title(&self, body_start: usize, name_start: usize) -> bool {
        let text = &self.file.text;
        let from = crate::syntax::floor_char_boundary(
            text,
            name_start.saturating_sub(REACH).max(body_start),
        );
        let Some(before) = text.get(from..name_start) else {
            return true;
        };
        let mut chars = before
            .char_indices()
            .rev()
            .skip_while(|&(_, c)| !is_word_char(c));
        let Some((last, c)) = chars.next() else {
            // No word at all: no title either.
            return false;
        };
        let start = chars
            .take_while(|&(_, c)| is_word_char(c))
            .last()
            .map_or(last, |(i, _)| i);
        // A word at the edge of the reach may be cut: `before` reads it.
        let Some(word) = before.get(start..last + c.len_utf8()).filter(|_| start > 0) else {
            return true;
        };
        let folded = fold(word);
        self.vocabulary
            .titles
            .iter()
            .any(|t| t.phrase.rsplit(' ').next() == Some(folded.as_str()))
            || self.qualifiers.may_end_with(&folded)
    }

    /// A title in the words before `name_start`.
    pub(super) fn before(&self, body_start: usize, name_start: usize) -> Option<TitleUse> {
        if !self.may_follow_title(body_start, name_start) {
            return None;
        }
        let sentence = self.sentence_start(body_start, name_start);
        let words = words_of(self.file, TextRange::new(sentence, name_start));
        let mut end = words.len();
        let mut next = name_start;
        let mut qualifier = None;
        // "President-elect Trump", "Chancellor designate Merz".
        if let Some((n, tense)) = self.qualifiers.ending_at(&words, end)
            && let Some(first) = words.get(end - n)
            && let Some(last) = words.get(end - 1)
            && self.joins_name(last.range.end, name_start)
        {
            qualifier = Some(tense);
            end -= n;
            next = first.range.start;
        }
        let (start, title) = self.title_ending(&words, end, next)?;
        let first = words.get(start)?;
        let last = words.get(end - 1)?;
        let before = start.checked_sub(1).and_then(|i| words.get(i)).filter(|w| {
            self.joins_title(w.range.end, first.range.start)
                || self.joins_name(w.range.end, first.range.start)
        });
        if before.is_some_and(|w| EXTENDERS.contains(&w.folded.as_str())) {
            return None;
        }
        let modifier = self.modifier(&words, start);
        if qualifier.is_none() {
            qualifier = self.qualifier_before(&words, start);
        }
        let starts_sentence = start == 0
            && !self
                .between(sentence, first.range.start)
                .contains(char::is_alphanumeric);
        Some(title_use(
            title,
            (first, last),
            modifier,
            qualifier,
            starts_sentence,
        ))
    }

    /// The word before the title at `start` that may say which role it
    /// is: the owner of a possessive ("NATO's"), else the word itself,
    /// unless it is a determiner or a qualifier.
    fn modifier(&self, words: &[Word], start: usize) -> Option<(String, Option<usize>)> {
        let first = words.get(start)?;
        let before = words.get(start.checked_sub(1)?)?;
        if !self.joins_title(before.range.end, first.range.start)
            && !self.joins_name(before.range.end, first.range.start)
        {
            return None;
        }
        let (word, own) = if before.folded == "s" {
            (words.get(start.checked_sub(2)?)?, None)
        } else {
            (before, Some(before.range.start))
        };
        let says_nothing = DETERMINERS.contains(&word.folded.as_str())
            || FUNCTION_WORDS.contains(&word.folded.as_str())
            || self.qualifiers.is_qualifier_word(&word.folded);
        (!says_nothing).then(|| (word.folded.clone(), own))
    }

    /// A qualifier within three words before the title at `start`, the
    /// words between joined to it as a title's are.
    fn qualifier_before(&self, words: &[Word], start: usize) -> Option<Tense> {
        let mut end = start;
        for _ in 0..4 {
            if let Some((_, tense)) = self.qualifiers.ending_at(words, end) {
                return Some(tense);
            }
            let (a, b) = (words.get(end.checked_sub(1)?)?, words.get(end)?);
            if !self.joins_name(a.range.end, b.range.start)
                && !self.joins_title(a.range.end, b.range.start)
            {
                return None;
            }
            end -= 1;
        }
        None
    }

    /// An appositive after the name ending at `name_end`: ", the prime
    /// minister," or ", NATO's secretary general.".
    pub(super) fn after(&self, name_end: usize) -> Option<TitleUse> {
        // Most names are followed by no comma: nothing to read then.
        let follows = self.file.text.get(name_end..).unwrap_or("");
        if !(follows.starts_with(", ") || follows.starts_with(",\t")) {
            return None;
        }
        let rest = self
            .file
            .text
            .get(name_end..)
            .unwrap_or("")
            .char_indices()
            .nth(REACH)
            .map_or(self.file.text.len(), |(i, _)| name_end + i);
        let text = self.between(name_end, rest);
        let after_comma = text.strip_prefix(',')?;
        if !after_comma.starts_with([' ', '\t']) {
            return None;
        }
        let words = words_of(self.file, TextRange::new(name_end + 1, rest));
        let (use_, _) = self.noun_phrase(&words)?;
        // The appositive ends with the title.
        let follows = self.file.text.get(use_.range.end..).unwrap_or("");
        let ends = follows.trim_start_matches([' ', '\t']);
        let closed =
            ends.is_empty() || ends.starts_with([',', '.', ';', ':', ')', '—', '–', '\n', '\r']);
        closed.then_some(use_)
    }

    /// A link whose whole text is a title: "[the prime minister](@sunak)".
    pub(super) fn whole_text(&self, surface: TextRange) -> Option<TitleUse> {
        let words = words_of(self.file, surface);
        let (use_, end) = self.noun_phrase(&words)?;
        (end == words.len()).then_some(use_)
    }

    /// A title at the start of `words`, after determiners, qualifiers, an
    /// owner ("NATO's") and one word that may say whose it is ("the Dutch
    /// prime minister"); with the index after its last word.
    fn noun_phrase(&self, words: &[Word]) -> Option<(TitleUse, usize)> {
        let mut i = 0;
        let mut qualifier = None;
        let mut modifier = None;
        let mut modifier_start = None;
        loop {
            let word = words.get(i)?;
            if DETERMINERS.contains(&word.folded.as_str()) {
                i += 1;
            } else if let Some((n, tense)) = self.qualifiers.starting_at(words, i) {
                qualifier = Some(tense);
                i += n;
            } else if words.get(i + 1).is_some_and(|s| s.folded == "s")
                && self
                    .between(word.range.end, word.range.end + 1)
                    .starts_with(['\'', '’'])
            {
                // "NATO's secretary general".
                modifier = Some(word.folded.clone());
                i += 2;
            } else {
                break;
            }
        }
        let found = self.title_starting(words, i).or_else(|| {
            // One word may say which one: "the Dutch prime minister".
            let word = words.get(i)?;
            if EXTENDERS.contains(&word.folded.as_str()) {
                return None;
            }
            modifier = Some(word.folded.clone());
            modifier_start = Some(word.range.start);
            self.title_starting(words, i + 1)
        })?;
        let (end, title) = found;
        let first = words.get(end - title.word_count())?;
        let last = words.get(end - 1)?;
        let modifier = modifier.map(|m| (m, modifier_start));
        let use_ = title_use(title, (first, last), modifier, qualifier, false);
        Some((use_, end))
    }

    /// The longest title of the entity that starts at `words[start]`, the
    /// index after its last word.
    fn title_starting(&self, words: &[Word], start: usize) -> Option<(usize, &Title)> {
        self.vocabulary.titles.iter().find_map(|title| {
            let n = title.word_count();
            let found = words.get(start..start + n)?;
            self.reads_as(title, found).then_some((start + n, *title))
        })
    }
}

/// The use of `title` written from `first` to `last`, its `modifier`
/// (with where it starts when it is a word of its own, not an owner's
/// possessive) and `qualifier`; its entity is filled in by the caller.
fn title_use(
    title: &Title,
    (first, last): (&Word, &Word),
    modifier: Option<(String, Option<usize>)>,
    qualifier: Option<Tense>,
    starts_sentence: bool,
) -> TitleUse {
    let modifier_start = modifier.as_ref().and_then(|(_, at)| *at);
    // "Opposition leader": the word is part of a generic title.
    let start = match modifier_start {
        Some(at) if GENERIC.contains(&title.phrase.as_str()) => at,
        _ => first.range.start,
    };
    TitleUse {
        id: String::new(),
        range: TextRange::new(start, last.range.end),
        phrase: title.phrase.clone(),
        modifier: modifier.map(|(m, _)| m),
        qualifier,
        insert_at: modifier_start.unwrap_or(first.range.start),
        starts_sentence,
    }
}
