//! The integration tests, one binary: each module starts the built `newsls`
//! (or reads its files) from outside, as an editor, a shell or CI would.
//! One binary links the shared client once instead of once per file.

// Tests and benchmarks may unwrap: a panic there fails the run, it
// crashes no user.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod properties;
mod random;
mod support;

mod architecture;
mod boundary;
mod cache;
mod capabilities;
mod check;
mod check_formats;
mod check_shard;
mod docs_examples;
mod dossier;
mod fuzz;
mod interop_export;
mod interop_hipe;
mod lsp;
mod lsp_completion;
mod lsp_features;
mod lsp_folders;
mod lsp_history;
mod lsp_indexing;
mod lsp_inlay_hints;
mod lsp_ordering;
mod lsp_pull;
mod lsp_renames;
mod lsp_semantic_tokens;
mod lsp_settings;
mod lsp_views;
mod lsp_watch;
mod lsp_wikidata;
mod mcp;
mod ninjs;
mod protocol;
mod robustness;
mod soak;
mod stale;
mod titles;
mod wikibase;
mod wikidata;
