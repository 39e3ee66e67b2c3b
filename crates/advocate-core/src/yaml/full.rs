//! The full YAML reader (serde-saphyr), for what the fast path in
//! `simple` does not take: bounded aliases, YAML 1.2 booleans, duplicate
//! keys refused, and errors that say how to fix them.

use super::node::{Node, Value};
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;
use std::fmt;
use std::ops::Range;

/// A YAML syntax error (or a budget breach) at a byte offset of the parsed text.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    pub message: String,
    pub offset: usize,
}

/// Reads one document with serde-saphyr.
pub(super) fn parse(text: &str) -> Result<Node, SyntaxError> {
    match serde_saphyr::from_str_with_options::<Spanned<RawNode>>(text, options()) {
        Ok(spanned) => Ok(into_node(spanned, text)),
        Err(error) => Err(syntax_error(&error, text)),
    }
}

pub(super) fn options() -> serde_saphyr::Options {
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

pub(super) fn into_node(spanned: Spanned<RawNode>, text: &str) -> Node {
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
pub(super) enum RawNode {
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
