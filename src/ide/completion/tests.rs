use super::*;
use crate::testing::Fixture;
use crate::workspace::Change;

const REGISTRY: &str = r#"%! registry.news.md
---
entities:
  putin:
    name: Vladimir Putin
    kind: person
    role: President of Russia
  pushkin:
    name: Alexander Pushkin
  kremlin:
    name: Kremlin
    kind: organization
  vladivostok:
    name: Vladivostok
    kind: place
  sanchez:
    name: Pedro Sánchez
    kind: person
  dmitriev:
    name: Kirill Dmitriev
    kind: person
    role: Head of the RDIF
    aliases: [Dmitriev, Кирилл Дмитриев]
---
[@putin] [@pushkin] [@kremlin] [@vladivostok]
%! brief.news.md
[@putin]
"#;

/// What is offered at the cursor of `document` (beside the registry).
fn offered(document: &str) -> (Fixture, Completions) {
    let fixture = Fixture::parse(&format!("%! a.news.md\n{document}\n{REGISTRY}"));
    let (path, offset) = fixture.cursor();
    let found = complete(&fixture.workspace, path, offset);
    for item in &found.items {
        assert_eq!(item.replace, found.items[0].replace, "one range: {item:?}");
    }
    (fixture, found)
}

/// The labels offered at the cursor, in order, and the text they replace.
fn check(document: &str, expected: &[&str], replaced: &str) {
    let (fixture, found) = offered(document);
    let labels: Vec<&str> = found.items.iter().map(|i| i.label.as_str()).collect();
    assert_eq!(labels, expected);
    if let Some(first) = found.items.first() {
        let (path, _) = fixture.cursor();
        let file = fixture.workspace.load_file(path).expect("file");
        assert_eq!(file.slice(first.replace), replaced);
    }
}

/// The first item offered, and the document once it is accepted.
fn accept_first(document: &str) -> (CompletionItem, String) {
    let (fixture, found) = offered(document);
    let (path, _) = fixture.cursor();
    let file = fixture.workspace.load_file(path).expect("file");
    let first = found.items.first().cloned().expect("an item");
    let edit = crate::syntax::TextEdit::replace(first.replace, first.insert.clone());
    let text = crate::syntax::TextEdit::apply(&file.text, &[edit]);
    (first, text)
}

mod ids {
    use super::*;

    #[test]
    fn in_both_mention_forms() {
        check("Met [@pu$0", &["putin", "pushkin"], "pu");
        check("Met [President](@pu$0)", &["putin", "pushkin"], "pu");
        let all = [
            "putin",
            "kremlin",
            "pushkin",
            "vladivostok",
            "dmitriev",
            "sanchez",
        ];
        check("Met [@$0]", &all, "");
    }

    #[test]
    fn the_whole_id_is_replaced_and_most_mentioned_first() {
        let (first, text) = accept_first("[@p$0utn]");
        assert_eq!(first.label, "putin", "mentioned in two documents beats one");
        assert_eq!(first.kind, ItemKind::Entity(Some(EntityKind::Person)));
        assert_eq!(
            first.detail.as_deref(),
            Some("Vladimir Putin · person · President of Russia")
        );
        assert!(text.starts_with("[@putin]\n"), "{text}");
    }

    /// The ranking follows the mentions as documents are edited: a
    /// snapshot taken before keeps its own order.
    #[test]
    fn most_mentioned_first_after_edits() {
        let (fixture, _) = offered("[@$0]");
        let (path, offset) = fixture.cursor();
        let labels_at = |ws: &Workspace, offset: usize| -> Vec<String> {
            let found = complete(ws, path, offset);
            found
                .items
                .iter()
                .take(3)
                .map(|i| i.label.clone())
                .collect()
        };
        let labels = |ws: &Workspace, _: &Path| labels_at(ws, offset);
        let mut ws = fixture.workspace.clone();
        let before = ws.clone();
        assert_eq!(labels(&ws, path), ["putin", "kremlin", "pushkin"]);
        // Sánchez mentioned in three more documents: ahead of Putin's two.
        for doc in ["b", "c", "d"] {
            ws.apply(Change::Set {
                path: format!("/ws/{doc}.news.md").into(),
                text: "[Pedro Sánchez](@sanchez)\n".to_string(),
            });
        }
        assert_eq!(labels(&ws, path), ["sanchez", "putin", "kremlin"]);
        assert_eq!(labels(&before, path), ["putin", "kremlin", "pushkin"]);
        // Typed: ties on score go by mentions too.
        ws.apply(Change::Set {
            path: path.to_path_buf(),
            text: "[@p]".to_string(),
        });
        assert_eq!(labels_at(&ws, 3), ["sanchez", "putin", "pushkin"]);
        // Fewer mentions again: the order is made again.
        for doc in ["b", "c"] {
            ws.apply(Change::Set {
                path: format!("/ws/{doc}.news.md").into(),
                text: "Nothing.\n".to_string(),
            });
        }
        ws.apply(Change::Set {
            path: path.to_path_buf(),
            text: "[@]".to_string(),
        });
        assert_eq!(labels(&ws, path), ["putin", "kremlin", "pushkin"]);
    }

    #[test]
    fn by_a_word_of_the_name() {
        check("[@vlad$0", &["putin", "vladivostok"], "vlad");
        check("[@kirill$0", &["dmitriev"], "kirill");
    }

    #[test]
    fn fuzzy_and_ranked_by_the_matcher() {
        // `vldv` is no prefix, word or substring of anything: the old tiers
        // found nothing.
        check("[@vldv$0", &["vladivostok"], "vldv");
        check("[@krml$0", &["kremlin"], "krml");
        // A prefix of the id beats letters scattered through a name.
        let (_, found) = offered("[@kr$0");
        assert_eq!(found.items[0].label, "kremlin");
    }

    #[test]
    fn accents_and_case_never_matter() {
        for typed in ["sánchez", "Sanchez", "SÁNCHEZ", "pedro"] {
            check(&format!("[@{typed}$0"), &["sanchez"], typed);
        }
        check("[@Кирилл$0", &["dmitriev"], "Кирилл");
        // Matched by an alias: the editor's filter sees the alias too.
        let (_, found) = offered("[@Дмит$0");
        assert_eq!(
            found.items[0].filter,
            "dmitriev Kirill Dmitriev Кирилл Дмитриев"
        );
        let (first, text) = accept_first("Met [@Sánch$0] today");
        assert!(text.starts_with("Met [@sanchez] today"), "{text}");
        // The editor's own filter finds it by what was typed, either way.
        assert_eq!(first.filter, "sanchez Pedro Sánchez pedro sanchez");
    }

    #[test]
    fn in_front_matter_references() {
        check(
            "---\nentities:\n  x:\n    name: X\n    affiliation: \"@kr$0\"\n---\n",
            &["kremlin", "dmitriev"],
            "kr",
        );
    }

    #[test]
    fn not_in_prose_emails_or_unknown_documents() {
        check("Write to press@kr$0emlin.ru", &[], "");
        check("Just pu$0", &[], "");
        let fixture = Fixture::parse(REGISTRY);
        let none = complete(&fixture.workspace, Path::new("/ws/nope.news.md"), 0);
        assert!(none.items.is_empty());
    }

    #[test]
    fn long_lists_are_cut_and_marked_incomplete() {
        let mut registry = String::from("%! r.news.md\n---\nentities:\n");
        for i in 0..(MAX_ITEMS + 5) {
            registry.push_str(&format!("  p{i}:\n    name: P {i}\n"));
        }
        let fixture = Fixture::parse(&format!("%! a.news.md\n[@p$0\n{registry}---\n"));
        let (path, offset) = fixture.cursor();
        let found = complete(&fixture.workspace, path, offset);
        assert_eq!(found.items.len(), MAX_ITEMS);
        assert!(found.incomplete);
    }
}

mod mentions {
    use super::*;

    #[test]
    fn a_name_typed_after_a_bracket_offers_the_whole_mention() {
        let (first, text) = accept_first("Then [Kirill D$0 said");
        assert_eq!(first.label, "[Kirill Dmitriev](@dmitriev)");
        assert_eq!(first.kind, ItemKind::Entity(Some(EntityKind::Person)));
        assert_eq!(first.detail.as_deref(), Some("person · Head of the RDIF"));
        assert_eq!(first.filter, "[Kirill Dmitriev");
        assert!(
            text.starts_with("Then [Kirill Dmitriev](@dmitriev) said"),
            "{text}"
        );
        check(
            "Then [Kirill D$0 said",
            &["[Kirill Dmitriev](@dmitriev)"],
            "[Kirill D",
        );
    }

    #[test]
    fn aliases_with_their_own_text() {
        check(
            "[Dmitr$0",
            &["[Dmitriev](@dmitriev)", "[Kirill Dmitriev](@dmitriev)"],
            "[Dmitr",
        );
        let (first, _) = accept_first("[Дмит$0");
        assert_eq!(first.label, "[Кирилл Дмитриев](@dmitriev)");
        assert_eq!(
            first.detail.as_deref(),
            Some("Kirill Dmitriev · person · Head of the RDIF"),
            "an alias names the entity"
        );
    }

    #[test]
    fn accents_case_and_fuzziness() {
        for typed in ["pedro sanchez", "Pedro Sánchez", "PEDRO SÁ", "sanchez"] {
            check(
                &format!("[{typed}$0"),
                &["[Pedro Sánchez](@sanchez)"],
                &format!("[{typed}"),
            );
        }
        let (_, found) = offered("[vldmr$0");
        assert_eq!(found.items[0].label, "[Vladimir Putin](@putin)");
        assert_eq!(
            offered("[Pedro Sa$0").1.items[0].filter,
            "[Pedro Sánchez [pedro sanchez"
        );
    }

    /// The second reference to a person is the common case: a document
    /// that already mentions Pedro Sánchez offers him again, whatever was
    /// typed, on the same line, a later one, or before the mention.
    #[test]
    fn a_second_reference_is_offered_as_the_first_was() {
        let whole = ["[Pedro Sánchez](@sanchez)"];
        for typed in ["Pedro S", "Pedr", "pedro s", "Sánch", "PEDRO"] {
            for (document, replaced) in [
                (
                    "[Pedro Sánchez](@sanchez) spoke. Then [{typed}$0",
                    "[{typed}",
                ),
                // The bracket the editor closed is replaced too.
                (
                    "[Pedro Sánchez](@sanchez) spoke.\n\nThen [{typed}$0]",
                    "[{typed}]",
                ),
                (
                    "Then [{typed}$0 and later [Pedro Sánchez](@sanchez).",
                    "[{typed}",
                ),
            ] {
                let document = document.replace("{typed}", typed);
                check(&document, &whole, &replaced.replace("{typed}", typed));
            }
        }
        // `[P` also matches Putin and Pushkin; the person already in the
        // document comes first only by the ranking, which counts mentions
        // in every document: Pedro Sánchez is offered among them.
        let (_, found) = offered("[Pedro Sánchez](@sanchez) spoke. Then [P$0");
        let labels: Vec<&str> = found.items.iter().map(|i| i.label.as_str()).collect();
        assert!(labels.contains(&"[Pedro Sánchez](@sanchez)"), "{labels:?}");
    }

    #[test]
    fn the_rest_of_the_word_and_a_closing_bracket_are_replaced() {
        // Editors close the bracket as it is typed.
        let (_, text) = accept_first("Met [Vlad$0] at noon.");
        assert!(
            text.starts_with("Met [Vladimir Putin](@putin) at noon."),
            "{text}"
        );
        let (_, text) = accept_first("Met [Vla$0dim at noon.");
        assert!(
            text.starts_with("Met [Vladimir Putin](@putin) at noon."),
            "{text}"
        );
    }

    #[test]
    fn right_after_the_bracket_every_name_most_mentioned_first() {
        let (_, found) = offered("Met [$0");
        assert_eq!(found.items[0].label, "[Vladimir Putin](@putin)");
        assert_eq!(found.items.len(), 8, "every name and alias");
    }

    #[test]
    fn utf16_and_multibyte_text_before_the_bracket() {
        let (fixture, found) = offered("🇺🇦 Зустріч [Kir$0");
        let (path, _) = fixture.cursor();
        let file = fixture.workspace.load_file(path).expect("file");
        let first = &found.items[0];
        assert_eq!(file.slice(first.replace), "[Kir");
        assert_eq!(first.label, "[Kirill Dmitriev](@dmitriev)");
    }

    #[test]
    fn not_inside_mentions_links_code_or_front_matter() {
        check("Met [Vladimir Pu$0tin](@putin).", &[], "");
        check("Met [Vladimir$0](https://example.com).", &[], "");
        check("Met `[Vlad$0`.", &[], "");
        check("```\n[Vlad$0\n```", &[], "");
        check("Met ![Vlad$0", &[], "");
        check("Met \\[Vlad$0", &[], "");
        check("- [ $0] a task", &[], "");
        check("---\ntitle: \"[Vlad$0\"\n---\n", &[], "");
        // A bracket closed earlier on the line is not the one being typed.
        check("[a] Vlad$0", &[], "");
    }
}

mod front_matter {
    use super::*;

    const ENTITY: &str = "---\ndate: 2025-02-18\nentities:\n  witkoff:\n    name: Steve Witkoff\n";

    fn labels(document: &str) -> Vec<String> {
        offered(document)
            .1
            .items
            .into_iter()
            .map(|i| i.label)
            .collect()
    }

    #[test]
    fn entity_fields_not_already_there() {
        let found = labels(&format!("{ENTITY}    $0\n    role: Envoy\n---\n"));
        assert_eq!(
            found,
            [
                "kind",
                "affiliation",
                "country",
                "aliases",
                "description",
                "wikidata",
                "url",
                "date",
                "place",
                "participants",
                "as_of",
                "roles",
                "titles"
            ]
        );
        let (first, text) = accept_first(&format!("{ENTITY}    ro$0\n---\n"));
        assert_eq!(first.label, "role");
        assert_eq!(first.kind, ItemKind::Field);
        assert_eq!(first.detail.as_deref(), Some("entity field"));
        assert!(text.contains("\n    role: \n---"), "{text}");
        assert_eq!(
            labels(&format!("{ENTITY}    ro$0\n---\n")),
            ["role", "roles", "description"],
            "fuzzy: d-e-s-c-R-ipti-O-n"
        );
    }

    #[test]
    fn role_entry_and_document_fields() {
        let roles = format!("{ENTITY}    roles:\n      - role: Envoy\n        $0\n---\n");
        assert_eq!(labels(&roles), ["affiliation", "since", "until", "titles"]);
        let new_entry = format!("{ENTITY}    roles:\n      - role: Envoy\n      - $0\n---\n");
        assert_eq!(
            labels(&new_entry),
            ["role", "affiliation", "since", "until", "titles"]
        );
        assert_eq!(
            labels("---\ntitle: T\n$0\n---\n"),
            ["date", "source", "url", "authors", "entities"]
        );
        // Under `entities`, an id is being written: nothing to offer.
        assert!(labels(&format!("{ENTITY}  pu$0\n---\n")).is_empty());
    }

    #[test]
    fn crlf_lines_and_comments() {
        let crlf = "---\r\ndate: 2025-02-18\r\nentities:\r\n  x:\r\n    # who\r\n\r\n    name: X\r\n    ki$0\r\n    kind: person\r\n---\r\n";
        let (first, text) = accept_first(crlf);
        assert_eq!(first.label, "wikidata", "`kind` is there already");
        assert!(text.contains("\r\n    wikidata: \r\n    kind"), "{text:?}");
        let value = "---\r\nentities:\r\n  x:\r\n    kind: pl$0\r\n---\r\n";
        let (_, text) = accept_first(value);
        assert!(text.contains("    kind: place\r\n---"), "{text:?}");
    }

    #[test]
    fn a_key_with_its_colon_keeps_it() {
        let (_, text) = accept_first(&format!("{ENTITY}    ki$0nd: person\n---\n"));
        assert!(text.contains("\n    kind: person\n"), "{text}");
    }

    #[test]
    fn kind_values() {
        assert_eq!(
            labels(&format!("{ENTITY}    kind: $0\n---\n")),
            ["person", "organization", "place", "event"]
        );
        let (first, text) = accept_first(&format!("{ENTITY}    kind:$0\n---\n"));
        assert_eq!(first.kind, ItemKind::Kind);
        assert!(text.contains("\n    kind: person\n"), "{text}");
        assert_eq!(
            labels(&format!("{ENTITY}    kind: org$0\n---\n")),
            ["organization"]
        );
    }

    #[test]
    fn dates() {
        // The fixtures' today is 2026-03-01; the document's date 2025-02-18.
        let (first, text) = accept_first(&format!("{ENTITY}    date: $0\n---\n"));
        assert_eq!(first.kind, ItemKind::Date);
        assert_eq!(first.detail.as_deref(), Some("the document's date"));
        assert!(text.contains("\n    date: 2025-02-18\n"), "{text}");
        assert_eq!(
            labels("---\nentities:\n  x:\n    date: $0\n---\n"),
            ["2026-03-01"],
            "undated: today"
        );
        assert_eq!(labels("---\ndate: $0\n---\n"), ["2026-03-01"]);
        assert_eq!(
            labels(&format!("{ENTITY}    as_of: $0\n---\n")),
            ["2025-02-18", "2026-03-01"]
        );
        let until = |typed: &str| {
            labels(&format!(
                "{ENTITY}    roles:\n      - role: Envoy\n        until: {typed}$0\n---\n"
            ))
        };
        assert_eq!(until(""), ["2025-02-18", "2026-03-01"]);
        assert_eq!(until("2026"), ["2026-03-01"]);
        assert!(labels(&format!("{ENTITY}    role: $0\n---\n")).is_empty());
    }
}
