//! `newsls dossier DOC`: the dossier of one document, read from its
//! folder, as Markdown or as one HTML page.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::cli::check::settings_of;
use crate::ide::dossier;
use crate::syntax::Date;
use crate::workspace::{self, Links, Workspace};

/// Print the dossier of a document: every entity it mentions, references
/// or defines, people first, with the roles held on the document's date.
///
/// The folder (--root, else the current folder when DOC is inside it, else
/// DOC's own folder) is read as `newsls check` reads it, registries of its
/// .newsls.toml included, so that definitions made elsewhere count.
#[derive(clap::Args, Debug)]
pub struct DossierArgs {
    /// The document
    #[arg(value_name = "DOC")]
    pub document: PathBuf,
    /// md (Markdown) or html (one self-contained page, with role timelines)
    #[arg(long, value_enum, default_value = "md")]
    pub format: DossierFormat,
    /// Read every account on this day (YYYY-MM-DD) instead of the
    /// document's date (today for an undated document)
    #[arg(long, value_name = "DATE", value_parser = super::interop::parse_date)]
    pub date: Option<Date>,
    /// The folder whose documents define and mention entities
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// Write to this file instead of stdout
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum DossierFormat {
    Md,
    Html,
}

pub fn run(args: DossierArgs) -> ExitCode {
    let document = match std::fs::canonicalize(&args.document) {
        Ok(path) if path.is_file() => path,
        Ok(_) | Err(_) => {
            eprintln!(
                "newsls dossier: cannot read `{}`: no such document",
                args.document.display()
            );
            return ExitCode::from(2);
        }
    };
    let root = match root_for(&document, args.root.as_deref()) {
        Ok(root) => root,
        Err(message) => {
            eprintln!("newsls dossier: {message}");
            return ExitCode::from(2);
        }
    };
    let ws = load(&root, &document);
    let Some(found) = dossier::of(&ws, &document, args.date) else {
        eprintln!(
            "newsls dossier: cannot read `{}` as a document",
            args.document.display()
        );
        return ExitCode::from(2);
    };
    let text = match args.format {
        DossierFormat::Md => dossier::markdown::render(&found),
        DossierFormat::Html => dossier::html::render(&found),
    };
    super::write_output("dossier", args.out.as_deref(), &text)
}

/// The folder to read: `given`, else the current folder when it holds
/// `document`, else the document's own folder.
fn root_for(document: &Path, given: Option<&Path>) -> Result<PathBuf, String> {
    if let Some(given) = given {
        return std::fs::canonicalize(given)
            .ok()
            .filter(|p| p.is_dir())
            .ok_or_else(|| format!("--root `{}` is not a folder", given.display()));
    }
    let cwd = std::env::current_dir().and_then(std::fs::canonicalize).ok();
    Ok(match cwd {
        Some(cwd) if document.starts_with(&cwd) => cwd,
        _ => document
            .parent()
            .map_or_else(|| PathBuf::from("/"), Path::to_path_buf),
    })
}

/// The documents under `root` and its registries, and `document` itself
/// wherever it is, indexed; what cannot be read is named on stderr.
fn load(root: &Path, document: &Path) -> Workspace {
    let roots = vec![root.to_path_buf()];
    let (settings, settings_files) = settings_of(&roots);
    for (path, file) in &settings_files {
        for problem in &file.problems {
            eprintln!("newsls dossier: {}: {}", path.display(), problem.message);
        }
    }
    let links = if settings.follow_links {
        Links::All
    } else {
        Links::WithinRoots
    };
    let mut paths = Vec::new();
    for folders in [roots.clone(), settings.registry_folders(Some(root))] {
        if folders.is_empty() {
            continue;
        }
        let found = workspace::discover(&folders, links);
        for error in &found.errors {
            eprintln!("newsls dossier: {error}");
        }
        paths.extend(found.documents);
    }
    paths.push(document.to_path_buf());
    paths.sort();
    paths.dedup();
    let mut ws = Workspace::new(roots);
    for error in workspace::load(&mut ws, &paths) {
        eprintln!("newsls dossier: {error}");
    }
    ws
}
