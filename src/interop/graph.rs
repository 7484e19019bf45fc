//! The entity graph: entities and events as nodes; edges for
//! participation, place, affiliation and co-mention within a document,
//! weighted by the number of documents that say so. Optionally restricted
//! to documents in a date range, or to the neighbourhood of one entity.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use serde::Serialize;

use super::document::Export;
use crate::syntax::Date;

pub mod page;

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Node {
    pub id: String,
    pub name: String,
    pub kind: Option<&'static str>,
    pub wikidata: Option<String>,
    /// Documents that mention it.
    pub documents: usize,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Edge {
    pub source: String,
    pub target: String,
    /// `participant`, `place`, `affiliation`, `country` or `co-mention`.
    pub kind: &'static str,
    /// How many documents say so.
    pub weight: usize,
}

#[derive(Clone, Debug, Default, Serialize, PartialEq, Eq)]
pub struct Graph {
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
}

/// Which part of the graph to build.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub since: Option<Date>,
    pub until: Option<Date>,
    /// An entity id (without `@`) and how many edges away to go.
    pub around: Option<(String, usize)>,
}

pub fn build(export: &Export, filter: &Filter) -> Graph {
    let dated = filter.since.is_some() || filter.until.is_some();
    let mut mentioned: BTreeMap<String, usize> = BTreeMap::new();
    let mut edges: BTreeMap<(String, String, &'static str), usize> = BTreeMap::new();
    for doc in &export.documents {
        if dated {
            let Some(date) = doc.file.doc.date.as_ref().map(|d| d.value) else {
                continue;
            };
            if filter.since.is_some_and(|s| date < s) || filter.until.is_some_and(|u| date > u) {
                continue;
            }
        }
        let ids: BTreeSet<&str> = doc
            .plain
            .mentions
            .iter()
            .map(|m| m.id.as_str())
            .filter(|id| export.entities.contains_key(*id))
            .collect();
        for id in &ids {
            *mentioned.entry(id.to_string()).or_default() += 1;
        }
        let list: Vec<&str> = ids.into_iter().collect();
        for (i, a) in list.iter().enumerate() {
            for b in &list[i + 1..] {
                *edges
                    .entry((a.to_string(), b.to_string(), "co-mention"))
                    .or_default() += 1;
            }
        }
        // What this document's definitions say.
        for def in &doc.file.doc.entities {
            let mut relate = |target: &str, kind: &'static str| {
                if let Some(target) = target.strip_prefix('@')
                    && export.entities.contains_key(target)
                    && target != def.id
                {
                    *edges
                        .entry((def.id.clone(), target.to_string(), kind))
                        .or_default() += 1;
                }
            };
            for p in &def.participants {
                relate(&p.value, "participant");
            }
            if let Some(place) = &def.place {
                relate(&place.value, "place");
            }
            if let Some(a) = &def.affiliation {
                relate(&a.value, "affiliation");
            }
            if let Some(c) = &def.country {
                relate(&c.value, "country");
            }
        }
    }
    let mut keep: BTreeSet<String> = mentioned.keys().cloned().collect();
    for (a, b, _) in edges.keys() {
        keep.insert(a.clone());
        keep.insert(b.clone());
    }
    if let Some((center, depth)) = &filter.around {
        let mut near: BTreeSet<String> = BTreeSet::new();
        let mut queue = VecDeque::from([(center.clone(), 0)]);
        while let Some((id, d)) = queue.pop_front() {
            if !keep.contains(&id) || !near.insert(id.clone()) || d == *depth {
                continue;
            }
            for (a, b, _) in edges.keys() {
                let other = if *a == id {
                    b
                } else if *b == id {
                    a
                } else {
                    continue;
                };
                if !near.contains(other) {
                    queue.push_back((other.clone(), d + 1));
                }
            }
        }
        keep = near;
    }
    let nodes = keep
        .iter()
        .filter_map(|id| export.entities.get(id))
        .map(|e| Node {
            id: e.id.clone(),
            name: e.name.clone(),
            kind: e.kind.map(|k| k.as_str()),
            wikidata: e.wikidata.clone(),
            documents: mentioned.get(&e.id).copied().unwrap_or(0),
        })
        .collect();
    let edges = edges
        .into_iter()
        .filter(|((a, b, _), _)| keep.contains(a) && keep.contains(b))
        .map(|((source, target, kind), weight)| Edge {
            source,
            target,
            kind,
            weight,
        })
        .collect();
    Graph { nodes, edges }
}

fn quoted(text: &str) -> String {
    format!(
        "\"{}\"",
        text.replace('\\', "\\\\")
            .replace('"', "\\\"")
            .replace('\n', "\\n")
    )
}

/// Graphviz DOT: an undirected graph; relations stated in definitions are
/// solid, co-mentions dashed; `weight` and `penwidth` grow with documents.
pub fn dot(graph: &Graph) -> String {
    let mut out = String::from("graph newsls {\n  node [shape=box, style=rounded];\n");
    for node in &graph.nodes {
        let shape = match node.kind {
            Some("person") => "ellipse",
            Some("place") => "house",
            Some("event") => "diamond",
            _ => "box",
        };
        out.push_str(&format!(
            "  {} [label={}, shape={shape}];\n",
            quoted(&node.id),
            quoted(&node.name)
        ));
    }
    for edge in &graph.edges {
        let style = if edge.kind == "co-mention" {
            "dashed"
        } else {
            "solid"
        };
        out.push_str(&format!(
            "  {} -- {} [label={}, weight={}, penwidth={}, style={style}];\n",
            quoted(&edge.source),
            quoted(&edge.target),
            quoted(edge.kind),
            edge.weight,
            edge.weight.min(8)
        ));
    }
    out.push_str("}\n");
    out
}
