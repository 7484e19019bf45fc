//! `newsls export --format ninjs`: every item validates against IPTC's
//! ninjs 3.1 JSON schema (`tests/data/ninjs-schema_3.1.json`, formats
//! checked), and says what a newsroom system reads: headline, date,
//! people, organisations, places and events with their Wikidata URIs.

use std::path::PathBuf;

use serde_json::Value;

use crate::support::{self, TempDir, schema};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The errors of each item against IPTC's ninjs 3.1 schema, formats
/// checked, or `None` when the validator is not installed. The schema
/// refers to GeoJSON's own schema for `places[].geoJSON`, which newsls
/// never writes: that reference gets the schema that accepts nothing, so a
/// geoJSON in the export would fail the test.
fn validate(items: &[Value]) -> Option<Vec<Vec<String>>> {
    let options = schema::Options {
        formats: true,
        refused: &["https://geojson.org/schema/GeoJSON.json"],
    };
    schema::validate(
        &repo().join("tests/data/ninjs-schema_3.1.json"),
        items,
        options,
    )
}

fn export(dir: &std::path::Path) -> Vec<Value> {
    let run = support::run_newsls(dir, &["export", "--format", "ninjs"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let value: Value = serde_json::from_str(&run.stdout).expect("JSON");
    value.as_array().expect("an array of items").clone()
}

#[test]
fn every_item_validates_against_the_ninjs_3_1_schema() {
    let mut items = Vec::new();
    for folder in ["seeds", "docs/example", "docs/check-example"] {
        items.extend(export(&repo().join(folder)));
    }
    assert!(items.len() >= 5, "{} items", items.len());
    // The validator does reject what the schema forbids.
    let mut not_a_uri = items[0].clone();
    not_a_uri["people"][0]["uri"] = Value::from("not a uri");
    let mut unknown_role = items[0].clone();
    unknown_role["people"][0]
        .as_object_mut()
        .unwrap()
        .remove("uri");
    unknown_role["people"][0]["role"] = Value::from("subject");
    let mut all = items.clone();
    all.extend([not_a_uri, unknown_role]);
    let Some(errors) = validate(&all) else {
        return;
    };
    for (item, errors) in items.iter().zip(&errors) {
        assert!(errors.is_empty(), "{errors:#?}\n{item:#}");
    }
    let refused = &errors[items.len()..];
    assert!(
        refused[0]
            .iter()
            .any(|e| e.contains("'not a uri' is not a 'uri'")),
        "{:#?}",
        refused[0]
    );
    assert!(
        !refused[1].is_empty(),
        "a person without a uri, role subject"
    );
}

#[test]
fn items_carry_headline_date_and_entities_with_wikidata_uris() {
    let dir = TempDir::new("ninjs");
    dir.write(
        "2026-01-22 talks.news.md",
        "---
title: \"Witkoff, Putin begin talks in Moscow\"
date: 2026-01-22
language: en
authors: [Europe desk, Moscow bureau]
entities:
  moscow-talks:
    name: Moscow talks
    kind: event
  witkoff:
    name: Steve Witkoff
    kind: person
  unkind:
    name: Something
---
[Steve Witkoff](@witkoff) met [Putin](@putin) in [Moscow](@moscow) at the [@moscow-talks].
",
    );
    dir.write(
        "registry.news.md",
        "---
entities:
  putin:
    name: Vladimir Putin
    kind: person
    wikidata: Q7747
  moscow:
    name: Moscow
    kind: place
    wikidata: Q649
  kremlin:
    name: Kremlin
    kind: organization
---
",
    );
    let items = export(dir.path());
    if let Some(errors) = validate(&items) {
        assert!(errors.iter().all(Vec::is_empty), "{errors:#?}");
    }
    let talks = &items[0];
    assert_eq!(talks["uri"], "urn:newsls:2026-01-22%20talks.news.md");
    assert_eq!(talks["standard"]["version"], "3.1");
    assert_eq!(talks["type"], "text");
    assert_eq!(
        talks["headlines"][0]["value"],
        "Witkoff, Putin begin talks in Moscow"
    );
    assert_eq!(talks["firstCreated"], "2026-01-22T00:00:00Z");
    assert_eq!(talks["language"], "en");
    assert_eq!(talks["by"], "Europe desk, Moscow bureau");
    assert_eq!(
        talks["bodies"][0]["value"],
        "Steve Witkoff met Putin in Moscow at the Moscow talks."
    );
    assert_eq!(
        talks["people"],
        serde_json::json!([
            {"name": "Steve Witkoff", "rel": "about", "literal": "witkoff"},
            {"name": "Vladimir Putin", "rel": "mentioned", "literal": "putin",
             "uri": "http://www.wikidata.org/entity/Q7747"}
        ])
    );
    assert_eq!(
        talks["places"],
        serde_json::json!([{"name": "Moscow", "rel": "mentioned", "literal": "moscow",
            "uri": "http://www.wikidata.org/entity/Q649"}])
    );
    assert_eq!(
        talks["events"],
        serde_json::json!([{"name": "Moscow talks", "rel": "about", "literal": "moscow-talks"}])
    );
    // An entity without a kind has no ninjs list.
    assert!(!talks.to_string().contains("Something"));
    let registry = &items[1];
    assert_eq!(registry["headlines"][0]["value"], "registry");
    assert_eq!(registry["organisations"][0]["name"], "Kremlin");
    assert!(registry.get("firstCreated").is_none());
}
