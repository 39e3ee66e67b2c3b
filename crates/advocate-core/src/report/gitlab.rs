//! `--format gitlab`: a Code Quality report for merge requests.

use super::subject::Report;
use crate::diagnostic::Severity;
use serde_json::{Value, json};

pub fn render(report: &Report) -> String {
    let issues: Vec<Value> = report
        .diagnostics
        .iter()
        .map(|d| {
            let fingerprint = fingerprint(&[&d.path, &d.rule.to_string(), &d.line.to_string(), &d.column.to_string(), &d.message]);
            json!({
                "type": "issue",
                "check_name": d.rule,
                "description": d.message,
                "categories": ["Style"],
                "fingerprint": fingerprint,
                "severity": match d.severity { Severity::Error => "major", Severity::Warning => "minor" },
                "location": {
                    "path": report.repo_path(&d.path),
                    "positions": {
                        "begin": {"line": d.line, "column": d.column},
                        "end": {"line": d.end_line, "column": d.end_column},
                    },
                },
            })
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&issues).expect("JSON serializes");
    text.push('\n');
    text
}

/// A stable identity for an issue across runs (FNV-1a, 128 bits as two
/// 64-bit halves), so GitLab can tell new problems from old ones.
fn fingerprint(parts: &[&str]) -> String {
    let mut halves = [0xcbf29ce484222325u64, 0x84222325cbf29ce4u64];
    for (i, half) in halves.iter_mut().enumerate() {
        for part in parts {
            for byte in part.bytes().chain([0, i as u8]) {
                *half ^= u64::from(byte);
                *half = half.wrapping_mul(0x100000001b3);
            }
        }
    }
    format!("{:016x}{:016x}", halves[0], halves[1])
}
