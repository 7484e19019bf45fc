//! `newsls check`: the batch checker. Indexes the documents under the given
//! paths and prints every diagnostic, for terminals, CI and editors'
//! problem matchers.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use rayon::prelude::*;

use super::report::{self, Counts};
use crate::ide::{Diagnostic, diagnostics};
use crate::settings::{self, DocumentFilter, Settings, SettingsFile};
use crate::workspace::{self, Discovery, Links, Skipped, Workspace};

pub const USAGE: &str = "\
Usage: newsls check [--format text|json] [--follow-links] [PATH...]

Checks the *.news.md documents under each PATH (default: the current
folder; a PATH may also be a single document) and prints every problem as
  path:line:column: severity[code]: message
then a summary line. Hidden files and folders, and what .gitignore and
.ignore files list, are skipped. Symbolic links are followed only when
their target is inside one of the PATHs: nothing outside them is read.
Links out of them, and entries that are not regular files (FIFOs, sockets,
devices), are named on stderr as skipped.

Settings: each PATH folder's .newsls.toml (see the README).

Options:
  --format text   one line per problem and a summary (the default)
  --format json   a JSON array of problems, and no summary
  --follow-links  follow every symbolic link, wherever it leads
  -h, --help      print this help

Exit status: 0 when there is no error (warnings, infos and hints allowed),
1 when there is an error, 2 when the command itself failed (bad option,
missing PATH).
";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    Help,
    Check {
        format: Format,
        paths: Vec<PathBuf>,
        links: Links,
    },
}

/// Reads the arguments after `check`.
pub fn parse_args(args: &[String]) -> Result<Command, String> {
    let mut format = Format::Text;
    let mut links = Links::WithinRoots;
    let mut paths = Vec::new();
    let mut args = args.iter();
    let mut options_done = false;
    while let Some(arg) = args.next() {
        if options_done || !arg.starts_with('-') || arg == "-" {
            paths.push(PathBuf::from(arg));
            continue;
        }
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) => (flag, Some(value.to_string())),
            None => (arg.as_str(), None),
        };
        match flag {
            "--" if inline.is_none() => options_done = true,
            "-h" | "--help" if inline.is_none() => return Ok(Command::Help),
            "--follow-links" if inline.is_none() => links = Links::All,
            "--format" => {
                let value = inline
                    .or_else(|| args.next().cloned())
                    .ok_or("`--format` needs a value: text or json")?;
                format = match value.as_str() {
                    "text" => Format::Text,
                    "json" => Format::Json,
                    other => {
                        return Err(format!("unknown format `{other}`: expected text or json"));
                    }
                };
            }
            _ => return Err(format!("unknown option `{arg}`")),
        }
    }
    if paths.is_empty() {
        paths.push(PathBuf::from("."));
    }
    Ok(Command::Check {
        format,
        paths,
        links,
    })
}

/// What checking found for one document, or why it could not be read.
pub struct Checked {
    pub workspace: Workspace,
    /// The settings files read, with what they say and their problems.
    pub settings_files: Vec<(PathBuf, SettingsFile)>,
    /// In path order.
    pub results: Vec<(PathBuf, Result<Vec<Diagnostic>, String>)>,
    /// How many `*.news.md` files were found, readable or not.
    pub documents: usize,
    /// Files not read: links out of the roots, FIFOs and the like.
    pub skipped: Vec<Skipped>,
}

impl Checked {
    pub fn counts(&self) -> Counts {
        let mut counts = Counts {
            documents: self.documents,
            ..Counts::default()
        };
        for (_, result) in &self.results {
            match result {
                Ok(found) => found.iter().for_each(|d| counts.add(d.severity)),
                Err(_) => counts.errors += 1,
            }
        }
        counts.errors += self
            .settings_files
            .iter()
            .map(|(_, f)| f.problems.len())
            .sum::<usize>();
        counts
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
/// definitions, not checked.
pub fn check(roots: &[PathBuf], links: Links) -> Checked {
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
    let mut paths: Vec<PathBuf> = found
        .iter()
        .filter(|p| filter.admits(p))
        .map(|p| report::strip_cur_dir(p))
        .collect();
    paths.sort();
    paths.dedup();
    let first_folder = roots.iter().find(|r| r.is_dir()).map(PathBuf::as_path);
    let registries = workspace::discover(&settings.registry_folders(first_folder), links);
    for error in registries.errors {
        eprintln!("newsls check: workspace.registries: {error}");
    }
    let registry_paths: Vec<PathBuf> = registries
        .documents
        .into_iter()
        .filter(|p| !paths.contains(p))
        .collect();
    // Paths in messages (a conflicting definition's other file) are shown
    // as the report shows paths: as found, relative to the current folder.
    let cwd = std::env::current_dir().ok();
    let mut ws = Workspace::new(cwd.into_iter().chain([PathBuf::new()]).collect());
    let load_errors = workspace::load(&mut ws, &paths);
    for error in workspace::load(&mut ws, &registry_paths) {
        eprintln!("newsls check: {error}");
    }
    let documents = paths.len();

    let mut results: Vec<(PathBuf, Result<Vec<Diagnostic>, String>)> = paths
        .into_par_iter()
        .map(|path| {
            let result = match ws.file(&path) {
                Some(_) => {
                    let mut found = diagnostics::collect(&ws, &path);
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
        .collect();
    results.extend(walk_errors.into_iter().map(|e| (e.path, Err(e.message))));
    results.sort_by(|a, b| a.0.cmp(&b.0));
    Checked {
        workspace: ws,
        settings_files,
        results,
        documents,
        skipped,
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
    let ws = &checked.workspace;
    match format {
        Format::Text => {
            for (path, file) in &checked.settings_files {
                for problem in &file.problems {
                    writeln!(
                        out,
                        "{}",
                        report::settings_line(&display(path), &file.text, problem)
                    )?;
                }
            }
            for (path, result) in &checked.results {
                let shown = display(path);
                match (result, ws.file(path)) {
                    (Ok(found), Some(file)) => {
                        for diagnostic in found {
                            writeln!(out, "{}", report::diagnostic_line(&shown, file, diagnostic))?;
                        }
                    }
                    (Ok(_), None) => {}
                    (Err(message), _) => {
                        writeln!(out, "{}", report::unreadable_line(&shown, message))?
                    }
                }
            }
            writeln!(out, "{}", checked.counts().summary())?;
        }
        Format::Json => {
            let mut all: Vec<_> = checked
                .settings_files
                .iter()
                .flat_map(|(path, file)| {
                    let shown = display(path);
                    file.problems
                        .iter()
                        .map(move |p| report::json_settings(&shown, &file.text, p))
                })
                .collect();
            for (path, result) in &checked.results {
                match (result, ws.file(path)) {
                    (Ok(found), Some(file)) => all.extend(
                        found
                            .iter()
                            .map(|d| report::json_diagnostic(ws, file, d, &display)),
                    ),
                    (Ok(_), None) => {}
                    (Err(message), _) => all.push(report::json_unreadable(&display(path), message)),
                }
            }
            serde_json::to_writer_pretty(&mut *out, &all).map_err(io::Error::from)?;
            writeln!(out)?;
        }
    }
    out.flush()
}

pub fn run(args: &[String]) -> ExitCode {
    let (format, roots, links) = match parse_args(args) {
        Ok(Command::Help) => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Ok(Command::Check {
            format,
            paths,
            links,
        }) => (format, paths, links),
        Err(message) => {
            eprintln!("newsls check: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
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
    let checked = check(&roots, links);
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
    let cwd = std::env::current_dir().ok();
    let status = if checked.counts().errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    };
    let mut out = BufWriter::new(io::stdout().lock());
    match write_report(&mut out, &checked, format, cwd.as_deref()) {
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
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    fn check_paths(list: &[&str]) -> Result<(Format, Vec<PathBuf>), String> {
        match parse_args(&args(list))? {
            Command::Check { format, paths, .. } => Ok((format, paths)),
            Command::Help => Err("help".into()),
        }
    }

    #[test]
    fn arguments() {
        assert_eq!(
            check_paths(&[]),
            Ok((Format::Text, vec![PathBuf::from(".")]))
        );
        assert_eq!(
            check_paths(&["--format", "json", "a", "b"]),
            Ok((Format::Json, vec![PathBuf::from("a"), PathBuf::from("b")]))
        );
        assert_eq!(
            check_paths(&["a", "--format=text", "--", "--odd"]),
            Ok((
                Format::Text,
                vec![PathBuf::from("a"), PathBuf::from("--odd")]
            ))
        );
        assert_eq!(
            parse_args(&args(&["--follow-links", "a"])),
            Ok(Command::Check {
                format: Format::Text,
                paths: vec![PathBuf::from("a")],
                links: Links::All,
            })
        );
        assert_eq!(parse_args(&args(&["x", "--help"])), Ok(Command::Help));
        assert_eq!(parse_args(&args(&["-h"])), Ok(Command::Help));
        for bad in [
            &["--format"][..],
            &["--format", "xml"],
            &["--fix"],
            &["-q", "a"],
            &["--help=1"],
        ] {
            assert!(parse_args(&args(bad)).is_err(), "{bad:?}");
        }
    }
}
