//! `term/<id>`: the policy's terms in share texts, titles and briefings.

use super::context::{Placed, PostCheck};
use crate::diagnostic::Diagnostic;
use crate::policy::terms::{TermHit, TermMatcher};
use crate::text::hidden;

pub(super) fn check(cx: &PostCheck) -> Vec<Diagnostic> {
    let matcher = &cx.policy.terms;
    if matcher.is_empty() {
        return Vec::new();
    }
    let mut found = Vec::new();
    for placed in cx.placed_texts() {
        for hit in matcher.find(placed.text, placed.place) {
            let matched = &placed.text[hit.range.clone()];
            found.push(diagnostic(cx, matcher, &placed, matched, hit, false));
        }
        // As shown where an override reorders the text: a term written
        // backwards inside it reads forwards.
        if let Some((shown, runs)) = hidden::displayed(placed.text) {
            for mut hit in matcher.find(&shown, placed.place) {
                let Some(run) = runs
                    .iter()
                    .find(|run| run.start < hit.range.end && hit.range.start < run.end)
                else {
                    continue;
                };
                let matched = &shown[hit.range.clone()];
                hit.range = hit.range.start.min(run.start)..hit.range.end.max(run.end);
                found.push(diagnostic(cx, matcher, &placed, matched, hit, true));
            }
        }
    }
    found
}

/// One term found in a placed text, `matched` as a reader sees it.
fn diagnostic(
    cx: &PostCheck,
    matcher: &TermMatcher,
    placed: &Placed,
    matched: &str,
    hit: TermHit,
    reordered: bool,
) -> Diagnostic {
    let rule = &matcher.rules[hit.rule];
    let mut message = format!("{}: `{matched}`", rule.message);
    if hit.look_alike {
        message.push_str(
            " (this word mixes letters of different scripts, so it looks like the term but would slip past a plain search)",
        );
    }
    if reordered {
        message.push_str(
            " (written backwards after a right-to-left override, so that it shows as the term)",
        );
    }
    if !rule.suggest.is_empty() {
        message.push_str(&format!("; consider {}", quoted_list(&rule.suggest)));
    }
    let span = placed.map.map_range(placed.text, hit.range);
    let mut diagnostic = Diagnostic::new(
        &cx.post.source,
        span,
        rule.severity,
        crate::rule::RuleId::term(&rule.id),
        message,
    )
    .with_suggestions(rule.suggest.clone());
    diagnostic.networks = cx.networks_of(placed);
    diagnostic
}

fn quoted_list(items: &[String]) -> String {
    items
        .iter()
        .map(|s| format!("“{s}”"))
        .collect::<Vec<_>>()
        .join(" or ")
}

#[cfg(test)]
mod tests {
    use crate::check::fixture::assert_found;

    /// The fixture's problems for this rule, in process, as `advocate check`
    /// reports them.
    #[test]
    fn terms_match_folded_text_with_boundaries() {
        assert_found(
            "terms",
            "term/absolute-claims",
            &[
                ("dodges.md", 9, 4, 15, "error", Some("x")),
                ("dodges.md", 9, 28, 39, "error", Some("x")),
                ("dodges.md", 9, 49, 59, "error", Some("x")),
                ("dodges.md", 9, 61, 64, "error", Some("x")),
                ("terms.md", 2, 11, 20, "error", None),
                ("terms.md", 6, 42, 52, "error", None),
                (
                    "terms.md",
                    9,
                    1,
                    11,
                    "error",
                    Some("facebook,bluesky,threads,mastodon,instagram"),
                ),
                ("terms.md", 13, 41, 43, "error", Some("x")),
                ("terms.md", 17, 27, 36, "error", Some("linkedin")),
            ],
        );
        assert_found(
            "terms",
            "term/confidential",
            &[
                ("terms.md", 13, 22, 37, "error", Some("x")),
                ("terms.md", 13, 46, 51, "error", Some("x")),
            ],
        );
        assert_found(
            "terms",
            "term/rude",
            &[("terms.md", 17, 42, 45, "warning", Some("linkedin"))],
        );
    }
}
