//! Entity diagnostics for one document, against the whole workspace.

use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;

use super::names;
use crate::syntax::{
    self, EntityDef, Fix, MentionForm, Phrase, TextRange, fold_id, is_valid_entity_id, phrase_of,
    words,
};
use crate::workspace::{Definition, File, Workspace};
use lookups::Lookups;

pub use code::{Code, Severity};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub range: TextRange,
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    /// Other places the diagnostic is about, as for conflicting definitions.
    pub related: Vec<Related>,
    /// The likely fix, offered as a quick fix.
    pub fix: Option<Fix>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Related {
    pub path: Arc<Path>,
    pub range: TextRange,
    pub message: String,
}

impl Diagnostic {
    fn new(code: Code, range: TextRange, message: String) -> Self {
        Diagnostic {
            range,
            code,
            severity: code.severity(),
            message,
            related: Vec::new(),
            fix: None,
        }
    }

    fn with_fix(mut self, fix: Option<Fix>) -> Self {
        self.fix = fix;
        self
    }
}

/// Every diagnostic of the document at `path`, in text order; empty for an
/// unknown document.
pub fn collect(workspace: &Workspace, path: &Path) -> Vec<Diagnostic> {
    let mut scan = names::Scan::new(workspace.index());
    collect_with(workspace, &Lookups::new(workspace), &mut scan, path)
}

/// The diagnostics of many documents of one workspace, one after another
/// (`newsls check` keeps one per thread): what they look up about the ids
/// and words they use is computed once for all.
pub struct Checker<'a> {
    workspace: &'a Workspace,
    lookups: Lookups<'a>,
    scan: names::Scan<'a>,
}

impl<'a> Checker<'a> {
    pub fn new(workspace: &'a Workspace) -> Self {
        Checker {
            workspace,
            lookups: Lookups::new(workspace),
            scan: names::Scan::new(workspace.index()),
        }
    }

    /// [`collect`] for the document at `path`, read again (when it is
    /// kept as its summary) on a snapshot of its own, which drops it once
    /// its diagnostics are computed.
    pub fn collect(&mut self, path: &Path) -> Vec<Diagnostic> {
        let snapshot = self.workspace.clone();
        collect_with(&snapshot, &self.lookups, &mut self.scan, path)
    }
}

/// [`collect`] with `lookups` and `scan` made for `workspace` or for the
/// workspace it is a snapshot of.
fn collect_with(
    workspace: &Workspace,
    lookups: &Lookups<'_>,
    scan: &mut names::Scan<'_>,
    path: &Path,
) -> Vec<Diagnostic> {
    let Some(file) = workspace.file(path) else {
        return Vec::new();
    };
    let mut out: Vec<Diagnostic> = file
        .errors
        .iter()
        .map(|e| Diagnostic::new(e.code.into(), e.range, e.message.clone()).with_fix(e.fix.clone()))
        .collect();
    // While the folders are being read, an id not in the index yet may be
    // defined, used or defined again in a document not read yet: saying
    // so now would flash false errors.
    if !workspace.is_indexing() {
        undefined_entities(workspace, lookups, file, &mut out);
        conflicting_definitions(workspace, lookups, file, &mut out);
        dated::outdated_roles(workspace, lookups, file, &mut out);
        links::unlinked_references(workspace, file, &mut out);
        explain_ids_and_duplicates(workspace, file, &mut out);
    }
    surface_mismatches(lookups, file, &mut out);
    unannotated_mentions(scan, file, &mut out);
    if !workspace.is_indexing() {
        unused_entities(workspace, file, &mut out);
    }
    out.sort_by_key(|a| (a.range, a.code));
    out
}

/// Points a repeated entity at its first definition, and says when the id
/// an invalid one folds to is defined.
fn explain_ids_and_duplicates(workspace: &Workspace, file: &File, out: &mut [Diagnostic]) {
    for diagnostic in out.iter_mut() {
        match diagnostic.code {
            Code::Syntax(syntax::Code::DuplicateEntity) => {
                let Some(repeat) = file.doc.entities.iter().find(|d| d.key == diagnostic.range)
                else {
                    continue;
                };
                if let Some(first) = file.definitions_of(&repeat.id).next() {
                    diagnostic.related.push(Related {
                        path: file.path.clone(),
                        range: first.key,
                        message: format!("the first definition of `{}`", repeat.id),
                    });
                }
            }
            Code::Syntax(syntax::Code::InvalidEntityId) => {
                let folded = fold_id(file.slice(diagnostic.range).trim_matches(['"', '\'', '@']));
                if workspace.index().is_defined(&folded) {
                    let tried = format!(" (try `{folded}`)");
                    if let Some(message) = diagnostic.message.strip_suffix(&tried) {
                        diagnostic.message =
                            format!("{message} (did you mean `{folded}`? it is defined)");
                    }
                }
            }
            _ => {}
        }
    }
}

/// How many undefined ids of one document get a "did you mean".
const MAX_SUGGESTIONS: usize = 50;

fn undefined_entities(
    workspace: &Workspace,
    lookups: &Lookups<'_>,
    file: &File,
    out: &mut Vec<Diagnostic>,
) {
    let index = workspace.index();
    let uses = file
        .doc
        .mentions
        .iter()
        .map(|m| (&m.id, m.id_range, None, m.id_is_written()))
        .chain(
            file.doc
                .references
                .iter()
                .map(|r| (&r.id, r.range, Some(r), true)),
        );
    // A document with thousands of unknown ids is no typo, so only the
    // first few get a suggestion.
    let mut suggestions_left = MAX_SUGGESTIONS;
    for (id, range, reference, replaceable) in uses {
        if !is_valid_entity_id(id) || lookups.defined(id).is_defined {
            continue;
        }
        if suggestions_left == 0 {
            let message = format!("`@{id}` is not defined in any document");
            out.push(Diagnostic::new(Code::UndefinedEntity, range, message));
            continue;
        }
        suggestions_left -= 1;
        let near = index.nearest_defined(id);
        let hint = match near {
            Some(near) => format!(" (did you mean `@{near}`?)"),
            None => format!(": define it under `entities:` as `{id}:` with a `name`"),
        };
        let message = format!("`@{id}` is not defined in any document{hint}");
        // Only an id written in place can be replaced.
        let fix = near.filter(|_| replaceable).map(|n| {
            let text = reference.map_or_else(|| format!("@{n}"), |r| r.written(n));
            Fix::new(format!("Change to `@{n}`"), range, text)
        });
        out.push(Diagnostic::new(Code::UndefinedEntity, range, message).with_fix(fix));
    }
}

/// The first definition of each id in `file`, so repeats (already
/// reported as duplicates) are not reported again.
fn first_definitions(file: &File) -> impl Iterator<Item = &EntityDef> {
    let mut seen = HashSet::new();
    file.doc
        .entities
        .iter()
        .filter(move |d| seen.insert(d.id.as_str()))
}

fn conflicting_definitions(
    workspace: &Workspace,
    lookups: &Lookups<'_>,
    file: &File,
    out: &mut Vec<Diagnostic>,
) {
    for def in first_definitions(file) {
        let others: Vec<&Definition<'_>> = lookups
            .defined(&def.id)
            .definitions
            .iter()
            .filter(|other| other.file.path != file.path && disagree(def, other.def))
            .collect();
        if others.is_empty() {
            continue;
        }
        let where_ = others
            .iter()
            .map(|o| {
                format!(
                    "{} in `{}`",
                    identity(o.def),
                    workspace.relative_path(&o.file.path)
                )
            })
            .collect::<Vec<_>>()
            .join(", ");
        let mut diagnostic = Diagnostic::new(
            Code::ConflictingDefinition,
            def.key,
            format!(
                "`{}` is defined here as {}, but as {where_}; all definitions of an id describe one entity",
                def.id,
                identity(def)
            ),
        );
        diagnostic.related = others
            .iter()
            .map(|o| Related {
                path: o.file.path.clone(),
                range: o.def.key,
                message: format!("`{}` defined as {}", def.id, identity(o.def)),
            })
            .collect();
        out.push(diagnostic);
    }
}

/// Two definitions disagree when they cannot be one entity: their kinds
/// differ, or their names differ and neither name is among the other's
/// name and aliases (compared as names are), or their wikidata ids differ.
/// Roles at different dates are history, not disagreement.
fn disagree(a: &EntityDef, b: &EntityDef) -> bool {
    let name = |d: &EntityDef| d.name.as_ref().and_then(|n| phrase_of(&n.value));
    let known =
        |phrase: &Phrase, d: &EntityDef| d.names().any(|n| phrase_of(n).as_ref() == Some(phrase));
    let names_differ = match (name(a), name(b)) {
        (Some(x), Some(y)) => x != y && !known(&x, b) && !known(&y, a),
        _ => false,
    };
    let kinds_differ = match (&a.kind, &b.kind) {
        (Some(x), Some(y)) => x.value != y.value,
        _ => false,
    };
    let wikidata_differ = match (&a.wikidata, &b.wikidata) {
        (Some(x), Some(y)) => x.value != y.value,
        _ => false,
    };
    names_differ || kinds_differ || wikidata_differ
}

fn identity(def: &EntityDef) -> String {
    let name = def.name.as_ref().map_or("(no name)", |n| n.value.as_str());
    let facts: Vec<&str> = def
        .kind
        .as_ref()
        .map(|k| k.value.as_str())
        .into_iter()
        .chain(def.wikidata.as_ref().map(|w| w.value.as_str()))
        .collect();
    if facts.is_empty() {
        format!("“{name}”")
    } else {
        format!("“{name}” ({})", facts.join(", "))
    }
}

fn surface_mismatches(lookups: &Lookups<'_>, file: &File, out: &mut Vec<Diagnostic>) {
    // The surface's folded words between spaces, as `Defined::names` has
    // each name's: one buffer for every mention.
    let mut surface_words = String::new();
    for mention in &file.doc.mentions {
        let (MentionForm::Inline, Some(surface)) = (mention.form, mention.surface) else {
            continue;
        };
        let defined = lookups.defined(&mention.id);
        if defined.definitions.is_empty() {
            continue;
        }
        surface_words.clear();
        surface_words.push(' ');
        for (_, word) in words(file.slice(surface)) {
            syntax::fold_into(word, &mut surface_words);
            surface_words.push(' ');
        }
        let matches = defined
            .names
            .iter()
            .filter_map(|(_, phrase)| phrase.as_deref())
            .any(|phrase| surface_words.contains(phrase));
        if matches || defined.names.is_empty() {
            continue;
        }
        // Several documents may define the id with the same names.
        let mut seen = HashSet::new();
        let known: Vec<&str> = defined
            .names
            .iter()
            .map(|(name, _)| *name)
            .filter(|n| seen.insert(*n))
            .collect();
        let message = format!(
            "“{}” does not name `@{}`, known as {}",
            file.slice(surface),
            mention.id,
            known
                .iter()
                .map(|n| format!("“{n}”"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        out.push(Diagnostic::new(Code::SurfaceMismatch, surface, message));
    }
}

fn unannotated_mentions(scan: &mut names::Scan<'_>, file: &File, out: &mut Vec<Diagnostic>) {
    let annotated: HashSet<&str> = file.summary.mentions.iter().map(|id| id.as_str()).collect();
    let mut reported: HashSet<String> = HashSet::new();
    for found in scan.prose(file) {
        for id in &found.ids {
            if annotated.contains(id.as_str()) || !reported.insert(id.clone()) {
                continue;
            }
            let text = file.slice(found.range);
            let message = format!(
                "“{text}” names `@{id}`, which this document never annotates: write [{text}](@{id})"
            );
            let fix = Fix::new(
                format!("Annotate as [{text}](@{id})"),
                found.range,
                format!("[{text}](@{id})"),
            );
            let diagnostic = Diagnostic::new(Code::UnannotatedMention, found.range, message);
            out.push(diagnostic.with_fix(Some(fix)));
        }
    }
}

fn unused_entities(workspace: &Workspace, file: &File, out: &mut Vec<Diagnostic>) {
    for def in first_definitions(file) {
        // An invalid id is reported as such, and can never be used anyway.
        if is_valid_entity_id(&def.id) && !workspace.index().is_used(&def.id) {
            let message = format!(
                "`{}` is defined but no document mentions or references it",
                def.id
            );
            out.push(Diagnostic::new(Code::UnusedEntity, def.key, message));
        }
    }
}

mod code;
mod dated;
mod links;
mod lookups;
pub mod stale;
#[cfg(test)]
mod tests;
