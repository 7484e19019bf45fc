//! End-to-end: completion polish through the built binary over stdio —
//! fuzzy, accent- and case-blind ranking, whole mentions after `[`, front
//! matter fields, kinds and dates, item kinds inside the client's set.

use crate::support;

use crate::support::{Enc, Lsp, TempDir, position, uri};
use serde_json::{Value, json};

const REGISTRY: &str = "\
---
entities:
  dmitriev:
    name: Kirill Dmitriev
    kind: person
    role: Head of the RDIF
    aliases: [Dmitriev]
  sanchez:
    name: Pedro Sánchez
    kind: person
  rdif:
    name: Russian Direct Investment Fund
    kind: organization
---
[@dmitriev] [@sanchez] [@rdif]
";

/// The brief being written: its last line grows as the tests type.
const BRIEF: &str =
    "---\ndate: 2025-02-18\nentities:\n  talks:\n    name: Riyadh talks\n    \n---\n🇺🇦 Met ";

fn start(capabilities: Value) -> (TempDir, Lsp, String) {
    let dir = TempDir::new("completion");
    dir.write("registry.news.md", REGISTRY);
    let brief = uri(&dir.write("brief.news.md", BRIEF));
    let mut lsp = Lsp::start();
    lsp.initialize_with(json!({
        "processId": std::process::id(),
        "rootUri": uri(dir.path()),
        "capabilities": { "textDocument": capabilities },
    }));
    lsp.open(&brief, BRIEF);
    (dir, lsp, brief)
}

/// Appends `typed` to the brief (version `version`) and asks for completion
/// at its end; returns the items and the text now.
fn type_and_complete(
    lsp: &mut Lsp,
    brief: &str,
    version: i64,
    text: &mut String,
    typed: &str,
) -> Value {
    let end = position(text, text.len(), Enc::Utf16);
    lsp.change(
        brief,
        version,
        &[(json!({ "start": end, "end": end }), typed)],
    );
    text.push_str(typed);
    complete_at(lsp, brief, text, text.len())
}

fn complete_at(lsp: &mut Lsp, brief: &str, text: &str, offset: usize) -> Value {
    let list = lsp.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": brief }, "position": position(text, offset, Enc::Utf16) }),
    );
    list["items"].clone()
}

fn labels(items: &Value) -> Vec<&str> {
    items
        .as_array()
        .map(|a| a.iter().filter_map(|i| i["label"].as_str()).collect())
        .unwrap_or_default()
}

#[test]
fn whole_mentions_and_accent_blind_ids_after_an_emoji() {
    let (_dir, mut lsp, brief) = start(support::text_document_capabilities());
    let mut text = BRIEF.to_string();
    let bracket = text.len();
    let items = type_and_complete(&mut lsp, &brief, 2, &mut text, "[Kirill D");
    let first = &items[0];
    assert_eq!(first["label"], "[Kirill Dmitriev](@dmitriev)", "{items:#}");
    assert_eq!(first["detail"], "person · Head of the RDIF");
    assert_eq!(first["kind"], 6, "a person: Variable");
    assert_eq!(first["sortText"], "0000");
    assert_eq!(first["filterText"], "[Kirill Dmitriev");
    // It replaces exactly the typed `[Kirill D`, counted in UTF-16 after
    // the flag (4 code units) and ` Met `.
    assert_eq!(
        first["textEdit"],
        json!({
            "range": { "start": position(&text, bracket, Enc::Utf16), "end": position(&text, text.len(), Enc::Utf16) },
            "newText": "[Kirill Dmitriev](@dmitriev)"
        })
    );
    assert_eq!(first["textEdit"]["range"]["start"]["character"], 9);

    // An accent typed or not, any case: the same entity, ranked first.
    let items = type_and_complete(&mut lsp, &brief, 3, &mut text, " and [@Sánch");
    assert_eq!(labels(&items), ["sanchez"], "{items:#}");
    assert_eq!(items[0]["textEdit"]["newText"], "sanchez");
    assert_eq!(
        items[0]["filterText"],
        "sanchez Pedro Sánchez pedro sanchez"
    );
    let items = type_and_complete(&mut lsp, &brief, 4, &mut text, "] and [pedro SANCHEZ");
    assert_eq!(labels(&items), ["[Pedro Sánchez](@sanchez)"], "{items:#}");

    // Fuzzy: letters of the name in order, items sorted by the server.
    let items = type_and_complete(&mut lsp, &brief, 5, &mut text, " [@rdf");
    assert_eq!(labels(&items)[0], "rdif", "{items:#}");
    let sort: Vec<&str> = items
        .as_array()
        .map(|a| a.iter().filter_map(|i| i["sortText"].as_str()).collect())
        .unwrap_or_default();
    let mut sorted = sort.clone();
    sorted.sort();
    assert_eq!(sort, sorted);
    assert_eq!(lsp.shutdown_and_exit().code(), Some(0));
}

#[test]
fn front_matter_fields_kinds_and_dates() {
    let (_dir, mut lsp, brief) = start(support::text_document_capabilities());
    let mut text = BRIEF.to_string();
    // On the blank line under `talks`: the fields it does not have yet.
    let blank = text.find("    \n---").map(|i| i + 4).expect("blank line");
    let items = complete_at(&mut lsp, &brief, &text, blank);
    let fields = labels(&items);
    assert!(
        fields.contains(&"kind") && fields.contains(&"participants"),
        "{fields:?}"
    );
    assert!(!fields.contains(&"name"), "already there: {fields:?}");
    assert_eq!(items[0]["kind"], 5, "Field");

    let at = position(&text, blank, Enc::Utf16);
    lsp.change(&brief, 2, &[(json!({ "start": at, "end": at }), "kind:")]);
    text.insert_str(blank, "kind:");
    let items = complete_at(&mut lsp, &brief, &text, blank + 5);
    assert_eq!(labels(&items), ["person", "organization", "place", "event"]);
    assert_eq!(items[3]["kind"], 20, "EnumMember");
    assert_eq!(items[3]["textEdit"]["newText"], " event");

    let at = position(&text, blank, Enc::Utf16);
    let line_end = position(&text, blank + 5, Enc::Utf16);
    lsp.change(
        &brief,
        3,
        &[(json!({ "start": at, "end": line_end }), "date: ")],
    );
    text.replace_range(blank..blank + 5, "date: ");
    let items = complete_at(&mut lsp, &brief, &text, blank + 6);
    assert_eq!(labels(&items), ["2025-02-18"], "the document's date");
    assert_eq!(items[0]["detail"], "the document's date");
    assert_eq!(items[0]["kind"], 21, "Constant");
    assert_eq!(lsp.shutdown_and_exit().code(), Some(0));
}

#[test]
fn item_kinds_stay_inside_a_small_value_set() {
    // A client that knows only Text and Field.
    let (_dir, mut lsp, brief) = start(json!({
        "completion": { "completionItemKind": { "valueSet": [1, 5] } }
    }));
    let mut text = BRIEF.to_string();
    let items = type_and_complete(&mut lsp, &brief, 2, &mut text, "[@");
    assert_eq!(labels(&items).len(), 4, "{items:#}");
    for item in items.as_array().into_iter().flatten() {
        assert_eq!(item["kind"], 1, "{item}");
    }
    let blank = text.find("    \n---").map(|i| i + 4).expect("blank line");
    let items = complete_at(&mut lsp, &brief, &text, blank);
    assert_eq!(items[0]["kind"], 5, "{items:#}");
    assert_eq!(lsp.shutdown_and_exit().code(), Some(0));
}

#[test]
fn workspace_symbols_are_fuzzy_and_accent_blind() {
    let (_dir, mut lsp, _) = start(support::text_document_capabilities());
    for query in ["sánchez", "SANCHEZ", "pdrsnch"] {
        let found = lsp.request("workspace/symbol", json!({ "query": query }));
        assert_eq!(found[0]["name"], "Pedro Sánchez", "{query}: {found:#}");
    }
    let found = lsp.request("workspace/symbol", json!({ "query": "rdif" }));
    let names: Vec<&str> = found
        .as_array()
        .map(|a| a.iter().filter_map(|s| s["name"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(names[0], "Russian Direct Investment Fund", "{found:#}");
    assert_eq!(lsp.shutdown_and_exit().code(), Some(0));
}
