//! The lengths the networks count (docs/policy.md).
//!
//! X uses twitter-text v3: code points in a few ranges weigh 1, the rest 2,
//! an emoji sequence 2, a URL 23, after NFC. Bluesky counts grapheme
//! clusters; the others count characters, Mastodon with each URL as 23.

use super::urls::{find_scheme_urls, find_urls};
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

pub const URL_WEIGHT: usize = 23;

/// twitter-text v3's weighted length.
pub fn x_length(text: &str) -> usize {
    let text: std::borrow::Cow<str> = if unicode_normalization::is_nfc_quick(text.chars())
        == unicode_normalization::IsNormalized::Yes
    {
        text.into()
    } else {
        text.nfc().collect::<String>().into()
    };
    let urls = find_urls(&text);
    let mut length = 0;
    let mut offset = 0;
    for url in &urls {
        length += weigh_graphemes(&text[offset..url.range.start]);
        length += URL_WEIGHT;
        offset = url.range.end;
    }
    length + weigh_graphemes(&text[offset..])
}

fn weigh_graphemes(text: &str) -> usize {
    if text.chars().all(is_own_grapheme) {
        return text.chars().map(char_weight).sum();
    }
    text.graphemes(true)
        .map(|grapheme| {
            if is_emoji_sequence(grapheme) {
                2
            } else {
                grapheme.chars().map(char_weight).sum()
            }
        })
        .sum()
}

fn char_weight(c: char) -> usize {
    match c as u32 {
        0x0000..=0x10FF | 0x2000..=0x200D | 0x2010..=0x201F | 0x2032..=0x2037 => 1,
        _ => 2,
    }
}

/// A grapheme that twitter-text's emoji pattern takes as one emoji: a
/// pictograph with its modifiers, joiners and tags, a keycap, or a flag.
fn is_emoji_sequence(grapheme: &str) -> bool {
    let mut chars = grapheme.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if chars.as_str().is_empty() {
        return false; // one code point: its own weight says it
    }
    let rest = chars.as_str();
    let keycap =
        rest.contains('\u{20e3}') && (first.is_ascii_digit() || first == '#' || first == '*');
    keycap || is_pictographic(first) || (rest.contains('\u{fe0f}') && (first as u32) >= 0xA9)
}

fn is_pictographic(c: char) -> bool {
    matches!(c as u32,
        0x00A9 | 0x00AE | 0x203C | 0x2049 | 0x2122 | 0x2139 | 0x2190..=0x21FF
        | 0x2300..=0x23FF | 0x24C2 | 0x25A0..=0x27BF | 0x2900..=0x297F | 0x2B00..=0x2BFF
        | 0x3030 | 0x303D | 0x3297 | 0x3299 | 0x1F000..=0x1FAFF)
}

/// Characters that always form a grapheme cluster of their own, with
/// whatever is next to them in our texts: ASCII but CR, Latin-1, and the
/// common Japanese blocks without the combining sound marks.
fn is_own_grapheme(c: char) -> bool {
    matches!(c as u32,
        0x20..=0x7E | 0x0A | 0xA0..=0x2FF | 0x3000..=0x3098 | 0x309B..=0x30FF
        | 0x4E00..=0x9FFF | 0xFF01..=0xFF9D)
}

/// Characters (Unicode scalar values).
pub fn char_length(text: &str) -> usize {
    text.chars().count()
}

/// Grapheme clusters, as Bluesky counts.
pub fn grapheme_length(text: &str) -> usize {
    if text.chars().all(is_own_grapheme) {
        return text.chars().count();
    }
    text.graphemes(true).count()
}

/// Characters, each `http(s)://` URL counting 23, as Mastodon counts.
pub fn mastodon_length(text: &str) -> usize {
    let urls = find_scheme_urls(text);
    let url_chars: usize = urls.iter().map(|u| u.as_str(text).chars().count()).sum();
    char_length(text) - url_chars + URL_WEIGHT * urls.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_like_each_network() {
        // (text, X, Bluesky graphemes, Mastodon)
        let cases = [
            ("hello", 5, 5, 5),
            ("東京オフィス", 12, 6, 6),
            ("👨‍👩‍👧‍👦", 2, 1, 7),
            ("Hi https://example.com/a-long-path", 26, 34, 26),
            ("ｶﾞ", 4, 1, 2),
            ("1\u{fe0f}\u{20e3}", 2, 1, 3),
        ];
        for (text, x, bluesky, mastodon) in cases {
            assert_eq!(x_length(text), x, "x {text}");
            assert_eq!(grapheme_length(text), bluesky, "bluesky {text}");
            assert_eq!(mastodon_length(text), mastodon, "mastodon {text}");
        }
    }
}
