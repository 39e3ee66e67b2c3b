//! `--format sarif`: SARIF 2.1.0 for code scanning.

use super::Report;
use crate::diagnostic::Severity;
use serde_json::{Value, json};
use std::collections::BTreeMap;

pub fn render(report: &Report) -> String {
    let mut rules: BTreeMap<&str, usize> = BTreeMap::new();
    for d in report.diagnostics {
        let next = rules.len();
        rules.entry(&d.rule).or_insert(next);
    }
    let mut ordered: Vec<(&str, usize)> = rules.iter().map(|(k, v)| (*k, *v)).collect();
    ordered.sort_by_key(|(_, index)| *index);
    let rule_objects: Vec<Value> = ordered
        .iter()
        .map(|(id, _)| {
            json!({
                "id": id,
                "name": id.replace(['/', '-'], "_"),
                "shortDescription": {"text": describe(id)},
            })
        })
        .collect();
    let results: Vec<Value> = report
        .diagnostics
        .iter()
        .map(|d| {
            let mut text = d.message.clone();
            if let Some(networks) = d.network_label() {
                text.push_str(&format!(" [{networks}]"));
            }
            json!({
                "ruleId": d.rule,
                "ruleIndex": rules[d.rule.as_str()],
                "level": match d.severity { Severity::Error => "error", Severity::Warning => "warning" },
                "message": {"text": text},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": d.path, "uriBaseId": "%SRCROOT%"},
                        "region": {
                            "startLine": d.line,
                            "startColumn": d.column,
                            "endLine": d.end_line,
                            "endColumn": d.end_column,
                        },
                    },
                }],
            })
        })
        .collect();
    let document = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "advocate",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rule_objects,
            }},
            "columnKind": "unicodeCodePoints",
            "originalUriBaseIds": {"%SRCROOT%": {"uri": "file:///"}},
            "results": results,
        }],
    });
    let mut text = serde_json::to_string_pretty(&document).expect("JSON serializes");
    text.push('\n');
    text
}

fn describe(rule: &str) -> String {
    match rule {
        "front-matter" => "The front matter is not valid YAML or a field has the wrong type".into(),
        "unknown-field" => "A front matter key that advocate does not know".into(),
        "required-field" => "A field that policy.yaml requires is missing".into(),
        "invalid-field" => "A field value is not valid".into(),
        "duplicate-id" => "Two posts have the same id".into(),
        "no-share-text" => "A network or post has no text to share".into(),
        "length" => "A share text is over the network's length limit".into(),
        "disclosure" => "A share text lacks the required disclosure".into(),
        "link" => "A link breaks the link policy".into(),
        "hashtags" => "Too many hashtags, or a required one missing".into(),
        "image" => "The image is missing, too large, outside the library, or lacks alt text".into(),
        "schedule" => "The publishing window is invalid or too long".into(),
        "expired" => "The post has expired".into(),
        "expiring" => "The post expires soon".into(),
        "policy" => "policy.yaml itself has a problem".into(),
        term => format!("A term that the policy flags ({term})"),
    }
}
