//! `undefined-entity`: a mention or reference of an id no document defines,
//! with the nearest defined id as a fix.

use super::lookups::Lookups;
use super::{Code, Diagnostic};
use crate::syntax::{Fix, is_valid_entity_id};
use crate::workspace::{File, Workspace};

/// How many undefined ids of one document get a "did you mean".
const MAX_SUGGESTIONS: usize = 50;

pub(super) fn check(
    workspace: &Workspace,
    lookups: &Lookups<'_>,
    file: &File,
    out: &mut Vec<Diagnostic>,
) {
    let index = workspace.index();
    let uses = file
        .doc
        .mentions
        .iter()
        .map(|m| (&m.id, m.id_range, None, m.id_is_written()))
        .chain(
            file.doc
                .references
                .iter()
                .map(|r| (&r.id, r.range, Some(r), true)),
        );
    // A document with thousands of unknown ids is no typo, so only the
    // first few get a suggestion.
    let mut suggestions_left = MAX_SUGGESTIONS;
    for (id, range, reference, replaceable) in uses {
        if !is_valid_entity_id(id) || lookups.defined(id).is_defined {
            continue;
        }
        if suggestions_left == 0 {
            let message = format!("`@{id}` is not defined in any document");
            out.push(Diagnostic::new(Code::UndefinedEntity, range, message));
            continue;
        }
        suggestions_left -= 1;
        let near = index.nearest_defined(id);
        let hint = match near {
            Some(near) => format!(" (did you mean `@{near}`?)"),
            None => format!(": define it under `entities:` as `{id}:` with a `name`"),
        };
        let message = format!("`@{id}` is not defined in any document{hint}");
        // Only an id written in place can be replaced.
        let fix = near.filter(|_| replaceable).map(|n| {
            let text = reference.map_or_else(|| format!("@{n}"), |r| r.written(n));
            Fix::new(format!("Change to `@{n}`"), range, text)
        });
        out.push(Diagnostic::new(Code::UndefinedEntity, range, message).with_fix(fix));
    }
}

#[cfg(test)]
mod tests {
    use crate::ide::diagnostics::tests::{check, check_messages};
    use expect_test::expect;

    #[test]
    fn undefined_entity_in_mentions_and_references() {
        check(
            r#"
%! a.news.md
---
entities:
  talks:
    name: Talks
    place: "@moscow"
            ^^^^^^^ undefined-entity
    participants: ["@witkoff", "@putin"]
                                ^^^^^^ undefined-entity
---
[Talks](@talks) with [Steve Witkoff](@witkoff) and [@nobody], not `[@code]`.
                                                    ^^^^^^^ undefined-entity
%! b.news.md
---
entities:
  witkoff:
    name: Steve Witkoff
---
"#,
        );
    }

    #[test]
    fn undefined_entity_suggests_the_nearest_id() {
        check_messages(
            r#"
%! a.news.md
[Steve Witkoff](@witkof) met [@zelenskyy].
%! b.news.md
---
entities:
  witkoff:
    name: Steve Witkoff
---
"#,
            expect![[r#"
                undefined-entity Error "@witkof": `@witkof` is not defined in any document (did you mean `@witkoff`?)
                undefined-entity Error "@zelenskyy": `@zelenskyy` is not defined in any document: define it under `entities:` as `zelenskyy:` with a `name`
            "#]],
        );
    }
}
