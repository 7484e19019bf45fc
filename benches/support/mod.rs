//! Shared by the benchmarks.

pub mod corpus;

/// The end-to-end tests' LSP client, for the benchmarks that drive the
/// built server over stdio.
#[path = "../../tests/it/support/mod.rs"]
pub mod client;

/// The built server, through the tests' client, patient enough for a
/// large folder: indexing one takes longer than a test may wait.
#[allow(dead_code, reason = "only the benchmarks that drive the server use it")]
pub fn server() -> client::Lsp {
    let mut server = client::Lsp::start();
    server.timeout = std::time::Duration::from_secs(600);
    server
}

/// A duration in milliseconds, for printing.
pub fn ms(d: std::time::Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
