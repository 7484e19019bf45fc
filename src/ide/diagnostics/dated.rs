//! `outdated-role`: a definition's single `role` that the `roles` entries
//! holding on its date contradict.

use super::lookups::Lookups;
use super::{Code, Diagnostic, Related, first_definitions};
use crate::ide::account::{dated, roles_match};
use crate::syntax::RoleEntry;
use crate::workspace::{Entry, File, Workspace};

pub(super) fn outdated_roles(
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
        let holding: Vec<(&Entry, &RoleEntry)> = lookups
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
