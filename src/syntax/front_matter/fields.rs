//! The fields the front matter reader knows, each list written once: an
//! enum the reader matches on (so a field added here and not read is a
//! compile error) and the names completion offers and typo suggestions
//! draw from.

/// An enum of fields, the list of their names, and the conversions.
macro_rules! fields {
    (
        $(#[$meta:meta])*
        $Enum:ident, $LIST:ident {
            $( $(#[$variant_meta:meta])* $Variant:ident = $name:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum $Enum {
            $( $(#[$variant_meta])* $Variant, )*
        }

        impl $Enum {
            /// The field named `name`, when the reader knows it.
            pub fn parse(name: &str) -> Option<$Enum> {
                match name {
                    $( $name => Some($Enum::$Variant), )*
                    _ => None,
                }
            }
        }

        #[doc = concat!("Every name of [`", stringify!($Enum), "`], in the order completion offers them.")]
        pub const $LIST: [&str; [$( $name, )*].len()] = [ $( $name, )* ];
    };
}

fields! {
    /// The document fields the reader reads; others belong to the user.
    DocumentField, DOCUMENT_FIELDS {
        Title = "title",
        Date = "date",
        Source = "source",
        Url = "url",
        Authors = "authors",
        Entities = "entities",
    }
}

fields! {
    /// The fields of an entity definition.
    EntityField, ENTITY_FIELDS {
        Name = "name",
        Kind = "kind",
        Role = "role",
        Affiliation = "affiliation",
        Country = "country",
        Aliases = "aliases",
        Description = "description",
        Wikidata = "wikidata",
        Url = "url",
        Date = "date",
        Place = "place",
        Participants = "participants",
        AsOf = "as_of",
        Roles = "roles",
        Titles = "titles",
        /// The type an imported corpus gives an entity (HIPE's
        /// `HumanProd`), kept when no kind says it.
        Type = "type",
    }
}

fields! {
    /// The fields of one `roles` entry.
    RoleField, ROLE_FIELDS {
        Role = "role",
        Affiliation = "affiliation",
        Since = "since",
        Until = "until",
        Titles = "titles",
    }
}

/// `names` as a writer reads a list: "a, b or c".
pub fn one_of(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_string(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}
