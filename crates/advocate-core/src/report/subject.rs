//! What a report is about: the diagnostics, the files they point into, and
//! where the content sits in its Git repository. Every format reads it.

use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;
use std::collections::HashMap;

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
