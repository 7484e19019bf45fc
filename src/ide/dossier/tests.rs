use expect_test::{Expect, expect};

use super::{ChangeKind, DateFrom, Section, markdown, of};
use crate::syntax::Date;
use crate::testing::{Fixture, path};

const DESK: &str = r#"
%! registry.news.md
---
entities:
  merz:
    name: Friedrich Merz
    kind: person
    roles:
      - role: Chancellor of Germany
        affiliation: "@cdu"
        since: 2025-05-06
      - role: Leader of the Opposition
        since: 2022-02-15
        until: 2025-05-06
    aliases: [Merz]
    wikidata: Q57792
  scholz:
    name: Olaf Scholz
    kind: person
    roles:
      - role: Chancellor of Germany
        since: 2021-12-08
        until: 2025-05-06
  cdu:
    name: Christian Democratic Union
    kind: organization
    aliases: [CDU]
  berlin:
    name: Berlin
    kind: place
---
%! earlier.news.md
---
date: 2024-11-02
---
[@merz] spoke.
%! article.news.md
---
title: "Merz sworn in as Chancellor"
date: 2025-05-06
entities:
  swearing-in:
    name: Swearing-in of the Chancellor
    kind: event
    date: 2025-05-06
    place: "@berlin"
    participants: ["@merz", "@scholz", "@steinmeier"]
  bundestag:
    name: Bundestag
---
[Friedrich Merz](@merz) took the oath at the [@swearing-in] in Berlin after
[@scholz] left; [Merz](@merz) thanked the [@cdu]. [Ghost](@nobody) was absent.
"#;

fn check(fixture: &str, file: &str, date: Option<&str>, expect: Expect) {
    let fixture = Fixture::parse(fixture);
    let date = date.map(|d| Date::parse(d).expect("a real day"));
    let dossier = of(&fixture.workspace, &path(file), date).expect("the document is held");
    expect.assert_eq(&markdown::render(&dossier));
}

#[test]
fn covers_every_entity_people_first_on_the_documents_date() {
    check(
        DESK,
        "article.news.md",
        None,
        expect![[r#"
            # Dossier: Merz sworn in as Chancellor

            `article.news.md` · on 2025-05-06 (the document's date) · 8 entities

            ## People

            ### Friedrich Merz (`@merz`)

            - On 2025-05-06: Chancellor of Germany · Christian Democratic Union (since 2025-05-06, per `registry.news.md` line 3)
            - Within a year of 2025-05-06:
              - 2025-05-06 ended: Leader of the Opposition (2022-02-15 – 2025-05-06, per `registry.news.md` line 3)
              - 2025-05-06 began: Chancellor of Germany · Christian Democratic Union (since 2025-05-06, per `registry.news.md` line 3)
            - Also known as: Merz
            - Wikidata: [Q57792](https://www.wikidata.org/wiki/Q57792)
            - Defined in: `registry.news.md` line 3 (undated)
            - Mentioned in 2 documents (2 times here), referenced in 1

            ### Olaf Scholz (`@scholz`)

            - On 2025-05-06: no role known
            - Within a year of 2025-05-06:
              - 2025-05-06 ended: Chancellor of Germany (2021-12-08 – 2025-05-06, per `registry.news.md` line 15)
            - Defined in: `registry.news.md` line 15 (undated)
            - Mentioned in 1 document (1 time here), referenced in 1

            ## Organisations

            ### Christian Democratic Union (`@cdu`)

            - Also known as: CDU
            - Defined in: `registry.news.md` line 22 (undated)
            - Mentioned in 1 document (1 time here), referenced in 1

            ## Places

            ### Berlin (`@berlin`)

            - Defined in: `registry.news.md` line 26 (undated)
            - Mentioned in 0 documents (referred to here), referenced in 1

            ## Events

            ### Swearing-in of the Chancellor (`@swearing-in`)

            - Date: 2025-05-06 · Place: Berlin
            - Participants, on 2025-05-06:
              - Friedrich Merz (`@merz`): Chancellor of Germany · Christian Democratic Union
              - Olaf Scholz (`@scholz`)
              - `@steinmeier` (not defined)
            - Defined in: `article.news.md` line 5 (2025-05-06)
            - Mentioned in 1 document (1 time here), referenced in 0

            ## Other entities

            ### Bundestag (`@bundestag`)

            - Defined in: `article.news.md` line 11 (2025-05-06)
            - Mentioned in 0 documents, referenced in 0

            ## Not defined

            ### steinmeier (`@steinmeier`)

            - No document defines `@steinmeier`.
            - Mentioned in 0 documents (referred to here), referenced in 1

            ### nobody (`@nobody`)

            - No document defines `@nobody`.
            - Mentioned in 1 document (1 time here), referenced in 0
        "#]],
    );
}

#[test]
fn a_date_asked_for_reads_every_account_on_that_day() {
    let fixture = Fixture::parse(DESK);
    let date = Date::parse("2023-01-01");
    let dossier = of(&fixture.workspace, &path("article.news.md"), date).unwrap();
    assert_eq!(dossier.date_from, DateFrom::Given);
    let merz = dossier.entities.iter().find(|e| e.id == "merz").unwrap();
    let roles: Vec<&str> = merz.roles.iter().map(|r| r.role.as_str()).collect();
    assert_eq!(roles, ["Leader of the Opposition"]);
    // Nothing began or ended between 2022-01-01 and 2024-01-01 but the
    // opposition leadership, begun 2022-02-15.
    let changes: Vec<(ChangeKind, String)> = merz
        .changes
        .iter()
        .map(|c| (c.kind, c.on.to_string()))
        .collect();
    assert_eq!(changes, [(ChangeKind::Began, "2022-02-15".to_string())]);
    // The timeline still knows every role.
    assert_eq!(merz.history.len(), 2);
}

#[test]
fn an_undated_document_speaks_of_today() {
    let fixture = Fixture::parse(&format!(
        "%today 2025-09-01\n{DESK}\n%! brief.news.md\n[@merz] and [@scholz].\n"
    ));
    let dossier = of(&fixture.workspace, &path("brief.news.md"), None).unwrap();
    assert_eq!(dossier.date_from, DateFrom::Today);
    assert_eq!(dossier.date.to_string(), "2025-09-01");
    let sections: Vec<Section> = dossier.sections().iter().map(|(s, _)| *s).collect();
    assert_eq!(sections, [Section::People]);
    let md = markdown::render(&dossier);
    assert!(
        md.contains("on 2025-09-01 (today; the document is undated)"),
        "{md}"
    );
    assert!(
        md.contains("- On 2025-09-01: Chancellor of Germany"),
        "{md}"
    );
}

#[test]
fn a_roles_change_more_than_a_year_away_is_not_near() {
    let fixture = Fixture::parse(DESK);
    let dossier = of(
        &fixture.workspace,
        &path("article.news.md"),
        Date::parse("2026-05-07"),
    )
    .unwrap();
    let merz = dossier.entities.iter().find(|e| e.id == "merz").unwrap();
    assert!(merz.changes.is_empty(), "{:?}", merz.changes);
    let on_the_day = of(
        &fixture.workspace,
        &path("article.news.md"),
        Date::parse("2026-05-06"),
    )
    .unwrap();
    let merz = on_the_day.entities.iter().find(|e| e.id == "merz").unwrap();
    assert_eq!(merz.changes.len(), 2, "a year to the day is within a year");
}

#[test]
fn the_documents_own_definition_is_in_force_there() {
    // The same rule as hover: the document's own statement wins.
    let fixture = Fixture::parse(
        r#"
%! registry.news.md
---
entities:
  putin:
    name: Vladimir Putin
    kind: person
    role: President of Russia
---
%! old.news.md
---
date: 2001-01-01
entities:
  putin:
    name: Vladimir Putin
    kind: person
    role: Acting President
---
[@putin]
"#,
    );
    let dossier = of(&fixture.workspace, &path("old.news.md"), None).unwrap();
    let putin = &dossier.entities[0];
    assert_eq!(putin.roles[0].role, "Acting President");
    assert_eq!(putin.roles[0].source.shown, "old.news.md");
    assert_eq!(putin.definitions.len(), 2);
    let in_force = &putin.definitions[putin.in_force.unwrap()];
    assert_eq!(in_force.shown, "old.news.md");
}

#[test]
fn a_document_the_workspace_does_not_hold_has_no_dossier() {
    let fixture = Fixture::parse(DESK);
    assert!(of(&fixture.workspace, &path("missing.news.md"), None).is_none());
}

#[test]
fn serialises_dates_and_kinds_as_text() {
    let fixture = Fixture::parse(DESK);
    let dossier = of(&fixture.workspace, &path("article.news.md"), None).unwrap();
    let json = serde_json::to_value(&dossier).unwrap();
    assert_eq!(json["date"], "2025-05-06");
    assert_eq!(json["entities"][0]["kind"], "person");
    assert_eq!(json["entities"][0]["roles"][0]["since"], "2025-05-06");
    assert_eq!(
        json["entities"][0]["definitions"][0]["dated"]["by"],
        "undated"
    );
}

#[test]
fn the_page_is_self_contained_with_a_timeline_for_each_person() {
    let fixture = Fixture::parse(DESK);
    let dossier = of(&fixture.workspace, &path("article.news.md"), None).unwrap();
    let page = super::html::render(&dossier);
    for loads in ["<script", "<link", "src=", "@import", "url("] {
        assert!(!page.contains(loads), "the page loads something: {loads}");
    }
    assert!(page.contains("@media print"));
    // One timeline for each person with a role: Merz and Scholz.
    assert_eq!(page.matches("<svg class=\"timeline\"").count(), 2);
    // Merz's two roles, Chancellor held on the date.
    let merz = &page[page.find("id=\"entity-merz\"").unwrap()..];
    let merz = &merz[..merz.find("</article>").unwrap()];
    assert_eq!(merz.matches("<g class=\"role").count(), 2);
    assert_eq!(merz.matches("<g class=\"role held\"").count(), 1);
    assert!(merz.contains("<text class=\"now-label\""));
    assert!(merz.contains(">2025-05-06</text>"));
    // Entities link to their sections, with their ids for editors.
    assert!(page.contains(
        "<a class=\"entity\" href=\"#entity-cdu\" data-id=\"cdu\">Christian Democratic Union</a>"
    ));
    assert!(page.contains("<section id=\"events\">"));
}

#[test]
fn the_page_escapes_what_the_documents_say() {
    let fixture = Fixture::parse(
        r#"
%! a.news.md
---
date: 2025-01-01
entities:
  x:
    name: "<script>alert(1)</script> & Co"
    kind: person
    role: "\"Chief\" <b>"
---
[@x]
"#,
    );
    let dossier = of(&fixture.workspace, &path("a.news.md"), None).unwrap();
    let page = super::html::render(&dossier);
    assert!(!page.contains("<script>"), "{page}");
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co"));
    assert!(page.contains("&quot;Chief&quot; &lt;b&gt;"));
}

#[test]
fn the_timeline_places_bars_by_their_days() {
    let fixture = Fixture::parse(DESK);
    let dossier = of(&fixture.workspace, &path("article.news.md"), None).unwrap();
    let scholz = dossier.entities.iter().find(|e| e.id == "scholz").unwrap();
    let svg = super::timeline::svg(scholz, dossier.date).unwrap();
    // 2021-12-08 to 2025-05-06 on an axis of 2021 to 2026 (exclusive).
    let bar = &svg[svg.find("<rect").unwrap()..];
    let x = number_after(bar, "x=\"");
    let width = number_after(bar, "width=\"");
    let day = |d: &str| Date::parse(d).unwrap().day_number() as f64;
    let scale = (640.0 - 16.0) / (day("2026-01-01") - day("2021-01-01"));
    assert!((x - (8.0 + (day("2021-12-08") - day("2021-01-01")) * scale)).abs() < 0.1);
    assert!((width - (day("2025-05-06") - day("2021-12-08")) * scale).abs() < 0.2);
    // No role held on the date: no bar is marked held.
    assert!(!svg.contains("role held"));
}

fn number_after(text: &str, prefix: &str) -> f64 {
    let start = text.find(prefix).unwrap() + prefix.len();
    let rest = &text[start..];
    rest[..rest.find('"').unwrap()].parse().unwrap()
}
