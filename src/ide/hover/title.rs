//! Hover on a title's words: which of the entity's roles the title names,
//! when that role held, and what the entity holds on the date that matters.

use std::fmt::Write;

use super::{Hover, escape};
use crate::ide::account::{self, Role, Span};
use crate::ide::titles::{self, Qualifiers};
use crate::workspace::{File, Workspace};

/// The hover of the title at `offset` of `file`, when one is there.
pub(super) fn at(workspace: &Workspace, file: &File, offset: usize) -> Option<Hover> {
    let use_ = titles::at(workspace, file, offset, &Qualifiers::default())
        .into_iter()
        .next()?;
    let (date, why) = super::document_date(workspace, file);
    let account = account::of(workspace, &use_.id, date, Some(&file.path))?;
    let reading = titles::read(&account, &use_)?;
    let mut md = format!(
        "**“{}”** · a title of **{}** · `@{}`\n\nNames:",
        escape(file.slice(use_.range)),
        escape(account.name()),
        account.id
    );
    for role in &reading.named {
        let _ = write!(md, "\n- {} ({})", escape(role.role), span(role));
    }
    let held: Vec<String> = account
        .roles
        .iter()
        .filter(|r| !r.role.is_empty())
        .map(|r| format!("{} ({})", escape(r.role), span(r)))
        .collect();
    if held.is_empty() {
        let _ = write!(md, "\n\nOn {date} ({why}): none of the listed roles");
    } else {
        let _ = write!(md, "\n\nOn {date} ({why}): {}", held.join("; "));
    }
    Some(Hover {
        range: use_.range,
        markdown: md,
    })
}

/// "2010-10-14 – 2024-07-02", "since 2024-10-01", "as of 2026-01-22".
fn span(role: &Role<'_>) -> String {
    match role.span {
        Span::Between {
            since: Some(s),
            until: Some(u),
        } => format!("{s} – {u}"),
        Span::Between {
            since: Some(s),
            until: None,
        } => format!("since {s}"),
        Span::Between {
            since: None,
            until: Some(u),
        } => format!("until {u}"),
        Span::Between { .. } => "always".to_string(),
        Span::AsOf(day) => format!("as of {day}"),
    }
}
