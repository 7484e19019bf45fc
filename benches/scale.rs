//! Every row of the performance goals (docs/performance.md), on
//! generated desk archives: `cargo bench --bench scale [-- SIZES...]`
//! (default: 1000 10000; add 100000 for the newsroom archive, which writes
//! about 400 MB to the temp folder once and takes minutes, and 1000000 for
//! a decade of a large desk: about 4 GB, 6 GB on disk, written once; a size
//! whose folder does not fit in the free space is skipped with a message).
//!
//! Each size starts the built `newsls` as an editor would (over stdio,
//! with work-done progress) and measures: spawn to the first answer about
//! the open document, spawn to the first cross-document definition, spawn
//! to the end of indexing (wall and CPU time), the edit that makes an id
//! unknown (then known again) until that document's new diagnostics
//! arrive with 50 documents open, hover and definition round trips right
//! after those edits (saying whether the server's own background work,
//! writing its cache and setting up its watcher, was still running at
//! their start and end) and again once that work is done, completion
//! round trips, the server's peak memory; then `newsls check` on the folder (wall and CPU
//! time, peak memory, through `/usr/bin/time`). One table is printed at
//! the end, with the machine's load: on a shared machine, CPU time says
//! more than wall time.
//!
//! `cargo bench --bench scale -- --warm SIZES...` measures only the warm
//! start, five times, after one cold start that writes the cache: to
//! measure or profile that row alone (`--keep-cache`: on the cache the
//! last run left, without the cold start).
//!
//! `cargo bench --bench scale -- --typing KEYSTROKES` types that many
//! keystrokes of new ids into an open document (on the 1,000-article
//! folder) and prints the server's resident memory every tenth of the
//! way: what a long session of typing leaves behind.

// Tests and benchmarks may unwrap: a panic there fails the run, it
// crashes no user.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

mod support;
use support::corpus::{article, generate};

const OPEN_DOCUMENTS: usize = 50;
const EDITS: usize = 200;
const LOOKUPS: usize = 500;
const COMPLETIONS: usize = 200;
/// What a generated article takes on disk, on average, with the file
/// system's blocks: about 6 KB (the 1M folder: 4.1 GB of text, 5.7 GB used).
const DISK_BYTES_PER_ARTICLE: u64 = 6_000;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let sizes: Vec<usize> = args.iter().filter_map(|a| a.parse().ok()).collect();
    let sizes = if sizes.is_empty() {
        vec![1_000, 10_000]
    } else {
        sizes
    };
    if args.iter().any(|a| a == "--warm") {
        return warm_only(&sizes, args.iter().any(|a| a == "--keep-cache"));
    }
    if args.iter().any(|a| a == "--typing") {
        return typing(sizes.first().copied().unwrap_or(100_000));
    }
    let mut columns = Vec::new();
    for &docs in &sizes {
        let dir = std::env::temp_dir().join(format!("newsls-scale-{docs}"));
        if let Err(why) = room_for(&dir, docs) {
            eprintln!("{docs} articles: skipped, {why}");
            continue;
        }
        let started = Instant::now();
        let bytes = generate(&dir, docs);
        let generated = started.elapsed();
        // Every run reads the folder from the OS's page cache, as after a
        // checkout or an earlier run: on this machine the kernel drops
        // pages unused for a minute, and a 1M run from the disk took more
        // than twice as long to index (68 s against 26 s).
        let files = read_into_page_cache(&dir);
        eprintln!(
            "{docs} articles: {:.0} MiB in {} (ready in {:.1} s; its {files} files read into the page cache in {:.1} s)",
            bytes as f64 / 1_048_576.0,
            dir.display(),
            generated.as_secs_f64(),
            (started.elapsed() - generated).as_secs_f64()
        );
        // Cold: no index cache; the run writes one, which the warm start
        // then reads (nothing changed in between).
        let _ = std::fs::remove_dir_all(cache_dir());
        let mut server = measure_server(&dir, docs);
        wait_for_cache();
        server.warm = measure_warm(&dir, docs);
        let _ = std::fs::remove_dir_all(cache_dir());
        let mut check = measure_check(&dir);
        check.warm = Some(Box::new(measure_check(&dir)));
        columns.push((docs, server, check));
    }

    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!();
    print!("| measured |");
    for (docs, ..) in &columns {
        print!(" {} |", thousands(*docs));
    }
    println!();
    println!("|---|{}", "---|".repeat(columns.len()));
    type Row = (&'static str, fn(&ServerFigures, &Check) -> String);
    let rows: [Row; 20] = [
        ("spawn to the open document's symbols", |c, _| {
            ms(c.first_answer)
        }),
        ("spawn to the open document's first diagnostics", |c, _| {
            ms(c.first_diagnostics)
        }),
        ("spawn to the first cross-document definition", |c, _| {
            ms(c.first_definition)
        }),
        ("spawn to the end of indexing (wall)", |c, _| ms(c.indexed)),
        (
            "server CPU time to the end of indexing (user + system)",
            |c, _| format!("{:.2} s", c.cpu_seconds),
        ),
        ("peak memory of the server", |c, _| mib(c.peak_kib)),
        (
            "warm start (index cache, nothing changed): spawn to the first cross-document definition",
            |c, _| ms(c.warm.first_definition),
        ),
        ("warm start: server CPU time (user + system)", |c, _| {
            format!("{:.2} s", c.warm.cpu_seconds)
        }),
        ("warm start: peak memory of the server", |c, _| {
            mib(c.warm.peak_kib)
        }),
        ("`newsls check`: wall, CPU (user + system)", |_, k| {
            format!("{:.2} s, {:.2} s", k.seconds, k.cpu_seconds)
        }),
        ("`newsls check`: peak memory", |_, k| mib(k.peak_kib)),
        (
            "`newsls check` again, index cache warm: wall, CPU",
            |_, k| {
                k.warm.as_ref().map_or(String::new(), |w| {
                    format!("{:.2} s, {:.2} s", w.seconds, w.cpu_seconds)
                })
            },
        ),
        (
            "edit making an id unknown/known, to its diagnostics, 50 open (median / p99)",
            |c, _| format!("{} / {}", ms(c.edit.0), ms(c.edit.1)),
        ),
        (
            "hover round trip, right after the edits (median / p99)",
            |c, _| format!("{} / {}", ms(c.hover.0), ms(c.hover.1)),
        ),
        (
            "definition round trip, right after the edits (median / p99)",
            |c, _| format!("{} / {}", ms(c.definition.0), ms(c.definition.1)),
        ),
        (
            "the server's background work (cache, watcher) running at the start / end of those",
            |c, _| format!("{} / {}", yes_no(c.busy.0), yes_no(c.busy.1)),
        ),
        ("hover round trip, server idle (median / p99)", |c, _| {
            format!("{} / {}", ms(c.hover_idle.0), ms(c.hover_idle.1))
        }),
        (
            "definition round trip, server idle (median / p99)",
            |c, _| format!("{} / {}", ms(c.definition_idle.0), ms(c.definition_idle.1)),
        ),
        ("completion after `[@` (median / p99)", |c, _| {
            format!("{} / {}", ms(c.complete_ids.0), ms(c.complete_ids.1))
        }),
        ("completion of a typed `[@lastna` (median / p99)", |c, _| {
            format!("{} / {}", ms(c.complete_typed.0), ms(c.complete_typed.1))
        }),
    ];
    for (name, cell) in rows {
        print!("| {name} |");
        for (_, server, check) in &columns {
            print!(" {} |", cell(server, check));
        }
        println!();
    }
    println!();
    println!("load average (1, 5, 15 min) at the end: {}", load.trim());
}

/// What one server run measured.
struct ServerFigures {
    first_answer: Duration,
    first_diagnostics: Duration,
    first_definition: Duration,
    indexed: Duration,
    cpu_seconds: f64,
    peak_kib: u64,
    edit: (Duration, Duration),
    hover: (Duration, Duration),
    definition: (Duration, Duration),
    /// Whether the server's background work ran when the round trips
    /// above started, and when they ended.
    busy: (bool, bool),
    /// The same round trips once the background work is done.
    hover_idle: (Duration, Duration),
    definition_idle: (Duration, Duration),
    complete_ids: (Duration, Duration),
    complete_typed: (Duration, Duration),
    warm: Warm,
}

/// A start with the index cache the cold run wrote.
#[derive(Default)]
struct Warm {
    first_definition: Duration,
    /// The server's CPU time (user + system) when the first definition
    /// arrived: what the wait cost, whatever the machine's load.
    cpu_to_first: f64,
    cpu_seconds: f64,
    peak_kib: u64,
}

/// Where the servers the bench starts keep their index cache:
/// `NEWSLS_CACHE_DIR` when set (a folder of one's own, which other runs
/// of the bench do not empty), else one in the temp folder.
fn cache_dir() -> std::path::PathBuf {
    std::env::var_os("NEWSLS_CACHE_DIR")
        .filter(|dir| !dir.is_empty())
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("newsls-scale-cache"))
}

struct Check {
    seconds: f64,
    cpu_seconds: f64,
    peak_kib: u64,
    /// The same again, on the cache the first run wrote.
    warm: Option<Box<Check>>,
}

/// Waits until the cold server's index cache is on disk.
fn wait_for_cache() {
    let started = Instant::now();
    let written = || {
        std::fs::read_dir(cache_dir()).is_ok_and(|mut d| {
            d.any(|e| e.is_ok_and(|e| e.path().extension().is_some_and(|x| x == "bin")))
        })
    };
    while !written() {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "no index cache written"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The server spawned on `dir` as an editor starts it, with article 42
/// open: the moment of the spawn, the server, the article's text and URI.
fn start_with_article(dir: &Path, docs: usize) -> (Instant, Server, String, String) {
    let path = article(dir, 42.min(docs.saturating_sub(1)));
    let text = std::fs::read_to_string(&path).expect("read the article");
    let uri = uri(&path);
    let spawned = Instant::now();
    let mut server = Server::start();
    let root = crate::uri(dir);
    server.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": root,
            "workspaceFolders": [{ "uri": root, "name": "bench" }],
            "capabilities": {
                "window": { "workDoneProgress": true },
                "textDocument": { "publishDiagnostics": { "versionSupport": true } }
            }
        }),
    );
    server.notify("initialized", json!({}));
    server.open(&uri, &text, 1);
    (spawned, server, text, uri)
}

fn measure_server(dir: &Path, docs: usize) -> ServerFigures {
    let (spawned, mut server, text, uri) = start_with_article(dir, docs);
    server.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri } }),
    );
    let first_answer = spawned.elapsed();
    server.diagnostics(&uri, 1);
    let first_diagnostics = spawned.elapsed();
    // A mention of a registry entity: defined in another document.
    let mention = text.find("[@").expect("a mention") + 3;
    let at = position(&text, mention);
    let found = server.request(
        "textDocument/definition",
        json!({ "textDocument": { "uri": uri }, "position": at }),
    );
    let first_definition = spawned.elapsed();
    assert!(found.is_array(), "a definition: {found}");
    server.progress_end();
    let indexed = spawned.elapsed();
    let mut figures = ServerFigures {
        first_answer,
        first_diagnostics,
        first_definition,
        indexed,
        cpu_seconds: server.cpu_seconds(),
        peak_kib: 0,
        edit: Default::default(),
        hover: Default::default(),
        definition: Default::default(),
        busy: (false, false),
        hover_idle: Default::default(),
        definition_idle: Default::default(),
        complete_ids: Default::default(),
        complete_typed: Default::default(),
        warm: Warm::default(),
    };

    // 50 documents open, then edits to the first that make the id of
    // `[@id]` unknown and known again.
    let mut last_opened = None;
    for d in 1..OPEN_DOCUMENTS {
        let other = article(dir, (42 + d * 97) % docs.max(1));
        let other_text = std::fs::read_to_string(&other).expect("read an article");
        server.open(&crate::uri(&other), &other_text, 1);
        last_opened = Some(crate::uri(&other));
    }
    // The edits are timed from when the openings are taken in (the last
    // one's diagnostics arrived), not from behind them: the server takes
    // messages in order, and the first edit otherwise waited for fifty
    // documents to be read in.
    if let Some(last) = last_opened {
        server.diagnostics(&last, 1);
    }
    let id_end = mention + text[mention..].find(']').expect("the mention ends");
    let end = position(&text, id_end);
    let after = position(&text, id_end + 2);
    let mut edits = Vec::new();
    for i in 0..EDITS {
        let version = 2 + i as i64;
        let change = if i % 2 == 0 {
            json!({ "range": { "start": end, "end": end }, "text": "zz" })
        } else {
            json!({ "range": { "start": end, "end": after }, "text": "" })
        };
        let started = Instant::now();
        server.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [change] }),
        );
        server.diagnostics(&uri, version);
        edits.push(started.elapsed());
    }
    figures.edit = spread(edits);

    // Right after the edits, as a user would hover, the server may still
    // be writing its cache or setting up its watcher; then again once
    // that is done.
    let busy_at_start = server.background_work();
    (figures.hover, figures.definition) = lookups(&mut server, &uri, &at);
    figures.busy = (busy_at_start, server.background_work());
    server.wait_for_background_work();
    (figures.hover_idle, figures.definition_idle) = lookups(&mut server, &uri, &at);

    // Completion at the end of the first body line: `[@`, then `lastna`
    // typed after it (a person's last name, as `Lastname12`). The edits
    // above come in pairs, so the text is the one opened.
    let (line, _) = support::corpus::first_body_line(&text);
    let line_end = text
        .split_inclusive('\n')
        .take(line as usize + 1)
        .map(str::len)
        .sum::<usize>()
        - 1;
    let mut typed = String::new();
    let typing = (2 + EDITS as i64..).zip([" [@", "lastna"]);
    for (version, more) in typing {
        let at = position(
            &format!("{}{typed}", &text[..line_end]),
            line_end + typed.len(),
        );
        server.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version },
                    "contentChanges": [{ "range": { "start": at, "end": at }, "text": more }] }),
        );
        typed.push_str(more);
        let cursor = position(
            &format!("{}{typed}", &text[..line_end]),
            line_end + typed.len(),
        );
        let mut times = Vec::new();
        for _ in 0..COMPLETIONS {
            let started = Instant::now();
            let list = server.request(
                "textDocument/completion",
                json!({ "textDocument": { "uri": uri }, "position": cursor }),
            );
            times.push(started.elapsed());
            assert!(
                list["items"].as_array().is_some_and(|a| !a.is_empty()),
                "completions after {typed}: {list}"
            );
        }
        match more {
            " [@" => figures.complete_ids = spread(times),
            _ => figures.complete_typed = spread(times),
        }
    }
    // The cache is written after indexing; a server told to exit before
    // it is done leaves none for the warm start (at 1M the writing takes
    // longer than the round trips above).
    wait_for_cache();
    figures.peak_kib = server.peak_kib();
    server.stop();
    figures
}

/// `LOOKUPS` hovers and definitions at `at` of `uri`, one after the other:
/// the spread of each.
fn lookups(
    server: &mut Server,
    uri: &str,
    at: &Value,
) -> ((Duration, Duration), (Duration, Duration)) {
    let mut hovers = Vec::new();
    let mut definitions = Vec::new();
    for _ in 0..LOOKUPS {
        let params = json!({ "textDocument": { "uri": uri }, "position": at });
        let started = Instant::now();
        let hover = server.request("textDocument/hover", params.clone());
        hovers.push(started.elapsed());
        assert!(hover.is_object(), "a hover: {hover}");
        let started = Instant::now();
        server.request("textDocument/definition", params);
        definitions.push(started.elapsed());
    }
    (spread(hovers), spread(definitions))
}

/// Reads every file under `dir` once; returns how many there are.
fn read_into_page_cache(dir: &Path) -> usize {
    let mut files = 0;
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).into_iter().flatten().flatten() {
            let path = entry.path();
            match entry.file_type() {
                Ok(kind) if kind.is_dir() => folders.push(path),
                Ok(_) => {
                    let _ = std::fs::read(&path);
                    files += 1;
                }
                Err(_) => {}
            }
        }
    }
    files
}

fn yes_no(yes: bool) -> &'static str {
    if yes { "yes" } else { "no" }
}

/// Spawn to the first cross-document definition on the cache the cold
/// run wrote: the same requests as the cold run, nothing changed on disk.
fn measure_warm(dir: &Path, docs: usize) -> Warm {
    let (spawned, mut server, text, uri) = start_with_article(dir, docs);
    let mention = text.find("[@").expect("a mention") + 3;
    let found = server.request(
        "textDocument/definition",
        json!({ "textDocument": { "uri": uri }, "position": position(&text, mention) }),
    );
    let first_definition = spawned.elapsed();
    let cpu_to_first = server.cpu_seconds();
    assert!(found.is_array(), "a definition: {found}");
    server.progress_end();
    let warm = Warm {
        first_definition,
        cpu_to_first,
        cpu_seconds: server.cpu_seconds(),
        peak_kib: server.peak_kib(),
    };
    server.stop();
    warm
}

/// Only the warm start, five times a size.
fn warm_only(sizes: &[usize], keep_cache: bool) {
    for &docs in sizes {
        let dir = std::env::temp_dir().join(format!("newsls-scale-{docs}"));
        generate(&dir, docs);
        if !keep_cache {
            let _ = std::fs::remove_dir_all(cache_dir());
            let (_, mut server, ..) = start_with_article(&dir, docs);
            server.progress_end();
            wait_for_cache();
            server.stop();
        }
        for _ in 0..5 {
            let warm = measure_warm(&dir, docs);
            println!(
                "{}: warm start to the first cross-document definition {} (CPU {:.2} s), CPU {:.2} s to the end of the check, peak {}",
                thousands(docs),
                ms(warm.first_definition),
                warm.cpu_to_first,
                warm.cpu_seconds,
                mib(warm.peak_kib)
            );
        }
    }
}

/// `Ok` when the folder for `docs` articles is written already or fits in
/// the free space of the temp folder's file system (with a tenth to spare),
/// else why not.
fn room_for(dir: &Path, docs: usize) -> Result<(), String> {
    let marker = std::fs::read_to_string(dir.join(".generated")).unwrap_or_default();
    if marker.split_whitespace().nth(1) == Some(&docs.to_string()) {
        return Ok(());
    }
    let needed = docs as u64 * DISK_BYTES_PER_ARTICLE * 11 / 10;
    let parent = dir.parent().unwrap_or(dir);
    let output = Command::new("df")
        .args(["-Pk"])
        .arg(parent)
        .output()
        .map_err(|e| format!("cannot run df to see the free space: {e}"))?;
    let free_kib: u64 = String::from_utf8_lossy(&output.stdout)
        .lines()
        .nth(1)
        .and_then(|l| l.split_whitespace().nth(3))
        .and_then(|f| f.parse().ok())
        .ok_or("df did not say the free space")?;
    let free = free_kib * 1024;
    if free < needed {
        return Err(format!(
            "its folder needs about {:.1} GB in {} and {:.1} GB are free",
            needed as f64 / 1e9,
            parent.display(),
            free as f64 / 1e9
        ));
    }
    Ok(())
}

/// A long session of typing: `keystrokes` characters typed into ids of
/// `[@...]` mentions in an open article, each id new (twelve letters from
/// a counter: past the first few letters, each keystroke makes a partial
/// id never seen before),
/// a mention at a time, each finished mention taken out again. Prints the
/// server's resident memory every tenth of the way.
fn typing(keystrokes: usize) {
    let docs = 1_000;
    let dir = std::env::temp_dir().join(format!("newsls-scale-{docs}"));
    generate(&dir, docs);
    let (_, mut server, text, uri) = start_with_article(&dir, docs);
    server.progress_end();
    let end = position(&text, text.len());
    let mut version = 1;
    let mut typed = 0;
    let mut mention = 0u64;
    let started = Instant::now();
    println!(
        "{:>9} keystrokes: resident {} (peak {})",
        0,
        mib(server.resident_kib()),
        mib(server.peak_kib())
    );
    while typed < keystrokes {
        // A new id: the mention's number in base 26, twelve letters.
        let id: String = (0..12)
            .map(|i| char::from(b'a' + ((mention / 26u64.pow(i % 6)) % 26) as u8))
            .collect();
        mention += 1;
        version += 1;
        server.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version },
                    "contentChanges": [{ "range": { "start": end, "end": end }, "text": " [@]" }] }),
        );
        let mut column = end["character"].as_u64().unwrap_or(0) + 3;
        for c in id.chars() {
            let at = json!({ "line": end["line"], "character": column });
            version += 1;
            server.notify(
                "textDocument/didChange",
                json!({ "textDocument": { "uri": uri, "version": version },
                        "contentChanges": [{ "range": { "start": at, "end": at }, "text": c.to_string() }] }),
            );
            column += 1;
            typed += 1;
            if typed % (keystrokes / 10).max(1) == 0 {
                // An answer after the edits: every one was applied.
                server.request(
                    "textDocument/documentSymbol",
                    json!({ "textDocument": { "uri": uri } }),
                );
                println!(
                    "{typed:>9} keystrokes: resident {} (peak {}), {:.0} s",
                    mib(server.resident_kib()),
                    mib(server.peak_kib()),
                    started.elapsed().as_secs_f64()
                );
            }
        }
        // The mention taken out again: the document stays small.
        let after = json!({ "line": end["line"], "character": column + 1 });
        version += 1;
        server.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version },
                    "contentChanges": [{ "range": { "start": end, "end": after }, "text": "" }] }),
        );
    }
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!("load average (1, 5, 15 min) at the end: {}", load.trim());
    server.stop();
}

fn measure_check(dir: &Path) -> Check {
    let started = Instant::now();
    let output = Command::new("/usr/bin/time")
        .args(["-f", "%M %U %S"])
        .arg(env!("CARGO_BIN_EXE_newsls"))
        .arg("check")
        .arg(dir)
        .env("NEWSLS_CACHE_DIR", cache_dir())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .expect("run /usr/bin/time newsls check");
    let seconds = started.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let figures: Vec<f64> = stderr
        .lines()
        .next_back()
        .unwrap_or("")
        .split_whitespace()
        .filter_map(|f| f.parse().ok())
        .collect();
    let figure = |i: usize| figures.get(i).copied().unwrap_or(0.0);
    Check {
        seconds,
        cpu_seconds: figure(1) + figure(2),
        peak_kib: figure(0) as u64,
        warm: None,
    }
}

/// Median and 99th percentile.
fn spread(mut times: Vec<Duration>) -> (Duration, Duration) {
    times.sort();
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    (at(0.5), at(0.99))
}

fn ms(d: Duration) -> String {
    let ms = support::ms(d);
    if ms >= 1000.0 {
        format!("{:.2} s", ms / 1000.0)
    } else if ms >= 10.0 {
        format!("{ms:.0} ms")
    } else {
        format!("{ms:.2} ms")
    }
}

fn mib(kib: u64) -> String {
    format!("{:.0} MiB", kib as f64 / 1024.0)
}

fn thousands(n: usize) -> String {
    if n >= 1000 && n.is_multiple_of(1000) {
        format!("{}k", n / 1000)
    } else {
        n.to_string()
    }
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// The UTF-16 position of byte `offset` of `text`.
fn position(text: &str, offset: usize) -> Value {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    let character: usize = before[start..].chars().map(char::len_utf16).sum();
    json!({ "line": line, "character": character })
}

struct Server {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    next_id: i64,
    progress_ended: bool,
    /// Messages received while waiting for others, kept for later waits.
    backlog: Vec<Value>,
}

impl Server {
    fn start() -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_newsls"))
            .env("NEWSLS_CACHE_DIR", cache_dir())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            // With `NEWSLS_LOG` set (say `NEWSLS_LOG=debug`), the server's
            // log lines show where its time goes.
            .stderr(if std::env::var_os("NEWSLS_LOG").is_some() {
                Stdio::inherit()
            } else {
                Stdio::null()
            })
            .spawn()
            .expect("start newsls");
        // Read on the thread that waits, as a single-threaded editor
        // reads: a reader thread handing messages over a channel added a
        // wake-up of its own to every round trip measured. The server
        // reads its stdin whatever it is writing, so the bench's writes
        // never wait for its reads.
        let stdout = BufReader::new(child.stdout.take().expect("stdout"));
        Server {
            stdin: child.stdin.take().expect("stdin"),
            child,
            stdout,
            next_id: 0,
            progress_ended: false,
            backlog: Vec::new(),
        }
    }

    fn send(&mut self, message: Value) {
        // One write a message, as an editor's client sends it: written in
        // pieces, each piece woke the server's reader for nothing, and the
        // round trips measured those wake-ups.
        let body = message.to_string();
        let frame = format!("Content-Length: {}\r\n\r\n{body}", body.len());
        self.stdin.write_all(frame.as_bytes()).expect("write");
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    fn open(&mut self, uri: &str, text: &str, version: i64) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "markdown", "version": version, "text": text } }),
        );
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        self.wait(|m| m["id"] == id && m.get("method").is_none())["result"].clone()
    }

    /// Waits for the diagnostics of `uri` at `version`.
    fn diagnostics(&mut self, uri: &str, version: i64) {
        self.wait(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == version
        });
    }

    /// Waits for the end of the indexing progress (perhaps seen already).
    fn progress_end(&mut self) {
        if !self.progress_ended {
            self.wait(|m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end");
        }
    }

    fn wait(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.backlog.iter().position(&wanted) {
            return self.backlog.remove(i);
        }
        loop {
            let message = self.next_message().expect("the server answers");
            if message["method"] == "$/progress" && message["params"]["value"]["kind"] == "end" {
                self.progress_ended = true;
            }
            // The server's own requests (progress, file watchers) need an answer.
            if message.get("method").is_some() && message.get("id").is_some() {
                let id = message["id"].clone();
                self.send(json!({ "jsonrpc": "2.0", "id": id, "result": null }));
                continue;
            }
            if wanted(&message) {
                return message;
            }
            // Diagnostics superseded by later ones are of no interest.
            if message["method"] == "textDocument/publishDiagnostics" {
                let uri = &message["params"]["uri"];
                self.backlog.retain(|m| &m["params"]["uri"] != uri);
            }
            self.backlog.push(message);
        }
    }

    /// The next message the server sends; `None` when it stopped.
    fn next_message(&mut self) -> Option<Value> {
        let mut length = 0;
        loop {
            let mut line = String::new();
            if self.stdout.read_line(&mut line).ok()? == 0 {
                return None;
            }
            let line = line.trim();
            if line.is_empty() {
                break;
            }
            if let Some(n) = line.strip_prefix("Content-Length:") {
                length = n.trim().parse().ok()?;
            }
        }
        let mut body = vec![0; length];
        self.stdout.read_exact(&mut body).ok()?;
        serde_json::from_slice(&body).ok()
    }

    /// The CPU time the server used so far (user + system), in seconds.
    fn cpu_seconds(&self) -> f64 {
        let stat =
            std::fs::read_to_string(format!("/proc/{}/stat", self.child.id())).unwrap_or_default();
        // After the command name in parentheses come the state, then
        // fields 4 to 13; utime and stime are fields 14 and 15 of
        // proc(5), in clock ticks (100 a second on Linux).
        let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
        let fields: Vec<&str> = after.split_whitespace().collect();
        let ticks = |i: usize| {
            fields
                .get(i)
                .and_then(|f| f.parse::<f64>().ok())
                .unwrap_or(0.0)
        };
        (ticks(11) + ticks(12)) / 100.0
    }

    /// Whether the server is doing work of its own in the background
    /// (writing its cache, setting up its watcher): a thread named
    /// `newsls-background` lives for each such piece of work.
    fn background_work(&self) -> bool {
        let tasks = std::fs::read_dir(format!("/proc/{}/task", self.child.id()));
        tasks.into_iter().flatten().flatten().any(|task| {
            std::fs::read_to_string(task.path().join("comm"))
                // The kernel keeps 15 bytes of a thread's name.
                .is_ok_and(|name| name.trim_end() == "newsls-backgrou")
        })
    }

    /// Waits until the server's background work is done.
    fn wait_for_background_work(&self) {
        let started = Instant::now();
        while self.background_work() {
            assert!(
                started.elapsed() < Duration::from_secs(600),
                "the server's background work goes on"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The server's peak resident memory so far, in KiB.
    fn peak_kib(&self) -> u64 {
        self.status_kib("VmHWM:")
    }

    /// The server's resident memory now, in KiB.
    fn resident_kib(&self) -> u64 {
        self.status_kib("VmRSS:")
    }

    fn status_kib(&self, field: &str) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        status
            .lines()
            .find_map(|l| l.strip_prefix(field))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    }

    fn stop(mut self) {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let _ = self.child.wait();
    }
}
