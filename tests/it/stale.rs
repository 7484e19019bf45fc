//! Diagnostics are never stale, over the real binary:
//! another document's `date` changes this one's diagnostics, and the last
//! publication after a burst carries the latest version.

use crate::support;

use crate::support::{Lsp, TempDir, find_code, uri};
use serde_json::json;

const OLDER: &str = "---\ndate: 2026-01-01\nentities:\n  putin:\n    name: Vladimir Putin\n---\n";
const NEWER: &str = "---\ndate: 2026-02-01\nentities:\n  putin:\n    name: V. V. Putin\n---\n";
const ARTICLE: &str = "The [Kremlin leader](@putin) spoke.\n";

#[test]
fn a_date_changed_elsewhere_republishes_the_names_in_their_new_order() {
    let dir = TempDir::new("stale-date");
    let older = uri(&dir.write("older.news.md", OLDER));
    uri(&dir.write("newer.news.md", NEWER));
    let article = uri(&dir.write("article.news.md", ARTICLE));
    let mut lsp = Lsp::start();
    lsp.initialize(dir.path(), false);
    lsp.wait_stderr("indexed 3 documents");
    lsp.open(&article, ARTICLE);
    let published = lsp.diagnostics(&article);
    let message = find_code(&published, "surface-mismatch")["message"].clone();
    assert!(
        message
            .as_str()
            .unwrap()
            .ends_with("known as “V. V. Putin”, “Vladimir Putin”"),
        "newest first: {message}"
    );

    // The older registry becomes the newest.
    lsp.open(&older, OLDER);
    let date = json!({
        "start": { "line": 1, "character": 6 },
        "end": { "line": 1, "character": 16 },
    });
    lsp.change(&older, 2, &[(date, "2026-03-01")]);
    let published = lsp.diagnostics_where(&article, |p| {
        p["diagnostics"][0]["message"]
            .as_str()
            .is_some_and(|m| m.ends_with("known as “Vladimir Putin”, “V. V. Putin”"))
    });
    assert_eq!(published["version"], 1);
    assert!(lsp.shutdown_and_exit().success());
}

#[test]
fn the_last_publication_after_a_burst_has_the_latest_version() {
    let dir = TempDir::new("stale-version");
    let article = uri(&dir.write("article.news.md", ARTICLE));
    let mut lsp = Lsp::start();
    lsp.initialize(dir.path(), false);
    lsp.open(&article, ARTICLE);
    lsp.diagnostics(&article);
    // Spaces typed at the end of the text: the diagnostics do not change.
    for version in 2..=30 {
        let at = json!({ "line": 1, "character": version - 2 });
        lsp.insert(&article, version, &at, " ");
    }
    let published = lsp.diagnostics_where(&article, |p| p["version"] == 30);
    assert_eq!(support::codes(&published), ["undefined-entity"]);
    assert!(lsp.shutdown_and_exit().success());
}
