//! The properties the targets check: the same ones the property tests of
//! `tests/it/fuzz.rs` check, from the one file both read.

#[path = "../../tests/it/properties/mod.rs"]
pub mod properties;
