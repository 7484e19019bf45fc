//! How `newsls check` writes what it found: one line per diagnostic, a
//! summary line, or a JSON array. Plain functions over plain data, so unit
//! tests can call them without running the command.

use std::path::{Path, PathBuf};

use serde::Serialize;

pub mod full;
pub mod github;
pub mod gitlab;
pub mod sarif;

use crate::ide::Diagnostic;
use crate::ide::Severity;
use crate::settings::{Problem as SettingsProblem, SettingsFile};
use crate::syntax::{LineIndex, Unit};
use crate::workspace::{File, Skipped, Workspace};

/// The code of the problem "this file could not be read or decoded".
pub const UNREADABLE_FILE: &str = "unreadable-file";

/// A 1-based line and column; the column counts characters (Unicode scalar
/// values), not bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// The position of byte `offset` of `text`. An offset past the end is
/// clamped to it; one inside a character counts from that character's start.
/// A byte order mark is not counted: editors do not show it.
pub fn position(text: &str, lines: &LineIndex, offset: usize) -> Position {
    let (line, mut start) = lines.line_of(offset.min(text.len()));
    if start == 0 && text.starts_with('\u{feff}') {
        start = '\u{feff}'.len_utf8();
    }
    let column = lines.width(text, start, offset.max(start), Unit::Char);
    Position {
        line: line + 1,
        column: column + 1,
    }
}

/// `path:line:column: severity[code]: message`
pub fn diagnostic_line(path: &str, file: &File, diagnostic: &Diagnostic) -> String {
    let at = position(&file.text, &file.lines, diagnostic.range.start);
    format!(
        "{path}:{}:{}: {}[{}]: {}",
        at.line,
        at.column,
        diagnostic.severity.as_str(),
        diagnostic.code,
        one_line(&diagnostic.message)
    )
}

/// The code of a problem in a `.newsls.toml`.
pub const INVALID_SETTINGS: &str = crate::settings::PROBLEM_CODE;

/// The JSON form of a problem in a settings file.
pub fn json_settings(path: &str, text: &str, problem: &SettingsProblem) -> JsonDiagnostic {
    let lines = LineIndex::new(text);
    let range = problem.place();
    let start = position(text, &lines, range.start);
    let end = position(text, &lines, range.end);
    JsonDiagnostic {
        path: path.to_string(),
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
        severity: Severity::Error.as_str(),
        code: INVALID_SETTINGS,
        message: problem.message.clone(),
        related: Vec::new(),
    }
}

/// `path: error: message`, for a file that could not be read or decoded.
pub fn unreadable_line(path: &str, message: &str) -> String {
    format!("{path}: error: {}", one_line(message))
}

/// Messages are single lines; a stray line break would break the
/// one-problem-per-line contract that editors and `grep` rely on.
fn one_line(message: &str) -> String {
    message.replace(['\r', '\n'], " ")
}

/// How many problems of each severity were found, in how many documents.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub hints: usize,
    pub documents: usize,
}

impl Counts {
    pub fn add(&mut self, severity: Severity) {
        match severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Info => self.infos += 1,
            Severity::Hint => self.hints += 1,
        }
    }

    pub fn problems(&self) -> usize {
        self.errors + self.warnings + self.infos + self.hints
    }

    /// `2 errors, 1 warning, 0 infos, 3 hints in 12 documents`, or
    /// `no problems in 12 documents`.
    pub fn summary(&self) -> String {
        let documents = plural(self.documents, "document", "documents");
        if self.problems() == 0 {
            return format!("no problems in {documents}");
        }
        format!(
            "{}, {}, {}, {} in {documents}",
            plural(self.errors, "error", "errors"),
            plural(self.warnings, "warning", "warnings"),
            plural(self.infos, "info", "infos"),
            plural(self.hints, "hint", "hints"),
        )
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// One diagnostic in the JSON output. Lines and columns are 1-based, columns
/// count characters; `endLine`/`endColumn` point just after the range.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct JsonDiagnostic {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub severity: &'static str,
    pub code: &'static str,
    pub message: String,
    pub related: Vec<JsonRelated>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct JsonRelated {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// The JSON form of `diagnostic` of `file`. `display` turns a path into the
/// form printed; related places in other documents are looked up in
/// `workspace` (a place in a document it lacks gets line and column 1).
pub fn json_diagnostic(
    workspace: &Workspace,
    file: &File,
    diagnostic: &Diagnostic,
    display: &dyn Fn(&Path) -> String,
) -> JsonDiagnostic {
    let start = position(&file.text, &file.lines, diagnostic.range.start);
    let end = position(&file.text, &file.lines, diagnostic.range.end);
    let related = diagnostic
        .related
        .iter()
        .map(|r| {
            let at = workspace
                .text_and_lines(&r.path, r.range.end)
                .map(|(text, lines)| position(text, lines, r.range.start))
                .unwrap_or(Position { line: 1, column: 1 });
            JsonRelated {
                path: display(&r.path),
                line: at.line,
                column: at.column,
                message: r.message.clone(),
            }
        })
        .collect();
    JsonDiagnostic {
        path: display(&file.path),
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
        severity: diagnostic.severity.as_str(),
        code: diagnostic.code.as_str(),
        message: diagnostic.message.clone(),
        related,
    }
}

/// The JSON form of a file that could not be read or decoded: an error with
/// code `unreadable-file` at the start of the file.
pub fn json_unreadable(path: &str, message: &str) -> JsonDiagnostic {
    JsonDiagnostic {
        path: path.to_string(),
        line: 1,
        column: 1,
        end_line: 1,
        end_column: 1,
        severity: Severity::Error.as_str(),
        code: UNREADABLE_FILE,
        message: message.to_string(),
        related: Vec::new(),
    }
}

/// How a path is printed: relative to `cwd` when under it, else as found,
/// without leading `./`.
pub fn display_path(path: &Path, cwd: Option<&Path>) -> String {
    let shown = match cwd {
        Some(cwd) if path.is_absolute() => path.strip_prefix(cwd).unwrap_or(path),
        _ => path,
    };
    let shown = strip_cur_dir(shown.to_path_buf());
    if shown.as_os_str().is_empty() {
        ".".to_string()
    } else {
        shown.display().to_string()
    }
}

/// `path` without `.` components, so `./a/./b` and `a/b` are one path.
pub fn strip_cur_dir(path: PathBuf) -> PathBuf {
    // Most paths have nothing to take out: kept as they are, without
    // building them again from their components (a million at a time).
    let bytes = path.as_os_str().as_encoded_bytes();
    let plain = !bytes.starts_with(b".")
        && !bytes.ends_with(b"/")
        && !bytes.windows(2).any(|w| w == b"//" || w == b"/.");
    if plain && cfg!(unix) {
        return path;
    }
    path.components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect()
}

/// One problem to print: its JSON form (the flattened record every format
/// starts from) and, unless it is about a file that could not be read, the
/// text it is in, for snippets.
pub struct Problem<'a> {
    pub json: JsonDiagnostic,
    pub source: Option<Source<'a>>,
}

/// The text a problem is in and where.
#[derive(Clone, Copy)]
pub struct Source<'a> {
    pub text: &'a str,
    /// The document's line index; a settings file has none at hand.
    pub lines: Option<&'a LineIndex>,
    pub range: crate::syntax::TextRange,
}

impl Problem<'_> {
    /// `path:line:column: severity[code]: message`, or `path: error: message`.
    pub fn concise(&self) -> String {
        let json = &self.json;
        match self.source {
            Some(_) => format!(
                "{}:{}:{}: {}[{}]: {}",
                json.path,
                json.line,
                json.column,
                json.severity,
                json.code,
                one_line(&json.message)
            ),
            None => unreadable_line(&json.path, &json.message),
        }
    }
}

/// What checking found for one document, or why it could not be read.
pub struct Checked {
    pub workspace: Workspace,
    /// The settings files read, with what they say and their problems.
    pub settings_files: Vec<(PathBuf, SettingsFile)>,
    /// In path order; documents with nothing to report are left out.
    pub results: Vec<(PathBuf, Result<Vec<Diagnostic>, String>)>,
    /// How many `*.news.md` files were found, readable or not.
    pub documents: usize,
    /// Files not read: links out of the roots, FIFOs and the like.
    pub skipped: Vec<Skipped>,
}

impl Checked {
    pub fn counts(&self) -> Counts {
        let mut counts = Counts {
            documents: self.documents,
            ..Counts::default()
        };
        for (_, result) in &self.results {
            match result {
                Ok(found) => found.iter().for_each(|d| counts.add(d.severity)),
                Err(_) => counts.errors += 1,
            }
        }
        counts.errors += self
            .settings_files
            .iter()
            .map(|(_, f)| f.problems.len())
            .sum::<usize>();
        counts
    }
}

/// Every problem of `checked`, in path order then text order.
pub fn problems<'a>(checked: &'a Checked, display: &dyn Fn(&Path) -> String) -> Vec<Problem<'a>> {
    let ws = &checked.workspace;
    let mut all = Vec::new();
    for (path, file) in &checked.settings_files {
        let shown = display(path);
        all.extend(file.problems.iter().map(|p| Problem {
            json: json_settings(&shown, &file.text, p),
            source: Some(Source {
                text: &file.text,
                lines: None,
                range: p.place(),
            }),
        }));
    }
    for (path, result) in &checked.results {
        // Only documents with problems are read again from disk.
        match (
            result,
            result.as_ref().ok().filter(|found| !found.is_empty()),
        ) {
            (Ok(_), Some(found)) => {
                if let Some(file) = ws.load_file(path) {
                    all.extend(found.iter().map(|d| Problem {
                        json: json_diagnostic(ws, file, d, display),
                        source: Some(Source {
                            text: &file.text,
                            lines: Some(&file.lines),
                            range: d.range,
                        }),
                    }));
                }
            }
            (Ok(_), None) => {}
            (Err(message), _) => all.push(Problem {
                json: json_unreadable(&display(path), message),
                source: None,
            }),
        }
    }
    all
}

/// One row of `--statistics`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CodeCount {
    pub code: &'static str,
    pub severity: &'static str,
    pub count: usize,
}

/// How many problems of each code, most frequent first, then by code.
pub fn statistics(checked: &Checked) -> Vec<CodeCount> {
    let mut counts: std::collections::BTreeMap<(&'static str, &'static str), usize> =
        Default::default();
    for (_, result) in &checked.results {
        match result {
            Ok(found) => found.iter().for_each(|d| {
                *counts
                    .entry((d.code.as_str(), d.severity.as_str()))
                    .or_default() += 1
            }),
            Err(_) => *counts.entry((UNREADABLE_FILE, "error")).or_default() += 1,
        }
    }
    let settings: usize = checked
        .settings_files
        .iter()
        .map(|(_, f)| f.problems.len())
        .sum();
    if settings > 0 {
        *counts.entry((INVALID_SETTINGS, "error")).or_default() += settings;
    }
    let mut rows: Vec<CodeCount> = counts
        .into_iter()
        .map(|((code, severity), count)| CodeCount {
            code,
            severity,
            count,
        })
        .collect();
    rows.sort_by(|a, b| b.count.cmp(&a.count).then(a.code.cmp(b.code)));
    rows
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::sync::Arc;

    use super::*;
    use crate::ide::Code;
    use crate::ide::{Related, diagnostics};
    use crate::syntax::TextRange;
    use crate::workspace::Change;

    fn workspace(files: &[(&str, &str)]) -> Workspace {
        let mut ws = Workspace::new(vec![PathBuf::from("/ws")]);
        for (name, text) in files {
            ws.apply(Change::Set {
                path: Path::new("/ws").join(name),
                text: text.to_string(),
            });
        }
        ws
    }

    fn shown(path: &Path) -> String {
        display_path(path, Some(Path::new("/ws")))
    }

    #[test]
    fn columns_count_characters_and_lines_end_at_crlf() {
        let text = "ab\r\n🇷🇺 é[x\n";
        let lines = LineIndex::new(text);
        assert_eq!(position(text, &lines, 0), Position { line: 1, column: 1 });
        assert_eq!(position(text, &lines, 2), Position { line: 1, column: 3 });
        let bracket = text.find('[').unwrap();
        assert_eq!(
            position(text, &lines, bracket),
            Position { line: 2, column: 5 }
        );
        // Inside a character: that character's column. Past the end: the end.
        assert_eq!(position(text, &lines, 5), Position { line: 2, column: 1 });
        assert_eq!(position(text, &lines, 999), Position { line: 3, column: 1 });

        let bom = "\u{feff}---\nx";
        let lines = LineIndex::new(bom);
        assert_eq!(position(bom, &lines, 0), Position { line: 1, column: 1 });
        assert_eq!(position(bom, &lines, 3), Position { line: 1, column: 1 });
        assert_eq!(position(bom, &lines, 4), Position { line: 1, column: 2 });
        assert_eq!(position(bom, &lines, 7), Position { line: 2, column: 1 });
    }

    #[test]
    fn diagnostic_lines() {
        let ws = workspace(&[("a.news.md", "🎉 [@ghost] and [@putn].\n")]);
        let file = ws.load_file(Path::new("/ws/a.news.md")).unwrap();
        let lines: Vec<String> = diagnostics::collect(&ws, &file.path)
            .iter()
            .map(|d| diagnostic_line("a.news.md", file, d))
            .collect();
        assert_eq!(
            lines,
            [
                "a.news.md:1:4: error[undefined-entity]: `@ghost` is not defined in any document: define it under `entities:` as `ghost:` with a `name`",
                "a.news.md:1:17: error[undefined-entity]: `@putn` is not defined in any document: define it under `entities:` as `putn:` with a `name`",
            ]
        );
        assert_eq!(
            unreadable_line("b.news.md", "not valid UTF-8\n(offset 3)"),
            "b.news.md: error: not valid UTF-8 (offset 3)"
        );
    }

    #[test]
    fn summaries() {
        let mut counts = Counts {
            documents: 12,
            ..Counts::default()
        };
        assert_eq!(counts.summary(), "no problems in 12 documents");
        for severity in [Severity::Error, Severity::Error, Severity::Warning] {
            counts.add(severity);
        }
        counts.hints = 3;
        assert_eq!(
            counts.summary(),
            "2 errors, 1 warning, 0 infos, 3 hints in 12 documents"
        );
        let one = Counts {
            errors: 1,
            warnings: 0,
            infos: 1,
            hints: 1,
            documents: 1,
        };
        assert_eq!(
            one.summary(),
            "1 error, 0 warnings, 1 info, 1 hint in 1 document"
        );
    }

    #[test]
    fn json_form() {
        let ws = workspace(&[
            (
                "a.news.md",
                "---\nentities:\n  putin:\n    name: Vladimir Putin\n---\n[@putin]\n",
            ),
            (
                "b.news.md",
                "---\nentities:\n  putin:\n    name: Boris Putin\n---\n",
            ),
        ]);
        let file = ws.load_file(Path::new("/ws/b.news.md")).unwrap();
        let found = diagnostics::collect(&ws, &file.path);
        let conflict = found
            .iter()
            .find(|d| d.code == Code::ConflictingDefinition)
            .expect("a conflicting definition");
        let json = json_diagnostic(&ws, file, conflict, &shown);
        assert_eq!(
            (json.path.as_str(), json.line, json.column),
            ("b.news.md", 3, 3)
        );
        assert_eq!((json.end_line, json.end_column), (3, 8));
        assert_eq!(
            (json.severity, json.code),
            ("warning", "conflicting-definition")
        );
        assert_eq!(json.related.len(), 1);
        assert_eq!(
            (
                json.related[0].path.as_str(),
                json.related[0].line,
                json.related[0].column
            ),
            ("a.news.md", 3, 3)
        );
        let value = serde_json::to_value(&json).unwrap();
        let keys: Vec<&str> = value
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        for key in [
            "path",
            "line",
            "column",
            "endLine",
            "endColumn",
            "severity",
            "code",
            "message",
            "related",
        ] {
            assert!(keys.contains(&key), "{key} missing from {keys:?}");
        }

        // A related place in a document the workspace lacks still prints.
        let mut orphan = conflict.clone();
        orphan.related = vec![Related {
            path: Arc::from(Path::new("/elsewhere/c.news.md")),
            range: TextRange::new(10, 12),
            message: "there".into(),
        }];
        let json = json_diagnostic(&ws, file, &orphan, &shown);
        assert_eq!(
            (json.related[0].path.as_str(), json.related[0].line),
            ("/elsewhere/c.news.md", 1)
        );

        let unreadable = json_unreadable("c.news.md", "not valid UTF-8");
        assert_eq!(
            (unreadable.code, unreadable.severity),
            (UNREADABLE_FILE, "error")
        );
    }

    #[test]
    fn paths_print_relative_to_the_current_folder() {
        let cwd = Some(Path::new("/home/desk"));
        for (path, shown) in [
            ("/home/desk/seeds/a.news.md", "seeds/a.news.md"),
            ("/srv/b.news.md", "/srv/b.news.md"),
            ("./seeds/./a.news.md", "seeds/a.news.md"),
            ("../x/a.news.md", "../x/a.news.md"),
            (".", "."),
            ("seeds//a.news.md", "seeds/a.news.md"),
            ("seeds/.hidden/a.news.md", "seeds/.hidden/a.news.md"),
            ("seeds/", "seeds"),
            (".seeds/a.news.md", ".seeds/a.news.md"),
        ] {
            assert_eq!(display_path(Path::new(path), cwd), shown);
        }
    }
}
