//! Hashtags as the policy counts them (docs/policy.md `hashtags`).

use super::urls::FoundUrl;
use super::words::is_cjk;
use std::ops::Range;
use unicode_normalization::char::canonical_combining_class;

/// The byte ranges of the hashtags in `text` (`#` included), leaving out
/// anything inside one of `urls` (a `#fragment` is no tag).
pub fn find_hashtags(text: &str, urls: &[FoundUrl]) -> Vec<Range<usize>> {
    let mut tags = Vec::new();
    let mut previous: Option<char> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        let starts_tag = (c == '#' || c == '＃')
            && !previous.is_some_and(|p| p.is_alphanumeric() || p == '_' || is_cjk(p) || p == '&')
            && !urls.iter().any(|url| url.range.contains(&start));
        previous = Some(c);
        if !starts_tag {
            continue;
        }
        let body_start = start + c.len_utf8();
        let mut end = body_start;
        while let Some(&(index, next)) = chars.peek() {
            if !is_tag_char(next) {
                break;
            }
            end = index + next.len_utf8();
            previous = Some(next);
            chars.next();
        }
        let body = &text[body_start..end];
        if !body.is_empty() && !body.chars().all(|c| c.is_numeric()) {
            tags.push(start..end);
        }
    }
    tags
}

fn is_tag_char(c: char) -> bool {
    c.is_alphanumeric()
        || c == '_'
        || canonical_combining_class(c) != 0
        || matches!(
            c,
            '\u{200c}'
                | '\u{200d}'
                | '\u{30fc}'
                | '\u{ff70}'
                | '\u{ff9e}'
                | '\u{ff9f}'
                | '\u{3099}'
                | '\u{309a}'
        )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::urls::find_urls;

    #[test]
    fn finds_tags() {
        let cases: &[(&str, &[&str])] = &[
            ("Hello #Acme and #PR!", &["#Acme", "#PR"]),
            ("#広告です。次へ", &["#広告です"]),
            ("＃広告 と #PR", &["＃広告", "#PR"]),
            ("issue#12 and #123", &[]),
            ("東京#タグ", &[]),
            ("see https://example.com/#frag #tag", &["#tag"]),
            ("#a_b-c", &["#a_b"]),
            ("#コーヒー好き", &["#コーヒー好き"]),
        ];
        for (text, expected) in cases {
            let urls = find_urls(text);
            let found: Vec<&str> = find_hashtags(text, &urls)
                .into_iter()
                .map(|r| &text[r])
                .collect();
            assert_eq!(&found, expected, "{text}");
        }
    }
}
