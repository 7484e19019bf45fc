//! Command-line front ends other than the language server.

pub mod check;
pub mod report;
