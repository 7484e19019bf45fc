//! Writing imported documents: from plain text with typed, maybe linked
//! mention spans (what every corpus format gives) to `*.news.md` files with
//! entities, ids and a registry. Shared by the importers.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::body::{self, LAYOUT_CLOSE, LAYOUT_OPEN};
use super::slug::slug;
use super::{OutFile, yaml_string};
use crate::syntax::EntityKind;

/// One document of a corpus.
#[derive(Clone, Debug, Default)]
pub struct SourceDoc {
    /// The file name, without `.news.md`.
    pub stem: String,
    /// Front matter lines (`title: …`), each ending with a line break;
    /// `entities:` is added after them.
    pub front: String,
    pub text: String,
    /// In text order, not overlapping.
    pub mentions: Vec<SourceMention>,
    /// The token layout comment's content, when the corpus has tokens.
    pub layout: Option<String>,
    pub tokens: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceMention {
    /// Byte range of the text.
    pub range: Range<usize>,
    /// The corpus's type: `PER`, `pers`, `HumanProd`…
    pub kind: String,
    /// A Wikidata Q-id.
    pub link: Option<String>,
}

/// Surface forms counted, first seen first.
#[derive(Default)]
struct Surfaces {
    counts: Vec<(String, usize)>,
}

impl Surfaces {
    fn add(&mut self, surface: &str) {
        match self.counts.iter_mut().find(|(s, _)| s == surface) {
            Some((_, n)) => *n += 1,
            None => self.counts.push((surface.to_string(), 1)),
        }
    }

    /// The most frequent form (the first seen among equals), and the others
    /// by frequency.
    fn name_and_aliases(&self) -> (String, Vec<String>) {
        let mut sorted: Vec<&(String, usize)> = self.counts.iter().collect();
        sorted.sort_by_key(|s| std::cmp::Reverse(s.1));
        let mut names = sorted.into_iter().map(|(s, _)| s.clone());
        let name = names.next().unwrap_or_default();
        (name, names.collect())
    }
}

/// An entity being made: where it comes from and the forms it takes.
struct Pending {
    key: EntityKey,
    coarse: String,
    surfaces: Surfaces,
    documents: Vec<usize>,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum EntityKey {
    /// Every mention linked to this Q-id, in every document.
    Linked(String),
    /// Unlinked mentions of one surface and type in one document.
    Unlinked {
        document: usize,
        surface: String,
        coarse: String,
    },
}

/// What an import made, and what it counted.
#[derive(Debug, Default)]
pub struct Imported {
    pub files: Vec<OutFile>,
    pub documents: usize,
    pub tokens: usize,
    pub mentions: usize,
    pub entities: usize,
    pub linked_entities: usize,
    pub shared_entities: usize,
}

/// Whitespace runs (a mention across a line end) as one space: names are
/// one line.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Writes `docs` as newsls documents: one `*.news.md` a document, and
/// `registry.news.md` for the linked entities met in more than one.
pub fn build(docs: &[SourceDoc]) -> Imported {
    // Gather the entities, in order of first mention.
    let mut pending: Vec<Pending> = Vec::new();
    let mut index: HashMap<EntityKey, usize> = HashMap::new();
    let mut mention_entity: Vec<Vec<usize>> = Vec::new();
    for (d, doc) in docs.iter().enumerate() {
        let mut of_doc = Vec::new();
        for mention in &doc.mentions {
            let surface = one_line(doc.text.get(mention.range.clone()).unwrap_or_default());
            let key = match &mention.link {
                Some(q) => EntityKey::Linked(q.clone()),
                None => EntityKey::Unlinked {
                    document: d,
                    surface: surface.clone(),
                    coarse: mention.kind.clone(),
                },
            };
            let at = *index.entry(key.clone()).or_insert_with(|| {
                pending.push(Pending {
                    key,
                    coarse: mention.kind.clone(),
                    surfaces: Surfaces::default(),
                    documents: Vec::new(),
                });
                pending.len() - 1
            });
            let entity = &mut pending[at];
            entity.surfaces.add(&surface);
            if entity.documents.last() != Some(&d) {
                entity.documents.push(d);
            }
            of_doc.push(at);
        }
        mention_entity.push(of_doc);
    }

    // Ids: linked entities first, so they get the plain slugs.
    let mut ids: Vec<String> = vec![String::new(); pending.len()];
    let mut taken: HashSet<String> = HashSet::new();
    let mut order: Vec<usize> = (0..pending.len()).collect();
    order.sort_by_key(|&i| !matches!(pending[i].key, EntityKey::Linked(_)));
    for i in order {
        let entity = &pending[i];
        let (name, _) = entity.surfaces.name_and_aliases();
        let base = slug(&name);
        let tie = match &entity.key {
            EntityKey::Linked(q) => format!("{base}-{}", q.to_ascii_lowercase()),
            EntityKey::Unlinked { coarse, .. } => format!("{base}-{}", slug(coarse)),
        };
        let mut id = base;
        if taken.contains(&id) {
            id = tie.clone();
        }
        let mut n = 2;
        while taken.contains(&id) {
            id = format!("{tie}-{n}");
            n += 1;
        }
        taken.insert(id.clone());
        ids[i] = id;
    }

    let shared = |e: &Pending| matches!(e.key, EntityKey::Linked(_)) && e.documents.len() > 1;
    let mut names: HashSet<String> = HashSet::new();
    let mut files = Vec::new();
    let mut imported = Imported::default();
    for (d, doc) in docs.iter().enumerate() {
        let spans: Vec<(Range<usize>, String)> = doc
            .mentions
            .iter()
            .zip(&mention_entity[d])
            .map(|(m, &e)| (m.range.clone(), ids[e].clone()))
            .collect();
        let mut defined: Vec<usize> = mention_entity[d]
            .iter()
            .copied()
            .filter(|&e| !shared(&pending[e]))
            .collect();
        defined.sort();
        defined.dedup();
        let mut out = String::from("---\n");
        out.push_str(&doc.front);
        if !defined.is_empty() {
            out.push_str("entities:\n");
            for &e in &defined {
                out.push_str(&entity_yaml(&ids[e], &pending[e]));
            }
        }
        out.push_str("---\n");
        out.push_str(&body::render(&doc.text, &spans));
        match &doc.layout {
            Some(layout) => out.push_str(&format!("\n\n{LAYOUT_OPEN}{layout}{LAYOUT_CLOSE}\n")),
            None => out.push('\n'),
        }
        let name = unique_name(&doc.stem, &mut names);
        files.push(OutFile {
            path: format!("{name}.news.md"),
            text: out,
        });
        imported.tokens += doc.tokens;
        imported.mentions += spans.len();
    }
    let registry: Vec<usize> = (0..pending.len())
        .filter(|&e| shared(&pending[e]))
        .collect();
    if !registry.is_empty() {
        let mut out = String::from(
            "---\ntitle: \"Entities linked in more than one imported document\"\nentities:\n",
        );
        for &e in &registry {
            out.push_str(&entity_yaml(&ids[e], &pending[e]));
        }
        out.push_str("---\n");
        files.push(OutFile {
            path: unique_name("registry", &mut names) + ".news.md",
            text: out,
        });
    }
    imported.files = files;
    imported.documents = docs.len();
    imported.entities = pending.len();
    imported.linked_entities = pending
        .iter()
        .filter(|e| matches!(e.key, EntityKey::Linked(_)))
        .count();
    imported.shared_entities = registry.len();
    imported
}

fn unique_name(stem: &str, taken: &mut HashSet<String>) -> String {
    let mut name = stem.to_string();
    let mut n = 2;
    while !taken.insert(name.clone()) {
        name = format!("{stem}-{n}");
        n += 1;
    }
    name
}

fn entity_yaml(id: &str, entity: &Pending) -> String {
    let (name, aliases) = entity.surfaces.name_and_aliases();
    let kind = kind_of(&entity.coarse);
    let mut out = format!("  {id}:\n    name: {}\n", yaml_string(&name));
    if let Some(kind) = kind {
        out.push_str(&format!("    kind: {}\n", kind.as_str()));
    }
    if kind.is_none() || coarse_of(kind) != entity.coarse {
        out.push_str(&format!("    type: {}\n", yaml_string(&entity.coarse)));
    }
    if let EntityKey::Linked(q) = &entity.key {
        out.push_str(&format!("    wikidata: {q}\n"));
    }
    if !aliases.is_empty() {
        let list: Vec<String> = aliases.iter().map(|a| yaml_string(a)).collect();
        out.push_str(&format!("    aliases: [{}]\n", list.join(", ")));
    }
    out
}

/// The kind a coarse type maps to: `pers`→person, `org`→organization,
/// `loc`→place, in any case. Other types get no kind.
pub fn kind_of(coarse: &str) -> Option<EntityKind> {
    match coarse.to_ascii_lowercase().as_str() {
        "pers" | "per" => Some(EntityKind::Person),
        "org" => Some(EntityKind::Organization),
        "loc" => Some(EntityKind::Place),
        _ => None,
    }
}

/// The coarse type written for a kind when the entity keeps no `type`.
pub fn coarse_of(kind: Option<EntityKind>) -> &'static str {
    match kind {
        Some(EntityKind::Person) => "PER",
        Some(EntityKind::Organization) => "ORG",
        Some(EntityKind::Place) => "LOC",
        Some(EntityKind::Event) => "EVENT",
        None => "MISC",
    }
}
