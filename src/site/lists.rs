//! The lists of posts: the index in each order, and each campaign's and
//! topic's pages, fifty cards a page; and a card as search results show it.

use super::impact;
use super::interface;
use super::model::{self, PostView};
use super::pages::Pages;
use super::routes::{self, FacetKind, Sort};
use crate::analytics::Analytics;
use crate::error::Error;
use rayon::prelude::*;
use serde::Serialize;

/// An order of the index, as its links show it.
#[derive(Serialize)]
struct SortLink {
    /// The theme string that names it.
    label: &'static str,
    /// Its first page, from the root.
    path: String,
    current: bool,
}

/// Where a list page stands among its pages, for the template's links
/// (paths from the portal's root).
#[derive(Serialize)]
struct Pager {
    /// From 1.
    page: usize,
    pages: usize,
    /// Posts in the whole list.
    total: usize,
    prev: Option<String>,
    next: Option<String>,
}

/// What a list page shows of a post: enough to share it from the list,
/// small enough for fifty on a phone's first page.
#[derive(Serialize)]
struct Card<'a> {
    slug: &'a str,
    title: &'a str,
    /// The campaign's display name, and its slug.
    campaign: Option<&'a str>,
    campaign_slug: Option<&'a str>,
    networks: Vec<crate::network::Network>,
    lang: &'a str,
    is_new: bool,
    draft: bool,
    future: bool,
    publish_at: Option<jiff::Timestamp>,
    expires_at: Option<jiff::Timestamp>,
    expires_date: Option<&'a str>,
    /// The image's file in the post's folder.
    thumb: Option<&'a str>,
    /// The start of the first text.
    preview: String,
}

/// Characters of a text a card shows.
const PREVIEW_LENGTH: usize = 120;

impl<'a> Card<'a> {
    fn new(view: &'a PostView, site: &'a crate::policy::Site, lang: &str) -> Card<'a> {
        let campaign_slug = view.campaign_slug.as_deref();
        Card {
            slug: &view.slug,
            title: &view.title,
            campaign: view.campaign.as_deref().map(|name| {
                interface::label(
                    site,
                    FacetKind::Campaign,
                    campaign_slug.unwrap_or(name),
                    lang,
                    name,
                )
            }),
            campaign_slug,
            networks: view.networks.iter().map(|n| n.network).collect(),
            lang: &view.lang,
            is_new: view.is_new,
            draft: view.draft,
            future: view.future,
            publish_at: view.publish_at,
            expires_at: view.expires_at,
            expires_date: view.expires_date.as_deref(),
            thumb: view.image.as_ref().map(|image| image.file.as_str()),
            // The words, not the tracked link: a card is read, not shared.
            preview: view
                .shares
                .first()
                .map(|share| {
                    let (before, after) = share.around_link();
                    model::preview(&format!("{before}{after}"), PREVIEW_LENGTH)
                })
                .unwrap_or_default(),
        }
    }
}

impl Pages<'_> {
    /// Page `page` of a list in `folder` of the posts `members`.
    pub(super) fn list(
        &self,
        heading: &str,
        folder: &str,
        members: &[usize],
        page: usize,
        is_index: bool,
    ) -> Result<Vec<u8>, Error> {
        // A facet's heading is its name: `campaigns:SLUG` for the script.
        let heading_label = (!is_index).then(|| folder.trim_end_matches('/').replacen('/', ":", 1));
        let pages = routes::list_pages(members.len());
        let start = (page * routes::CARDS_PER_PAGE).min(members.len());
        let end = (start + routes::CARDS_PER_PAGE).min(members.len());
        let cards: Vec<tera::Value> = members[start..end]
            .iter()
            .map(|&i| self.cards()[i].clone())
            .collect();
        let pager = Pager {
            page: page + 1,
            pages,
            total: members.len(),
            prev: page.checked_sub(1).map(|p| routes::list_path(folder, p)),
            next: (page + 1 < pages).then(|| routes::list_path(folder, page + 1)),
        };
        let path = routes::list_path(folder, page);
        let mut context = self.context_at(path.matches('/').count());
        context.insert_value("posts", tera::Value::from(cards));
        context.insert("heading", heading);
        context.insert("heading_label", &heading_label);
        context.insert("is_index", &is_index);
        context.insert("pager", &pager);
        // A campaign's or topic's own feed, for readers to follow.
        let feed = (!is_index).then(|| format!("{folder}feed.xml"));
        context.insert("feed", &feed);
        if is_index {
            let sorts: Vec<SortLink> = self
                .sorts()
                .map(|sort| SortLink {
                    label: sort.label,
                    path: routes::list_path(sort.folder, 0),
                    current: sort.folder == folder,
                })
                .collect();
            context.insert("sorts", &sorts);
        }
        self.render_template("index.html", &context)
    }

    pub(super) fn cards(&self) -> &[tera::Value] {
        self.cards.get_or_init(|| {
            self.views
                .par_iter()
                .map(|view| {
                    tera::Value::from_serializable(&Card::new(view, &self.policy.site, self.lang()))
                })
                .collect()
        })
    }

    /// One post's card as a list at the root shows it, for search results.
    pub(super) fn card_html(&self, i: usize) -> String {
        let mut context = self.card_context.clone();
        // Made here rather than taken from the lists' cards: the index is
        // made first, and the lists' cards need not be in memory with it.
        let card = match self.cards.get() {
            Some(cards) => cards[i].clone(),
            None => tera::Value::from_serializable(&Card::new(
                &self.views[i],
                &self.policy.site,
                self.lang(),
            )),
        };
        context.insert_value("p", card);
        self.render_template("card.html", &context)
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
            .unwrap_or_default()
    }

    /// The live posts (as view indexes) in an order, made once.
    pub(super) fn order(&self, sort: Sort) -> &[usize] {
        let slot = match sort {
            Sort::Newest => 0,
            Sort::Expiring => 1,
            Sort::Clicked => 2,
            Sort::Works => 3,
        };
        self.orders[slot].get_or_init(|| {
            let mut order: Vec<usize> = (0..self.views.len()).collect();
            match sort {
                Sort::Newest => {}
                // No expiry sorts last; ties keep the portal's order.
                Sort::Expiring => order
                    .sort_by_key(|&i| self.views[i].expires_at.map_or((1, None), |t| (0, Some(t)))),
                Sort::Clicked => order.sort_by_key(|&i| {
                    std::cmp::Reverse(self.views[i].impact.as_ref().map_or(0, |p| p.clicks))
                }),
                Sort::Works => {
                    let zone = &self.policy.site.timezone;
                    let today = self.selection.now.to_zoned_datetime(zone.clone()).date();
                    let first_export = self.analytics.and_then(Analytics::first_day);
                    let rates: Vec<u64> = self
                        .views
                        .iter()
                        .map(|v| impact::clicks_per_day(v, today, first_export, zone))
                        .collect();
                    order.sort_by_key(|&i| std::cmp::Reverse(rates[i]));
                }
            }
            order
        })
    }

    /// The orders this portal offers (most clicked only with click exports).
    pub(super) fn sorts(&self) -> impl Iterator<Item = &'static routes::SortInfo> {
        let clicks = self.analytics.is_some();
        routes::SORTS
            .iter()
            .filter(move |s| !s.needs_clicks || clicks)
    }

    /// The order whose pages live in `folder` (not the root's).
    pub(super) fn sort_in(&self, folder: &str) -> Option<Sort> {
        self.sorts()
            .find(|s| !s.folder.is_empty() && s.folder.trim_end_matches('/') == folder)
            .map(|s| s.sort)
    }

    /// The cards of page `page` of a list of `count`.
    pub(super) fn page_of(count: usize, page: usize) -> std::ops::Range<usize> {
        let start = (page * routes::CARDS_PER_PAGE).min(count);
        start..(start + routes::CARDS_PER_PAGE).min(count)
    }

    /// The folder of a facet's pages, from the root (`campaigns/SLUG/`).
    pub(super) fn facet_folder(&self, kind: FacetKind, i: usize) -> String {
        format!("{}/{}/", kind.folder(), self.shared.facets(kind)[i].slug)
    }
}
