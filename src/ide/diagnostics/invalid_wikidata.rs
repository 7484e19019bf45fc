//! `invalid-wikidata`: a `wikidata` value that is no item id (`Q` and
//! digits).
//!
//! The parser finds it (`crate::syntax`), in the document alone; its
//! tests through [`super::collect`] live here.

#[cfg(test)]
mod tests {
    use crate::ide::diagnostics::tests::check;

    #[test]
    fn invalid_wikidata() {
        check(
            r#"
%! a.news.md
---
entities:
  putin:
    name: Vladimir Putin
    wikidata: "7747"
               ^^^^ invalid-wikidata
  trump:
    name: Donald Trump
    wikidata: Q22686
---
[@putin] [@trump]
"#,
        );
    }
}
