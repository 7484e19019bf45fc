//! `newsls graph --format html`: the page opened in headless Chromium, as
//! a reader would open it: after its scripts run, every entity is on the
//! page, the graph is drawn (its nodes' colours are on the screenshot),
//! a click's account and the search box work. The screenshot is kept as
//! `target/tmp/graph.png` (docs/images/graph.png is a copy).

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::support::{self, TempDir};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Headless Chromium, or `None` (with the reason printed) when it is not
/// installed; under CI a missing Chromium fails the test.
fn chromium() -> Option<PathBuf> {
    let candidates = ["chromium", "chromium-browser", "google-chrome"];
    let found = std::env::var_os("NEWSLS_CHROMIUM")
        .map(PathBuf::from)
        .or_else(|| {
            candidates.iter().find_map(|name| {
                Command::new("sh")
                    .args(["-c", &format!("command -v {name}")])
                    .output()
                    .ok()
                    .filter(|o| o.status.success())
                    .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()))
            })
        });
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "Chromium is needed under CI (scripts/test installs it from apt)"
        );
        println!("SKIPPED: no Chromium here (scripts/test installs it from apt when run as root)");
    }
    found
}

/// Chromium run on `url` with the page's scripts given time to finish;
/// each run with a profile of its own, so parallel runs never share one.
fn run_chromium(chromium: &Path, profile: &TempDir, url: &str, action: &[&str]) -> String {
    let output = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--hide-scrollbars",
            "--virtual-time-budget=10000",
            "--window-size=1280,900",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(action)
        .arg(url)
        .output()
        .expect("run chromium");
    assert!(
        output.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn file_url(path: &Path) -> String {
    support::uri(path)
}

/// The `<li>` items of the entity list in a dumped DOM, with whether each
/// is hidden.
fn list_items(dom: &str) -> Vec<(String, bool)> {
    dom.split("<li id=\"entity-")
        .skip(1)
        .map(|item| {
            let id = item.split('"').next().unwrap_or_default().to_string();
            let tag_end = item.find('>').unwrap_or(0);
            (id, item[..tag_end].contains(" hidden"))
        })
        .collect()
}

fn attribute<'a>(dom: &'a str, name: &str) -> Option<&'a str> {
    let start = dom.find(&format!("{name}=\""))? + name.len() + 2;
    dom[start..].split('"').next()
}

#[test]
fn the_graph_page_in_chromium_lists_draws_searches_and_shows_accounts() {
    let seeds = repo().join("seeds");
    let json = support::run_newsls(&seeds, &["graph", "--format", "json"]);
    assert_eq!(json.code, Some(0), "{}", json.stderr);
    let graph: Value = serde_json::from_str(&json.stdout).unwrap();
    let nodes = graph["nodes"].as_array().unwrap();
    let edges = graph["edges"].as_array().unwrap();

    let dir = TempDir::new("graph-page");
    let page = dir.path().join("graph.html");
    let run = support::run_newsls(
        &seeds,
        &["graph", "--format", "html", "--out", page.to_str().unwrap()],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.stdout, "", "with --out nothing goes to stdout");
    let html = std::fs::read_to_string(&page).unwrap();
    // Every entity is on the page as text before any script runs.
    for node in nodes {
        let name = node["name"].as_str().unwrap();
        assert!(html.contains(name), "{name} is not on the page");
    }

    let Some(chromium) = chromium() else { return };
    let profile = TempDir::new("chromium-profile");
    let url = file_url(&page);

    // After the scripts ran: the drawing holds every node and edge, and the
    // list every entity, none hidden.
    let dom = run_chromium(&chromium, &profile, &url, &["--dump-dom"]);
    assert_eq!(
        attribute(&dom, "data-drawn-nodes"),
        Some(nodes.len().to_string().as_str()),
        "{dom}"
    );
    assert_eq!(
        attribute(&dom, "data-drawn-edges"),
        Some(edges.len().to_string().as_str())
    );
    let items = list_items(&dom);
    assert_eq!(items.len(), nodes.len());
    assert!(items.iter().all(|(_, hidden)| !hidden));
    assert!(dom.contains("<canvas"), "cytoscape drew no canvas");

    // Opening an entity (as a click on its node does) shows its account:
    // hover's, with its role and where it is defined.
    let dom = run_chromium(
        &chromium,
        &profile,
        &format!("{url}#@putin"),
        &["--dump-dom"],
    );
    let panel = dom
        .split("<aside id=\"account\"")
        .nth(1)
        .and_then(|rest| rest.split("</aside>").next())
        .expect("the account panel");
    assert!(panel.contains("<strong>Vladimir Putin</strong>"), "{panel}");
    assert!(panel.contains("President of Russia"), "{panel}");
    assert!(panel.contains("Defined in:"), "{panel}");
    assert!(dom.contains("<li id=\"entity-putin\" data-id=\"putin\""));
    assert!(dom.contains("class=\"selected\""), "the list marks it");

    // The search box (filled from `#q=`): only matching entities stay
    // listed, by alias too, accents ignored.
    let search = |query: &str| {
        let dom = run_chromium(
            &chromium,
            &profile,
            &format!("{url}#q={query}"),
            &["--dump-dom"],
        );
        let mut shown: Vec<String> = list_items(&dom)
            .into_iter()
            .filter(|(_, hidden)| !hidden)
            .map(|(id, _)| id)
            .collect();
        shown.sort();
        (shown, dom)
    };
    let (shown, dom) = search("witk");
    assert_eq!(shown, ["moscow-talks-2026-01-22", "witkoff"]);
    assert!(dom.contains(&format!("2 of {} entities match", nodes.len())));
    let (shown, _) = search("S%C3%93VEREIGN"); // "SÓVEREIGN": an alias of the RDIF
    assert_eq!(shown, ["rdif"]);

    // Something is drawn: the screenshot's graph area holds each kind's
    // colour (person blue, place green, event red) in node-sized amounts.
    // (With an account open, as the README shows it.)
    let shot = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("graph.png");
    let _ = std::fs::remove_file(&shot);
    run_chromium(
        &chromium,
        &profile,
        &format!("{url}#@putin"),
        &[&format!("--screenshot={}", shot.display())],
    );
    let counts = colour_counts(&shot, [(37, 99, 235), (22, 163, 74), (220, 38, 38)]);
    for (colour, count) in ["person", "place", "event"].iter().zip(counts) {
        assert!(
            count > 300,
            "only {count} {colour}-coloured pixels in the drawing ({})",
            shot.display()
        );
    }
    println!("screenshot: {}", shot.display());
}

/// How many pixels of the drawing's area (below the header, left of the
/// account panel) have each colour, within a small tolerance.
fn colour_counts<const N: usize>(png_path: &Path, colours: [(u8, u8, u8); N]) -> [usize; N] {
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(png_path).expect("the screenshot"),
    ));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    let mut counts = [0; N];
    for y in 170..(info.height as usize).min(760) {
        for x in 0..(info.width as usize).min(860) {
            let at = (y * info.width as usize + x) * channels;
            let (r, g, b) = (buf[at], buf[at + 1], buf[at + 2]);
            for (i, (cr, cg, cb)) in colours.iter().enumerate() {
                if r.abs_diff(*cr) < 12 && g.abs_diff(*cg) < 12 && b.abs_diff(*cb) < 12 {
                    counts[i] += 1;
                }
            }
        }
    }
    counts
}
