//! `surface-mismatch`: an inline mention whose text is none of its entity's
//! names or aliases (`[the Russian leader](@putin)`).

use std::collections::HashSet;

use super::lookups::Lookups;
use super::{Code, Diagnostic};
use crate::syntax::{self, MentionForm, words};
use crate::workspace::File;

pub(super) fn check(lookups: &Lookups<'_>, file: &File, out: &mut Vec<Diagnostic>) {
    // The surface's folded words between spaces, as `Defined::names` has
    // each name's: one buffer for every mention.
    let mut surface_words = String::new();
    for mention in &file.doc.mentions {
        let (MentionForm::Inline, Some(surface)) = (mention.form, mention.surface) else {
            continue;
        };
        let defined = lookups.defined(&mention.id);
        if defined.definitions.is_empty() {
            continue;
        }
        surface_words.clear();
        surface_words.push(' ');
        for (_, word) in words(file.slice(surface)) {
            syntax::fold_into(word, &mut surface_words);
            surface_words.push(' ');
        }
        let matches = defined
            .names
            .iter()
            .filter_map(|(_, phrase)| phrase.as_deref())
            .any(|phrase| surface_words.contains(phrase));
        if matches || defined.names.is_empty() {
            continue;
        }
        // Several documents may define the id with the same names.
        let mut seen = HashSet::new();
        let known: Vec<&str> = defined
            .names
            .iter()
            .map(|(name, _)| *name)
            .filter(|n| seen.insert(*n))
            .collect();
        let message = format!(
            "“{}” does not name `@{}`, known as {}",
            file.slice(surface),
            mention.id,
            known
                .iter()
                .map(|n| format!("“{n}”"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        out.push(Diagnostic::new(Code::SurfaceMismatch, surface, message));
    }
}

#[cfg(test)]
mod tests {
    use crate::ide::diagnostics::tests::{check, check_messages};
    use expect_test::expect;

    #[test]
    fn surface_mismatch() {
        check(
            r#"
%! a.news.md
---
entities:
  putin:
    name: Vladimir Putin
    aliases: [President Putin]
---
[Putin’s](@putin) [PUTIN's](@putin) [the Russian leader](@putin) [Putinism](@putin)
                                     ^^^^^^^^^^^^^^^^^^ surface-mismatch
                                                                  ^^^^^^^^ surface-mismatch
%! b.news.md
---
entities:
  putin:
    name: Vladimir Putin
    aliases: [Putin]
---
"#,
        );
    }

    #[test]
    fn surface_mismatch_lists_each_known_name_once() {
        // Two documents define `putin` alike: the message names each name once.
        check_messages(
            r#"
%! a.news.md
---
entities:
  putin:
    name: Vladimir Putin
    aliases: [Putin]
---
[Trump](@putin)
%! b.news.md
---
entities:
  putin:
    name: Vladimir Putin
    aliases: [Putin]
---
"#,
            expect![[r#"
                surface-mismatch Warning "Trump": “Trump” does not name `@putin`, known as “Vladimir Putin”, “Putin”
            "#]],
        );
    }

    #[test]
    fn accents_typed_decomposed_match_composed_names() {
        check(
            "%! a.news.md\n---\nentities:\n  jose:\n    name: José María\n---\n[Jose\u{301} Mari\u{301}a](@jose) and then [@jose].\n",
        );
    }
}
