//! `unlinked-reference`: a plain-text field value that is exactly the name
//! of a known entity, which an `"@id"` would link.

use super::{Code, Diagnostic};
use crate::syntax::{Fix, Spanned, TextRange, phrase_of};
use crate::workspace::{File, Workspace};

pub(super) fn check(workspace: &Workspace, file: &File, out: &mut Vec<Diagnostic>) {
    for def in &file.doc.entities {
        let values = [&def.affiliation, &def.country, &def.place]
            .into_iter()
            .flatten()
            .chain(&def.participants)
            .chain(def.roles.iter().filter_map(|r| r.affiliation.as_ref()));
        for value in values {
            if value.value.starts_with('@') {
                continue;
            }
            let Some(phrase) = phrase_of(&value.value) else {
                continue;
            };
            let ids: Vec<&str> = workspace
                .index()
                .named(&phrase)
                .filter(|id| *id != def.id)
                .collect();
            // A name shared by several entities says nothing certain.
            let [id] = ids.as_slice() else {
                continue;
            };
            let written = format!("\"@{id}\"");
            let message = format!(
                "“{}” is the name of `@{id}`: write {written} to link it",
                value.value
            );
            let fix = Fix::new(
                format!("Link as {written}"),
                quoted_range(file, value),
                written,
            );
            out.push(
                Diagnostic::new(Code::UnlinkedReference, value.range, message).with_fix(Some(fix)),
            );
        }
    }
}

/// The value's range with its quotes, when it is written quoted.
fn quoted_range(file: &File, value: &Spanned<String>) -> TextRange {
    let range = value.range;
    let before = range
        .start
        .checked_sub(1)
        .map(|s| file.slice(TextRange::new(s, range.start)));
    let after = file.slice(TextRange::new(range.end, range.end + 1));
    match (before, after) {
        (Some(q @ ("\"" | "'")), a) if a == q => TextRange::new(range.start - 1, range.end + 1),
        _ => range,
    }
}

#[cfg(test)]
mod tests {
    use crate::ide::diagnostics::tests::check;

    #[test]
    fn unlinked_reference_on_exact_known_names_only() {
        check(
            r#"
%! registry.news.md
---
entities:
  erdogan:
    name: Recep Tayyip Erdoğan
    aliases: [Erdoğan]
  turkey:
    name: Turkey
  cdu:
    name: Christian Democratic Union
    aliases: [CDU]
  georgia-state:
    name: Georgia
  georgia:
    name: Georgia
---
[@erdogan] [@turkey] [@cdu] [@georgia] [@georgia-state]
%! a.news.md
---
entities:
  summit:
    name: Summit
    kind: event
    place: Istanbul
    participants: [Erdoğan, "@cdu", Some Stranger, "Recep Tayyip Erdoğan"]
                   ^^^^^^^ unlinked-reference
                                                    ^^^^^^^^^^^^^^^^^^^^ unlinked-reference
  merz:
    name: Friedrich Merz
    country: turkey
             ^^^^^^ unlinked-reference
    affiliation: Georgia
    roles:
      - role: Leader
        affiliation: CDU
                     ^^^ unlinked-reference
---
[@summit] [@merz]
"#,
        );
    }
}
