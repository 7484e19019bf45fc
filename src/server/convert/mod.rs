//! Every conversion between LSP and the analysis, split by direction:
//!
//! - [`from_proto`]: what the client sends, into plain data: URIs into
//!   paths, positions into byte offsets, ranges into `TextRange`s, content
//!   changes onto the open document's text;
//! - [`to_proto`]: plain data into what the client reads: byte offsets
//!   into positions, paths into URIs, and every feature's result into its
//!   LSP response (including the errors a request answers with).
//!
//! The analysis speaks byte offsets into a document's text; LSP speaks
//! lines and columns counted in the negotiated [`Encoding`] (UTF-8 bytes or
//! UTF-16 code units). Lines end at `\n`, `\r\n` or a lone `\r`, as the LSP
//! specification says. A position past the end of a line means the line
//! end, one past the last line the end of the text.

pub mod from_proto;
mod plain_text;
mod support;
#[cfg(test)]
mod tests;
pub mod to_proto;
pub mod wikidata;

pub use support::ClientSupport;

use tower_lsp_server::ls_types::PositionEncodingKind;

use crate::syntax::Unit;

/// How LSP columns are counted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    /// The LSP default, and what every client supports.
    #[default]
    Utf16,
}

impl Encoding {
    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }
    }

    fn unit(self) -> Unit {
        match self {
            Encoding::Utf8 => Unit::Utf8,
            Encoding::Utf16 => Unit::Utf16,
        }
    }
}
