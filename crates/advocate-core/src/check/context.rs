//! What the rules read about one post, worked out once: the policy, the
//! time, the post's final texts per network, and each share block as the
//! author wrote it.

use crate::policy::Policy;
use crate::policy::terms::TermMatcher;
use crate::post::Post;
use crate::post::assets::Assets;
use crate::share::Share;
use crate::text::fold::Folded;
use crate::text::hashtags::find_hashtags;
use crate::text::urls::{FoundUrl, find_urls};
use jiff::Timestamp;
use std::ops::Range;

/// One post with everything a rule needs to judge it.
pub struct PostCheck<'a> {
    pub post: &'a Post,
    pub policy: &'a Policy,
    pub now: Timestamp,
    pub assets: &'a Assets,
    /// The disclosure entries that are phrases, not hashtags.
    pub disclosure_phrases: &'a TermMatcher,
    /// Every final text, per network.
    pub shares: Vec<Share>,
    /// Each share block as written, in file order.
    pub written: Vec<Written>,
}

impl PostCheck<'_> {
    /// The networks a block serves, for naming them in its diagnostics.
    pub fn block_networks(&self, block: usize) -> Vec<String> {
        self.shares
            .iter()
            .filter(|s| s.block == block)
            .map(|s| s.network.name().to_string())
            .collect()
    }
}

/// A share block's text as the author wrote it (`{link}` blanked out),
/// with its URLs and hashtags: what several rules read, worked out once per
/// block.
pub struct Written {
    pub text: String,
    pub urls: Vec<FoundUrl>,
    /// Where each hashtag is in `text`.
    pub tags: Vec<Range<usize>>,
    /// Each hashtag folded for comparison (see [`fold_tag`]).
    pub folded_tags: Vec<String>,
}

impl Written {
    pub fn new(block_text: &str) -> Written {
        let text = crate::share::masked_text(block_text);
        let urls = find_urls(&text);
        let tags = find_hashtags(&text, &urls);
        let folded_tags = tags.iter().map(|r| fold_tag(&text[r.clone()])).collect();
        Written {
            text,
            urls,
            tags,
            folded_tags,
        }
    }
}

/// A hashtag after NFKC and case folding, with a full-width `＃` as `#`:
/// `＃広告` is `#広告`, `#PRIDE` is not `#PR`.
pub(super) fn fold_tag(tag: &str) -> String {
    let folded = Folded::new(tag, true).text;
    match folded.strip_prefix('＃') {
        Some(rest) => format!("#{rest}"),
        None => folded,
    }
}
