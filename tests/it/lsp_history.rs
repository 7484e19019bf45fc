//! End-to-end: entities over time (hover by the date that matters) and the
//! quick fixes that write definitions, through the built binary over stdio.

use std::path::Path;

use crate::support::{Enc, Lsp, TempDir, apply_edits, codes, pos_of, quick_fix, uri};
use serde_json::Value;

const REGISTRY: &str = "\
---
title: People the desk follows
entities:
  rutte:
    name: Mark Rutte
    kind: person
    aliases: [Rutte]
    roles:
      - role: Prime Minister of the Netherlands
        since: 2010-10-14
        until: 2024-07-02
      - role: Secretary General of NATO
        affiliation: \"@nato\"
        since: 2024-10-01
  nato:
    name: NATO
    kind: organization
    aliases: [North Atlantic Treaty Organization]
---
";

const SUMMIT: &str = "\
---
title: NATO leaders meet in Vilnius
date: 2023-07-11
---
Dutch Prime Minister [Mark Rutte](@rutte) arrived at the [NATO](@nato) summit.
";

const HANDOVER: &str = "\
---
title: Rutte prepares to take over at NATO
date: 2024-08-15
entities:
  rutte:
    name: Mark Rutte
    role: Secretary General-designate of NATO
---
[Mark Rutte](@rutte) leaves The Hague.
";

const BRIEF: &str = "\
---
title: Brief
---
[Rutte](@rutte) spoke in Brussels.
";

/// A folder with the three documents and the registry; today is fixed.
fn start(files: &[(&str, &str)]) -> (TempDir, Lsp) {
    let dir = TempDir::new("history");
    for (name, text) in files {
        dir.write(name, text);
    }
    let mut lsp = Lsp::start_with_env(&[], &[("NEWSLS_TODAY", Path::new("2026-01-23"))]);
    lsp.initialize(dir.path(), false);
    (dir, lsp)
}

fn hover_text(lsp: &mut Lsp, doc: &str, text: &str, needle: &str) -> String {
    lsp.open(doc, text);
    let hover = lsp.hover(doc, pos_of(text, needle, 0, 2, Enc::Utf16));
    hover["contents"]["value"]
        .as_str()
        .unwrap_or_else(|| panic!("no hover: {hover:#}"))
        .to_string()
}

/// The line of a hover that states the role(s) on its date.
fn role_line(markdown: &str) -> &str {
    markdown
        .lines()
        .find(|l| l.starts_with("On "))
        .unwrap_or_else(|| panic!("no role line in {markdown}"))
}

#[test]
fn hover_shows_the_role_held_on_each_documents_date() {
    let (dir, mut lsp) = start(&[
        ("registry.news.md", REGISTRY),
        ("2023-07-11-vilnius-summit.news.md", SUMMIT),
        ("2024-08-15-handover.news.md", HANDOVER),
        ("brief.news.md", BRIEF),
    ]);
    let doc = |name: &str| uri(&dir.path().join(name));
    let summit = hover_text(
        &mut lsp,
        &doc("2023-07-11-vilnius-summit.news.md"),
        SUMMIT,
        "[Mark Rutte]",
    );
    let handover = hover_text(
        &mut lsp,
        &doc("2024-08-15-handover.news.md"),
        HANDOVER,
        "[Mark Rutte]",
    );
    let brief = hover_text(&mut lsp, &doc("brief.news.md"), BRIEF, "[Rutte]");
    // Printed for the closing note (`cargo test -- --nocapture`).
    println!(
        "--- 2023-07-11-vilnius-summit.news.md\n{summit}\n--- 2024-08-15-handover.news.md\n{handover}\n--- brief.news.md\n{brief}"
    );
    assert_eq!(
        role_line(&summit),
        "On 2023-07-11 (this document's date): Prime Minister of the Netherlands (2010-10-14 – 2024-07-02, per `registry.news.md`)"
    );
    assert_eq!(
        role_line(&handover),
        "On 2024-08-15 (this document's date): Secretary General-designate of NATO (as of 2024-08-15, per `2024-08-15-handover.news.md`)"
    );
    assert_eq!(
        role_line(&brief),
        "On 2026-01-23 (today; this document is undated): Secretary General of NATO · NATO (since 2024-10-01, per `registry.news.md`)"
    );
    // The other roles, oldest first, and every definition with its line.
    assert_contains(
        &brief,
        &[
            "Earlier: Prime Minister of the Netherlands (2010-10-14 – 2024-07-02, per `registry.news.md`)",
            "- `2024-08-15-handover.news.md` line 5 (2024-08-15)\n- `registry.news.md` line 4 (undated)",
        ],
    );
    assert_eq!(lsp.shutdown_and_exit().code(), Some(0));
}

/// `text` contains each of `wanted`.
fn assert_contains(text: &str, wanted: &[&str]) {
    for want in wanted {
        assert!(text.contains(want), "no {want:?} in:\n{text}");
    }
}

/// Asks for the quick fixes at `needle` in `doc`, applies the one titled
/// `title` through a full-text change of each document it edits (opening
/// those not open), and returns the diagnostics of `doc` and the new texts.
fn apply_fix(
    lsp: &mut Lsp,
    dir: &TempDir,
    texts: &mut Vec<(String, String, i64)>,
    doc: &str,
    needle: &str,
    title: &str,
) -> Value {
    let text = texts.iter().find(|(u, _, _)| u == doc).unwrap().1.clone();
    let at = pos_of(&text, needle, 0, 1, Enc::Utf16);
    let action = quick_fix(lsp, doc, &at, title);
    let changes = action["edit"]["changes"].as_object().expect("changes");
    for (edited, edits) in changes {
        let entry = match texts.iter().position(|(u, _, _)| u == edited) {
            Some(i) => i,
            None => {
                let name = edited.rsplit('/').next().unwrap();
                let disk = std::fs::read_to_string(dir.path().join(name)).unwrap();
                lsp.open(edited, &disk);
                texts.push((edited.clone(), disk, 1));
                texts.len() - 1
            }
        };
        let (_, old, version) = &texts[entry];
        let new = apply_edits(old, edits);
        let version = version + 1;
        lsp.change_full(edited, version, &new);
        texts[entry] = (edited.clone(), new, version);
    }
    let version = texts.iter().find(|(u, _, _)| u == doc).unwrap().2;
    lsp.diagnostics_where(doc, |p| p["version"] == version)
}

#[test]
fn each_quick_fix_applied_through_the_server() {
    let article = "\
---
title: Talks
date: 2026-01-20
entities:
  summit:
    name: Summit
    kind: evnt
    participants: [Rutte]
---
[Mark Rutte](@rutte) met [Jared Kushner](@kushner) and [Pete Hegseth](@hegseth).
[The Dutchman](@rutte) spoke. [North Atlantic Treaty Organization](@rutte) [@NATO] [@summit]
";
    let (dir, mut lsp) = start(&[("registry.news.md", REGISTRY), ("a.news.md", article)]);
    let doc = uri(&dir.path().join("a.news.md"));
    lsp.open(&doc, article);
    let first = lsp.diagnostics(&doc);
    let mut wanted = vec![
        "invalid-entity-id",
        "invalid-front-matter",
        "surface-mismatch",
        "surface-mismatch",
        "undefined-entity",
        "undefined-entity",
        "unlinked-reference",
    ];
    let mut found = codes(&first);
    found.sort();
    assert_eq!(found, wanted, "{first:#}");
    let mut texts = vec![(doc.clone(), article.to_string(), 1)];
    let fixes = [
        ("evnt", "Change to `event`", "invalid-front-matter"),
        ("[Rutte]", "Link as \"@rutte\"", "unlinked-reference"),
        (
            "@kushner",
            "Define `@kushner` in this document",
            "undefined-entity",
        ),
        (
            "@hegseth",
            "Define `@hegseth` in `registry.news.md`",
            "undefined-entity",
        ),
        (
            "The Dutchman",
            "Add “The Dutchman” as an alias of `@rutte`",
            "surface-mismatch",
        ),
        ("North Atlantic", "Change to `@nato`", "surface-mismatch"),
        ("@NATO", "Change to `@nato`", "invalid-entity-id"),
    ];
    for (needle, title, code) in fixes {
        let published = apply_fix(&mut lsp, &dir, &mut texts, &doc, needle, title);
        let position = wanted.iter().position(|c| *c == code).unwrap();
        wanted.remove(position);
        let mut found = codes(&published);
        found.sort();
        assert_eq!(found, wanted, "after `{title}`: {published:#}");
    }
    let registry = &texts
        .iter()
        .find(|(u, _, _)| u.ends_with("registry.news.md"))
        .unwrap()
        .1;
    assert_contains(
        registry,
        &[
            "  hegseth:\n    name: Pete Hegseth\n",
            "aliases: [Rutte, The Dutchman]",
        ],
    );
    assert_eq!(lsp.shutdown_and_exit().code(), Some(0));
}

/// `outdated-role` in one document depends on the `roles` another gives:
/// editing them republishes the first.
#[test]
fn editing_roles_in_the_registry_republishes_other_documents() {
    let article = "\
---
date: 2025-06-01
entities:
  rutte:
    name: Mark Rutte
    role: Prime Minister of the Netherlands
---
[Mark Rutte](@rutte) spoke.
";
    let (dir, mut lsp) = start(&[("registry.news.md", REGISTRY), ("a.news.md", article)]);
    let doc = uri(&dir.path().join("a.news.md"));
    let registry = uri(&dir.path().join("registry.news.md"));
    lsp.open(&doc, article);
    let first = lsp.diagnostics(&doc);
    assert_eq!(codes(&first), ["outdated-role"], "{first:#}");
    // The registry learns that Rutte was Prime Minister until 2025-07-02:
    // the article is right for its day after all.
    lsp.open(&registry, REGISTRY);
    let corrected = REGISTRY.replace("until: 2024-07-02", "until: 2025-07-02");
    lsp.change_full(&registry, 2, &corrected);
    let after = lsp.diagnostics_where(&doc, |p| codes(p).is_empty());
    assert_eq!(codes(&after), Vec::<String>::new());
    assert_eq!(lsp.shutdown_and_exit().code(), Some(0));
}
