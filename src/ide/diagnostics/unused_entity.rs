//! `unused-entity`: a definition no document mentions or references.

use super::{Code, Diagnostic, first_definitions};
use crate::syntax::is_valid_entity_id;
use crate::workspace::{File, Workspace};

pub(super) fn check(workspace: &Workspace, file: &File, out: &mut Vec<Diagnostic>) {
    for def in first_definitions(file) {
        // An invalid id is reported as such, and can never be used anyway.
        if is_valid_entity_id(&def.id) && !workspace.index().is_used(&def.id) {
            let message = format!(
                "`{}` is defined but no document mentions or references it",
                def.id
            );
            out.push(Diagnostic::new(Code::UnusedEntity, def.key, message));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::ide::diagnostics::tests::check;

    #[test]
    fn unused_entity() {
        check(
            r#"
%! a.news.md
---
entities:
  kremlin:
    name: Kremlin
  dmitriev:
  ^^^^^^^^ unused-entity
    name: Kirill Dmitriev
  ushakov:
    name: Yuri Ushakov
    affiliation: "@kremlin"
---
%! b.news.md
[Ushakov](@ushakov) is [Yuri Ushakov](@ushakov).
 ^^^^^^^ surface-mismatch
"#,
        );
    }

    #[test]
    fn invalid_ids_and_self_references_are_not_called_unused() {
        check(
            r#"
%! a.news.md
---
entities:
  Vladimir Putin:
  ^^^^^^^^^^^^^^ invalid-entity-id
    name: Vladimir Putin
  kremlin:
  ^^^^^^^ unused-entity
    name: Kremlin
    affiliation: "@kremlin"
---
"#,
        );
    }
}
