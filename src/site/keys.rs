//! What each kept page is made from: a fingerprint of the shared context
//! and the views it shows. A build keeps a file whose fingerprint is the
//! one it was last made from, and renders only the others.

use super::impact;
use super::pages::{Pages, json_bytes};
use super::routes::{self, Route};
use rayon::prelude::*;

impl Pages<'_> {
    /// What a route's file is made from, for the routes a build may keep
    /// from the last one: post pages, list pages, `posts.json`'s pages and
    /// the feed. `None`: always rendered.
    pub(crate) fn key(&self, route: Route, path: &str) -> Option<u64> {
        let of_posts = |kind: &[u8], posts: &mut dyn Iterator<Item = usize>| {
            let keys = self.view_keys();
            let mut key = self.page_key.add(kind).add(path.as_bytes());
            for i in posts {
                key = key.add(&keys[i].to_le_bytes());
            }
            key
        };
        let key = match route {
            Route::Post(i) => self
                .page_key
                .add(b"post")
                .add(&self.view_keys()[i].to_le_bytes()),
            Route::Index(sort, page) => {
                let order = self.order(sort);
                let range = Self::page_of(order.len(), page);
                of_posts(b"index", &mut order[range].iter().copied())
                    .add(&order.len().to_le_bytes())
            }
            Route::Facet(kind, i, page) => {
                let facet = &self.shared.facets(kind)[i];
                let members = &facet.members;
                let range = Self::page_of(members.len(), page);
                of_posts(b"facet", &mut members[range].iter().copied())
                    .add(facet.name.as_bytes())
                    .add(&members.len().to_le_bytes())
            }
            Route::PostsJson(page) => {
                let start = page * routes::POSTS_PER_JSON_PAGE;
                let end = (start + routes::POSTS_PER_JSON_PAGE).min(self.views.len());
                let summary = self.analytics.filter(|_| page == 0).map(impact::summary);
                of_posts(b"posts.json", &mut (start.min(end)..end))
                    .add(&self.views.len().to_le_bytes())
                    .add(&json_bytes(&summary))
                    .add(self.generated_at.as_bytes())
            }
            Route::Feed => {
                let newest = self.views.len().min(self.policy.site.feed_limit);
                of_posts(b"feed", &mut (0..newest)).add(self.generated_at.as_bytes())
            }
            Route::FacetFeed(kind, i) => {
                let facet = &self.shared.facets(kind)[i];
                let newest = facet.members.len().min(self.policy.site.feed_limit);
                of_posts(b"facet-feed", &mut facet.members[..newest].iter().copied())
                    .add(facet.name.as_bytes())
                    .add(facet.label.as_bytes())
                    .add(self.generated_at.as_bytes())
            }
            _ => return None,
        };
        Some(key.finish())
    }

    /// Each view's fingerprint (every field of it, with the pages' common
    /// inputs), made once, in parallel.
    pub(super) fn view_keys(&self) -> &[u64] {
        self.view_keys.get_or_init(|| {
            self.views
                .par_iter()
                .map(|view| {
                    let mut key = self.page_key;
                    std::hash::Hash::hash(view, &mut key);
                    key.finish()
                })
                .collect()
        })
    }
}
