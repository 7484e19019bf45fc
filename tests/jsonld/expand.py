"""Expands `newsls export --format jsonld` output (read from stdin) with
pyld, a JSON-LD processor, and checks the expanded graph: every article is
a schema.org NewsArticle with a headline, and every entity it is about or
mentions is typed Person, Organization, Place, Event or Thing, with a
name, and sameAs IRIs where given. Prints a summary; exits 1 on a problem."""

import json
import sys

from pyld import jsonld

S = "https://schema.org/"
TYPES = {S + t for t in ("Person", "Organization", "Place", "Event", "Thing")}

doc = json.load(sys.stdin)
expanded = jsonld.expand(doc)
problems = []
articles = [n for n in expanded if S + "NewsArticle" in n.get("@type", [])]
if not articles or len(articles) != len(expanded):
    problems.append(f"{len(expanded)} nodes, {len(articles)} NewsArticles")
entities = 0
for article in articles:
    if not article.get(S + "headline"):
        problems.append(f"no headline: {article}")
    for key in (S + "about", S + "mentions"):
        for node in article.get(key, []):
            entities += 1
            types = set(node.get("@type", []))
            if not types & TYPES:
                problems.append(f"untyped entity: {node}")
            if not node.get(S + "name"):
                problems.append(f"no name: {node}")
            for same in node.get(S + "sameAs", []):
                if not same.get("@id", "").startswith("https://www.wikidata.org/wiki/Q"):
                    problems.append(f"sameAs not an IRI: {same}")
            for attendee in node.get(S + "attendee", []):
                if not set(attendee.get("@type", [])) & TYPES:
                    problems.append(f"untyped attendee: {attendee}")
for p in problems:
    print(p, file=sys.stderr)
print(f"{len(articles)} articles, {entities} entities")
sys.exit(1 if problems else 0)
