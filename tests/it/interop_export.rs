//! `newsls export --format jsonld|brat|jsonl` and `newsls import brat`: the
//! built binary on the seeds and on an imported HIPE excerpt.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

use crate::support;
use crate::support::TempDir;

fn newsls(cwd: &Path, args: &[&str]) -> (String, String, Option<i32>) {
    let run = support::run_newsls(cwd, args);
    (run.stdout, run.stderr, run.code)
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The seeds and an imported HIPE excerpt, side by side.
fn corpus() -> TempDir {
    let dir = TempDir::new("export");
    let excerpt = repo().join("tests/data/hipe/newseye-dev-fr-excerpt.tsv");
    let (_, stderr, code) = newsls(
        dir.path(),
        &["import", "hipe", excerpt.to_str().unwrap(), "--out", "hipe"],
    );
    assert_eq!(code, Some(0), "{stderr}");
    dir
}

/// The item of the JSON array `list` whose `key` is `value`.
fn item_where<'a>(list: &'a Value, key: &str, value: &str) -> &'a Value {
    let items = list.as_array().expect("an array");
    let found = items.iter().find(|item| item[key] == value);
    found.unwrap_or_else(|| panic!("no item with {key} {value} in {list}"))
}

#[test]
fn jsonld_expands_with_a_json_ld_processor_and_every_entity_is_typed() {
    let (seeds, _, code) = newsls(&repo().join("seeds"), &["export", "--format", "jsonld"]);
    assert_eq!(code, Some(0));
    let value: Value = serde_json::from_str(&seeds).expect("JSON");
    let graph = value["@graph"].as_array().unwrap();
    assert_eq!(graph.len(), 3);
    let article = graph
        .iter()
        .find(|a| a["identifier"].as_str().unwrap().contains("talks"))
        .expect("the seed article");
    assert_eq!(article["@type"], "NewsArticle");
    assert_eq!(article["datePublished"], "2026-01-22");
    assert!(article["headline"].as_str().unwrap().contains("Witkoff"));
    let putin = item_where(&article["mentions"], "identifier", "putin");
    assert_eq!(putin["@type"], "Person");
    assert_eq!(putin["sameAs"], "https://www.wikidata.org/wiki/Q7747");
    let event = item_where(&article["about"], "@type", "Event");
    assert!(event["startDate"].is_string() && event["location"]["@type"] == "Place");
    assert!(!event["attendee"].as_array().unwrap().is_empty());

    let dir = corpus();
    let (hipe, _, code) = newsls(&dir.path().join("hipe"), &["export", "--format", "jsonld"]);
    assert_eq!(code, Some(0));

    let pyld = Command::new("python3")
        .args(["-c", "import pyld"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !pyld {
        println!(
            "SKIPPED the JSON-LD expansion: python3 with pyld is not installed (scripts/test installs it: pip install pyld)"
        );
        return;
    }
    for (what, json) in [("seeds", &seeds), ("hipe", &hipe)] {
        let mut child = Command::new("python3")
            .arg(repo().join("tests/jsonld/expand.py"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("python3");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(json.as_bytes())
            .unwrap();
        let output = child.wait_with_output().unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success(),
            "{what}: {stdout}{}",
            String::from_utf8_lossy(&output.stderr)
        );
        println!("{what}: {stdout}");
    }
}

/// `text` from character `start` to `end`.
fn chars(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

#[test]
fn brat_offsets_slice_the_txt_to_the_exact_surface_and_import_back() {
    let dir = corpus();
    for (folder, out) in [
        (repo().join("seeds"), "seeds-brat"),
        (dir.path().join("hipe"), "hipe-brat"),
    ] {
        let target = dir.path().join(out);
        let (_, stderr, code) = newsls(
            &folder,
            &[
                "export",
                "--format",
                "brat",
                "--out",
                target.to_str().unwrap(),
            ],
        );
        assert_eq!(code, Some(0), "{stderr}");
        let mut mentions = 0;
        let mut links = 0;
        for entry in std::fs::read_dir(&target).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "ann") {
                continue;
            }
            let text = std::fs::read_to_string(path.with_extension("txt")).unwrap();
            for line in std::fs::read_to_string(&path).unwrap().lines() {
                let columns: Vec<&str> = line.split('\t').collect();
                assert_eq!(columns.len(), 3, "{line}");
                if columns[0].starts_with('T') {
                    mentions += 1;
                    let offsets = columns[1].split_once(' ').unwrap().1;
                    let pieces: Vec<String> = offsets
                        .split(';')
                        .map(|f| {
                            let (a, b) = f.split_once(' ').unwrap();
                            chars(&text, a.parse().unwrap(), b.parse().unwrap())
                        })
                        .collect();
                    assert_eq!(pieces.join(" "), columns[2], "{}: {line}", path.display());
                } else if columns[0].starts_with('N') {
                    links += 1;
                    assert!(
                        columns[1].starts_with("Reference T") && columns[1].contains(" Wikidata:Q"),
                        "{line}"
                    );
                }
            }
        }
        assert!(
            mentions > 10 && links > 5,
            "{out}: {mentions} mentions, {links} links"
        );

        // And back: the same mentions and links.
        let back = dir.path().join(format!("{out}-back"));
        let (_, stderr, code) = newsls(
            dir.path(),
            &[
                "import",
                "brat",
                target.to_str().unwrap(),
                "--out",
                back.to_str().unwrap(),
            ],
        );
        assert_eq!(code, Some(0), "{stderr}");
        assert!(
            stderr.contains(&format!(" {mentions} mentions")),
            "{stderr}"
        );
        let (report, _, code) = newsls(&back, &["check"]);
        assert_eq!(code, Some(0), "{report}");
    }
}

#[test]
fn jsonl_has_one_object_a_mention() {
    let (out, _, code) = newsls(&repo().join("seeds"), &["export", "--format", "jsonl"]);
    assert_eq!(code, Some(0));
    let rows: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect();
    assert!(rows.len() > 10);
    let putin = rows.iter().find(|r| r["id"] == "putin").expect("putin");
    assert_eq!(putin["kind"], "person");
    assert_eq!(putin["wikidata"], "Q7747");
    for key in ["document", "start", "end", "surface"] {
        assert!(!putin[key].is_null(), "{key}");
    }
    assert!(putin["document"].as_str().unwrap().ends_with(".news.md"));
}

#[test]
fn graph_edges_weights_neighbourhood_and_dates() {
    let dir = TempDir::new("graph");
    dir.write(
        "registry.news.md",
        "---\nentities:\n  putin:\n    name: Vladimir Putin\n    kind: person\n    affiliation: \"@kremlin\"\n  kremlin:\n    name: Kremlin\n    kind: organization\n  witkoff:\n    name: Steve Witkoff\n    kind: person\n  trump:\n    name: Donald Trump\n    kind: person\n---\n",
    );
    dir.write(
        "a.news.md",
        "---\ndate: 2026-01-22\nentities:\n  talks:\n    name: Moscow talks\n    kind: event\n    participants: [\"@putin\", \"@witkoff\"]\n---\n[@putin] met [@witkoff] at the [Moscow talks](@talks).\n",
    );
    dir.write(
        "b.news.md",
        "---\ndate: 2026-01-23\n---\n[@putin] and [@witkoff] again.\n",
    );
    dir.write(
        "c.news.md",
        "---\ndate: 2026-02-01\n---\n[@witkoff] and [@trump].\n",
    );
    let graph = |args: &[&str]| -> Value {
        let mut all = vec!["graph", "--format", "json"];
        all.extend(args);
        let (out, stderr, code) = newsls(dir.path(), &all);
        assert_eq!(code, Some(0), "{stderr}");
        serde_json::from_str(&out).unwrap()
    };
    let edge = |g: &Value, a: &str, b: &str, kind: &str| -> Option<u64> {
        g["edges"].as_array().unwrap().iter().find_map(|e| {
            (e["source"] == a && e["target"] == b && e["kind"] == kind)
                .then(|| e["weight"].as_u64().unwrap())
        })
    };
    let all = graph(&[]);
    assert_eq!(
        edge(&all, "putin", "witkoff", "co-mention"),
        Some(2),
        "{all}"
    );
    assert_eq!(edge(&all, "talks", "putin", "participant"), Some(1));
    assert_eq!(edge(&all, "putin", "kremlin", "affiliation"), Some(1));
    assert_eq!(all["nodes"].as_array().unwrap().len(), 5);

    // One step from Trump: Witkoff; two: Putin and the talks too.
    let ids = |g: &Value| -> Vec<String> {
        g["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        ids(&graph(&["--around", "@trump", "--depth", "1"])),
        ["trump", "witkoff"]
    );
    assert_eq!(
        ids(&graph(&["--around", "@trump", "--depth", "2"])),
        ["putin", "talks", "trump", "witkoff"]
    );
    // January only: no Trump, and one document less for the co-mention.
    let january = graph(&["--since", "2026-01-01", "--until", "2026-01-31"]);
    assert!(!ids(&january).contains(&"trump".to_string()));
    assert_eq!(edge(&january, "putin", "witkoff", "co-mention"), Some(2));
    let late = graph(&["--since", "2026-01-23"]);
    assert_eq!(edge(&late, "putin", "witkoff", "co-mention"), Some(1));

    let (dot, _, code) = newsls(dir.path(), &["graph"]);
    assert_eq!(code, Some(0));
    assert!(dot.starts_with("graph newsls {"));
    assert!(
        dot.contains("\"putin\" -- \"witkoff\" [label=\"co-mention\", weight=2"),
        "{dot}"
    );
    let (_, stderr, code) = newsls(dir.path(), &["graph", "--around", "@nobody"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("`@nobody` is not defined"));
    assert_eq!(
        newsls(dir.path(), &["graph", "--since", "2026-02-30"]).2,
        Some(2)
    );
}
