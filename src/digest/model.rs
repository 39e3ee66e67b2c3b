//! What a digest says, whatever its format: its title, and its sections
//! (new posts, posts expiring soon, what worked), each a list of posts
//! with a link into the portal, in the site's language.

use crate::analytics::Analytics;
use crate::site::model::PostView;
use crate::site::urls::SiteUrls;
use jiff::{Timestamp, ToSpan};
use std::collections::{BTreeMap, HashSet};

/// The most posts "What worked" names.
const TOP: usize = 5;

/// What a digest is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// The period's new posts, what expires soon, what worked.
    Digest,
    /// Only the posts that went live in the period: "3 new posts to share".
    NewPosts,
}

pub(crate) struct Item {
    pub(crate) title: String,
    pub(crate) url: String,
    pub(crate) note: String,
}

impl Item {
    /// ` (note)` with the note escaped by `escape`, or nothing.
    pub(crate) fn note_in(&self, escape: impl Fn(&str) -> String) -> String {
        if self.note.is_empty() {
            String::new()
        } else {
            format!(" ({})", escape(&self.note))
        }
    }
}

/// One section: its heading, its posts, and what it says when it has none.
pub(crate) struct Section<'a> {
    pub(crate) heading: &'a str,
    pub(crate) items: &'a [Item],
    pub(crate) none: &'a str,
}

pub(crate) struct Digest {
    pub(crate) kind: Kind,
    pub(crate) title: String,
    pub(crate) new_posts: Vec<Item>,
    pub(crate) expiring: Vec<Item>,
    pub(crate) top: Vec<Item>,
    /// The section headings and their "nothing" lines, in the site's language.
    headings: [(String, String); 3],
    /// "{n} more not shown", for a message that cannot hold them all.
    pub(crate) left_out: String,
    /// The portal's address, and its button's label.
    pub(crate) portal: String,
    pub(crate) open_portal: String,
}

/// The posts, the policy and the figures a digest is made from.
pub(crate) struct Inputs<'a> {
    pub(crate) views: &'a [PostView],
    pub(crate) policy: &'a crate::policy::Policy,
    pub(crate) analytics: &'a Analytics,
    pub(crate) start: Timestamp,
    pub(crate) now: Timestamp,
    pub(crate) urls: &'a SiteUrls,
    pub(crate) strings: &'a BTreeMap<String, String>,
    /// The posts a published portal already lists: when given, the new
    /// posts are the live ones it lacks, whatever their `publish_at`.
    pub(crate) published: Option<&'a HashSet<String>>,
}

impl Digest {
    pub(crate) fn new(kind: Kind, inputs: &Inputs) -> Digest {
        let Inputs {
            views,
            policy,
            analytics,
            start,
            now,
            urls,
            strings,
            published,
        } = *inputs;
        let say = |key: &str| strings.get(key).cloned().unwrap_or_else(|| key.to_string());
        let date_format = strings
            .get("date_format")
            .map_or("%Y-%m-%d", String::as_str);
        let url = |v: &PostView| urls.absolute(&format!("posts/{}/", v.slug));
        let new_posts: Vec<Item> = views
            .iter()
            .filter(|v| match published {
                Some(ids) => !ids.contains(&v.id),
                None => v.publish_at.is_some_and(|p| p >= start && p <= now),
            })
            .map(|v| Item {
                title: v.title.clone(),
                url: url(v),
                note: v.campaign.clone().unwrap_or_default(),
            })
            .collect();
        let soon = now
            .checked_add((policy.schedule.warn_expiring_within_days * 24).hours())
            .unwrap_or(now);
        let mut expiring: Vec<(&PostView, Timestamp)> = views
            .iter()
            .filter_map(|v| Some((v, v.expires_at?)))
            .filter(|(_, e)| *e > now && *e <= soon)
            .collect();
        expiring.sort_by_key(|(_, e)| *e);
        let expiring = expiring
            .into_iter()
            .map(|(v, _)| Item {
                title: v.title.clone(),
                url: url(v),
                note: say("digest_until").replace(
                    "{date}",
                    &crate::site::theme::format_day(
                        v.expires_date.as_deref().unwrap_or_default(),
                        date_format,
                    ),
                ),
            })
            .collect();
        let zone = &policy.site.timezone;
        let first_day = start.to_zoned_datetime(zone.clone()).date();
        let last_day = now.to_zoned_datetime(zone.clone()).date();
        let mut clicks: BTreeMap<&str, u64> = BTreeMap::new();
        for row in analytics
            .rows
            .iter()
            .filter(|r| r.within(first_day, last_day))
        {
            crate::analytics::add(clicks.entry(row.post_id.as_str()).or_default(), row.clicks);
        }
        let mut ranked: Vec<(&str, u64)> = clicks.into_iter().filter(|(_, c)| *c > 0).collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        let by_id: std::collections::HashMap<&str, &PostView> =
            views.iter().map(|v| (v.id.as_str(), v)).collect();
        let top = ranked
            .into_iter()
            .filter_map(|(id, clicks)| {
                // Only what employees can still share.
                let view = *by_id.get(id)?;
                Some(Item {
                    title: view.title.clone(),
                    url: url(view),
                    note: say("digest_clicks").replace("{n}", &clicks.to_string()),
                })
            })
            .take(TOP)
            .collect();
        let title = match kind {
            Kind::Digest => say("digest_title"),
            Kind::NewPosts => {
                say("digest_new_posts_title").replace("{n}", &new_posts.len().to_string())
            }
        }
        .replace("{site}", &policy.site.title);
        Digest {
            kind,
            title,
            new_posts,
            expiring,
            top,
            headings: [
                (say("digest_new"), say("digest_new_none")),
                (say("digest_expiring"), say("digest_expiring_none")),
                (say("digest_top"), say("digest_top_none")),
            ],
            left_out: say("digest_left_out"),
            portal: urls.absolute(""),
            open_portal: say("digest_open_portal"),
        }
    }

    /// The sections to show, in order: all three for a digest, the new
    /// posts alone for an announcement.
    pub(crate) fn sections(&self) -> Vec<Section<'_>> {
        let [new, expiring, top] = &self.headings;
        let all = [
            (new, &self.new_posts),
            (expiring, &self.expiring),
            (top, &self.top),
        ];
        let shown = match self.kind {
            Kind::Digest => 3,
            Kind::NewPosts => 1,
        };
        all.into_iter()
            .take(shown)
            .map(|((heading, none), items)| Section {
                heading,
                items,
                none,
            })
            .collect()
    }

    /// A section's first `most` posts, and the line that says how many
    /// more there are (if any).
    pub(crate) fn at_most<'a>(
        &self,
        items: &'a [Item],
        most: usize,
    ) -> (&'a [Item], Option<String>) {
        if items.len() <= most {
            return (items, None);
        }
        let more = items.len() - most;
        (
            &items[..most],
            Some(self.left_out.replace("{n}", &more.to_string())),
        )
    }
}
