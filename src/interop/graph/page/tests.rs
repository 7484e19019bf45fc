use std::collections::HashMap;

use super::{Card, Heading, html};
use crate::interop::graph::{Edge, Graph, Node};

fn node(id: &str, name: &str, kind: Option<&'static str>, documents: usize) -> Node {
    Node {
        id: id.to_string(),
        name: name.to_string(),
        kind,
        wikidata: None,
        documents,
    }
}

fn page(graph: &Graph, cards: &HashMap<String, Card>) -> String {
    html(
        graph,
        cards,
        &Heading {
            as_of: "2026-01-22 (today)",
            scope: "",
        },
    )
}

#[test]
fn lists_every_entity_and_connection_as_text() {
    let graph = Graph {
        nodes: vec![
            node("putin", "Vladimir Putin", Some("person"), 3),
            node("kremlin", "Kremlin", Some("organization"), 1),
        ],
        edges: vec![Edge {
            source: "putin".into(),
            target: "kremlin".into(),
            kind: "affiliation",
            weight: 2,
        }],
    };
    let cards = HashMap::from([(
        "putin".to_string(),
        Card {
            account: Some("**Vladimir Putin** · person\n\nAlso known as: Putin".into()),
            aliases: vec!["President Putin".into()],
        },
    )]);
    let text = page(&graph, &cards);
    assert!(text.contains("2 entities, 1 connections"));
    assert!(text.contains(
        "<li id=\"entity-putin\" data-id=\"putin\" data-search=\"Vladimir Putin @putin President Putin\">"
    ));
    assert!(text.contains("mentioned in 3 documents"));
    assert!(text.contains("<strong>Vladimir Putin</strong> · person"));
    // The most mentioned first.
    assert!(text.find("entity-putin") < text.find("entity-kremlin"));
    assert!(text.contains("<p>Not defined in the folder.</p>"));
    assert!(text.contains(
        "<td><a href=\"#entity-putin\">Vladimir Putin</a></td><td>affiliated (affiliation)</td>\
         <td><a href=\"#entity-kremlin\">Kremlin</a></td><td>2</td>"
    ));
}

#[test]
fn loads_nothing_from_the_network() {
    let text = page(&Graph::default(), &HashMap::new());
    assert!(text.contains("default-src 'none'"));
    assert!(
        text.contains("cytoscape.version=\"3.35.0\"") || text.contains("cf.version=\"3.35.0\"")
    );
    for outside in ["src=\"http", "href=\"http", "@import", "<link"] {
        assert!(!text.contains(outside), "the page refers to `{outside}`");
    }
}

#[test]
fn user_text_cannot_become_markup() {
    let graph = Graph {
        nodes: vec![node("x", "</script><img src=x onerror=alert(1)>", None, 1)],
        edges: vec![],
    };
    let cards = HashMap::from([(
        "x".to_string(),
        Card {
            account: Some("<b>raw</b> text".into()),
            aliases: vec!["\"quoted\"".into()],
        },
    )]);
    let text = page(&graph, &cards);
    assert!(!text.contains("<img src=x"));
    assert!(!text.contains("<b>raw</b>"));
    assert!(text.contains("&lt;b&gt;raw&lt;/b&gt; text"));
    assert!(text.contains(
        "data-search=\"&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; @x &quot;quoted&quot;\""
    ));
    // In the JSON the page's script reads, `<` never appears raw.
    let json_start = text.find("id=\"graph-data\">").unwrap();
    let json = &text[json_start..json_start + text[json_start..].find("</script>").unwrap()];
    assert!(json.contains("\\u003c/script>"));
}
