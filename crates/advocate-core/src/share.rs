//! From share blocks to what each network gets (docs/posts.md): which block
//! serves which network, and the final text with its tracked link.
//!
//! `check` measures and judges these final texts; the portal shows them.

use crate::diagnostic::Diagnostic;
use crate::links::is_dangerous_scheme;
use crate::links::{LinkContext, tracked_link};
use crate::network::Network;
use crate::policy::Policy;
use crate::post::Post;
use crate::rule::Rule;

pub const LINK_PLACEHOLDER: &str = "{link}";

/// One text for one network: a block may serve several networks, and a
/// network may have several blocks (alternatives).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Share {
    /// Index into the post's share blocks.
    pub block: usize,
    pub network: Network,
    /// Exactly as it will be shared.
    pub text: String,
    /// The tracked link in the text, if any.
    pub link: Option<String>,
    /// How many times the link stands in the text.
    pub link_count: usize,
    /// The text's length as its network counts it (made once: the checks
    /// and the portal both need it).
    pub length: usize,
}

/// A final text measured as its network counts it, against the policy's
/// limit: what the `length` rule judges and the composer shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Measure {
    /// The counted length, `reserved` included.
    pub length: usize,
    /// Room kept free for an employee's personal link code.
    pub reserved: usize,
    pub limit: usize,
}

/// `share` measured against `policy`; `None` when the policy does not
/// post to its network.
pub fn measure(policy: &Policy, share: &Share) -> Option<Measure> {
    let settings = policy.settings(share.network)?;
    let reserved = if share.network.counts_url_characters() {
        policy.advocate_param_room() * share.link_count
    } else {
        0
    };
    Some(Measure {
        length: share.length + reserved,
        reserved,
        limit: settings.max_length,
    })
}

/// The shares of a post, blocks in file order and within a block the
/// networks in the policy's order, with the problems of the blocks.
pub fn shares_per_network(post: &Post, policy: &Policy) -> (Vec<Share>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let mut shares = Vec::new();
    let file = &post.source;
    let blocks = &post.body.shares;
    let listed: Option<Vec<Network>> = post
        .fields
        .networks
        .as_ref()
        .map(|items| items.iter().map(|item| item.value).collect());
    let is_listed = |network: Network| listed.as_ref().is_none_or(|l| l.contains(&network));
    let has_own_block = |network: Network| {
        blocks
            .iter()
            .any(|b| !b.text.is_empty() && b.networks.contains(&network))
    };

    let mut links = TrackedLinks::default();
    for (index, block) in blocks.iter().enumerate() {
        if block.text.trim().is_empty() {
            problems.push(Diagnostic::error(
                file,
                block.fence.clone(),
                Rule::NoShareText,
                "this share block is empty; write the text to share between the fences, or remove the block",
            ));
            continue;
        }
        if is_left_to_fill(&block.text) {
            // `advocate new` leaves these for the author; never share them.
            problems.push(Diagnostic::error(
                file,
                block.content_span(),
                Rule::NoShareText,
                "this share text is still the placeholder from `advocate new`; write the text employees will share",
            ));
        }
        let explicit = !block.networks.is_empty();
        for &network in &block.networks {
            if !policy.is_enabled(network) {
                problems.push(Diagnostic::error(
                    file,
                    block.fence.clone(),
                    Rule::InvalidField,
                    format!("`{}` is not enabled in policy.yaml; remove it from this fence or enable it under `networks:`", network.name()),
                ));
            } else if !is_listed(network) {
                problems.push(Diagnostic::error(
                    file,
                    block.fence.clone(),
                    Rule::InvalidField,
                    format!("this block is for `{}`, which the post's `networks` list leaves out; add it to `networks` or remove it from the fence", network.name()),
                ));
            }
        }
        for settings in &policy.networks {
            let network = settings.network;
            let serves = if explicit {
                block.networks.contains(&network)
            } else {
                !has_own_block(network)
            };
            if serves && is_listed(network) {
                let link = links.get(post, policy, network);
                shares.push(final_share(&block.text, index, network, link));
            }
        }
    }

    if let Some(items) = &post.fields.networks {
        for item in items {
            if !shares.iter().any(|s| s.network == item.value) {
                problems.push(Diagnostic::error(
                    file,
                    item.span.clone(),
                    Rule::NoShareText,
                    format!("`{0}` is listed but has no text; add a ```share {0} block or a plain ```share block", item.value.name()),
                ));
            }
        }
    }
    if shares.is_empty() && problems.is_empty() {
        problems.push(Diagnostic::error(
            file,
            0..0,
            Rule::NoShareText,
            "this post has no share text; add a fenced block ```share with the text employees will post",
        ));
    }
    (shares, problems)
}

/// The tracked link of a post per network, made once per network.
#[derive(Default)]
struct TrackedLinks {
    made: Vec<(Network, Option<String>)>,
}

impl TrackedLinks {
    fn get(&mut self, post: &Post, policy: &Policy, network: Network) -> Option<String> {
        if let Some((_, link)) = self.made.iter().find(|(n, _)| *n == network) {
            return link.clone();
        }
        let link = post
            .fields
            .link
            .as_ref()
            .filter(|link| !is_dangerous_scheme(&link.value) && network.takes_links())
            .map(|link| {
                let context = LinkContext {
                    network: network.name(),
                    campaign: post.fields.campaign.as_ref().map(|c| c.value.as_str()),
                    id: &post.id,
                };
                tracked_link(&link.value, &policy.links.utm, &context)
            });
        self.made.push((network, link.clone()));
        link
    }
}

fn final_share(raw: &str, block: usize, network: Network, link: Option<String>) -> Share {
    let (text, link_count) = match &link {
        Some(link) => match fill_link(raw, link) {
            (_, 0) => (format!("{}\n{link}", raw.trim_end()), 1),
            filled => filled,
        },
        None => (without_link(raw), 0),
    };
    Share {
        block,
        network,
        length: network.length(&text),
        text,
        link,
        link_count,
    }
}

/// The text with its `{link}`s taken out, for a network that takes no
/// links: the spaces around one are not doubled, and no line is left with a
/// space at either end.
fn without_link(raw: &str) -> String {
    if !raw.contains(LINK_PLACEHOLDER) {
        return raw.to_string();
    }
    let lines: Vec<String> = raw
        .split('\n')
        .map(|line| {
            if !line.contains(LINK_PLACEHOLDER) {
                return line.to_string();
            }
            let mut out = String::with_capacity(line.len());
            for part in line.split(LINK_PLACEHOLDER) {
                let part = if out.ends_with([' ', '\t']) {
                    part.trim_start_matches([' ', '\t'])
                } else {
                    part
                };
                out.push_str(part);
            }
            out.trim_matches([' ', '\t']).to_string()
        })
        .collect();
    lines.join("\n")
}

fn is_left_to_fill(text: &str) -> bool {
    text.trim_start().starts_with(crate::post::TODO_MARK)
}

/// `text` with every `{link}` replaced, and how many there were.
fn fill_link(text: &str, with: &str) -> (String, usize) {
    let mut out = String::with_capacity(text.len() + with.len());
    let mut count = 0;
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        if rest[open..].starts_with(LINK_PLACEHOLDER) {
            out.push_str(with);
            count += 1;
            rest = &rest[open + LINK_PLACEHOLDER.len()..];
        } else {
            out.push('{');
            rest = &rest[open + 1..];
        }
    }
    out.push_str(rest);
    (out, count)
}

/// The block's text with `{link}` blanked out (same length), so that the
/// rules that read what the author wrote don't see the placeholder.
pub fn masked_text(text: &str) -> String {
    fill_link(text, "      ").0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_taken_out_leaves_no_doubled_or_trailing_space() {
        let cases = [
            ("Read more {link} today", "Read more today"),
            ("Read more: {link}", "Read more:"),
            ("{link} is live", "is live"),
            ("A\n{link}\nB", "A\n\nB"),
            ("No link here  ", "No link here  "),
            ("Two {link} and {link} end", "Two and end"),
        ];
        for (raw, expected) in cases {
            assert_eq!(without_link(raw), expected, "{raw}");
        }
    }
}
