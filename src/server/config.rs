//! Settings in the server: where each layer comes from.
//!
//! Three sources, later over earlier: each workspace folder's
//! `.newsls.toml` (in folder order), the client's `initializationOptions`,
//! and the client's settings (`workspace/configuration` section `newsls`,
//! or what `workspace/didChangeConfiguration` carries when the client
//! cannot be asked). The model itself is plain data in
//! [`crate::settings`].

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use crate::settings::SettingsFile;
use crate::settings::{self, Layer, Settings};

#[derive(Clone, Debug, Default)]
pub struct Config {
    /// The workspace folders the client opened (registries are not).
    pub folders: Vec<PathBuf>,
    /// The client's folder was too wide to index (`/`, the home folder):
    /// the folder of each document opened is indexed instead.
    pub narrowed: bool,
    /// By path, the settings file of each folder that has one.
    pub files: BTreeMap<PathBuf, SettingsFile>,
    pub init: Layer,
    pub client: Layer,
}

impl Config {
    pub fn resolve(&self) -> Settings {
        let files = self
            .folders
            .iter()
            .filter_map(|f| self.files.get(&f.join(settings::FILE_NAME)));
        Settings::resolve(files.map(|f| &f.layer).chain([&self.init, &self.client]))
    }

    /// `true` when `path` is the settings file of a workspace folder.
    pub fn is_settings_file(&self, path: &Path) -> bool {
        path.parent()
            .is_some_and(|p| self.folders.iter().any(|f| f == p))
            && path.file_name().is_some_and(|n| n == settings::FILE_NAME)
    }

    /// The folders to index: the workspace folders and the registries
    /// (relative ones taken from the first folder), each once.
    pub fn roots(&self, settings: &Settings) -> Vec<PathBuf> {
        let mut roots = self.folders.clone();
        for registry in settings.registry_folders(self.folders.first().map(PathBuf::as_path)) {
            match std::fs::canonicalize(&registry) {
                Ok(folder) if folder.is_dir() => roots.push(folder),
                Ok(_) | Err(_) => super::log_warning!(
                    "workspace.registries: {} is not a folder; skipped",
                    registry.display()
                ),
            }
        }
        roots.sort();
        roots.dedup();
        roots
    }
}

/// Reads a layer from the client's JSON; its problems (which have no place
/// to show) go to the log.
pub fn read_json(value: &serde_json::Value, source: &str) -> Layer {
    let (layer, problems) = settings::from_json(value);
    for problem in problems {
        super::log_warning!("{source}: {}", problem.message);
    }
    layer
}

/// The client's settings in a `didChangeConfiguration` or a
/// `workspace/configuration` answer: the `newsls` member when there is one
/// (the whole configuration was sent), else the value itself.
pub fn newsls_section(value: &serde_json::Value) -> &serde_json::Value {
    value.get("newsls").unwrap_or(value)
}
