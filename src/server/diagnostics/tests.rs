//! The worker's publishing logic, driven through the host as the server
//! drives it, against a fresh computation: whatever the order of edits,
//! opens, closes and worker passes (a batch may be computed on a snapshot
//! while more edits arrive), what a client last received for each open
//! document is its diagnostics on the final texts, under its latest
//! version.

use std::path::Path;
use std::str::FromStr;

use proptest::prelude::*;
use tower_lsp_server::ls_types::TextDocumentContentChangeEvent;

use super::*;
use crate::server::state::Host;
use crate::workspace::{File, Workspace};

const PATHS: [&str; 4] = [
    "/ws/a.news.md",
    "/ws/b.news.md",
    "/ws/c.news.md",
    "/ws/d.news.md",
];

#[derive(Clone, Debug)]
enum Op {
    /// Opens (or, when open, replaces the text of) document `n`.
    Set(usize, String),
    Close(usize),
    /// Changes only the date of document `n`, if it has one.
    Redate(usize, &'static str),
    /// The worker takes a batch (if it holds none)…
    Take,
    /// …and later computes and publishes it.
    Finish,
}

const DATES: &[&str] = &["2025-12-31", "2026-01-10", "2026-02-20", "2026-02-30"];

fn front_matter() -> impl Strategy<Value = String> {
    let date = prop::option::of(prop::sample::select(DATES));
    // Few ids and names, so documents often define the same id.
    let id = prop::sample::select(vec!["putin", "zelensky"]);
    let name = prop::sample::select(vec!["Vladimir Putin", "V. Putin", "Volodymyr Zelensky"]);
    let kind = prop::sample::select(vec!["person", "organisation", ""]);
    let entity = (id, name, kind);
    (date, prop::collection::vec(entity, 0..3)).prop_map(|(date, entities)| {
        let mut text = String::from("---\ntitle: T\n");
        if let Some(date) = date {
            text.push_str(&format!("date: {date}\n"));
        }
        if !entities.is_empty() {
            text.push_str("entities:\n");
        }
        for (id, name, kind) in entities {
            text.push_str(&format!("  {id}:\n    name: {name}\n"));
            if !kind.is_empty() {
                text.push_str(&format!("    kind: {kind}\n"));
            }
        }
        text.push_str("---\n");
        text
    })
}

fn document() -> impl Strategy<Value = String> {
    let piece = prop::sample::select(vec![
        "[Vladimir Putin](@putin) ",
        "[the leader](@putin) ",
        "[@zelensky] ",
        "[the leader](@putin) ",
        "[@nobody] ",
        "[@putn] ",
        "Putin said. ",
        "Zelensky ",
        "\n",
    ]);
    (
        prop::option::of(front_matter()),
        prop::collection::vec(piece, 0..6),
    )
        .prop_map(|(front, body)| front.unwrap_or_default() + &body.concat())
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0..PATHS.len(), document()).prop_map(|(n, text)| Op::Set(n, text)),
        1 => (0..PATHS.len()).prop_map(Op::Close),
        2 => (0..PATHS.len(), prop::sample::select(DATES)).prop_map(|(n, d)| Op::Redate(n, d)),
        2 => Just(Op::Take),
        2 => Just(Op::Finish),
    ]
}

fn uri(path: &str) -> Uri {
    Uri::from_str(&format!("file://{path}")).expect("a URI")
}

/// The worker: computes `batch`, records what it read, publishes to
/// `client` (the last publish per URI).
fn finish(
    host: &mut Host,
    batch: Batch,
    published: &mut HashMap<PathBuf, Published>,
    client: &mut HashMap<Uri, (Option<i32>, Vec<lsp::Diagnostic>)>,
) {
    let workspace = batch.snapshot.workspace.clone();
    for result in compute(batch) {
        host.record_related(&result.path, result.related.clone(), &workspace);
        if let Some(publish) = to_publish(published, result) {
            client.insert(publish.uri, (publish.version, publish.diagnostics));
        }
    }
}

fn run(ops: Vec<Op>) -> Result<(), TestCaseError> {
    let mut host = Host::default();
    host.workspace = Workspace::new(vec![PathBuf::from("/ws")]);
    let mut versions = [0; PATHS.len()];
    // The texts of the open documents, as the client has them.
    let mut texts: [Option<String>; PATHS.len()] = Default::default();
    let mut published = HashMap::new();
    let mut client = HashMap::new();
    let mut held: Option<Batch> = None;
    for op in ops {
        match op {
            Op::Set(n, text) => {
                let path = PathBuf::from(PATHS[n]);
                versions[n] += 1;
                texts[n] = Some(text.clone());
                if host.open.contains_key(&path) {
                    let change = TextDocumentContentChangeEvent {
                        range: None,
                        range_length: None,
                        text,
                    };
                    host.did_change(&path, versions[n], vec![change]);
                } else {
                    host.did_open(path, uri(PATHS[n]), text, versions[n]);
                }
            }
            Op::Redate(n, date) => {
                let path = PathBuf::from(PATHS[n]);
                let Some(text) = texts[n].clone() else {
                    continue;
                };
                let Some(at) = text.find("date: ") else {
                    continue;
                };
                let start = at + "date: ".len();
                let end = start + "YYYY-MM-DD".len();
                let Some(old) = text.get(start..end) else {
                    continue;
                };
                let text = text.replacen(&format!("date: {old}"), &format!("date: {date}"), 1);
                versions[n] += 1;
                texts[n] = Some(text.clone());
                let change = TextDocumentContentChangeEvent {
                    range: None,
                    range_length: None,
                    text,
                };
                host.did_change(&path, versions[n], vec![change]);
            }
            Op::Close(n) => {
                texts[n] = None;
                host.did_close(&PathBuf::from(PATHS[n]), None);
            }
            Op::Take => {
                if held.is_none() {
                    held = host.take_batch();
                }
            }
            Op::Finish => {
                if let Some(batch) = held.take() {
                    finish(&mut host, batch, &mut published, &mut client);
                }
            }
        }
    }
    // The burst settles: the worker runs until nothing is dirty.
    if let Some(batch) = held.take() {
        finish(&mut host, batch, &mut published, &mut client);
    }
    while let Some(batch) = host.take_batch() {
        finish(&mut host, batch, &mut published, &mut client);
    }

    let mut fresh = Workspace::new(vec![PathBuf::from("/ws")]);
    for (path, text) in PATHS.iter().zip(&texts) {
        if let Some(text) = text {
            fresh.insert(File::new(Path::new(path).into(), text.clone()));
        }
    }
    for (n, path) in PATHS.iter().enumerate() {
        let last = client.get(&uri(path));
        match texts[n].as_ref().and(host.open.get(&PathBuf::from(path))) {
            Some(doc) => {
                let mut on_fresh = host.snapshot();
                on_fresh.workspace = fresh.clone();
                let (expected, _) = on_fresh.diagnostics(Path::new(path));
                prop_assert_eq!(
                    last,
                    Some(&(Some(doc.version), expected)),
                    "{} (version {})",
                    path,
                    versions[n]
                );
            }
            None => {
                if let Some((_, diagnostics)) = last {
                    prop_assert!(diagnostics.is_empty(), "closed {path}: {diagnostics:?}");
                }
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn last_publication_equals_a_fresh_computation(ops in prop::collection::vec(op(), 1..40)) {
        run(ops)?;
    }
}

/// Another document's `date` orders the names a
/// `surface-mismatch` lists, and changing it must republish.
#[test]
fn a_date_change_elsewhere_republishes() {
    let older = "---\ndate: 2026-01-01\nentities:\n  putin:\n    name: Vladimir Putin\n---\n";
    let newer = "---\ndate: 2026-02-01\nentities:\n  putin:\n    name: V. V. Putin\n---\n";
    let ops = vec![
        Op::Set(0, older.to_string()),
        Op::Set(1, newer.to_string()),
        Op::Set(2, "[the leader](@putin)\n".to_string()),
        Op::Take,
        Op::Finish,
        Op::Set(0, older.replace("2026-01-01", "2026-03-01")),
    ];
    run(ops).unwrap();
}
