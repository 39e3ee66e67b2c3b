//! `--format github`: workflow commands that annotate the pull request.

use super::subject::Report;
use crate::diagnostic::Severity;
use crate::escape;

/// GitHub shows at most this many error, and this many warning,
/// annotations per step; the rest are dropped without a word.
const SHOWN_PER_STEP: usize = 10;

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for d in report.diagnostics {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let title = match d.network_label() {
            Some(networks) => format!("{} ({networks})", d.rule),
            None => d.rule.to_string(),
        };
        let mut message = d.message.clone();
        if !d.suggestions.is_empty() {
            message.push_str(&format!("\nhelp: {}", d.suggestions.join(", ")));
        }
        out.push_str(&format!(
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            escape_property(&report.repo_path(&d.path)),
            d.line,
            d.column,
            d.end_line,
            d.end_column,
            escape_property(&title),
            escape_data(&message),
        ));
    }
    let (errors, warnings) = counts(report);
    let hidden = errors.saturating_sub(SHOWN_PER_STEP) + warnings.saturating_sub(SHOWN_PER_STEP);
    if hidden > 0 {
        out.push_str(&format!(
            "::notice title=advocate::{hidden} more problems are not shown as annotations \
             (GitHub shows {SHOWN_PER_STEP} errors and {SHOWN_PER_STEP} warnings per step). \
             Every problem is in this step's log and in the job summary.\n"
        ));
    }
    out
}

fn counts(report: &Report) -> (usize, usize) {
    let errors = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    (errors, report.diagnostics.len() - errors)
}

/// The job summary (`$GITHUB_STEP_SUMMARY`): every problem in one Markdown
/// table, since annotations stop at GitHub's cap.
pub fn summary(report: &Report) -> String {
    let (errors, warnings) = counts(report);
    let mut out = format!(
        "### advocate check\n\n{errors} errors and {warnings} warnings in {} posts.\n",
        report.posts
    );
    if report.diagnostics.is_empty() {
        return out;
    }
    out.push_str("\n| Where | Severity | Rule | Problem |\n|---|---|---|---|\n");
    for d in report.diagnostics {
        let severity = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        out.push_str(&format!(
            "| {} | {severity} | {} | {} |\n",
            table_code(&format!(
                "{}:{}:{}",
                report.repo_path(&d.path),
                d.line,
                d.column
            )),
            table_code(&d.rule.to_string()),
            escape::markdown(&d.message),
        ));
    }
    out
}

/// A code span in a table cell: GitHub splits cells at every `|`, even
/// inside code, unless it is escaped.
fn table_code(text: &str) -> String {
    escape::markdown_code(text).replace('|', "\\|")
}

/// The message part: `%`, CR and LF are encoded.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Property values also encode `:` and `,`.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_github_requires() {
        assert_eq!(escape_data("50% off\r\nnow"), "50%25 off%0D%0Anow");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
