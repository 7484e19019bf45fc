//! The `newsls` command: the language server, and the batch checker.

use std::process::ExitCode;

const USAGE: &str = "\
newsls: a language server for annotated news documents (*.news.md)

Usage:
  newsls [--stdio]                      speak LSP over stdin/stdout
  newsls check [--format text|json] [--follow-links] [PATH...]
                                        check documents (default: .)
  newsls --version                      print the version
  newsls --help                         print this help
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        None | Some("--stdio") => {
            // Clients may pass options of their own; the server has none.
            for extra in args.iter().skip(1) {
                eprintln!("newsls: ignoring the argument `{extra}`: the server takes no options");
            }
            newsls::server::run_stdio()
        }
        Some("--version" | "-V") => {
            println!("newsls {}", env!("CARGO_PKG_VERSION"));
            ExitCode::SUCCESS
        }
        Some("--help" | "-h") => {
            print!("{USAGE}");
            ExitCode::SUCCESS
        }
        Some("check") => newsls::cli::check::run(args.get(1..).unwrap_or_default()),
        Some(other) => {
            eprintln!("newsls: unknown argument `{other}`\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}
