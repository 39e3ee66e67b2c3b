//! `--format sarif`: SARIF 2.1.0 for code scanning.

use super::subject::Report;
use crate::diagnostic::Severity;
use crate::rule::RuleId;
use serde_json::{Value, json};
use std::collections::BTreeMap;

pub fn render(report: &Report) -> String {
    // The rules the results use, in order of first use; each described by
    // the rule table.
    let mut rules: BTreeMap<&RuleId, usize> = BTreeMap::new();
    let mut ordered: Vec<&RuleId> = Vec::new();
    for d in report.diagnostics {
        rules.entry(&d.rule).or_insert_with(|| {
            ordered.push(&d.rule);
            ordered.len() - 1
        });
    }
    let rule_objects: Vec<Value> = ordered
        .iter()
        .map(|rule| {
            let id = rule.to_string();
            json!({
                "id": id,
                "name": id.replace(['/', '-'], "_"),
                "shortDescription": {"text": rule.description()},
                "defaultConfiguration": {"level": rule.rule.info().severity.as_str()},
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
                "ruleIndex": rules[&d.rule],
                "level": match d.severity { Severity::Error => "error", Severity::Warning => "warning" },
                "message": {"text": text},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": crate::links::encode_path(&report.repo_path(&d.path)), "uriBaseId": "%SRCROOT%"},
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

#[cfg(test)]
mod tests {
    #[test]
    fn paths_become_uri_references() {
        assert_eq!(
            crate::links::encode_path("library/a b#c%20d.md"),
            "library/a%20b%23c%2520d.md"
        );
        assert_eq!(
            crate::links::encode_path("library/東京.md"),
            "library/%E6%9D%B1%E4%BA%AC.md"
        );
    }
}
