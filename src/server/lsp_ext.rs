//! newsls's own requests, beyond the LSP specification: their method
//! names, params and results, as they go over the wire.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use tower_lsp_server::ls_types::{Location, TextDocumentIdentifier};

/// `newsls/dossier`: the dossier of a document as the editor has it.
pub const DOSSIER: &str = "newsls/dossier";

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DossierParams {
    pub text_document: TextDocumentIdentifier,
    /// Read every account on this day (`YYYY-MM-DD`) instead of the
    /// document's date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DossierResult {
    pub markdown: String,
    /// One self-contained page, without scripts.
    pub html: String,
    /// Where each entity of the dossier is defined (the definition in
    /// force on the dossier's date), by id: where a click on its name in
    /// the page goes.
    pub definitions: BTreeMap<String, Location>,
}
