//! `--format github`: workflow commands that annotate the pull request.

use super::Report;
use crate::diagnostic::Severity;

pub(crate) fn render(report: &Report) -> String {
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
            escape_property(&format!("{}{}", report.prefix, d.path)),
            d.line,
            d.column,
            d.end_line,
            d.end_column,
            escape_property(&title),
            escape_data(&message),
        ));
    }
    out
}

/// The message part: `%`, CR and LF are encoded.
pub(crate) fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Property values also encode `:` and `,`.
pub(crate) fn escape_property(text: &str) -> String {
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
