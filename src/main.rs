//! The `newsls` command: the language server, and the command-line tools.

use std::process::ExitCode;

use clap::Parser;
use newsls::cli::Cli;

/// mimalloc rather than the system's allocator: on a million documents
/// glibc's malloc and free took a quarter of `newsls check`'s CPU, more the
/// larger its heap grew, and mimalloc's per-thread pages do not (see
/// "The allocator" in docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // Editors start the server with no argument or `--stdio`, and some add
    // options of their own (`--clientProcessId=…`): the server ignores them
    // rather than refusing to start.
    if args.first().is_none_or(|first| first == "--stdio") {
        for extra in args.iter().skip(1) {
            eprintln!("newsls: ignoring the argument `{extra}`: the server takes no options");
        }
        return newsls::server::run_stdio();
    }
    // clap exits with status 2 on a usage error, 0 after --help/--version.
    let cli = Cli::parse();
    match cli.command {
        None => newsls::server::run_stdio(),
        Some(command) => newsls::cli::run(command),
    }
}
