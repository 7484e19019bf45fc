//! `invalid-roles`: a `roles` value that is not a list of `role` entries
//! with real dates, `since` before `until`.
//!
//! The parser finds it (`crate::syntax`), in the document alone; its
//! tests through [`super::collect`] live here.

#[cfg(test)]
mod tests {
    use crate::ide::diagnostics::tests::check;

    #[test]
    fn roles_that_are_no_list_of_dated_roles() {
        check(
            r#"
%! a.news.md
---
entities:
  merz:
    name: Friedrich Merz
    roles:
      - role: Leader of the opposition
        since: 2022-02-15
        until: 2022-02-15
               ^^^^^^^^^^ invalid-roles
      - affiliation: CDU
        ^^^^^^^^^^^^^^^^ invalid-roles
  rutte:
    name: Mark Rutte
    roles: Prime Minister
           ^^^^^^^^^^^^^^ invalid-roles
---
[@merz] [@rutte]
"#,
        );
    }
}
