//! `outdated-role`: a definition's single `role` that the `roles` entries
//! holding on its date contradict.

use super::lookups::Lookups;
use super::{Code, Diagnostic, Related, first_definitions};
use crate::ide::account::{dated, roles_match};
use crate::syntax::RoleEntry;
use crate::workspace::{DocumentEntry, File, Workspace};

pub(super) fn check(
    workspace: &Workspace,
    lookups: &Lookups<'_>,
    file: &File,
    out: &mut Vec<Diagnostic>,
) {
    for def in first_definitions(file) {
        let Some(role) = &def.role else {
            continue;
        };
        let (date, _) = dated(workspace, file.doc.date.as_ref().map(|d| d.value), def);
        let holding: Vec<(&DocumentEntry, &RoleEntry)> = lookups
            .defined(&def.id)
            .definitions
            .iter()
            .flat_map(|d| d.def.roles.iter().map(move |r| (d.file, r)))
            .filter(|(_, r)| r.holds_on(date))
            .collect();
        if holding.is_empty()
            || holding
                .iter()
                .any(|(_, r)| roles_match(&r.role.value, &role.value))
        {
            continue;
        }
        let held = holding
            .iter()
            .map(|(f, r)| {
                let since = r
                    .since
                    .as_ref()
                    .map(|s| format!(" since {}", s.value))
                    .unwrap_or_default();
                format!(
                    "“{}”{since} (per `{}`)",
                    r.role.value,
                    workspace.relative_path(&f.path)
                )
            })
            .collect::<Vec<_>>()
            .join(", ");
        let message = format!(
            "`{}` is given the role “{}” as of {date}, but on that date `roles` say {held}",
            def.id, role.value
        );
        let mut diagnostic = Diagnostic::new(Code::OutdatedRole, role.range, message);
        diagnostic.related = holding
            .iter()
            .map(|(f, r)| Related {
                path: f.path.clone(),
                range: r.role.range,
                message: format!("the role that holds on {date}"),
            })
            .collect();
        out.push(diagnostic);
    }
}

#[cfg(test)]
mod tests {
    use crate::ide::diagnostics::tests::{check, check_messages};
    use expect_test::expect;

    /// A registry kept current and articles that state roles of their day.
    const MERZ: &str = r#"
%today 2026-01-23
%! registry.news.md
---
entities:
  merz:
    name: Friedrich Merz
    kind: person
    roles:
      - role: Chancellor of Germany
        since: 2025-05-06
      - role: Leader of the opposition in the Bundestag
        since: 2022-02-15
        until: 2025-05-06
---
[@merz]
"#;

    #[test]
    fn outdated_role_only_where_the_roles_of_the_day_disagree() {
        check(&format!(
            r#"{MERZ}
%! 2023.news.md
---
date: 2023-07-11
entities:
  merz:
    name: Friedrich Merz
    role: leader of the opposition
---
%! 2026.news.md
---
date: 2026-01-10
entities:
  merz:
    name: Friedrich Merz
    role: Chancellor
---
%! wrong.news.md
---
date: 2026-01-10
entities:
  merz:
    name: Friedrich Merz
    role: Leader of the opposition
          ^^^^^^^^^^^^^^^^^^^^^^^^ outdated-role
---
%! as-of.news.md
---
date: 2026-01-10
entities:
  merz:
    name: Friedrich Merz
    role: Leader of the opposition
    as_of: 2024-01-01
---
%! before.news.md
---
date: 2020-01-01
entities:
  merz:
    name: Friedrich Merz
    role: Lawyer
---
"#
        ));
    }

    #[test]
    fn outdated_role_names_the_role_that_holds_and_where() {
        check_messages(
            &format!(
                r#"{MERZ}
%! a.news.md
---
date: 2026-01-10
entities:
  merz:
    name: Friedrich Merz
    role: Leader of the opposition
---
"#
            ),
            expect![[r#"
                outdated-role Warning "Leader of the opposition": `merz` is given the role “Leader of the opposition” as of 2026-01-10, but on that date `roles` say “Chancellor of Germany” since 2025-05-06 (per `registry.news.md`)
                  related registry.news.md: the role that holds on 2026-01-10
            "#]],
        );
    }
}
