//! Finding and loading the documents under a folder.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use rayon::prelude::*;

use super::cache::{Cached, Lookup};
use super::stamp::Stamp;
use super::{DocumentEntry, File, Summary, Workspace};

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

/// Which symbolic links a walk follows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Links {
    /// Only links whose target is inside one of the roots: nothing outside
    /// the workspace is ever read, whatever a repository links to.
    #[default]
    WithinRoots,
    /// Every link (`newsls check --follow-links`).
    All,
}

/// A file a walk found and would not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: String,
}

impl fmt::Display for Skipped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: skipped: {}", self.path.display(), self.reason)
    }
}

/// What a walk of the roots found.
#[derive(Debug, Default)]
pub struct Discovery {
    /// The `*.news.md` regular files, sorted by their bytes, each once.
    pub documents: Vec<PathBuf>,
    /// Folders that could not be read.
    pub errors: Vec<LoadError>,
    /// Links out of the roots, and `*.news.md` entries that are not regular
    /// files (FIFOs, sockets, devices): never opened.
    pub skipped: Vec<Skipped>,
}

/// How folders are walked: hidden files and folders skipped, `.gitignore`
/// and `.ignore` files honoured (in a Git repository or not), symbolic
/// links followed (loops are detected) but, unless `links` is `All`, only
/// those that stay inside `roots`.
fn walker(root: &Path, roots: &[PathBuf], links: Links) -> (ignore::WalkBuilder, Boundary) {
    let mut walk = ignore::WalkBuilder::new(root);
    walk.hidden(true)
        .git_ignore(true)
        .require_git(false)
        .follow_links(true);
    let boundary = Boundary::new(roots, links);
    let filter = boundary.clone();
    walk.filter_entry(move |entry| filter.allows(entry));
    (walk, boundary)
}

/// The workspace boundary: decides which links a walk may follow, and
/// remembers those it may not.
#[derive(Clone)]
struct Boundary {
    /// The roots as the file system resolves them; `None` for `Links::All`.
    roots: Option<Arc<Vec<PathBuf>>>,
    refused: Arc<Mutex<Vec<Skipped>>>,
    /// A link was followed: a file may have been reached by two paths.
    followed_a_link: Arc<AtomicBool>,
}

impl Boundary {
    fn new(roots: &[PathBuf], links: Links) -> Boundary {
        let roots = match links {
            Links::All => None,
            Links::WithinRoots => Some(Arc::new(
                roots
                    .iter()
                    .map(|r| std::fs::canonicalize(r).unwrap_or_else(|_| r.clone()))
                    .collect(),
            )),
        };
        Boundary {
            roots,
            refused: Arc::default(),
            followed_a_link: Arc::default(),
        }
    }

    fn allows(&self, entry: &ignore::DirEntry) -> bool {
        if !entry.path_is_symlink() || entry.depth() == 0 {
            // A root is walked however the user spelled it.
            return true;
        }
        self.followed_a_link.store(true, Ordering::Relaxed);
        let Some(roots) = &self.roots else {
            return true;
        };
        let reason = match std::fs::canonicalize(entry.path()) {
            Ok(target) if roots.iter().any(|r| target.starts_with(r)) => return true,
            Ok(target) => format!(
                "a symbolic link to {}, outside the workspace (pass --follow-links to follow it)",
                target.display()
            ),
            // A dangling link: the walk reports nothing for it either.
            Err(_) => return true,
        };
        if let Ok(mut refused) = self.refused.lock() {
            refused.push(Skipped {
                path: entry.path().to_path_buf(),
                reason,
            });
        }
        false
    }

    fn take_refused(&self) -> Vec<Skipped> {
        self.refused
            .lock()
            .map(|mut r| std::mem::take(&mut *r))
            .unwrap_or_default()
    }
}

/// Why an entry that is neither a file nor a folder is not read.
fn special_kind(file_type: std::fs::FileType) -> Option<&'static str> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if file_type.is_socket() {
            return Some("a socket");
        }
        if file_type.is_block_device() || file_type.is_char_device() {
            return Some("a device");
        }
    }
    if file_type.is_file() || file_type.is_dir() {
        None
    } else {
        Some("not a regular file")
    }
}

/// Every `*.news.md` under `roots` (a root may also be a file), walked as
/// [`walker`] says; sorted by bytes, each file once however its path is
/// spelled.
pub fn discover(roots: &[PathBuf], links: Links) -> Discovery {
    let mut found = Vec::new();
    let mut errors = Vec::new();
    let mut skipped = Vec::new();
    let mut followed_a_link = false;
    for root in roots {
        let (walk, boundary) = walker(root, roots, links);
        // On every core: a million documents are a second or two of
        // reading folders and matching names, which nothing else waits
        // beside.
        let walked = Mutex::new(Walked::default());
        walk.build_parallel().visit(&mut WalkedBuilder {
            root,
            walked: &walked,
        });
        let walked = walked.into_inner().unwrap_or_else(PoisonError::into_inner);
        found.extend(walked.found);
        errors.extend(walked.errors);
        skipped.extend(walked.skipped);
        skipped.extend(boundary.take_refused());
        followed_a_link |= boundary.followed_a_link.load(Ordering::Relaxed);
    }
    // By the paths' bytes: comparing `Path`s parses their components at
    // every comparison, a twentieth of a warm start at 100,000 documents.
    // The order only has to be the same from one run to the next.
    found.par_sort_unstable_by(|a, b| a.as_os_str().cmp(b.as_os_str()));
    // Each walking thread found its own: in an order of their own.
    errors.sort_by(|a, b| (&a.path, &a.message).cmp(&(&b.path, &b.message)));
    found.dedup();
    // `.` and the absolute path of the same folder, a root inside another,
    // or a link to a folder walked anyway would load a document twice.
    // Resolving every path costs a system call per path component, so it
    // is done only when one of those can have happened.
    let plain_roots = roots.len() == 1
        && roots.iter().all(|r| {
            r.components()
                .all(|c| matches!(c, Component::Normal(_) | Component::RootDir))
        });
    if followed_a_link || !plain_roots {
        let mut seen = HashSet::new();
        found.retain(|path| {
            seen.insert(std::fs::canonicalize(path).unwrap_or_else(|_| path.clone()))
        });
    }
    skipped.sort_by(|a, b| a.path.cmp(&b.path));
    skipped.dedup();
    Discovery {
        documents: found,
        errors,
        skipped,
    }
}

/// What the threads of one walk found.
#[derive(Default)]
struct Walked {
    found: Vec<PathBuf>,
    errors: Vec<LoadError>,
    skipped: Vec<Skipped>,
}

/// Makes each walking thread's [`WalkedVisitor`].
struct WalkedBuilder<'s> {
    root: &'s Path,
    walked: &'s Mutex<Walked>,
}

impl<'s> ignore::ParallelVisitorBuilder<'s> for WalkedBuilder<'s> {
    fn build(&mut self) -> Box<dyn ignore::ParallelVisitor + 's> {
        Box::new(WalkedVisitor {
            root: self.root,
            walked: self.walked,
            mine: Walked::default(),
        })
    }
}

/// One walking thread: keeps what it finds, and adds it to the walk's
/// when the thread is done.
struct WalkedVisitor<'s> {
    root: &'s Path,
    walked: &'s Mutex<Walked>,
    mine: Walked,
}

impl ignore::ParallelVisitor for WalkedVisitor<'_> {
    fn visit(&mut self, entry: Result<ignore::DirEntry, ignore::Error>) -> ignore::WalkState {
        match entry {
            Ok(entry) => {
                let Some(file_type) = entry.file_type() else {
                    return ignore::WalkState::Continue;
                };
                if !is_news_file(entry.path()) {
                    return ignore::WalkState::Continue;
                }
                if file_type.is_file() {
                    self.mine.found.push(entry.into_path());
                } else if let Some(kind) = special_kind(file_type) {
                    self.mine.skipped.push(Skipped {
                        path: entry.into_path(),
                        reason: format!("{kind}, not a regular file"),
                    });
                }
            }
            // A link back up the tree: its files are reached anyway.
            Err(err) if is_loop(&err) => {}
            Err(err) => self.mine.errors.push(LoadError {
                path: self.root.to_path_buf(),
                message: err.to_string(),
            }),
        }
        ignore::WalkState::Continue
    }
}

impl Drop for WalkedVisitor<'_> {
    fn drop(&mut self) {
        let mine = std::mem::take(&mut self.mine);
        let mut walked = self.walked.lock().unwrap_or_else(PoisonError::into_inner);
        walked.found.extend(mine.found);
        walked.errors.extend(mine.errors);
        walked.skipped.extend(mine.skipped);
    }
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
        let boundary = Boundary::new(roots, Links::WithinRoots);
        let (mut walk, _) = walker(root, roots, Links::WithinRoots);
        let listed: HashSet<PathBuf> = walk
            .filter_entry(move |e| {
                (target.starts_with(e.path()) || e.path().parent() == Some(target.as_path()))
                    && boundary.allows(e)
            })
            .build()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
            .map(ignore::DirEntry::into_path)
            .collect();
        found.extend(wanted.into_iter().filter(|p| listed.contains(*p)).cloned());
    }
    found
}

/// Reads and parses `paths` on every core, then indexes them.
pub fn load(workspace: &mut Workspace, paths: &[PathBuf]) -> Vec<LoadError> {
    load_counting(workspace, paths, &AtomicUsize::new(0), &Cached::default()).errors
}

/// What [`load_counting`] did.
#[derive(Debug, Default)]
pub struct Loaded {
    pub errors: Vec<LoadError>,
    /// Taken from the cache without reading them (size and modification
    /// time unchanged).
    pub unchanged: usize,
    /// Read again, and taken from the cache: the content was the same.
    pub same_content: usize,
    /// Read and parsed.
    pub parsed: usize,
    /// Taken from the cache, and found gone from the folders when they
    /// were checked after (see `recheck`).
    pub removed: usize,
}

/// How one document was loaded.
enum How {
    Unchanged,
    SameContent,
    Parsed,
}

/// [`load`], taking from `cached` what is still true, and adding one to
/// `read_so_far` for each document done, for progress reports.
pub fn load_counting(
    workspace: &mut Workspace,
    paths: &[PathBuf],
    read_so_far: &AtomicUsize,
    cached: &Cached,
) -> Loaded {
    let (entries, loaded) = read_counting(paths, read_so_far, cached);
    workspace.extend(entries);
    loaded
}

/// [`load_counting`] without the indexing: what the workspace keeps of
/// each document, to [`Workspace::extend`] it with once the caller has let
/// go of what it no longer needs.
pub fn read_counting(
    paths: &[PathBuf],
    read_so_far: &AtomicUsize,
    cached: &Cached,
) -> (Vec<Arc<DocumentEntry>>, Loaded) {
    // Each document is reduced to what the workspace keeps of it on the
    // thread that parsed it: the whole parses never pile up.
    let results: Vec<Result<(DocumentEntry, How), LoadError>> = paths
        .par_iter()
        .map(|p| {
            let entry = load_one(p, cached);
            read_so_far.fetch_add(1, Ordering::Relaxed);
            entry
        })
        .collect();
    let mut loaded = Loaded::default();
    let mut entries = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok((entry, how)) => {
                *match how {
                    How::Unchanged => &mut loaded.unchanged,
                    How::SameContent => &mut loaded.same_content,
                    How::Parsed => &mut loaded.parsed,
                } += 1;
                entries.push(Arc::new(entry));
            }
            Err(err) => loaded.errors.push(err),
        }
    }
    (entries, loaded)
}

fn load_one(path: &Path, cached: &Cached) -> Result<(DocumentEntry, How), LoadError> {
    if cached.is_empty() {
        // Nothing to spare a read: opened and read at once.
        let (metadata, bytes) = read_checked(path)?;
        return Ok((parse_from_disk(path, &metadata, Some(bytes))?, How::Parsed));
    }
    let metadata = checked_metadata(path)?;
    let (lookup, bytes) = cached.take(path, &metadata, || std::fs::read(path).ok());
    match lookup {
        Lookup::Unchanged(stamp, summary) => {
            return Ok((
                DocumentEntry::from_cache(path.into(), stamp, summary),
                How::Unchanged,
            ));
        }
        Lookup::SameContent(stamp, summary) => {
            return Ok((
                DocumentEntry::from_cache(path.into(), stamp, summary),
                How::SameContent,
            ));
        }
        Lookup::Missing => {}
    }
    Ok((parse_from_disk(path, &metadata, bytes)?, How::Parsed))
}

/// What the workspace keeps of the document at `path`, parsed from its
/// `bytes` (read now when not given) and stamped with `metadata`.
pub(super) fn parse_from_disk(
    path: &Path,
    metadata: &std::fs::Metadata,
    bytes: Option<Vec<u8>>,
) -> Result<DocumentEntry, LoadError> {
    let bytes = match bytes {
        Some(bytes) => bytes,
        None => std::fs::read(path).map_err(|e| load_error(path, format!("cannot read: {e}")))?,
    };
    let stamp = Stamp::of(metadata, &bytes);
    let text = utf8(path, bytes)?;
    Ok(DocumentEntry::summarise(path.into(), &text, stamp))
}

/// Reads and parses one document from disk.
pub fn read(path: &Path) -> Result<File, LoadError> {
    read_known(path, None)
}

/// [`read`], with the content hash and summary the document was indexed
/// with: the summary is taken when the content is the same.
pub fn read_known(path: &Path, known: Option<(u128, &Summary)>) -> Result<File, LoadError> {
    let (metadata, bytes) = read_checked(path)?;
    let stamp = Stamp::of(&metadata, &bytes);
    Ok(File::from_disk_known(
        path.into(),
        utf8(path, bytes)?,
        stamp,
        known,
    ))
}

/// Reads one document's text from disk: a regular file, not too large,
/// valid UTF-8.
pub fn read_text(path: &Path) -> Result<String, LoadError> {
    let (_, bytes) = read_checked(path)?;
    utf8(path, bytes)
}

/// The bytes of the file at `path` with its metadata, when it is a file
/// newsls reads ([`checked_metadata`]). On Linux the file is opened first
/// and the metadata taken from what was opened: the path is looked up
/// once instead of twice (a `stat`, then an `open`), a tenth of the
/// system's time at a million documents. It is opened without waiting:
/// a FIFO in a document's place is refused, not waited for.
pub(super) fn read_checked(path: &Path) -> Result<(std::fs::Metadata, Vec<u8>), LoadError> {
    #[cfg(target_os = "linux")]
    {
        use std::io::Read;
        use std::os::unix::fs::OpenOptionsExt;
        let cannot = |e: std::io::Error| load_error(path, format!("cannot read: {e}"));
        let opened = std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NONBLOCK)
            .open(path);
        let mut file = match opened {
            Ok(file) => file,
            // Said as the metadata says it (a socket is no file to open).
            Err(error) => {
                checked_metadata(path)?;
                return Err(cannot(error));
            }
        };
        let metadata = file.metadata().map_err(cannot)?;
        check_kind_and_size(path, &metadata)?;
        let size = usize::try_from(metadata.len()).unwrap_or(0);
        let mut bytes = Vec::with_capacity(size.saturating_add(1));
        // Through `take`, which reads into the room made without asking
        // the file's size and position again (two more system calls).
        file.by_ref()
            .take(u64::MAX)
            .read_to_end(&mut bytes)
            .map_err(cannot)?;
        Ok((metadata, bytes))
    }
    #[cfg(not(target_os = "linux"))]
    {
        let metadata = checked_metadata(path)?;
        let bytes =
            std::fs::read(path).map_err(|e| load_error(path, format!("cannot read: {e}")))?;
        Ok((metadata, bytes))
    }
}

pub(super) fn load_error(path: &Path, message: String) -> LoadError {
    LoadError {
        path: path.to_path_buf(),
        message,
    }
}

/// The file's metadata, when it is one newsls reads: a regular file, not
/// too large.
pub(super) fn checked_metadata(path: &Path) -> Result<std::fs::Metadata, LoadError> {
    let metadata =
        std::fs::metadata(path).map_err(|e| load_error(path, format!("cannot read: {e}")))?;
    check_kind_and_size(path, &metadata)?;
    Ok(metadata)
}

/// Whether `metadata` is that of a file newsls reads: a regular file (a
/// FIFO would block for ever, a device could be endless), not too large.
fn check_kind_and_size(path: &Path, metadata: &std::fs::Metadata) -> Result<(), LoadError> {
    if let Some(kind) = special_kind(metadata.file_type()) {
        return Err(load_error(
            path,
            format!("skipped: {kind}, not a regular file"),
        ));
    }
    let size = metadata.len();
    if size > MAX_FILE_BYTES {
        return Err(load_error(
            path,
            format!("skipped: {size} bytes is more than the {MAX_FILE_BYTES} bytes newsls indexes"),
        ));
    }
    Ok(())
}

pub(super) fn utf8(path: &Path, bytes: Vec<u8>) -> Result<String, LoadError> {
    String::from_utf8(bytes).map_err(|e| {
        load_error(
            path,
            format!(
                "not valid UTF-8 (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        )
    })
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

    /// A document read again is refused with the same words whatever took
    /// its place: a FIFO (not waited for), nothing, a folder.
    #[cfg(unix)]
    #[test]
    fn reading_again_what_is_no_document_any_more_says_why() {
        let folder = Folder::new("read-again", &["a.news.md"]);
        let path = folder.0.join("a.news.md");
        let read = |path: &Path| {
            read_known(path, None)
                .map(|f| f.text)
                .map_err(|e| e.message)
        };
        assert_eq!(read(&path), Ok("x\n".to_string()));
        std::fs::remove_file(&path).unwrap();
        let status = std::process::Command::new("mkfifo").arg(&path).status();
        assert!(status.unwrap().success());
        assert_eq!(
            read(&path),
            Err("skipped: a FIFO (named pipe), not a regular file".to_string())
        );
        assert!(read_text(&path).is_err());
        std::fs::remove_file(&path).unwrap();
        assert!(read(&path).unwrap_err().starts_with("cannot read: "));
        std::fs::create_dir(&path).unwrap();
        assert!(read(&path).unwrap_err().starts_with("cannot read: "));
    }

    fn names(root: &Path, paths: impl IntoIterator<Item = PathBuf>) -> Vec<String> {
        let mut names: Vec<String> = paths
            .into_iter()
            .map(|p| p.strip_prefix(root).unwrap().display().to_string())
            .collect();
        names.sort();
        names
    }

    /// A document read from disk is kept as its summary; its body is read
    /// again by the snapshot that asks, and an edit on disk is what the
    /// next snapshot reads.
    #[test]
    fn documents_from_disk_are_kept_as_summaries_and_read_again() {
        let folder = Folder::new("summaries", &["a.news.md"]);
        let path = folder.0.join("a.news.md");
        let text = "---\nentities:\n  x:\n    name: X Y\n---\nSee [@x].\n";
        std::fs::write(&path, text).unwrap();
        let mut ws = Workspace::new(vec![folder.0.clone()]);
        assert!(load(&mut ws, std::slice::from_ref(&path)).is_empty());
        let entry = ws.entry(&path).expect("indexed");
        assert!(entry.kept_whole().is_none());
        assert_eq!(entry.summary().defines, ["x"]);
        assert_eq!(entry.definitions_of("x").count(), 1);
        assert_eq!(ws.load_file(&path).expect("read again").text, text);
        assert_eq!(
            ws.text_and_lines(&path, text.len()).expect("read again").0,
            text
        );

        std::fs::write(&path, "Now [@x] only.\n").unwrap();
        let snapshot = ws.clone();
        assert_eq!(
            snapshot.load_file(&path).expect("read again").text,
            "Now [@x] only.\n"
        );
        std::fs::remove_file(&path).unwrap();
        assert!(ws.clone().load_file(&path).is_none());
    }

    /// Where a definition is (go to definition, the line hover names) is
    /// answered from what indexing kept, not by reading the defining
    /// document again on every request: here the file on disk gained lines
    /// above the definition, and the answer is still where indexing saw
    /// it. A document gone from disk is no place to go.
    #[test]
    fn definitions_positions_need_no_disk_read() {
        let folder = Folder::new("heads", &["registry.news.md"]);
        let path = folder.0.join("registry.news.md");
        let text = "---\ntitle: Régistre 🇺🇦\nentities:\n  x: {name: X Y}\n  z:\n    name: Z\n---\nBody text.\n";
        std::fs::write(&path, text).unwrap();
        let mut ws = Workspace::new(vec![folder.0.clone()]);
        assert!(load(&mut ws, std::slice::from_ref(&path)).is_empty());
        std::fs::write(&path, format!("\n\n\n{text}")).unwrap();
        let entry = ws.entry(&path).expect("indexed");
        let key = entry.definitions_of("z").next().expect("z").key;
        let (kept, lines) = ws.text_and_lines(&path, key.end).expect("kept");
        assert_eq!(kept.get(key.start..key.end), Some("z"));
        assert_eq!(lines.line_of(key.start).0, 4);
        assert_eq!(entry.line_of(key.start), 4);
        std::fs::remove_file(&path).unwrap();
        assert!(ws.text_and_lines(&path, key.end).is_none());
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
        let Discovery {
            documents: found,
            errors,
            ..
        } = discover(std::slice::from_ref(&root), Links::WithinRoots);
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
        let found = discover(
            &[root.clone(), root.join("."), root.join("real")],
            Links::WithinRoots,
        )
        .documents;
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
            let Discovery {
                documents: found,
                errors,
                ..
            } = discover(std::slice::from_ref(&root), Links::WithinRoots);
            assert!(errors.is_empty(), "{errors:?}");
            assert_eq!(found.len(), 2, "{found:?}");
        }
        assert!(found.contains(&"a.news.md".to_string()));
    }
}
