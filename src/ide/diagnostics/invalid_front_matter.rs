//! `invalid-front-matter`: front matter that is not valid YAML, is never
//! closed, or gives a field a value of the wrong shape.
//!
//! The parser finds it (`crate::syntax`), in the document alone; its
//! tests through [`super::collect`] live here.

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::ide::diagnostics::collect;
    use crate::ide::diagnostics::tests::{check, check_messages};
    use crate::testing::Fixture;
    use expect_test::expect;

    #[test]
    fn invalid_front_matter() {
        check(
            r#"
%! a.news.md
---
title: [not, a, string]
       ^^^^^^^^^^^^^^^^ invalid-front-matter
authors: Jane Doe
         ^^^^^^^^ invalid-front-matter
entities:
  putin:
    name: Vladimir Putin
    kind: persn
          ^^^^^ invalid-front-matter
    aliases: Putin
             ^^^^^ invalid-front-matter
---
[@putin]
"#,
        );
        check_messages(
            "%! a.news.md\n---\ntitle: \"unclosed\nentities: {}\n---\nBody.\n",
            expect![[r#"
                invalid-front-matter Error "\"": front matter is not valid YAML: invalid indentation in quoted scalar
            "#]],
        );
    }

    #[test]
    fn broken_yaml_is_reported_and_what_parsed_is_kept() {
        let fixture = Fixture::parse(
            "%! a.news.md\n---\nentities:\n  putin:\n    name: Vladimir Putin\n  bad: [\n---\n[@putin] and [@bad]\n",
        );
        let path = Path::new("/ws/a.news.md");
        let diagnostics = collect(&fixture.workspace, path);
        let codes: Vec<&str> = diagnostics.iter().map(|d| d.code.as_str()).collect();
        assert!(codes.contains(&"invalid-front-matter"), "{codes:?}");
        assert!(
            !diagnostics
                .iter()
                .any(|d| d.code.as_str() == "undefined-entity" && d.message.contains("@putin")),
            "the definition before the error is kept: {diagnostics:?}"
        );
    }

    #[test]
    fn unclosed_front_matter() {
        check(
            r#"
%! a.news.md
---
^^^ invalid-front-matter
title: Talks
"#,
        );
    }

    #[test]
    fn no_follow_on_errors_after_a_yaml_error() {
        check_messages(
            "%! a.news.md\n---\nentities:\n  putin: {name: [x}\n---\n[@putin]\n",
            expect![[r#"
                invalid-front-matter Error "}": front matter is not valid YAML: while parsing a flow sequence, expected ',' or ']'
            "#]],
        );
    }

    #[test]
    fn unquoted_references_get_a_hint() {
        check_messages(
            "%! a.news.md\n---\nentities:\n  talks:\n    name: Talks\n    place: @moscow\n---\n[Talks](@talks)\n",
            expect![[r#"
                invalid-front-matter Error "@moscow": front matter is not valid YAML: unexpected character: `@` (a value that starts with `@` must be quoted, as in `"@moscow"`)
            "#]],
        );
    }

    #[test]
    fn an_entity_that_is_not_a_mapping_is_reported_once() {
        check(
            r#"
%! a.news.md
---
entities:
  putin: Vladimir Putin
         ^^^^^^^^^^^^^^ invalid-front-matter
---
[Vladimir Putin](@putin)
"#,
        );
    }

    #[test]
    fn unclosed_front_matter_is_not_prose() {
        check(
            r#"
%! a.news.md
---
^^^ invalid-front-matter
title: Vladimir Putin
%! b.news.md
---
entities:
  putin:
    name: Vladimir Putin
---
[@putin]
"#,
        );
    }

    #[test]
    fn misindented_keys_are_explained() {
        check_messages(
            "%! a.news.md\n---\nentities:\n  putin:\n    name: Vladimir Putin\n   kind: person\n---\n",
            expect![[r#"
                unused-entity Hint "putin": `putin` is defined but no document mentions or references it
                invalid-front-matter Error "kind:": front matter is not valid YAML: `kind:` on line 5 is indented by 3 spaces, but should start at column 5, in line with `name:` on line 4 (the parser says: while parsing a block mapping, did not find expected key)
            "#]],
        );
        check_messages(
            "%! a.news.md\n---\nentities:\n  putin:\n    name: Vladimir Putin\n kremlin:\n    name: Kremlin\n---\n",
            expect![[r#"
                unused-entity Hint "putin": `putin` is defined but no document mentions or references it
                invalid-front-matter Error "kremlin:": front matter is not valid YAML: `kremlin:` on line 5 is indented by 1 space, but should start at column 3, in line with `putin:` on line 3 (the parser says: while parsing a block mapping, did not find expected key)
            "#]],
        );
    }
}
