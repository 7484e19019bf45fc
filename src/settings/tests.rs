use std::path::{Path, PathBuf};

use serde_json::json;

use super::*;

/// The text each problem's range covers, with its message.
fn placed(text: &str, problems: &[Problem]) -> Vec<(String, String)> {
    problems
        .iter()
        .map(|p| {
            let at = p
                .range
                .and_then(|r| text.get(r.start..r.end))
                .unwrap_or("<nowhere>");
            (at.to_string(), p.message.clone())
        })
        .collect()
}

#[test]
fn the_issue_example_reads_in_toml() {
    let text = r#"
[diagnostics]
unannotated-mention = "off"      # or "error", "warning", "info", "hint"
unused-entity = "error"
[inlay-hints]
enabled = true                   # default false
[code-lens]
enabled = false                  # default true
[workspace]
registries = ["../desk-registry"]
follow-links = false
documents = "articles/**/*.news.md"
"#;
    let (layer, problems) = from_toml(text);
    assert_eq!(problems, []);
    let settings = Settings::resolve([&layer]);
    assert_eq!(settings.severity(Code::UnannotatedMention), None);
    assert_eq!(settings.severity(Code::UnusedEntity), Some(Severity::Error));
    assert_eq!(
        settings.severity(Code::UndefinedEntity),
        Some(Severity::Error)
    );
    assert!(settings.inlay_hints);
    assert!(!settings.code_lens);
    assert!(!settings.follow_links);
    assert_eq!(settings.documents, "articles/**/*.news.md");
    assert_eq!(
        settings.registry_folders(Some(Path::new("/ws"))),
        [PathBuf::from("/ws/../desk-registry")]
    );
}

#[test]
fn the_same_keys_read_in_json() {
    let (layer, problems) = from_json(&json!({
        "diagnostics": { "unannotated-mention": "hint" },
        "inlay-hints": { "enabled": true },
        "workspace": { "registries": ["/desk"] }
    }));
    assert_eq!(problems, []);
    let settings = Settings::resolve([&layer]);
    assert_eq!(
        settings.severity(Code::UnannotatedMention),
        Some(Severity::Hint)
    );
    assert!(settings.inlay_hints && settings.code_lens);
    assert_eq!(settings.registry_folders(None), [PathBuf::from("/desk")]);
    assert_eq!(from_json(&serde_json::Value::Null).0, Layer::default());
    // Neovim encodes Lua's empty table as an empty array.
    assert_eq!(from_json(&json!([])), (Layer::default(), Vec::new()));
    let (layer, problems) =
        from_json(&json!({ "diagnostics": [], "inlay-hints": { "enabled": true } }));
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(layer.inlay_hints, Some(true));
}

#[test]
fn defaults() {
    let settings = Settings::default();
    assert!(!settings.inlay_hints);
    assert!(settings.code_lens);
    assert!(!settings.follow_links);
    assert_eq!(settings.documents, "**/*.news.md");
    for code in Code::ALL {
        let expected = (code != Code::FirstReference).then(|| code.severity());
        assert_eq!(settings.severity(code), expected, "{code}");
    }
    assert!(!settings.diagnostic_options().first_reference);
}

#[test]
fn style_rules_and_title_qualifiers() {
    let (layer, problems) = from_toml(
        "[diagnostics]\nfirst-reference = \"warning\"\n[titles]\npast-qualifiers = [\"ancien\", \"ehemalige\"]\nfuture-qualifiers = [\"futur\"]\n",
    );
    assert_eq!(problems, []);
    let settings = Settings::resolve([&layer]);
    assert_eq!(
        settings.severity(Code::FirstReference),
        Some(Severity::Warning)
    );
    let options = settings.diagnostic_options();
    assert!(options.first_reference);
    assert_ne!(
        options.qualifiers,
        Settings::default().diagnostic_options().qualifiers
    );
    assert_eq!(settings.past_qualifiers, ["ancien", "ehemalige"]);
    assert_eq!(settings.future_qualifiers, ["futur"]);
    let (_, problems) = from_toml("[titles]\npast-qualifiers = \"ancien\"\nformer = []\n");
    let messages: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "`titles.past-qualifiers` must be an array of words such as [\"ancien\"], not a string",
            "unknown setting `titles.former`; known here: `past-qualifiers`, `future-qualifiers`"
        ]
    );
    // Turned off again by a later layer.
    let (off, _) = from_json(&json!({ "diagnostics": { "first-reference": "off" } }));
    assert!(
        !Settings::resolve([&layer, &off])
            .diagnostic_options()
            .first_reference
    );
}

#[test]
fn later_layers_override_earlier_ones_key_by_key() {
    let (file, _) = from_toml(
        "[diagnostics]\nunannotated-mention = \"off\"\nunused-entity = \"hint\"\n[code-lens]\nenabled = false\n",
    );
    let (init, _) = from_json(&json!({ "diagnostics": { "unused-entity": "warning" } }));
    let (client, _) = from_json(&json!({ "code-lens": { "enabled": true } }));
    let settings = Settings::resolve([&file, &init, &client]);
    assert_eq!(settings.severity(Code::UnannotatedMention), None);
    assert_eq!(
        settings.severity(Code::UnusedEntity),
        Some(Severity::Warning)
    );
    assert!(settings.code_lens);
}

#[test]
fn unknown_keys_and_bad_values_are_placed_problems_and_the_rest_is_kept() {
    let text = r#"[diagnostics]
unannotated-mentions = "off"
unused-entity = "loud"
surface-mismatch = 3
invalid-date = "off"
[inlay-hints]
enabled = "yes"
colour = true
[workspace]
registries = "desk"
documents = "a/[b"
[lens]
"#;
    let (layer, problems) = from_toml(text);
    let found = placed(text, &problems);
    let at: Vec<&str> = found.iter().map(|(at, _)| at.as_str()).collect();
    assert_eq!(
        at,
        [
            "unannotated-mentions",
            "\"loud\"",
            "3",
            "\"yes\"",
            "colour",
            "\"desk\"",
            "\"a/[b\"",
            "lens"
        ]
    );
    assert!(
        found[0]
            .1
            .contains("unknown setting `diagnostics.unannotated-mentions`")
            && found[0].1.contains("`unannotated-mention`"),
        "{found:?}"
    );
    assert!(found[1].1.contains("\"off\", \"error\""), "{found:?}");
    assert!(found[2].1.contains("not an integer"), "{found:?}");
    // What was good is kept.
    assert_eq!(
        layer
            .severities
            .get(&Code::Syntax(crate::syntax::Code::InvalidDate)),
        Some(&None)
    );
    assert_eq!(layer.severities.len(), 1);
    assert_eq!(layer.inlay_hints, None);
}

#[test]
fn a_toml_syntax_error_is_one_placed_problem() {
    let text = "[diagnostics]\nunused-entity = \n";
    let (layer, problems) = from_toml(text);
    assert_eq!(layer, Layer::default());
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].message.starts_with("not valid TOML"));
    let range = problems[0].range.expect("placed");
    assert!(range.start >= "[diagnostics]\n".len(), "{range:?}");
    // Even a section that is not a table, or garbage, never panics.
    for text in ["diagnostics = 1", "\u{feff}", "[[a]]\nb=1", "x = [", ""] {
        let _ = from_toml(text);
    }
}

#[test]
fn json_of_the_wrong_shape_is_a_problem() {
    let (_, problems) = from_json(&json!(["off"]));
    assert_eq!(problems.len(), 1);
    assert!(problems[0].message.contains("must be a table"));
    let (_, problems) = from_json(&json!({ "diagnostics": { "unused-entity": null } }));
    assert!(problems[0].message.contains("not null"), "{problems:?}");
}

#[test]
fn apply_turns_codes_off_and_sets_severities() {
    use crate::ide::Diagnostic;
    use crate::syntax::TextRange;
    let diagnostic = |code: Code| Diagnostic {
        range: TextRange::new(0, 1),
        code,
        severity: code.severity(),
        message: String::new(),
        related: Vec::new(),
        fix: None,
    };
    let (layer, _) = from_json(&json!({ "diagnostics": {
        "unannotated-mention": "off", "undefined-entity": "warning"
    }}));
    let settings = Settings::resolve([&layer]);
    let mut found = vec![
        diagnostic(Code::UnannotatedMention),
        diagnostic(Code::UndefinedEntity),
        diagnostic(Code::UnusedEntity),
    ];
    settings.apply(&mut found);
    let got: Vec<(Code, Severity)> = found.iter().map(|d| (d.code, d.severity)).collect();
    assert_eq!(
        got,
        [
            (Code::UndefinedEntity, Severity::Warning),
            (Code::UnusedEntity, Code::UnusedEntity.severity())
        ]
    );
}

#[test]
fn the_document_glob_is_relative_to_the_folder() {
    let (layer, _) = from_toml("[workspace]\ndocuments = \"articles/**/*.news.md\"\n");
    let settings = Settings::resolve([&layer]);
    let filter = DocumentFilter::new(&settings, &[PathBuf::from("/ws")]);
    assert!(filter.admits(Path::new("/ws/articles/2026/a.news.md")));
    assert!(!filter.admits(Path::new("/ws/drafts/a.news.md")));
    // Outside every folder (a registry): admitted.
    assert!(filter.admits(Path::new("/desk/registry.news.md")));
    let all = DocumentFilter::new(&Settings::default(), &[PathBuf::from("/ws")]);
    assert!(all.admits(Path::new("/ws/drafts/a.news.md")));
}

#[test]
fn wikidata_endpoint_and_languages() {
    let text = r#"
[wikidata]
endpoint = "https://wikibase.example.org/w/api.php"
languages = ["fr", "en"]
"#;
    let (layer, problems) = from_toml(text);
    assert_eq!(problems, []);
    let settings = Settings::resolve([&layer]);
    assert_eq!(
        settings.wikidata_endpoint,
        "https://wikibase.example.org/w/api.php"
    );
    assert_eq!(settings.wikidata_languages, ["fr", "en"]);
    let defaults = Settings::default();
    assert_eq!(
        defaults.wikidata_endpoint,
        "https://www.wikidata.org/w/api.php"
    );
    assert_eq!(defaults.wikidata_languages, ["en"]);
    let (layer, problems) = from_json(&json!({"wikidata": {"languages": ["de"]}}));
    assert_eq!(problems, []);
    assert_eq!(layer.wikidata_languages, Some(vec!["de".to_string()]));
}

#[test]
fn wikidata_bad_values_are_placed() {
    let text = "[wikidata]\nendpoint = \"wikidata.org\"\nlanguages = []\nlang = 1\n";
    let (layer, problems) = from_toml(text);
    assert_eq!(layer.wikidata_endpoint, None);
    assert_eq!(layer.wikidata_languages, None);
    assert_eq!(
        placed(text, &problems),
        [
            (
                "\"wikidata.org\"".to_string(),
                "`wikidata.endpoint` must be an http or https URL of a Wikibase API, as in \"https://www.wikidata.org/w/api.php\", not \"wikidata.org\"".to_string()
            ),
            (
                "[]".to_string(),
                "`wikidata.languages` needs at least one language code".to_string()
            ),
            (
                "lang".to_string(),
                "unknown setting `wikidata.lang`; known here: `endpoint`, `languages`".to_string()
            ),
        ]
    );
}
