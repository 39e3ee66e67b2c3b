//! Output formats for diagnostics (docs/diagnostics.md): one file per format.

pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod line;
pub mod sarif;

use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;
use std::collections::HashMap;

/// A report format. Each is one entry in [`Format::ALL`], with the name the
/// command line takes and one line of help.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// For people: each problem with its source lines, in colour on a terminal.
    Human,
    /// One JSON document with every diagnostic and the counts.
    Json,
    /// GitHub Actions workflow commands.
    Github,
    /// SARIF 2.1.0.
    Sarif,
    /// GitLab Code Quality.
    Gitlab,
    /// One problem a line.
    Line,
}

impl Format {
    /// Every format: its value, its name and what it is for.
    pub const ALL: [(Format, &'static str, &'static str); 6] = [
        (
            Format::Human,
            "human",
            "For people: each problem with its source lines, in colour on a terminal",
        ),
        (
            Format::Json,
            "json",
            "One JSON document with every diagnostic and the counts",
        ),
        (
            Format::Github,
            "github",
            "GitHub Actions workflow commands: annotations on the pull request, and the job summary",
        ),
        (Format::Sarif, "sarif", "SARIF 2.1.0, for code scanning"),
        (
            Format::Gitlab,
            "gitlab",
            "GitLab Code Quality, for merge requests",
        ),
        (
            Format::Line,
            "line",
            "`path:line:col: severity[rule]: message`, one a line, for editors' problem matchers (as Vale's `line`)",
        ),
    ];

    /// The format a name stands for, as the command line writes it.
    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL
            .iter()
            .find(|(_, n, _)| *n == name)
            .map(|(format, _, _)| *format)
    }
}

/// What a report is about.
pub struct Report<'a> {
    pub diagnostics: &'a [Diagnostic],
    /// Post files found, whether or not they parse.
    pub posts: usize,
    /// The files the diagnostics point into, by path, for source lines.
    pub sources: HashMap<&'a str, &'a SourceFile>,
    /// The content root's folder from the git top level (`marketing/`, or
    /// empty): the `github`, `sarif`, `gitlab` and `line` formats give paths
    /// from there, since that is where CI resolves them.
    pub prefix: &'a str,
    /// Leave out the summary line (`--quiet`).
    pub quiet: bool,
}

impl Report<'_> {
    /// A diagnostic's path from the git top level: the prefix joined on,
    /// and `..` taken away (a CODEOWNERS above the content root).
    pub fn repo_path(&self, path: &str) -> String {
        let mut parts: Vec<&str> = self.prefix.split('/').filter(|p| !p.is_empty()).collect();
        for part in path.split('/') {
            match part {
                ".." => {
                    parts.pop();
                }
                "." | "" => {}
                part => parts.push(part),
            }
        }
        parts.join("/")
    }
}

pub fn render(format: Format, report: &Report, color: bool) -> String {
    match format {
        Format::Human => human::render(report, color),
        Format::Json => json::render(report),
        Format::Github => github::render(report),
        Format::Sarif => sarif::render(report),
        Format::Gitlab => gitlab::render(report),
        Format::Line => line::render(report),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_given_from_the_git_top_level() {
        let cases = [
            ("", "library/a.md", "library/a.md"),
            ("marketing/", "library/a.md", "marketing/library/a.md"),
            ("marketing/", "../.github/CODEOWNERS", ".github/CODEOWNERS"),
            ("a/b/", "../../CODEOWNERS", "CODEOWNERS"),
        ];
        for (prefix, path, expected) in cases {
            let report = Report {
                diagnostics: &[],
                posts: 0,
                sources: HashMap::new(),
                prefix,
                quiet: false,
            };
            assert_eq!(report.repo_path(path), expected, "{prefix} {path}");
        }
    }
}
