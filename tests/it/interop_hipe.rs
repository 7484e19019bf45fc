//! `newsls import hipe` and `newsls export --format hipe` on real HIPE-2022
//! newspapers: the round trip token for token, `newsls check` on the
//! imported folder, and the server hovering a linked person.
//!
//! The committed excerpts (`tests/data/hipe/`) always run; the two whole
//! files run when `../shared/data/hipe/` (beside the repository) holds them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::support;
use crate::support::{Enc, Lsp, TempDir, pos_of, uri};

fn newsls(cwd: &Path, args: &[&str]) -> (String, String, Option<i32>) {
    let run = support::run_newsls(cwd, args);
    (run.stdout, run.stderr, run.code)
}

/// A document's tokens as (text, coarse tag, link), by document id.
type Tokens = BTreeMap<String, Vec<(String, String, String)>>;

/// Reads HIPE TSV as the round trip compares it: the token, its coarse tag
/// and its link. A mention's tokens all carry the mention's link (the
/// first Q-id among them, else `NIL`): the source sometimes links only
/// some tokens of a mention (`v . Levetzow` with `NIL NIL Q95696`), and a
/// newsls mention has one entity. Returns also how many tokens that
/// normalisation changed (a link `_` on a mention token counts as `NIL`).
fn tokens(tsv: &str) -> (Tokens, usize) {
    let mut docs: Tokens = BTreeMap::new();
    let mut current = String::new();
    let mut changed = 0;
    let mut mention: Vec<usize> = Vec::new();
    let flush =
        |doc: &mut Vec<(String, String, String)>, mention: &mut Vec<usize>, changed: &mut usize| {
            let link = mention
                .iter()
                .map(|&i| doc[i].2.clone())
                .find(|l| l.starts_with('Q'))
                .unwrap_or_else(|| "NIL".to_string());
            for &i in mention.iter() {
                if doc[i].2 != link {
                    if doc[i].2 != "_" || link != "NIL" {
                        *changed += 1;
                    }
                    doc[i].2 = link.clone();
                }
            }
            mention.clear();
        };
    for line in tsv.lines() {
        if let Some(id) = line.strip_prefix("# hipe2022:document_id = ") {
            if let Some(doc) = docs.get_mut(&current) {
                flush(doc, &mut mention, &mut changed);
            }
            current = id.trim().to_string();
            docs.entry(current.clone()).or_default();
            continue;
        }
        if line.is_empty() || line.starts_with('#') || line.starts_with("TOKEN\t") {
            continue;
        }
        let columns: Vec<&str> = line.split('\t').collect();
        assert_eq!(columns.len(), 10, "{line}");
        let doc = docs.get_mut(&current).expect("a document id first");
        let tag = columns[1];
        if !tag.starts_with("I-") {
            flush(doc, &mut mention, &mut changed);
        }
        if tag != "O" {
            mention.push(doc.len());
        }
        doc.push((columns[0].into(), tag.into(), columns[7].into()));
    }
    if let Some(doc) = docs.get_mut(&current) {
        flush(doc, &mut mention, &mut changed);
    }
    (docs, changed)
}

struct Outcome {
    documents: usize,
    tokens: usize,
    /// Tokens whose link the mention's link replaced.
    relinked: usize,
    check_summary: String,
}

/// Imports `files`, exports the result, compares token for token, checks
/// the folder and hovers a linked person through the server.
fn round_trip(files: &[PathBuf], person: (&str, &str)) -> Outcome {
    let out = TempDir::new("hipe");
    let folder = out.path().join("imported");
    let mut args = vec!["import".to_string(), "hipe".to_string()];
    args.extend(files.iter().map(|f| f.display().to_string()));
    args.extend(["--out".to_string(), folder.display().to_string()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (_, stderr, code) = newsls(out.path(), &args);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains(" documents, "), "{stderr}");

    // Nothing written twice: the import refuses a folder that is not empty.
    let (_, again, code) = newsls(out.path(), &args);
    assert_eq!(code, Some(2));
    assert!(again.contains("is not empty"), "{again}");

    // The round trip: the same documents, tokens, tags and links.
    let (exported, stderr, code) = newsls(&folder, &["export", "--format", "hipe"]);
    assert_eq!(code, Some(0), "{stderr}");
    let mut source = String::new();
    for file in files {
        source.push_str(&std::fs::read_to_string(file).expect("read the TSV"));
        source.push('\n');
    }
    let (expected, relinked) = tokens(&source);
    let (got, again) = tokens(&exported);
    assert_eq!(again, 0, "the export links whole mentions");
    assert_eq!(
        expected.keys().collect::<Vec<_>>(),
        got.keys().collect::<Vec<_>>()
    );
    for (id, want) in &expected {
        let have = &got[id];
        assert_eq!(want.len(), have.len(), "{id}: token count");
        for (i, (w, h)) in want.iter().zip(have).enumerate() {
            assert_eq!(w, h, "{id}: token {i}");
        }
    }

    // `newsls check`: no error.
    let (report, stderr, code) = newsls(&folder, &["check", "--statistics"]);
    assert_eq!(code, Some(0), "{report}{stderr}");
    let check_summary = report.lines().last().unwrap_or_default().to_string();
    assert!(
        check_summary.starts_with("0 errors,") || check_summary.starts_with("no problems"),
        "{report}"
    );

    // The server on the imported folder: hover on a linked person.
    let (surface, wikidata) = person;
    let (path, text) = std::fs::read_dir(&folder)
        .expect("the imported folder")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".news.md"))
        .filter_map(|p| {
            let text = std::fs::read_to_string(&p).ok()?;
            text.contains(&format!("[{surface}](@"))
                .then_some((p, text))
        })
        .min()
        .expect("a document mentioning the person");
    let mut lsp = Lsp::start();
    lsp.initialize(&folder, false);
    let doc = uri(&path);
    lsp.open(&doc, &text);
    let at = format!("[{surface}](@");
    let hover = lsp.hover(&doc, pos_of(&text, &at, 0, 2, Enc::Utf16));
    let shown = hover["contents"]["value"].as_str().unwrap_or_default();
    assert!(
        shown.contains(&format!(
            "Wikidata: [{wikidata}](https://www.wikidata.org/wiki/{wikidata})"
        )),
        "{hover}"
    );
    assert_eq!(lsp.shutdown_and_exit().code(), Some(0));

    Outcome {
        documents: expected.len(),
        tokens: expected.values().map(Vec::len).sum(),
        relinked,
        check_summary,
    }
}

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/hipe")
        .join(name)
}

#[test]
fn excerpts_round_trip_check_and_hover() {
    let outcome = round_trip(
        &[
            data("newseye-dev-fr-excerpt.tsv"),
            data("sonar-dev-de-excerpt.tsv"),
        ],
        // dev_fr_1: « M. de Lasteyrie », Charles de Lasteyrie.
        ("M. deLasteyrie", "Q2960618"),
    );
    assert_eq!(outcome.documents, 3);
    assert_eq!(outcome.tokens, 1875);
}

#[test]
fn shared_hipe_files_round_trip_check_and_hover() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/hipe");
    let files = [
        shared.join("HIPE-2022-v2.1-newseye-dev-fr.tsv"),
        shared.join("HIPE-2022-v2.1-sonar-dev-de.tsv"),
    ];
    if let Some(missing) = files.iter().find(|f| !f.is_file()) {
        println!(
            "SKIPPED shared_hipe_files_round_trip_check_and_hover: {} is absent (the HIPE-2022 files are read from ../shared/data/hipe/ beside the repository)",
            missing.display()
        );
        eprintln!(
            "SKIPPED shared_hipe_files_round_trip_check_and_hover: {} is absent",
            missing.display()
        );
        return;
    }
    let outcome = round_trip(&files, ("M. deLasteyrie", "Q2960618"));
    assert_eq!(outcome.documents, 45);
    assert_eq!(outcome.tokens, 39201);
    // The source links only part of 3 mentions (5 tokens: `v . Levetzow`,
    // `von Szögyenyi`, `v . Bethmann⸗ Hollweg`); nothing else moves.
    assert_eq!(outcome.relinked, 5);
    println!(
        "HIPE round trip: {} documents, {} tokens; check: {}",
        outcome.documents, outcome.tokens, outcome.check_summary
    );
}
