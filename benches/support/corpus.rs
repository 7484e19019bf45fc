//! A synthetic desk archive shaped like real ones, as the performance goals
//! are measured on: articles of 3-6 KB, each mentioning 12 entities; one registry entity for every ten
//! articles (people with roles, affiliations and aliases, organisations,
//! places), kept in registry documents of 100 entities each; and one
//! article in ten defining an event, with a place and participants, that
//! later articles mention.

// Each benchmark uses part of it.
#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Entities per registry document.
const PER_REGISTRY: usize = 100;
/// Entities each article mentions.
pub const MENTIONED: usize = 12;
/// Bumped when the shape changes, so an old folder is written again.
const SHAPE: &str = "desk-archive-2";

/// How many registry entities a folder of `docs` articles has.
pub fn registry_size(docs: usize) -> usize {
    (docs / 10).max(60)
}

/// The id, name, alias and kind of registry entity `e`.
pub fn entity(e: usize) -> (String, String, String, &'static str) {
    match e % 3 {
        0 => (
            format!("person-{e}"),
            format!("Firstname{e} Lastname{e}"),
            format!("Lastname{e}"),
            "person",
        ),
        1 => (
            format!("org-{e}"),
            format!("Organisation {e}"),
            format!("Org{e}"),
            "organization",
        ),
        _ => (
            format!("place-{e}"),
            format!("Town {e}"),
            format!("Townsville{e}"),
            "place",
        ),
    }
}

/// The registry entities article `d` mentions, distinct.
pub fn mentioned_by(d: usize, docs: usize) -> Vec<usize> {
    let size = registry_size(docs);
    let mut picked: Vec<usize> = Vec::with_capacity(MENTIONED);
    let mut k = 0;
    while picked.len() < MENTIONED.min(size) {
        let e = (d.wrapping_mul(7919) + k * k * 31 + k * 17) % size;
        if !picked.contains(&e) {
            picked.push(e);
        }
        k += 1;
    }
    picked
}

/// The path of article `d`.
pub fn article(dir: &Path, d: usize) -> PathBuf {
    dir.join(format!("{:03}", d / 1000))
        .join(format!("article-{d:06}.news.md"))
}

/// The first body line of an article (its summit sentence) and its length:
/// where the benchmarks type.
pub fn first_body_line(text: &str) -> (u32, u32) {
    let line = text
        .lines()
        .position(|l| l.starts_with("The [summit"))
        .expect("a body line");
    let end = text.lines().nth(line).map_or(0, str::len);
    (line as u32, end as u32)
}

/// The corpus a benchmark runs on, by its command line: as many articles
/// as the first number among the arguments says (5,000 when none), written
/// once in the temporary folder `{folder}-{docs}`. Returns the number, the
/// folder and its size in bytes.
pub fn from_args(folder: &str) -> (usize, PathBuf, usize) {
    let docs: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(5_000);
    let dir = std::env::temp_dir().join(format!("{folder}-{docs}"));
    let written = generate(&dir, docs);
    (docs, dir, written)
}

/// Writes the corpus (once per size and shape: an existing one is kept)
/// and returns its size in bytes.
pub fn generate(dir: &Path, docs: usize) -> usize {
    let marker = dir.join(".generated");
    let wanted = format!("{SHAPE} {docs}");
    if let Ok(found) = std::fs::read_to_string(&marker)
        && let Some(bytes) = found.strip_prefix(&format!("{wanted} "))
        && let Ok(bytes) = bytes.trim().parse()
    {
        return bytes;
    }
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).expect("create bench folder");
    let mut written = 0;
    let mut write = |path: PathBuf, text: String| {
        written += text.len();
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create bench folder");
        }
        std::fs::write(path, text).expect("write bench file");
    };

    let size = registry_size(docs);
    for first in (0..size).step_by(PER_REGISTRY) {
        let mut text = format!("---\ntitle: Registry {first}\ndate: 2025-01-01\nentities:\n");
        for e in first..(first + PER_REGISTRY).min(size) {
            let (id, name, alias, kind) = entity(e);
            let _ = write!(
                text,
                "  {id}:\n    name: {name}\n    kind: {kind}\n    aliases: [{alias}]\n"
            );
            if kind == "person" {
                let _ = write!(
                    text,
                    "    role: Minister of Things {e}\n    affiliation: \"@{}\"\n",
                    entity(e - e % 3 + 1).0
                );
            }
        }
        text.push_str("---\nThe desk's registry.\n");
        write(
            dir.join("registry")
                .join(format!("registry-{:05}.news.md", first / PER_REGISTRY)),
            text,
        );
    }

    for d in 0..docs {
        let mentioned = mentioned_by(d, docs);
        let mut text = format!(
            "---\ntitle: \"Article {d}\"\ndate: 20{:02}-{:02}-{:02}\nsource: Bench Wire\n",
            20 + d % 7,
            d % 12 + 1,
            d % 28 + 1
        );
        let defines_event = d % 10 == 0;
        if defines_event {
            let participants: Vec<String> = mentioned
                .iter()
                .take(3)
                .map(|&e| format!("\"@{}\"", entity(e).0))
                .collect();
            let _ = write!(
                text,
                "entities:\n  event-{d}:\n    name: Summit number {d}\n    kind: event\n    date: 2026-01-22\n    aliases: [summit {d}]\n    participants: [{}]\n",
                participants.join(", ")
            );
        }
        text.push_str("---\n");
        // An earlier event, mentioned by the nine articles after it.
        let event = d - d % 10;
        // 3-6 KB: four to eight paragraphs of about 700 bytes.
        let paragraphs = 4 + d % 5;
        for p in 0..paragraphs {
            let (a_id, a_name, _, _) = entity(mentioned[(2 * p) % MENTIONED]);
            let (b_id, _, b_alias, _) = entity(mentioned[(2 * p + 1) % MENTIONED]);
            let plain = entity(mentioned[(p + 5) % MENTIONED]).1;
            let _ = write!(
                text,
                "The [summit number {event}](@event-{event}) brought [{a_name}](@{a_id}) and [{b_alias}](@{b_id}) together, paragraph {p}. \
                 Officials said the talks with {plain} were productive 🇺🇦 and that [@{}] would brief reporters later, \
                 while the weather in the capital stayed cold and the markets moved little. Analysts expect further \
                 meetings as the negotiations continue over the coming weeks, and diplomats from several delegations \
                 said that a joint statement was being drafted but that important differences remained on the \
                 sequencing of the commitments each side would make, on the guarantees and on who would monitor them.\n\n",
                entity(mentioned[(p + 8) % MENTIONED]).0
            );
        }
        write(article(dir, d), text);
    }
    let _ = std::fs::write(&marker, format!("{wanted} {written}\n"));
    written
}
