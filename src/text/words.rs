//! Which characters belong to words of scripts written with spaces.
//!
//! Latin, Greek, Cyrillic and Hangul put spaces between words, so a term
//! must not match inside a longer word there (`ass` in `class`). Japanese and
//! Chinese don't, so `必ず` or `Project Falconの` match inside running text.

/// `_`, or a letter, digit or mark of a script written with spaces.
pub(crate) fn is_spaced_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_';
    }
    if !(c.is_alphanumeric() || is_combining_mark(c)) {
        return false;
    }
    let code = c as u32;
    SPACED_SCRIPTS
        .iter()
        .any(|&(start, end)| (start..=end).contains(&code))
}

/// A character of Han, Hiragana or Katakana (full or half width).
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x31F0..=0x31FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF | 0xFF66..=0xFF9F | 0x20000..=0x3FFFF | 0x3005 | 0x3006)
}

fn is_combining_mark(c: char) -> bool {
    unicode_normalization::char::canonical_combining_class(c) != 0
        || matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF)
}

/// Code point blocks of Latin, Greek, Cyrillic, Armenian, Georgian and
/// Hangul, with the combining marks they use and full-width Latin.
const SPACED_SCRIPTS: &[(u32, u32)] = &[
    (0x00C0, 0x02AF),
    (0x0300, 0x036F),
    (0x0370, 0x03FF),
    (0x0400, 0x052F),
    (0x0530, 0x058F),
    (0x10A0, 0x10FF),
    (0x1100, 0x11FF),
    (0x1C80, 0x1C8F),
    (0x1AB0, 0x1AFF),
    (0x1D00, 0x1DFF),
    (0x1E00, 0x1FFF),
    (0x2C60, 0x2C7F),
    (0x2DE0, 0x2DFF),
    (0x3130, 0x318F),
    (0xA640, 0xA69F),
    (0xA720, 0xA7FF),
    (0xA960, 0xA97F),
    (0xAB30, 0xAB6F),
    (0xAC00, 0xD7FF),
    (0xFF10, 0xFF19),
    (0xFF21, 0xFF3A),
    (0xFF41, 0xFF5A),
    (0xFFA0, 0xFFDC),
];

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
