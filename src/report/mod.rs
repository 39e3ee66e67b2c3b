//! Output formats for diagnostics (SPEC §6): one file per format.

pub(crate) mod github;
pub(crate) mod gitlab;
pub(crate) mod human;
pub(crate) mod json;
pub(crate) mod line;
pub(crate) mod sarif;

use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// For people: each problem with its source lines, in colour on a terminal.
    Human,
    /// One JSON document with every diagnostic and the counts.
    Json,
    /// GitHub Actions workflow commands: annotations on the pull request, and the job summary.
    Github,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// GitLab Code Quality, for merge requests.
    Gitlab,
    /// `path:line:col: severity[rule]: message`, one a line, for editors'
    /// problem matchers (as Vale's `line`).
    Line,
}

/// What a report is about.
pub(crate) struct Report<'a> {
    pub(crate) diagnostics: &'a [Diagnostic],
    /// Post files found, whether or not they parse.
    pub(crate) posts: usize,
    /// The files the diagnostics point into, by path, for source lines.
    pub(crate) sources: HashMap<&'a str, &'a SourceFile>,
    /// The content root's folder from the git top level (`marketing/`, or
    /// empty): the `github`, `sarif`, `gitlab` and `line` formats give paths
    /// from there, since that is where CI resolves them.
    pub(crate) prefix: &'a str,
    /// Leave out the summary line (`--quiet`).
    pub(crate) quiet: bool,
}

impl Report<'_> {
    /// A diagnostic's path from the git top level: the prefix joined on,
    /// and `..` taken away (a CODEOWNERS above the content root).
    pub(crate) fn repo_path(&self, path: &str) -> String {
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

pub(crate) fn render(format: Format, report: &Report, color: bool) -> String {
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
