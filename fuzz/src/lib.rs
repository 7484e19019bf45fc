//! The properties the targets check: the same ones the property tests of
//! `tests/fuzz.rs` check, from the one file both read.

#[path = "../../tests/properties/mod.rs"]
pub mod properties;
