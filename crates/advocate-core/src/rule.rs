//! The rules advocate checks, as data: each rule's id, default severity and
//! one-line description live in one table that the checks, the SARIF report,
//! `--deny-warnings` and `docs/rules.md` all read.

use std::fmt;
use std::sync::Arc;

/// A rule `advocate check` reports (docs/rules.md). Term rules are one [`Rule::Term`] with the policy's
/// own id beside it (see [`RuleId`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rule {
    /// The front matter is not valid YAML or a field has the wrong type.
    FrontMatter,
    /// A front matter key advocate does not know.
    UnknownField,
    /// A field the policy requires is missing.
    RequiredField,
    /// A field's value is not valid.
    InvalidField,
    /// A `TODO` left to fill in a post that is not a draft.
    Todo,
    /// Two posts map to the same id.
    DuplicateId,
    /// A network or post has no text to share.
    NoShareText,
    /// A share text is over its network's limit.
    Length,
    /// A share text lacks the required disclosure.
    Disclosure,
    /// A link breaks the link policy.
    Link,
    /// Too many hashtags, or a required one missing.
    Hashtags,
    /// The image is missing, too large, outside the library, or lacks alt text.
    Image,
    /// The publishing window is invalid or too long.
    Schedule,
    /// The post has expired.
    Expired,
    /// The post expires soon.
    Expiring,
    /// A term of the policy's `terms`.
    Term,
    /// HTML code such as `&rsquo;` in a share text.
    HtmlEntity,
    /// A character a reader does not see, or one that reorders what is shown.
    HiddenCharacter,
    /// `policy.yaml` itself has a problem.
    Policy,
    /// A row of a click export cannot be read.
    Analytics,
    /// CODEOWNERS still names `advocate init`'s placeholder team.
    Codeowners,
}

/// How much a problem matters: an error fails `check` and stops `build`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Fails the check.
    Error,
    /// Reported; fails only with `--deny-warnings`.
    Warning,
}

impl Severity {
    /// As reports print it.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// What every rule is, in one table.
pub struct RuleInfo {
    /// The rule.
    pub rule: Rule,
    /// Its id in reports (`term` is followed by `/` and the term's id).
    pub id: &'static str,
    /// The severity it has unless the policy says otherwise.
    pub severity: Severity,
    /// One line for SARIF and the docs.
    pub description: &'static str,
    /// Whether time alone causes it, so `--deny-warnings` lets it pass.
    pub caused_by_time: bool,
    /// How one of a diagnostic's suggestions fixes it, for the composer's
    /// and the language server's one-click fixes.
    pub fix: Fix,
}

/// How a suggestion fixes a diagnostic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Fix {
    /// The suggestion replaces the span (a term's replacement, a key's
    /// right name).
    Replace,
    /// The suggestion is added at the end of the span, after a space (a
    /// missing disclosure or hashtag, at the end of the text).
    Append,
}

const fn info(
    rule: Rule,
    id: &'static str,
    severity: Severity,
    description: &'static str,
) -> RuleInfo {
    RuleInfo {
        rule,
        id,
        severity,
        description,
        caused_by_time: false,
        fix: Fix::Replace,
    }
}

use Severity::{Error, Warning};

/// Every rule, in the order docs/rules.md lists them.
pub const RULES: &[RuleInfo] = &[
    info(
        Rule::FrontMatter,
        "front-matter",
        Error,
        "The front matter is not valid YAML or a field has the wrong type",
    ),
    info(
        Rule::UnknownField,
        "unknown-field",
        Error,
        "A front matter key that advocate does not know",
    ),
    info(
        Rule::RequiredField,
        "required-field",
        Error,
        "A field that policy.yaml requires is missing",
    ),
    info(
        Rule::InvalidField,
        "invalid-field",
        Error,
        "A field value is not valid",
    ),
    info(
        Rule::Todo,
        "todo",
        Error,
        "A `TODO` left to fill in a post that is not a draft",
    ),
    info(
        Rule::DuplicateId,
        "duplicate-id",
        Error,
        "Two posts have the same id",
    ),
    info(
        Rule::NoShareText,
        "no-share-text",
        Error,
        "A network or post has no text to share",
    ),
    info(
        Rule::Length,
        "length",
        Error,
        "A share text is over the network's length limit",
    ),
    RuleInfo {
        fix: Fix::Append,
        ..info(
            Rule::Disclosure,
            "disclosure",
            Error,
            "A share text lacks the required disclosure",
        )
    },
    info(Rule::Link, "link", Error, "A link breaks the link policy"),
    RuleInfo {
        fix: Fix::Append,
        ..info(
            Rule::Hashtags,
            "hashtags",
            Error,
            "Too many hashtags, or a required one missing",
        )
    },
    info(
        Rule::Image,
        "image",
        Error,
        "The image is missing, too large, outside the library, or lacks alt text",
    ),
    info(
        Rule::Schedule,
        "schedule",
        Error,
        "The publishing window is invalid or too long",
    ),
    RuleInfo {
        caused_by_time: true,
        ..info(Rule::Expired, "expired", Warning, "The post has expired")
    },
    RuleInfo {
        caused_by_time: true,
        ..info(Rule::Expiring, "expiring", Warning, "The post expires soon")
    },
    info(
        Rule::Term,
        "term",
        Error,
        "A term that the policy flags (banned, or needing review)",
    ),
    info(
        Rule::HtmlEntity,
        "html-entity",
        Error,
        "HTML code such as `&rsquo;` in a share text, which networks would post as written",
    ),
    info(
        Rule::HiddenCharacter,
        "hidden-character",
        Error,
        "A character a reader does not see (a control, a tag character, an invisible format character) or one that reorders what is shown (a bidirectional control), in a share text, title or briefing",
    ),
    info(
        Rule::Policy,
        "policy",
        Error,
        "policy.yaml itself has a problem",
    ),
    info(
        Rule::Analytics,
        "analytics",
        Warning,
        "A row of a click export cannot be read and is left out",
    ),
    info(
        Rule::Codeowners,
        "codeowners",
        Warning,
        "CODEOWNERS still names the placeholder team that `advocate init` wrote, so nobody is asked to approve",
    ),
];

impl Rule {
    /// This rule's entry in [`RULES`].
    pub fn info(self) -> &'static RuleInfo {
        RULES
            .iter()
            .find(|info| info.rule == self)
            .unwrap_or(&RULES[0])
    }
}

/// The rule a diagnostic is about: a [`Rule`], and for term rules the
/// policy's id of the term (`term/absolute-claims`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RuleId {
    /// The rule.
    pub rule: Rule,
    /// The term's id, for [`Rule::Term`].
    pub term: Option<Arc<str>>,
}

impl RuleId {
    /// A term rule from the policy.
    pub fn term(id: &str) -> RuleId {
        RuleId {
            rule: Rule::Term,
            term: Some(Arc::from(id)),
        }
    }

    /// The rule's description; a term's names the term.
    pub fn description(&self) -> String {
        match &self.term {
            Some(term) => format!("A term that the policy flags ({term})"),
            None => self.rule.info().description.to_string(),
        }
    }
}

impl From<Rule> for RuleId {
    fn from(rule: Rule) -> RuleId {
        RuleId { rule, term: None }
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.rule.info().id)?;
        if let Some(term) = &self.term {
            write!(f, "/{term}")?;
        }
        Ok(())
    }
}

impl serde::Serialize for RuleId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl PartialEq<str> for RuleId {
    fn eq(&self, other: &str) -> bool {
        match &self.term {
            None => self.rule.info().id == other,
            Some(term) => {
                other
                    .strip_prefix(self.rule.info().id)
                    .and_then(|rest| rest.strip_prefix('/'))
                    == Some(term)
            }
        }
    }
}

impl PartialEq<&str> for RuleId {
    fn eq(&self, other: &&str) -> bool {
        self == *other
    }
}

/// `docs/rules.md`: the table of every rule, made from [`RULES`] (a test
/// keeps the file in step).
#[cfg(test)]
fn rules_markdown() -> String {
    let mut out = String::from(
        "# Rules\n\nEvery rule `advocate check` reports, made from the rule table in `crates/advocate-core/src/rule.rs`; where each points and how they are printed: [diagnostics.md](diagnostics.md).\n\n| id | default | what it means |\n|---|---|---|\n",
    );
    for info in RULES {
        let id = if info.rule == Rule::Term {
            "term/ID"
        } else {
            info.id
        };
        out.push_str(&format!(
            "| `{id}` | {} | {}{} |\n",
            info.severity.as_str(),
            info.description,
            if info.caused_by_time {
                "; time alone causes it, so `--deny-warnings` lets it pass"
            } else {
                ""
            }
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_has_one_entry() {
        let all = [
            Rule::FrontMatter,
            Rule::UnknownField,
            Rule::RequiredField,
            Rule::InvalidField,
            Rule::Todo,
            Rule::DuplicateId,
            Rule::NoShareText,
            Rule::Length,
            Rule::Disclosure,
            Rule::Link,
            Rule::Hashtags,
            Rule::Image,
            Rule::Schedule,
            Rule::Expired,
            Rule::Expiring,
            Rule::Term,
            Rule::HtmlEntity,
            Rule::HiddenCharacter,
            Rule::Policy,
            Rule::Analytics,
            Rule::Codeowners,
        ];
        assert_eq!(all.len(), RULES.len());
        for rule in all {
            assert_eq!(RULES.iter().filter(|i| i.rule == rule).count(), 1);
            assert_eq!(rule.info().rule, rule);
        }
    }

    #[test]
    fn ids_print_as_reports_show_them() {
        let cases = [
            (RuleId::from(Rule::FrontMatter), "front-matter"),
            (RuleId::term("absolute-claims"), "term/absolute-claims"),
            (RuleId::from(Rule::Expiring), "expiring"),
        ];
        for (id, text) in cases {
            assert_eq!(id.to_string(), text);
            assert!(id == text);
        }
    }

    #[test]
    fn docs_list_every_rule() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/rules.md");
        let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
        if std::env::var_os("ADVOCATE_UPDATE_DOCS").is_some() {
            std::fs::write(&path, rules_markdown()).unwrap();
            return;
        }
        assert_eq!(
            on_disk,
            rules_markdown(),
            "docs/rules.md is out of date; run ADVOCATE_UPDATE_DOCS=1 cargo test --lib rule"
        );
    }
}
