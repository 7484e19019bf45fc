//! Each fixture marks every diagnostic it must produce, in every file, with
//! its code; any other diagnostic fails the test. So each test is positive
//! and negative at once.

use std::path::Path;

use expect_test::Expect;

use super::collect;
use crate::testing::Fixture;

pub(super) fn check(fixture: &str) {
    let fixture = Fixture::parse(fixture);
    let ws = &fixture.workspace;
    let mut found: Vec<(String, String, String)> = Vec::new();
    for file in ws.load_every_file() {
        for d in collect(ws, &file.path) {
            found.push((
                ws.relative_path(&file.path),
                format!("{:?} {}", file.slice(d.range), d.range.start),
                d.code.to_string(),
            ));
        }
    }
    let mut expected: Vec<(String, String, String)> = fixture
        .marks
        .iter()
        .map(|(path, range, label)| {
            let file = ws.load_file(path).expect("marked file");
            (
                ws.relative_path(path),
                format!("{:?} {}", file.slice(*range), range.start),
                label.clone(),
            )
        })
        .collect();
    found.sort();
    expected.sort();
    assert_eq!(found, expected);
}

/// Snapshot of the messages of one file's diagnostics.
pub(super) fn check_messages(fixture: &str, expect: Expect) {
    let fixture = Fixture::parse(fixture);
    let ws = &fixture.workspace;
    let path = Path::new("/ws/a.news.md");
    let file = ws.load_file(path).expect("a.news.md in fixture");
    let mut out = String::new();
    for d in collect(ws, path) {
        out.push_str(&format!(
            "{} {:?} {:?}: {}\n",
            d.code,
            d.severity,
            file.slice(d.range),
            d.message
        ));
        for r in &d.related {
            out.push_str(&format!(
                "  related {}: {}\n",
                ws.relative_path(&r.path),
                r.message
            ));
        }
    }
    expect.assert_eq(&out);
}
#[test]
fn clean_documents_have_no_diagnostics() {
    check(
        r#"
%! a.news.md
---
title: "Talks"
date: 2026-01-22
source: TRT World
my-own-field: [kept, quietly]
entities:
  putin:
    name: Vladimir Putin
    kind: person
    affiliation: "@kremlin"
    aliases: [Putin]
    wikidata: Q7747
  talks:
    name: Moscow talks
    kind: event
    date: 2026-01-22
    participants: ["@putin", "Unnamed aide"]
---
The [Moscow talks](@talks) began; [President Putin's](@putin) aides and [@kremlin] said so.
Code `Putin` and <span>Putin</span> hold no names.
%! b.news.md
---
entities:
  kremlin:
    name: Kremlin
    kind: organization
---
"#,
    );
}

#[test]
fn unknown_document_has_no_diagnostics() {
    let fixture = Fixture::parse("%! a.news.md\n[@x]\n");
    assert!(collect(&fixture.workspace, Path::new("/ws/other.news.md")).is_empty());
}
