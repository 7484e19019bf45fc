//! A synthetic corpus shaped like the seeds: a registry of people and
//! organisations, and articles that define an event and a local figure,
//! mention registry people in both forms, and name one in plain words.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const PEOPLE: usize = 400;

/// Writes the corpus (once per size) and returns its size in bytes.
pub fn generate(dir: &Path, docs: usize) -> usize {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).expect("create bench folder");
    let mut written = 0;
    let mut write = |path: PathBuf, text: String| {
        written += text.len();
        std::fs::write(path, text).expect("write bench file");
    };
    let mut registry = String::from("---\ntitle: Registry\nentities:\n");
    for p in 0..PEOPLE {
        let _ = write!(
            registry,
            "  person-{p}:\n    name: Firstname{p} Lastname{p}\n    kind: person\n    role: Minister of Things {p}\n    affiliation: \"@org-{}\"\n    aliases: [Lastname{p}]\n",
            p % 40
        );
    }
    for o in 0..40 {
        let _ = write!(
            registry,
            "  org-{o}:\n    name: Organisation {o}\n    kind: organization\n"
        );
    }
    registry.push_str("---\n");
    for p in 0..PEOPLE {
        let _ = writeln!(registry, "[@person-{p}]");
    }
    write(dir.join("registry.news.md"), registry);

    for d in 0..docs {
        let a = (d * 7) % PEOPLE;
        let b = (d * 13 + 5) % PEOPLE;
        let c = (d * 31 + 11) % PEOPLE;
        let mut text = format!(
            "---\ntitle: \"Article {d}\"\ndate: 2026-{:02}-{:02}\nsource: Bench Wire\nentities:\n  event-{d}:\n    name: Summit number {d}\n    kind: event\n    date: 2026-01-22\n    participants: [\"@person-{a}\", \"@person-{b}\"]\n  local-{d}:\n    name: Local Figure {d}\n    kind: person\n    role: Spokesperson\n---\n",
            d % 12 + 1,
            d % 28 + 1
        );
        for paragraph in 0..8 {
            let _ = write!(
                text,
                "The [summit number {d}](@event-{d}) brought [Lastname{a}](@person-{a}) and [@person-{b}] together, paragraph {paragraph}. \
                 Officials said the talks with Lastname{c} were productive 🇺🇦 and that [Local Figure {d}](@local-{d}) \
                 would brief reporters later, while the weather in the capital stayed cold and the markets moved little. \
                 Analysts expect further meetings as the negotiations continue over the coming weeks.\n\n"
            );
        }
        write(dir.join(format!("article-{d:05}.news.md")), text);
    }
    written
}
