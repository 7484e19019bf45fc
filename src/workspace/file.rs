//! One document of the workspace: its text, its parse, and its summary.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use super::name::Name;
use super::stamp::Stamp;
use crate::syntax::{
    self, Date, Document, EntityDef, EntityKind, LineIndex, Phrase, Spanned, SyntaxError, phrase_of,
};

#[derive(Debug)]
pub struct File {
    pub path: Arc<Path>,
    pub text: String,
    pub lines: LineIndex,
    pub doc: Document,
    pub errors: Vec<SyntaxError>,
    pub summary: Summary,
    /// What it was read from disk with, so its text can be read again:
    /// the workspace keeps only its summary and definitions while it is
    /// not open (`DocumentEntry`), and the on-disk cache keys them by it.
    pub from_disk: Option<Stamp>,
    /// Where each id's definitions are in `doc.entities`, so finding them
    /// does not scan a registry of thousands for every lookup.
    entities_by_id: HashMap<String, Vec<usize>>,
}

impl File {
    /// Parses `text`. This is the expensive step, and it touches nothing
    /// shared, so many files can be parsed at once.
    pub fn new(path: Arc<Path>, text: String) -> File {
        File::with_summary(path, text, None)
    }

    /// [`File::new`], with the summary of `text` when it is known already
    /// (a document read again, unchanged since it was indexed): computing
    /// it interns every id and name again.
    fn with_summary(path: Arc<Path>, text: String, summary: Option<Summary>) -> File {
        let (mut doc, mut errors) = syntax::parse(&text);
        // Kept for as long as the document is indexed, for each of
        // thousands of documents: without the slack vectors grow with.
        doc.entities.shrink_to_fit();
        doc.references.shrink_to_fit();
        doc.mentions.shrink_to_fit();
        doc.prose.shrink_to_fit();
        errors.shrink_to_fit();
        let summary = summary.unwrap_or_else(|| Summary::of(&doc));
        let mut entities_by_id: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, def) in doc.entities.iter().enumerate() {
            entities_by_id.entry(def.id.clone()).or_default().push(i);
        }
        File {
            path,
            lines: LineIndex::new(&text),
            text,
            doc,
            errors,
            summary,
            from_disk: None,
            entities_by_id,
        }
    }

    /// [`File::new`] for the text of the file at `path` as read from disk.
    pub fn from_disk(path: Arc<Path>, text: String, stamp: Stamp) -> File {
        File::from_disk_known(path, text, stamp, None)
    }

    /// [`File::from_disk`] with the summary the document was indexed
    /// with, when `known` is that of the same content (its hash).
    pub fn from_disk_known(
        path: Arc<Path>,
        text: String,
        stamp: Stamp,
        known: Option<(u128, &Summary)>,
    ) -> File {
        let summary = known
            .filter(|(hash, _)| *hash == stamp.hash)
            .map(|(_, summary)| summary.clone());
        File {
            from_disk: Some(stamp),
            ..File::with_summary(path, text, summary)
        }
    }

    /// This document's definitions of `id`, in text order.
    pub fn definitions_of<'a>(&'a self, id: &str) -> impl Iterator<Item = &'a EntityDef> + use<'a> {
        self.entities_by_id
            .get(id)
            .into_iter()
            .flatten()
            .filter_map(|&i| self.doc.entities.get(i))
    }

    /// The text at `range`, or `""` for a range that does not fit.
    pub fn slice(&self, range: syntax::TextRange) -> &str {
        self.text.get(range.start..range.end).unwrap_or("")
    }
}

/// What a document contributes to the workspace index. When a document
/// changes, only its old summary is taken out and its new one put in.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
///
/// The index cache writes its four lists of names by number, through a
/// table of names a chunk (`cache::table`): serde skips them.
pub struct Summary {
    /// Ids this document defines, each once, sorted.
    #[serde(skip)]
    pub defines: Vec<Name>,
    /// Ids this document mentions in its body, each once, sorted.
    #[serde(skip)]
    pub mentions: Vec<Name>,
    /// Ids this document refers to with `@id` in its front matter, each
    /// once, sorted.
    #[serde(skip)]
    pub references: Vec<Name>,
    /// (phrase, id) for each name and alias of each definition, each once,
    /// sorted.
    #[serde(skip)]
    pub names: Vec<(Name, Name)>,
    /// Fingerprint of what other documents' diagnostics depend on: the
    /// name, kind, aliases, wikidata id and roles of each definition.
    pub identities: Vec<Identity>,
    /// The document's date, when it defines anything: definitions of one
    /// id are ordered newest document first, and other documents'
    /// diagnostics (the names a `surface-mismatch` lists) read that order.
    pub date: Option<Date>,
}

/// What other documents' diagnostics read from one definition.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identity {
    pub id: String,
    pub name: Option<String>,
    pub kind: Option<EntityKind>,
    pub aliases: Vec<String>,
    pub wikidata: Option<String>,
    /// Role, affiliation, since, until of each `roles` entry.
    pub roles: Vec<RoleSpan>,
}

/// A `roles` entry's role, affiliation, since and until.
pub type RoleSpan = (String, Option<String>, Option<Date>, Option<Date>);

impl Identity {
    fn of(def: &EntityDef) -> Identity {
        let text = |s: &Option<Spanned<String>>| s.as_ref().map(|s| s.value.clone());
        Identity {
            id: def.id.clone(),
            name: text(&def.name),
            kind: def.kind.as_ref().map(|k| k.value),
            aliases: def.aliases.iter().map(|a| a.value.clone()).collect(),
            wikidata: text(&def.wikidata),
            roles: def
                .roles
                .iter()
                .map(|r| {
                    (
                        r.role.value.clone(),
                        text(&r.affiliation),
                        r.since.as_ref().map(|d| d.value),
                        r.until.as_ref().map(|d| d.value),
                    )
                })
                .collect(),
        }
    }
}

impl Summary {
    pub fn of(doc: &Document) -> Summary {
        let mut summary = Summary::default();
        for def in &doc.entities {
            let id = Name::from(&def.id);
            for name in def.names() {
                if let Some(Phrase(phrase)) = phrase_of(name) {
                    summary.names.push((Name::from(&phrase), id.clone()));
                }
            }
            summary.defines.push(id);
            summary.identities.push(Identity::of(def));
        }
        if !doc.entities.is_empty() {
            summary.date = doc.date.as_ref().map(|d| d.value);
        }
        summary.mentions = interned(doc.mentions.iter().map(|m| m.id.as_str()));
        // An entity naming itself (`affiliation: "@self"`) is not a use.
        summary.references = interned(
            doc.references
                .iter()
                .filter(|r| r.id != r.owner)
                .map(|r| r.id.as_str()),
        );
        for list in [
            &mut summary.defines,
            &mut summary.mentions,
            &mut summary.references,
        ] {
            list.sort_unstable();
            list.dedup();
        }
        summary.names.sort_unstable();
        summary.names.dedup();
        for list in [
            &mut summary.defines,
            &mut summary.mentions,
            &mut summary.references,
        ] {
            list.shrink_to_fit();
        }
        summary.names.shrink_to_fit();
        summary.identities.shrink_to_fit();
        summary
    }
}

/// Each of `ids` once, interned, sorted. An article mentions a dozen
/// entities two or three times each: the texts are made distinct before
/// they are interned (a hash and a lookup in the shared store each).
fn interned<'a>(ids: impl Iterator<Item = &'a str>) -> Vec<Name> {
    let mut ids: Vec<&str> = ids.collect();
    ids.sort_unstable();
    ids.dedup();
    ids.into_iter().map(Name::from).collect()
}

#[cfg(test)]
mod tests {
    use super::Summary;
    use crate::syntax::parse;

    fn summary(text: &str) -> Summary {
        Summary::of(&parse(text).0)
    }

    /// Other documents' `outdated-role` and `conflicting-definition` read
    /// these, so a change to them must republish those documents.
    #[test]
    fn roles_aliases_and_wikidata_are_in_the_summary() {
        let base = "---\nentities:\n  merz:\n    name: Friedrich Merz\n    wikidata: Q1\n    aliases: [Merz]\n    roles:\n      - role: Chancellor\n        since: 2025-05-06\n---\n";
        for changed in [
            base.replace("2025-05-06", "2025-05-07"),
            base.replace("- role: Chancellor", "- role: Leader"),
            base.replace("Q1", "Q2"),
            base.replace("[Merz]", "[Chancellor Merz]"),
        ] {
            assert_ne!(summary(base), summary(&changed), "{changed}");
        }
    }
}
