//! The Wikidata code actions on an entity key, as plain data: what may be
//! offered is found without the network (the candidates of "Link to
//! Wikidata" come from the cache, where an earlier search left them); what
//! needs the network is done only once the user picks the action.

use std::path::{Path, PathBuf};

use super::client::{Client, Error, Options};
use super::{FileChange, fill, is_item_id, link};
use crate::settings::Settings;
use crate::workspace::Workspace;

/// The most "Link to Wikidata" actions offered at once.
pub const MOST_CANDIDATES: usize = 5;

/// A code action to offer on an entity key.
#[derive(Clone, Debug)]
pub enum Offer {
    /// "Fill from Wikidata": the entity has `wikidata:`.
    Fill { id: String },
    /// "Link to Wikidata: Q… — description": a candidate found earlier,
    /// with the change that writes it.
    Link {
        id: String,
        candidate: link::Candidate,
        change: FileChange,
    },
    /// "Search Wikidata for “name”": no search kept for this name yet.
    Search { id: String, name: String },
}

impl Offer {
    pub fn title(&self) -> String {
        match self {
            Offer::Fill { .. } => "Fill from Wikidata".to_string(),
            Offer::Link { candidate, .. } => format!("Link to Wikidata: {}", candidate.summary()),
            Offer::Search { name, .. } => format!("Search Wikidata for “{name}”"),
        }
    }
}

/// The client the actions use: the settings' endpoint, and the cache.
pub fn client(settings: &Settings, offline: bool) -> Client {
    Client::new(Options::new(Some(&settings.wikidata_endpoint), offline))
}

/// The actions on the entity whose key holds `offset` in `path`, found
/// without the network.
pub fn offers(ws: &Workspace, path: &Path, offset: usize, settings: &Settings) -> Vec<Offer> {
    let Some(file) = ws.load_file(path) else {
        return Vec::new();
    };
    let Some(def) = file
        .doc
        .entities
        .iter()
        .find(|d| d.key.start <= offset && offset <= d.key.end)
    else {
        return Vec::new();
    };
    let id = def.id.clone();
    if let Some(q) = &def.wikidata {
        return if is_item_id(q.value.trim()) {
            vec![Offer::Fill { id }]
        } else {
            Vec::new()
        };
    }
    let Some(name) = def.name.as_ref().map(|n| n.value.clone()) else {
        return Vec::new();
    };
    let kind = def.kind.as_ref().map(|k| k.value);
    let cached = link::candidates(
        &client(settings, true),
        &name,
        kind,
        &settings.wikidata_languages,
    );
    match cached {
        Ok(candidates) if !candidates.is_empty() => candidates
            .into_iter()
            .take(MOST_CANDIDATES)
            .filter_map(|candidate| {
                let change = link::write(ws, path, &id, &candidate.id)?;
                Some(Offer::Link {
                    id: id.clone(),
                    candidate,
                    change,
                })
            })
            .collect(),
        // Searched, and nothing found: searching again would find nothing.
        Ok(_) => Vec::new(),
        Err(_) => vec![Offer::Search { id, name }],
    }
}

/// What picking "Fill from Wikidata" does to `id`'s definition in `path`
/// (asks the network); `None` when there is nothing to add.
pub fn fill(
    ws: &Workspace,
    path: &Path,
    id: &str,
    settings: &Settings,
) -> Result<Option<FileChange>, Error> {
    let documents = [PathBuf::from(path)];
    let ids = [id.to_string()];
    let request = fill::Request {
        documents: &documents,
        ids: &ids,
        languages: &settings.wikidata_languages,
    };
    let changes = fill::plan(ws, &request, &client(settings, false))?;
    Ok(changes.into_iter().next())
}

/// What picking "Search Wikidata" does: searches (asks the network; the
/// answer is kept, so the next listing offers the candidates) and says
/// what was found.
pub fn search(ws: &Workspace, path: &Path, id: &str, settings: &Settings) -> Result<String, Error> {
    let def = ws
        .load_file(path)
        .and_then(|f| f.doc.entities.iter().find(|d| d.id == id).cloned());
    let Some(name) = def
        .as_ref()
        .and_then(|d| d.name.as_ref())
        .map(|n| n.value.clone())
    else {
        return Ok(format!("`{id}` has no name to search for"));
    };
    let kind = def.and_then(|d| d.kind.map(|k| k.value));
    let found = link::candidates(
        &client(settings, false),
        &name,
        kind,
        &settings.wikidata_languages,
    )?;
    Ok(match found.len() {
        0 => format!("Wikidata has no candidate for “{name}”"),
        n if n <= MOST_CANDIDATES => format!(
            "{n} Wikidata candidates for “{name}”: the code actions on `{id}` now offer to link to them"
        ),
        n => format!(
            "{n} Wikidata candidates for “{name}”: the code actions on `{id}` now offer to link to the first {MOST_CANDIDATES} (`newsls wikidata link` lists them all)"
        ),
    })
}
