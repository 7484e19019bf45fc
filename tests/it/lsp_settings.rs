//! Settings end to end: `.newsls.toml`, `initializationOptions`,
//! `workspace/configuration` and `didChangeConfiguration`, on the built
//! server over stdio.

use crate::support;

use crate::support::{Lsp, TempDir, codes, uri};
use serde_json::{Value, json};

const REGISTRY: &str = "\
---
title: Registry
date: 2026-01-20
entities:
  putin:
    name: Vladimir Putin
    kind: person
  witkoff:
    name: Steve Witkoff
    kind: person
---
[@putin] and [@witkoff].
";

/// Names Putin without annotating him (unannotated-mention), and uses an
/// undefined id (undefined-entity).
const BRIEF: &str = "\
---
title: Brief
date: 2026-01-22
---
Vladimir Putin met [@witkoff] and [@ghost].
";

/// Initializes with the capabilities given, on `root`.
fn initialize(lsp: &mut Lsp, root: &std::path::Path, workspace: Value, options: Value) -> Value {
    lsp.initialize_with(json!({
        "processId": std::process::id(),
        "rootUri": uri(root),
        "workspaceFolders": [{ "uri": uri(root), "name": "test" }],
        "initializationOptions": options,
        "capabilities": { "workspace": workspace }
    }))
}

fn severity_of(params: &Value, code: &str) -> Option<i64> {
    params["diagnostics"]
        .as_array()?
        .iter()
        .find(|d| d["code"] == code)
        .and_then(|d| d["severity"].as_i64())
}

#[test]
fn a_settings_file_turns_a_code_off_and_a_client_push_turns_it_back() {
    let dir = TempDir::new("settings-file");
    dir.write("registry.news.md", REGISTRY);
    dir.write(
        ".newsls.toml",
        "[diagnostics]\nunannotated-mention = \"off\"\nundefined-entity = \"warning\"\n",
    );
    let brief = dir.write("brief.news.md", BRIEF);
    let mut lsp = Lsp::start();
    // A client that pushes its settings (Neovim 0.7) and cannot be asked.
    initialize(&mut lsp, dir.path(), json!({}), Value::Null);
    let brief_uri = uri(&brief);
    lsp.open(&brief_uri, BRIEF);
    let params = lsp.diagnostics_where(&brief_uri, |p| {
        codes(p).contains(&"undefined-entity".into())
    });
    assert_eq!(codes(&params), ["undefined-entity"], "{params:#}");
    assert_eq!(severity_of(&params, "undefined-entity"), Some(2), "warning");

    // The client's settings override the file's, without a restart.
    lsp.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "newsls": { "diagnostics": { "unannotated-mention": "hint" } } } }),
    );
    let params = lsp.diagnostics_where(&brief_uri, |p| codes(p).len() == 2);
    assert_eq!(severity_of(&params, "unannotated-mention"), Some(4), "hint");
    assert_eq!(
        severity_of(&params, "undefined-entity"),
        Some(2),
        "still the file's"
    );
}

#[test]
fn initialization_options_then_pulled_client_settings() {
    let dir = TempDir::new("settings-pull");
    dir.write("registry.news.md", REGISTRY);
    let brief = dir.write("brief.news.md", BRIEF);
    let mut lsp = Lsp::start();
    lsp.set_configuration(json!({ "diagnostics": { "undefined-entity": "info" } }));
    initialize(
        &mut lsp,
        dir.path(),
        json!({ "configuration": true, "didChangeConfiguration": { "dynamicRegistration": true } }),
        json!({ "diagnostics": { "unannotated-mention": "off" } }),
    );
    let brief_uri = uri(&brief);
    lsp.open(&brief_uri, BRIEF);
    // initializationOptions turn one code off; the pulled settings set the
    // other's severity.
    let params = lsp.diagnostics_where(&brief_uri, |p| {
        severity_of(p, "undefined-entity") == Some(3)
    });
    assert_eq!(codes(&params), ["undefined-entity"]);
    let asked = lsp.requests_for("workspace/configuration");
    assert_eq!(asked[0]["params"]["items"][0]["section"], "newsls");
    // Registered for changes, which are pulled again when notified.
    let registrations = lsp.requests_for("client/registerCapability");
    assert!(
        registrations.iter().any(
            |r| r["params"]["registrations"][0]["method"] == "workspace/didChangeConfiguration"
        ),
        "{registrations:#?}"
    );
    lsp.set_configuration(json!({ "diagnostics": { "undefined-entity": "off" } }));
    lsp.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": null }),
    );
    let params = lsp.diagnostics_where(&brief_uri, |p| codes(p).is_empty());
    assert_eq!(params["diagnostics"], json!([]));
}

#[test]
fn a_bad_settings_file_is_a_diagnostic_on_it_and_is_read_again_when_it_changes() {
    let dir = TempDir::new("settings-bad");
    dir.write("registry.news.md", REGISTRY);
    let settings = dir.write(
        ".newsls.toml",
        "[diagnostics]\nunannotated-mentions = \"off\"\nundefined-entity = \"loud\"\n",
    );
    let brief = dir.write("brief.news.md", BRIEF);
    let mut lsp = Lsp::start();
    lsp.initialize(dir.path(), false);
    let settings_uri = uri(&settings);
    let params = lsp.diagnostics(&settings_uri);
    let found: Vec<(&Value, &str)> = params["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (&d["range"]["start"], d["message"].as_str().unwrap()))
        .collect();
    assert_eq!(found.len(), 2, "{params:#}");
    assert_eq!(found[0].0, &json!({ "line": 1, "character": 0 }));
    assert!(
        found[0]
            .1
            .contains("unknown setting `diagnostics.unannotated-mentions`")
    );
    assert_eq!(found[1].0, &json!({ "line": 2, "character": 19 }));
    assert_eq!(params["diagnostics"][0]["code"], "invalid-settings");
    lsp.wait_stderr("unknown setting");

    // Fixed on disk: the file's diagnostics clear, and the setting holds.
    let brief_uri = uri(&brief);
    lsp.open(&brief_uri, BRIEF);
    lsp.diagnostics_where(&brief_uri, |p| codes(p).len() == 2);
    std::fs::write(&settings, "[diagnostics]\nunannotated-mention = \"off\"\n").unwrap();
    lsp.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": settings_uri, "type": 2 }] }),
    );
    let params = lsp.diagnostics_where(&settings_uri, |p| codes(p).is_empty());
    assert_eq!(params["diagnostics"], json!([]));
    let params = lsp.diagnostics_where(&brief_uri, |p| codes(p).len() == 1);
    assert_eq!(codes(&params), ["undefined-entity"]);
}

#[test]
fn registries_outside_the_workspace_are_indexed() {
    let desk = TempDir::new("settings-desk");
    desk.write("registry.news.md", REGISTRY);
    let dir = TempDir::new("settings-registries");
    let brief = dir.write("brief.news.md", BRIEF);
    let mut lsp = Lsp::start();
    initialize(
        &mut lsp,
        dir.path(),
        json!({}),
        json!({ "workspace": { "registries": [desk.path()] } }),
    );
    let brief_uri = uri(&brief);
    lsp.open(&brief_uri, BRIEF);
    // `@witkoff` resolves through the registry; only `@ghost` is undefined.
    let params = lsp.diagnostics(&brief_uri);
    let undefined: Vec<&Value> = params["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "undefined-entity")
        .collect();
    assert_eq!(undefined.len(), 1, "{params:#}");
    assert!(undefined[0]["message"].as_str().unwrap().contains("@ghost"));
    let definition = lsp.definition(
        &brief_uri,
        support::pos_of(BRIEF, "witkoff]", 0, 1, support::Enc::Utf16),
    );
    let target = definition[0]["uri"].as_str().unwrap();
    assert_eq!(
        target,
        uri(&std::fs::canonicalize(desk.path())
            .unwrap()
            .join("registry.news.md"))
    );
}
