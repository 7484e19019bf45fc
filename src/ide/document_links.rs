//! Document links: each entity's `url`, and its `wikidata` item as a link
//! to Wikidata.

use std::path::Path;

use crate::syntax::TextRange;
use crate::workspace::Workspace;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    /// The value as written.
    pub range: TextRange,
    pub target: String,
}

/// The links of the document at `path`, in text order. Only `http(s)` URLs
/// and well-formed Wikidata ids (`Q` and digits) become links.
pub fn links(workspace: &Workspace, path: &Path) -> Vec<Link> {
    let Some(file) = workspace.load_file(path) else {
        return Vec::new();
    };
    let mut links = Vec::new();
    for def in &file.doc.entities {
        if let Some(url) = &def.url {
            let value = url.value.trim();
            if value.starts_with("https://") || value.starts_with("http://") {
                links.push(Link {
                    range: url.range,
                    target: value.to_string(),
                });
            }
        }
        if let Some(item) = &def.wikidata {
            let value = item.value.trim();
            let digits = value.strip_prefix('Q').unwrap_or("");
            if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
                links.push(Link {
                    range: item.range,
                    target: format!("https://www.wikidata.org/wiki/{value}"),
                });
            }
        }
    }
    links.sort_by_key(|l| l.range);
    links
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::Fixture;

    #[test]
    fn urls_and_wikidata_items() {
        let fixture = Fixture::parse(
            "%! a.news.md\n---\nentities:\n  putin:\n    name: Vladimir Putin\n    wikidata: Q7747\n    url: https://kremlin.ru\n  bad:\n    name: Bad\n    wikidata: P31\n    url: javascript:alert(1)\n---\n",
        );
        let (ws, file) = (&fixture.workspace, fixture.file("a.news.md"));
        let path = &file.path;
        let found = links(ws, path);
        let shown: Vec<(&str, &str)> = found
            .iter()
            .map(|l| (file.slice(l.range), l.target.as_str()))
            .collect();
        assert_eq!(
            shown,
            [
                ("Q7747", "https://www.wikidata.org/wiki/Q7747"),
                ("https://kremlin.ru", "https://kremlin.ru"),
            ]
        );
    }
}
