//! The human format: rustc-style, with the source line, the span underlined
//! and a `help:` line, then a summary.

use super::subject::Report;
use crate::diagnostic::{Diagnostic, Severity, count};
use annotate_snippets::renderer::DecorStyle;
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

/// Lines shown at most for one span (a long share text is cut).
const MAX_LINES: usize = 6;

/// Problems shown with their source at most per file.
const MAX_PER_FILE: usize = 200;

pub fn render(report: &Report, color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    }
    .decor_style(DecorStyle::Ascii);
    let mut out = String::new();
    // Nobody reads thousands of problems in one file: the first ones are
    // shown with their source, the rest counted (every format but this one
    // lists them all).
    let mut shown: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let mut not_shown: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for diagnostic in report.diagnostics {
        let count = shown.entry(diagnostic.path.as_str()).or_default();
        if *count == MAX_PER_FILE {
            *not_shown.entry(diagnostic.path.as_str()).or_default() += 1;
            continue;
        }
        *count += 1;
        let source = report.sources.get(diagnostic.path.as_str());
        out.push_str(&renderer.render(&[group(diagnostic, source.copied())]));
        out.push_str("\n\n");
    }
    for (path, count) in not_shown {
        out.push_str(&format!(
            "note: {count} more problem(s) in {path} not shown; `--format json` lists them all\n\n"
        ));
    }
    if !report.quiet {
        out.push_str(&summary(report));
        out.push('\n');
    }
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
            let first_line = file.line_text(d.line);
            // The span in bytes of the first line (the line is a slice of
            // the file's text).
            let line_start = first_line.as_ptr() as usize - file.text.as_ptr() as usize;
            let from = d
                .span
                .start
                .saturating_sub(line_start)
                .min(first_line.len());
            let to = if d.end_line == d.line {
                d.span
                    .end
                    .saturating_sub(line_start)
                    .clamp(from, first_line.len())
            } else {
                first_line.len()
            };
            let first = window(first_line, from, to);
            let mut text = first.text.clone();
            for line in d.line + 1..=last_line {
                text.push('\n');
                text.push_str(&window(file.line_text(line), 0, 0).text);
            }
            let start = first.start;
            let end = if d.end_line == d.line {
                first.end
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

/// Bytes of a source line shown around a span at most: a 200 KB line is
/// shown as the part that matters, so reports stay linear in size.
const WINDOW: usize = 160;

/// A line as shown, and the span's byte range in it.
struct Shown {
    text: String,
    start: usize,
    end: usize,
}

/// The part of `line` around the bytes `from..to`, cut at character
/// boundaries with `…` where it is long.
fn window(line: &str, from: usize, to: usize) -> Shown {
    if line.len() <= 2 * WINDOW {
        return Shown {
            text: line.to_string(),
            start: floor_char_boundary(line, from),
            end: floor_char_boundary(line, to),
        };
    }
    let first = floor_char_boundary(line, from.saturating_sub(WINDOW / 2));
    let last = floor_char_boundary(line, (to.min(from + WINDOW) + WINDOW / 2).min(line.len()));
    let last = if to > last {
        floor_char_boundary(line, to)
    } else {
        last
    }
    .max(first);
    let lead = if first > 0 { "…" } else { "" };
    let text = format!(
        "{lead}{}{}",
        &line[first..last],
        if last < line.len() { "…" } else { "" }
    );
    Shown {
        start: lead.len() + floor_char_boundary(line, from).saturating_sub(first),
        end: lead.len() + floor_char_boundary(line, to.min(last)).saturating_sub(first),
        text,
    }
}

use crate::source::floor_char_boundary;

pub fn summary(report: &Report) -> String {
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
