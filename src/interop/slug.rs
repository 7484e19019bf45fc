//! Readable entity ids from names: `M. de Lasteyrie` → `m-de-lasteyrie`.

use crate::syntax::ascii_fold_id;

/// Longest id made from a name, in bytes; longer names are cut at a word.
const MAX_LEN: usize = 48;

/// The id form of `name` ([`ascii_fold_id`]): lowercase ASCII letters and
/// digits, words joined by `-`; `_` breaks words too, as in file names
/// (`dev_1` → `dev-1`). Never empty: `entity` when nothing is left.
pub fn slug(name: &str) -> String {
    let mut out = ascii_fold_id(&name.replace('_', " "));
    if out.len() > MAX_LEN {
        let cut = out[..MAX_LEN].rfind('-').unwrap_or(MAX_LEN);
        out.truncate(cut);
    }
    if out.is_empty() {
        "entity".to_string()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slug("M. de Lasteyrie"), "m-de-lasteyrie");
        assert_eq!(slug("dev_1"), "dev-1");
        assert_eq!(slug("—"), "entity");
        let long = slug(&"word ".repeat(30));
        assert!(long.len() <= MAX_LEN && !long.ends_with('-'), "{long}");
    }
}
