//! Command-line front ends other than the language server: the command
//! line itself (clap), the batch checker, importers, exporters and the
//! entity graph. The formats live in `crate::interop`; this module only
//! wires them to arguments and files.

pub mod check;
pub mod dossier;
pub mod interop;
pub mod report;
pub mod shard;
pub mod wikidata;

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};

/// newsls: a language server for annotated news documents (*.news.md).
///
/// Without a command, newsls speaks the Language Server Protocol over
/// stdin and stdout, as editors start it.
#[derive(Parser, Debug)]
#[command(name = "newsls", version, propagate_version = true)]
pub struct Cli {
    /// Speak LSP over stdin/stdout (what newsls does without a command).
    #[arg(long)]
    pub stdio: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check the *.news.md documents under each PATH and print every problem.
    Check(check::CheckArgs),
    /// Import annotated corpora (HIPE-2022, brat) as *.news.md documents.
    Import(interop::ImportArgs),
    /// Export documents: schema.org JSON-LD, IPTC ninjs, brat, HIPE-2022 TSV, JSON Lines.
    Export(interop::ExportArgs),
    /// Print the entity graph (Graphviz DOT, JSON, or a self-contained web page).
    Graph(interop::GraphArgs),
    /// Fill entities from Wikidata, or link them to it (asks the network).
    Wikidata(wikidata::WikidataArgs),
    /// Print the dossier of a document: its entities, people first, with
    /// their roles on its date (Markdown, or one HTML page).
    Dossier(dossier::DossierArgs),
    /// Serve the Model Context Protocol over stdio, read-only, for AI
    /// assistants: look entities up, check drafts, find mentions, dossiers.
    Mcp(crate::mcp::McpArgs),
    /// Print a shell completion script for newsls.
    ///
    /// bash: `newsls completions bash > ~/.local/share/bash-completion/completions/newsls`;
    /// zsh: `newsls completions zsh > "${fpath[1]}/_newsls"`;
    /// fish: `newsls completions fish > ~/.config/fish/completions/newsls.fish`.
    Completions {
        /// The shell to complete in.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

/// Runs a command of the command line (not the server). Usage errors have
/// already exited with status 2 through clap.
pub fn run(command: Command) -> ExitCode {
    match command {
        Command::Check(args) => check::run(args),
        Command::Import(args) => interop::import(args),
        Command::Export(args) => interop::export(args),
        Command::Graph(args) => interop::graph(args),
        Command::Wikidata(args) => wikidata::run(args),
        Command::Dossier(args) => dossier::run(args),
        Command::Mcp(args) => crate::mcp::run(args),
        Command::Completions { shell } => {
            let mut cli = Cli::command();
            clap_complete::generate(shell, &mut cli, "newsls", &mut std::io::stdout());
            ExitCode::SUCCESS
        }
    }
}

/// Writes a command's output to `out`, else to stdout; a reader that went
/// away (`newsls … | head`) is no failure, anything else is said on
/// stderr as `command`'s and exits 2.
pub fn write_output(command: &str, out: Option<&Path>, text: &str) -> ExitCode {
    let written = match out {
        Some(path) => std::fs::write(path, text),
        None => io::stdout().lock().write_all(text.as_bytes()),
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("newsls {command}: cannot write: {err}");
            ExitCode::from(2)
        }
    }
}
