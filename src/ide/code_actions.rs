//! Quick fixes: the fixes diagnostics carry, for those under the cursor,
//! and those that write definitions (in this document or another).

pub mod yaml_edit;

use std::path::Path;

use super::SourceChange;
use super::account;
use super::diagnostics::{self, Code, Diagnostic, Options, outdated_title};
use crate::syntax::{MentionForm, TextEdit, TextRange, phrase_of};
use crate::workspace::{DocumentEntry, File, Workspace};

/// A fix offered for one diagnostic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuickFix {
    /// What the fix does, as an editor shows it.
    pub title: String,
    pub diagnostic: Diagnostic,
    pub change: SourceChange,
}

/// The quick fixes for the diagnostics of `path` that touch `range`.
pub fn quick_fixes(workspace: &Workspace, path: &Path, range: TextRange) -> Vec<QuickFix> {
    quick_fixes_with(workspace, path, range, &Options::default())
}

/// [`quick_fixes`] with the diagnostics the settings' `options` choose.
pub fn quick_fixes_with(
    workspace: &Workspace,
    path: &Path,
    range: TextRange,
    options: &Options,
) -> Vec<QuickFix> {
    let Some(file) = workspace.load_file(path) else {
        return Vec::new();
    };
    let mut fixes = Vec::new();
    let in_range = diagnostics::collect_with_options(workspace, path, options)
        .into_iter()
        .filter(|d| d.range.start <= range.end && range.start <= d.range.end);
    for diagnostic in in_range {
        if let Some(fix) = diagnostic.fix.clone() {
            fixes.push(QuickFix {
                title: fix.title,
                diagnostic: diagnostic.clone(),
                change: SourceChange::single(file.path.clone(), fix.edit),
            });
        }
        let more = match diagnostic.code {
            Code::UndefinedEntity => define(workspace, file, &diagnostic),
            Code::SurfaceMismatch => name_fixes(workspace, file, &diagnostic),
            Code::OutdatedTitle => title_fixes(workspace, file, &diagnostic, options),
            _ => Vec::new(),
        };
        fixes.extend(more.into_iter().map(|(title, change)| QuickFix {
            title,
            diagnostic: diagnostic.clone(),
            change,
        }));
    }
    fixes
}

/// The fixes of an outdated title after the one it carries: the title
/// held on the date, the qualifier that makes it right.
fn title_fixes(
    workspace: &Workspace,
    file: &File,
    diagnostic: &Diagnostic,
    options: &Options,
) -> Vec<(String, SourceChange)> {
    let plain = super::names::Scan::new(workspace.index()).prose(file);
    outdated_title::fixes_at(workspace, file, &plain, options, diagnostic.range)
        .into_iter()
        .filter(|fix| Some(fix) != diagnostic.fix.as_ref())
        .map(|fix| (fix.title, SourceChange::single(file.path.clone(), fix.edit)))
        .collect()
}

/// "Define `@x` in this document", and in each undated document that
/// already defines entities (a registry).
fn define(
    workspace: &Workspace,
    file: &File,
    diagnostic: &Diagnostic,
) -> Vec<(String, SourceChange)> {
    let doc = &file.doc;
    let mention = doc.mentions.iter().find(|m| m.id_range == diagnostic.range);
    let id = match (
        mention,
        doc.references.iter().find(|r| r.range == diagnostic.range),
    ) {
        (Some(m), _) => &m.id,
        (None, Some(r)) => &r.id,
        (None, None) => return Vec::new(),
    };
    let name = mention
        .filter(|m| m.form == MentionForm::Inline)
        .and_then(|m| m.surface)
        .map(|s| file.slice(s).trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| name_from_id(id));
    let mut fixes = Vec::new();
    if let Some(edit) = yaml_edit::define_entity(file, id, &name) {
        fixes.push((
            format!("Define `@{id}` in this document"),
            SourceChange::single(file.path.clone(), edit),
        ));
    }
    let mut registries: Vec<&DocumentEntry> = workspace
        .entries()
        .filter(|f| f.path != file.path && f.date().is_none() && !f.entities().is_empty())
        .collect();
    registries.sort_by(|a, b| a.path.cmp(&b.path));
    for registry in registries
        .iter()
        .filter_map(|r| workspace.load_file(&r.path))
    {
        if let Some(edit) = yaml_edit::define_entity(registry, id, &name) {
            fixes.push((
                format!(
                    "Define `@{id}` in `{}`",
                    workspace.relative_path(&registry.path)
                ),
                SourceChange::single(registry.path.clone(), edit),
            ));
        }
    }
    fixes
}

/// A name to start from when the mention gives none: `moscow-talks` →
/// `Moscow Talks`.
fn name_from_id(id: &str) -> String {
    id.split(['-', '_'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// For a mention whose text does not name its entity: add the text as an
/// alias (to the definition in force where the mention is), or point the
/// mention at the entity the text does name.
fn name_fixes(
    workspace: &Workspace,
    file: &File,
    diagnostic: &Diagnostic,
) -> Vec<(String, SourceChange)> {
    let Some(mention) = file
        .doc
        .mentions
        .iter()
        .find(|m| m.surface == Some(diagnostic.range))
    else {
        return Vec::new();
    };
    let text = file.slice(diagnostic.range).trim();
    let mut fixes = Vec::new();
    let date = account::date_of(workspace, file);
    if let Some(account) = account::of(workspace, &mention.id, date, Some(&file.path)) {
        let statement = account.in_force();
        if let Some(defining) = workspace.load_file(&statement.file.path)
            && let Some(edit) = yaml_edit::add_alias(defining, statement.def, text)
        {
            fixes.push((
                format!("Add “{text}” as an alias of `@{}`", mention.id),
                SourceChange::single(statement.file.path.clone(), edit),
            ));
        }
    }
    if mention.id_is_written()
        && let Some(phrase) = phrase_of(text)
    {
        for other in workspace
            .index()
            .named(&phrase)
            .filter(|id| *id != mention.id)
        {
            let edit = TextEdit::replace(mention.id_range, format!("@{other}"));
            fixes.push((
                format!("Change to `@{other}`"),
                SourceChange::single(file.path.clone(), edit),
            ));
        }
    }
    fixes
}

#[cfg(test)]
mod tests;
