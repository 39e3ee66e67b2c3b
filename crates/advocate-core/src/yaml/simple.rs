//! A fast path for the YAML that front matter nearly always is: one
//! `key: value` per line, values plain or quoted text, whole numbers,
//! booleans, or flow lists of text. serde-saphyr is thorough but costs tens of
//! microseconds per document, which a 10,000-post library feels.
//!
//! Anything outside that subset returns `None` and goes to serde-saphyr,
//! so the subset only has to be right, not complete: it gives exactly the
//! tree, spans included, that serde-saphyr gives (tested against it below).

use super::node::{Node, Value};

pub(super) fn parse(text: &str) -> Option<Node> {
    let mut entries: Vec<(Node, Node)> = Vec::new();
    let mut offset = 0;
    for raw_line in text.split_inclusive('\n') {
        let line_start = offset;
        offset += raw_line.len();
        let line = raw_line.trim_end_matches(['\n', '\r']);
        if line.trim().is_empty() {
            continue;
        }
        let (key, rest) = line.split_once(':')?;
        if !is_simple_key(key) || !(rest.is_empty() || rest.starts_with(' ')) {
            return None;
        }
        if entries.iter().any(|(k, _)| k.as_str() == Some(key)) {
            return None; // saphyr reports duplicates
        }
        let value_text = rest.trim_start_matches(' ');
        let value_start = line_start + line.len() - value_text.len();
        let value_text = value_text.trim_end_matches(' ');
        let value = value(value_text, value_start)?;
        let key_node = Node {
            value: Value::Str(key.to_string()),
            span: line_start..line_start + key.len(),
        };
        entries.push((key_node, value));
    }
    Some(Node {
        value: Value::Map(entries),
        span: 0..0,
    })
}

fn is_simple_key(key: &str) -> bool {
    let mut bytes = key.bytes();
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

fn value(text: &str, start: usize) -> Option<Node> {
    let span = start..start + text.len();
    if let Some(inner) = text.strip_prefix('[') {
        let inner = inner.strip_suffix(']')?;
        let mut items = Vec::new();
        if !inner.trim().is_empty() {
            let mut item_start = start + 1;
            for item in inner.split(',') {
                let trimmed = item.trim_matches(' ');
                let lead = item.len() - item.trim_start_matches(' ').len();
                let node = scalar(trimmed, item_start + lead)?;
                if !matches!(node.value, Value::Str(_)) {
                    return None;
                }
                items.push(node);
                item_start += item.len() + 1;
            }
        }
        return Some(Node {
            value: Value::Seq(items),
            span: start..start + 1,
        });
    }
    let node = scalar(text, start)?;
    Some(Node { span, ..node })
}

/// Quoted text without escapes, or a plain scalar whose type is plain to see.
fn scalar(text: &str, start: usize) -> Option<Node> {
    let span = start..start + text.len();
    for quote in ['"', '\''] {
        if let Some(inner) = text.strip_prefix(quote) {
            let inner = inner.strip_suffix(quote)?;
            if inner.contains(quote) || inner.contains('\\') {
                return None;
            }
            return Some(Node {
                value: Value::Str(inner.to_string()),
                span,
            });
        }
    }
    let first = text.chars().next()?;
    if "-?:,[]{}#&*!|>'\"%@`".contains(first)
        || text
            .as_bytes()
            .windows(2)
            .any(|pair| pair == b": " || pair == b" #")
        || text.contains('\t')
        || text.ends_with(':')
        || text.contains(['[', ']', '{', '}', ','])
    {
        return None;
    }
    let value = match text {
        "true" | "True" | "TRUE" => Value::Bool(true),
        "false" | "False" | "FALSE" => Value::Bool(false),
        "null" | "Null" | "NULL" | "~" => return None,
        _ if looks_numeric(text) => {
            let plain_int =
                text.bytes().all(|b| b.is_ascii_digit()) && (text == "0" || !text.starts_with('0'));
            if plain_int && text.len() < 18 {
                Value::Int(text.parse().ok()?)
            } else if is_date(text) {
                Value::Str(text.to_string())
            } else {
                return None;
            }
        }
        _ => Value::Str(text.to_string()),
    };
    Some(Node { value, span })
}

/// Could YAML read this as a number (`1_000`, `0x1F`, `.5`, `1e3`, `.inf`)?
fn looks_numeric(text: &str) -> bool {
    let first = text.as_bytes()[0];
    first.is_ascii_digit() || matches!(first, b'+' | b'-' | b'.')
}

/// `2026-11-02` and RFC 3339 date-times, which YAML 1.2 reads as text.
fn is_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
        && (b.len() == 10 || b[10] == b'T')
        && text
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || b":+-.TZ".contains(&c))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast path must give serde-saphyr's own tree, spans included.
    fn saphyr(text: &str) -> Node {
        let options = super::super::full::options();
        let spanned: serde_saphyr::Spanned<super::super::full::RawNode> =
            serde_saphyr::from_str_with_options(text, options).unwrap();
        super::super::full::into_node(spanned, text)
    }

    #[test]
    fn agrees_with_serde_saphyr() {
        let documents = [
            "title: Our Tokyo office is open\ncampaign: tokyo-launch\ntopics: [culture, hiring]\nlang: ja\n",
            "title: \"Quoted: yes\"\nsingle: 'it'\ntopics: [a, b c , 'q']\nempty: []\n",
            "n: 12\nd: 2026-11-02\ndt: 2026-12-01T09:00:00+09:00\nt: True\nf: false\n",
            "title: 東京オフィスがオープンしました\nimage_alt: 新しい東京オフィスのラウンジ\r\nlink: https://www.example.com/a?b=c#d\r\n",
            "title: Webinar - Orbit 3 in 30 minutes\nowner: Jane Doe (jane@example.com)\n\n\nnetworks: [linkedin, x, bluesky]\n",
            "draft: true\nid: 2026\nzero: 0\n",
        ];
        for text in documents {
            let fast = parse(text).unwrap_or_else(|| panic!("fast path takes {text:?}"));
            assert_eq!(fast, saphyr(text), "{text}");
        }
    }

    #[test]
    fn leaves_the_rest_to_serde_saphyr() {
        let documents = [
            "a: 1_000\n",
            "a: 0755\n",
            "a: 1.5\n",
            "a: ~\n",
            "a:\n",
            "a: b # comment\n",
            "a: &x b\nc: *x\n",
            "a:\n  - b\n",
            "a: \"esc\\n\"\n",
            "a: [b, [c]]\n",
            "a: {b: c}\n",
            "a: b\na: c\n",
            "a: |\n  text\n",
            "a: [1, 2]\n",
            "- a\n",
            "a: yes: no\n",
        ];
        for text in documents {
            assert_eq!(parse(text), None, "{text}");
        }
    }
}
