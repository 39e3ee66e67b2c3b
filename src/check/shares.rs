//! Rules on each network's final text: `length`, `disclosure`, `hashtags`.

use super::{Checker, Written};
use crate::diagnostic::Diagnostic;
use crate::policy::terms::Place;
use crate::post::Post;
use crate::rule::Rule;
use crate::share::Share;
use crate::text::fold::Folded;
use crate::text::hashtags::find_hashtags;

/// A block's hashtags and whether it discloses, the same for every network
/// it serves: worked out once per block.
struct Tags {
    tags: Vec<std::ops::Range<usize>>,
    folded_tags: Vec<String>,
    disclosed: bool,
}

impl Tags {
    fn new(checker: &Checker, written: &Written) -> Tags {
        let tags = find_hashtags(&written.text, &written.urls);
        let folded_tags: Vec<String> = tags
            .iter()
            .map(|r| fold_tag(&written.text[r.clone()]))
            .collect();
        let disclosed = checker
            .policy
            .disclosure
            .as_ref()
            .is_none_or(|d| is_disclosed(checker, &written.text, &folded_tags, &d.any_of));
        Tags {
            tags,
            folded_tags,
            disclosed,
        }
    }
}

pub(crate) fn check(
    checker: &Checker,
    post: &Post,
    shares: &[Share],
    written: &[Written],
) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let mut block_tags: Vec<Option<Tags>> = post.body.shares.iter().map(|_| None).collect();
    for share in shares {
        let block = &post.body.shares[share.block];
        let content_span = block.content_span();
        let network = share.network.name();
        if let Some(message) = length_problem(checker, share) {
            found.push(
                Diagnostic::error(&post.source, content_span.clone(), Rule::Length, message)
                    .with_network(network),
            );
        }
        let text = &written[share.block].text;
        let Tags {
            tags,
            folded_tags,
            disclosed,
        } = block_tags[share.block]
            .get_or_insert_with(|| Tags::new(checker, &written[share.block]));

        if let Some(disclosure) = &checker.policy.disclosure
            && disclosure.networks.contains(&share.network)
            && !*disclosed
        {
            found.push(
                Diagnostic::new(
                    &post.source,
                    content_span.clone(),
                    disclosure.severity,
                    Rule::Disclosure,
                    format!(
                        "this text does not say it is an employee's or sponsored post; add one of {} (advertising disclosure rules such as the FTC Endorsement Guides and Japan's stealth-marketing rule)",
                        disclosure.any_of.join(", ")
                    ),
                )
                .with_network(network)
                .with_suggestions(disclosure.any_of.clone()),
            );
        }

        let hashtags = &checker.policy.hashtags;
        let limit = match (share.network.spec().hashtag_cap, hashtags.max) {
            (Some(cap), max) => Some(max.unwrap_or(cap).min(cap)),
            (None, max) => max,
        };
        if let Some(limit) = limit
            && tags.len() > limit
        {
            let span = block.map.map_range(text, tags[limit].clone());
            found.push(
                Diagnostic::error(
                    &post.source,
                    span,
                    Rule::Hashtags,
                    format!("{} hashtags where at most {limit} are allowed on {network}; remove this one and those after it", tags.len()),
                )
                .with_network(network),
            );
        }
        let missing: Vec<&String> = hashtags
            .required
            .iter()
            .filter(|tag| !folded_tags.contains(&fold_tag(tag)))
            .collect();
        if !missing.is_empty() {
            let list: Vec<&str> = missing.iter().map(|s| s.as_str()).collect();
            found.push(
                Diagnostic::error(
                    &post.source,
                    content_span.clone(),
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

fn length_problem(checker: &Checker, share: &Share) -> Option<String> {
    let settings = checker.policy.settings(share.network)?;
    let mut length = share.network.length(&share.text);
    let mut reserved = 0;
    if share.network.counts_url_characters() {
        reserved = checker.policy.advocate_param_room() * share.link_count;
        length += reserved;
    }
    if length <= settings.max_length {
        return None;
    }
    let over = length - settings.max_length;
    let room = if reserved > 0 {
        format!(", including {reserved} kept free for an employee's personal link code")
    } else {
        String::new()
    };
    Some(format!(
        "{} text is {length} long, over the limit of {} by {over} ({}{room}); shorten it",
        share.network.name(),
        settings.max_length,
        share.network.counting()
    ))
}

/// A `#tag` entry is present when a hashtag equals it after NFKC and case
/// folding (`＃広告` is `#広告`, `#PRIDE` is not `#PR`); a phrase entry
/// matches like a term.
fn is_disclosed(checker: &Checker, text: &str, folded_tags: &[String], any_of: &[String]) -> bool {
    let by_tag = any_of
        .iter()
        .filter(|entry| entry.starts_with(['#', '＃']))
        .any(|entry| folded_tags.contains(&fold_tag(entry)));
    by_tag
        || !checker
            .disclosure_phrases
            .find(text, Place::Share)
            .is_empty()
}

fn fold_tag(tag: &str) -> String {
    let folded = Folded::new(tag, true).text;
    match folded.strip_prefix('＃') {
        Some(rest) => format!("#{rest}"),
        None => folded,
    }
}
