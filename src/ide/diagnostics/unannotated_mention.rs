//! `unannotated-mention`: a known name in prose, in a document that never
//! annotates its entity; reported once, at its first occurrence.

use std::collections::HashSet;

use super::{Code, Diagnostic};
use crate::ide::names;
use crate::syntax::Fix;
use crate::workspace::File;

/// `plain`: the known names in the prose of `file` (from the names scan).
pub(super) fn check(plain: &[names::NameMatch], file: &File, out: &mut Vec<Diagnostic>) {
    let annotated: HashSet<&str> = file.summary.mentions.iter().map(|id| id.as_str()).collect();
    let mut reported: HashSet<String> = HashSet::new();
    for found in plain {
        for id in &found.ids {
            if annotated.contains(id.as_str()) || !reported.insert(id.clone()) {
                continue;
            }
            let text = file.slice(found.range);
            let message = format!(
                "“{text}” names `@{id}`, which this document never annotates: write [{text}](@{id})"
            );
            let fix = Fix::new(
                format!("Annotate as [{text}](@{id})"),
                found.range,
                format!("[{text}](@{id})"),
            );
            let diagnostic = Diagnostic::new(Code::UnannotatedMention, found.range, message);
            out.push(diagnostic.with_fix(Some(fix)));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::ide::diagnostics::tests::check;

    #[test]
    fn unannotated_mention_once_at_first_occurrence() {
        check(
            r#"
%! a.news.md
---
entities:
  putin:
  ^^^^^ unused-entity
    name: Vladimir Putin
    aliases: [Putin]
---
President Vladimir Putin met Steve Witkoff. Putin and Witkoff talked.
          ^^^^^^^^^^^^^^ unannotated-mention
                             ^^^^^^^^^^^^^ unannotated-mention
%! b.news.md
---
entities:
  witkoff:
    name: Steve Witkoff
    aliases: [Witkoff]
---
[Witkoff](@witkoff) met Putin; `Witkoff` in code is not prose.
                        ^^^^^ unannotated-mention
"#,
        );
    }

    #[test]
    fn annotated_entities_are_not_flagged_again() {
        check(
            r#"
%! a.news.md
---
entities:
  putin:
    name: Vladimir Putin
    aliases: [Putin]
---
Putin spoke. Later [Vladimir Putin](@putin) left; Putins and input are other words.
"#,
        );
    }
}
