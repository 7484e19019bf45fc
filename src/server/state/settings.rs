//! The settings in the server: where they come from (`config`), the
//! settings in force, and the settings files whose problems are still to
//! be published.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;

use tokio::sync::watch;

use crate::server::config::{Config, SettingsFile};
use crate::server::log_warning;
use crate::settings::Settings;

#[derive(Default)]
pub struct SettingsState {
    /// Where the settings come from.
    pub config: Config,
    /// The settings in force, and for tasks that follow their changes.
    in_force: watch::Sender<Arc<Settings>>,
    /// Settings files whose problems must be published again.
    to_publish: BTreeSet<PathBuf>,
}

/// What resolving the settings again changed.
pub struct Resolved {
    /// What every document's diagnostics read (severities, the title
    /// qualifiers): every open document's diagnostics.
    pub diagnostics: bool,
    /// What is indexed (registries, links, the document glob): the folders
    /// must be read again.
    pub indexed: bool,
}

impl SettingsState {
    /// The settings in force.
    pub fn in_force(&self) -> Arc<Settings> {
        self.in_force.borrow().clone()
    }

    /// Follows the settings in force.
    pub fn follow(&self) -> watch::Receiver<Arc<Settings>> {
        self.in_force.subscribe()
    }

    /// A settings file was read again (`None`: it is gone): its problems
    /// are logged and to be published, and the settings are to be resolved
    /// anew.
    pub fn file_changed(&mut self, path: PathBuf, file: Option<SettingsFile>) {
        for problem in file.iter().flat_map(|f| &f.problems) {
            let line = problem.line_in(file.as_ref().map_or("", |f| f.text.as_str()));
            log_warning!("{}:{}: {}", path.display(), line + 1, problem.message);
        }
        match file {
            Some(file) => self.config.files.insert(path.clone(), file),
            None => self.config.files.remove(&path),
        };
        self.to_publish.insert(path);
    }

    /// Takes the sources read at `initialize`, and resolves them.
    pub fn set_config(&mut self, config: Config) -> Resolved {
        let paths: Vec<PathBuf> = config.files.keys().cloned().collect();
        self.config = config;
        for path in paths {
            let file = self.config.files.get(&path).cloned();
            self.file_changed(path, file);
        }
        self.resolve()
    }

    /// Resolves the settings from the config, and says what changed.
    pub fn resolve(&mut self) -> Resolved {
        let new = Arc::new(self.config.resolve());
        let old = self.in_force.send_replace(new.clone());
        Resolved {
            diagnostics: old.severities != new.severities
                || old.past_qualifiers != new.past_qualifiers
                || old.future_qualifiers != new.future_qualifiers,
            indexed: old.registries != new.registries
                || old.follow_links != new.follow_links
                || old.documents != new.documents,
        }
    }

    pub fn has_files_to_publish(&self) -> bool {
        !self.to_publish.is_empty()
    }

    /// The settings files to publish the problems of (`None`: gone).
    pub fn take_files_to_publish(&mut self) -> Vec<(PathBuf, Option<SettingsFile>)> {
        std::mem::take(&mut self.to_publish)
            .into_iter()
            .map(|path| {
                let file = self.config.files.get(&path).cloned();
                (path, file)
            })
            .collect()
    }
}
