//! `hashtags`: no more than the policy (and the network) allows, and the
//! required ones present.

use super::context::{PostCheck, fold_tag};
use crate::diagnostic::Diagnostic;
use crate::rule::Rule;

pub(super) fn check(cx: &PostCheck) -> Vec<Diagnostic> {
    let post = cx.post;
    let hashtags = &cx.policy.hashtags;
    let protected: Vec<String> = hashtags
        .required
        .iter()
        .chain(cx.policy.disclosure.iter().flat_map(|d| d.any_of.iter()))
        .filter(|tag| tag.starts_with(['#', '＃']))
        .map(|tag| fold_tag(tag))
        .collect();
    let mut found = Vec::new();
    for share in &cx.shares {
        let block = &post.body.shares[share.block];
        let written = &cx.written[share.block];
        let network = share.network.name();
        let limit = match (share.network.spec().hashtag_cap, hashtags.max) {
            (Some(cap), max) => Some(max.unwrap_or(cap).min(cap)),
            (None, max) => max,
        };
        if let Some(limit) = limit
            && written.tags.len() > limit
        {
            let excess = written.tags.len() - limit;
            // Advise removing tags the policy does not need: never a
            // disclosure tag or a required one.
            let removable: Vec<usize> = (0..written.tags.len())
                .filter(|&i| !protected.contains(&written.folded_tags[i]))
                .collect();
            let (at, message) = if removable.len() >= excess {
                let remove = &removable[removable.len() - excess..];
                let names: Vec<&str> = remove
                    .iter()
                    .map(|&i| &written.text[written.tags[i].clone()])
                    .collect();
                (
                    remove[0],
                    format!(
                        "{} hashtags where at most {limit} are allowed on {network}; remove {}",
                        written.tags.len(),
                        names.join(" ")
                    ),
                )
            } else {
                (
                    limit,
                    format!(
                        "{} hashtags where at most {limit} are allowed on {network}, and the disclosure and required tags alone are {}; write a `share {network}` block with fewer tags, or raise hashtags.max",
                        written.tags.len(),
                        written.tags.len() - removable.len()
                    ),
                )
            };
            let span = block.map.map_range(&written.text, written.tags[at].clone());
            found.push(
                Diagnostic::error(&post.source, span, Rule::Hashtags, message)
                    .with_network(network),
            );
        }
        let missing: Vec<&String> = hashtags
            .required
            .iter()
            .filter(|tag| !written.folded_tags.contains(&fold_tag(tag)))
            .collect();
        if !missing.is_empty() {
            let list: Vec<&str> = missing.iter().map(|s| s.as_str()).collect();
            found.push(
                Diagnostic::error(
                    &post.source,
                    block.content_span(),
                    Rule::Hashtags,
                    format!(
                        "missing the required hashtag {}; add it to the text",
                        list.join(", ")
                    ),
                )
                .with_network(network)
                .with_suggestions(missing.into_iter().cloned().collect()),
            );
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use crate::check::fixture::assert_found;

    /// The fixture's problems for this rule, in process, as `advocate check`
    /// reports them.
    #[test]
    fn too_many_hashtags_point_at_the_first_over() {
        assert_found(
            "links",
            "hashtags",
            &[("links.md", 14, 14, 16, "error", Some("instagram"))],
        );
        assert_found(
            "unfinished",
            "hashtags",
            &[
                ("too-many-tags.md", 9, 16, 23, "error", Some("instagram")),
                ("too-many-tags.md", 9, 16, 23, "error", Some("x")),
            ],
        );
    }
}
