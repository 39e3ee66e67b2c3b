//! `disclosure`: every text for a network the policy names says it is an
//! employee's or sponsored post (the FTC Endorsement Guides, Japan's
//! stealth-marketing rule).

use super::context::{PostCheck, fold_tag};
use crate::diagnostic::Diagnostic;
use crate::policy::terms::Place;
use crate::rule::Rule;

pub(super) fn check(cx: &PostCheck) -> Vec<Diagnostic> {
    let Some(disclosure) = &cx.policy.disclosure else {
        return Vec::new();
    };
    let post = cx.post;
    // Whether a block discloses is the same for every network it serves.
    let mut disclosed: Vec<Option<bool>> = vec![None; cx.written.len()];
    let mut found = Vec::new();
    for share in &cx.shares {
        if !disclosure.networks.contains(&share.network) {
            continue;
        }
        let block_discloses = *disclosed[share.block]
            .get_or_insert_with(|| discloses(cx, share.block, &disclosure.any_of));
        if block_discloses {
            continue;
        }
        found.push(
            Diagnostic::new(
                &post.source,
                post.body.shares[share.block].content_span(),
                disclosure.severity,
                Rule::Disclosure,
                format!(
                    "this text does not say it is an employee's or sponsored post; add one of {} (advertising disclosure rules such as the FTC Endorsement Guides and Japan's stealth-marketing rule)",
                    disclosure.any_of.join(", ")
                ),
            )
            .with_network(share.network.name())
            .with_suggestions(disclosure.any_of.clone()),
        );
    }
    found
}

/// A `#tag` entry is present when a hashtag equals it after folding; a
/// phrase entry matches like a term.
fn discloses(cx: &PostCheck, block: usize, any_of: &[String]) -> bool {
    let written = &cx.written[block];
    let by_tag = any_of
        .iter()
        .filter(|entry| entry.starts_with(['#', '＃']))
        .any(|entry| written.folded_tags.contains(&fold_tag(entry)));
    by_tag
        || !cx
            .disclosure_phrases
            .find(&written.text, Place::Share)
            .is_empty()
}

#[cfg(test)]
mod tests {
    use crate::check::fixture::assert_found;

    /// The fixture's problems for this rule, in process, as `advocate check`
    /// reports them.
    #[test]
    fn a_text_without_disclosure_names_its_networks() {
        assert_found(
            "links",
            "disclosure",
            &[("links.md", 10, 1, 47, "error", Some("x,linkedin"))],
        );
    }
}
