//! Which characters belong to words of scripts written with spaces.
//!
//! Latin, Greek, Cyrillic and Hangul put spaces between words, so a term
//! must not match inside a longer word there (`ass` in `class`). Japanese and
//! Chinese don't, so `必ず` or `Project Falconの` match inside running text.

/// `_`, or a letter, digit or mark of a script written with spaces (by
/// the Unicode Script property, from `unicode-script`).
pub fn is_spaced_word_char(c: char) -> bool {
    use unicode_script::{Script, UnicodeScript};
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_';
    }
    match c.script() {
        Script::Latin
        | Script::Greek
        | Script::Cyrillic
        | Script::Armenian
        | Script::Georgian
        | Script::Hangul => c.is_alphanumeric() || is_combining_mark(c),
        // Combining marks belong to the letter before them; full-width
        // digits are the Common script.
        Script::Inherited => is_combining_mark(c),
        Script::Common => ('０'..='９').contains(&c),
        _ => false,
    }
}

/// A character of Han, Hiragana or Katakana (full or half width).
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x31F0..=0x31FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF | 0xFF66..=0xFF9F | 0x20000..=0x3FFFF | 0x3005 | 0x3006)
}

fn is_combining_mark(c: char) -> bool {
    unicode_normalization::char::canonical_combining_class(c) != 0
        || matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies() {
        let cases = [
            ('a', true),
            ('Z', true),
            ('7', true),
            ('_', true),
            ('é', true),
            ('ß', true),
            ('Ω', true),
            ('ж', true),
            ('한', true),
            ('\u{301}', true),
            ('Ａ', true),
            ('５', true),
            ('Ֆ', true),
            ('ა', true),
            ('-', false),
            (' ', false),
            ('の', false),
            ('東', false),
            ('ｶ', false),
            ('。', false),
            ('#', false),
        ];
        for (c, expected) in cases {
            assert_eq!(is_spaced_word_char(c), expected, "{c:?}");
        }
    }
}
