//! `length`: each final text within its network's limit, counted the way
//! that network counts, with room kept for an employee's personal code.

use super::context::PostCheck;
use crate::diagnostic::Diagnostic;
use crate::rule::Rule;
use crate::share::{Measure, Share, measure};

pub(super) fn check(cx: &PostCheck) -> Vec<Diagnostic> {
    let post = cx.post;
    cx.shares
        .iter()
        .filter_map(|share| {
            let message = problem(cx, share)?;
            let span = post.body.shares[share.block].content_span();
            Some(
                Diagnostic::error(&post.source, span, Rule::Length, message)
                    .with_network(share.network.name()),
            )
        })
        .collect()
}

fn problem(cx: &PostCheck, share: &Share) -> Option<String> {
    let Measure {
        length,
        reserved,
        limit,
    } = measure(cx.policy, share)?;
    if length <= limit {
        return None;
    }
    let over = length - limit;
    let room = if reserved > 0 {
        format!(", including {reserved} kept free for an employee's personal link code")
    } else {
        String::new()
    };
    Some(format!(
        "{} text is {length} long, over the limit of {} by {over} ({}{room}); shorten it",
        share.network.name(),
        limit,
        share.network.counting()
    ))
}

#[cfg(test)]
mod tests {
    use crate::check::fixture::assert_found;

    /// The fixture's problems for this rule, in process, as `advocate check`
    /// reports them.
    #[test]
    fn lengths_are_exact_per_network() {
        assert_found(
            "lengths",
            "length",
            &[
                ("limits.md", 10, 1, 142, "error", Some("x")),
                ("limits.md", 18, 1, 603, "error", Some("bluesky")),
            ],
        );
    }
}
