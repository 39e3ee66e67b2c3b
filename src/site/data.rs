//! The portal's files that are data rather than pages: the search index,
//! the feed, `posts.json`'s pages, the impact page and each code's figures,
//! the "Me" page's figures and the service worker.

use super::feed;
use super::impact;
use super::interface;
use super::json;
use super::model::PostView;
use super::offline;
use super::pages::Pages;
use super::routes::{self, FacetKind, Route, Sort};
use super::search;
use crate::analytics::Analytics;
use crate::error::Error;
use serde::Serialize;
use std::sync::Arc;

/// The "Me" page's figures from the exports.
#[derive(Serialize)]
pub(super) struct MePage {
    codes: bool,
    company: Option<u64>,
    last_day: Option<String>,
}

impl Pages<'_> {
    /// The impact page: totals, per campaign, network and post, clicks over
    /// time, and the leaderboard of codes employees chose to set.
    pub(super) fn impact(&self) -> Result<Vec<u8>, Error> {
        let empty = Analytics::default();
        let analytics = self.analytics.unwrap_or(&empty);
        let leaderboard = self.policy.leaderboard_on();
        let page = impact::page(
            self.views,
            analytics,
            leaderboard,
            self.selection.now,
            &self.policy.site.timezone,
        );
        let mut context = self.context_at(1);
        context.insert("impact", &page);
        self.render_template("impact.html", &context)
    }

    /// `sw.js`. Its shell is the front page, the 404 page, the interface
    /// files and the theme's static files, as the routes name them; its
    /// version, what they are made from, not the address: `serve` and
    /// `build` write the same worker.
    pub(super) fn worker(&self) -> String {
        let languages = 0..self.policy.site.ui_languages.len();
        let shell = offline::Shell {
            front: self.path(Route::Index(Sort::Newest, 0)),
            not_found: self.path(Route::NotFound),
            files: languages
                .map(Route::Interface)
                .chain(
                    (0..self.theme.statics.len())
                        .filter(|&i| {
                            !routes::PAGE_ONLY_STATICS.contains(&self.theme.statics[i].0.as_str())
                        })
                        .map(Route::Static),
                )
                .map(|route| self.path(route))
                .collect(),
        };
        let mut version = crate::fingerprint::Fingerprint::default()
            .add(env!("CARGO_PKG_VERSION").as_bytes())
            .add(env!("ADVOCATE_COMMIT").as_bytes())
            .add(&self.theme.fingerprint.to_le_bytes());
        for lang in &self.policy.site.ui_languages {
            version = version.add(interface::script(self.theme, self.policy, lang).as_bytes());
        }
        offline::worker(version.finish(), &shell)
    }

    /// What the "Me" page shows of the exports: whether each code has its
    /// own file, the company's total and the last day counted.
    pub(super) fn me(&self) -> MePage {
        let analytics = self.analytics;
        MePage {
            codes: !self.codes().is_empty(),
            company: analytics.map(|a| impact::summary(a).clicks),
            last_day: analytics
                .and_then(Analytics::last_day)
                .map(|d| d.to_string()),
        }
    }

    /// Each personal code's own figures: with click exports, and only
    /// where codes are public already (the leaderboard is on).
    pub(super) fn codes(&self) -> &[impact::MyImpact] {
        self.codes.get_or_init(|| match self.analytics {
            Some(analytics) if self.policy.leaderboard_on() => impact::by_code(
                self.views,
                analytics,
                self.selection.now,
                &self.policy.site.timezone,
            ),
            _ => Vec::new(),
        })
    }

    /// The search index, made once per portal.
    pub(super) fn search(&self) -> Arc<search::Index> {
        self.portal
            .search
            .get_or_init(|| Arc::new(self.make_search()))
            .clone()
    }

    /// The search index of the live posts, made now.
    pub(super) fn make_search(&self) -> search::Index {
        let mut filters = Vec::new();
        for kind in [FacetKind::Campaign, FacetKind::Topic] {
            for facet in self.shared.facets(kind) {
                filters.push(search::FilterPosts {
                    kind: kind.filter(),
                    value: &facet.slug,
                    posts: facet.members.iter().map(|&i| i as u32).collect(),
                });
            }
        }
        for setting in &self.policy.networks {
            let id = setting.network.name();
            let posts = self.posts_where(|v| v.networks.iter().any(|n| n.network.name() == id));
            filters.push(search::FilterPosts {
                kind: "network",
                value: id,
                posts,
            });
        }
        for lang in &self.policy.site.languages {
            let posts = self.posts_where(|v| &v.lang == lang);
            filters.push(search::FilterPosts {
                kind: "lang",
                value: lang,
                posts,
            });
        }
        search::Index::build(self.views, &filters, &|i| self.card_html(i))
    }

    /// The posts (as numbers in portal order) that `keep` keeps.
    pub(super) fn posts_where(&self, keep: impl Fn(&PostView) -> bool) -> Vec<u32> {
        (0..self.views.len() as u32)
            .filter(|&i| keep(&self.views[i as usize]))
            .collect()
    }

    pub(super) fn feed(&self) -> String {
        let newest: Vec<&PostView> = self
            .views
            .iter()
            .take(self.policy.site.feed_limit)
            .collect();
        let feed = feed::Feed {
            title: &self.policy.site.title,
            author: &self.policy.site.title,
            page: "",
            path: "feed.xml",
        };
        feed::atom(&newest, &feed, &self.urls, &self.generated_at)
    }

    /// A campaign's or topic's own feed: its newest live posts.
    pub(super) fn facet_feed(&self, kind: FacetKind, i: usize) -> String {
        let facet = &self.shared.facets(kind)[i];
        let newest: Vec<&PostView> = facet
            .members
            .iter()
            .take(self.policy.site.feed_limit)
            .map(|&m| &self.views[m])
            .collect();
        let folder = self.facet_folder(kind, i);
        let title = format!("{} · {}", self.policy.site.title, facet.label);
        let path = format!("{folder}feed.xml");
        let feed = feed::Feed {
            title: &title,
            author: &self.policy.site.title,
            page: &folder,
            path: &path,
        };
        feed::atom(&newest, &feed, &self.urls, &self.generated_at)
    }

    /// How many pages `posts.json` has (one, even when empty).
    pub(super) fn posts_json_pages(&self) -> usize {
        self.views
            .len()
            .div_ceil(routes::POSTS_PER_JSON_PAGE)
            .max(1)
    }

    pub(super) fn posts_json(&self, page: usize) -> Vec<String> {
        let pages = self.posts_json_pages();
        let start = (page * routes::POSTS_PER_JSON_PAGE).min(self.views.len());
        let end = (start + routes::POSTS_PER_JSON_PAGE).min(self.views.len());
        let link = |page: usize| self.urls.absolute(&routes::posts_json_path(page));
        let paging = json::Paging {
            total: self.views.len(),
            page: page + 1,
            pages,
            next: (page + 1 < pages).then(|| link(page + 1)),
            prev: page.checked_sub(1).map(link),
        };
        // The click totals are the whole portal's: on the first page only.
        let summary = self.analytics.filter(|_| page == 0).map(impact::summary);
        json::posts_json(
            &self.views[start..end],
            self.policy,
            &self.urls,
            &self.generated_at,
            paging,
            summary,
        )
    }
}
