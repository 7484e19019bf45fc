//! `newsls wikidata fill` and `newsls wikidata link`: the arguments, the
//! settings, and writing the files (each whole or not at all, and none
//! when anything failed). What is filled and found is `crate::wikidata`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::check::settings_of;
use super::interop::{Loaded, load};
use crate::settings::Settings;
use crate::wikidata::{self, Client, FileChange, Options, fill, link};

/// Fill entities from Wikidata, or link them to it.
#[derive(clap::Args, Debug)]
pub struct WikidataArgs {
    #[command(subcommand)]
    pub command: WikidataCommand,
}

#[derive(clap::Subcommand, Debug)]
pub enum WikidataCommand {
    /// Add what an entity's Wikidata item says and its definition lacks:
    /// name, kind, description, aliases, roles over time.
    Fill {
        /// Folders or single documents [default: .]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        common: Common,
    },
    /// Find Wikidata items for entities without `wikidata`, and write the
    /// one chosen (or the only one with their name and kind).
    Link {
        /// Folders or single documents [default: .]
        paths: Vec<PathBuf>,
        /// Write this item for the one entity looked at (give --id)
        #[arg(long, value_name = "Q…")]
        choose: Option<String>,
        #[command(flatten)]
        common: Common,
    },
}

#[derive(clap::Args, Debug)]
pub struct Common {
    /// Only this entity (`@putin` or `putin`); may be repeated
    #[arg(long = "id", value_name = "@ID")]
    pub ids: Vec<String>,
    /// Print the changes as a diff and write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Ask nothing of the network: use only answers kept in the cache
    #[arg(long)]
    pub offline: bool,
}

pub fn run(args: WikidataArgs) -> ExitCode {
    match args.command {
        WikidataCommand::Fill { paths, common } => run_fill(&paths, &common),
        WikidataCommand::Link {
            paths,
            choose,
            common,
        } => run_link(&paths, choose.as_deref(), &common),
    }
}

struct Setup {
    loaded: Loaded,
    settings: Settings,
    client: Client,
    ids: Vec<String>,
}

fn setup(command: &str, paths: &[PathBuf], common: &Common) -> Result<Setup, ExitCode> {
    let loaded = load(command, paths)?;
    let (settings, files) = settings_of(&loaded.paths);
    for (path, file) in &files {
        for problem in &file.problems {
            eprintln!("newsls {command}: {}: {}", path.display(), problem.message);
        }
    }
    let client = Client::new(Options::new(
        Some(&settings.wikidata_endpoint),
        common.offline,
    ));
    let ids: Vec<String> = common
        .ids
        .iter()
        .map(|id| id.trim_start_matches('@').to_string())
        .collect();
    for id in &ids {
        if !loaded.ws.index().is_defined(id) {
            eprintln!("newsls {command}: `@{id}` is not defined in any document");
            return Err(ExitCode::from(2));
        }
    }
    Ok(Setup {
        loaded,
        settings,
        client,
        ids,
    })
}

fn run_fill(paths: &[PathBuf], common: &Common) -> ExitCode {
    let setup = match setup("wikidata fill", paths, common) {
        Ok(setup) => setup,
        Err(status) => return status,
    };
    let request = fill::Request {
        documents: &setup.loaded.documents,
        ids: &setup.ids,
        languages: &setup.settings.wikidata_languages,
    };
    let changes = match fill::plan(&setup.loaded.ws, &request, &setup.client) {
        Ok(changes) => changes,
        Err(error) => {
            eprintln!("newsls wikidata fill: {error}; nothing was written");
            return ExitCode::from(1);
        }
    };
    finish("wikidata fill", &setup.loaded, &changes, common.dry_run)
}

fn run_link(paths: &[PathBuf], choose: Option<&str>, common: &Common) -> ExitCode {
    let command = "wikidata link";
    let setup = match setup(command, paths, common) {
        Ok(setup) => setup,
        Err(status) => return status,
    };
    let ws = &setup.loaded.ws;
    let unlinked = link::unlinked(ws, &setup.loaded.documents, &setup.ids);
    if let Some(q) = choose {
        if !wikidata::is_item_id(q) {
            eprintln!("newsls {command}: `{q}` is not a Wikidata item id (`Q` and digits)");
            return ExitCode::from(2);
        }
        let [(path, id)] = unlinked.as_slice() else {
            eprintln!(
                "newsls {command}: --choose writes one entity's item, and {} entities without `wikidata` are looked at: name one with --id",
                unlinked.len()
            );
            return ExitCode::from(2);
        };
        let changes: Vec<FileChange> = link::write(ws, path, id, q).into_iter().collect();
        return finish(command, &setup.loaded, &changes, common.dry_run);
    }
    let mut out = std::io::stdout().lock();
    let mut changes = Vec::new();
    for (path, id) in &unlinked {
        let Some(def) = ws
            .load_file(path)
            .and_then(|f| f.doc.entities.iter().find(|d| d.id == *id))
        else {
            continue;
        };
        let Some(name) = def.name.as_ref().map(|n| n.value.clone()) else {
            continue;
        };
        let kind = def.kind.as_ref().map(|k| k.value);
        let found = match link::candidates(
            &setup.client,
            &name,
            kind,
            &setup.settings.wikidata_languages,
        ) {
            Ok(found) => found,
            Err(error) => {
                eprintln!("newsls {command}: @{id}: {error}; nothing was written");
                return ExitCode::from(1);
            }
        };
        let kind_text = kind
            .map(|k| format!(" ({})", k.as_str()))
            .unwrap_or_default();
        let _ = writeln!(out, "@{id} “{name}”{kind_text} in {}:", shown(ws, path));
        if found.is_empty() {
            let _ = writeln!(out, "  no candidate");
        }
        for candidate in &found {
            let label = candidate.label.as_deref().unwrap_or("");
            let description = candidate
                .description
                .as_deref()
                .map(|d| format!(" — {d}"))
                .unwrap_or_default();
            let kind = candidate
                .kind
                .map(|k| format!(" [{}]", k.as_str()))
                .unwrap_or_default();
            let _ = writeln!(out, "  {} {label}{description}{kind}", candidate.id);
        }
        match link::sure_choice(def, &found) {
            Some(sure) => {
                let _ = writeln!(
                    out,
                    "  → {}: the one candidate with this name and kind",
                    sure.id
                );
                changes.extend(link::write(ws, path, id, &sure.id));
            }
            None if !found.is_empty() => {
                let _ = writeln!(
                    out,
                    "  → choose with: newsls wikidata link --id @{id} --choose Q…"
                );
            }
            None => {}
        }
    }
    drop(out);
    // Several entities of one document: their edits in one change.
    let changes = merge(changes);
    finish(command, &setup.loaded, &changes, common.dry_run)
}

/// One change a document: the edits of several changes to it together.
fn merge(changes: Vec<FileChange>) -> Vec<FileChange> {
    let mut merged: Vec<FileChange> = Vec::new();
    for change in changes {
        match merged.iter_mut().find(|m| m.path == change.path) {
            Some(existing) => {
                let mut edits = existing.edits.clone();
                edits.extend(change.edits);
                let mut filled = existing.filled.clone();
                filled.extend(change.filled);
                if let Some(m) = FileChange::new(&existing.path, &existing.before, edits, filled) {
                    *existing = m;
                }
            }
            None => merged.push(change),
        }
    }
    merged
}

fn shown(ws: &crate::workspace::Workspace, path: &Path) -> String {
    ws.relative_path(path)
}

/// Prints the diff (`--dry-run`) or writes every changed file, each
/// whole; then a summary on stderr.
fn finish(command: &str, loaded: &Loaded, changes: &[FileChange], dry_run: bool) -> ExitCode {
    if dry_run {
        let mut out = std::io::stdout().lock();
        for change in changes {
            let _ = out.write_all(change.diff(&shown(&loaded.ws, &change.path)).as_bytes());
        }
    } else {
        for change in changes {
            // Changed on disk since it was read: not ours to overwrite.
            if std::fs::read_to_string(&change.path).ok().as_deref() != Some(&change.before) {
                eprintln!(
                    "newsls {command}: `{}` changed while newsls read it; it was not written",
                    change.path.display()
                );
                return ExitCode::from(1);
            }
        }
        for change in changes {
            if let Err(error) = wikidata::write_whole(&change.path, &change.after) {
                eprintln!(
                    "newsls {command}: cannot write `{}`: {error}",
                    change.path.display()
                );
                return ExitCode::from(1);
            }
        }
    }
    let entities: usize = changes.iter().map(|c| c.filled.len()).sum();
    let verb = if dry_run { "would change" } else { "changed" };
    eprintln!(
        "newsls {command}: {verb} {entities} entities in {} documents",
        changes.len()
    );
    ExitCode::SUCCESS
}
