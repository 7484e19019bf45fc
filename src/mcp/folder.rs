//! The folder the MCP server answers about: its documents loaded into a
//! workspace (registries too, for their definitions), its settings, and
//! which paths are inside it. Read again before each tool call, cheaply:
//! only documents whose size or modification time changed are read.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::cli::check::settings_of;
use crate::settings::{DocumentFilter, Settings};
use crate::workspace::{self, Links, Workspace, cache};

/// What a document was read as: its size and modification time.
type Stamp = (u64, Option<SystemTime>);

pub struct Folder {
    /// The folder, absolute and with symbolic links resolved.
    root: PathBuf,
    workspace: Workspace,
    settings: Settings,
    /// The documents of the folder (not registries), as last read.
    stamps: HashMap<PathBuf, Stamp>,
    registries: HashMap<PathBuf, Stamp>,
}

/// What a tool call reads: an immutable snapshot.
#[derive(Clone)]
pub struct Snapshot {
    pub root: PathBuf,
    pub workspace: Workspace,
    pub settings: Settings,
}

fn stamp(path: &Path) -> Option<Stamp> {
    let metadata = std::fs::metadata(path).ok()?;
    Some((metadata.len(), metadata.modified().ok()))
}

impl Folder {
    /// Loads the folder `root` (which must be a folder), taking what it can
    /// from the index cache `newsls check` and the server share.
    pub fn open(root: &Path) -> Result<Folder, String> {
        let root = root
            .canonicalize()
            .map_err(|e| format!("cannot read `{}`: {e}", root.display()))?;
        if !root.is_dir() {
            return Err(format!("`{}` is not a folder", root.display()));
        }
        // As the language server: never every file under `/` or `~`.
        if crate::server::too_wide(&root) {
            return Err(format!(
                "`{}` is the file system's root or the home folder: give --root the folder of the documents",
                root.display()
            ));
        }
        let mut folder = Folder {
            workspace: Workspace::new(vec![root.clone()]),
            root,
            settings: Settings::default(),
            stamps: HashMap::new(),
            registries: HashMap::new(),
        };
        let session = cache::Session::open(std::slice::from_ref(&folder.root));
        let (documents, registries) = folder.discover();
        let mut loaded = workspace::load_counting(
            &mut folder.workspace,
            &documents,
            &Default::default(),
            session.cached(),
        );
        let others = workspace::load_counting(
            &mut folder.workspace,
            &registries,
            &Default::default(),
            session.cached(),
        );
        loaded.unchanged += others.unchanged;
        loaded.same_content += others.same_content;
        loaded.parsed += others.parsed;
        // A cache that cannot be written costs the next start time, never
        // an answer: nothing to report to the client.
        let _ = session.save(&folder.workspace, &loaded);
        folder.stamps = documents
            .iter()
            .filter_map(|p| Some((p.clone(), stamp(p)?)))
            .collect();
        folder.registries = registries
            .iter()
            .filter_map(|p| Some((p.clone(), stamp(p)?)))
            .collect();
        Ok(folder)
    }

    /// The folder's documents and its registries' documents, as its
    /// settings (read again here) say.
    fn discover(&mut self) -> (Vec<PathBuf>, Vec<PathBuf>) {
        let roots = std::slice::from_ref(&self.root);
        self.settings = settings_of(roots).0;
        let links = if self.settings.follow_links {
            Links::All
        } else {
            Links::WithinRoots
        };
        let filter = DocumentFilter::new(&self.settings, roots);
        let mut documents: Vec<PathBuf> = workspace::discover(roots, links)
            .documents
            .into_iter()
            .filter(|p| filter.admits(p))
            .collect();
        documents.sort();
        documents.dedup();
        let registries =
            workspace::discover(&self.settings.registry_folders(Some(&self.root)), links)
                .documents
                .into_iter()
                .filter(|p| documents.binary_search(p).is_err())
                .collect();
        (documents, registries)
    }

    /// Brings the workspace up to date with the disk: new and changed
    /// documents read, removed ones dropped.
    pub fn refresh(&mut self) {
        let (documents, registries) = self.discover();
        let mut changed = Vec::new();
        let mut seen: HashMap<PathBuf, Stamp> = HashMap::new();
        let mut seen_registries: HashMap<PathBuf, Stamp> = HashMap::new();
        for (paths, known, now) in [
            (&documents, &self.stamps, &mut seen),
            (&registries, &self.registries, &mut seen_registries),
        ] {
            for path in paths {
                let Some(current) = stamp(path) else { continue };
                if known.get(path) != Some(&current) {
                    changed.push(path.clone());
                }
                now.insert(path.clone(), current);
            }
        }
        for gone in self
            .stamps
            .keys()
            .chain(self.registries.keys())
            .filter(|p| !seen.contains_key(*p) && !seen_registries.contains_key(*p))
        {
            self.workspace.remove(gone);
        }
        // What cannot be read now is dropped, as a deleted file would be.
        for error in workspace::load(&mut self.workspace, &changed) {
            self.workspace.remove(&error.path);
        }
        self.stamps = seen;
        self.registries = seen_registries;
    }

    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            root: self.root.clone(),
            workspace: self.workspace.clone(),
            settings: self.settings.clone(),
        }
    }
}

impl Snapshot {
    /// `path` (relative to the folder, or absolute) as an absolute path
    /// inside the folder, or why not. A path that exists is resolved
    /// through its symbolic links first, so no link leads out.
    pub fn inside(&self, path: &str) -> Result<PathBuf, String> {
        if path.trim().is_empty() {
            return Err("the path is empty".to_string());
        }
        let joined = self.root.join(path);
        let resolved = match joined.canonicalize() {
            Ok(real) => real,
            Err(_) => workspace::lexically_normal(&joined),
        };
        if resolved.starts_with(&self.root) {
            Ok(resolved)
        } else {
            Err(format!(
                "`{path}` is outside the folder this server answers about ({}); give a path inside it, relative to it",
                self.root.display()
            ))
        }
    }

    /// A path as the answers show it: relative to the folder, with `/`.
    pub fn display(&self, path: &Path) -> String {
        self.workspace.relative_path(path)
    }
}
