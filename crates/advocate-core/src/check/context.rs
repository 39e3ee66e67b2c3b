//! What the rules read about one post, worked out once: the policy, the
//! time, the post's final texts per network, and each share block as the
//! author wrote it.

use crate::policy::Policy;
use crate::policy::terms::{Place, TermMatcher};
use crate::post::Post;
use crate::post::assets::Assets;
use crate::share::Share;
use crate::source::OffsetMap;
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

/// A text of a post the rules read, with where it is in the file and,
/// for a share block, which block it is (for the networks it serves, asked
/// only when there is a problem to report).
pub struct Placed<'a> {
    pub place: Place,
    pub text: &'a str,
    /// The file's own map where there is one; the title's is made here.
    pub map: std::borrow::Cow<'a, OffsetMap>,
    pub block: Option<usize>,
}

impl PostCheck<'_> {
    /// The networks a placed text serves (none for the title or briefing).
    pub fn networks_of(&self, placed: &Placed) -> Vec<String> {
        placed
            .block
            .map_or_else(Vec::new, |block| self.block_networks(block))
    }

    /// Every text a reader sees: each share block as written (`{link}`
    /// blanked), the title, the briefing as read on the page.
    pub fn placed_texts(&self) -> Vec<Placed<'_>> {
        let post = self.post;
        let mut texts: Vec<Placed> = post
            .body
            .shares
            .iter()
            .enumerate()
            .map(|(index, block)| Placed {
                place: Place::Share,
                text: &self.written[index].text,
                map: std::borrow::Cow::Borrowed(&block.map),
                block: Some(index),
            })
            .collect();
        if let Some(title) = &post.fields.title {
            // The title's value may be quoted in the file: find where it starts.
            let written = &post.source.text[title.span.clone()];
            let start = title.span.start + written.find(title.value.as_str()).unwrap_or(0);
            let mut map = OffsetMap::default();
            map.push(0, start);
            texts.push(Placed {
                place: Place::Title,
                text: &title.value,
                map: std::borrow::Cow::Owned(map),
                block: None,
            });
        }
        let briefing = &post.body.briefing;
        texts.push(Placed {
            place: Place::Briefing,
            text: &briefing.text,
            map: std::borrow::Cow::Borrowed(&briefing.text_map),
            block: None,
        });
        texts
    }

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
