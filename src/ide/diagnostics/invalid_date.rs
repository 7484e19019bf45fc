//! `invalid-date`: a `date`, `since`, `until` or `as_of` that is no real
//! `YYYY-MM-DD` day.
//!
//! The parser finds it (`crate::syntax`), in the document alone; its
//! tests through [`super::collect`] live here.

#[cfg(test)]
mod tests {
    use crate::ide::diagnostics::tests::check;

    #[test]
    fn invalid_dates() {
        check(
            r#"
%! a.news.md
---
date: 2026-02-30
      ^^^^^^^^^^ invalid-date
entities:
  talks:
    name: Talks
    kind: event
    date: "22 January 2026"
           ^^^^^^^^^^^^^^^ invalid-date
---
[Talks](@talks)
"#,
        );
    }
}
