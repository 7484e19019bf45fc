//! `invalid-entity-id`: an id outside the id rule (`syntax::ENTITY_ID_RULE`),
//! as a key, a reference or a mention. The parser finds it and suggests
//! the id it folds to; the workspace says when that id is defined.

use super::{Code, Diagnostic};
use crate::syntax::{self, fold_id};
use crate::workspace::{File, Workspace};

/// Says when the id an invalid one folds to is defined.
pub(super) fn name_the_defined_id(workspace: &Workspace, file: &File, diagnostic: &mut Diagnostic) {
    if diagnostic.code != Code::Syntax(syntax::Code::InvalidEntityId) {
        return;
    }
    let folded = fold_id(file.slice(diagnostic.range).trim_matches(['"', '\'', '@']));
    if workspace.index().is_defined(&folded) {
        let tried = format!(" (try `{folded}`)");
        if let Some(message) = diagnostic.message.strip_suffix(&tried) {
            diagnostic.message = format!("{message} (did you mean `{folded}`? it is defined)");
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::ide::diagnostics::tests::{check, check_messages};
    use expect_test::expect;

    #[test]
    fn invalid_entity_ids() {
        check(
            r#"
%! a.news.md
---
entities:
  Putin:
  ^^^^^ invalid-entity-id
    name: Vladimir Putin
  kremlin:
    name: Kremlin
    affiliation: "@Bad_ref"
                  ^^^^^^^^ invalid-entity-id
---
[Vladimir Putin](@Putin) and [@kremlin].
                 ^^^^^^ invalid-entity-id
"#,
        );
    }

    #[test]
    fn invalid_ids_fold_to_the_defined_id() {
        check_messages(
            "%! a.news.md\n---\nentities:\n  erdogan:\n    name: Recep Tayyip Erdoğan\n---\n[Erdoğan](@erdoğan) [Erdoğan](@Erdogan) [x](@Straße)\n",
            expect![[r#"
                unused-entity Hint "erdogan": `erdogan` is defined but no document mentions or references it
                invalid-entity-id Error "@erdoğan": `erdoğan` is not a valid entity id: use lowercase ASCII letters, digits, `-` and `_`, starting with a letter or digit (did you mean `erdogan`? it is defined)
                invalid-entity-id Error "@Erdogan": `Erdogan` is not a valid entity id: use lowercase ASCII letters, digits, `-` and `_`, starting with a letter or digit (did you mean `erdogan`? it is defined)
                invalid-entity-id Error "@Straße": `Straße` is not a valid entity id: use lowercase ASCII letters, digits, `-` and `_`, starting with a letter or digit (try `strasse`)
            "#]],
        );
    }
}
