//! `codeowners`: the CODEOWNERS that `advocate init` wrote still names its
//! placeholder team. GitHub and GitLab then ask nobody to approve, and the
//! review that stands for approval is not required.

use crate::diagnostic::Diagnostic;
use crate::rule::Rule;
use crate::source::SourceFile;

/// The organization `init` writes for teams to be replaced.
pub const PLACEHOLDER_ORG: &str = "@your-org/";

/// One warning per placeholder team named.
pub fn check(file: &SourceFile) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let mut offset = 0;
    for line in file.text.split_inclusive('\n') {
        let rule_part = line.split('#').next().unwrap_or("");
        let mut at = 0;
        while let Some(start) = rule_part[at..].find(PLACEHOLDER_ORG).map(|s| s + at) {
            let end = rule_part[start..]
                .find(char::is_whitespace)
                .map_or(rule_part.len(), |e| start + e);
            let team = &rule_part[start..end];
            found.push(Diagnostic::warning(
                file,
                offset + start..offset + end,
                Rule::Codeowners,
                format!(
                    "`{team}` is the placeholder `advocate init` wrote, so nobody is asked to \
                     approve these files; write your own team or people here"
                ),
            ));
            at = end;
        }
        offset += line.len();
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_placeholder_team_is_reported_where_it_is() {
        let cases: &[(&str, &[(usize, usize)])] = &[
            ("/library/ @acme/reviewers\n", &[]),
            ("# @your-org/x in a comment\n", &[]),
            (
                "/library/ @your-org/reviewers\n/policy.yaml @your-org/admins @bob\n",
                &[(1, 11), (2, 14)],
            ),
            ("/a @your-org/team", &[(1, 4)]),
        ];
        for (text, expected) in cases {
            let file = SourceFile::new(".github/CODEOWNERS", *text);
            let found: Vec<(usize, usize)> =
                check(&file).iter().map(|d| (d.line, d.column)).collect();
            assert_eq!(&found, expected, "{text:?}");
        }
    }
}
