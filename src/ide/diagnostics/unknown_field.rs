//! `unknown-field`: a field the parser does not read, or an event's field on
//! an entity of another kind.
//!
//! The parser finds it (`crate::syntax`), in the document alone; its
//! tests through [`super::collect`] live here.

#[cfg(test)]
mod tests {
    use crate::ide::diagnostics::tests::check_messages;
    use expect_test::expect;

    #[test]
    fn unknown_fields_and_event_fields_on_other_kinds() {
        check_messages(
            r#"
%! a.news.md
---
entities:
  putin:
    name: Vladimir Putin
    kind: person
    rol: President
    alias: [Putin]
    participants: ["@putin"]
---
[@putin]
"#,
            expect![[r#"
                unknown-field Warning "rol": unknown entity field `rol` (did you mean `role`?)
                unknown-field Warning "alias": unknown entity field `alias` (did you mean `aliases`?)
                unknown-field Warning "participants": `participants` is a field of events, and `putin` is a person
            "#]],
        );
    }
}
