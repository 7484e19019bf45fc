//! `newsls import` and `newsls export`: reading and writing the files; the
//! formats themselves are in `crate::interop`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use crate::interop::{OutFile, brat, document, graph, hipe, jsonl, jsonld, ninjs};
use crate::workspace::{self, Links, Workspace};

/// Import annotated corpora as newsls documents.
#[derive(clap::Args, Debug)]
pub struct ImportArgs {
    #[command(subcommand)]
    pub format: ImportFormat,
}

#[derive(clap::Subcommand, Debug)]
pub enum ImportFormat {
    /// HIPE-2022 TSV files: one *.news.md a document, and registry.news.md
    /// for entities linked in more than one.
    Hipe {
        /// The .tsv files to import
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// The folder to write into: new, or empty
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
    /// brat standoff: each NAME.txt with its NAME.ann (T lines, and N lines
    /// with Wikidata ids) in a folder.
    Brat {
        /// The folder of .txt and .ann files
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        /// The folder to write into: new, or empty
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
}

/// Export documents to the formats corpora and newsrooms exchange.
#[derive(clap::Args, Debug)]
pub struct ExportArgs {
    /// Folders or single documents to export [default: .]
    pub paths: Vec<PathBuf>,
    /// The format to write
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// Where to write: a file (default: stdout); for brat, a new or empty
    /// folder (required)
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// schema.org NewsArticle JSON-LD, one article a document
    Jsonld,
    /// brat standoff: NAME.txt and NAME.ann a document
    Brat,
    /// HIPE-2022 TSV
    Hipe,
    /// one JSON object a mention
    Jsonl,
    /// IPTC ninjs 3.1: a JSON array of news items, one a document
    Ninjs,
}

pub fn import(args: ImportArgs) -> ExitCode {
    match args.format {
        ImportFormat::Hipe { files, out } => import_hipe(&files, &out),
        ImportFormat::Brat { dir, out } => import_brat(&dir, &out),
    }
}

fn import_brat(dir: &Path, out: &Path) -> ExitCode {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) => {
            eprintln!("newsls import: cannot read `{}`: {err}", dir.display());
            return ExitCode::from(2);
        }
    };
    let mut anns: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "ann"))
        .collect();
    anns.sort();
    let mut docs = Vec::new();
    for ann_path in &anns {
        let txt_path = ann_path.with_extension("txt");
        let (Ok(ann), Ok(text)) = (
            std::fs::read_to_string(ann_path),
            std::fs::read_to_string(&txt_path),
        ) else {
            eprintln!(
                "newsls import: skipping `{}`: it and `{}` must be readable UTF-8",
                ann_path.display(),
                txt_path.display()
            );
            continue;
        };
        let stem = ann_path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let (doc, problems) = crate::interop::brat::read(&stem, &text, &ann);
        for problem in problems {
            eprintln!("newsls import: {}: {problem}", ann_path.display());
        }
        docs.push(doc);
    }
    let imported = crate::interop::build::build(&docs);
    if let Err(message) = write_all(out, &imported.files) {
        eprintln!("newsls import: {message}");
        return ExitCode::from(2);
    }
    eprintln!(
        "newsls import: {} documents, {} mentions, {} entities ({} linked to Wikidata) into {} files in {}",
        docs.len(),
        imported.mentions,
        imported.entities,
        imported.linked_entities,
        imported.files.len(),
        out.display()
    );
    ExitCode::SUCCESS
}

fn import_hipe(files: &[PathBuf], out: &Path) -> ExitCode {
    let started = Instant::now();
    let mut docs = Vec::new();
    for file in files {
        let text = match std::fs::read(file) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => text,
                Err(err) => {
                    eprintln!(
                        "newsls import: `{}` is not valid UTF-8 (invalid byte at offset {})",
                        file.display(),
                        err.utf8_error().valid_up_to()
                    );
                    return ExitCode::from(1);
                }
            },
            Err(err) => {
                eprintln!("newsls import: cannot read `{}`: {err}", file.display());
                return ExitCode::from(2);
            }
        };
        let (found, problems) = hipe::parse(&text);
        for problem in problems {
            eprintln!("newsls import: {}: {problem}", file.display());
        }
        docs.extend(found);
    }
    let imported = hipe::import(&docs);
    if let Err(message) = write_all(out, &imported.files) {
        eprintln!("newsls import: {message}");
        return ExitCode::from(2);
    }
    eprintln!(
        "newsls import: {} documents, {} tokens, {} mentions, {} entities ({} linked to Wikidata, {} in registry.news.md) into {} files in {} in {:.2} s",
        imported.documents,
        imported.tokens,
        imported.mentions,
        imported.entities,
        imported.linked_entities,
        imported.shared_entities,
        imported.files.len(),
        out.display(),
        started.elapsed().as_secs_f64()
    );
    ExitCode::SUCCESS
}

/// Writes `files` under `out`, which must not exist or be empty: an import
/// never overwrites anything.
fn write_all(out: &Path, files: &[OutFile]) -> Result<(), String> {
    if let Ok(mut entries) = std::fs::read_dir(out)
        && entries.next().is_some()
    {
        return Err(format!(
            "`{}` is not empty: give --out a new or empty folder",
            out.display()
        ));
    }
    std::fs::create_dir_all(out).map_err(|e| format!("cannot create `{}`: {e}", out.display()))?;
    for file in files {
        let path = out.join(&file.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create `{}`: {e}", parent.display()))?;
        }
        std::fs::write(&path, &file.text)
            .map_err(|e| format!("cannot write `{}`: {e}", path.display()))?;
    }
    Ok(())
}

/// What `export` and `graph` read: the documents under `paths` (the
/// current folder when none is given), loaded into one workspace, in path
/// order. A path that does not exist is a usage error of `command`.
pub(crate) struct Loaded {
    pub paths: Vec<PathBuf>,
    pub ws: Workspace,
    pub documents: Vec<PathBuf>,
}

pub(crate) fn load(command: &str, paths: &[PathBuf]) -> Result<Loaded, ExitCode> {
    let paths = if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths.to_vec()
    };
    if let Some(missing) = paths.iter().find(|path| !path.exists()) {
        eprintln!(
            "newsls {command}: cannot read `{}`: no such file or folder",
            missing.display()
        );
        return Err(ExitCode::from(2));
    }
    let found = workspace::discover(&paths, Links::WithinRoots);
    for error in &found.errors {
        eprintln!("newsls {command}: {error}");
    }
    let mut documents = found.documents;
    documents.sort();
    documents.dedup();
    let mut ws = Workspace::new(paths.clone());
    for error in workspace::load(&mut ws, &documents) {
        eprintln!("newsls {command}: {error}");
    }
    documents.retain(|p| ws.load_file(p).is_some());
    Ok(Loaded {
        paths,
        ws,
        documents,
    })
}

pub fn export(args: ExportArgs) -> ExitCode {
    let Loaded {
        paths,
        ws,
        documents,
    } = match load("export", &args.paths) {
        Ok(loaded) => loaded,
        Err(status) => return status,
    };
    let root = (paths.len() == 1 && paths[0].is_dir()).then(|| paths[0].clone());
    let collected = document::collect(&ws, &documents, root.as_deref());
    let text = match args.format {
        ExportFormat::Hipe => export_hipe(&ws, &documents),
        ExportFormat::Jsonl => jsonl::export(&collected),
        ExportFormat::Jsonld => {
            let value = jsonld::export(&collected);
            serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
        }
        ExportFormat::Ninjs => {
            let value = ninjs::export(&collected);
            serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
        }
        ExportFormat::Brat => {
            let Some(out) = &args.out else {
                eprintln!("newsls export: --format brat writes files: give --out DIR");
                return ExitCode::from(2);
            };
            return match write_all(out, &brat::export(&collected)) {
                Ok(()) => ExitCode::SUCCESS,
                Err(message) => {
                    eprintln!("newsls export: {message}");
                    ExitCode::from(2)
                }
            };
        }
    };
    super::write_output("export", args.out.as_deref(), &text)
}

fn export_hipe(ws: &Workspace, documents: &[PathBuf]) -> String {
    let mut types: HashMap<String, String> = HashMap::new();
    for file in ws.load_every_file() {
        types.extend(document::types_of(&file.text, &file.doc));
    }
    let sources: Vec<hipe::Source> = documents
        .iter()
        .filter_map(|p| ws.load_file(p))
        .map(|file| hipe::Source {
            text: &file.text,
            doc: &file.doc,
            metadata: hipe::metadata_of(&file.text, &file.doc),
        })
        .collect();
    let entity = |id: &str| {
        let definitions = ws.definitions(id);
        let field = |get: &dyn Fn(&crate::syntax::EntityDef) -> Option<String>| {
            definitions.iter().find_map(|d| get(d.def))
        };
        hipe::EntityInfo {
            kind: definitions
                .iter()
                .find_map(|d| d.def.kind.as_ref().map(|k| k.value)),
            coarse: types.get(id).cloned(),
            wikidata: field(&|d| d.wikidata.as_ref().map(|w| w.value.clone())),
        }
    };
    hipe::export(&sources, &entity)
}

/// Print the entity graph: entities and events as nodes; edges for
/// participation, place, affiliation and co-mention within a document,
/// weighted by the number of documents.
#[derive(clap::Args, Debug)]
pub struct GraphArgs {
    /// Folders or single documents [default: .]
    pub paths: Vec<PathBuf>,
    /// dot (Graphviz), json, or html (one self-contained page)
    #[arg(long, value_enum, default_value = "dot")]
    pub format: GraphFormat,
    /// Where to write (default: stdout)
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Only the neighbourhood of this entity (`@putin` or `putin`)
    #[arg(long, value_name = "@ID")]
    pub around: Option<String>,
    /// How many edges away from --around to go
    #[arg(long, default_value_t = 1, requires = "around")]
    pub depth: usize,
    /// Only documents dated on or after this day (YYYY-MM-DD)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub since: Option<crate::syntax::Date>,
    /// Only documents dated on or before this day (YYYY-MM-DD)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub until: Option<crate::syntax::Date>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum GraphFormat {
    Dot,
    Json,
    /// One self-contained web page: the graph drawn, searchable, each
    /// entity's account on a click, and the same as lists
    Html,
}

pub(super) fn parse_date(text: &str) -> Result<crate::syntax::Date, String> {
    crate::syntax::Date::parse(text).ok_or_else(|| format!("`{text}` is not a real day YYYY-MM-DD"))
}

pub fn graph(args: GraphArgs) -> ExitCode {
    let Loaded { ws, documents, .. } = match load("graph", &args.paths) {
        Ok(loaded) => loaded,
        Err(status) => return status,
    };
    let collected = document::collect(&ws, &documents, None);
    let around = args
        .around
        .as_deref()
        .map(|a| a.trim_start_matches('@').to_string());
    if let Some(id) = &around
        && !collected.entities.contains_key(id)
    {
        eprintln!("newsls graph: `@{id}` is not defined in any document");
        return ExitCode::from(2);
    }
    let scope = graph_scope(&args, around.as_deref());
    let filter = graph::Filter {
        since: args.since,
        until: args.until,
        around: around.map(|id| (id, args.depth)),
    };
    let built = graph::build(&collected, &filter);
    let text = match args.format {
        GraphFormat::Dot => graph::dot(&built),
        GraphFormat::Json => serde_json::to_string_pretty(&built).unwrap_or_default() + "\n",
        GraphFormat::Html => {
            // The accounts describe the end of the range asked, else today.
            let (date, why) = match args.until {
                Some(until) => (until, "the end of the range asked"),
                None => (ws.today(), "today"),
            };
            let cards = built
                .nodes
                .iter()
                .map(|node| {
                    let card = graph::page::Card {
                        account: crate::ide::hover::account(&ws, &node.id, date, why),
                        aliases: collected
                            .entities
                            .get(&node.id)
                            .map(|e| e.aliases.clone())
                            .unwrap_or_default(),
                    };
                    (node.id.clone(), card)
                })
                .collect();
            let as_of = format!("{date} ({why})");
            let heading = graph::page::Heading {
                as_of: &as_of,
                scope: &scope,
            };
            graph::page::html(&built, &cards, &heading)
        }
    };
    super::write_output("graph", args.out.as_deref(), &text)
}

/// The part of the graph asked for, in words, for the page's heading.
fn graph_scope(args: &GraphArgs, around: Option<&str>) -> String {
    let mut parts = Vec::new();
    if let Some(id) = around {
        parts.push(format!(
            "within {} connection{} of @{id}",
            args.depth,
            if args.depth == 1 { "" } else { "s" }
        ));
    }
    match (args.since, args.until) {
        (Some(since), Some(until)) => parts.push(format!("documents dated {since} to {until}")),
        (Some(since), None) => parts.push(format!("documents dated from {since}")),
        (None, Some(until)) => parts.push(format!("documents dated up to {until}")),
        (None, None) => {}
    }
    parts.join("; ")
}
