//! Renaming documents and folders in the editor (`workspace/willRenameFiles`,
//! `workspace/didRenameFiles`), with no watched-file event from the
//! client: everything stays resolved. The built server over stdio.

use crate::support;

use std::path::Path;
use std::time::Duration;

use crate::support::{Enc, Lsp, TempDir, codes, pos_of, uri};
use serde_json::{Value, json};

const REGISTRY: &str = "\
---
title: Registry
entities:
  fidan:
    name: Hakan Fidan
    kind: person
---
";

const BRIEF: &str = "\
---
title: Brief
---
[Hakan Fidan](@fidan) spoke.
";

/// A client that watches files (so the server does not watch them itself)
/// but sends no watched-file event: only the rename tells the server.
fn start(dir: &Path) -> Lsp {
    let mut lsp = Lsp::start();
    let capabilities = json!({
        "workspace": {
            "didChangeWatchedFiles": { "dynamicRegistration": true },
            "fileOperations": { "didRename": true, "willRename": true }
        },
        "textDocument": support::text_document_capabilities()
    });
    let result = lsp.initialize_with(support::folder_params(dir, capabilities));
    let renames = &result["capabilities"]["workspace"]["fileOperations"]["didRename"];
    let globs: Vec<&Value> = renames["filters"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| &f["pattern"]["glob"])
        .collect();
    assert_eq!(globs, [&json!("**/*.news.md"), &json!("**")], "{result:#}");
    lsp
}

/// Renames `from` to `to` on disk, as the editor does, after asking the
/// server (which has nothing to edit), then tells it.
fn rename(lsp: &mut Lsp, from: &Path, to: &Path) {
    let files = json!({ "files": [{ "oldUri": uri(from), "newUri": uri(to) }] });
    let edits = lsp.request("workspace/willRenameFiles", files.clone());
    assert_eq!(edits, Value::Null);
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent).expect("create the new folder");
    }
    std::fs::rename(from, to).expect("rename");
    lsp.notify("workspace/didRenameFiles", files);
}

/// Where "go to definition" on `@fidan` in the brief lands: every
/// location, as the editor would list them.
fn definition_of_fidan(lsp: &mut Lsp, brief: &str) -> Value {
    let at = pos_of(BRIEF, "(@fidan)", 0, 3, Enc::Utf16);
    lsp.definition(brief, at)
}

/// One location: the key `fidan:` of the registry (line 4, column 3) in
/// the document at `path`.
fn fidan_key_in(path: &Path) -> Value {
    let key = json!({
        "start": { "line": 3, "character": 2 },
        "end": { "line": 3, "character": 7 }
    });
    json!([{ "uri": uri(path), "range": key }])
}

/// Every publish for `brief` so far is free of undefined-entity.
fn never_undefined(lsp: &mut Lsp, brief: &str) {
    std::thread::sleep(Duration::from_millis(300));
    for publish in lsp.pending_diagnostics(brief) {
        assert!(
            !codes(&publish).contains(&"undefined-entity".to_string()),
            "{publish:#}"
        );
    }
}

#[test]
fn a_renamed_registry_is_found_at_its_new_path() {
    let dir = TempDir::new("rename-file");
    let registry = dir.write("registry.news.md", REGISTRY);
    dir.write("brief.news.md", BRIEF);
    let mut lsp = start(dir.path());
    let brief = uri(&dir.path().join("brief.news.md"));
    lsp.open(&brief, BRIEF);
    assert_eq!(codes(&lsp.diagnostics(&brief)), Vec::<String>::new());
    assert_eq!(
        definition_of_fidan(&mut lsp, &brief),
        fidan_key_in(&registry)
    );

    let moved = dir.path().join("desk").join("people.news.md");
    rename(&mut lsp, &registry, &moved);
    assert_eq!(definition_of_fidan(&mut lsp, &brief), fidan_key_in(&moved));
    never_undefined(&mut lsp, &brief);
}

#[test]
fn a_renamed_folder_moves_every_document_in_it() {
    let dir = TempDir::new("rename-folder");
    dir.write("registries/people/turkey.news.md", REGISTRY);
    // Hidden, so not indexed: its entity is undefined until the folder
    // is renamed into sight.
    dir.write(
        ".drafts/places.news.md",
        "---\nentities:\n  ankara: {name: Ankara, kind: place}\n---\n",
    );
    let text = format!("{BRIEF}In [@ankara].\n");
    dir.write("brief.news.md", &text);
    let mut lsp = start(dir.path());
    let brief = uri(&dir.path().join("brief.news.md"));
    lsp.open(&brief, &text);
    assert_eq!(codes(&lsp.diagnostics(&brief)), ["undefined-entity"]);

    rename(
        &mut lsp,
        &dir.path().join("registries"),
        &dir.path().join("desk"),
    );
    let moved = dir.path().join("desk/people/turkey.news.md");
    assert_eq!(definition_of_fidan(&mut lsp, &brief), fidan_key_in(&moved));
    never_undefined(&mut lsp, &brief);

    rename(
        &mut lsp,
        &dir.path().join(".drafts"),
        &dir.path().join("drafts"),
    );
    let clean = lsp.diagnostics_where(&brief, |p| codes(p).is_empty());
    assert_eq!(clean["diagnostics"], json!([]));
}
