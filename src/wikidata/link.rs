//! `newsls wikidata link`: items that may be an entity without
//! `wikidata`, found by its name (`wbsearchentities`). For an entity of
//! known kind, the candidates' classes are asked too (one `wbgetentities`
//! for all of them) and candidates of another kind are dropped.
//! Disambiguation pages are always dropped. An id is written only when the user chooses it, or when exactly
//! one candidate has the entity's name as label and its kind.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::client::{Client, Error, Hit};
use super::{FileChange, item, kinds};
use crate::ide::code_actions::yaml_edit::{self, Additions};
use crate::syntax::{EntityDef, EntityKind, fold_id};
use crate::workspace::Workspace;

/// "Wikimedia disambiguation page": never an entity.
const DISAMBIGUATION: &str = "Q4167410";
const DISAMBIGUATION_DESCRIPTION: &str = "Wikimedia disambiguation page";
/// How many results are asked of the search.
const SEARCHED: usize = 10;

/// An item that may be the entity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub id: String,
    pub label: Option<String>,
    pub description: Option<String>,
    pub kind: Option<EntityKind>,
}

impl Candidate {
    /// `Q7747 — President of Russia` (the label when there is no
    /// description).
    pub fn summary(&self) -> String {
        match (&self.description, &self.label) {
            (Some(d), _) => format!("{} — {d}", self.id),
            (None, Some(l)) => format!("{} — {l}", self.id),
            (None, None) => self.id.clone(),
        }
    }
}

/// The candidates for an entity named `name`, of `kind` when known, best
/// first. Only for an entity of known kind are the hits' classes asked
/// (one more request): to drop those of another kind, and to know which
/// has the entity's.
pub fn candidates(
    client: &Client,
    name: &str,
    kind: Option<EntityKind>,
    languages: &[String],
) -> Result<Vec<Candidate>, Error> {
    let language = languages.first().map_or("en", String::as_str);
    let hits = client.search(name, language, SEARCHED)?;
    if hits.is_empty() {
        return Ok(Vec::new());
    }
    let classes = match kind {
        Some(_) => {
            let ids: Vec<String> = hits.iter().map(|h| h.id.clone()).collect();
            let entities = client.entities(&ids, "claims", languages)?;
            Some(
                entities
                    .iter()
                    .map(|(id, e)| (id.clone(), item::read(id, e).classes))
                    .collect(),
            )
        }
        None => None,
    };
    Ok(sift(hits, classes.as_ref(), kind))
}

/// The hits that may be an entity of `kind`: disambiguation pages and
/// items of another kind left out; each with its kind when its classes
/// are known.
pub fn sift(
    hits: Vec<Hit>,
    classes: Option<&HashMap<String, Vec<String>>>,
    kind: Option<EntityKind>,
) -> Vec<Candidate> {
    let mut found = Vec::new();
    for hit in hits {
        let its_classes = classes.and_then(|c| c.get(&hit.id));
        let disambiguation = match its_classes {
            Some(classes) => classes.iter().any(|c| c == DISAMBIGUATION),
            None => hit.description.as_deref() == Some(DISAMBIGUATION_DESCRIPTION),
        };
        if disambiguation {
            continue;
        }
        let candidate_kind = its_classes.and_then(kinds::of);
        if let (Some(wanted), Some(found_kind)) = (kind, candidate_kind)
            && wanted != found_kind
        {
            continue;
        }
        found.push(Candidate {
            id: hit.id,
            label: hit.label,
            description: hit.description,
            kind: candidate_kind,
        });
    }
    found
}

/// The one candidate with `def`'s name as label and its kind, if exactly
/// one has both.
pub fn sure_choice<'a>(def: &EntityDef, candidates: &'a [Candidate]) -> Option<&'a Candidate> {
    let name = fold_id(&def.name.as_ref()?.value);
    let kind = def.kind.as_ref()?.value;
    let mut same = candidates
        .iter()
        .filter(|c| c.kind == Some(kind) && c.label.as_deref().is_some_and(|l| fold_id(l) == name));
    let first = same.next()?;
    same.next().is_none().then_some(first)
}

/// The change that writes `wikidata: q` into the definition of `id` in
/// `path`; `None` when it has one already or cannot be edited.
pub fn write(ws: &Workspace, path: &Path, id: &str, q: &str) -> Option<FileChange> {
    let file = ws.load_file(path)?;
    let def = file.doc.entities.iter().find(|d| d.id == id)?;
    if def.wikidata.is_some() {
        return None;
    }
    let additions = Additions {
        wikidata: Some(q.to_string()),
        ..Additions::default()
    };
    let edits = yaml_edit::fill_entity(file, def, &additions);
    FileChange::new(path, &file.text, edits, vec![(id.to_string(), additions)])
}

/// The definitions `link` looks at: those in `documents` without
/// `wikidata` and with a `name`, only `ids` when given; `(path, id)`.
pub fn unlinked(ws: &Workspace, documents: &[PathBuf], ids: &[String]) -> Vec<(PathBuf, String)> {
    let mut found = Vec::new();
    for path in documents {
        let Some(file) = ws.load_file(path) else {
            continue;
        };
        for def in &file.doc.entities {
            if def.wikidata.is_none()
                && def.name.is_some()
                && (ids.is_empty() || ids.contains(&def.id))
            {
                found.push((path.clone(), def.id.clone()));
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::Fixture;

    /// The classes of a recorded item (tests/data/wikidata, real answers).
    fn classes(id: &str, answer: &str) -> (String, Vec<String>) {
        let value: serde_json::Value = serde_json::from_str(answer).unwrap();
        (
            id.to_string(),
            item::read(id, &value["entities"][id]).classes,
        )
    }

    fn hit(id: &str, label: &str, description: Option<&str>) -> Hit {
        Hit {
            id: id.into(),
            label: Some(label.into()),
            description: description.map(String::from),
        }
    }

    #[test]
    fn other_kinds_and_disambiguation_pages_are_dropped() {
        let classes: HashMap<String, Vec<String>> = [
            classes(
                "Q7747",
                include_str!("../../tests/data/wikidata/Q7747.json"),
            ),
            classes("Q27", include_str!("../../tests/data/wikidata/Q27.json")),
        ]
        .into_iter()
        .collect();
        let hits = || {
            vec![
                hit("Q7747", "Vladimir Putin", Some("President of Russia")),
                hit("Q27", "Ireland", None),
                hit(
                    "Q17987270",
                    "Attila the Hun",
                    Some(DISAMBIGUATION_DESCRIPTION),
                ),
            ]
        };
        let people = sift(hits(), Some(&classes), Some(EntityKind::Person));
        // Ireland is a place; the disambiguation page, known by its
        // description where its classes are not.
        assert_eq!(people.len(), 1, "{people:?}");
        assert_eq!(people[0].id, "Q7747");
        assert_eq!(people[0].kind, Some(EntityKind::Person));
        let places = sift(hits(), Some(&classes), Some(EntityKind::Place));
        assert_eq!(places[0].id, "Q27");
        assert_eq!(places[0].kind, Some(EntityKind::Place));
        // Without classes, a disambiguation page is known by its description.
        let unknown = sift(hits(), None, None);
        let ids: Vec<&str> = unknown.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["Q7747", "Q27"]);

        let fixture = Fixture::parse(
            "%! a.news.md\n---\nentities:\n  putin:\n    name: vladimir putin\n    kind: person\n  x:\n    name: Vladimir Putin\n---\n",
        );
        let defs = &fixture.file("a.news.md").doc.entities;
        let sure = sure_choice(&defs[0], &people).map(|c| c.id.as_str());
        assert_eq!(sure, Some("Q7747"));
        // No kind: never sure.
        assert_eq!(sure_choice(&defs[1], &people), None);
    }
}
