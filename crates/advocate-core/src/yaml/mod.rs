//! YAML with a position on every value.
//!
//! Front matter and `policy.yaml` are read into a small tree of [`Node`]s, each
//! carrying its byte span, and the typed reading is done by hand afterwards. That
//! is what lets us report every problem in a file (serde's derive stops at the
//! first one) and point each at its own line and column.

mod simple;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
pub use serde_saphyr::Spanned;
use std::fmt;
use std::ops::Range;

/// One YAML value and where it stands in the parsed text (byte offsets).
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub span: Range<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    /// Keys keep their own spans, so an unknown key can be pointed at.
    Map(Vec<(Node, Node)>),
}

impl Node {
    pub fn kind(&self) -> &'static str {
        match self.value {
            Value::Null => "nothing",
            Value::Bool(_) => "a boolean",
            Value::Int(_) | Value::Float(_) => "a number",
            Value::Str(_) => "text",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }
}

/// A YAML syntax error (or a budget breach) at a byte offset of the parsed text.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    pub message: String,
    pub offset: usize,
}

/// Parses one YAML document. Aliases are bounded (an alias bomb is an error,
/// quickly), booleans are YAML 1.2's only (`yes` is text), and a duplicate key
/// is an error rather than a silent override.
pub fn parse(text: &str) -> Result<Node, SyntaxError> {
    if let Some(node) = simple::parse(text) {
        return Ok(node);
    }
    match serde_saphyr::from_str_with_options::<Spanned<RawNode>>(text, options()) {
        Ok(spanned) => Ok(into_node(spanned, text)),
        Err(error) => Err(syntax_error(&error, text)),
    }
}

fn options() -> serde_saphyr::Options {
    let mut options = serde_saphyr::Options::default();
    options.strict_booleans = true;
    options.with_snippet = false;
    options.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::Error;
    let mut budget = serde_saphyr::Budget::default();
    budget.max_aliases = 1_000;
    budget.max_events = 1_000_000;
    budget.max_total_scalar_bytes = 16 * 1024 * 1024;
    budget.max_depth = 64;
    options.budget = Some(budget);
    options.alias_limits.max_total_replayed_events = 10_000;
    options
}

fn syntax_error(error: &serde_saphyr::Error, text: &str) -> SyntaxError {
    let offset = error
        .location()
        .map(|location| location_to_offset(text, location))
        .unwrap_or(0);
    let full = error.to_string();
    // The crate's message may carry a location suffix; we print our own.
    let first_line = full.lines().next().unwrap_or("invalid YAML").trim();
    // We print our own position, mapped into the post file.
    let message = first_line
        .split(" at line ")
        .next()
        .unwrap_or(first_line)
        .to_string();
    SyntaxError {
        message: explain(&message, text, offset),
        offset,
    }
}

/// The parser's message in the author's words, with how to fix it. Its own
/// wording (option names, Rust types) never reaches the user.
fn explain(message: &str, text: &str, offset: usize) -> String {
    let line = text[..offset.min(text.len())]
        .rsplit('\n')
        .next()
        .unwrap_or("");
    if message.contains("mapping values are not allowed") {
        let key = line.split(':').next().unwrap_or("").trim();
        let value = text[offset.min(text.len())..]
            .lines()
            .next()
            .map(|rest| format!("{}{rest}", line.split_once(": ").map_or("", |(_, v)| v)))
            .unwrap_or_default();
        return format!(
            "a value with `: ` in it must be quoted, or YAML reads a second key; write `{key}: \"{}\"`",
            value.trim().replace('"', "\\\"")
        );
    }
    if message.contains("recursive") || message.contains("recursion") {
        return "an alias refers to the anchor it is inside; write the values out instead of using YAML anchors".into();
    }
    if message.contains("alias") && (message.contains("limit") || message.contains("budget")) {
        return "aliases expand too far; a post needs no YAML anchors or aliases: write the values out".into();
    }
    if message.contains("budget") || message.contains("limit") || message.contains("max_") {
        return "the YAML is too large or too deeply nested to be a post or a policy; keep it to plain `key: value` lines and short lists".into();
    }
    // Advice addressed to the parser's programmer, not to an author.
    let message = message.split(", set ").next().unwrap_or(message);
    if let Some(key) = message.strip_prefix("duplicate mapping key: ") {
        return format!(
            "the key `{key}` is written twice; each key may appear once: remove or rename one"
        );
    }
    message.to_string()
}

fn location_to_offset(text: &str, location: serde_saphyr::Location) -> usize {
    if let Some(byte) = location.span().byte_offset() {
        return (byte as usize).min(text.len());
    }
    let (line, column) = (location.line() as usize, location.column() as usize);
    if line == 0 {
        return 0;
    }
    let line_start = text
        .split_inclusive('\n')
        .take(line - 1)
        .map(str::len)
        .sum::<usize>()
        .min(text.len());
    let rest = &text[line_start..];
    rest.char_indices()
        .nth(column.saturating_sub(1))
        .map(|(i, _)| line_start + i)
        .unwrap_or(text.len())
}

fn span_of<T>(spanned: &Spanned<T>, text: &str) -> Range<usize> {
    let span = spanned.referenced.span();
    match (span.byte_offset(), span.byte_len()) {
        (Some(start), Some(len)) => {
            let start = (start as usize).min(text.len());
            start..(start + len as usize).min(text.len())
        }
        _ => {
            let start = location_to_offset(text, spanned.referenced);
            start..start
        }
    }
}

fn into_node(spanned: Spanned<RawNode>, text: &str) -> Node {
    let span = span_of(&spanned, text);
    let value = match spanned.value {
        RawNode::Null => Value::Null,
        RawNode::Bool(b) => Value::Bool(b),
        RawNode::Int(i) => Value::Int(i),
        RawNode::Float(f) => Value::Float(f),
        RawNode::Str(s) => Value::Str(s),
        RawNode::Seq(items) => Value::Seq(items.into_iter().map(|n| into_node(n, text)).collect()),
        RawNode::Map(entries) => Value::Map(
            entries
                .into_iter()
                .map(|(k, v)| (into_node(k, text), into_node(v, text)))
                .collect(),
        ),
    };
    Node { value, span }
}

/// What serde hands us; turned into [`Node`] once spans are resolved.
enum RawNode {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Spanned<RawNode>>),
    Map(Vec<(Spanned<RawNode>, Spanned<RawNode>)>),
}

impl<'de> Deserialize<'de> for RawNode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(RawNodeVisitor)
    }
}

struct RawNodeVisitor;

impl<'de> Visitor<'de> for RawNodeVisitor {
    type Value = RawNode;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E>(self) -> Result<RawNode, E> {
        Ok(RawNode::Null)
    }
    fn visit_none<E>(self) -> Result<RawNode, E> {
        Ok(RawNode::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<RawNode, D::Error> {
        RawNode::deserialize(d)
    }
    fn visit_bool<E>(self, v: bool) -> Result<RawNode, E> {
        Ok(RawNode::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<RawNode, E> {
        Ok(RawNode::Int(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawNode, E> {
        Ok(i64::try_from(v).map_or(RawNode::Float(v as f64), RawNode::Int))
    }
    fn visit_i128<E>(self, v: i128) -> Result<RawNode, E> {
        Ok(i64::try_from(v).map_or(RawNode::Float(v as f64), RawNode::Int))
    }
    fn visit_u128<E>(self, v: u128) -> Result<RawNode, E> {
        Ok(i64::try_from(v).map_or(RawNode::Float(v as f64), RawNode::Int))
    }
    fn visit_f64<E>(self, v: f64) -> Result<RawNode, E> {
        Ok(RawNode::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<RawNode, E> {
        Ok(RawNode::Str(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<RawNode, E> {
        Ok(RawNode::Str(v))
    }
    fn visit_bytes<E>(self, v: &[u8]) -> Result<RawNode, E> {
        Ok(RawNode::Str(String::from_utf8_lossy(v).into_owned()))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawNode, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<RawNode>>()? {
            items.push(item);
        }
        Ok(RawNode::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawNode, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Spanned<RawNode>>()? {
            let value = map.next_value::<Spanned<RawNode>>()?;
            entries.push((key, value));
        }
        Ok(RawNode::Map(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slice<'a>(text: &'a str, node: &Node) -> &'a str {
        &text[node.span.clone()]
    }

    #[test]
    fn spans_point_at_values_and_keys() {
        let text = "title: Hello\ntopics: [a, \"b c\"]\nn: 3\nok: yes\n";
        let root = parse(text).unwrap();
        let Value::Map(entries) = &root.value else {
            panic!()
        };
        assert_eq!(slice(text, &entries[0].0), "title");
        assert_eq!(slice(text, &entries[0].1), "Hello");
        let Value::Seq(items) = &entries[1].1.value else {
            panic!()
        };
        assert_eq!(items[1].as_str(), Some("b c"));
        assert!(slice(text, &items[1]).contains("b c"));
        assert_eq!(entries[2].1.value, Value::Int(3));
        assert_eq!(
            entries[3].1.value,
            Value::Str("yes".into()),
            "strict booleans"
        );
    }

    #[test]
    fn japanese_values_have_byte_spans() {
        let text = "title: 東京オフィス\nlang: ja\n";
        let root = parse(text).unwrap();
        let Value::Map(entries) = &root.value else {
            panic!()
        };
        assert_eq!(slice(text, &entries[1].0), "lang");
        assert_eq!(slice(text, &entries[0].1), "東京オフィス");
    }

    #[test]
    fn syntax_errors_have_offsets() {
        let text = "title: ok\nlink: [unclosed\n";
        let error = parse(text).unwrap_err();
        assert!(error.offset > 0, "{error:?}");
    }

    #[test]
    fn alias_bomb_is_refused_quickly() {
        let mut text = String::from(
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        let mut previous = 'a';
        for name in 'b'..='i' {
            let refs = vec![format!("*{previous}"); 9].join(",");
            text.push_str(&format!("{name}: &{name} [{refs}]\n"));
            previous = name;
        }
        let started = std::time::Instant::now();
        let result = parse(&text);
        eprintln!("{:?} {:?}", started.elapsed(), result.as_ref().err());
        assert!(result.is_err());
        assert!(started.elapsed().as_millis() < 500);
    }

    #[test]
    fn errors_say_how_to_fix_them() {
        // (YAML, what the message says)
        let cases = [
            (
                "title: Webinar: Orbit\n",
                "write `title: \"Webinar: Orbit\"`",
            ),
            (
                "site: &a [*a]\n",
                "an alias refers to the anchor it is inside",
            ),
            ("a: 1\na: 2\n", "each key may appear once"),
        ];
        for (text, expected) in cases {
            let error = parse(text).unwrap_err();
            assert!(
                error.message.contains(expected),
                "{text}: {}",
                error.message
            );
            assert!(!error.message.contains("Options"), "{}", error.message);
        }
    }
}
