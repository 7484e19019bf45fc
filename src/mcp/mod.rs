//! `newsls mcp`: the Model Context Protocol over stdio, for AI assistants,
//! on the official Rust SDK (`rmcp`). Read-only: four tools answer from
//! the folder's analysis (`lookup.rs`, `draft.rs`, `mentions.rs`, and the
//! dossier), on a snapshot of the folder read again before each call
//! (`folder.rs`). Nothing is written but the index cache, as `newsls
//! check` writes it. A bad call (unknown tool, wrong arguments: the SDK's
//! protocol errors; a path outside the folder, an unknown document: a
//! result with `isError`) never stops the server.

mod draft;
mod folder;
mod lookup;
mod mentions;
#[cfg(test)]
mod tests;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Mutex, PoisonError};

use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::{
    CallToolResult, ContentBlock, ErrorData, Implementation, ServerCapabilities, ServerConfig,
};
use rmcp::{ServerHandler, ServiceExt, schemars, tool, tool_handler, tool_router};
use serde::Deserialize;
use serde::Serialize;

use crate::ide::dossier;
use crate::syntax::Date;
use folder::{Folder, Snapshot};

/// Serve the Model Context Protocol over stdio, for AI assistants.
#[derive(clap::Args, Debug)]
pub struct McpArgs {
    /// The folder to answer about [default: the current folder]
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
}

const INSTRUCTIONS: &str = "newsls knows the entities (people, organisations, places, events) \
defined in the *.news.md documents of one folder, and the roles they held over time, with sources. \
Before stating who someone is or was on a date, call lookup_entity; before handing over a draft \
news document, call check_text and fix what it reports. When a tool says it knows nothing about \
something, say so rather than guess.";

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct LookupParams {
    /// An entity id (`putin` or `@putin`), or a name or alias as written in prose ("Vladimir Putin", "President Putin").
    pub query: String,
    /// The day the account should describe, `YYYY-MM-DD` (default: today). Roles are those held on that day.
    pub date: Option<String>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct CheckTextParams {
    /// The whole draft: a news document in newsls format (Markdown with a YAML front matter defining entities; mentions written `[text](@id)` or `[@id]`).
    pub text: String,
    /// Where the draft would live, relative to the folder, ending in `.news.md` (default: `draft.news.md`). A document already at that path is replaced by the draft for this check only; nothing is written.
    pub path: Option<String>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct DossierParams {
    /// A document of the folder, relative to it (`2026-01-22-talks.news.md`).
    pub path: String,
    /// The day to read every account on, `YYYY-MM-DD` (default: the document's date, else today).
    pub date: Option<String>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct FindMentionsParams {
    /// The entity id, `putin` or `@putin`.
    pub id: String,
}

/// The server: the folder, read again before each call.
#[derive(Clone)]
pub struct Server {
    folder: Arc<Mutex<Folder>>,
    tool_router: ToolRouter<Self>,
}

/// A tool's answer: the text a model reads first, and the same as JSON
/// (`structuredContent`, and a second text block for clients without it).
fn answer(text: String, data: &impl Serialize) -> CallToolResult {
    let value = serde_json::to_value(data).unwrap_or_default();
    let json = serde_json::to_string_pretty(&value).unwrap_or_default();
    let mut result =
        CallToolResult::success(vec![ContentBlock::text(text), ContentBlock::text(json)]);
    result.structured_content = Some(value);
    result
}

/// A call that could not be answered, said to the model (`isError`).
fn refusal(message: String) -> CallToolResult {
    CallToolResult::error(vec![ContentBlock::text(message)])
}

impl Server {
    pub fn new(folder: Folder) -> Server {
        Server {
            folder: Arc::new(Mutex::new(folder)),
            tool_router: Self::tool_router(),
        }
    }

    /// Runs `work` on an up-to-date snapshot, off the protocol's thread
    /// (it reads files).
    async fn on_snapshot<F>(&self, work: F) -> Result<CallToolResult, ErrorData>
    where
        F: FnOnce(&Snapshot) -> CallToolResult + Send + 'static,
    {
        let folder = self.folder.clone();
        tokio::task::spawn_blocking(move || {
            let snapshot = {
                let mut folder = folder.lock().unwrap_or_else(PoisonError::into_inner);
                folder.refresh();
                folder.snapshot()
            };
            work(&snapshot)
        })
        .await
        .map_err(|e| ErrorData::internal_error(format!("the tool failed: {e}"), None))
    }
}

fn parse_date(date: Option<&str>) -> Result<Option<Date>, String> {
    match date.map(str::trim).filter(|d| !d.is_empty()) {
        None => Ok(None),
        Some(text) => Date::parse(text)
            .map(Some)
            .ok_or_else(|| format!("`{text}` is not a real day written YYYY-MM-DD")),
    }
}

#[tool_router]
impl Server {
    #[tool(
        description = "Who or what an entity is on a date, as the folder's documents define it: name, kind, the roles held on that date (each with the document and line that says so, and its dates), roles at other dates, aliases, Wikidata id, description, events, where it is defined and how many documents mention it. Query by id, name or alias. If nothing matches, the answer says so and lists similar names: then newsls knows nothing about what was asked, and nothing should be stated as its fact.",
        annotations(
            title = "Look up an entity",
            read_only_hint = true,
            open_world_hint = false
        )
    )]
    async fn lookup_entity(
        &self,
        Parameters(params): Parameters<LookupParams>,
    ) -> Result<CallToolResult, ErrorData> {
        let date = match parse_date(params.date.as_deref()) {
            Ok(date) => date,
            Err(message) => return Ok(refusal(message)),
        };
        self.on_snapshot(move |snapshot| {
            let found = lookup::lookup(snapshot, &params.query, date);
            answer(lookup::text(&found), &found)
        })
        .await
    }

    #[tool(
        description = "Check a draft news document before saving or proposing it: returns every diagnostic newsls would report if the text were a document of this folder (undefined or misspelt entity ids, mentions whose text does not match the entity, known names left unannotated, outdated roles and titles, front matter errors...), with line, column (1-based, in characters), severity, code and message. Nothing is written. Fix errors and re-check.",
        annotations(
            title = "Check a draft",
            read_only_hint = true,
            open_world_hint = false
        )
    )]
    async fn check_text(
        &self,
        Parameters(params): Parameters<CheckTextParams>,
    ) -> Result<CallToolResult, ErrorData> {
        self.on_snapshot(move |snapshot| {
            match draft::check(snapshot, &params.text, params.path.as_deref()) {
                Ok(checked) => answer(draft::text(&checked), &checked),
                Err(message) => refusal(message),
            }
        })
        .await
    }

    #[tool(
        description = "Where an entity is mentioned in the folder: each document (with its date) and each mention's line, column and text, plus the front matter fields that refer to it (an event's participants, an affiliation). Use it to see how others have written about an entity.",
        annotations(
            title = "Find mentions",
            read_only_hint = true,
            open_world_hint = false
        )
    )]
    async fn find_mentions(
        &self,
        Parameters(params): Parameters<FindMentionsParams>,
    ) -> Result<CallToolResult, ErrorData> {
        self.on_snapshot(move |snapshot| {
            let found = mentions::find(snapshot, &params.id);
            answer(mentions::text(&found), &found)
        })
        .await
    }

    #[tool(
        description = "The dossier of one document of the folder: every entity it mentions or refers to (people first, then organisations, places, events), each with the role held on the document's date and its source, roles that began or ended within a year of that date, aliases, Wikidata link, where it is defined and how many documents mention it; events with their date, place and participants with their roles on the event's date. Markdown. Use it to brief yourself on a story's cast before editing it.",
        annotations(
            title = "Dossier of a document",
            read_only_hint = true,
            open_world_hint = false
        )
    )]
    async fn dossier(
        &self,
        Parameters(params): Parameters<DossierParams>,
    ) -> Result<CallToolResult, ErrorData> {
        let date = match parse_date(params.date.as_deref()) {
            Ok(date) => date,
            Err(message) => return Ok(refusal(message)),
        };
        self.on_snapshot(move |snapshot| {
            let path = match snapshot.inside(&params.path) {
                Ok(path) => path,
                Err(message) => return refusal(message),
            };
            match dossier::of(&snapshot.workspace, &path, date) {
                Some(found) => answer(dossier::markdown::render(&found), &found),
                None => refusal(format!(
                    "`{}` is not a document of this folder (its documents are the *.news.md files newsls check reads there)",
                    params.path
                )),
            }
        })
        .await
    }
}

#[tool_handler(router = self.tool_router)]
impl ServerHandler for Server {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(Implementation::new("newsls", env!("CARGO_PKG_VERSION")))
            .with_instructions(INSTRUCTIONS)
    }
}

/// `newsls mcp`: serves until the client closes stdin.
pub fn run(args: McpArgs) -> ExitCode {
    let root = args.root.unwrap_or_else(|| PathBuf::from("."));
    let folder = match Folder::open(&root) {
        Ok(folder) => folder,
        Err(message) => {
            eprintln!("newsls mcp: {message}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("newsls mcp: cannot start: {err}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async {
        let service = match Server::new(folder).serve(rmcp::transport::stdio()).await {
            Ok(service) => service,
            Err(err) => {
                eprintln!("newsls mcp: {err}");
                return ExitCode::FAILURE;
            }
        };
        match service.waiting().await {
            Ok(_) => ExitCode::SUCCESS,
            Err(err) => {
                eprintln!("newsls mcp: {err}");
                ExitCode::FAILURE
            }
        }
    })
}
