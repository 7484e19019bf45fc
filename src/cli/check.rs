//! `newsls check`: the batch checker. Indexes the documents under the given
//! paths and prints every diagnostic, for terminals, CI and editors'
//! problem matchers.

use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::AtomicUsize;
use std::sync::{Mutex, PoisonError};

use rayon::prelude::*;

use super::report::{self, Checked};
use super::shard::Shard;
use crate::ide::Code;
use crate::ide::{Diagnostic, diagnostics};
use crate::settings::{self, DocumentFilter, Settings, SettingsFile};
use crate::workspace::{self, Discovery, Links, Workspace, cache};

/// How `newsls check` prints what it found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// rustc-style snippets with the line and a caret under the span (the
    /// default on a terminal)
    Full,
    /// `path:line:column: severity[code]: message` lines and a summary (the
    /// default otherwise, for problem matchers)
    #[value(alias = "text")]
    Concise,
    /// one JSON array
    Json,
    /// one JSON object a line
    Jsonl,
    /// GitHub Actions workflow commands (annotations)
    Github,
    /// SARIF 2.1.0, for code scanning
    Sarif,
    /// GitLab Code Quality JSON
    Gitlab,
}

/// Every code `--select` and `--ignore` take: the diagnostics' and
/// `unreadable-file`.
fn all_codes() -> Vec<&'static str> {
    Code::ALL
        .iter()
        .map(|c| c.as_str())
        .chain([report::UNREADABLE_FILE, report::INVALID_SETTINGS])
        .collect()
}

/// Checks documents and prints every problem.
///
/// Reads the *.news.md documents under each PATH (hidden files and folders,
/// and what .gitignore and .ignore files list, are skipped; symbolic links
/// are followed only when their target is inside one of the PATHs: nothing
/// outside them is read), runs the diagnostics the editor shows, and prints
/// them. Links out of the PATHs, and entries that are not regular files
/// (FIFOs, sockets, devices), are named on stderr as skipped. Settings: each
/// PATH folder's .newsls.toml (see the README).
///
/// Exit status: 0 when no error is reported (warnings, infos and hints
/// allowed), 1 when one is, 2 when the command itself failed (bad option,
/// missing PATH).
#[derive(clap::Args, Clone, Debug, Default)]
pub struct CheckArgs {
    /// Folders or single documents to check [default: .]
    pub paths: Vec<PathBuf>,
    /// How to print the problems [default: full on a terminal, concise otherwise]
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Report only these codes (comma-separated or repeated)
    #[arg(long, value_name = "CODE", value_delimiter = ',',
          value_parser = clap::builder::PossibleValuesParser::new(all_codes()))]
    pub select: Vec<String>,
    /// Do not report these codes (comma-separated or repeated)
    #[arg(long, value_name = "CODE", value_delimiter = ',',
          value_parser = clap::builder::PossibleValuesParser::new(all_codes()))]
    pub ignore: Vec<String>,
    /// Print how many problems of each code were found instead of the problems
    /// (as text, or as JSON with --format json)
    #[arg(long)]
    pub statistics: bool,
    /// Follow every symbolic link, wherever it leads (by default only links
    /// whose target is inside one of the PATHs)
    #[arg(long)]
    pub follow_links: bool,
    /// Neither read nor write the index cache (by default summaries of
    /// unchanged documents are taken from the user's cache folder)
    #[arg(long)]
    pub no_cache: bool,
    /// Check only the I-th of N shares of the documents (from 1), for N
    /// machines checking one archive at once: each reads every document, so
    /// rules across documents stay exact; the N reports together are the
    /// unsharded one. Shares are balanced by size and stable as documents
    /// are added
    #[arg(long, value_name = "I/N")]
    pub shard: Option<Shard>,
}

impl CheckArgs {
    /// Whether a problem with `code` is reported.
    pub fn reports(&self, code: &str) -> bool {
        (self.select.is_empty() || self.select.iter().any(|c| c == code))
            && !self.ignore.iter().any(|c| c == code)
    }
}

/// The `.newsls.toml` of each folder checked, in order, and the settings
/// they make together.
pub fn settings_of(roots: &[PathBuf]) -> (Settings, Vec<(PathBuf, SettingsFile)>) {
    let files: Vec<(PathBuf, SettingsFile)> = roots
        .iter()
        .filter(|root| root.is_dir())
        .map(|root| root.join(settings::FILE_NAME))
        .filter_map(|path| Some((path.clone(), settings::read_file(&path)?)))
        .collect();
    let resolved = Settings::resolve(files.iter().map(|(_, f)| &f.layer));
    (resolved, files)
}

/// Finds, loads and checks the documents under `roots`, which must exist,
/// as their settings files say (`workspace.follow-links` is
/// `--follow-links`). Documents in registry folders are loaded for their
/// definitions, not checked. With a `shard`, every document is loaded and
/// only the shard's share is checked (the settings files' problems are
/// the first shard's).
pub fn check(
    roots: &[PathBuf],
    links: Links,
    cache: &mut cache::Session,
    shard: Option<Shard>,
) -> Checked {
    let mut phases = Phases::start();
    let (settings, settings_files) = settings_of(roots);
    let links = if settings.follow_links {
        Links::All
    } else {
        links
    };
    let filter = DocumentFilter::new(&settings, roots);
    let Discovery {
        documents: found,
        errors: walk_errors,
        skipped,
    } = workspace::discover(roots, links);
    phases.done("walked the folders");
    let mut paths: Vec<PathBuf> = found
        .into_iter()
        .filter(|p| filter.admits(p))
        .map(report::strip_cur_dir)
        .collect();
    paths.par_sort();
    paths.dedup();
    let first_folder = roots.iter().find(|r| r.is_dir()).map(PathBuf::as_path);
    let registries = workspace::discover(&settings.registry_folders(first_folder), links);
    for error in registries.errors {
        eprintln!("newsls check: workspace.registries: {error}");
    }
    let registry_paths: Vec<PathBuf> = registries
        .documents
        .into_iter()
        .filter(|p| paths.binary_search(p).is_err())
        .collect();
    phases.done("sorted the paths and walked the registries");
    // Paths in messages (a conflicting definition's other file) are shown
    // as the report shows paths: as found, relative to the current folder.
    let cwd = std::env::current_dir().ok();
    let mut ws = Workspace::new(cwd.into_iter().chain([PathBuf::new()]).collect());
    if let Some(problem) = &cache.problem {
        eprintln!("newsls check: {problem}");
    }
    let counter = AtomicUsize::new(0);
    let (entries, mut loaded) = workspace::read_counting(&paths, &counter, cache.cached());
    let (registry_entries, registries) =
        workspace::read_counting(&registry_paths, &counter, cache.cached());
    phases.done("read the documents");
    // What the cache file held is all taken: its paths (a hundred
    // megabytes at a million documents) are freed on a thread of their
    // own while the index is built.
    let cached = cache.take_cached();
    let freeing = std::thread::spawn(move || drop(cached));
    ws.extend(entries);
    ws.extend(registry_entries);
    phases.done("indexed them");
    let load_errors = std::mem::take(&mut loaded.errors);
    for error in &registries.errors {
        eprintln!("newsls check: {error}");
    }
    loaded.unchanged += registries.unchanged;
    loaded.same_content += registries.same_content;
    loaded.parsed += registries.parsed;
    let _ = freeing.join();
    if cache.file().is_some() && phases.log {
        eprintln!("newsls check: {}", cache::describe(&loaded));
    }
    // The cache is written beside the checking, on a thread of its own:
    // one thread encoding and writing the whole index would otherwise
    // hold up every core (seconds at a million documents). Its chunks are
    // encoded on that thread too: given to the checking's pool, they
    // waited behind the checking and were encoded after it, the check
    // waiting for them.
    let cache = &*cache;
    let (results, settings_files, documents) = std::thread::scope(|scope| {
        let saving = scope.spawn(
            || match rayon::ThreadPoolBuilder::new().num_threads(1).build() {
                Ok(alone) => alone.install(|| cache.save(&ws, &loaded)),
                Err(_) => cache.save(&ws, &loaded),
            },
        );
        let found = Found {
            paths,
            load_errors,
            walk_errors,
            settings_files,
        };
        let checked = check_documents(roots, &ws, &settings, found, shard);
        phases.done("checked the documents");
        if let Ok(Some(Err(error))) = saving.join() {
            let file = cache.file().unwrap_or(Path::new(""));
            eprintln!(
                "newsls check: cannot write the index cache {}: {error}",
                file.display()
            );
        }
        if cache.file().is_some() {
            phases.done("waited for the index cache to be written");
        }
        checked
    });
    Checked {
        workspace: ws,
        settings_files,
        results,
        documents,
        skipped,
    }
}

/// How long each step took, on stderr under `NEWSLS_LOG=debug`: where a
/// large check spends its time.
struct Phases {
    log: bool,
    since: std::time::Instant,
}

impl Phases {
    fn start() -> Phases {
        Phases {
            log: std::env::var_os("NEWSLS_LOG").is_some_and(|v| v == "debug"),
            since: std::time::Instant::now(),
        }
    }

    fn done(&mut self, what: &str) {
        if self.log {
            let seconds = self.since.elapsed().as_secs_f64();
            eprintln!("newsls check: {what} in {seconds:.2} s");
        }
        self.since = std::time::Instant::now();
    }
}

/// What checking gives: each document's diagnostics (or why it could not
/// be read), the settings files reported, how many documents were checked.
type Results = (
    Vec<(PathBuf, Result<Vec<Diagnostic>, String>)>,
    Vec<(PathBuf, SettingsFile)>,
    usize,
);

/// What the walk and the loading found, to be checked.
struct Found {
    /// The documents to check, sorted.
    paths: Vec<PathBuf>,
    /// Documents found that could not be read.
    load_errors: Vec<workspace::LoadError>,
    /// Folders that could not be read.
    walk_errors: Vec<workspace::LoadError>,
    settings_files: Vec<(PathBuf, SettingsFile)>,
}

/// The diagnostics of the documents `found` (those of the `shard`, if
/// any), on every core.
fn check_documents(
    roots: &[PathBuf],
    ws: &Workspace,
    settings: &Settings,
    found: Found,
    shard: Option<Shard>,
) -> Results {
    let Found {
        mut paths,
        load_errors,
        mut walk_errors,
        mut settings_files,
    } = found;
    if let Some(shard) = shard {
        // Documents that could not be read are shared out too, weightless.
        let listed: Vec<(&Path, u64)> = paths
            .iter()
            .map(|p| {
                (
                    p.as_path(),
                    ws.entry(p).and_then(|e| e.size_on_disk()).unwrap_or(0),
                )
            })
            .chain(walk_errors.iter().map(|e| (e.path.as_path(), 0)))
            .collect();
        let mut mine = shard.share(roots, &listed).into_iter();
        paths.retain(|_| mine.next().unwrap_or(false));
        walk_errors.retain(|_| mine.next().unwrap_or(false));
        if shard.index != 1 {
            settings_files.clear();
        }
    }
    let documents = paths.len();

    // One checker per thread, so what one looks up about ids and words is
    // computed once a thread, and never waited for; each document's
    // diagnostics on a snapshot of its own (`Checker::collect`): what it
    // reads again from disk goes with it.
    let checkers: Vec<Mutex<diagnostics::Checker<'_>>> = (0..rayon::current_num_threads())
        .map(|_| {
            let options = settings.diagnostic_options();
            Mutex::new(diagnostics::Checker::with_options(ws, options))
        })
        .collect();
    let mut results: Vec<(PathBuf, Result<Vec<Diagnostic>, String>)> = paths
        .into_par_iter()
        .map(|path| {
            let result = match ws.entry(&path) {
                Some(_) => {
                    let thread = rayon::current_thread_index().unwrap_or(0);
                    let mut found = match checkers.get(thread % checkers.len().max(1)) {
                        Some(checker) => checker
                            .lock()
                            .unwrap_or_else(PoisonError::into_inner)
                            .collect(&path),
                        None => diagnostics::collect_with_options(
                            &ws.clone(),
                            &path,
                            &settings.diagnostic_options(),
                        ),
                    };
                    settings.apply(&mut found);
                    Ok(found)
                }
                None => Err(load_errors
                    .iter()
                    .find(|e| e.path == path)
                    .map_or_else(|| "cannot read".to_string(), |e| e.message.clone())),
            };
            (path, result)
        })
        // A document with nothing to report is only counted: at a million
        // documents its path alone would hold a hundred megabytes.
        .filter(|(_, result)| !matches!(result, Ok(found) if found.is_empty()))
        .collect();
    drop(checkers);
    results.extend(walk_errors.into_iter().map(|e| (e.path, Err(e.message))));
    results.sort_by(|a, b| a.0.cmp(&b.0));
    (results, settings_files, documents)
}

impl Checked {
    /// Drops the problems `args` does not report (`--select`, `--ignore`).
    pub fn retain(&mut self, args: &CheckArgs) {
        self.results.retain_mut(|(_, result)| match result {
            Ok(found) => {
                found.retain(|d| args.reports(d.code.as_str()));
                true
            }
            Err(_) => args.reports(report::UNREADABLE_FILE),
        });
        if !args.reports(report::INVALID_SETTINGS) {
            for (_, file) in &mut self.settings_files {
                file.problems.clear();
            }
        }
    }
}

/// Writes the report of `checked` in `format`, paths shown relative to `cwd`.
pub fn write_report(
    out: &mut impl Write,
    checked: &Checked,
    format: Format,
    cwd: Option<&Path>,
) -> io::Result<()> {
    let display = |path: &Path| report::display_path(path, cwd);
    let problems = report::problems(checked, &display);
    let counts = checked.counts();
    match format {
        Format::Full => {
            let color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && io::stdout().is_terminal();
            report::full::write(out, &problems, color)?;
            writeln!(out, "{}", counts.summary())?;
        }
        Format::Concise => {
            for problem in &problems {
                writeln!(out, "{}", problem.concise())?;
            }
            writeln!(out, "{}", counts.summary())?;
        }
        Format::Json => {
            let all: Vec<_> = problems.iter().map(|p| &p.json).collect();
            serde_json::to_writer_pretty(&mut *out, &all).map_err(io::Error::from)?;
            writeln!(out)?;
        }
        Format::Jsonl => {
            for problem in &problems {
                serde_json::to_writer(&mut *out, &problem.json).map_err(io::Error::from)?;
                writeln!(out)?;
            }
        }
        Format::Github => report::github::write(out, &problems)?,
        Format::Sarif => report::sarif::write(out, &problems)?,
        Format::Gitlab => report::gitlab::write(out, &problems)?,
    }
    out.flush()
}

/// `--statistics`: how many problems of each code, most frequent first.
pub fn write_statistics(out: &mut impl Write, checked: &Checked, format: Format) -> io::Result<()> {
    let rows = report::statistics(checked);
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, &rows).map_err(io::Error::from)?;
            writeln!(out)?;
        }
        Format::Jsonl => {
            for row in &rows {
                serde_json::to_writer(&mut *out, row).map_err(io::Error::from)?;
                writeln!(out)?;
            }
        }
        _ => {
            let width = rows
                .iter()
                .map(|r| r.count.to_string().len())
                .max()
                .unwrap_or(1);
            for row in &rows {
                writeln!(out, "{:>width$}  {}[{}]", row.count, row.severity, row.code)?;
            }
            writeln!(out, "{}", checked.counts().summary())?;
        }
    }
    out.flush()
}

pub fn run(args: CheckArgs) -> ExitCode {
    let roots = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let format = args.format.unwrap_or(if io::stdout().is_terminal() {
        Format::Full
    } else {
        Format::Concise
    });
    if args.statistics
        && !matches!(
            format,
            Format::Full | Format::Concise | Format::Json | Format::Jsonl
        )
    {
        eprintln!(
            "newsls check: --statistics prints counts as text or JSON: use it with --format concise, full, json or jsonl"
        );
        return ExitCode::from(2);
    }
    for root in &roots {
        match std::fs::metadata(root) {
            Err(err) => {
                eprintln!("newsls check: cannot check `{}`: {err}", root.display());
                return ExitCode::from(2);
            }
            Ok(meta) if meta.is_file() && !workspace::is_news_file(root) => {
                eprintln!(
                    "newsls check: skipping `{}`: only *.news.md documents are checked",
                    root.display()
                );
            }
            Ok(_) => {}
        }
    }
    let links = if args.follow_links {
        Links::All
    } else {
        Links::WithinRoots
    };
    let mut cache = if args.no_cache {
        cache::Session::disabled()
    } else {
        cache::Session::open(&roots)
    };
    let mut checked = check(&roots, links, &mut cache, args.shard);
    let mut phases = Phases::start();
    for skipped in &checked.skipped {
        eprintln!("newsls check: {skipped}");
    }
    if checked.documents == 0 {
        // Likely run from the wrong folder: say so, where CI logs show it.
        let shown: Vec<String> = roots.iter().map(|r| r.display().to_string()).collect();
        eprintln!(
            "newsls check: no *.news.md documents under {}",
            shown.join(", ")
        );
    }
    checked.retain(&args);
    let cwd = std::env::current_dir().ok();
    let status = if checked.counts().errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    };
    let mut out = BufWriter::new(io::stdout().lock());
    let written = if args.statistics {
        write_statistics(&mut out, &checked, format)
    } else {
        write_report(&mut out, &checked, format, cwd.as_deref())
    };
    phases.done("wrote the report");
    // Freeing a million documents one by one takes seconds the process is
    // about to give back at once.
    std::mem::forget(checked);
    std::mem::forget(cache);
    match written {
        Ok(()) => status,
        // The reader went away (`newsls check | head`): not our failure.
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => status,
        Err(err) => {
            eprintln!("newsls check: cannot write the report: {err}");
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;
    use crate::cli::{Cli, Command};

    fn parse(list: &[&str]) -> Result<CheckArgs, clap::Error> {
        let cli = Cli::try_parse_from(["newsls", "check"].iter().chain(list))?;
        match cli.command {
            Some(Command::Check(args)) => Ok(args),
            other => panic!("not check: {other:?}"),
        }
    }

    #[test]
    fn arguments() {
        let args = parse(&["--format", "json", "a", "b"]).unwrap();
        assert_eq!(args.format, Some(Format::Json));
        assert_eq!(args.paths, [PathBuf::from("a"), PathBuf::from("b")]);
        let args = parse(&["a", "--format=text", "--", "--odd"]).unwrap();
        assert_eq!(args.format, Some(Format::Concise), "text is concise");
        assert_eq!(args.paths, [PathBuf::from("a"), PathBuf::from("--odd")]);
        let args = parse(&[
            "--select",
            "surface-mismatch,unused-entity",
            "--ignore=unused-entity",
        ])
        .unwrap();
        assert!(args.reports("surface-mismatch"));
        assert!(!args.reports("unused-entity"), "ignore wins over select");
        assert!(!args.reports("undefined-entity"), "not selected");
        assert!(parse(&[]).unwrap().reports("undefined-entity"));
        assert!(parse(&["--follow-links", "a"]).unwrap().follow_links);
        assert!(!parse(&["a"]).unwrap().follow_links);
        for bad in [
            &["--format"][..],
            &["--format", "xml"],
            &["--fix"],
            &["-q", "a"],
            &["--select", "no-such-code"],
        ] {
            let err = parse(bad).expect_err(&format!("{bad:?}"));
            assert_eq!(err.exit_code(), 2, "{bad:?}");
        }
        let help = parse(&["--help"]).expect_err("help exits");
        assert_eq!(help.exit_code(), 0);
    }
}
