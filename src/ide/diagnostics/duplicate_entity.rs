//! `duplicate-entity`: an id defined twice in one document's `entities:`.
//! The parser finds the repeat; the workspace points it at the first
//! definition.

use super::{Code, Diagnostic, Related};
use crate::syntax;
use crate::workspace::File;

/// Points a repeated entity's diagnostic at its first definition.
pub(super) fn point_at_first(file: &File, diagnostic: &mut Diagnostic) {
    if diagnostic.code != Code::Syntax(syntax::Code::DuplicateEntity) {
        return;
    }
    let Some(repeat) = file.doc.entities.iter().find(|d| d.key == diagnostic.range) else {
        return;
    };
    if let Some(first) = file.definitions_of(&repeat.id).next() {
        diagnostic.related.push(Related {
            path: file.path.clone(),
            range: first.key,
            message: format!("the first definition of `{}`", repeat.id),
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::ide::diagnostics::tests::{check, check_messages};
    use expect_test::expect;

    #[test]
    fn duplicate_entity() {
        check(
            r#"
%! a.news.md
---
entities:
  putin:
    name: Vladimir Putin
  putin:
  ^^^^^ duplicate-entity
    name: Vladimir Putin
---
[@putin]
"#,
        );
    }

    #[test]
    fn duplicate_entity_points_at_the_first_definition() {
        check_messages(
            "%! a.news.md\n---\nentities:\n  putin:\n    name: Vladimir Putin\n  putin:\n    name: Vladimir Putin\n---\n[@putin]\n",
            expect![[r#"
                duplicate-entity Error "putin": entity `putin` is given twice
                  related a.news.md: the first definition of `putin`
            "#]],
        );
    }
}
