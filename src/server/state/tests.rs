//! The host: edits, changes on disk and the folders read, and what each
//! marks for the diagnostics worker and the report of every document.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use tower_lsp_server::ls_types::{Position, Range, TextDocumentContentChangeEvent, Uri};

use super::Host;
use crate::workspace::{self, File, Workspace};

fn uri(path: &str) -> Uri {
    Uri::from_str(&format!("file://{path}")).unwrap()
}

fn jobs(host: &mut Host) -> Vec<(String, bool)> {
    host.take_batch()
        .map(|b| b.jobs)
        .unwrap_or_default()
        .into_iter()
        .map(|j| (j.path.display().to_string(), j.open.is_some()))
        .collect()
}

fn host() -> Host {
    let mut host = Host::default();
    host.workspace = Workspace::new(vec![PathBuf::from("/ws")]);
    host
}

/// Opens `/ws/{name}` with `text`, version 1; returns its path.
fn open(host: &mut Host, name: &str, text: &str) -> PathBuf {
    let path = PathBuf::from(format!("/ws/{name}"));
    host.did_open(path.clone(), uri(&format!("/ws/{name}")), text.into(), 1);
    path
}

#[test]
fn a_document_over_the_size_limit_is_not_analysed() {
    let mut host = host();
    let path = PathBuf::from("/ws/huge.news.md");
    let huge = "[@x]\n".repeat(workspace::MAX_FILE_BYTES as usize / 5 + 1);
    let huge_lines = workspace::MAX_FILE_BYTES as usize / 5 + 1;
    host.did_open(path.clone(), uri("/ws/huge.news.md"), huge, 1);
    assert!(host.workspace.load_file(&path).is_none());
    // Edits still apply to the editor's text, which is kept: back
    // under the limit, it is analysed again.
    let lines = u32::try_from(huge_lines).unwrap_or(u32::MAX);
    let cut = TextDocumentContentChangeEvent {
        range: Some(Range::new(Position::new(0, 4), Position::new(lines, 0))),
        range_length: None,
        text: " [@y]\n".to_string(),
    };
    assert!(host.did_change(&path, 2, vec![cut]));
    assert_eq!(host.text(&path), Some("[@x] [@y]\n"));
    assert_eq!(host.workspace.load_file(&path).unwrap().text, "[@x] [@y]\n");
}

#[test]
fn changes_in_one_notification_apply_in_order() {
    let mut host = host();
    let a = open(&mut host, "a.news.md", "🇺🇦 Talks\r\nwith Putin\n");
    let change =
        |range: Option<((u32, u32), (u32, u32))>, text: &str| TextDocumentContentChangeEvent {
            range: range.map(|(s, e)| Range::new(Position::new(s.0, s.1), Position::new(e.0, e.1))),
            range_length: None,
            text: text.into(),
        };
    // Each change sees the text the previous ones made; a change with
    // no range replaces everything.
    let changes = vec![
        change(Some(((1, 5), (1, 10))), "[Putin](@putin)"),
        change(Some(((1, 0), (1, 0))), "> "),
        change(Some(((0, 99), (1, 0))), " "),
    ];
    assert!(host.did_change(&a, 2, changes));
    assert_eq!(host.text(&a), Some("🇺🇦 Talks > with [Putin](@putin)\n"));
    let changes = vec![change(None, "new\n"), change(Some(((0, 0), (0, 1))), "N")];
    assert!(host.did_change(&a, 3, changes));
    assert_eq!(host.workspace.load_file(&a).unwrap().text, "New\n");
    assert_eq!(host.open[&a].version, 3);
}

#[test]
fn marks_other_open_documents_only_when_the_summary_changes() {
    let mut host = host();
    open(&mut host, "a.news.md", "[@putin]\n");
    let b = open(&mut host, "b.news.md", "Nothing.\n");
    // Each opened document alone, the last opened first.
    assert_eq!(jobs(&mut host), [("/ws/b.news.md".to_string(), true)]);
    assert_eq!(jobs(&mut host), [("/ws/a.news.md".to_string(), true)]);

    // Prose only: b alone.
    let edit = |text: &str, at: (u32, u32)| TextDocumentContentChangeEvent {
        range: Some(Range::new(
            Position::new(at.0, at.1),
            Position::new(at.0, at.1),
        )),
        range_length: None,
        text: text.into(),
    };
    assert!(host.did_change(&b, 2, vec![edit("Still ", (0, 0))]));
    assert_eq!(jobs(&mut host), [("/ws/b.news.md".to_string(), true)]);
    assert_eq!(
        host.workspace.load_file(&b).unwrap().text,
        "Still Nothing.\n"
    );

    // A definition: b first, then a.
    let define = "---\nentities:\n  putin:\n    name: Vladimir Putin\n---\n";
    assert!(host.did_change(&b, 3, vec![edit(define, (0, 0))]));
    assert_eq!(jobs(&mut host), [("/ws/b.news.md".to_string(), true)]);
    assert_eq!(jobs(&mut host), [("/ws/a.news.md".to_string(), true)]);
    assert_eq!(host.open[&b].version, 3);

    // Closing b: its disk copy does not exist, so it goes, a is
    // recomputed and b cleared.
    assert!(host.did_close(&b, None));
    assert_eq!(
        jobs(&mut host),
        [
            ("/ws/a.news.md".to_string(), true),
            ("/ws/b.news.md".to_string(), false)
        ]
    );
    assert!(host.workspace.load_file(&b).is_none());
    assert!(!host.did_change(&b, 4, Vec::new()));
    assert!(!host.did_close(&b, None));
}

#[test]
fn the_edited_document_first_then_only_those_reading_the_changed_ids() {
    let mut host = host();
    open(
        &mut host,
        "a.news.md",
        "---\nentities:\n  putin:\n    name: V P\n---\n",
    );
    open(&mut host, "b.news.md", "[@putin]\n");
    open(&mut host, "c.news.md", "[@other]\n");
    while host.take_batch().is_some() {}
    let whole = |text: &str| TextDocumentContentChangeEvent {
        range: None,
        range_length: None,
        text: text.into(),
    };
    // b stops mentioning putin: b, then a (which defines it), never c.
    let b = PathBuf::from("/ws/b.news.md");
    assert!(host.did_change(&b, 2, vec![whole("[@putn]\n")]));
    assert_eq!(jobs(&mut host), [("/ws/b.news.md".to_string(), true)]);
    assert_eq!(jobs(&mut host), [("/ws/a.news.md".to_string(), true)]);
    assert!(!host.has_work_for_diagnostics());
}

/// Documents are computed one edited document at a time, the latest
/// first, and the others a few at a time: a keystroke waits for a few
/// documents' diagnostics, not for every one marked.
#[test]
fn an_edit_waits_for_a_few_documents_not_for_every_one_marked() {
    let mut host = host();
    for i in 0..20 {
        open(
            &mut host,
            &format!("d{i:02}.news.md"),
            "[@putin] met him.\n",
        );
    }
    // Opened last, computed first, alone.
    assert_eq!(jobs(&mut host), [("/ws/d19.news.md".to_string(), true)]);
    assert_eq!(jobs(&mut host), [("/ws/d18.news.md".to_string(), true)]);
    while host.take_batch().is_some() {}

    let at = |line, character, text: &str| TextDocumentContentChangeEvent {
        range: Some(Range::new(
            Position::new(line, character),
            Position::new(line, character),
        )),
        range_length: None,
        text: text.into(),
    };
    // A definition every other document reads: d00 alone, then the
    // others a few at a time.
    let define = "---\nentities:\n  putin:\n    name: Vladimir Putin\n---\n";
    let d00 = PathBuf::from("/ws/d00.news.md");
    assert!(host.did_change(&d00, 2, vec![at(0, 0, define)]));
    assert_eq!(jobs(&mut host), [("/ws/d00.news.md".to_string(), true)]);
    let first = jobs(&mut host);
    assert_eq!(first.len(), super::schedule::AT_ONCE, "{first:?}");
    // A keystroke meanwhile comes next, alone.
    let d10 = PathBuf::from("/ws/d10.news.md");
    assert!(host.did_change(&d10, 2, vec![at(0, 0, "Then ")]));
    assert_eq!(jobs(&mut host), [("/ws/d10.news.md".to_string(), true)]);
    // The others follow, each once.
    let mut computed: BTreeSet<String> = first.into_iter().map(|(p, _)| p).collect();
    while host.has_work_for_diagnostics() {
        let batch = jobs(&mut host);
        assert!(batch.len() <= super::schedule::AT_ONCE, "{batch:?}");
        for (path, _) in batch {
            assert!(computed.insert(path.clone()), "{path} twice");
        }
    }
    assert_eq!(computed.len(), 18, "all but d00 and d10: {computed:?}");
}

#[test]
fn related_documents_are_marked_when_they_move() {
    let mut host = host();
    let a = open(&mut host, "a.news.md", "x");
    let b = PathBuf::from("/ws/b.news.md");
    let before = host.workspace.clone();
    host.record_related(&a, vec![b.clone()], &before);
    jobs(&mut host);
    // b changes on disk without changing its summary: a is marked.
    host.disk_changed(&b, Some(Ok(File::new(b.clone().into(), "one".into()))));
    jobs(&mut host);
    host.disk_changed(&b, Some(Ok(File::new(b.clone().into(), "two".into()))));
    assert_eq!(jobs(&mut host), [("/ws/a.news.md".to_string(), true)]);
    // Recorded against an older snapshot of b: marked at once.
    assert!(host.record_related(&a, vec![b.clone()], &before));
    assert!(host.has_work_for_diagnostics());
}

#[test]
fn changes_are_recorded_for_a_client_that_pulls_only() {
    let mut host = host();
    let a = PathBuf::from("/ws/a.news.md");
    host.did_open(a.clone(), uri("/ws/a.news.md"), "[@x]\n".into(), 1);
    assert!(host.take_changes().is_none());
    let batch = host.take_batch().map(|b| (b.edited, b.pull));
    assert_eq!(batch, Some((true, false)));

    host.record_changes_for_pulls();
    let b = PathBuf::from("/ws/b.news.md");
    host.disk_changed(&b, Some(Ok(File::new(b.clone().into(), "b".into()))));
    host.did_open(a.clone(), uri("/ws/a.news.md"), "[@y]\n".into(), 2);
    let (snapshot, changes, versions) = host.take_changes().expect("recorded");
    assert_eq!(changes.paths, BTreeSet::from([a.clone(), b.clone()]));
    assert!(!changes.everything);
    assert_eq!(versions.get(&a), Some(&2));
    assert!(snapshot.workspace.load_file(&b).is_some());
    // Taken: the next report starts from here.
    let (_, changes, _) = host.take_changes().expect("recorded");
    assert!(changes.paths.is_empty());
    // Reading the folders reaches every document.
    host.begin_indexing(vec![PathBuf::from("/ws")]);
    host.finish_indexing(Workspace::new(vec![PathBuf::from("/ws")]));
    assert!(host.take_changes().is_some_and(|(_, c, _)| c.everything));
    // The edited document comes first, in a batch of its own, which a
    // pulling client asks for itself.
    let batch = host.take_batch().map(|b| (b.edited, b.pull));
    assert_eq!(batch, Some((true, true)));
}

#[test]
fn what_changed_while_indexing_wins_over_what_was_read() {
    let mut host = host();
    host.begin_indexing(vec![PathBuf::from("/ws")]);
    let a = open(&mut host, "a.news.md", "editor");
    let b = PathBuf::from("/ws/b.news.md");
    let c = PathBuf::from("/ws/c.news.md");
    host.disk_changed(&b, None);
    jobs(&mut host);
    // Read before those changes: a and b as on disk then, and c.
    let mut loaded = Workspace::new(vec![PathBuf::from("/ws")]);
    for (path, text) in [(&a, "disk"), (&b, "old"), (&c, "c")] {
        loaded.insert(File::new(path.clone().into(), text.into()));
    }
    assert!(host.workspace.is_indexing());
    host.finish_indexing(loaded);
    assert!(!host.workspace.is_indexing());
    assert_eq!(host.workspace.load_file(&a).unwrap().text, "editor");
    assert!(host.workspace.load_file(&b).is_none());
    assert_eq!(host.workspace.load_file(&c).unwrap().text, "c");
    // The open document is recomputed, now with the whole folder.
    assert_eq!(jobs(&mut host), [("/ws/a.news.md".to_string(), true)]);
}

/// While a warm start reads its other documents, definitions are answered
/// from the documents that define something with what changed here laid
/// over them, as the complete index will have it: the editor's text of an
/// open document, a document deleted on disk gone. The host itself still
/// waits for the whole folder.
#[test]
fn the_definitions_stage_has_what_changed_here_laid_over_it() {
    let mut host = host();
    host.begin_indexing(vec![PathBuf::from("/ws")]);
    let define = |id: &str| format!("---\nentities:\n  {id}: {{name: Someone}}\n---\n");
    let a = open(&mut host, "a.news.md", &define("edited"));
    let b = PathBuf::from("/ws/b.news.md");
    let c = PathBuf::from("/ws/c.news.md");
    host.disk_changed(&b, None);
    let mut definers = Workspace::new(vec![PathBuf::from("/ws")]);
    for (path, id) in [(&a, "old"), (&b, "gone"), (&c, "kept")] {
        definers.insert(File::new(path.clone().into(), define(id)));
    }
    let snapshot = host.snapshot_of_definitions(definers);
    let ws = &snapshot.workspace;
    assert!(ws.is_indexing());
    let defined = |id: &str| -> Vec<String> {
        ws.definitions(id)
            .iter()
            .map(|d| d.file.path.display().to_string())
            .collect()
    };
    assert_eq!(defined("edited"), ["/ws/a.news.md"]);
    assert!(defined("old").is_empty());
    assert!(defined("gone").is_empty());
    assert_eq!(defined("kept"), ["/ws/c.news.md"]);
    assert!(host.workspace.is_indexing());
    assert!(host.workspace.load_file(&c).is_none());
}

#[test]
fn disk_changes_do_not_touch_open_documents() {
    let mut host = host();
    let a = open(&mut host, "a.news.md", "editor");
    host.disk_changed(&a, None);
    assert_eq!(host.workspace.load_file(&a).unwrap().text, "editor");
    assert!(host.indexes_from_disk(&a));
    assert!(!host.indexes_from_disk(Path::new("/elsewhere/a.news.md")));
    assert!(!host.indexes_from_disk(Path::new("/ws/a.md")));
}

/// On a warm start, what the check of the folders found changed since the
/// index cache was written is applied, except to documents open in the
/// editor (its text wins), changed on disk since the check began (that
/// version is newer) or outside the folders; the open documents a
/// correction reaches are recomputed. After the check, changes on disk
/// apply as before.
#[test]
fn corrections_from_the_check_yield_to_newer_versions() {
    use crate::workspace::DocumentEntry;
    use std::sync::Arc;

    let mut host = host();
    host.begin_indexing(vec![PathBuf::from("/ws")]);
    let a = open(&mut host, "a.news.md", "editor [@x]");
    let [b, c, r] = ["b", "c", "r"].map(|n| PathBuf::from(format!("/ws/{n}.news.md")));
    let elsewhere = PathBuf::from("/elsewhere/d.news.md");
    let mut cached = Workspace::new(vec![PathBuf::from("/ws")]);
    for (path, text) in [
        (&a, "disk"),
        (&b, "old b"),
        (&c, "c"),
        (&r, "---\nentities:\n  x: {name: X}\n---\n"),
    ] {
        cached.insert(File::new(path.clone().into(), text.into()));
    }
    host.finish_indexing_from_cache(cached);
    assert_eq!(jobs(&mut host), [("/ws/a.news.md".to_string(), true)]);
    // The watcher saw b change while the check ran.
    host.disk_changed(
        &b,
        Some(Ok(File::new(b.clone().into(), "watcher b".into()))),
    );
    let entry = |path: &Path, text: &str| {
        Some(Arc::new(DocumentEntry::of(File::new(
            path.into(),
            text.into(),
        ))))
    };
    host.correct_from_disk(&a, entry(&a, "disk, later"));
    host.correct_from_disk(&b, entry(&b, "check b"));
    host.correct_from_disk(&c, None);
    host.correct_from_disk(&elsewhere, entry(&elsewhere, "outside"));
    host.correct_from_disk(&r, entry(&r, "x is defined no more"));
    host.finish_check();
    let text = |host: &Host, path: &Path| host.workspace.load_file(path).map(|f| f.text.clone());
    assert_eq!(text(&host, &a).as_deref(), Some("editor [@x]"));
    assert_eq!(text(&host, &b).as_deref(), Some("watcher b"));
    assert_eq!(text(&host, &c), None);
    assert_eq!(text(&host, &elsewhere), None);
    assert_eq!(text(&host, &r).as_deref(), Some("x is defined no more"));
    assert!(!host.workspace.index().is_defined("x"));
    // The open document mentions x, whose definition went.
    assert_eq!(jobs(&mut host), [("/ws/a.news.md".to_string(), true)]);
    host.disk_changed(&b, Some(Ok(File::new(b.clone().into(), "later b".into()))));
    assert_eq!(text(&host, &b).as_deref(), Some("later b"));
}
