//! Importers and exporters: plain data in, plain data out, one file per
//! format. They know nothing of the command line (which reads and writes
//! the files) nor of LSP.

pub mod body;
pub mod brat;
pub mod build;
pub mod document;
pub mod graph;
pub mod hipe;
pub mod jsonl;
pub mod jsonld;
pub mod ninjs;
pub mod slug;

/// One file an importer or exporter makes: a path relative to the output
/// folder, and its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutFile {
    pub path: String,
    pub text: String,
}

/// A YAML scalar that reads back as exactly `value`: a JSON string, which
/// YAML's double-quoted style accepts.
pub fn yaml_string(value: &str) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "\"\"".to_string())
}
