//! The index cache: a second start takes unchanged documents from it
//! without reading them, an edit on disk is read again and is what answers
//! say, a damaged or foreign cache file is ignored (answers as on a cold
//! start), and `newsls check --no-cache` neither reads nor writes it.

use crate::support;

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::support::{Enc, Lsp, TempDir, pos_of, uri};

const REGISTRY: &str = "\
---
entities:
  putin:
    name: Vladimir Putin
    kind: person
---
";

const ARTICLE: &str = "Talks with [@putin] today.\n";

/// Sets a file's modification time an hour back: the cache trusts size
/// and time only for files not modified in the last moments.
fn age(path: &Path, hours: u64) {
    let file = std::fs::File::options()
        .write(true)
        .open(path)
        .expect("open to set its time");
    file.set_modified(SystemTime::now() - Duration::from_secs(3600 * hours))
        .expect("set the modification time");
}

/// A folder with the registry and the article, aged, and an empty cache
/// folder of its own.
fn folder(label: &str) -> (TempDir, PathBuf) {
    let dir = TempDir::new(label);
    for (name, text) in [("registry.news.md", REGISTRY), ("article.news.md", ARTICLE)] {
        age(&dir.write(name, text), 1);
    }
    let cache = dir.path().join(".cache");
    std::fs::create_dir_all(&cache).expect("cache folder");
    (dir, cache)
}

/// Starts the server on `dir` with its cache in `cache`, waits for the
/// index, and returns it with what it logged about the cache.
fn start(dir: &Path, cache: &Path) -> (Lsp, String) {
    let mut lsp = Lsp::start_with_env(&[], &[("NEWSLS_CACHE_DIR", cache)]);
    lsp.initialize(dir, false);
    let log = lsp.wait_stderr("index cache: ");
    (lsp, log)
}

/// Hover on the mention in the article: what a user sees of the cached
/// registry.
fn hover_text(lsp: &mut Lsp, dir: &Path) -> String {
    let article = uri(&dir.join("article.news.md"));
    lsp.open(&article, ARTICLE);
    let hover = lsp.hover(&article, pos_of(ARTICLE, "@putin", 0, 2, Enc::Utf16));
    hover["contents"]["value"]
        .as_str()
        .unwrap_or("")
        .to_string()
}

fn cache_files(cache: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(cache)
        .map(|d| d.filter_map(|e| Some(e.ok()?.path())).collect())
        .unwrap_or_default();
    files.sort();
    files
}

/// Waits until the server has written its cache file.
fn wait_written(lsp: &Lsp) {
    lsp.wait_stderr("index cache: wrote ");
}

/// A first start that writes the cache: what it logged, and the hover.
fn first_start(dir: &Path, cache: &Path) -> (String, String) {
    let (mut lsp, log) = start(dir, cache);
    wait_written(&lsp);
    let hover = hover_text(&mut lsp, dir);
    lsp.shutdown_and_exit();
    (log, hover)
}

#[test]
fn a_second_start_reads_no_unchanged_document() {
    let (dir, cache) = folder("cache-reused");
    let (log, cold) = first_start(dir.path(), &cache);
    assert!(
        log.contains(
            "0 documents unchanged (not read), 0 read again with the same content, 2 parsed"
        ),
        "{log}"
    );
    assert!(cold.contains("Vladimir Putin"), "{cold}");
    assert_eq!(cache_files(&cache).len(), 1);

    let (mut lsp, log) = start(dir.path(), &cache);
    assert!(
        log.contains(
            "2 documents unchanged (not read), 0 read again with the same content, 0 parsed"
        ),
        "{log}"
    );
    assert_eq!(hover_text(&mut lsp, dir.path()), cold);
    let article = uri(&dir.path().join("article.news.md"));
    let definition = lsp.definition(&article, pos_of(ARTICLE, "@putin", 0, 2, Enc::Utf16));
    assert_eq!(
        definition[0]["uri"],
        uri(&dir.path().join("registry.news.md")),
        "{definition:#}"
    );
    lsp.shutdown_and_exit();
}

#[test]
fn an_edit_on_disk_is_read_again_and_answers_with_it() {
    let (dir, cache) = folder("cache-edited");
    first_start(dir.path(), &cache);

    // Same size, new content: only the hash can tell.
    let edited = REGISTRY.replace("Vladimir Putin", "Wladimir Putin");
    age(&dir.write("registry.news.md", &edited), 2);
    // New time, same content: read again, and reused.
    age(&dir.path().join("article.news.md"), 3);

    let (mut lsp, log) = start(dir.path(), &cache);
    assert!(
        log.contains(
            "0 documents unchanged (not read), 1 read again with the same content, 1 parsed"
        ),
        "{log}"
    );
    let hover = hover_text(&mut lsp, dir.path());
    assert!(hover.contains("Wladimir Putin"), "{hover}");
    assert!(!hover.contains("Vladimir"), "{hover}");
    lsp.shutdown_and_exit();
}

#[test]
fn a_damaged_or_foreign_cache_answers_as_a_cold_start() {
    let (dir, cache) = folder("cache-damaged");
    let (_, cold) = first_start(dir.path(), &cache);
    let [file] = cache_files(&cache).try_into().expect("one cache file");
    let good = std::fs::read(&file).expect("read the cache");

    let mut flipped = good.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0x55;
    let damaged: [(&str, Vec<u8>); 4] = [
        ("truncated", good[..good.len() / 3].to_vec()),
        ("flipped", flipped),
        ("foreign", b"PK\x03\x04 not a cache at all".to_vec()),
        ("empty", Vec::new()),
    ];
    for (what, bytes) in damaged {
        std::fs::write(&file, &bytes).expect("damage the cache");
        let (mut lsp, log) = start(dir.path(), &cache);
        assert!(log.contains("reading every document"), "{what}: {log}");
        assert!(log.contains("2 parsed"), "{what}: {log}");
        assert_eq!(hover_text(&mut lsp, dir.path()), cold, "{what}");
        wait_written(&lsp);
        lsp.shutdown_and_exit();
        // Written again whole: the next start reads nothing.
        assert_eq!(
            std::fs::read(&file).expect("rewritten").len(),
            good.len(),
            "{what}"
        );
    }
}

/// `newsls check` with `NEWSLS_CACHE_DIR` set to `cache`.
fn check(dir: &Path, cache: &Path, args: &[&str]) -> support::Run {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_newsls"))
        .arg("check")
        .args(args)
        .current_dir(dir)
        .env("NEWSLS_CACHE_DIR", cache)
        .env("NEWSLS_LOG", "debug")
        .env_remove("NO_COLOR")
        .output()
        .expect("run newsls check");
    support::Run {
        stdout: String::from_utf8(output.stdout).expect("UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("UTF-8"),
        code: output.status.code(),
    }
}

#[test]
fn check_uses_the_cache_and_no_cache_bypasses_it() {
    let (dir, cache) = folder("cache-check");
    dir.write("wrong.news.md", "About [@nobody].\n");
    age(&dir.path().join("wrong.news.md"), 1);

    let bypassed = check(dir.path(), &cache, &["--no-cache", "--format", "concise"]);
    assert_eq!(bypassed.code, Some(1), "{}", bypassed.stderr);
    assert!(
        bypassed.stdout.contains("undefined-entity"),
        "{}",
        bypassed.stdout
    );
    assert!(cache_files(&cache).is_empty(), "--no-cache wrote the cache");

    let cold = check(dir.path(), &cache, &["--format", "concise"]);
    assert!(cold.stderr.contains("3 parsed"), "{}", cold.stderr);
    assert_eq!(cache_files(&cache).len(), 1);
    let warm = check(dir.path(), &cache, &["--format", "concise"]);
    assert!(
        warm.stderr.contains("3 documents unchanged (not read)"),
        "{}",
        warm.stderr
    );
    assert_eq!(
        (warm.stdout.as_str(), warm.code),
        (cold.stdout.as_str(), cold.code)
    );
    assert_eq!(bypassed.stdout, cold.stdout);

    // --no-cache does not read it either: a damaged cache says nothing.
    let [file] = cache_files(&cache).try_into().expect("one cache file");
    std::fs::write(&file, b"damaged").expect("damage the cache");
    let bypassed = check(dir.path(), &cache, &["--no-cache", "--format", "concise"]);
    assert!(
        !bypassed.stderr.contains("index cache"),
        "{}",
        bypassed.stderr
    );
    assert_eq!(std::fs::read(&file).expect("untouched"), b"damaged");
    let damaged = check(dir.path(), &cache, &["--format", "concise"]);
    assert!(
        damaged.stderr.contains("reading every document"),
        "{}",
        damaged.stderr
    );
    assert_eq!(damaged.stdout, cold.stdout);

    // The user's folder holds only what it held.
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .expect("list")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            ".cache",
            "article.news.md",
            "registry.news.md",
            "wrong.news.md"
        ]
    );
}

/// The ids a publish says are undefined, in order.
fn undefined(published: &serde_json::Value) -> Vec<String> {
    published["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|d| d["code"] == "undefined-entity")
        .filter_map(|d| {
            let range = &d["range"];
            let (start, end) = (
                range["start"]["character"].as_u64()?,
                range["end"]["character"].as_u64()?,
            );
            PROBE.get(start as usize..end as usize).map(str::to_string)
        })
        .collect()
}

/// An editor's buffer (not on disk) that mentions what the folder
/// defines, or did.
const PROBE: &str = "[@putin] [@gone] [@newcomer] [@merz] [@mers]\n";

/// A warm start answers from the index cache before it has walked the
/// folders (a cross-document definition, and diagnostics computed from
/// the cache), then corrects what changed on disk while no server ran: a
/// document edited, one deleted, one added, one whose record is stale
/// (same size, other content: only the hash tells). Once the folders are
/// checked, the diagnostics are those of a cold start, and the cache is
/// written again.
#[test]
fn a_warm_start_answers_from_the_cache_then_corrects_what_changed_on_disk() {
    let (dir, cache) = folder("cache-corrected");
    let d = dir.path();
    for (name, text) in [
        ("edited.news.md", "Mentions [@putin].\n"),
        (
            "deleted.news.md",
            "---\nentities:\n  gone:\n    name: Gone Away\n---\n",
        ),
        (
            "stale.news.md",
            "---\nentities:\n  merz:\n    name: Friedrich Merz\n---\n",
        ),
    ] {
        age(&dir.write(name, text), 1);
    }
    let (mut lsp, _) = start(d, &cache);
    wait_written(&lsp);
    lsp.shutdown_and_exit();

    // While no server runs.
    age(
        &dir.write(
            "edited.news.md",
            "Mentions [@putin] and [@gone], longer now.\n",
        ),
        2,
    );
    std::fs::remove_file(d.join("deleted.news.md")).expect("delete");
    age(
        &dir.write(
            "added.news.md",
            "---\nentities:\n  newcomer:\n    name: New Comer\n---\n",
        ),
        2,
    );
    let stale = "---\nentities:\n  mers:\n    name: Friedrich Merz\n---\n";
    age(&dir.write("stale.news.md", stale), 2);

    let gate = d.join("release-check");
    let mut lsp = Lsp::start_with_env(
        &[],
        &[
            ("NEWSLS_CACHE_DIR", &cache),
            ("NEWSLS_TEST_HOLD_CHECK", &gate),
        ],
    );
    lsp.initialize_without_waiting(d, false);
    lsp.wait_stderr("index cache: answering from its 5 documents");
    let probe = uri(&d.join("probe.news.md"));
    lsp.open(&probe, PROBE);
    // Before the folders are walked: the cache answers, across documents.
    let at = |id: &str| pos_of(PROBE, id, 0, 2, Enc::Utf16);
    let definition = lsp.definition(&probe, at("@putin"));
    assert_eq!(
        definition[0]["uri"],
        uri(&d.join("registry.news.md")),
        "{definition:#}"
    );
    assert_eq!(definition[0]["range"]["start"]["line"], 2, "{definition:#}");
    let from_cache = lsp.diagnostics(&probe);
    assert_eq!(undefined(&from_cache), ["@newcomer", "@mers"]);
    assert!(
        !lsp.stderr().contains("newsls: indexed "),
        "{}",
        lsp.stderr()
    );

    std::fs::write(&gate, "").expect("release the check");
    lsp.wait_indexed();
    let log = lsp.wait_stderr("index cache: wrote ");
    assert!(
        log.contains(
            "2 documents unchanged (not read), 0 read again with the same content, 3 parsed, 1 gone from the folders"
        ),
        "{log}"
    );
    let corrected = lsp.diagnostics_where(&probe, |p| undefined(p) == ["@gone", "@merz"]);
    let definition = lsp.definition(&probe, at("@newcomer"));
    assert_eq!(definition[0]["uri"], uri(&d.join("added.news.md")));
    lsp.shutdown_and_exit();

    // What a cold start says of the same folder.
    let cold_cache = d.join(".cold-cache");
    let mut cold = Lsp::start_with_env(&[], &[("NEWSLS_CACHE_DIR", &cold_cache)]);
    cold.initialize(d, false);
    cold.open(&probe, PROBE);
    assert_eq!(cold.diagnostics(&probe), corrected);
    cold.shutdown_and_exit();

    // The cache was written as the folder is now: nothing to correct.
    let (mut lsp, log) = start(d, &cache);
    assert!(
        log.contains(
            "5 documents unchanged (not read), 0 read again with the same content, 0 parsed"
        ),
        "{log}"
    );
    assert!(!log.contains("index cache: wrote "), "{log}");
    lsp.shutdown_and_exit();
}

/// A warm start reads the documents that define something first: a
/// definition across documents is answered from them while the others are
/// still held back, and a request that needs every document (references)
/// waits for them, then answers whole.
#[test]
fn a_warm_start_answers_definitions_before_it_has_read_every_document() {
    let (dir, cache) = folder("cache-definitions-first");
    let d = dir.path();
    age(&dir.write("other.news.md", "Again [@putin].\n"), 1);
    let (mut lsp, _) = start(d, &cache);
    wait_written(&lsp);
    lsp.shutdown_and_exit();

    let gate = d.join("release-the-rest");
    let mut lsp = Lsp::start_with_env(
        &[],
        &[
            ("NEWSLS_CACHE_DIR", &cache),
            ("NEWSLS_TEST_HOLD_WARM_REST", &gate),
        ],
    );
    lsp.initialize_without_waiting(d, false);
    lsp.wait_stderr("index cache: 1 documents that define something read in ");
    let article = uri(&d.join("article.news.md"));
    lsp.open(&article, ARTICLE);
    let at = pos_of(ARTICLE, "@putin", 0, 2, Enc::Utf16);
    let definition = lsp.definition(&article, at.clone());
    assert_eq!(
        definition[0]["uri"],
        uri(&d.join("registry.news.md")),
        "{definition:#}"
    );
    assert_eq!(definition[0]["range"]["start"]["line"], 2, "{definition:#}");

    let waiting = lsp.send_request(
        "textDocument/references",
        serde_json::json!({
            "textDocument": { "uri": article },
            "position": at,
            "context": { "includeDeclaration": false }
        }),
    );
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        lsp.pending_messages()
            .iter()
            .all(|m| m.get("id") != Some(&serde_json::json!(waiting))),
        "references answered before every document was read"
    );
    assert!(
        !lsp.stderr().contains("index cache: 3 documents read"),
        "{}",
        lsp.stderr()
    );

    std::fs::write(&gate, "").expect("release the rest");
    let references = lsp.result(waiting);
    let mut found: Vec<String> = references
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|l| Some(l["uri"].as_str()?.to_string()))
        .collect();
    found.sort();
    assert_eq!(found, [article, uri(&d.join("other.news.md"))]);
    lsp.wait_indexed();
    lsp.shutdown_and_exit();
}
