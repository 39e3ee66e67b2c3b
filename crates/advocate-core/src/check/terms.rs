//! `term/<id>`: the policy's terms in share texts, titles and briefings.

use super::context::PostCheck;
use crate::diagnostic::Diagnostic;
use crate::policy::terms::{Place, TermMatcher};
use crate::post::Post;
use crate::source::OffsetMap;

pub(super) fn check(cx: &PostCheck) -> Vec<Diagnostic> {
    let (post, matcher) = (cx.post, &cx.policy.terms);
    if matcher.is_empty() {
        return Vec::new();
    }
    let mut found = Vec::new();
    for (index, block) in post.body.shares.iter().enumerate() {
        let networks = cx.block_networks(index);
        let text = &cx.written[index].text;
        report(
            post,
            matcher,
            text,
            Place::Share,
            &block.map,
            &networks,
            &mut found,
        );
    }
    if let Some(title) = &post.fields.title {
        // The title's value may be quoted in the file: find where it starts.
        let written = &post.source.text[title.span.clone()];
        let start = title.span.start + written.find(title.value.as_str()).unwrap_or(0);
        let mut map = OffsetMap::default();
        map.push(0, start);
        report(
            post,
            matcher,
            &title.value,
            Place::Title,
            &map,
            &[],
            &mut found,
        );
    }
    let briefing = &post.body.briefing;
    report(
        post,
        matcher,
        &briefing.text,
        Place::Briefing,
        &briefing.text_map,
        &[],
        &mut found,
    );
    found
}

fn report(
    post: &Post,
    matcher: &TermMatcher,
    text: &str,
    place: Place,
    map: &OffsetMap,
    networks: &[String],
    found: &mut Vec<Diagnostic>,
) {
    for hit in matcher.find(text, place) {
        let rule = &matcher.rules[hit.rule];
        let matched = &text[hit.range.clone()];
        let mut message = format!("{}: `{matched}`", rule.message);
        if hit.look_alike {
            message.push_str(
                " (this word mixes letters of different scripts, so it looks like the term but would slip past a plain search)",
            );
        }
        if !rule.suggest.is_empty() {
            message.push_str(&format!("; consider {}", quoted_list(&rule.suggest)));
        }
        let span = map.map_range(text, hit.range);
        let mut diagnostic = Diagnostic::new(
            &post.source,
            span,
            rule.severity,
            crate::rule::RuleId::term(&rule.id),
            message,
        )
        .with_suggestions(rule.suggest.clone());
        diagnostic.networks = networks.to_vec();
        found.push(diagnostic);
    }
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
