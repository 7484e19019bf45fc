//! Entity diagnostics for one document, against the whole workspace.

use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;

use super::names;
use super::titles::Qualifiers;
use crate::syntax::{EntityDef, Fix, TextRange};
use crate::workspace::{File, Workspace};
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

/// What the user chooses about the rules that read prose (from the
/// settings; the defaults when none say).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// Whether `first-reference`, off by default, is checked.
    pub first_reference: bool,
    /// The qualifiers that make a past or future title right.
    pub qualifiers: Qualifiers,
}

/// Every diagnostic of the document at `path`, in text order; empty for an
/// unknown document.
pub fn collect(workspace: &Workspace, path: &Path) -> Vec<Diagnostic> {
    collect_with_options(workspace, path, &Options::default())
}

/// [`collect`] with the rules as `options` choose.
pub fn collect_with_options(
    workspace: &Workspace,
    path: &Path,
    options: &Options,
) -> Vec<Diagnostic> {
    let mut scan = names::Scan::new(workspace.index());
    collect_with(
        workspace,
        &Lookups::new(workspace),
        &mut scan,
        options,
        path,
    )
}

/// The diagnostics of many documents of one workspace, one after another
/// (`newsls check` keeps one per thread): what they look up about the ids
/// and words they use is computed once for all.
pub struct Checker<'a> {
    workspace: &'a Workspace,
    lookups: Lookups<'a>,
    scan: names::Scan<'a>,
    options: Options,
}

impl<'a> Checker<'a> {
    pub fn new(workspace: &'a Workspace) -> Self {
        Checker::with_options(workspace, Options::default())
    }

    pub fn with_options(workspace: &'a Workspace, options: Options) -> Self {
        Checker {
            workspace,
            lookups: Lookups::new(workspace),
            scan: names::Scan::new(workspace.index()),
            options,
        }
    }

    /// [`collect`] for the document at `path`, read again (when it is
    /// kept as its summary) on a snapshot of its own, which drops it once
    /// its diagnostics are computed.
    pub fn collect(&mut self, path: &Path) -> Vec<Diagnostic> {
        let snapshot = self.workspace.clone();
        collect_with(
            &snapshot,
            &self.lookups,
            &mut self.scan,
            &self.options,
            path,
        )
    }
}

/// [`collect`] with `lookups` and `scan` made for `workspace` or for the
/// workspace it is a snapshot of.
fn collect_with(
    workspace: &Workspace,
    lookups: &Lookups<'_>,
    scan: &mut names::Scan<'_>,
    options: &Options,
    path: &Path,
) -> Vec<Diagnostic> {
    let Some(file) = workspace.load_file(path) else {
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
        undefined_entity::check(workspace, lookups, file, &mut out);
        conflicting_definition::check(workspace, lookups, file, &mut out);
        outdated_role::check(workspace, lookups, file, &mut out);
        unlinked_reference::check(workspace, file, &mut out);
        for diagnostic in &mut out {
            duplicate_entity::point_at_first(file, diagnostic);
            invalid_entity_id::name_the_defined_id(workspace, file, diagnostic);
        }
    }
    surface_mismatch::check(lookups, file, &mut out);
    let plain = scan.prose(file);
    unannotated_mention::check(&plain, file, &mut out);
    if !workspace.is_indexing() {
        unused_entity::check(workspace, file, &mut out);
        outdated_title::check(workspace, lookups, file, &plain, options, &mut out);
        if options.first_reference {
            first_reference::check(lookups, file, &mut out);
        }
    }
    out.sort_by_key(|a| (a.range, a.code));
    out
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

mod code;
mod lookups;
pub mod stale;
#[cfg(test)]
mod tests;

// One module per code: its rule, its message and its fixture tests. The
// parser's codes are found by `syntax`; their modules hold what the
// workspace adds to them, and their tests through `collect`.
mod conflicting_definition;
mod duplicate_entity;
mod first_reference;
mod invalid_date;
mod invalid_entity_id;
mod invalid_front_matter;
mod invalid_roles;
mod invalid_wikidata;
mod missing_name;
mod outdated_role;
pub(crate) mod outdated_title;
mod surface_mismatch;
mod unannotated_mention;
mod undefined_entity;
mod unknown_field;
mod unlinked_reference;
mod unused_entity;
