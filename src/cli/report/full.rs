//! `--format full`: rustc/ruff-style snippets, the line with a caret under
//! the span, rendered by `annotate-snippets`.

use std::io::{self, Write};

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use super::Problem;
use crate::syntax::{LineIndex, TextRange};

/// Writes each problem as a snippet, a blank line after each.
pub fn write(out: &mut impl Write, problems: &[Problem], color: bool) -> io::Result<()> {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    for problem in problems {
        writeln!(out, "{}\n", render(&renderer, problem))?;
    }
    Ok(())
}

fn level(severity: &str) -> Level<'static> {
    match severity {
        "error" => Level::ERROR,
        "warning" => Level::WARNING,
        "info" => Level::INFO,
        _ => Level::HELP.with_name("hint"),
    }
}

/// The lines of `text` around `range`, and where they start: a snippet
/// gets only these lines, so a long document is not scanned per problem.
fn excerpt(text: &str, lines: &LineIndex, range: TextRange) -> (usize, usize, usize) {
    let start = range.start.min(text.len());
    let end = range.end.clamp(start, text.len());
    let (line, line_start) = lines.line_of(start);
    let (last, _) = lines.line_of(end);
    let line_end = lines
        .line_range(last, text)
        .map_or(text.len(), |r| r.end)
        .max(end);
    (line + 1, line_start, line_end)
}

fn render(renderer: &Renderer, problem: &Problem) -> String {
    let json = &problem.json;
    let Some(source) = problem.source else {
        let group = Level::ERROR
            .primary_title(json.message.as_str())
            .id(json.code)
            .element(Origin::path(json.path.as_str()));
        return renderer.render(&[group]);
    };
    let owned;
    let lines = match source.lines {
        Some(lines) => lines,
        None => {
            owned = LineIndex::new(source.text);
            &owned
        }
    };
    let (line, from, to) = excerpt(source.text, lines, source.range);
    let text = source.text.get(from..to).unwrap_or_default();
    let span = |range: TextRange| {
        let start = range.start.saturating_sub(from).min(text.len());
        start..range.end.saturating_sub(from).clamp(start, text.len())
    };
    let snippet = Snippet::source(text)
        .line_start(line)
        .path(json.path.as_str())
        .annotation(AnnotationKind::Primary.span(span(source.range)));
    let mut groups = vec![
        level(json.severity)
            .primary_title(json.message.as_str())
            .id(json.code)
            .element(snippet),
    ];
    for related in &json.related {
        groups.push(Group::with_title(Level::NOTE.secondary_title(format!(
            "{}:{}:{}: {}",
            related.path, related.line, related.column, related.message
        ))));
    }
    renderer.render(&groups)
}
