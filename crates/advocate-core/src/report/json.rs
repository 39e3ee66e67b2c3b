//! `--format json`, exactly as docs/diagnostics.md shows, keys in its order.

use super::subject::Report;
use crate::diagnostic::{Severity, count};
use serde::Serialize;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    posts: usize,
    errors: usize,
    warnings: usize,
    diagnostics: Vec<Item<'a>>,
}

#[derive(Serialize)]
struct Item<'a> {
    path: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    severity: &'static str,
    rule: String,
    message: &'a str,
    network: Option<String>,
    suggestions: &'a [String],
}

pub fn render(report: &Report) -> String {
    let document = Document {
        version: 1,
        posts: report.posts,
        errors: count(report.diagnostics, Severity::Error),
        warnings: count(report.diagnostics, Severity::Warning),
        diagnostics: report
            .diagnostics
            .iter()
            .map(|d| Item {
                path: &d.path,
                line: d.line,
                column: d.column,
                end_line: d.end_line,
                end_column: d.end_column,
                severity: d.severity.as_str(),
                rule: d.rule.to_string(),
                message: &d.message,
                network: d.network_label(),
                suggestions: &d.suggestions,
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&document).expect("JSON serializes");
    text.push('\n');
    text
}
