//! Titles in prose: the words a document writes for a person's or an
//! organisation's role next to a mention or a known name, and which of
//! the entity's roles they name on the date that matters.
//!
//! A title is one of the entity's own titles (each role's whole text,
//! its head, its `titles`; see `syntax::titles`), found:
//! - right before the name, in the same sentence: "Prime Minister
//!   [Mark Rutte](@rutte)", "NATO chief Rutte", "former President Trump";
//! - inside the link text, before the name: "[President Donald Trump](@trump)";
//! - as an appositive right after it: "[Rishi Sunak](@sunak), the prime
//!   minister, …", "Rutte, NATO's secretary general, …";
//! - as the whole text of a link: "[the prime minister](@sunak)".
//!
//! Words are compared folded (case, apostrophes and hyphens alike). The
//! longest title that ends where the name starts wins, and a title
//! extended by a word such as "vice" or "deputy" is no title of the
//! entity's: "Vice President Harris" is never read as "President Harris".
//! A one-word generic title ("leader", "minister") with a word before it
//! ("Labour leader") names a role only when that role's text has the word.

use std::collections::HashMap;

use super::account::{Account, Role, Span, When};
use super::names::{self, NameMatch};
use crate::syntax::titles::{Title, TitleSource};
use crate::syntax::{EntityKind, MentionForm, TextRange, fold, is_word_char, phrase_of, words};
use crate::workspace::{Definition, File, Workspace};
use reader::Reader;

/// The qualifiers English gives a title for a role held before
/// ("former", "ex-", "then-", "onetime", "late", "outgoing"…).
pub const PAST_QUALIFIERS: [&str; 12] = [
    "former",
    "ex",
    "then",
    "onetime",
    "one-time",
    "late",
    "outgoing",
    "erstwhile",
    "previous",
    "retired",
    "ousted",
    "deposed",
];

/// The qualifiers English gives a title for a role not yet held
/// ("incoming", "future", "designate", "President-elect"…).
pub const FUTURE_QUALIFIERS: [&str; 6] = [
    "incoming",
    "future",
    "designate",
    "elect",
    "would-be",
    "prospective",
];

/// Words that make a longer title of the one after them: "Vice
/// President" is not "President".
const EXTENDERS: [&str; 17] = [
    "vice",
    "deputy",
    "prime",
    "under",
    "assistant",
    "associate",
    "co",
    "lieutenant",
    "sub",
    "junior",
    "shadow",
    "acting",
    "interim",
    "first",
    "chief",
    "senior",
    "state",
];

/// One-word titles that many roles share, which a word before them
/// ("Labour leader", "foreign minister") ties to one role.
const GENERIC: [&str; 11] = [
    "leader",
    "member",
    "head",
    "chair",
    "chairman",
    "chairwoman",
    "chief",
    "director",
    "minister",
    "secretary",
    "spokesperson",
];

/// Words before a title that say nothing about whose it is.
const DETERMINERS: [&str; 9] = ["the", "a", "an", "his", "her", "its", "their", "our", "s"];

/// Words that end the words of a title before it: "met Prime Minister …".
const FUNCTION_WORDS: [&str; 24] = [
    "and", "or", "but", "with", "by", "of", "to", "for", "from", "as", "at", "in", "on", "than",
    "said", "says", "told", "met", "meets", "when", "while", "after", "before", "like",
];

/// How far around a name a title is looked for, in bytes.
const REACH: usize = 240;

/// Abbreviations written before names and titles, whose `.` ends no
/// sentence.
const ABBREVIATIONS: [&str; 22] = [
    "mr", "mrs", "ms", "dr", "st", "sen", "rep", "gov", "gen", "lt", "col", "maj", "capt", "sgt",
    "adm", "prof", "rev", "hon", "pres", "jr", "sr", "mt",
];

/// Whether `before` (the text before a `.`) ends with an initial or an
/// abbreviation.
fn abbreviation(before: &str) -> bool {
    let word_start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric())
        .last()
        .map_or(before.len(), |(i, _)| i);
    let word = before.get(word_start..).unwrap_or("");
    word.chars().count() == 1 || ABBREVIATIONS.contains(&word.to_lowercase().as_str())
}

/// Whether a title speaks of a role held before or one to come.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tense {
    Past,
    Future,
}

/// The qualifiers in force, folded: the English ones and those the
/// settings add (`[titles] past-qualifiers`, `future-qualifiers`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Qualifiers {
    /// Each qualifier's folded words, with its tense.
    words: Vec<(Vec<String>, Tense)>,
}

impl Default for Qualifiers {
    fn default() -> Self {
        Qualifiers::new(&[], &[])
    }
}

impl Qualifiers {
    /// The English qualifiers and `past`, `future` besides.
    pub fn new(past: &[String], future: &[String]) -> Self {
        let past = PAST_QUALIFIERS
            .into_iter()
            .chain(past.iter().map(String::as_str))
            .map(|q| (q, Tense::Past));
        let future = FUTURE_QUALIFIERS
            .into_iter()
            .chain(future.iter().map(String::as_str))
            .map(|q| (q, Tense::Future));
        let mut words: Vec<(Vec<String>, Tense)> = Vec::new();
        for (text, tense) in past.chain(future) {
            let Some(phrase) = phrase_of(text) else {
                continue;
            };
            let folded: Vec<String> = phrase.0.split(' ').map(str::to_string).collect();
            if !words.iter().any(|(w, _)| *w == folded) {
                words.push((folded, tense));
            }
        }
        // Longest first, so "one time" is read before "time" would be.
        words.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        Qualifiers { words }
    }

    /// The qualifier whose words end at `words[end - 1]`, with its length.
    fn ending_at(&self, words: &[Word], end: usize) -> Option<(usize, Tense)> {
        self.words.iter().find_map(|(qualifier, tense)| {
            let n = qualifier.len();
            let start = end.checked_sub(n)?;
            let found = words.get(start..end)?;
            let same = found.iter().zip(qualifier).all(|(w, q)| w.folded == *q);
            same.then_some((n, *tense))
        })
    }

    /// The qualifier whose words start at `words[start]`.
    fn starting_at(&self, words: &[Word], start: usize) -> Option<(usize, Tense)> {
        self.words.iter().find_map(|(qualifier, tense)| {
            let found = words.get(start..start + qualifier.len())?;
            let same = found.iter().zip(qualifier).all(|(w, q)| w.folded == *q);
            same.then_some((qualifier.len(), *tense))
        })
    }

    /// Whether a qualifier ends with the folded `word`.
    fn may_end_with(&self, word: &str) -> bool {
        self.words
            .iter()
            .any(|(w, _)| w.last().is_some_and(|q| q == word))
    }

    fn is_qualifier_word(&self, word: &str) -> bool {
        self.words.iter().any(|(w, _)| w.iter().any(|q| q == word))
    }
}

/// A title written with a mention or a known name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TitleUse {
    /// The entity it is a title of.
    pub id: String,
    /// The title's words.
    pub range: TextRange,
    /// Its folded words, joined by single spaces.
    pub phrase: String,
    /// The word right before it (or the owner in "NATO's"), when it may
    /// say which role a generic title is ("Labour leader").
    pub modifier: Option<String>,
    /// A qualifier written with it ("former", "-elect").
    pub qualifier: Option<Tense>,
    /// Where a qualifier would go: before the title, or before the word
    /// that says whose it is ("former US President").
    pub insert_at: usize,
    /// The title is the first word of its sentence.
    pub starts_sentence: bool,
}

/// A word of the text: its range and its folded form.
#[derive(Clone, Debug)]
struct Word {
    range: TextRange,
    folded: String,
}

/// What the titles of one entity are read against: built once per id
/// (diagnostics keep it in their lookups, for every document they check).
pub struct Vocabulary<'a> {
    /// Every title of every role, each once, longest first.
    titles: Vec<&'a Title>,
    /// The folded words of each of its names.
    names: Vec<Vec<String>>,
}

/// [`in_file`] with each entity's vocabulary built from `workspace`'s
/// definitions, for one document (hover).
pub fn in_file_of(
    workspace: &Workspace,
    file: &File,
    plain: &[NameMatch],
    qualifiers: &Qualifiers,
) -> Vec<TitleUse> {
    let mut vocabularies: HashMap<&str, Option<Vocabulary<'_>>> = HashMap::new();
    for (id, _, _) in candidates(file, plain) {
        vocabularies
            .entry(id)
            .or_insert_with(|| vocabulary(&workspace.definitions(id)));
    }
    in_file(file, plain, qualifiers, |id| {
        vocabularies.get(id).and_then(Option::as_ref)
    })
}

/// The titles at `offset` of `file` (hover): only the prose and the
/// mentions within reach of it are read, not the whole document.
pub fn at(
    workspace: &Workspace,
    file: &File,
    offset: usize,
    qualifiers: &Qualifiers,
) -> Vec<TitleUse> {
    let window = TextRange::new(offset.saturating_sub(REACH), offset.saturating_add(REACH));
    let near = |r: &TextRange| r.start <= window.end && window.start <= r.end;
    let plain: Vec<NameMatch> = file
        .doc
        .prose
        .iter()
        .filter(|s| near(s))
        .flat_map(|s| names::in_segment(workspace.index(), file, *s))
        .filter(|n| near(&n.range))
        .collect();
    let mut vocabularies: HashMap<&str, Option<Vocabulary<'_>>> = HashMap::new();
    for (id, range, _) in candidates(file, &plain) {
        if near(&range) {
            vocabularies
                .entry(id)
                .or_insert_with(|| vocabulary(&workspace.definitions(id)));
        }
    }
    let mut found = in_file(file, &plain, qualifiers, |id| {
        vocabularies.get(id).and_then(Option::as_ref)
    });
    found.retain(|u| u.range.touches(offset));
    found
}

/// Every title written with a mention or a known name in `file`, in text
/// order. `plain` are the known names in its prose (from the names scan);
/// `vocabulary_of` gives each entity's vocabulary (`None`: it has none).
pub fn in_file<'v, 'a: 'v>(
    file: &File,
    plain: &[NameMatch],
    qualifiers: &Qualifiers,
    vocabulary_of: impl Fn(&str) -> Option<&'v Vocabulary<'a>>,
) -> Vec<TitleUse> {
    let mut found = Vec::new();
    let body_start = file.doc.front_matter.map_or(0, |r| r.end);
    for (id, range, surface) in candidates(file, plain) {
        let Some(vocabulary) = vocabulary_of(id) else {
            continue;
        };
        let reader = Reader {
            file,
            vocabulary,
            qualifiers,
        };
        let name_start = match surface {
            Some(surface) => match name_in(file, surface, vocabulary) {
                Some(start) => start,
                None => {
                    if let Some(mut use_) = reader.whole_text(surface) {
                        use_.id = id.to_string();
                        found.push(use_);
                    }
                    continue;
                }
            },
            None => range.start,
        };
        let before = reader.before(body_start, name_start);
        let after = reader.after(range.end);
        for mut use_ in before.into_iter().chain(after) {
            use_.id = id.to_string();
            found.push(use_);
        }
    }
    found.sort_by_key(|u| u.range);
    found.dedup_by_key(|u| u.range);
    found
}

/// The mentions and plain names (of one entity) of `file` in text order:
/// the id, the whole mention or name, and a link's text.
fn candidates<'f>(
    file: &'f File,
    plain: &'f [NameMatch],
) -> Vec<(&'f str, TextRange, Option<TextRange>)> {
    let mut candidates: Vec<(&str, TextRange, Option<TextRange>)> = file
        .doc
        .mentions
        .iter()
        .map(|m| {
            let surface = (m.form == MentionForm::Inline)
                .then_some(m.surface)
                .flatten();
            (m.id.as_str(), m.range, surface)
        })
        .collect();
    candidates.extend(plain.iter().filter_map(|name| match name.ids.as_slice() {
        [id] => Some((id.as_str(), name.range, None)),
        _ => None,
    }));
    candidates.sort_by_key(|(_, range, _)| range.start);
    candidates
}

/// The titles and names an entity's `definitions` give it; `None` for an
/// entity that holds no roles (a place, an event, one without roles).
pub fn vocabulary<'a>(definitions: &[Definition<'a>]) -> Option<Vocabulary<'a>> {
    let not_a_holder = definitions.iter().any(|d| {
        d.def
            .kind
            .as_ref()
            .is_some_and(|k| matches!(k.value, EntityKind::Place | EntityKind::Event))
    });
    if not_a_holder {
        return None;
    }
    let mut titles: Vec<&'a Title> = Vec::new();
    for def in definitions {
        let all = def
            .def
            .roles
            .iter()
            .flat_map(|r| &r.vocabulary)
            .chain(&def.def.role_vocabulary);
        for title in all {
            if !titles.iter().any(|t| t.phrase == title.phrase) {
                titles.push(title);
            }
        }
    }
    if titles.is_empty() {
        return None;
    }
    titles.sort_by_key(|t| std::cmp::Reverse(t.word_count()));
    let names = definitions
        .iter()
        .flat_map(|d| d.def.names())
        .filter_map(phrase_of)
        .map(|p| p.0.split(' ').map(str::to_string).collect())
        .collect();
    Some(Vocabulary { titles, names })
}

/// Where, inside a link's text, the entity's name starts: the first word
/// that starts one of its names. `None` when the text holds none.
fn name_in(file: &File, surface: TextRange, vocabulary: &Vocabulary<'_>) -> Option<usize> {
    let words = words_of(file, surface);
    (0..words.len()).find_map(|i| {
        let starts_name = vocabulary.names.iter().any(|name| {
            words
                .get(i..i + name.len())
                .is_some_and(|w| w.iter().zip(name).all(|(w, n)| w.folded == *n))
        });
        starts_name
            .then(|| words.get(i).map(|w| w.range.start))
            .flatten()
    })
}

/// The words of `range` of `file`, folded.
fn words_of(file: &File, range: TextRange) -> Vec<Word> {
    words(file.slice(range))
        .map(|(r, w)| Word {
            range: r.shift(range.start),
            folded: fold(w),
        })
        .collect()
}

/// What a title says of its entity on the account's date.
#[derive(Clone, Debug)]
pub struct Reading<'a> {
    /// The roles the title names, held on the date or not.
    pub named: Vec<Role<'a>>,
    pub verdict: Verdict<'a>,
}

#[derive(Clone, Copy, Debug)]
pub enum Verdict<'a> {
    /// A role it names holds on the date, or its qualifier makes it right.
    Right,
    /// It names a role that ended before the date (the latest such).
    Ended(Role<'a>),
    /// It names a role that starts after the date (the earliest such).
    NotYet(Role<'a>),
}

/// Whether `role` has the title `use_` gives: one of its titles, and for
/// a one-word generic title with a word before it, a role whose text has
/// that word.
pub fn names_role(use_: &TitleUse, role: &Role<'_>) -> bool {
    let Some(title) = role.titles.iter().find(|t| t.phrase == use_.phrase) else {
        return false;
    };
    let generic = title.source != TitleSource::Listed && GENERIC.contains(&use_.phrase.as_str());
    match (&use_.modifier, generic) {
        (Some(modifier), true) => {
            phrase_of(role.role).is_some_and(|p| p.0.split(' ').any(|w| w == modifier))
        }
        _ => true,
    }
}

/// What the title `use_` says on the account's date; `None` when it names
/// none of the entity's roles.
pub fn read<'a>(account: &Account<'a>, use_: &TitleUse) -> Option<Reading<'a>> {
    let held: Vec<Role<'a>> = account
        .roles
        .iter()
        .filter(|r| names_role(use_, r))
        .copied()
        .collect();
    let dated = |when: When| -> Vec<Role<'a>> {
        account
            .other_roles
            .iter()
            .filter(|(w, r)| {
                *w == when && matches!(r.span, Span::Between { .. }) && names_role(use_, r)
            })
            .map(|(_, r)| *r)
            .collect()
    };
    let (ended, to_come) = (dated(When::Earlier), dated(When::Later));
    let mut named: Vec<Role<'a>> = held.clone();
    named.extend(
        account
            .other_roles
            .iter()
            .filter(|(_, r)| names_role(use_, r))
            .map(|(_, r)| *r),
    );
    if named.is_empty() {
        return None;
    }
    let until = |r: &&Role<'_>| match r.span {
        Span::Between { until, .. } => until,
        Span::AsOf(day) => Some(day),
    };
    let since = |r: &&Role<'_>| match r.span {
        Span::Between { since, .. } => since,
        Span::AsOf(day) => Some(day),
    };
    let latest_ended = ended.iter().max_by_key(until).copied();
    let next = to_come.iter().min_by_key(since).copied();
    let verdict = if held.is_empty() {
        match (use_.qualifier, latest_ended, next) {
            (Some(Tense::Past), Some(_), _) | (Some(Tense::Future), _, Some(_)) => Verdict::Right,
            (_, Some(role), _) => Verdict::Ended(role),
            (_, None, Some(role)) => Verdict::NotYet(role),
            // Only roles stated as of a day, which say nothing of when
            // they end.
            (_, None, None) => Verdict::Right,
        }
    } else {
        Verdict::Right
    };
    Some(Reading { named, verdict })
}

#[cfg(test)]
pub(crate) mod people;
mod reader;
#[cfg(test)]
mod tests;
