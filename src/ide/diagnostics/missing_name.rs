//! `missing-name`: an entity with no `name`, or an empty one.
//!
//! The parser finds it (`crate::syntax`), in the document alone; its
//! tests through [`super::collect`] live here.

#[cfg(test)]
mod tests {
    use crate::ide::diagnostics::tests::{check, check_messages};
    use expect_test::expect;

    #[test]
    fn missing_name() {
        check(
            r#"
%! a.news.md
---
entities:
  putin:
  ^^^^^ missing-name
    kind: person
  witkoff:
  ^^^^^^^ missing-name
    name: ""
---
[Putin](@putin), [Witkoff](@witkoff)
"#,
        );
    }

    #[test]
    fn an_entity_with_no_fields_is_missing_its_name() {
        check_messages(
            "%! a.news.md\n---\nentities:\n  z:\n---\n[@z]\n",
            expect![[r#"
                missing-name Error "z": entity `z` has no fields: add `name: Full Name` under it
            "#]],
        );
    }
}
