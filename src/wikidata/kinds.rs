//! Which newsls `kind` an item's "instance of" (P31) classes give. Only
//! the classes an item names directly are looked up (no walk up the class
//! tree, which would cost a request a level); an item of any other class
//! keeps its `kind` as it is. docs/wikidata.md prints this table.

use crate::syntax::EntityKind;

/// `(class, its label on Wikidata, the kind it gives)`.
pub const CLASSES: &[(&str, &str, EntityKind)] = &[
    ("Q5", "human", EntityKind::Person),
    ("Q43229", "organization", EntityKind::Organization),
    ("Q7278", "political party", EntityKind::Organization),
    (
        "Q7210356",
        "political organization",
        EntityKind::Organization,
    ),
    ("Q4830453", "business", EntityKind::Organization),
    ("Q783794", "company", EntityKind::Organization),
    ("Q891723", "public company", EntityKind::Organization),
    ("Q6881511", "enterprise", EntityKind::Organization),
    (
        "Q2659904",
        "government organization",
        EntityKind::Organization,
    ),
    ("Q327333", "government agency", EntityKind::Organization),
    (
        "Q484652",
        "international organization",
        EntityKind::Organization,
    ),
    (
        "Q245065",
        "intergovernmental organization",
        EntityKind::Organization,
    ),
    (
        "Q163740",
        "nonprofit organization",
        EntityKind::Organization,
    ),
    ("Q3918", "university", EntityKind::Organization),
    ("Q11032", "newspaper", EntityKind::Organization),
    ("Q6256", "country", EntityKind::Place),
    ("Q3624078", "sovereign state", EntityKind::Place),
    ("Q515", "city", EntityKind::Place),
    ("Q5119", "capital city", EntityKind::Place),
    ("Q1549591", "big city", EntityKind::Place),
    (
        "Q1637706",
        "city with millions of inhabitants",
        EntityKind::Place,
    ),
    ("Q486972", "human settlement", EntityKind::Place),
    ("Q3957", "town", EntityKind::Place),
    ("Q532", "village", EntityKind::Place),
    ("Q15284", "municipality", EntityKind::Place),
    ("Q107390", "federated state", EntityKind::Place),
    ("Q35657", "U.S. state", EntityKind::Place),
    ("Q82794", "region", EntityKind::Place),
    ("Q1656682", "event", EntityKind::Event),
    ("Q1190554", "occurrence", EntityKind::Event),
    ("Q2761147", "meeting", EntityKind::Event),
    ("Q40231", "public election", EntityKind::Event),
    ("Q198", "war", EntityKind::Event),
    ("Q178561", "battle", EntityKind::Event),
    ("Q645883", "military operation", EntityKind::Event),
    ("Q273120", "protest", EntityKind::Event),
];

/// The kind the first of `classes` found in the table gives.
pub fn of<'a>(classes: impl IntoIterator<Item = &'a String>) -> Option<EntityKind> {
    classes.into_iter().find_map(|class| {
        CLASSES
            .iter()
            .find(|(id, _, _)| id == class)
            .map(|(_, _, kind)| *kind)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docs_print_this_table() {
        let page = include_str!("../../docs/wikidata.md");
        for (id, label, kind) in CLASSES {
            let row = format!(
                "| [{id}](https://www.wikidata.org/wiki/{id}) | {label} | `{}` |",
                kind.as_str()
            );
            assert!(page.contains(&row), "docs/wikidata.md lacks {row}");
        }
        let rows = page.matches("](https://www.wikidata.org/wiki/Q").count();
        assert_eq!(rows, CLASSES.len(), "one row a class in docs/wikidata.md");
    }

    #[test]
    fn the_first_known_class_decides() {
        let classes = ["Q12345".to_string(), "Q5".to_string(), "Q515".to_string()];
        assert_eq!(of(&classes), Some(EntityKind::Person));
        assert_eq!(of(&["Q12345".to_string()]), None);
    }
}
