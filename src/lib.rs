//! newsls: a language server for annotated news documents.
//!
//! `syntax` parses one document; `workspace` holds every document and the
//! index across them; `ide` answers questions (diagnostics, hover,
//! definition) on plain data. Only `server` speaks LSP.

pub mod cli;
pub mod ide;
pub mod interop;
pub mod mcp;
pub mod server;
pub mod settings;
pub mod syntax;
#[cfg(test)]
pub mod testing;
pub mod wikidata;
pub mod workspace;
