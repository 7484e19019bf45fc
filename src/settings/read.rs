//! Reading a [`Layer`] from TOML text or from a JSON value.
//!
//! Both are first turned into one small tree ([`Node`]), TOML with the
//! byte range of every key and value, so one walk reads both and every
//! problem found in a `.newsls.toml` has its place.

use std::path::PathBuf;
use std::str::FromStr;

use toml::de::{DeTable, DeValue};

use super::{Layer, Problem};
use crate::ide::{Code, Severity};
use crate::syntax::TextRange;

/// A value as written, and where (TOML only).
struct Node {
    value: Value,
    range: Option<TextRange>,
}

enum Value {
    Bool(bool),
    Str(String),
    List(Vec<Node>),
    /// Keys in the order written, each with its range.
    Table(Vec<(String, Option<TextRange>, Node)>),
    /// A number, a date…: no key takes one.
    Other(&'static str),
}

impl Value {
    fn kind(&self) -> &'static str {
        match self {
            Value::Bool(_) => "a boolean",
            Value::Str(_) => "a string",
            Value::List(_) => "an array",
            Value::Table(_) => "a table",
            Value::Other(kind) => kind,
        }
    }
}

/// Reads the text of a `.newsls.toml`. A syntax error is a problem, and
/// then nothing in the file is used (TOML cannot be trusted past it).
pub fn from_toml(text: &str) -> (Layer, Vec<Problem>) {
    match DeTable::parse(text) {
        Ok(table) => {
            let range = span(table.span());
            let node = Node {
                value: Value::Table(toml_table(table.into_inner())),
                range,
            };
            read_layer(&node)
        }
        Err(error) => {
            let range = error
                .span()
                .map(|s| TextRange::new(s.start, s.end.max(s.start)));
            let message = format!("not valid TOML: {}", error.message().trim_end());
            (Layer::default(), vec![Problem { range, message }])
        }
    }
}

/// Reads a JSON object: the client's settings (the `newsls` section) or
/// its `initializationOptions`. `null` says nothing.
pub fn from_json(value: &serde_json::Value) -> (Layer, Vec<Problem>) {
    if value.is_null() {
        return (Layer::default(), Vec::new());
    }
    read_layer(&json_node(value))
}

fn span(range: std::ops::Range<usize>) -> Option<TextRange> {
    Some(TextRange::new(range.start, range.end.max(range.start)))
}

fn toml_table(table: DeTable<'_>) -> Vec<(String, Option<TextRange>, Node)> {
    table
        .into_iter()
        .map(|(key, value)| {
            let key_range = span(key.span());
            (key.into_inner().into_owned(), key_range, toml_node(value))
        })
        .collect()
}

fn toml_node(value: toml::Spanned<DeValue<'_>>) -> Node {
    let range = span(value.span());
    let value = match value.into_inner() {
        DeValue::Boolean(b) => Value::Bool(b),
        DeValue::String(s) => Value::Str(s.into_owned()),
        DeValue::Array(items) => Value::List(items.into_iter().map(toml_node).collect()),
        DeValue::Table(table) => Value::Table(toml_table(table)),
        DeValue::Integer(_) => Value::Other("an integer"),
        DeValue::Float(_) => Value::Other("a number"),
        DeValue::Datetime(_) => Value::Other("a date"),
    };
    Node { value, range }
}

fn json_node(value: &serde_json::Value) -> Node {
    use serde_json::Value as J;
    let value = match value {
        J::Bool(b) => Value::Bool(*b),
        J::String(s) => Value::Str(s.clone()),
        J::Array(items) => Value::List(items.iter().map(json_node).collect()),
        J::Object(map) => Value::Table(
            map.iter()
                .map(|(k, v)| (k.clone(), None, json_node(v)))
                .collect(),
        ),
        J::Number(_) => Value::Other("a number"),
        J::Null => Value::Other("null"),
    };
    Node { value, range: None }
}

/// Collects the problems of one walk.
#[derive(Default)]
struct Reader {
    problems: Vec<Problem>,
}

impl Reader {
    fn problem(&mut self, range: Option<TextRange>, message: String) {
        self.problems.push(Problem { range, message });
    }

    /// The entries of a table, or a problem.
    fn table<'a>(&mut self, node: &'a Node, name: &str) -> &'a [(String, Option<TextRange>, Node)] {
        match &node.value {
            Value::Table(entries) => entries,
            // Lua has one empty table: Neovim sends `{}` as `[]`.
            Value::List(items) if items.is_empty() => &[],
            other => {
                let message = format!("`{name}` must be a table, not {}", other.kind());
                self.problem(node.range, message);
                &[]
            }
        }
    }

    fn bool(&mut self, node: &Node, name: &str) -> Option<bool> {
        match &node.value {
            Value::Bool(b) => Some(*b),
            other => {
                let message = format!("`{name}` must be true or false, not {}", other.kind());
                self.problem(node.range, message);
                None
            }
        }
    }

    fn string(&mut self, node: &Node, name: &str) -> Option<String> {
        match &node.value {
            Value::Str(s) => Some(s.clone()),
            other => {
                let message = format!("`{name}` must be a string, not {}", other.kind());
                self.problem(node.range, message);
                None
            }
        }
    }

    fn unknown(&mut self, range: Option<TextRange>, name: &str, known: &[&str]) {
        let message = format!(
            "unknown setting `{name}`; known here: {}",
            known
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        self.problem(range, message);
    }
}

fn read_layer(root: &Node) -> (Layer, Vec<Problem>) {
    let mut reader = Reader::default();
    let mut layer = Layer::default();
    for (key, key_range, node) in reader.table(root, "settings") {
        match key.as_str() {
            "diagnostics" => read_diagnostics(&mut reader, node, &mut layer),
            "inlay-hints" => {
                layer.inlay_hints = read_enabled(&mut reader, node, "inlay-hints");
            }
            "code-lens" => layer.code_lens = read_enabled(&mut reader, node, "code-lens"),
            "workspace" => read_workspace(&mut reader, node, &mut layer),
            "wikidata" => read_wikidata(&mut reader, node, &mut layer),
            "titles" => read_titles(&mut reader, node, &mut layer),
            _ => reader.unknown(
                *key_range,
                key,
                &[
                    "diagnostics",
                    "inlay-hints",
                    "code-lens",
                    "workspace",
                    "wikidata",
                    "titles",
                ],
            ),
        }
    }
    // TOML tables come back sorted by key: report in text order.
    let mut problems = reader.problems;
    problems.sort_by_key(|p| p.range.map(|r| r.start));
    (layer, problems)
}

fn read_diagnostics(reader: &mut Reader, node: &Node, layer: &mut Layer) {
    for (key, key_range, value) in reader.table(node, "diagnostics") {
        let Some(code) = Code::ALL.into_iter().find(|c| c.as_str() == key) else {
            let codes: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
            reader.unknown(*key_range, &format!("diagnostics.{key}"), &codes);
            continue;
        };
        let name = format!("diagnostics.{key}");
        let Some(level) = reader.string(value, &name) else {
            continue;
        };
        match Level::from_str(&level) {
            Ok(Level(severity)) => {
                layer.severities.insert(code, severity);
            }
            Err(()) => reader.problem(
                value.range,
                format!(
                    "`{name}` must be \"off\", \"error\", \"warning\", \"info\" or \"hint\", not \"{level}\""
                ),
            ),
        }
    }
}

/// A severity, or `off`.
struct Level(Option<Severity>);

impl FromStr for Level {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, ()> {
        Ok(Level(match s {
            "off" => None,
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            "hint" => Some(Severity::Hint),
            _ => return Err(()),
        }))
    }
}

/// A `[section]` whose one key is `enabled`.
fn read_enabled(reader: &mut Reader, node: &Node, section: &str) -> Option<bool> {
    let mut enabled = None;
    for (key, key_range, value) in reader.table(node, section) {
        match key.as_str() {
            "enabled" => enabled = reader.bool(value, &format!("{section}.enabled")),
            _ => reader.unknown(*key_range, &format!("{section}.{key}"), &["enabled"]),
        }
    }
    enabled
}

fn read_workspace(reader: &mut Reader, node: &Node, layer: &mut Layer) {
    for (key, key_range, value) in reader.table(node, "workspace") {
        match key.as_str() {
            "registries" => layer.registries = read_folders(reader, value),
            "follow-links" => layer.follow_links = reader.bool(value, "workspace.follow-links"),
            "documents" => {
                let Some(glob) = reader.string(value, "workspace.documents") else {
                    continue;
                };
                match globset::Glob::new(&glob) {
                    Ok(_) => layer.documents = Some(glob),
                    Err(error) => reader.problem(
                        value.range,
                        format!("`workspace.documents` is not a valid glob: {error}"),
                    ),
                }
            }
            _ => reader.unknown(
                *key_range,
                &format!("workspace.{key}"),
                &["registries", "follow-links", "documents"],
            ),
        }
    }
}

fn read_wikidata(reader: &mut Reader, node: &Node, layer: &mut Layer) {
    for (key, key_range, value) in reader.table(node, "wikidata") {
        match key.as_str() {
            "endpoint" => {
                let Some(url) = reader.string(value, "wikidata.endpoint") else {
                    continue;
                };
                if url.starts_with("https://") || url.starts_with("http://") {
                    layer.wikidata_endpoint = Some(url);
                } else {
                    reader.problem(
                        value.range,
                        format!(
                            "`wikidata.endpoint` must be an http or https URL of a Wikibase API, as in \"https://www.wikidata.org/w/api.php\", not \"{url}\""
                        ),
                    );
                }
            }
            "languages" => {
                let Value::List(items) = &value.value else {
                    let message = format!(
                        "`wikidata.languages` must be an array of language codes, as in [\"en\", \"fr\"], not {}",
                        value.value.kind()
                    );
                    reader.problem(value.range, message);
                    continue;
                };
                let languages: Vec<String> = items
                    .iter()
                    .filter_map(|item| reader.string(item, "a language in `wikidata.languages`"))
                    .map(|l| l.trim().to_string())
                    .filter(|l| !l.is_empty())
                    .collect();
                if languages.is_empty() {
                    reader.problem(
                        value.range,
                        "`wikidata.languages` needs at least one language code".to_string(),
                    );
                } else {
                    layer.wikidata_languages = Some(languages);
                }
            }
            _ => reader.unknown(
                *key_range,
                &format!("wikidata.{key}"),
                &["endpoint", "languages"],
            ),
        }
    }
}

fn read_titles(reader: &mut Reader, node: &Node, layer: &mut Layer) {
    for (key, key_range, value) in reader.table(node, "titles") {
        let name = format!("titles.{key}");
        match key.as_str() {
            "past-qualifiers" => layer.past_qualifiers = read_words(reader, value, &name),
            "future-qualifiers" => layer.future_qualifiers = read_words(reader, value, &name),
            _ => reader.unknown(*key_range, &name, &["past-qualifiers", "future-qualifiers"]),
        }
    }
}

/// An array of words, such as `["ancien", "ex"]`.
fn read_words(reader: &mut Reader, node: &Node, name: &str) -> Option<Vec<String>> {
    let Value::List(items) = &node.value else {
        let message = format!(
            "`{name}` must be an array of words such as [\"ancien\"], not {}",
            node.value.kind()
        );
        reader.problem(node.range, message);
        return None;
    };
    let words = items
        .iter()
        .filter_map(|item| reader.string(item, &format!("a word in `{name}`")))
        .map(|word| word.trim().to_string())
        .filter(|word| !word.is_empty())
        .collect();
    Some(words)
}

fn read_folders(reader: &mut Reader, node: &Node) -> Option<Vec<PathBuf>> {
    let Value::List(items) = &node.value else {
        let message = format!(
            "`workspace.registries` must be an array of folders, not {}",
            node.value.kind()
        );
        reader.problem(node.range, message);
        return None;
    };
    let folders = items
        .iter()
        .filter_map(|item| reader.string(item, "a folder in `workspace.registries`"))
        .filter(|folder| !folder.is_empty())
        .map(PathBuf::from)
        .collect();
    Some(folders)
}
