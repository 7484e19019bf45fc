//! `newsls graph --format html`: the graph as one self-contained page.
//!
//! The page draws the graph with cytoscape.js, vendored from npm in
//! `assets/cytoscape/` and inlined here at build time, so the page loads
//! nothing from the network. Everything the drawing shows is also on the
//! page as text, written here without scripts: each entity (with its
//! account, in a `<details>`) and each connection, in a table. The page's
//! own script (`page.js`) draws the graph from the JSON the page carries,
//! filters the lists and the drawing from the search box, and shows the
//! account of the node clicked.

use std::collections::HashMap;
use std::fmt::Write;

use pulldown_cmark::{Event, Parser};
use serde::Serialize;

use super::Graph;
use crate::ide::dossier::escape::escape;

const CYTOSCAPE: &str = include_str!("../../../assets/cytoscape/cytoscape.min.js");
const SCRIPT: &str = include_str!("page.js");
const STYLE: &str = include_str!("page.css");

/// What the page says of one entity beyond the graph's node.
#[derive(Clone, Debug, Default)]
pub struct Card {
    /// Its account, as hover writes it (Markdown).
    pub account: Option<String>,
    /// Its other names, for the search box.
    pub aliases: Vec<String>,
}

/// What the page says about itself.
pub struct Heading<'a> {
    /// The day the accounts describe, and why that one.
    pub as_of: &'a str,
    /// The restriction asked for (`--around`, dates), in words; empty for
    /// the whole folder.
    pub scope: &'a str,
}

#[derive(Serialize)]
struct Data<'a> {
    nodes: &'a [super::Node],
    edges: &'a [super::Edge],
}

/// The whole page.
pub fn html(graph: &Graph, cards: &HashMap<String, Card>, heading: &Heading) -> String {
    let names: HashMap<&str, &str> = graph
        .nodes
        .iter()
        .map(|n| (n.id.as_str(), n.name.as_str()))
        .collect();
    let mut out = String::with_capacity(CYTOSCAPE.len() + 4096 * (graph.nodes.len() + 1));
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    // Nothing from the network, whatever the data holds.
    out.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:\">\n",
    );
    out.push_str("<title>newsls entity graph</title>\n<style>\n");
    out.push_str(STYLE);
    out.push_str("</style>\n</head>\n<body>\n<header>\n<h1>Entity graph</h1>\n");
    let _ = writeln!(
        out,
        "<p class=\"summary\">{} entities, {} connections{}. Accounts as of {}.</p>",
        graph.nodes.len(),
        graph.edges.len(),
        if heading.scope.is_empty() {
            String::new()
        } else {
            format!(" ({})", escape(heading.scope))
        },
        escape(heading.as_of)
    );
    out.push_str(
        "<p class=\"search\"><label for=\"search\">Search</label> \
         <input id=\"search\" type=\"search\" placeholder=\"a name, an alias or @id\" \
         autocomplete=\"off\" aria-controls=\"entities edges\" aria-describedby=\"matches\"> \
         <span id=\"matches\" role=\"status\" aria-live=\"polite\"></span></p>\n",
    );
    out.push_str(&legend());
    out.push_str("</header>\n<main>\n");
    out.push_str(
        "<div id=\"graph\" role=\"img\" aria-label=\"The entity graph drawn: the same entities and \
         connections as the lists below\"></div>\n",
    );
    out.push_str(
        "<aside id=\"account\" aria-live=\"polite\"><p class=\"hint\">Click an entity in the \
         drawing, or open one in the list below, to read its account.</p></aside>\n</main>\n",
    );
    out.push_str(
        "<noscript><p>The drawing needs scripts; the entities and connections are all listed \
         below.</p></noscript>\n",
    );
    entities(&mut out, graph, cards);
    connections(&mut out, graph, &names);
    out.push_str("<script type=\"application/json\" id=\"graph-data\">");
    let data = Data {
        nodes: &graph.nodes,
        edges: &graph.edges,
    };
    out.push_str(&script_safe(
        &serde_json::to_string(&data).unwrap_or_default(),
    ));
    out.push_str("</script>\n<script>\n");
    out.push_str(CYTOSCAPE);
    out.push_str("\n</script>\n<script>\n");
    out.push_str(SCRIPT);
    out.push_str("</script>\n</body>\n</html>\n");
    out
}

/// The colour of each kind: the same in the drawing, the legend and the
/// list (`page.css` and `page.js` read the classes).
const KINDS: [(&str, &str); 5] = [
    ("person", "person"),
    ("organization", "organisation"),
    ("place", "place"),
    ("event", "event"),
    ("other", "no kind"),
];

fn legend() -> String {
    let mut out = String::from("<ul class=\"legend\" aria-label=\"Colours\">");
    for (class, label) in KINDS {
        let _ = write!(
            out,
            "<li><span class=\"dot kind-{class}\"></span>{label}</li>"
        );
    }
    out.push_str(
        "<li><span class=\"line solid\"></span>stated (participant, place, affiliation, \
         country)</li><li><span class=\"line dashed\"></span>mentioned together</li></ul>\n",
    );
    out
}

fn kind_class(kind: Option<&str>) -> &str {
    kind.filter(|k| KINDS.iter().any(|(class, _)| class == k))
        .unwrap_or("other")
}

fn entities(out: &mut String, graph: &Graph, cards: &HashMap<String, Card>) {
    out.push_str("<section aria-labelledby=\"entities-heading\">\n");
    out.push_str("<h2 id=\"entities-heading\">Entities</h2>\n<ul id=\"entities\">\n");
    let mut nodes: Vec<&super::Node> = graph.nodes.iter().collect();
    // Most mentioned first, as the eye reads the drawing.
    nodes.sort_by(|a, b| b.documents.cmp(&a.documents).then(a.name.cmp(&b.name)));
    for node in nodes {
        let card = cards.get(&node.id).cloned().unwrap_or_default();
        let mut search = format!("{} @{}", node.name, node.id);
        for alias in &card.aliases {
            search.push(' ');
            search.push_str(alias);
        }
        let class = kind_class(node.kind);
        let _ = write!(
            out,
            "<li id=\"entity-{id}\" data-id=\"{id}\" data-search=\"{search}\"><details>\
             <summary><span class=\"dot kind-{class}\"></span><span class=\"name\">{name}</span> \
             · {kind} · <code>@{id}</code> · mentioned in {documents} document{s}</summary>\n\
             <div class=\"account\">",
            id = escape(&node.id),
            search = escape(&search),
            name = escape(&node.name),
            kind = node.kind.unwrap_or("no kind"),
            documents = node.documents,
            s = if node.documents == 1 { "" } else { "s" },
        );
        match &card.account {
            Some(markdown) => out.push_str(&markdown_to_html(markdown)),
            None => out.push_str("<p>Not defined in the folder.</p>"),
        }
        out.push_str("</div></details></li>\n");
    }
    out.push_str("</ul>\n</section>\n");
}

fn connections(out: &mut String, graph: &Graph, names: &HashMap<&str, &str>) {
    out.push_str("<section aria-labelledby=\"edges-heading\">\n");
    out.push_str("<h2 id=\"edges-heading\">Connections</h2>\n<table id=\"edges\">\n");
    out.push_str(
        "<thead><tr><th scope=\"col\">Entity</th><th scope=\"col\">Connection</th>\
         <th scope=\"col\">Entity</th><th scope=\"col\">Documents</th></tr></thead>\n<tbody>\n",
    );
    for edge in &graph.edges {
        let name = |id: &str| names.get(id).copied().unwrap_or(id).to_string();
        let _ = writeln!(
            out,
            "<tr data-source=\"{source}\" data-target=\"{target}\"><td><a href=\"#entity-{source}\">{a}</a></td>\
             <td>{kind}</td><td><a href=\"#entity-{target}\">{b}</a></td><td>{weight}</td></tr>",
            source = escape(&edge.source),
            target = escape(&edge.target),
            a = escape(&name(&edge.source)),
            b = escape(&name(&edge.target)),
            kind = edge_label(edge.kind),
            weight = edge.weight,
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

fn edge_label(kind: &str) -> &str {
    match kind {
        "co-mention" => "mentioned together",
        "participant" => "takes part (participant)",
        "affiliation" => "affiliated (affiliation)",
        other => other,
    }
}

/// Hover's Markdown as HTML. The text is the user's, so any raw HTML in it
/// is shown as text, never interpreted.
fn markdown_to_html(markdown: &str) -> String {
    let events = Parser::new(markdown).map(|event| match event {
        Event::Html(text) | Event::InlineHtml(text) => Event::Text(text),
        other => other,
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    html
}

/// JSON inside `<script>`: no `</script>` or `<!--` can close or confuse
/// it (`<` is written `\u003c`, which JSON reads back the same).
fn script_safe(json: &str) -> String {
    json.replace('<', "\\u003c")
}

#[cfg(test)]
mod tests;
