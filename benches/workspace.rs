//! Workspace benchmarks: `cargo bench --bench workspace [-- DOCS]`.
//!
//! Generates a folder of synthetic articles (default 5,000, shaped like the
//! seeds: front matter with a few entities, a body with mentions, plain
//! names and references to a shared registry), then measures what a user
//! waits for: the first index of the folder, diagnostics for one document,
//! a keystroke (snapshot + re-parse + index update + diagnostics), hover and
//! definition, and a full `check` of every document.

// Tests and benchmarks may unwrap: a panic there fails the run, it
// crashes no user.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use newsls::ide::{completion, definition, diagnostics, hover, references, symbols};
use newsls::workspace::{self, Change, Workspace};

mod support;
use support::corpus::{self, article};
use support::ms;

/// Counts the bytes the heap holds now and at most, so the bench can say
/// what indexing keeps (the workspace and its index) and what it needed
/// on the way, without an external profiler.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is passed on to the system allocator unchanged;
// only the counters are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The index cache: written chunk by chunk, then read back into a
/// workspace as a warm start does; the time of each step and the heap the
/// writing needs beyond the workspace.
fn index_cache(ws: &Workspace, dir: &std::path::Path, docs: usize) {
    let file = std::env::temp_dir().join(format!("newsls-bench-cache-{docs}.bin"));
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let started = Instant::now();
    workspace::cache::write(&file, ws).unwrap();
    let written = started.elapsed();
    let extra = PEAK.load(Ordering::Relaxed) - before;
    let size = std::fs::metadata(&file).map_or(0, |m| m.len());
    // As the server's warm start reads it: the documents that define
    // something, indexed alone (what answers definitions), then the rest.
    let started = Instant::now();
    let mut staged = workspace::cache::Staged::open(&file).unwrap();
    let mut entries = staged.definers().unwrap();
    let definers = entries.len();
    let mut stage = Workspace::new(vec![dir.to_path_buf()]);
    stage.extend_cached(entries.clone());
    let definitions = started.elapsed();
    entries.append(staged.rest().unwrap());
    assert_eq!(entries.len(), ws.len());
    let decoded = started.elapsed() - definitions;
    let mut warm = Workspace::new(vec![dir.to_path_buf()]);
    warm.extend_cached(entries);
    let indexed = started.elapsed() - definitions - decoded;
    println!(
        "index cache: {:.1} MiB written in {:.0} ms ({:.1} MiB of heap beyond the workspace); the {definers} documents that define something read, decoded and indexed in {:.0} ms, then the rest read and decoded in {:.0} ms, all indexed in {:.0} ms",
        size as f64 / 1_048_576.0,
        ms(written),
        heap_mib(extra),
        ms(definitions),
        ms(decoded),
        ms(indexed)
    );
    let _ = std::fs::remove_file(&file);
}

fn heap_mib(bytes: usize) -> f64 {
    bytes as f64 / 1_048_576.0
}

fn main() {
    let (docs, dir, written) = corpus::from_args("newsls-bench");
    println!(
        "corpus: {docs} articles + registry, {:.1} MiB, in {}",
        written as f64 / 1_048_576.0,
        dir.display()
    );
    println!("threads: {}", rayon::current_num_threads());

    let rss_before = resident_kib();
    let heap_before = LIVE.load(Ordering::Relaxed);
    PEAK.store(heap_before, Ordering::Relaxed);
    let mut ws = Workspace::new(vec![dir.clone()]);
    let start = Instant::now();
    let paths =
        workspace::discover(std::slice::from_ref(&dir), workspace::Links::WithinRoots).documents;
    let found = start.elapsed();
    let errors = workspace::load(&mut ws, &paths);
    let total = start.elapsed();
    assert!(errors.is_empty(), "{errors:?}");
    println!(
        "first index: {} files in {:.0} ms (discover {:.0} ms, read+parse+index {:.0} ms)",
        ws.len(),
        ms(total),
        ms(found),
        ms(total - found)
    );

    println!(
        "resident memory grew by {:.0} MiB while indexing",
        (resident_kib().saturating_sub(rss_before)) as f64 / 1024.0
    );
    let held = LIVE.load(Ordering::Relaxed) - heap_before;
    println!(
        "heap held by the workspace after indexing: {:.1} MiB ({} bytes a document); at most {:.1} MiB while indexing",
        heap_mib(held),
        held / ws.len().max(1),
        heap_mib(PEAK.load(Ordering::Relaxed) - heap_before)
    );
    bytes_held(&ws);
    index_cache(&ws, &dir, docs);

    let target = article(&dir, 42);
    let text = ws
        .load_file(&target)
        .map(|f| f.text.clone())
        .unwrap_or_default();
    let mention_at = text.find("[@").map_or(0, |i| i + 3);

    report("diagnostics, one document", 200, || {
        diagnostics::collect(&ws, &target).len()
    });
    report("hover on a mention", 2_000, || {
        hover::find(&ws, &target, mention_at).map_or(0, |h| h.markdown.len())
    });
    report("definition from a mention", 2_000, || {
        definition::find(&ws, &target, mention_at).len()
    });

    report("references from a mention", 200, || {
        references::find(&ws, &target, mention_at, true).len()
    });
    report("completion after `[@`", 100, || {
        completion::complete(&ws, &target, mention_at - 1)
            .items
            .len()
    });
    // An edit that changes how many documents mention a defined id, then
    // `[@`: the ids' order by mentions is made again for that snapshot.
    let mut counting = ws.clone();
    let counted = dir.join("counting.news.md");
    let mut n = 0;
    report(
        "edit changing a mention count, then completion after `[@`",
        50,
        || {
            n += 1;
            let (id, ..) = corpus::entity(n % 2);
            let text = format!("Met [@{id}] and [@");
            counting.apply(Change::Set {
                path: counted.clone(),
                text: text.clone(),
            });
            completion::complete(&counting, &counted, text.len())
                .items
                .len()
        },
    );
    // Typed queries: every id and name is folded and scored.
    let mut typing = ws.clone();
    let typed = dir.join("typing.news.md");
    for (label, text) in [
        ("completion of a typed `[@lastname1`", "Met [@lastname1"),
        ("completion of a typed `[Firstname1 L`", "Met [Firstname1 L"),
    ] {
        typing.apply(Change::Set {
            path: typed.clone(),
            text: text.to_string(),
        });
        report(label, 20, || {
            completion::complete(&typing, &typed, text.len())
                .items
                .len()
        });
    }
    report("workspace symbols for `lastname1`", 20, || {
        symbols::workspace(&ws, "lastname1").len()
    });

    // A keystroke while a request still holds the previous snapshot: the
    // edit must not copy the workspace.
    let mut typed = text.clone();
    let mut host = ws.clone();
    report("keystroke: snapshot + edit + diagnostics", 200, || {
        let snapshot = host.clone();
        typed.insert(typed.len() / 2, 'x');
        host.apply(Change::Set {
            path: target.clone(),
            text: typed.clone(),
        });
        let n = diagnostics::collect(&host, &target).len();
        drop(snapshot);
        n
    });

    let start = Instant::now();
    // A snapshot per document, as `newsls check` does: what one reads
    // again from disk goes with it.
    let count: usize = ws
        .entries()
        .map(|f| diagnostics::collect(&ws.clone(), &f.path).len())
        .sum();
    println!(
        "diagnostics for all {} documents: {:.0} ms ({count} diagnostics)",
        ws.len(),
        ms(start.elapsed())
    );
}

/// Runs `f` `runs` times and prints the median and the slowest run.
fn report(what: &str, runs: usize, mut f: impl FnMut() -> usize) {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(f());
            start.elapsed()
        })
        .collect();
    times.sort();
    let median = times[runs / 2];
    let max = times[runs - 1];
    println!(
        "{what}: median {:.3} ms, max {:.3} ms over {runs} runs",
        ms(median),
        ms(max)
    );
}

/// This process's resident memory, in KiB.
fn resident_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// What each structure of the indexed documents holds, counted from their
/// lengths (heap blocks' own overhead and the index's maps not included):
/// documents kept whole (open, or given as text) hold their text, line
/// index and parse; the others only their summary and definitions.
fn bytes_held(ws: &Workspace) {
    use newsls::syntax::{EntityDef, Mention, Reference, TextRange};
    use newsls::workspace::Name;
    use std::mem::size_of;
    let (mut text, mut lines, mut mentions, mut prose, mut entities, mut references) =
        (0, 0, 0, 0, 0, 0);
    let (mut summary, mut whole) = (0, 0);
    for entry in ws.entries() {
        entities += entry
            .entities()
            .iter()
            .map(|e| {
                size_of::<EntityDef>()
                    + e.id.len()
                    + e.name.as_ref().map_or(0, |n| n.value.len())
                    + e.aliases.iter().map(|a| 40 + a.value.len()).sum::<usize>()
            })
            .sum::<usize>();
        // The front matter kept for a definition's position: its text and
        // its line starts.
        lines += entry.text_and_lines(0).map_or(0, |(text, l)| {
            let head = if entry.kept_whole().is_some() {
                0
            } else {
                text.len()
            };
            head + l.line_count() * size_of::<usize>()
        });
        references += entry
            .references()
            .iter()
            .map(|r| size_of::<Reference>() + r.id.len() + r.owner.len())
            .sum::<usize>();
        // Ids and names are interned: a summary holds a pointer each, the
        // texts are counted once below.
        let s = entry.summary();
        summary += (s.defines.len() + s.mentions.len() + s.references.len() + 2 * s.names.len())
            * size_of::<Name>();
        let Some(file) = entry.kept_whole() else {
            continue;
        };
        whole += 1;
        text += file.text.len();
        let doc = &file.doc;
        mentions += doc
            .mentions
            .iter()
            .map(|m| size_of::<Mention>() + m.id.len())
            .sum::<usize>();
        prose += doc.prose.len() * size_of::<TextRange>();
    }
    let n = ws.len().max(1);
    println!("documents kept whole: {whole} of {}", ws.len());
    for (what, bytes) in [
        ("text", text),
        ("line indexes (and kept front matter)", lines),
        ("mentions", mentions),
        ("prose ranges", prose),
        ("entity definitions", entities),
        ("@ references", references),
        ("summaries", summary),
        (
            "interned ids and names (once each)",
            newsls::workspace::interned_bytes(),
        ),
    ] {
        println!(
            "bytes held: {what}: {:.1} MiB ({} bytes a document)",
            bytes as f64 / 1_048_576.0,
            bytes / n
        );
    }
}
