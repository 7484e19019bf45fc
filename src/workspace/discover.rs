//! Finding and loading the documents under a folder.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use super::{File, Workspace};

pub const EXTENSION: &str = ".news.md";

/// Files larger than this are not indexed: no news document is this long,
/// and parsing one would stall everything else.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// A document that could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    pub path: PathBuf,
    pub message: String,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

pub fn is_news_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.ends_with(EXTENSION) && n.len() > EXTENSION.len())
}

/// How folders are walked: hidden files and folders skipped, `.gitignore`
/// and `.ignore` files honoured (in a Git repository or not), symbolic
/// links followed (loops are detected).
fn walker(root: &Path) -> ignore::WalkBuilder {
    let mut walk = ignore::WalkBuilder::new(root);
    walk.hidden(true)
        .git_ignore(true)
        .require_git(false)
        .follow_links(true);
    walk
}

/// Every `*.news.md` under `roots` (a root may also be a file), walked as
/// [`walker`] says; sorted, each file once however its path is spelled.
pub fn discover(roots: &[PathBuf]) -> (Vec<PathBuf>, Vec<LoadError>) {
    let mut found = Vec::new();
    let mut errors = Vec::new();
    for root in roots {
        for entry in walker(root).build() {
            match entry {
                Ok(entry) => {
                    let is_file = entry.file_type().is_some_and(|t| t.is_file());
                    if is_file && is_news_file(entry.path()) {
                        found.push(entry.into_path());
                    }
                }
                // A link back up the tree: its files are reached anyway.
                Err(err) if is_loop(&err) => {}
                Err(err) => errors.push(LoadError {
                    path: root.clone(),
                    message: err.to_string(),
                }),
            }
        }
    }
    found.sort();
    found.dedup();
    // `.` and the absolute path of the same folder, or a root inside
    // another, would load a document twice.
    let mut seen = HashSet::new();
    found.retain(|path| seen.insert(std::fs::canonicalize(path).unwrap_or_else(|_| path.clone())));
    (found, errors)
}

fn is_loop(err: &ignore::Error) -> bool {
    match err {
        ignore::Error::Loop { .. } => true,
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => is_loop(err),
        ignore::Error::Partial(errs) => errs.iter().all(is_loop),
        _ => false,
    }
}

/// Which of `paths` a walk of the folders `roots` would find: under a root,
/// not hidden, not ignored. For files that change on disk after the first
/// walk, so the editor indexes what `newsls check` does.
pub fn discoverable(roots: &[PathBuf], paths: &[PathBuf]) -> HashSet<PathBuf> {
    let mut by_folder: HashMap<&Path, Vec<&PathBuf>> = HashMap::new();
    for path in paths.iter().filter(|p| is_news_file(p)) {
        if let Some(folder) = path.parent() {
            by_folder.entry(folder).or_default().push(path);
        }
    }
    let mut found = HashSet::new();
    for (folder, wanted) in by_folder {
        let Some(root) = roots.iter().filter(|r| folder.starts_with(r)).max() else {
            continue;
        };
        // The same walk as the first one, pruned to the way down to
        // `folder`: every folder on it is judged (hidden? ignored?) as then.
        let target = folder.to_path_buf();
        let listed: HashSet<PathBuf> = walker(root)
            .filter_entry(move |e| {
                target.starts_with(e.path()) || e.path().parent() == Some(target.as_path())
            })
            .build()
            .filter_map(Result::ok)
            .map(ignore::DirEntry::into_path)
            .collect();
        found.extend(wanted.into_iter().filter(|p| listed.contains(*p)).cloned());
    }
    found
}

/// Reads and parses `paths` on every core, then indexes them.
pub fn load(workspace: &mut Workspace, paths: &[PathBuf]) -> Vec<LoadError> {
    load_counting(workspace, paths, &AtomicUsize::new(0))
}

/// [`load`], adding one to `read_so_far` for each document read, for progress
/// reports.
pub fn load_counting(
    workspace: &mut Workspace,
    paths: &[PathBuf],
    read_so_far: &AtomicUsize,
) -> Vec<LoadError> {
    let results: Vec<Result<File, LoadError>> = paths
        .par_iter()
        .map(|p| {
            let file = read(p);
            read_so_far.fetch_add(1, Ordering::Relaxed);
            file
        })
        .collect();
    let mut errors = Vec::new();
    for result in results {
        match result {
            Ok(file) => {
                workspace.insert(file);
            }
            Err(err) => errors.push(err),
        }
    }
    errors
}

/// Reads and parses one document from disk.
pub fn read(path: &Path) -> Result<File, LoadError> {
    let error = |message: String| LoadError {
        path: path.to_path_buf(),
        message,
    };
    let size = std::fs::metadata(path)
        .map_err(|e| error(format!("cannot read: {e}")))?
        .len();
    if size > MAX_FILE_BYTES {
        return Err(error(format!(
            "skipped: {size} bytes is more than the {MAX_FILE_BYTES} bytes newsls indexes"
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| error(format!("cannot read: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        error(format!(
            "not valid UTF-8 (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        ))
    })?;
    Ok(File::new(path.into(), text))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A folder under the temp dir with `files`, removed afterwards.
    struct Folder(PathBuf);

    impl Folder {
        fn new(name: &str, files: &[&str]) -> Folder {
            let root =
                std::env::temp_dir().join(format!("newsls-discover-{name}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&root);
            for file in files {
                let path = root.join(file);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, "x\n").unwrap();
            }
            Folder(root)
        }
    }

    impl Drop for Folder {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn names(root: &Path, paths: impl IntoIterator<Item = PathBuf>) -> Vec<String> {
        let mut names: Vec<String> = paths
            .into_iter()
            .map(|p| p.strip_prefix(root).unwrap().display().to_string())
            .collect();
        names.sort();
        names
    }

    const FILES: &[&str] = &[
        "a.news.md",
        "notes.md",
        "sub/b.news.md",
        ".hidden/c.news.md",
        "sub/.d.news.md",
        "ignored/e.news.md",
        "sub/f.news.md",
        ".gitignore",
        "sub/.ignore",
    ];

    #[test]
    fn walks_as_documented_and_agrees_with_discoverable() {
        let folder = Folder::new("walk", FILES);
        let root = folder.0.clone();
        std::fs::write(root.join(".gitignore"), "ignored/\n").unwrap();
        std::fs::write(root.join("sub/.ignore"), "f.news.md\n").unwrap();
        let (found, errors) = discover(std::slice::from_ref(&root));
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(names(&root, found.clone()), ["a.news.md", "sub/b.news.md"]);

        // Files that appear later are judged the same way.
        let all: Vec<PathBuf> = FILES.iter().map(|f| root.join(f)).collect();
        let later = discoverable(std::slice::from_ref(&root), &all);
        assert_eq!(names(&root, later), ["a.news.md", "sub/b.news.md"]);
    }

    #[test]
    fn one_file_however_its_folder_is_spelled_and_links_followed() {
        let folder = Folder::new("spelled", &["a.news.md", "real/b.news.md"]);
        let root = folder.0.clone();
        #[cfg(unix)]
        std::os::unix::fs::symlink(root.join("real"), root.join("linked")).unwrap();
        let (found, _) = discover(&[root.clone(), root.join("."), root.join("real")]);
        let found = names(
            &root,
            found.into_iter().map(|p| {
                // `root/.` spells the same folder: compare without it.
                p.components().filter(|c| c.as_os_str() != ".").collect()
            }),
        );
        // b is reached through `real` and through the link, and kept once.
        assert_eq!(found.len(), 2, "{found:?}");
        // A link back up the tree is no error: what it leads to is walked.
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&root, root.join("real/up")).unwrap();
            let (found, errors) = discover(std::slice::from_ref(&root));
            assert!(errors.is_empty(), "{errors:?}");
            assert_eq!(found.len(), 2, "{found:?}");
        }
        assert!(found.contains(&"a.news.md".to_string()));
    }
}
