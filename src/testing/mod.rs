//! Test support: multi-file fixtures written as one string.
//!
//! ```text
//! %! article.news.md
//! The [Moscow talks](@moscow-talks) and [@pu$0tin].
//!                                        ^^^^^^ undefined-entity
//! %! registry.news.md
//! ---
//! ```
//!
//! `%! path` starts a file (under the root `/ws`); `%today YYYY-MM-DD`
//! fixes today's date (else [`TODAY`]). `$0` marks the cursor and
//! is removed. A line holding only `^` marks (optionally followed by a
//! label) is removed too, and marks a range on the text line above it.

use std::path::{Path, PathBuf};

use crate::syntax::{Date, TextRange};
use crate::workspace::{Change, File, Workspace};

pub const ROOT: &str = "/ws";

/// Today in fixtures, unless a fixture says otherwise with `%today`.
pub const TODAY: &str = "2026-03-01";

pub struct Fixture {
    pub workspace: Workspace,
    /// The file and byte offset of `$0`, if any.
    pub cursor: Option<(PathBuf, usize)>,
    /// Marked ranges: file, range, label.
    pub marks: Vec<(PathBuf, TextRange, String)>,
}

impl Fixture {
    pub fn parse(fixture: &str) -> Fixture {
        let mut workspace = Workspace::new(vec![PathBuf::from(ROOT)]);
        // Undated documents speak of today; tests need it fixed.
        workspace.set_today(Date::parse(TODAY));
        let mut cursor = None;
        let mut marks = Vec::new();
        if let Some(today) = fixture
            .lines()
            .find_map(|l| l.strip_prefix("%today "))
            .and_then(|t| Date::parse(t.trim()))
        {
            workspace.set_today(Some(today));
        }
        for (path, text, file_cursor, file_marks) in split_files(fixture) {
            if let Some(offset) = file_cursor {
                cursor = Some((path.clone(), offset));
            }
            marks.extend(file_marks.into_iter().map(|(r, l)| (path.clone(), r, l)));
            workspace.apply(Change::Set { path, text });
        }
        Fixture {
            workspace,
            cursor,
            marks,
        }
    }

    /// The fixture's file `name` (a path under [`ROOT`]); panics when the
    /// fixture has none.
    pub fn file(&self, name: &str) -> &File {
        let path = path(name);
        self.workspace
            .load_file(&path)
            .unwrap_or_else(|| panic!("fixture has no {}", path.display()))
    }

    /// The cursor; panics when the fixture has none.
    pub fn cursor(&self) -> (&Path, usize) {
        let (path, offset) = self.cursor.as_ref().expect("fixture has no $0 cursor");
        (path, *offset)
    }
}

pub fn path(name: &str) -> PathBuf {
    Path::new(ROOT).join(name)
}

type FileFixture = (PathBuf, String, Option<usize>, Vec<(TextRange, String)>);

fn split_files(fixture: &str) -> Vec<FileFixture> {
    let mut files: Vec<FileFixture> = Vec::new();
    for line in fixture.split_inclusive('\n') {
        if line.starts_with("%today ") {
            continue;
        }
        if let Some(name) = line.strip_prefix("%! ") {
            files.push((path(name.trim()), String::new(), None, Vec::new()));
            continue;
        }
        let Some((_, text, cursor, marks)) = files.last_mut() else {
            continue;
        };
        if let Some((columns, label)) = mark_line(line) {
            let line_start = text[..text.len().saturating_sub(1)]
                .rfind('\n')
                .map_or(0, |i| i + 1);
            let above = &text[line_start..];
            let byte = |column: usize| {
                line_start
                    + above
                        .char_indices()
                        .nth(column)
                        .map_or(above.len(), |(i, _)| i)
            };
            marks.push((TextRange::new(byte(columns.0), byte(columns.1)), label));
            continue;
        }
        match line.find("$0") {
            Some(at) => {
                *cursor = Some(text.len() + at);
                text.push_str(&line.replacen("$0", "", 1));
            }
            None => text.push_str(line),
        }
    }
    files
}

/// `(start, end)` char columns and the label of a `^^^ label` line.
fn mark_line(line: &str) -> Option<((usize, usize), String)> {
    let trimmed = line.trim_end_matches(['\n', '\r']);
    let start = trimmed.find('^')?;
    if !trimmed[..start].chars().all(|c| c == ' ') {
        return None;
    }
    let carets = trimmed[start..].chars().take_while(|&c| c == '^').count();
    let rest = &trimmed[start + carets..];
    if !rest.is_empty() && !rest.starts_with(' ') {
        return None;
    }
    Some(((start, start + carets), rest.trim().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_files_cursor_and_marks() {
        let fixture = Fixture::parse(
            "%! a.news.md\nsee [@pu$0tin] now\n     ^^^^^^ undefined-entity\n%! b.news.md\nx\n",
        );
        let (path, offset) = fixture.cursor();
        assert_eq!(path, Path::new("/ws/a.news.md"));
        let a = fixture.workspace.load_file(path).unwrap();
        assert_eq!(a.text, "see [@putin] now\n");
        assert_eq!(offset, 8);
        let (mark_path, range, label) = &fixture.marks[0];
        assert_eq!(mark_path, Path::new("/ws/a.news.md"));
        assert_eq!(a.slice(*range), "@putin");
        assert_eq!(label, "undefined-entity");
        assert_eq!(fixture.workspace.len(), 2);
    }
}
