//! `--format line`: `path:line:col: severity[rule]: message`, one problem
//! a line, paths from the git top level, for editors' problem matchers.

use super::subject::Report;

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for d in report.diagnostics {
        let networks = d
            .network_label()
            .map(|n| format!(" [{n}]"))
            .unwrap_or_default();
        // One line each, whatever the message holds.
        let message = d.message.replace(['\n', '\r'], " ");
        out.push_str(&format!(
            "{}:{}:{}: {}[{}]: {message}{networks}\n",
            report.repo_path(&d.path),
            d.line,
            d.column,
            d.severity.as_str(),
            d.rule,
        ));
    }
    out
}
