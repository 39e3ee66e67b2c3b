//! Typed reading of a YAML [`Node`] tree, collecting every problem.
//!
//! Front matter and `policy.yaml` share this: each field read either yields a
//! value or records a diagnostic at that value, and reading goes on, so one
//! run reports every problem in a file.

use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Rule;
use crate::source::SourceFile;
use crate::yaml::{Node, Value};
use std::ops::Range;

pub struct Reader<'a> {
    pub file: &'a SourceFile,
    /// Where the YAML text starts in the file.
    base: usize,
    /// The rule for type errors and for unknown keys.
    type_rule: Rule,
    unknown_rule: Rule,
    pub diagnostics: Vec<Diagnostic>,
}

impl<'a> Reader<'a> {
    pub fn new(file: &'a SourceFile, base: usize, type_rule: Rule, unknown_rule: Rule) -> Self {
        Reader {
            file,
            base,
            type_rule,
            unknown_rule,
            diagnostics: Vec::new(),
        }
    }

    /// A node's span in the file.
    pub fn span(&self, node: &Node) -> Range<usize> {
        node.span.start + self.base..node.span.end + self.base
    }

    pub fn error(&mut self, node: &Node, rule: Rule, message: impl Into<String>) {
        let span = self.span(node);
        self.diagnostics
            .push(Diagnostic::error(self.file, span, rule, message));
    }

    pub fn type_error(&mut self, node: &Node, message: impl Into<String>) {
        let rule = self.type_rule;
        self.error(node, rule, message);
    }

    /// The entries of a mapping, with unknown keys reported (with a "did you
    /// mean" when one is close). `what` names the mapping in messages.
    pub fn mapping<'n>(
        &mut self,
        node: &'n Node,
        known: &[&str],
        what: &str,
    ) -> Vec<(&'n str, &'n Node, &'n Node)> {
        let mut fields = Vec::new();
        for (name, key, value) in self.entries(node, what) {
            if known.contains(&name) {
                fields.push((name, key, value));
                continue;
            }
            let mut message = format!("unknown key `{name}` in {what}");
            let suggestion = did_you_mean(name, known);
            match &suggestion {
                Some(close) => message.push_str(&format!("; did you mean `{close}`?")),
                None => message.push_str(&format!("; the keys are: {}", known.join(", "))),
            }
            let span = self.span(key);
            let rule = self.unknown_rule;
            self.diagnostics.push(
                Diagnostic::error(self.file, span, rule, message)
                    .with_suggestions(suggestion.into_iter().map(String::from).collect()),
            );
        }
        fields
    }

    /// The entries of a mapping whose keys are the author's own (slugs,
    /// languages): `(key, key node, value node)`.
    pub fn entries<'n>(
        &mut self,
        node: &'n Node,
        what: &str,
    ) -> Vec<(&'n str, &'n Node, &'n Node)> {
        let entries = match &node.value {
            Value::Map(entries) => entries,
            Value::Null => return Vec::new(),
            _ => {
                let kind = node.kind();
                self.type_error(
                    node,
                    format!("{what} must be a mapping of `key: value` lines, not {kind}"),
                );
                return Vec::new();
            }
        };
        let mut fields = Vec::new();
        for (key, value) in entries {
            match key.as_str() {
                Some(name) => fields.push((name, key, value)),
                None => self.type_error(key, format!("keys in {what} must be text")),
            }
        }
        fields
    }

    /// Text; a number or boolean is taken as written (`title: 2026`).
    pub fn string(&mut self, node: &Node, field: &str) -> Option<String> {
        match &node.value {
            Value::Str(s) => Some(s.clone()),
            Value::Int(_) | Value::Float(_) | Value::Bool(_) => {
                let span = self.span(node);
                Some(self.file.text[span].trim_matches(['"', '\'']).to_string())
            }
            Value::Null => {
                self.type_error(
                    node,
                    format!("`{field}` has no value; give it one or remove the line"),
                );
                None
            }
            _ => {
                let kind = node.kind();
                self.type_error(node, format!("`{field}` must be text, not {kind}"));
                None
            }
        }
    }

    /// A list of text items, each with its node (for positions).
    pub fn string_list<'n>(
        &mut self,
        node: &'n Node,
        field: &str,
    ) -> Option<Vec<(String, &'n Node)>> {
        match &node.value {
            Value::Seq(items) => Some(
                items
                    .iter()
                    .filter_map(|item| self.string(item, field).map(|s| (s, item)))
                    .collect(),
            ),
            Value::Null => Some(Vec::new()),
            _ => {
                let kind = node.kind();
                self.type_error(
                    node,
                    format!("`{field}` must be a list such as `{field}: [a, b]`, not {kind}"),
                );
                None
            }
        }
    }

    pub fn bool(&mut self, node: &Node, field: &str) -> Option<bool> {
        match node.value {
            Value::Bool(b) => Some(b),
            _ => {
                let kind = node.kind();
                self.type_error(
                    node,
                    format!("`{field}` must be `true` or `false`, not {kind}"),
                );
                None
            }
        }
    }

    pub fn count(&mut self, node: &Node, field: &str) -> Option<u64> {
        match node.value {
            Value::Int(n) if n >= 0 => Some(n as u64),
            _ => {
                self.type_error(node, format!("`{field}` must be a whole number, 0 or more"));
                None
            }
        }
    }

    pub fn severity(&mut self, node: &Node, field: &str) -> Option<Severity> {
        match self.string(node, field)?.as_str() {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            other => {
                self.type_error(
                    node,
                    format!("`{field}` must be `error` or `warning`, not `{other}`"),
                );
                None
            }
        }
    }
}

/// The closest known name within a small edit distance.
pub fn did_you_mean<'k>(name: &str, known: &[&'k str]) -> Option<&'k str> {
    let limit = (name.chars().count() / 3).clamp(1, 3);
    known
        .iter()
        .map(|candidate| (edit_distance(name, candidate), *candidate))
        .filter(|(distance, _)| *distance <= limit)
        .min()
        .map(|(_, candidate)| candidate)
}

/// Levenshtein distance with adjacent swaps counting one.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = best;
        }
    }
    rows[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names() {
        let known = ["title", "expires_at", "publish_at", "networks", "image_alt"];
        let cases = [
            ("expire_at", Some("expires_at")),
            ("titel", Some("title")),
            ("netwroks", Some("networks")),
            ("image-alt", Some("image_alt")),
            ("colour", None),
        ];
        for (name, expected) in cases {
            assert_eq!(did_you_mean(name, &known), expected, "{name}");
        }
    }
}
