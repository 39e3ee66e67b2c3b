//! Finding URLs in share text as twitter-text does: with or without a
//! scheme, the host ending in a known top-level domain, trailing punctuation
//! left out.

use super::punycode::to_ascii_label;
use std::ops::Range;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundUrl {
    /// Byte range in the text searched.
    pub range: Range<usize>,
    pub has_scheme: bool,
}

impl FoundUrl {
    pub fn as_str<'a>(&self, text: &'a str) -> &'a str {
        &text[self.range.clone()]
    }
}

const MAX_URL_LENGTH: usize = 4096;
const MAX_LABEL_LENGTH: usize = 63;
const MAX_HOST_LENGTH: usize = 253;

/// Every URL in `text`, in order.
pub fn find_urls(text: &str) -> Vec<FoundUrl> {
    let mut found = Vec::new();
    if !text.contains('.') {
        return found; // every host has a dot
    }
    let mut offset = 0;
    let mut previous_is_word = false;
    while let Some(c) = text[offset..].chars().next() {
        // A URL starts a word, with its scheme or an ASCII or Latin host.
        let is_word = c.is_ascii_alphanumeric() || (!c.is_ascii() && is_latin_accent(c));
        let candidate = is_word && !previous_is_word;
        previous_is_word = is_word;
        match candidate.then(|| url_at(text, offset)).flatten() {
            Some(url) => {
                offset = url.range.end;
                found.push(url);
            }
            None => offset += c.len_utf8(),
        }
    }
    found
}

/// URLs with an explicit `http://` or `https://`, as Mastodon counts them.
pub fn find_scheme_urls(text: &str) -> Vec<FoundUrl> {
    find_urls(text)
        .into_iter()
        .filter(|u| u.has_scheme)
        .collect()
}

fn url_at(text: &str, start: usize) -> Option<FoundUrl> {
    let before = text[..start].chars().next_back();
    if before.is_some_and(|c| c.is_ascii_alphanumeric() || "@＠$#＃".contains(c) || is_invalid(c))
    {
        return None;
    }
    let rest = &text[start..];
    let scheme_len = ["https://", "http://"]
        .iter()
        .find(|scheme| {
            rest.get(..scheme.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(scheme))
        })
        .map(|scheme| scheme.len());
    let has_scheme = scheme_len.is_some();
    if !has_scheme && before.is_some_and(|c| "-_./".contains(c) || is_latin_accent(c)) {
        return None;
    }
    let host_start = start + scheme_len.unwrap_or(0);
    let (host_end, labels) = domain(text, host_start, has_scheme)?;
    let host = &text[host_start..host_end];
    let mut end = host_end;
    end = port(text, end);
    let path_end = path(text, end);
    let has_path = path_end > end;
    end = query(text, path_end);

    if !has_scheme && !has_path && labels == 2 && is_country_tld(host) && !is_special_short(host) {
        return None;
    }
    if !valid_host_and_length(host, end - start + if has_scheme { 0 } else { 8 }) {
        return None;
    }
    Some(FoundUrl {
        range: start..end,
        has_scheme,
    })
}

/// Reads labels from `start` and keeps the longest run of at least two that
/// ends in a known top-level domain. Returns the end and the label count.
fn domain(text: &str, start: usize, has_scheme: bool) -> Option<(usize, usize)> {
    let label_char = |c: char| {
        if has_scheme {
            is_domain_char(c)
        } else {
            c.is_ascii_alphanumeric() || is_latin_accent(c)
        }
    };
    let mut best = None;
    let mut offset = start;
    let mut labels = 0;
    loop {
        let label_start = offset;
        let label_len: usize = text[offset..]
            .chars()
            .take_while(|&c| label_char(c) || c == '-' || c == '_')
            .map(char::len_utf8)
            .sum();
        if label_len == 0 {
            break;
        }
        let label = &text[label_start..label_start + label_len];
        if label.starts_with(['-', '_']) {
            break;
        }
        labels += 1;
        if labels >= 2
            && let Some(tld_end) = tld_end(label)
        {
            best = Some((label_start + tld_end, labels));
        }
        offset = label_start + label_len;
        // A label may end with `-`/`_` only if more follows; `_` only below the top.
        if !text[offset..].starts_with('.') {
            break;
        }
        let next = text[offset + 1..].chars().next();
        if !next.is_some_and(label_char) {
            break;
        }
        offset += 1;
    }
    best
}

/// Where a top-level domain ends inside the last label, or `None`. Like
/// twitter-text's pattern, `com` counts in `comで` but not in `comx`.
fn tld_end(label: &str) -> Option<usize> {
    if label.ends_with(['-', '_']) {
        return None;
    }
    if is_tld(label) {
        return Some(label.len());
    }
    let ascii_len = label
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    let after = label[ascii_len..].chars().next()?;
    let boundary = !(after.is_ascii_alphanumeric() || "@+-_".contains(after));
    (ascii_len > 0 && boundary && is_tld(&label[..ascii_len])).then_some(ascii_len)
}

pub fn is_tld(label: &str) -> bool {
    let ace = to_ascii_label(label);
    !ace.is_empty() && tld::exist(&ace)
}

fn is_country_tld(host: &str) -> bool {
    let tld = host.rsplit('.').next().unwrap_or("");
    tld.len() == 2 && tld.is_ascii()
}

fn is_special_short(host: &str) -> bool {
    host.eq_ignore_ascii_case("t.co")
}

fn port(text: &str, start: usize) -> usize {
    let rest = &text[start..];
    if let Some(digits) = rest.strip_prefix(':') {
        let n = digits.bytes().take_while(u8::is_ascii_digit).count();
        if n > 0 {
            return start + 1 + n;
        }
    }
    start
}

/// A path runs over URL characters and balanced parentheses, and ends on a
/// character a path may end with (not `.`, `,`, `!`, `?`, `:`, …).
fn path(text: &str, start: usize) -> usize {
    if !text[start..].starts_with('/') {
        return start;
    }
    let mut end = start + 1;
    let mut last_good = end;
    let mut depth = 0usize;
    for (index, c) in text[start + 1..].char_indices() {
        let at = start + 1 + index;
        match c {
            '(' => depth += 1,
            ')' if depth > 0 => {
                depth -= 1;
            }
            ')' => break,
            c if is_path_char(c) => {}
            _ => break,
        }
        end = at + c.len_utf8();
        if depth == 0 && (is_path_end_char(c) || c == ')') {
            last_good = end;
        }
    }
    let _ = end;
    last_good
}

fn query(text: &str, start: usize) -> usize {
    if !text[start..].starts_with('?') {
        return start;
    }
    let mut last_good = start;
    for (index, c) in text[start + 1..].char_indices() {
        if !(c.is_ascii_alphanumeric() || "!?*'();:&=+$/%#[]-_.,~|@".contains(c)) {
            break;
        }
        if c.is_ascii_alphanumeric() || "-_&=#/".contains(c) {
            last_good = start + 1 + index + c.len_utf8();
        }
    }
    if last_good == start {
        // A lone `?` is punctuation after the URL.
        start
    } else {
        last_good
    }
}

fn is_path_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || "!*';:=+,.$/%#[]-_~&|@".contains(c)
        || c == '\u{2013}'
        || is_latin_accent(c)
        || is_cyrillic(c)
}

fn is_path_end_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "+-=_#/".contains(c) || is_latin_accent(c) || is_cyrillic(c)
}

fn is_latin_accent(c: char) -> bool {
    matches!(c as u32, 0xC0..=0xD6 | 0xD8..=0xF6 | 0xF8..=0xFF | 0x100..=0x24F | 0x253 | 0x254
        | 0x256 | 0x257 | 0x259 | 0x25B | 0x263 | 0x268 | 0x26F | 0x272 | 0x289 | 0x28B | 0x2BB
        | 0x300..=0x36F | 0x1E00..=0x1EFF)
}

fn is_cyrillic(c: char) -> bool {
    matches!(c as u32, 0x400..=0x4FF)
}

fn is_invalid(c: char) -> bool {
    matches!(c as u32, 0xFFFE | 0xFEFF | 0xFFFF | 0x202A..=0x202E)
}

/// Anything but punctuation, space, control and invalid characters.
fn is_domain_char(c: char) -> bool {
    !(c.is_ascii_punctuation()
        || c.is_whitespace()
        || c.is_control()
        || is_invalid(c)
        || matches!(c as u32, 0x2000..=0x206F | 0x3000 | 0x3001 | 0x3002 | 0xFF01..=0xFF0F
            | 0xFF1A..=0xFF20 | 0xFF5B..=0xFF65 | 0x300C..=0x300F))
}

fn valid_host_and_length(host: &str, url_len: usize) -> bool {
    let mut ace_len = 0;
    for label in host.split('.') {
        let ace = to_ascii_label(label);
        if ace.len() > MAX_LABEL_LENGTH {
            return false;
        }
        ace_len += ace.len() + 1;
    }
    let ace_len = ace_len.saturating_sub(1);
    ace_len <= MAX_HOST_LENGTH && url_len - host.len() + ace_len <= MAX_URL_LENGTH
}

/// What a browser, or a network's linkifier, would open in `text`: each
/// run that starts a word with an explicit `scheme://` or with `www.`,
/// whatever its top-level domain. The run goes to the next white space or
/// `<`, `>`, `"`; its address (up to the first `/`, `\`, `?` or `#` after
/// the scheme) is kept whole, the rest is cut at the first character that is
/// not ASCII, and trailing punctuation is left out. Length counting keeps
/// to [`find_urls`]; this is for judging where a link goes.
pub fn openable_links(text: &str) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    let mut offset = 0;
    while offset < text.len() {
        let rest = &text[offset..];
        let Some(c) = rest.chars().next() else { break };
        // As twitter-text: a link may follow Japanese text directly, not
        // an ASCII letter or digit (nor, without a scheme, `-_./@`). Asked
        // before the head is read, so a word is read once, not once a
        // letter.
        let before = text[..offset].chars().next_back();
        let head = if before.is_some_and(|b| b.is_ascii_alphanumeric()) {
            None
        } else {
            link_head(rest).filter(|&head| {
                before.is_none_or(|b| rest[..head].contains("://") || !"-_./@".contains(b))
            })
        };
        match head {
            Some(head) => {
                let end = offset + link_extent(rest, head);
                if end > offset + head {
                    found.push(offset..end);
                }
                offset = end.max(offset + c.len_utf8());
            }
            None => offset += c.len_utf8(),
        }
    }
    found
}

/// The length of `scheme://` or `www.` at the start of `text`.
fn link_head(text: &str) -> Option<usize> {
    if text
        .get(..4)
        .is_some_and(|h| h.eq_ignore_ascii_case("www."))
    {
        return Some(4);
    }
    let scheme = text
        .char_indices()
        .take_while(|&(i, c)| {
            c.is_ascii_alphabetic() || (i > 0 && (c.is_ascii_digit() || "+.-".contains(c)))
        })
        .count();
    (scheme > 0 && text[scheme..].starts_with("://")).then_some(scheme + 3)
}

/// Where a link that starts `text` (its head `head` bytes long) ends.
fn link_extent(text: &str, head: usize) -> usize {
    let run = text
        .find(|c: char| c.is_whitespace() || "<>\"".contains(c))
        .unwrap_or(text.len());
    let authority_end = text[head..run]
        .find(['/', '\\', '?', '#'])
        .map_or(run, |i| head + i);
    let path_end = text[authority_end..run]
        .find(|c: char| !c.is_ascii())
        .map_or(run, |i| authority_end + i);
    let trimmed = text[..path_end].trim_end_matches(|c: char| ".,;:!?)]}'*".contains(c));
    trimmed.len().max(head)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_a_browser_would_open() {
        let cases = [
            (
                "see https://www.example.com@evil.com/x now",
                vec!["https://www.example.com@evil.com/x"],
            ),
            (
                "https://evil.example\\@www.example.com/x.",
                vec!["https://evil.example\\@www.example.com/x"],
            ),
            ("(www.example.com/tokyo)", vec!["www.example.com/tokyo"]),
            (
                "詳しくはhttps://www.example.com/xをご覧ください",
                vec!["https://www.example.com/x"],
            ),
            (
                "path/www.example.com and xhttps://a.b",
                vec!["xhttps://a.b"],
            ),
            (
                "詳しくは https://www.example.com/xをご覧ください",
                vec!["https://www.example.com/x"],
            ),
            ("https://例え.jp/パス", vec!["https://例え.jp/"]),
            (
                "ftp://files.example.net/a, and wwwx.com",
                vec!["ftp://files.example.net/a"],
            ),
            ("no link here: example.com", vec![]),
            ("https://", vec![]),
            ("a://b://c", vec!["a://b://c"]),
        ];
        for (text, expected) in cases {
            let found: Vec<&str> = openable_links(text).into_iter().map(|r| &text[r]).collect();
            assert_eq!(found, expected, "{text}");
        }
    }

    #[test]
    fn finds_urls_like_twitter() {
        // (text, the URLs found)
        let cases: &[(&str, &[&str])] = &[
            ("see https://example.com/a.", &["https://example.com/a"]),
            ("see example.com, now", &["example.com"]),
            ("www.example.co.jp", &["www.example.co.jp"]),
            ("example.jp", &[]),
            ("example.jp/path", &["example.jp/path"]),
            ("t.co", &["t.co"]),
            ("foo.notatld is not a domain", &[]),
            ("mail@example.com", &[]),
            (
                "(https://example.com/x_(y))",
                &["https://example.com/x_(y)"],
            ),
            (
                "https://example.com/?a=1&b=2!",
                &["https://example.com/?a=1&b=2"],
            ),
            (
                "詳しくはhttps://www.example.com/blog をどうぞ",
                &["https://www.example.com/blog"],
            ),
            (
                "東京オフィスへ https://example.com/tokyo。",
                &["https://example.com/tokyo"],
            ),
            ("http://example.com:8080/x", &["http://example.com:8080/x"]),
            ("#hashtag.com", &[]),
            ("file.txt", &[]),
            ("詳しくはexample.com/tokyoで", &["example.com/tokyo"]),
        ];
        for (text, expected) in cases {
            let found: Vec<&str> = find_urls(text).iter().map(|u| u.as_str(text)).collect();
            assert_eq!(&found, expected, "{text}");
        }
    }
}
