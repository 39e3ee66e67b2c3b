//! What the portal shows of a post: the live posts with their final share
//! texts, lengths and intents, ready for templates and `posts.json`.

use crate::network::Network;
use crate::policy::Policy;
use crate::post::Post;
use crate::share::{Share, shares_per_network};
use jiff::{Timestamp, ToSpan};
use rayon::prelude::*;
use serde::Serialize;

/// Which posts a build publishes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Selection {
    pub(crate) now: Timestamp,
    /// `--drafts`: drafts too.
    pub(crate) drafts: bool,
    /// `--future`: posts whose `publish_at` is still ahead.
    pub(crate) future: bool,
}

impl Selection {
    /// Live = not a draft, `publish_at` ≤ now < `expires_at`. Expired posts
    /// are never published, whatever the flags.
    pub(crate) fn includes(&self, post: &Post) -> bool {
        let fields = &post.fields;
        let expired = fields
            .expires_at
            .as_ref()
            .is_some_and(|e| e.value.instant <= self.now);
        let future = fields
            .publish_at
            .as_ref()
            .is_some_and(|p| p.value.instant > self.now);
        post.is_readable() && !expired && (self.drafts || !fields.draft) && (self.future || !future)
    }
}

#[derive(Debug, Clone, Serialize, Hash)]
pub(crate) struct PostView {
    /// The post's file, relative to the root.
    #[serde(skip)]
    pub(crate) source_path: String,
    pub(crate) id: String,
    /// The folder of the post's page: the id, made safe for a URL.
    pub(crate) slug: String,
    pub(crate) title: String,
    pub(crate) campaign: Option<String>,
    pub(crate) campaign_slug: Option<String>,
    pub(crate) topics: Vec<String>,
    pub(crate) topic_links: Vec<TopicLink>,
    pub(crate) lang: String,
    pub(crate) link: Option<String>,
    /// RFC 3339, or `None`.
    pub(crate) publish_at: Option<Timestamp>,
    pub(crate) expires_at: Option<Timestamp>,
    /// The calendar dates, for people.
    pub(crate) publish_date: Option<String>,
    pub(crate) expires_date: Option<String>,
    pub(crate) draft: bool,
    pub(crate) future: bool,
    /// Published within the last seven days.
    pub(crate) is_new: bool,
    pub(crate) owner: Option<String>,
    pub(crate) image: Option<ImageView>,
    /// The briefing, sanitized HTML.
    pub(crate) briefing_html: String,
    /// The briefing as plain text, for search and the feed.
    pub(crate) briefing_text: String,
    pub(crate) networks: Vec<NetworkView>,
    /// Every share in `posts.json`'s order (docs/portal.md) (blocks in file order, then networks
    /// in the policy's order); `networks` points into it.
    pub(crate) shares: Vec<ShareView>,
    /// Clicks from the exports, when there are any.
    pub(crate) impact: Option<PostImpact>,
    /// The same by network, in a fixed order, for the page.
    pub(crate) impact_by_network: Vec<(String, u64)>,
    /// Sort key: `publish_at` as seconds (posts without one sort last).
    #[serde(skip)]
    pub(crate) sort_time: i64,
}

/// A post's clicks from the exports.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Hash)]
pub(crate) struct PostImpact {
    pub(crate) clicks: u64,
    pub(crate) by_network: std::collections::BTreeMap<String, u64>,
}

#[derive(Debug, Clone, Serialize, Hash)]
pub(crate) struct TopicLink {
    pub(crate) name: String,
    pub(crate) slug: String,
}

#[derive(Debug, Clone, Serialize, Hash)]
pub(crate) struct ImageView {
    /// The file name inside the post's folder of the portal.
    pub(crate) file: String,
    /// Where the image is in the repository.
    #[serde(skip)]
    pub(crate) source: String,
    pub(crate) alt: String,
}

/// One network of a post with its alternatives.
#[derive(Debug, Clone, Serialize, Hash)]
pub(crate) struct NetworkView {
    pub(crate) network: Network,
    /// The network's name as people write it.
    pub(crate) label: &'static str,
    /// The share intent's template (see [`crate::network::NetworkSpec`]).
    pub(crate) intent: Option<&'static str>,
    /// The theme string shown under the texts.
    pub(crate) hint: Option<&'static str>,
    /// The theme string that asks for the employee's own server, and an
    /// example server, for intents on it.
    pub(crate) server_prompt: Option<(&'static str, &'static str)>,
    pub(crate) max_length: usize,
    /// Indexes into the post's `shares`, in file order.
    pub(crate) alternatives: Vec<usize>,
}

/// One text for one network, as shared. Its `intent_url` is made when it
/// is serialized, not stored: percent-encoded Japanese is nine bytes a
/// character, and 10,000 posts' worth would be most of a build's memory.
/// Its tracked link is kept as a place in the text when it is there (it
/// nearly always is): 100,000 posts' links are a hundred megabytes.
#[derive(Debug, Clone, Hash)]
pub(crate) struct ShareView {
    pub(crate) network: Network,
    pub(crate) text: String,
    link: ShareLink,
    pub(crate) length: usize,
    pub(crate) max_length: usize,
}

/// Where a share's tracked link is.
#[derive(Debug, Clone, Hash)]
enum ShareLink {
    None,
    /// Bytes `start..end` of the text.
    InText(u32, u32),
    /// Not in the text (a network that takes the link apart).
    Apart(Box<str>),
}

impl ShareView {
    /// `length`: the text's length as `network` counts it.
    pub(crate) fn new(
        network: Network,
        text: String,
        link: Option<&str>,
        length: usize,
        max_length: usize,
    ) -> ShareView {
        let link = match link {
            None => ShareLink::None,
            Some(link) => match text.find(link) {
                Some(start) if text.len() <= u32::MAX as usize => {
                    ShareLink::InText(start as u32, (start + link.len()) as u32)
                }
                _ => ShareLink::Apart(link.into()),
            },
        };
        ShareView {
            network,
            length,
            text,
            link,
            max_length,
        }
    }

    /// The tracked link, if the share has one.
    pub(crate) fn link(&self) -> Option<&str> {
        match &self.link {
            ShareLink::None => None,
            ShareLink::InText(start, end) => self.text.get(*start as usize..*end as usize),
            ShareLink::Apart(link) => Some(link),
        }
    }

    /// The text before and after its tracked link (the whole text and ""
    /// when the link is not in it): what the search and a card's preview
    /// read.
    pub(crate) fn around_link(&self) -> (&str, &str) {
        match self.link {
            ShareLink::InText(start, end) => (
                self.text.get(..start as usize).unwrap_or(&self.text),
                self.text.get(end as usize..).unwrap_or(""),
            ),
            _ => (&self.text, ""),
        }
    }

    pub(crate) fn intent_url(&self) -> Option<String> {
        self.network.intent_url(&self.text, self.link())
    }
}

impl Serialize for ShareView {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut share = serializer.serialize_struct("ShareView", 6)?;
        share.serialize_field("network", self.network.name())?;
        share.serialize_field("text", &self.text)?;
        share.serialize_field("link", &self.link())?;
        share.serialize_field("length", &self.length)?;
        share.serialize_field("max_length", &self.max_length)?;
        share.serialize_field("intent_url", &self.intent_url())?;
        share.end()
    }
}

/// The live posts of a build, as the portal shows them, newest first.
pub(crate) fn live_views<'p>(
    posts: impl IntoParallelIterator<Item = &'p crate::post::Post>,
    policy: &Policy,
    selection: &Selection,
) -> Vec<PostView> {
    let mut views: Vec<PostView> = posts
        .into_par_iter()
        .filter_map(|post| view_if_live(post, None, policy, selection))
        .collect();
    sort_newest_first(&mut views);
    views
}

/// The view of `post` when it is live in `selection`.
/// `shares`: the post's final shares, if the checks made them already.
pub(crate) fn view_if_live(
    post: &Post,
    shares: Option<&[Share]>,
    policy: &Policy,
    selection: &Selection,
) -> Option<PostView> {
    selection
        .includes(post)
        .then(|| post_view(post, shares, policy, selection))
}

const NEW_FOR_SECONDS: i64 = 7 * 86_400;

/// The instants at which the portal shows `post` differently (it goes live,
/// expires, or is no longer new), whatever "now" is.
pub(crate) fn changes_at(post: &Post) -> impl Iterator<Item = Timestamp> + '_ {
    let fields = &post.fields;
    let publish = fields.publish_at.as_ref().map(|p| p.value.instant);
    let no_longer_new = publish.and_then(|p| p.checked_add(NEW_FOR_SECONDS.seconds()).ok());
    let expires = fields.expires_at.as_ref().map(|e| e.value.instant);
    [publish, no_longer_new, expires].into_iter().flatten()
}

pub(crate) fn post_view(
    post: &Post,
    shares: Option<&[Share]>,
    policy: &Policy,
    selection: &Selection,
) -> PostView {
    let made;
    let shares = match shares {
        Some(shares) => shares,
        None => {
            made = shares_per_network(post, policy).0;
            &made
        }
    };
    let shares: Vec<ShareView> = shares
        .iter()
        .map(|share| {
            let max = policy
                .settings(share.network)
                .map_or(share.network.default_max_length(), |n| n.max_length);
            share_view(share, max)
        })
        .collect();
    let fields = &post.fields;
    let zone = &policy.site.timezone;
    let date = |t: &jiff::Timestamp| t.to_zoned_datetime(zone.clone()).date().to_string();
    let publish = fields.publish_at.as_ref().map(|p| p.value.instant);
    let expires = fields.expires_at.as_ref().map(|e| e.value.instant);
    let image = fields.image.as_ref().and_then(|image| {
        let source = crate::post::assets::resolve_asset(post.path(), &image.value).ok()?;
        let file = source.rsplit('/').next().unwrap_or(&source).to_string();
        Some(ImageView {
            file,
            source,
            alt: fields
                .image_alt
                .as_ref()
                .map(|a| a.value.clone())
                .unwrap_or_default(),
        })
    });
    let briefing_html = super::markdown::briefing_html(&post.body.briefing.markdown);
    PostView {
        source_path: post.path().to_string(),
        id: post.id.clone(),
        slug: super::urls::slug(&post.id),
        title: fields
            .title
            .as_ref()
            .map(|t| t.value.clone())
            .unwrap_or_default(),
        campaign: fields.campaign.as_ref().map(|c| c.value.clone()),
        campaign_slug: fields
            .campaign
            .as_ref()
            .map(|c| super::urls::slug(&c.value)),
        topics: fields.topics.iter().map(|t| t.value.clone()).collect(),
        topic_links: fields
            .topics
            .iter()
            .map(|t| TopicLink {
                name: t.value.clone(),
                slug: super::urls::slug(&t.value),
            })
            .collect(),
        lang: post.lang(policy).to_string(),
        link: fields.link.as_ref().map(|l| l.value.clone()),
        publish_at: publish,
        expires_at: expires,
        publish_date: publish.map(|t| date(&t)),
        expires_date: fields.expires_at.as_ref().map(|e| e.value.date.to_string()),
        draft: fields.draft,
        future: publish.is_some_and(|p| p > selection.now),
        is_new: publish.is_some_and(|p| {
            let age = selection.now.as_second() - p.as_second();
            (0..NEW_FOR_SECONDS).contains(&age)
        }),
        owner: fields.owner.as_ref().map(|o| o.value.clone()),
        image,
        briefing_html,
        briefing_text: post.body.briefing.text.trim().to_string(),
        networks: network_views(&shares, policy),
        shares,
        impact: None,
        impact_by_network: Vec::new(),
        sort_time: publish.map_or(i64::MIN, |p| p.as_second()),
    }
}

/// Shares grouped by network in the policy's order, alternatives in file
/// order.
fn network_views(shares: &[ShareView], policy: &Policy) -> Vec<NetworkView> {
    policy
        .networks
        .iter()
        .filter_map(|settings| {
            let alternatives: Vec<usize> = shares
                .iter()
                .enumerate()
                .filter(|(_, s)| s.network == settings.network)
                .map(|(i, _)| i)
                .collect();
            (!alternatives.is_empty()).then(|| NetworkView {
                network: settings.network,
                label: settings.network.label(),
                intent: settings.network.spec().intent,
                hint: settings.network.spec().hint,
                server_prompt: settings.network.spec().server_prompt,
                max_length: settings.max_length,
                alternatives,
            })
        })
        .collect()
}

fn share_view(share: &Share, max_length: usize) -> ShareView {
    ShareView::new(
        share.network,
        share.text.clone(),
        share.link.as_deref(),
        share.length,
        max_length,
    )
}

/// Newest first by `publish_at`, ties broken by id (docs/portal.md).
pub(crate) fn sort_newest_first(posts: &mut [PostView]) {
    posts.sort_by(|a, b| b.sort_time.cmp(&a.sort_time).then_with(|| a.id.cmp(&b.id)));
}

/// The start of `text` for a card: its first `length` characters (whole
/// graphemes, so no emoji or accent is cut in two), on one line, with "…"
/// when it goes on.
pub(crate) fn preview(text: &str, length: usize) -> String {
    use unicode_segmentation::UnicodeSegmentation;
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut graphemes = line.grapheme_indices(true);
    match graphemes.nth(length) {
        None => line,
        Some((end, _)) => format!("{}…", line[..end].trim_end()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_preview_is_the_start_of_the_text_on_one_line() {
        let cases = [
            ("short", 10, "short"),
            ("two\nlines  here", 20, "two lines here"),
            ("abcdefghij", 5, "abcde…"),
            ("abcdefghij", 10, "abcdefghij"),
            ("東京オフィスを開設しました", 6, "東京オフィス…"),
            ("👩‍👩‍👧‍👦 family 👍🏽", 1, "👩‍👩‍👧‍👦…"),
            ("word next", 5, "word…"),
            ("", 5, ""),
        ];
        for (text, length, expected) in cases {
            assert_eq!(preview(text, length), expected, "{text:?}");
        }
    }
}
