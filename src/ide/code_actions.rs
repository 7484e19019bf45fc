//! Quick fixes: the fixes diagnostics carry, for those under the cursor.

use std::path::Path;

use super::SourceChange;
use super::diagnostics::{self, Diagnostic};
use crate::syntax::TextRange;
use crate::workspace::Workspace;

/// A fix offered for one diagnostic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuickFix {
    /// What the fix does, as an editor shows it.
    pub title: String,
    pub diagnostic: Diagnostic,
    pub change: SourceChange,
}

/// The quick fixes for the diagnostics of `path` that touch `range`.
pub fn quick_fixes(workspace: &Workspace, path: &Path, range: TextRange) -> Vec<QuickFix> {
    let Some(file) = workspace.file(path) else {
        return Vec::new();
    };
    diagnostics::collect(workspace, path)
        .into_iter()
        .filter(|d| d.range.start <= range.end && range.start <= d.range.end)
        .filter_map(|diagnostic| {
            let fix = diagnostic.fix.clone()?;
            Some(QuickFix {
                title: fix.title,
                diagnostic,
                change: SourceChange::single(file.path.clone(), fix.edit),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::TextEdit;
    use crate::testing::Fixture;

    /// Applies each fix offered at the cursor; the snapshot lists the
    /// titles and the cursor file's text after each.
    fn check(fixture: &str, expected: &[(&str, &str)]) {
        let fixture = Fixture::parse(fixture);
        let (path, offset) = fixture.cursor();
        let file = fixture.workspace.file(path).expect("cursor file");
        let fixes = quick_fixes(&fixture.workspace, path, TextRange::new(offset, offset));
        let applied: Vec<(String, String)> = fixes
            .iter()
            .map(|q| {
                let edits: Vec<_> = q.change.edits.values().flatten().cloned().collect();
                assert_eq!(q.change.edits.keys().collect::<Vec<_>>(), [&file.path]);
                let [edit] = edits.as_slice() else {
                    panic!("one edit per fix: {edits:?}");
                };
                let text = TextEdit::apply(&file.text, &edits);
                let line = text
                    .lines()
                    .find(|l| l.contains(&edit.new_text))
                    .unwrap_or("")
                    .to_string();
                (q.title.clone(), line)
            })
            .collect();
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(t, l)| (t.to_string(), l.to_string()))
            .collect();
        assert_eq!(applied, expected);
    }

    const REGISTRY: &str = "%! registry.news.md\n---\nentities:\n  witkoff:\n    name: Steve Witkoff\n    aliases: [Witkoff]\n---\n[@witkoff]\n";

    #[test]
    fn change_an_undefined_id_to_the_nearest() {
        check(
            &format!("%! a.news.md\nMet [Steve Witkoff](@witk$0of).\n{REGISTRY}"),
            &[("Change to `@witkoff`", "Met [Steve Witkoff](@witkoff).")],
        );
    }

    #[test]
    fn annotate_a_plain_name() {
        check(
            &format!("%! a.news.md\nEnvoy Wit$0koff arrived.\n{REGISTRY}"),
            &[(
                "Annotate as [Witkoff](@witkoff)",
                "Envoy [Witkoff](@witkoff) arrived.",
            )],
        );
    }

    #[test]
    fn rename_an_unknown_field_and_fix_an_id() {
        check(
            "%! a.news.md\n---\nentities:\n  putin:\n    name: Vladimir Putin\n    ro$0l: President\n---\n[Vladimir Putin](@putin)\n",
            &[("Rename to `role`", "    role: President")],
        );
        check(
            "%! a.news.md\n---\nentities:\n  putin:\n    name: Vladimir Putin\n---\n[Vladimir Putin](@Pu$0tin) [@putin]\n",
            &[("Change to `@putin`", "[Vladimir Putin](@putin) [@putin]")],
        );
    }

    #[test]
    fn quote_an_unquoted_reference() {
        check(
            "%! a.news.md\n---\nentities:\n  talks:\n    name: Talks\n    place: @mos$0cow # the city\n---\n",
            &[(
                "Quote as `\"@moscow\"`",
                "    place: \"@moscow\" # the city",
            )],
        );
    }

    #[test]
    fn nothing_where_there_is_no_fix() {
        check(
            &format!("%! a.news.md\nMet [the envoy](@wit$0koff).\n{REGISTRY}"),
            &[],
        );
        check("%! a.news.md\nNo problems$0 here.\n", &[]);
        // The id is in the link reference definition, not in the link.
        check(
            &format!("%! a.news.md\n[the envoy][e$0]\n\n[e]: @witkof\n{REGISTRY}"),
            &[],
        );
    }
}
