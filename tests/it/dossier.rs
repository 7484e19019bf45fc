//! The dossier: `newsls dossier` from a shell, and `newsls/dossier` over
//! stdio as an editor asks for it.

use crate::support::{Lsp, TempDir, pos_of, run_newsls, uri};
use serde_json::json;

const REGISTRY: &str = "\
---
entities:
  merz:
    name: Friedrich Merz
    kind: person
    roles:
      - role: Chancellor of Germany
        affiliation: \"@cdu\"
        since: 2025-05-06
      - role: Leader of the Opposition
        since: 2022-02-15
        until: 2025-05-06
    wikidata: Q57792
  cdu:
    name: Christian Democratic Union
    kind: organization
  scholz:
    name: Olaf Scholz
    kind: person
    roles:
      - role: Chancellor of Germany
        since: 2021-12-08
        until: 2025-05-06
---
";

const BRIEF: &str = "\
---
title: Coalition talks
date: 2025-03-01
---
[Merz](@merz) met the [@cdu].
";

fn desk(label: &str) -> TempDir {
    let dir = TempDir::new(label);
    dir.write("registry.news.md", REGISTRY);
    dir.write("brief.news.md", BRIEF);
    dir
}

#[test]
fn the_command_prints_markdown_on_the_documents_date() {
    let dir = desk("dossier-md");
    let run = run_newsls(dir.path(), &["dossier", "brief.news.md"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let md = run.stdout;
    assert!(md.starts_with("# Dossier: Coalition talks\n"), "{md}");
    assert!(md.contains("`brief.news.md` · on 2025-03-01 (the document's date) · 2 entities"));
    // People before organisations.
    let merz = md.find("### Friedrich Merz (`@merz`)").expect("Merz");
    let cdu = md.find("### Christian Democratic Union").expect("CDU");
    assert!(merz < cdu);
    assert!(md.contains(
        "- On 2025-03-01: Leader of the Opposition (2022-02-15 – 2025-05-06, per `registry.news.md` line 3)"
    ));
    assert!(md.contains(
        "  - 2025-05-06 began: Chancellor of Germany · Christian Democratic Union (since 2025-05-06"
    ));
    assert!(md.contains("- Wikidata: [Q57792](https://www.wikidata.org/wiki/Q57792)"));
}

#[test]
fn the_command_reads_another_date_and_writes_a_page() {
    let dir = desk("dossier-html");
    let run = run_newsls(
        dir.path(),
        &[
            "dossier",
            "brief.news.md",
            "--format",
            "html",
            "--date",
            "2025-06-01",
            "--out",
            "page.html",
        ],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.stdout, "");
    let page = std::fs::read_to_string(dir.path().join("page.html")).expect("the page");
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(
        page.contains("on <time datetime=\"2025-06-01\">2025-06-01</time> (the date asked for)")
    );
    assert!(page.contains("<svg class=\"timeline\""));
    assert!(!page.contains("<script"));
    // Chancellor since 2025-05-06: held on the date asked for, and begun
    // within a year of it.
    assert!(page.contains("<li class=\"began\"><time datetime=\"2025-05-06\">2025-05-06</time> began: Chancellor of Germany"));
}

#[test]
fn the_command_names_what_is_wrong() {
    let dir = desk("dossier-errors");
    let missing = run_newsls(dir.path(), &["dossier", "nowhere.news.md"]);
    assert_eq!(missing.code, Some(2));
    assert!(
        missing.stderr.contains("cannot read `nowhere.news.md`"),
        "{}",
        missing.stderr
    );
    let bad_date = run_newsls(
        dir.path(),
        &["dossier", "brief.news.md", "--date", "2025-02-30"],
    );
    assert_eq!(bad_date.code, Some(2));
    assert!(
        bad_date.stderr.contains("not a real day"),
        "{}",
        bad_date.stderr
    );
}

#[test]
fn the_request_answers_for_the_document_as_edited() {
    let dir = desk("dossier-lsp");
    let mut lsp = Lsp::start();
    lsp.initialize(dir.path(), false);
    let brief = uri(&dir.path().join("brief.news.md"));
    lsp.open(&brief, BRIEF);
    // Unsaved: a new date and a mention of Scholz.
    let edited = BRIEF
        .replace("2025-03-01", "2025-07-01")
        .replace("met the", "and [@scholz] met the");
    lsp.change_full(&brief, 2, &edited);
    let result = lsp.request(
        "newsls/dossier",
        json!({ "textDocument": { "uri": brief } }),
    );
    let md = result["markdown"].as_str().expect("markdown");
    assert!(
        md.contains("on 2025-07-01 (the document's date) · 3 entities"),
        "{md}"
    );
    assert!(md.contains("### Olaf Scholz (`@scholz`)"), "{md}");
    assert!(md.contains("- On 2025-07-01: Chancellor of Germany · Christian Democratic Union"));
    let html = result["html"].as_str().expect("html");
    assert!(html.contains(
        "<a class=\"entity\" href=\"#entity-scholz\" data-id=\"scholz\">Olaf Scholz</a>"
    ));
    assert_eq!(html.matches("<svg class=\"timeline\"").count(), 2);
    // Where a click on Merz goes: the key of his definition.
    let registry = uri(&dir.path().join("registry.news.md"));
    assert_eq!(result["definitions"]["merz"]["uri"], registry.as_str());
    assert_eq!(
        result["definitions"]["merz"]["range"]["start"],
        pos_of(REGISTRY, "merz:", 0, 0, crate::support::Enc::Utf16)
    );
}

#[test]
fn the_request_takes_a_date_and_refuses_a_bad_one() {
    let dir = desk("dossier-lsp-date");
    let mut lsp = Lsp::start();
    lsp.initialize(dir.path(), false);
    let brief = uri(&dir.path().join("brief.news.md"));
    lsp.open(&brief, BRIEF);
    let result = lsp.request(
        "newsls/dossier",
        json!({ "textDocument": { "uri": brief }, "date": "2020-01-01" }),
    );
    let md = result["markdown"].as_str().unwrap();
    assert!(md.contains("on 2020-01-01 (the date asked for)"), "{md}");
    assert!(md.contains("- On 2020-01-01: no role known"), "{md}");
    let id = lsp.send_request(
        "newsls/dossier",
        json!({ "textDocument": { "uri": brief }, "date": "2020-13-01" }),
    );
    assert_eq!(lsp.error_code(id), -32602);
    // Not a document newsls knows: nothing, and the server goes on.
    let other = uri(&dir.path().join("notes.txt"));
    let none = lsp.request(
        "newsls/dossier",
        json!({ "textDocument": { "uri": other } }),
    );
    assert!(none.is_null(), "{none}");
    let again = lsp.request(
        "newsls/dossier",
        json!({ "textDocument": { "uri": brief } }),
    );
    assert!(
        again["markdown"]
            .as_str()
            .unwrap()
            .contains("on 2025-03-01")
    );
}
