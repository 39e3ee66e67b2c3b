//! The render stage: checked posts in, the portal's files out, as
//! `(path, bytes)` pairs. Nothing here touches the disk.

pub(crate) mod feed;
pub(crate) mod impact;
pub(crate) mod interface;
pub(crate) mod json;
pub(crate) mod markdown;
pub(crate) mod model;
pub(crate) mod offline;
pub(crate) mod routes;
pub(crate) mod search;
pub(crate) mod suggest;
pub(crate) mod theme;
pub(crate) mod timing;
pub(crate) mod urls;

use crate::analytics::Analytics;
use crate::error::Error;
use crate::policy::Policy;
use crate::project::Project;
use model::{PostView, Selection};
use rayon::prelude::*;
use routes::{FacetKind, Route, Sort};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use tera::Context;
use theme::Theme;
use urls::{SiteUrls, root_from};

/// One rendered file of the portal: whole, or in parts (a data file of
/// tens of megabytes need not be joined in memory).
pub(crate) enum Rendered {
    /// The file's bytes.
    Bytes(Vec<u8>),
    /// The file's text, in parts to write one after the other.
    Parts(Vec<String>),
}

impl Rendered {
    /// The whole file.
    pub(crate) fn into_bytes(self) -> Vec<u8> {
        match self {
            Rendered::Bytes(bytes) => bytes,
            Rendered::Parts(parts) => parts.concat().into_bytes(),
        }
    }
}

/// Where rendered files go, as they are made (from several threads): the
/// publisher writes them, a test collects them.
pub(crate) trait Sink: Sync {
    /// Takes one file of the portal, by its path under the output folder.
    fn put(&self, path: &str, file: Rendered) -> Result<(), Error>;

    /// Whether the sink holds `path` as made from `key` already; it then
    /// keeps it, and the file need not be rendered.
    fn holds(&self, _path: &str, _key: u64) -> bool {
        false
    }

    /// Notes what `path`, just put, was made from.
    fn made_from(&self, _path: &str, _key: u64) {}
}

/// How a portal is made from a project: which posts, and its address.
#[derive(Debug, Clone, Default)]
pub(crate) struct PortalOptions {
    /// Drafts too (previews).
    pub(crate) drafts: bool,
    /// Posts whose `publish_at` is still ahead (previews).
    pub(crate) future: bool,
    /// The address for absolute URLs; default `site.base_url`.
    pub(crate) base_url: Option<String>,
}

impl PortalOptions {
    /// Which posts the portal shows at `now`.
    pub(crate) fn selection(&self, now: jiff::Timestamp) -> Selection {
        Selection {
            now,
            drafts: self.drafts,
            future: self.future,
        }
    }
}

/// The portal of a project: the live posts as views, the theme and the
/// options. `build` writes every route of it; `serve` answers the same
/// routes from it. It can take one changed post at a time.
pub(crate) struct Portal {
    root: PathBuf,
    policy: Arc<Policy>,
    theme: Arc<Theme>,
    analytics: Option<Arc<Analytics>>,
    selection: Selection,
    base_url: String,
    /// The live posts, newest first.
    views: Vec<PostView>,
    /// The search index's chunks, made on first use.
    search: std::sync::OnceLock<Arc<search::Index>>,
}

impl Portal {
    /// The portal of `project` as it is now.
    pub(crate) fn new(project: &Project, theme: Arc<Theme>, options: &PortalOptions) -> Portal {
        let selection = options.selection(project.now());
        let views = model::live_views(
            project.posts().collect::<Vec<_>>(),
            project.policy(),
            &selection,
        );
        Portal::with_views(project, views, theme, options)
    }

    /// The portal of `project` with its live posts' views made already
    /// (while it was loaded, as [`model::view_if_live`] makes them).
    pub(crate) fn with_views(
        project: &Project,
        mut views: Vec<PostView>,
        theme: Arc<Theme>,
        options: &PortalOptions,
    ) -> Portal {
        let policy = project.policy().clone();
        let selection = options.selection(project.now());
        model::sort_newest_first(&mut views);
        let analytics = project.analytics().cloned();
        if let Some(analytics) = &analytics {
            impact::attach(&mut views, analytics);
        }
        Portal {
            root: project.root().to_path_buf(),
            base_url: options
                .base_url
                .clone()
                .unwrap_or_else(|| policy.site.base_url.clone()),
            policy,
            theme,
            analytics,
            selection,
            views,
            search: std::sync::OnceLock::new(),
        }
    }

    /// Takes one changed post file (edited, added or deleted) from the
    /// project: only that post's view is made again.
    pub(crate) fn update_post(&mut self, project: &Project, path: &str) {
        self.selection.now = project.now();
        self.views.retain(|v| v.source_path != path);
        if let Some(post) = project.post(path).filter(|p| self.selection.includes(p)) {
            let mut view = model::post_view(post, None, &self.policy, &self.selection);
            if let Some(analytics) = &self.analytics {
                impact::attach(std::slice::from_mut(&mut view), analytics);
            }
            self.views.push(view);
        }
        model::sort_newest_first(&mut self.views);
        self.search = std::sync::OnceLock::new();
    }

    /// The live posts, newest first.
    pub(crate) fn views(&self) -> &[PostView] {
        &self.views
    }

    /// The pages, ready to render any route.
    pub(crate) fn pages(&self) -> Pages<'_> {
        Pages::new(self)
    }

    /// Renders every route into `sink`: pages in parallel, then the large
    /// data files one at a time (each is made in parallel inside).
    pub(crate) fn write(&self, sink: &dyn Sink) -> Result<(), Error> {
        let pages = self.pages();
        // The search index's chunks first, then let go (unless `serve`
        // keeps it): the pages after need the memory more.
        let index = match self.search.get() {
            Some(index) => index.clone(),
            None => Arc::new(pages.make_search()),
        };
        // Keyed by their own bytes: a chunk the staging folder holds with the
        // same fingerprint is kept without reading it back from the disk.
        index.files.par_iter().try_for_each(|(path, text)| {
            let key = crate::fingerprint::of(text.as_bytes());
            if !sink.holds(path, key) {
                sink.put(path, Rendered::Bytes(text.as_bytes().to_vec()))?;
                sink.made_from(path, key);
            }
            Ok::<(), Error>(())
        })?;
        drop(index);
        let (data, rest): (Vec<Route>, Vec<Route>) =
            pages.routes().into_iter().partition(|r| r.is_data());
        rest.par_iter()
            .try_for_each(|route| pages.write_route(*route, sink))?;
        for route in data {
            pages.write_route(route, sink)?;
        }
        Ok(())
    }
}

/// A network in the index's filter.
#[derive(Serialize)]
struct NetworkOption {
    id: &'static str,
    label: String,
    /// The string that asks for the employee's own server, and an
    /// example, for networks whose intent needs one.
    server_prompt: Option<(&'static str, &'static str)>,
}

#[derive(Serialize)]
pub(crate) struct Facet {
    pub(crate) name: String,
    pub(crate) slug: String,
    /// Its display name in the pages' language (`site.labels`).
    pub(crate) label: String,
    /// Its posts, as indexes into the views (portal order); templates see
    /// how many, as `count`.
    #[serde(rename = "count", serialize_with = "serialize_len")]
    pub(crate) members: Vec<usize>,
}

fn serialize_len<S: serde::Serializer>(list: &[usize], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_u64(list.len() as u64)
}

/// An order of the index, as its links show it.
#[derive(Serialize)]
struct SortLink {
    /// The theme string that names it.
    label: &'static str,
    /// Its first page, from the root.
    path: String,
    current: bool,
}

/// The "Me" page's figures from the exports.
#[derive(Serialize)]
struct MePage {
    codes: bool,
    company: Option<u64>,
    last_day: Option<String>,
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

/// Renders any page of the portal from the live posts' views: what every
/// page shares (the site, the strings, the facets) is made once.
pub(crate) struct Pages<'a> {
    portal: &'a Portal,
    theme: &'a Theme,
    policy: &'a Policy,
    views: &'a [PostView],
    urls: SiteUrls,
    generated_at: String,
    shared: Context,
    all_posts: String,
    campaigns: Vec<Facet>,
    topics: Vec<Facet>,
    /// One template value per view, made on first use (only lists need them).
    cards: std::sync::OnceLock<Vec<tera::Value>>,
    /// What a card alone needs (the strings, the root), for search results.
    card_context: Context,
    /// What every page is made from besides its own content: advocate's
    /// build, the theme, the address and the shared context.
    page_key: crate::fingerprint::Fingerprint,
    /// Each view's fingerprint, made on first use.
    view_keys: std::sync::OnceLock<Vec<u64>>,
    /// The index's orders (newest, expiring, clicked), made on first use.
    orders: [std::sync::OnceLock<Vec<usize>>; 4],
    /// The click exports, for the impact page and `posts.json`.
    analytics: Option<&'a Analytics>,
    /// Each personal code's own figures, made on first use.
    codes: std::sync::OnceLock<Vec<impact::MyImpact>>,
    selection: Selection,
}

impl<'a> Pages<'a> {
    fn new(portal: &'a Portal) -> Pages<'a> {
        let (theme, policy, views) = (&*portal.theme, &*portal.policy, &portal.views[..]);
        let selection = portal.selection;
        let analytics = portal.analytics.as_deref();
        let urls = SiteUrls::new(&portal.base_url);
        let lang = interface::default_lang(&policy.site);
        let strings = theme.strings(lang);
        let generated_at = selection.now.to_string();
        // Display names in the pages' language (`site.labels`).
        let labelled = |kind: FacetKind, mut facets: Vec<Facet>| {
            for facet in &mut facets {
                facet.label =
                    interface::label(&policy.site, kind, &facet.slug, lang, &facet.name).into();
            }
            facets
        };
        let campaigns = labelled(
            FacetKind::Campaign,
            facets(
                views
                    .iter()
                    .enumerate()
                    .filter_map(|(i, v)| Some((v.campaign.clone()?, i))),
            ),
        );
        let topics = labelled(
            FacetKind::Topic,
            facets(
                views
                    .iter()
                    .enumerate()
                    .flat_map(|(i, v)| v.topics.iter().map(move |t| (t.clone(), i))),
            ),
        );
        let networks: Vec<NetworkOption> = policy
            .networks
            .iter()
            .map(|n| NetworkOption {
                id: n.network.name(),
                label: interface::network_name(&strings, n.network),
                server_prompt: n.network.spec().server_prompt,
            })
            .collect();
        // Display names by kind, then slug, in the pages' language, for
        // templates (`names.campaigns[slug]`).
        let mut names: BTreeMap<&str, BTreeMap<String, String>> = [
            (FacetKind::Campaign, &campaigns),
            (FacetKind::Topic, &topics),
        ]
        .into_iter()
        .map(|(kind, facets)| {
            let by_slug = facets.iter().map(|f| (f.slug.clone(), f.label.clone()));
            (kind.folder(), by_slug.collect())
        })
        .collect();
        names.insert(
            interface::NETWORK_LABELS,
            networks
                .iter()
                .map(|n| (n.id.to_string(), n.label.clone()))
                .collect(),
        );
        let mut card_context = Context::new();
        card_context.insert("t", &strings);
        card_context.insert("lang", lang);
        card_context.insert("root", "");
        let mut shared = Context::new();
        let mut site = SiteView::new(policy, &urls, selection);
        site.impact = analytics.is_some();
        shared.insert("site", &site);
        shared.insert("t", &strings);
        shared.insert("lang", lang);
        shared.insert("generated_at", &generated_at);
        shared.insert("campaigns", &campaigns);
        shared.insert("topics", &topics);
        shared.insert("networks", &networks);
        shared.insert("names", &names);
        let windows = timing::windows(policy, analytics);
        shared.insert("windows", &windows);
        shared.insert("languages", &policy.site.languages);
        let mut page_key = crate::fingerprint::Fingerprint::default()
            .add(env!("CARGO_PKG_VERSION").as_bytes())
            .add(env!("ADVOCATE_COMMIT").as_bytes())
            .add(&theme.fingerprint.to_le_bytes())
            .add(urls.base.as_bytes())
            .add(&json_bytes(&site))
            .add(&json_bytes(&strings))
            .add(lang.as_bytes())
            .add(&json_bytes(&campaigns))
            .add(&json_bytes(&topics))
            .add(&json_bytes(&networks))
            .add(&json_bytes(&names))
            .add(&json_bytes(&windows))
            .add(&json_bytes(&policy.site.languages));
        if theme.uses_build_time {
            page_key = page_key.add(generated_at.as_bytes());
        }
        Pages {
            portal,
            theme,
            policy,
            views,
            urls,
            generated_at,
            shared,
            all_posts: strings.get("all_posts").cloned().unwrap_or_default(),
            campaigns,
            topics,
            cards: std::sync::OnceLock::new(),
            card_context,
            page_key,
            view_keys: std::sync::OnceLock::new(),
            orders: Default::default(),
            analytics,
            codes: std::sync::OnceLock::new(),
            selection,
        }
    }

    /// Every file of the portal but the search index's chunks (which
    /// `write` writes on their own and `find` finds by name): the route
    /// table that `build` writes and `serve` answers.
    pub(crate) fn routes(&self) -> Vec<Route> {
        let mut routes: Vec<Route> = Vec::new();
        for sort in self.sorts() {
            let pages = routes::list_pages(self.views.len());
            routes.extend((0..pages).map(|page| Route::Index(sort.sort, page)));
        }
        routes.push(Route::NotFound);
        routes.extend((0..self.policy.site.ui_languages.len()).map(Route::Interface));
        routes.push(Route::Worker);
        routes.push(Route::Manifest);
        for (i, view) in self.views.iter().enumerate() {
            routes.push(Route::Post(i));
            if view.image.is_some() {
                routes.push(Route::PostImage(i));
            }
        }
        for kind in [FacetKind::Campaign, FacetKind::Topic] {
            for (i, facet) in self.facets(kind).iter().enumerate() {
                let pages = routes::list_pages(facet.members.len());
                routes.extend((0..pages).map(|page| Route::Facet(kind, i, page)));
            }
        }
        routes.push(Route::Me);
        if self.analytics.is_some() {
            routes.push(Route::Impact);
            routes.extend((0..self.codes().len()).map(Route::MyImpact));
        }
        routes.push(Route::Feed);
        routes.extend((0..self.posts_json_pages()).map(Route::PostsJson));
        if !self.theme.root_files.iter().any(|(p, _)| p == "robots.txt") {
            routes.push(Route::Robots);
        }
        routes.extend((0..self.theme.statics.len()).map(Route::Static));
        routes.extend((0..self.theme.root_files.len()).map(Route::RootFile));
        routes
    }

    /// A route's path under the output folder (`/`-separated, not escaped).
    pub(crate) fn path(&self, route: Route) -> String {
        match route {
            Route::Index(sort, page) => routes::list_path(sort.info().folder, page),
            Route::NotFound => "404.html".into(),
            Route::Impact => "impact/index.html".into(),
            Route::MyImpact(i) => format!("impact/codes/{}.json", self.codes()[i].code),
            Route::Me => "me/index.html".into(),
            Route::Feed => "feed.xml".into(),
            Route::PostsJson(page) => routes::posts_json_path(page),
            Route::Search(i) => self.search().files[i].0.clone(),
            Route::Robots => "robots.txt".into(),
            Route::Interface(i) => routes::interface_path(&self.policy.site.ui_languages[i]),
            Route::Worker => routes::WORKER_PATH.into(),
            Route::Manifest => routes::MANIFEST_PATH.into(),
            Route::Static(i) => format!("static/{}", self.theme.statics[i].0),
            Route::RootFile(i) => self.theme.root_files[i].0.clone(),
            Route::Post(i) => format!("posts/{}/index.html", self.views[i].slug),
            Route::PostImage(i) => {
                let view = &self.views[i];
                let file = view.image.as_ref().map_or("", |image| image.file.as_str());
                format!("posts/{}/{file}", view.slug)
            }
            Route::Facet(kind, i, page) => routes::list_path(&self.facet_folder(kind, i), page),
        }
    }

    /// The route at `path`, if the portal has one.
    pub(crate) fn find(&self, path: &str) -> Option<Route> {
        if let Some(i) = self.theme.root_files.iter().position(|(p, _)| p == path) {
            return Some(Route::RootFile(i));
        }
        let parts: Vec<&str> = path.split('/').collect();
        let post = |slug: &str| self.views.iter().position(|v| v.slug == slug);
        let route = match parts.as_slice() {
            ["index.html"] => Route::Index(Sort::Newest, 0),
            ["page", number, "index.html"] => {
                let page = routes::list_page(number)?;
                (page < routes::list_pages(self.views.len()))
                    .then_some(Route::Index(Sort::Newest, page))?
            }
            ["404.html"] => Route::NotFound,
            ["impact", "index.html"] if self.analytics.is_some() => Route::Impact,
            ["impact", "codes", file] => {
                let code = file.strip_suffix(".json")?;
                Route::MyImpact(self.codes().iter().position(|c| c.code == code)?)
            }
            ["me", "index.html"] => Route::Me,
            ["feed.xml"] => Route::Feed,
            ["posts.json"] => Route::PostsJson(0),
            ["api", "posts", file] => {
                let number: usize = file.strip_suffix(".json")?.parse().ok()?;
                let page = number
                    .checked_sub(1)
                    .filter(|p| (1..self.posts_json_pages()).contains(p))?;
                // Only the canonical spelling: not `02.json`.
                (routes::posts_json_path(page) == path).then_some(Route::PostsJson(page))?
            }
            ["search", ..] => Route::Search(
                self.search()
                    .files
                    .binary_search_by(|(p, _)| p.as_str().cmp(path))
                    .ok()?,
            ),
            ["robots.txt"] => Route::Robots,
            [folder, file] if *folder == routes::INTERFACE_FOLDER => {
                let lang = file.strip_suffix(".js")?;
                Route::Interface(
                    self.policy
                        .site
                        .ui_languages
                        .iter()
                        .position(|l| l == lang)?,
                )
            }
            [name] if *name == routes::WORKER_PATH => Route::Worker,
            [name] if *name == routes::MANIFEST_PATH => Route::Manifest,
            ["static", ..] => {
                let name = &path["static/".len()..];
                Route::Static(self.theme.statics.iter().position(|(p, _)| p == name)?)
            }
            ["posts", slug, "index.html"] => Route::Post(post(slug)?),
            ["posts", slug, file] => {
                let i = post(slug)?;
                let image = self.views[i].image.as_ref()?;
                (image.file == *file).then_some(Route::PostImage(i))?
            }
            [folder, slug, "index.html"] => {
                let kind = FacetKind::from_folder(folder)?;
                let i = self.facets(kind).iter().position(|f| f.slug == *slug)?;
                Route::Facet(kind, i, 0)
            }
            [folder, slug, "page", number, "index.html"] => {
                let kind = FacetKind::from_folder(folder)?;
                let i = self.facets(kind).iter().position(|f| f.slug == *slug)?;
                let page = routes::list_page(number)?;
                let pages = routes::list_pages(self.facets(kind)[i].members.len());
                (page < pages).then_some(Route::Facet(kind, i, page))?
            }
            // The index in another order (`expiring/`, `popular/`).
            [folder, "index.html"] => Route::Index(self.sort_in(folder)?, 0),
            [folder, "page", number, "index.html"] => {
                let page = routes::list_page(number)?;
                (page < routes::list_pages(self.views.len()))
                    .then_some(Route::Index(self.sort_in(folder)?, page))?
            }
            _ => return None,
        };
        Some(route)
    }

    /// Renders one route.
    pub(crate) fn render(&self, route: Route) -> Result<Rendered, Error> {
        let bytes = match route {
            Route::Index(sort, page) => self.list(
                &self.all_posts,
                sort.info().folder,
                self.order(sort),
                page,
                true,
            )?,
            Route::NotFound => {
                // A host answers any missing address with this page, at any
                // depth (`/posts/expired/`): its links start from the site's
                // path on the host, not from where it was asked for.
                let mut context = self.context_at(0);
                context.insert("root", &self.urls.host_path());
                self.render_template("404.html", &context)?
            }
            Route::Impact => self.impact()?,
            Route::MyImpact(i) => json_bytes(&self.codes()[i]),
            Route::Me => {
                let mut context = self.context_at(1);
                context.insert("me", &self.me());
                self.render_template("me.html", &context)?
            }
            Route::Feed => self.feed().into_bytes(),
            Route::PostsJson(page) => return Ok(Rendered::Parts(self.posts_json(page))),
            Route::Search(i) => self.search().files[i].1.clone().into_bytes(),
            Route::Static(i) => self.theme.statics[i].1.clone(),
            Route::RootFile(i) => self.theme.root_files[i].1.clone(),
            Route::Robots => robots_txt(self.policy.site.search_engines).into_bytes(),
            Route::Interface(i) => {
                interface::script(self.theme, self.policy, &self.policy.site.ui_languages[i])
                    .into_bytes()
            }
            Route::Worker => self.worker().into_bytes(),
            Route::Manifest => offline::manifest(self.policy, self.lang()).into_bytes(),
            Route::Post(i) => {
                let mut context = self.context_at(2);
                context.insert("post", &self.views[i]);
                self.render_template("post.html", &context)?
            }
            Route::PostImage(i) => {
                let source = self.views[i]
                    .image
                    .as_ref()
                    .map_or("", |image| &image.source);
                crate::project::files::read_asset(&self.portal.root, source)?
            }
            Route::Facet(kind, i, page) => {
                let facet = &self.facets(kind)[i];
                self.list(
                    &facet.label,
                    &self.facet_folder(kind, i),
                    &facet.members,
                    page,
                    false,
                )?
            }
        };
        Ok(Rendered::Bytes(bytes))
    }

    fn facets(&self, kind: FacetKind) -> &[Facet] {
        match kind {
            FacetKind::Campaign => &self.campaigns,
            FacetKind::Topic => &self.topics,
        }
    }

    /// The impact page: totals, per campaign, network and post, clicks over
    /// time, and the leaderboard of codes employees chose to set.
    fn impact(&self) -> Result<Vec<u8>, Error> {
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
    fn worker(&self) -> String {
        let languages = 0..self.policy.site.ui_languages.len();
        let shell = offline::Shell {
            front: self.path(Route::Index(Sort::Newest, 0)),
            not_found: self.path(Route::NotFound),
            files: languages
                .map(Route::Interface)
                .chain((0..self.theme.statics.len()).map(Route::Static))
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
    fn me(&self) -> MePage {
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
    fn codes(&self) -> &[impact::MyImpact] {
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

    fn context_at(&self, depth: usize) -> Context {
        let mut context = self.shared.clone();
        context.insert("root", &root_from(depth));
        context
    }

    fn render_template(&self, name: &str, context: &Context) -> Result<Vec<u8>, Error> {
        self.theme
            .tera
            .render(name, context)
            .map(String::into_bytes)
            .map_err(|e| Error::Theme(format!("theme template {name}: {e}")))
    }

    fn cards(&self) -> &[tera::Value] {
        self.cards.get_or_init(|| {
            self.views
                .par_iter()
                .map(|view| {
                    tera::Value::from_serializable(&Card::new(view, &self.policy.site, self.lang()))
                })
                .collect()
        })
    }

    /// Renders one route into `sink`, unless the sink holds it as made from
    /// the same inputs already.
    fn write_route(&self, route: Route, sink: &dyn Sink) -> Result<(), Error> {
        let path = self.path(route);
        let key = self.key(route, &path);
        if key.is_some_and(|key| sink.holds(&path, key)) {
            return Ok(());
        }
        sink.put(&path, self.render(route)?)?;
        if let Some(key) = key {
            sink.made_from(&path, key);
        }
        Ok(())
    }

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
                let facet = &self.facets(kind)[i];
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
            _ => return None,
        };
        Some(key.finish())
    }

    /// The interface language the pages are written in.
    fn lang(&self) -> &str {
        interface::default_lang(&self.policy.site)
    }

    /// The orders this portal offers (most clicked only with click exports).
    fn sorts(&self) -> impl Iterator<Item = &'static routes::SortInfo> {
        let clicks = self.analytics.is_some();
        routes::SORTS
            .iter()
            .filter(move |s| !s.needs_clicks || clicks)
    }

    /// The order whose pages live in `folder` (not the root's).
    fn sort_in(&self, folder: &str) -> Option<Sort> {
        self.sorts()
            .find(|s| !s.folder.is_empty() && s.folder.trim_end_matches('/') == folder)
            .map(|s| s.sort)
    }

    /// The live posts (as view indexes) in an order, made once.
    fn order(&self, sort: Sort) -> &[usize] {
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

    /// The cards of page `page` of a list of `count`.
    fn page_of(count: usize, page: usize) -> std::ops::Range<usize> {
        let start = (page * routes::CARDS_PER_PAGE).min(count);
        start..(start + routes::CARDS_PER_PAGE).min(count)
    }

    /// Each view's fingerprint (every field of it, with the pages' common
    /// inputs), made once, in parallel.
    fn view_keys(&self) -> &[u64] {
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

    /// The search index, made once per portal.
    fn search(&self) -> Arc<search::Index> {
        self.portal
            .search
            .get_or_init(|| Arc::new(self.make_search()))
            .clone()
    }

    /// The search index of the live posts, made now.
    fn make_search(&self) -> search::Index {
        let mut filters = Vec::new();
        for kind in [FacetKind::Campaign, FacetKind::Topic] {
            for facet in self.facets(kind) {
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
    fn posts_where(&self, keep: impl Fn(&PostView) -> bool) -> Vec<u32> {
        (0..self.views.len() as u32)
            .filter(|&i| keep(&self.views[i as usize]))
            .collect()
    }

    /// One post's card as a list at the root shows it, for search results.
    fn card_html(&self, i: usize) -> String {
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

    /// The folder of a facet's pages, from the root (`campaigns/SLUG/`).
    fn facet_folder(&self, kind: FacetKind, i: usize) -> String {
        format!("{}/{}/", kind.folder(), self.facets(kind)[i].slug)
    }

    /// Page `page` of a list in `folder` of the posts `members`.
    fn list(
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

    fn feed(&self) -> String {
        let newest = &self.views[..self.views.len().min(self.policy.site.feed_limit)];
        feed::atom(
            newest,
            &self.policy.site.title,
            &self.urls,
            &self.generated_at,
        )
    }

    /// How many pages `posts.json` has (one, even when empty).
    fn posts_json_pages(&self) -> usize {
        self.views
            .len()
            .div_ceil(routes::POSTS_PER_JSON_PAGE)
            .max(1)
    }

    fn posts_json(&self, page: usize) -> Vec<String> {
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

/// A value as JSON bytes, for fingerprints.
fn json_bytes<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    serde_json::to_vec(value).unwrap_or_default()
}

/// `robots.txt`: the portal is internal unless the policy says otherwise.
fn robots_txt(search_engines: bool) -> String {
    if search_engines {
        "User-agent: *\nAllow: /\n".into()
    } else {
        "# The portal is internal (site.search_engines is off in policy.yaml).\nUser-agent: *\nDisallow: /\n".into()
    }
}

#[derive(Serialize)]
struct SiteView {
    title: String,
    base_url: String,
    default_lang: String,
    /// Whether search engines may index the pages.
    search_engines: bool,
    advocate_param: Option<String>,
    /// A personal code as a regular expression, and its longest length,
    /// for the code field and the script (`impact::is_code`'s rule).
    code_pattern: String,
    code_max: usize,
    /// Whether there is an impact page to link to.
    impact: bool,
    drafts: bool,
    future: bool,
    /// The interface languages, for the switch.
    ui_languages: Vec<String>,
    /// The site's time zone (IANA), for the script's times.
    timezone: String,
    /// Where "Suggest a post" leads, if anywhere.
    suggest_url: Option<String>,
}

impl SiteView {
    fn new(policy: &Policy, urls: &SiteUrls, selection: Selection) -> SiteView {
        SiteView {
            title: policy.site.title.clone(),
            base_url: urls.base.clone(),
            default_lang: policy.site.default_lang.clone(),
            search_engines: policy.site.search_engines,
            advocate_param: policy.links.advocate_param.clone(),
            code_pattern: impact::code_pattern(),
            code_max: crate::policy::ADVOCATE_CODE_MAX,
            impact: false,
            drafts: selection.drafts,
            future: selection.future,
            ui_languages: policy.site.ui_languages.clone(),
            timezone: policy.site.timezone_name.clone(),
            suggest_url: suggest::link(policy),
        }
    }
}

/// Campaigns or topics with their pages: names with one slug (`Culture`
/// and `culture`) share one page, named by the first in sorted order.
/// The facets named by `(name, view index)` pairs, by slug: names that
/// slug alike are one facet, shown by the smallest name.
fn facets(names: impl Iterator<Item = (String, usize)>) -> Vec<Facet> {
    let mut by_slug: BTreeMap<String, (String, Vec<usize>)> = BTreeMap::new();
    for (name, view) in names {
        let entry = by_slug
            .entry(urls::slug(&name))
            .or_insert_with(|| (name.clone(), Vec::new()));
        if name < entry.0 {
            entry.0 = name;
        }
        // A post that names a topic twice is listed once.
        if entry.1.last() != Some(&view) {
            entry.1.push(view);
        }
    }
    by_slug
        .into_iter()
        .map(|(slug, (name, members))| Facet {
            label: name.clone(),
            name,
            slug,
            members,
        })
        .collect()
}
