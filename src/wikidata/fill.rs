//! `newsls wikidata fill`: what an entity's Wikidata item adds to its
//! definition. Never overwrites: a field already written stays, an alias
//! already there is not added again, nor a role with the same `role` and
//! `since`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use super::client::{Client, Error};
use super::item::{self, Bound, Item, Precision, Time};
use super::{FileChange, is_item_id, kinds};
use crate::ide::code_actions::yaml_edit::{self, Additions, Dated, NewRole};
use crate::syntax::{Date, EntityDef, fold_id};
use crate::workspace::Workspace;

/// Which entities to fill, and how.
pub struct Request<'a> {
    /// The documents whose definitions are filled.
    pub documents: &'a [PathBuf],
    /// Only these entity ids (all with `wikidata:` when empty).
    pub ids: &'a [String],
    /// The languages of labels, descriptions and aliases, first preferred.
    pub languages: &'a [String],
}

/// The changes filling makes, document by document (only those that
/// change), or the first failure (then nothing is to be written).
pub fn plan(ws: &Workspace, request: &Request, client: &Client) -> Result<Vec<FileChange>, Error> {
    // (document, entity id, item id) of each definition to fill.
    let mut targets: Vec<(&Path, String, String)> = Vec::new();
    for path in request.documents {
        let Some(file) = ws.load_file(path) else {
            continue;
        };
        for def in &file.doc.entities {
            let Some(q) = def.wikidata.as_ref().map(|w| w.value.trim()) else {
                continue;
            };
            if !is_item_id(q) || (!request.ids.is_empty() && !request.ids.contains(&def.id)) {
                continue;
            }
            targets.push((path, def.id.clone(), q.to_string()));
        }
    }
    if targets.is_empty() {
        return Ok(Vec::new());
    }
    let wanted: BTreeSet<String> = targets.iter().map(|(_, _, q)| q.clone()).collect();
    let wanted: Vec<String> = wanted.into_iter().collect();
    let entities = client.entities(
        &wanted,
        "labels|descriptions|aliases|claims",
        request.languages,
    )?;
    let items: HashMap<String, Item> = entities
        .iter()
        .map(|(id, value)| (id.clone(), item::read(id, value)))
        .collect();
    // The labels of the positions and affiliations the statements name.
    let named: BTreeSet<String> = items
        .values()
        .flat_map(|item| &item.positions)
        .flat_map(|p| std::iter::once(&p.item).chain(&p.affiliation))
        .filter(|id| !items.contains_key(*id))
        .cloned()
        .collect();
    let named: Vec<String> = named.into_iter().collect();
    let mut labels: HashMap<String, Item> = if named.is_empty() {
        HashMap::new()
    } else {
        client
            .entities(&named, "labels", request.languages)?
            .iter()
            .map(|(id, value)| (id.clone(), item::read(id, value)))
            .collect()
    };
    labels.extend(items.iter().map(|(k, v)| (k.clone(), v.clone())));
    let linked = linked_entities(ws);
    let context = Context {
        labels: &labels,
        linked: &linked,
        languages: request.languages,
    };
    let mut by_document: BTreeMap<&Path, Vec<(String, String)>> = BTreeMap::new();
    for (path, id, q) in targets {
        by_document.entry(path).or_default().push((id, q));
    }
    let mut changes = Vec::new();
    for (path, wanted) in by_document {
        let Some(file) = ws.load_file(path) else {
            continue;
        };
        let mut edits = Vec::new();
        let mut filled = Vec::new();
        for def in &file.doc.entities {
            let Some((_, q)) = wanted.iter().find(|(id, _)| *id == def.id) else {
                continue;
            };
            let Some(item) = items.get(q) else { continue };
            let additions = additions(def, item, &context);
            if additions.is_empty() {
                continue;
            }
            edits.extend(yaml_edit::fill_entity(file, def, &additions));
            filled.push((def.id.clone(), additions));
        }
        if let Some(change) = FileChange::new(path, &file.text, edits, filled) {
            changes.push(change);
        }
    }
    Ok(changes)
}

/// Every entity of the workspace by the item its `wikidata` names (the
/// first definition found for an item).
fn linked_entities(ws: &Workspace) -> HashMap<String, String> {
    let mut linked = HashMap::new();
    let mut entries: Vec<_> = ws.entries().collect();
    entries.sort_by(|a, b| a.path.cmp(&b.path));
    for entry in entries {
        for def in entry.entities() {
            if let Some(q) = &def.wikidata {
                linked
                    .entry(q.value.trim().to_string())
                    .or_insert_with(|| def.id.clone());
            }
        }
    }
    linked
}

/// What `additions` reads besides the item.
pub struct Context<'a> {
    /// Items with their labels: positions, affiliations.
    pub labels: &'a HashMap<String, Item>,
    /// Entity ids by the item their `wikidata` names.
    pub linked: &'a HashMap<String, String>,
    pub languages: &'a [String],
}

/// What `item` adds to `def`.
pub fn additions(def: &EntityDef, item: &Item, context: &Context) -> Additions {
    let languages = context.languages;
    let label = item.label(languages);
    let mut additions = Additions {
        name: unwritten(&def.name, label.map(String::from)),
        kind: unwritten(&def.kind, kinds::of(&item.classes)),
        description: unwritten(
            &def.description,
            item.description(languages).map(String::from),
        ),
        ..Additions::default()
    };
    // Names compare as ids do: case and accents aside.
    let mut known: BTreeSet<String> = def
        .names()
        .chain(additions.name.as_deref())
        .map(fold_id)
        .collect();
    let mut names: Vec<&str> = Vec::new();
    if def.name.is_some()
        && let Some(label) = label
    {
        names.push(label);
    }
    names.extend(item.other_names(languages));
    for name in names {
        if known.insert(fold_id(name)) {
            additions.aliases.push(name.to_string());
        }
    }
    let mut present: Vec<(String, Option<Date>)> = def
        .roles
        .iter()
        .map(|r| (fold_id(&r.role.value), r.since.as_ref().map(|s| s.value)))
        .collect();
    let mut roles: Vec<NewRole> = Vec::new();
    for position in &item.positions {
        let Some(role) = context
            .labels
            .get(&position.item)
            .and_then(|p| p.label(languages))
        else {
            continue;
        };
        let Some((since, until)) = span(position.start, position.end) else {
            continue;
        };
        let key = (fold_id(role), since.as_ref().map(|s| s.day));
        if present.contains(&key) {
            continue;
        }
        present.push(key);
        let affiliation = position
            .affiliation
            .as_ref()
            .and_then(|q| match context.linked.get(q) {
                Some(id) => Some(format!("@{id}")),
                None => context
                    .labels
                    .get(q)
                    .and_then(|a| a.label(languages))
                    .map(String::from),
            });
        roles.push(NewRole {
            role: role.to_string(),
            affiliation,
            since,
            until,
        });
    }
    // Newest first, as a registry lists them.
    roles.sort_by(|a, b| {
        let day = |r: &NewRole| r.since.as_ref().map(|s| s.day);
        day(b).cmp(&day(a))
    });
    additions.roles = roles;
    additions
}

/// What the item gives for a field, where the definition writes none:
/// filling never overwrites.
fn unwritten<W, T>(written: &Option<W>, from_item: Option<T>) -> Option<T> {
    if written.is_some() { None } else { from_item }
}

/// `since` and `until` of a position's start and end; `None` for a
/// statement with no date at all (it would hold on every day), one that
/// ended at an unknown time, or one whose end is not after its start.
fn span(start: Bound, end: Bound) -> Option<(Option<Dated>, Option<Dated>)> {
    let since = match start {
        Bound::Time(time) => dated(time, Time::first_day),
        Bound::None | Bound::Unknown => None,
    };
    let until = match end {
        Bound::Time(time) => Some(dated(time, Time::day_after)?),
        Bound::Unknown => return None,
        Bound::None => None,
    };
    if since.is_none() && until.is_none() {
        return None;
    }
    if let (Some(s), Some(u)) = (&since, &until)
        && u.day <= s.day
    {
        return None;
    }
    Some((since, until))
}

fn dated(time: Time, day: fn(Time) -> Option<Date>) -> Option<Dated> {
    let note = match time.precision {
        Precision::Day => None,
        Precision::Month => Some(format!("{:04}-{:02} on Wikidata", time.year, time.month)),
        Precision::Year => Some(format!("{:04} on Wikidata", time.year)),
        Precision::Coarser => return None,
    };
    Some(Dated {
        day: day(time)?,
        note,
    })
}

#[cfg(test)]
mod tests {
    //! What an item adds, on items built here by hand (with made-up ids in
    //! the Q9000000 range: not Wikidata's items; the real recorded answers
    //! are served to the command line in `tests/it/wikidata.rs`).

    use super::*;
    use crate::syntax::TextEdit;
    use crate::testing::Fixture;
    use crate::wikidata::item::Position;

    fn day(year: i32, month: u8, day: u8, precision: Precision) -> Bound {
        Bound::Time(Time {
            year,
            month,
            day,
            precision,
        })
    }

    fn labelled(id: &str, label: &str) -> (String, Item) {
        let item = Item {
            id: id.to_string(),
            labels: vec![("en".into(), label.into())],
            ..Item::default()
        };
        (id.to_string(), item)
    }

    /// The registry as filled from `item`.
    fn filled(registry: &str, item: &Item) -> String {
        let fixture = Fixture::parse(&format!("%! registry.news.md\n{registry}"));
        let file = fixture.file("registry.news.md");
        let labels: HashMap<String, Item> = [
            labelled("Q9000001", "Minister of Examples"),
            labelled("Q9000002", "Example Party"),
            labelled("Q9000003", "Example Ministry"),
            labelled("Q9000004", "Mayor of Exampletown"),
        ]
        .into_iter()
        .collect();
        let linked = HashMap::from([("Q9000002".to_string(), "party".to_string())]);
        let languages = ["fr".to_string(), "en".to_string()];
        let context = Context {
            labels: &labels,
            linked: &linked,
            languages: &languages,
        };
        let def = file.doc.entities.first().expect("an entity");
        let additions = additions(def, item, &context);
        let edits = yaml_edit::fill_entity(file, def, &additions);
        TextEdit::apply(&file.text, &edits)
    }

    fn person() -> Item {
        Item {
            id: "Q9000000".into(),
            labels: vec![
                ("en".into(), "Ann Example".into()),
                ("fr".into(), "Anne Exemple".into()),
            ],
            descriptions: vec![("en".into(), "example politician".into())],
            aliases: vec![
                ("en".into(), "A. Example".into()),
                ("fr".into(), "anne exemple".into()),
            ],
            classes: vec!["Q5".into()],
            positions: vec![
                // "of" an entity of the folder: its id.
                Position {
                    item: "Q9000001".into(),
                    start: day(2020, 3, 1, Precision::Day),
                    end: Bound::None,
                    affiliation: Some("Q9000002".into()),
                },
                // "of" an item no entity carries: its label; month precision.
                Position {
                    item: "Q9000004".into(),
                    start: day(2015, 6, 0, Precision::Month),
                    end: day(2019, 12, 0, Precision::Month),
                    affiliation: Some("Q9000003".into()),
                },
                // Ended at an unknown time: left out.
                Position {
                    item: "Q9000001".into(),
                    start: day(2010, 1, 1, Precision::Day),
                    end: Bound::Unknown,
                    affiliation: None,
                },
                // No label: left out.
                Position {
                    item: "Q9000099".into(),
                    start: day(2001, 1, 1, Precision::Day),
                    end: Bound::None,
                    affiliation: None,
                },
            ],
        }
    }

    /// The role `person()`'s month-precision position adds, marked as
    /// added for [`check_filled`].
    const MAYOR: &str = "\
+      - role: Mayor of Exampletown
+        affiliation: Example Ministry
+        since: 2015-06-01  # 2015-06 on Wikidata
+        until: 2020-01-01  # 2019-12 on Wikidata
";

    /// Fills the registry `marked` gives from `item`: without its lines
    /// marked `+`, the registry before; with them (unmarked), the text
    /// expected after.
    fn check_filled(marked: &str, item: &Item) {
        let before: String = marked
            .split_inclusive('\n')
            .filter(|line| !line.starts_with('+'))
            .collect();
        let after: String = marked
            .split_inclusive('\n')
            .map(|line| line.strip_prefix('+').unwrap_or(line))
            .collect();
        assert_eq!(filled(&before, item), after);
    }

    #[test]
    fn fills_in_the_languages_order_with_affiliations_and_precision() {
        check_filled(
            &format!(
                "---
entities:
  ann:
+    name: Anne Exemple
+    kind: person
    wikidata: Q9000000  # ours
+    description: example politician
+    aliases: [Ann Example, A. Example]
+    roles:
+      - role: Minister of Examples
+        affiliation: \"@party\"
+        since: 2020-03-01
{MAYOR}---
"
            ),
            &person(),
        );
    }

    #[test]
    fn written_fields_stay_and_block_lists_grow() {
        check_filled(
            &format!(
                "---
entities:
  ann:
    name: Ann E.
    kind: organization
    description: ours
    wikidata: Q9000000
    aliases:
      - A. Example
+      - Anne Exemple
+      - Ann Example
    roles:
      - role: minister of examples
        since: 2020-03-01
{MAYOR}---
"
            ),
            &person(),
        );
    }
}
