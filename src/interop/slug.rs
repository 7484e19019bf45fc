//! Readable entity ids from names: `M. de Lasteyrie` → `m-de-lasteyrie`.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Longest id made from a name, in bytes; longer names are cut at a word.
const MAX_LEN: usize = 48;

/// Lowercase ASCII letters and digits from `name`, words joined by `-`.
/// Accents fall away (`é` → `e`), a few letters are spelled out (`ß` →
/// `ss`, `ſ` → `s`), other scripts are dropped. Never empty: `entity` when
/// nothing is left.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    let mut pending_dash = false;
    for c in name.nfd().filter(|c| !is_combining_mark(*c)) {
        let spelled: &str = match c {
            'ß' => "ss",
            'ſ' => "s",
            'æ' | 'Æ' => "ae",
            'œ' | 'Œ' => "oe",
            'ø' | 'Ø' => "o",
            'ł' | 'Ł' => "l",
            'đ' | 'Đ' => "d",
            _ => "",
        };
        let lower = c.to_ascii_lowercase();
        let piece = if !spelled.is_empty() {
            spelled.to_string()
        } else if lower.is_ascii_alphanumeric() {
            lower.to_string()
        } else if c.is_alphanumeric() {
            // A letter of another script: dropped, not a word break.
            continue;
        } else {
            pending_dash = !out.is_empty();
            continue;
        };
        if pending_dash {
            out.push('-');
            pending_dash = false;
        }
        out.push_str(&piece);
    }
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
        assert_eq!(slug("Öſterreich-Ungarn"), "osterreich-ungarn");
        assert_eq!(slug("Großbritannien"), "grossbritannien");
        assert_eq!(slug("  «Le Matin»  "), "le-matin");
        assert_eq!(slug("—"), "entity");
        assert_eq!(slug("Москва Moscow"), "moscow");
        let long = slug(&"word ".repeat(30));
        assert!(long.len() <= MAX_LEN && !long.ends_with('-'), "{long}");
    }
}
