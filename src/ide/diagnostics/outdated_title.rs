//! `outdated-title`: a title in prose ("Prime Minister [Mark Rutte](@rutte)")
//! that names one of the entity's roles which does not hold on the date
//! that matters (the document's date; today for an undated document),
//! when no role that holds then has the same title and no qualifier
//! ("former", "-elect") makes it right. What counts as a title, and where
//! it is looked for, is `ide::titles`.

use std::collections::HashMap;

use super::lookups::Lookups;
use super::{Code, Diagnostic, Options, Related};
use crate::ide::account::{self, Account, Role, Span};
use crate::ide::names::NameMatch;
use crate::ide::titles::{self, Reading, TitleUse, Verdict};
use crate::syntax::titles::preferred;
use crate::syntax::{Date, Fix, TextRange};
use crate::workspace::{File, Workspace};

pub(super) fn check(
    workspace: &Workspace,
    lookups: &Lookups<'_>,
    file: &File,
    plain: &[NameMatch],
    options: &Options,
    out: &mut Vec<Diagnostic>,
) {
    each_finding(
        workspace,
        lookups,
        file,
        plain,
        options,
        |use_, account, reading| {
            let (message, related) = explain(file, use_, account, reading);
            let mut fixes = fixes(file, use_, account, reading).into_iter();
            let mut diagnostic = Diagnostic::new(Code::OutdatedTitle, use_.range, message);
            diagnostic.related = related;
            out.push(diagnostic.with_fix(fixes.next()));
        },
    );
}

/// Every fix for the outdated title at `range` of `file`: the title held
/// on the date, then the qualifier that makes it right.
pub(crate) fn fixes_at(
    workspace: &Workspace,
    file: &File,
    plain: &[NameMatch],
    options: &Options,
    range: TextRange,
) -> Vec<Fix> {
    let mut found = Vec::new();
    let lookups = Lookups::new(workspace);
    each_finding(
        workspace,
        &lookups,
        file,
        plain,
        options,
        |use_, account, reading| {
            if use_.range == range {
                found.extend(fixes(file, use_, account, reading));
            }
        },
    );
    found
}

/// Calls `found` with each title of `file` that is wrong on its date, its
/// entity's account and what it reads as.
fn each_finding(
    workspace: &Workspace,
    lookups: &Lookups<'_>,
    file: &File,
    plain: &[NameMatch],
    options: &Options,
    mut found: impl FnMut(&TitleUse, &Account<'_>, &Reading<'_>),
) {
    let uses = titles::in_file(file, plain, &options.qualifiers, |id| {
        lookups.defined(id).vocabulary.as_ref()
    });
    if uses.is_empty() {
        return;
    }
    let date = account::date_of(workspace, file);
    let mut accounts: HashMap<&str, Option<Account<'_>>> = HashMap::new();
    for use_ in &uses {
        let account = accounts
            .entry(use_.id.as_str())
            .or_insert_with(|| account::of(workspace, &use_.id, date, Some(&file.path)));
        let Some(account) = account else {
            continue;
        };
        let Some(reading) = titles::read(account, use_) else {
            continue;
        };
        if !matches!(reading.verdict, Verdict::Right) {
            found(use_, account, &reading);
        }
    }
}

/// The message, and where the role's dates are written.
fn explain(
    file: &File,
    use_: &TitleUse,
    account: &Account<'_>,
    reading: &Reading<'_>,
) -> (String, Vec<Related>) {
    let written = file.slice(use_.range);
    let name = account.name();
    let date = account.date;
    let (was, role) = match reading.verdict {
        Verdict::Ended(role) => (
            format!(
                "was {} until {}",
                role.role,
                span_end(&role).map_or_else(String::new, |d| d.to_string())
            ),
            role,
        ),
        Verdict::NotYet(role) => (
            format!(
                "becomes {} on {}",
                role.role,
                span_start(&role).map_or_else(String::new, |d| d.to_string())
            ),
            role,
        ),
        Verdict::Right => return (String::new(), Vec::new()),
    };
    let holds: Vec<String> = account
        .roles
        .iter()
        .filter(|r| !r.role.is_empty())
        .map(|r| match span_start(r) {
            Some(since) if matches!(r.span, Span::Between { .. }) => {
                format!("{} (since {since})", r.role)
            }
            _ => r.role.to_string(),
        })
        .collect();
    let now = if holds.is_empty() {
        format!("on {date} holds none of the listed roles")
    } else {
        format!("on {date} is {}", holds.join(" and "))
    };
    let message = format!("“{written}”: {name} {was}, and {now}");
    let related = vec![Related {
        path: role.source.file.path.clone(),
        range: role.source.def.key,
        message: format!("the roles of `@{}`", account.id),
    }];
    (message, related)
}

fn span_start(role: &Role<'_>) -> Option<Date> {
    match role.span {
        Span::Between { since, .. } => since,
        Span::AsOf(day) => Some(day),
    }
}

fn span_end(role: &Role<'_>) -> Option<Date> {
    match role.span {
        Span::Between { until, .. } => until,
        Span::AsOf(day) => Some(day),
    }
}

/// The title held on the date, when one is; the qualifier that makes the
/// title right, when none is written. A title that starts its sentence
/// keeps its capital.
fn fixes(file: &File, use_: &TitleUse, account: &Account<'_>, reading: &Reading<'_>) -> Vec<Fix> {
    let mut fixes = Vec::new();
    let capital = |text: &str| -> String {
        if !use_.starts_sentence {
            return text.to_string();
        }
        let mut chars = text.chars();
        chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect())
            .unwrap_or_default()
    };
    if let Some(held) = account.roles.iter().find(|r| !r.role.is_empty()) {
        let title = capital(preferred(held.role, held.listed));
        if !title.is_empty() && title != file.slice(use_.range) {
            fixes.push(Fix::new(
                format!("Change to “{title}”"),
                use_.range,
                title.clone(),
            ));
        }
    }
    let qualifier = match reading.verdict {
        Verdict::Ended(_) => Some("former"),
        Verdict::NotYet(_) => Some("incoming"),
        Verdict::Right => None,
    };
    if let (Some(qualifier), None) = (qualifier, use_.qualifier) {
        let written = capital(qualifier);
        let at = TextRange::new(use_.insert_at, use_.insert_at);
        fixes.push(Fix::new(
            format!("Insert “{qualifier}”"),
            at,
            format!("{written} "),
        ));
    }
    fixes
}

#[cfg(test)]
mod tests;
