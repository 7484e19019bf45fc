//! Real people with their real dated roles (from Wikidata, CC0), as a
//! registry fixture for the tests of titles in prose. The end-to-end tests
//! (`tests/it/titles.rs`) read the same file.

pub(crate) const PEOPLE: &str = concat!(
    "\n%! registry.news.md\n",
    include_str!("../../../tests/data/titles/people.md")
);
