//! The human format: rustc-style, with the source line, the span underlined
//! and a `help:` line, then a summary.

use super::Report;
use crate::diagnostic::{Diagnostic, Severity, count};
use annotate_snippets::renderer::DecorStyle;
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

/// Lines shown at most for one span (a long share text is cut).
const MAX_LINES: usize = 6;

pub(crate) fn render(report: &Report, color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    }
    .decor_style(DecorStyle::Ascii);
    let mut out = String::new();
    for diagnostic in report.diagnostics {
        let source = report.sources.get(diagnostic.path.as_str());
        out.push_str(&renderer.render(&[group(diagnostic, source.copied())]));
        out.push_str("\n\n");
    }
    out.push_str(&summary(report));
    out.push('\n');
    out
}

fn group<'a>(d: &'a Diagnostic, source: Option<&'a crate::source::SourceFile>) -> Group<'a> {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let title = match (d.network_label(), source) {
        (Some(networks), None) => format!("{} [{networks}]", d.message),
        _ => d.message.clone(),
    };
    let mut group = Group::with_title(level.clone().primary_title(title).id(d.rule.to_string()));
    match source.filter(|s| d.line <= s.line_count()) {
        Some(file) => {
            let last_line = d
                .end_line
                .min(d.line + MAX_LINES - 1)
                .min(file.line_count());
            let lines: Vec<&str> = (d.line..=last_line).map(|l| file.line_text(l)).collect();
            let text = lines.join("\n");
            let start = char_offset(lines[0], d.column);
            let end = if d.end_line == d.line {
                char_offset(lines[0], d.end_column)
            } else if d.end_line <= last_line {
                text.len() - lines.last().map_or(0, |l| l.len())
                    + char_offset(lines.last().unwrap_or(&""), d.end_column)
            } else {
                text.len()
            };
            let end = end.max(start);
            let label = d
                .network_label()
                .map(|n| format!("on {n}"))
                .unwrap_or_default();
            group = group.element(
                Snippet::source(text)
                    .line_start(d.line)
                    .path(d.path.as_str())
                    .fold(false)
                    .annotation(AnnotationKind::Primary.span(start..end).label(label)),
            );
        }
        None => {
            group = group
                .element(Level::NOTE.message(format!("at {}:{}:{}", d.path, d.line, d.column)));
        }
    }
    if !d.suggestions.is_empty() {
        let suggestions: Vec<String> = d.suggestions.iter().map(|s| format!("`{s}`")).collect();
        group = group.element(Level::HELP.message(format!("try {}", suggestions.join(" or "))));
    }
    group
}

/// The byte offset of a 1-based character column in a line (the end of the
/// line past its last character).
fn char_offset(line: &str, column: usize) -> usize {
    line.char_indices()
        .nth(column.saturating_sub(1))
        .map_or(line.len(), |(i, _)| i)
}

pub(crate) fn summary(report: &Report) -> String {
    let errors = count(report.diagnostics, Severity::Error);
    let warnings = count(report.diagnostics, Severity::Warning);
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "{}, {} in {}",
        plural(errors, "error"),
        plural(warnings, "warning"),
        plural(report.posts, "post")
    )
}
