//! Settings: one model for every entry point.
//!
//! Settings come in [`Layer`]s, each read from one source: the
//! `.newsls.toml` at the workspace root (read by the server and by
//! `newsls check`), the client's `initializationOptions`, and the client's
//! `workspace/configuration` section `newsls`. Later layers override
//! earlier ones key by key; [`Settings::resolve`] folds them over the
//! defaults. Reading never fails: an unknown key or a bad value is a
//! [`Problem`] (with its place in the TOML text) and the rest is kept.
//!
//! Plain data only: the server and the checker decide where each layer
//! comes from.

mod read;

pub use read::{from_json, from_toml};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::ide::Diagnostic;
use crate::ide::diagnostics::Options;
use crate::ide::titles::Qualifiers;
use crate::ide::{Code, Severity};
use crate::syntax::TextRange;

/// The settings file, at the root of a workspace folder.
pub const FILE_NAME: &str = ".newsls.toml";

/// Which documents are indexed when no setting says otherwise.
pub const DEFAULT_DOCUMENTS: &str = "**/*.news.md";

/// What one source says; `None` where it says nothing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Layer {
    /// `diagnostics.<code>`: `None` turns the code off.
    pub severities: BTreeMap<Code, Option<Severity>>,
    /// `inlay-hints.enabled`.
    pub inlay_hints: Option<bool>,
    /// `code-lens.enabled`.
    pub code_lens: Option<bool>,
    /// `workspace.registries`: extra folders, relative to the workspace
    /// root when not absolute.
    pub registries: Option<Vec<PathBuf>>,
    /// `workspace.follow-links`.
    pub follow_links: Option<bool>,
    /// `workspace.documents`: the glob documents match, relative to their
    /// root.
    pub documents: Option<String>,
    /// `wikidata.endpoint`: the Wikibase API asked.
    pub wikidata_endpoint: Option<String>,
    /// `wikidata.languages`: of labels, descriptions and aliases.
    pub wikidata_languages: Option<Vec<String>>,
    /// `titles.past-qualifiers`: words besides the English ones that make
    /// a title of a past role right ("ancien", "ehemalige").
    pub past_qualifiers: Option<Vec<String>>,
    /// `titles.future-qualifiers`: the same for roles not yet held.
    pub future_qualifiers: Option<Vec<String>>,
}

/// A key or value that could not be used, and where it is written (in a
/// TOML text; JSON gives no places).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub range: Option<TextRange>,
    pub message: String,
}

/// The code users see for a problem in a settings file.
pub const PROBLEM_CODE: &str = "invalid-settings";

impl Problem {
    /// Where the problem is shown in its file's text: where it is written,
    /// else the start of the file (JSON gives no places, and a file that
    /// cannot be read has no text).
    pub fn place(&self) -> TextRange {
        self.range.unwrap_or_default()
    }

    /// The line (from 0) of `text` the problem is shown on.
    pub fn line_in(&self, text: &str) -> usize {
        crate::syntax::LineIndex::new(text)
            .line_of(self.place().start)
            .0
    }
}

/// What one `.newsls.toml` says, and its text (for placing its problems).
#[derive(Clone, Debug)]
pub struct SettingsFile {
    pub text: String,
    pub layer: Layer,
    pub problems: Vec<Problem>,
}

/// Reads a `.newsls.toml`; `None` when there is none. A file that cannot
/// be read is a problem on it, never a failure.
pub fn read_file(path: &Path) -> Option<SettingsFile> {
    match std::fs::read(path) {
        Ok(bytes) => {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let (layer, problems) = from_toml(&text);
            Some(SettingsFile {
                text,
                layer,
                problems,
            })
        }
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
        Err(error) => Some(SettingsFile {
            text: String::new(),
            layer: Layer::default(),
            problems: vec![Problem {
                range: None,
                message: format!("cannot read {}: {error}", path.display()),
            }],
        }),
    }
}

/// The settings in force.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    pub severities: BTreeMap<Code, Option<Severity>>,
    pub inlay_hints: bool,
    pub code_lens: bool,
    pub registries: Vec<PathBuf>,
    pub follow_links: bool,
    pub documents: String,
    /// The Wikibase API (Wikidata's unless set).
    pub wikidata_endpoint: String,
    pub wikidata_languages: Vec<String>,
    pub past_qualifiers: Vec<String>,
    pub future_qualifiers: Vec<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            severities: BTreeMap::new(),
            inlay_hints: false,
            code_lens: true,
            registries: Vec::new(),
            follow_links: false,
            documents: DEFAULT_DOCUMENTS.to_string(),
            wikidata_endpoint: crate::wikidata::client::DEFAULT_ENDPOINT.to_string(),
            wikidata_languages: crate::wikidata::default_languages(),
            past_qualifiers: Vec::new(),
            future_qualifiers: Vec::new(),
        }
    }
}

impl Settings {
    /// The defaults, overridden by each layer in turn.
    pub fn resolve<'a>(layers: impl IntoIterator<Item = &'a Layer>) -> Settings {
        let mut settings = Settings::default();
        for layer in layers {
            settings
                .severities
                .extend(layer.severities.iter().map(|(c, s)| (*c, *s)));
            if let Some(on) = layer.inlay_hints {
                settings.inlay_hints = on;
            }
            if let Some(on) = layer.code_lens {
                settings.code_lens = on;
            }
            if let Some(registries) = &layer.registries {
                settings.registries = registries.clone();
            }
            if let Some(on) = layer.follow_links {
                settings.follow_links = on;
            }
            if let Some(glob) = &layer.documents {
                settings.documents = glob.clone();
            }
            if let Some(endpoint) = &layer.wikidata_endpoint {
                settings.wikidata_endpoint = endpoint.clone();
            }
            if let Some(languages) = &layer.wikidata_languages {
                settings.wikidata_languages = languages.clone();
            }
            if let Some(words) = &layer.past_qualifiers {
                settings.past_qualifiers = words.clone();
            }
            if let Some(words) = &layer.future_qualifiers {
                settings.future_qualifiers = words.clone();
            }
        }
        settings
    }

    /// The severity of `code`; `None` when it is turned off (as the
    /// style rules are until a setting names them).
    pub fn severity(&self, code: Code) -> Option<Severity> {
        match self.severities.get(&code) {
            Some(chosen) => *chosen,
            None => code.is_on_by_default().then(|| code.severity()),
        }
    }

    /// What the diagnostics that read prose are to check.
    pub fn diagnostic_options(&self) -> Options {
        Options {
            first_reference: self.severity(Code::FirstReference).is_some(),
            qualifiers: Qualifiers::new(&self.past_qualifiers, &self.future_qualifiers),
        }
    }

    /// Applies the chosen severities: drops the diagnostics turned off,
    /// sets the severity of the others.
    pub fn apply(&self, diagnostics: &mut Vec<Diagnostic>) {
        if self.severities.is_empty() && diagnostics.iter().all(|d| d.code.is_on_by_default()) {
            return;
        }
        diagnostics.retain_mut(|d| match self.severity(d.code) {
            Some(severity) => {
                d.severity = severity;
                true
            }
            None => false,
        });
    }

    /// The registry folders, relative ones taken from `root`.
    pub fn registry_folders(&self, root: Option<&Path>) -> Vec<PathBuf> {
        self.registries
            .iter()
            .filter_map(|folder| match root {
                _ if folder.is_absolute() => Some(folder.clone()),
                Some(root) => Some(root.join(folder)),
                None => None,
            })
            .collect()
    }
}

/// Which `*.news.md` files under the workspace folders are documents:
/// those whose path relative to their folder matches
/// `workspace.documents`. Files given as roots themselves, and documents
/// under registry folders, always are.
#[derive(Clone, Debug)]
pub struct DocumentFilter {
    folders: Vec<PathBuf>,
    /// `None`: every `*.news.md` is a document (the default glob).
    glob: Option<globset::GlobMatcher>,
}

impl DocumentFilter {
    pub fn new(settings: &Settings, folders: &[PathBuf]) -> DocumentFilter {
        let glob = (settings.documents != DEFAULT_DOCUMENTS)
            .then(|| globset::Glob::new(&settings.documents).ok())
            .flatten()
            .map(|g| g.compile_matcher());
        DocumentFilter {
            folders: folders.to_vec(),
            glob,
        }
    }

    pub fn admits(&self, path: &Path) -> bool {
        let Some(glob) = &self.glob else {
            return true;
        };
        // The innermost folder holding the path decides.
        let relative = self
            .folders
            .iter()
            .filter_map(|folder| path.strip_prefix(folder).ok())
            .min_by_key(|r| r.components().count());
        match relative {
            Some(relative) if !relative.as_os_str().is_empty() => glob.is_match(relative),
            _ => true,
        }
    }
}

#[cfg(test)]
mod tests;
