//! Every page of the portal, rendered from the live posts' views by one
//! route table: `build` writes what [`Pages::routes`] lists, `serve`
//! answers what [`Pages::find`] finds, and both render with
//! [`Pages::render`]. The lists, the data files and the fingerprints that
//! let a build keep a page are in `lists`, `data` and `keys`.

use super::impact;
use super::interface;
use super::model::{PostView, Selection};
use super::offline;
use super::portal::Portal;
use super::rendered::{Rendered, Sink};
use super::routes::{self, FacetKind, Route, Sort};
use super::shared::Shared;
use super::theme::Theme;
use super::urls::{SiteUrls, root_from};
use crate::analytics::Analytics;
use crate::error::Error;
use crate::policy::Policy;
use rayon::prelude::*;
use serde::Serialize;
use std::sync::Arc;
use tera::Context;

/// Renders any page of the portal from the live posts' views: what every
/// page shares (the site, the strings, the facets) is made once.
pub(crate) struct Pages<'a> {
    pub(super) portal: &'a Portal,
    pub(super) theme: &'a Theme,
    pub(super) policy: &'a Policy,
    pub(super) views: &'a [PostView],
    pub(super) urls: SiteUrls,
    pub(super) generated_at: String,
    /// What every page shares, and the same as the templates' context.
    pub(super) shared: Shared,
    pub(super) context: Context,
    pub(super) all_posts: String,
    /// One template value per view, made on first use (only lists need them).
    pub(super) cards: std::sync::OnceLock<Vec<tera::Value>>,
    /// What a card alone needs (the strings, the root), for search results.
    pub(super) card_context: Context,
    /// What every page is made from besides its own content: advocate's
    /// build, the theme, the address and the shared context.
    pub(super) page_key: crate::fingerprint::Fingerprint,
    /// Each view's fingerprint, made on first use.
    pub(super) view_keys: std::sync::OnceLock<Vec<u64>>,
    /// The index's orders (newest, expiring, clicked), made on first use.
    pub(super) orders: [std::sync::OnceLock<Vec<usize>>; 4],
    /// The click exports, for the impact page and `posts.json`.
    pub(super) analytics: Option<&'a Analytics>,
    /// Each personal code's own figures, made on first use.
    pub(super) codes: std::sync::OnceLock<Vec<impact::MyImpact>>,
    pub(super) selection: Selection,
}

impl<'a> Pages<'a> {
    pub(crate) fn new(portal: &'a Portal) -> Pages<'a> {
        let (theme, policy, views) = (&*portal.theme, &*portal.policy, &portal.views[..]);
        let selection = portal.selection;
        let analytics = portal.analytics.as_deref();
        let urls = SiteUrls::new(&portal.base_url);
        let shared = Shared::new(policy, theme, views, analytics, &urls, selection);
        let context = Context::from_serialize(&shared).unwrap_or_else(|_| Context::new());
        let mut card_context = Context::new();
        card_context.insert("t", &shared.t);
        card_context.insert("lang", &shared.lang);
        card_context.insert("root", "");
        Pages {
            portal,
            theme,
            policy,
            views,
            urls,
            generated_at: selection.now.to_string(),
            all_posts: shared.t.get("all_posts").cloned().unwrap_or_default(),
            page_key: shared.fingerprint(theme),
            shared,
            context,
            cards: std::sync::OnceLock::new(),
            card_context,
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
            routes.push(Route::FacetIndex(kind));
            for (i, facet) in self.shared.facets(kind).iter().enumerate() {
                let pages = routes::list_pages(facet.members.len());
                routes.extend((0..pages).map(|page| Route::Facet(kind, i, page)));
                routes.push(Route::FacetFeed(kind, i));
            }
        }
        routes.push(Route::Me);
        if self.portal.compose.is_some() {
            routes.extend([Route::Compose, Route::ComposeData]);
            routes.extend((0..routes::CHECKER_FILES.len()).map(Route::Checker));
        }
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
            Route::Compose => format!("{}/index.html", routes::COMPOSE_FOLDER),
            Route::ComposeData => format!("{}/data.json", routes::COMPOSE_FOLDER),
            Route::Checker(i) => {
                format!("{}/{}", routes::COMPOSE_FOLDER, routes::CHECKER_FILES[i].0)
            }
            Route::Feed => "feed.xml".into(),
            Route::PostsJson(page) => routes::posts_json_path(page),
            Route::Search(i) => self.search().files[i].0.clone(),
            Route::Robots => "robots.txt".into(),
            Route::Interface(i) => routes::interface_path(&self.policy.site.ui_languages[i]),
            Route::Worker => routes::WORKER_PATH.into(),
            Route::Manifest => routes::MANIFEST_PATH.into(),
            Route::Static(i) => format!("{}/{}", routes::STATIC_FOLDER, self.theme.statics[i].0),
            Route::RootFile(i) => self.theme.root_files[i].0.clone(),
            Route::Post(i) => format!("posts/{}/index.html", self.views[i].slug),
            Route::PostImage(i) => {
                let view = &self.views[i];
                let file = view.image.as_ref().map_or("", |image| image.file.as_str());
                format!("posts/{}/{file}", view.slug)
            }
            Route::Facet(kind, i, page) => routes::list_path(&self.facet_folder(kind, i), page),
            Route::FacetIndex(kind) => format!("{}/index.html", kind.folder()),
            Route::FacetFeed(kind, i) => format!("{}feed.xml", self.facet_folder(kind, i)),
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
            [folder, file] if *folder == routes::COMPOSE_FOLDER => {
                self.portal.compose.as_ref()?;
                match *file {
                    "index.html" => Route::Compose,
                    "data.json" => Route::ComposeData,
                    _ => Route::Checker(
                        routes::CHECKER_FILES
                            .iter()
                            .position(|(name, _)| name == file)?,
                    ),
                }
            }
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
            [folder, ..] if *folder == routes::STATIC_FOLDER => {
                let name = &path[folder.len() + 1..];
                Route::Static(self.theme.statics.iter().position(|(p, _)| p == name)?)
            }
            ["posts", slug, "index.html"] => Route::Post(post(slug)?),
            ["posts", slug, file] => {
                let i = post(slug)?;
                let image = self.views[i].image.as_ref()?;
                (image.file == *file).then_some(Route::PostImage(i))?
            }
            [folder, slug, "index.html"] => {
                let (kind, i) = self.facet_at(folder, slug)?;
                Route::Facet(kind, i, 0)
            }
            [folder, slug, "feed.xml"] => {
                let (kind, i) = self.facet_at(folder, slug)?;
                Route::FacetFeed(kind, i)
            }
            [folder, slug, "page", number, "index.html"] => {
                let (kind, i) = self.facet_at(folder, slug)?;
                let page = routes::list_page(number)?;
                let pages = routes::list_pages(self.shared.facets(kind)[i].members.len());
                (page < pages).then_some(Route::Facet(kind, i, page))?
            }
            [folder, "index.html"] if FacetKind::from_folder(folder).is_some() => {
                Route::FacetIndex(FacetKind::from_folder(folder)?)
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

    /// The campaign or topic whose pages are `FOLDER/SLUG/`.
    fn facet_at(&self, folder: &str, slug: &str) -> Option<(FacetKind, usize)> {
        let kind = FacetKind::from_folder(folder)?;
        let i = self
            .shared
            .facets(kind)
            .iter()
            .position(|f| f.slug == slug)?;
        Some((kind, i))
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
            Route::Compose => self.render_template("compose.html", &self.context_at(1))?,
            Route::ComposeData => json_bytes(&self.portal.compose.as_deref()),
            Route::Checker(i) => routes::CHECKER_FILES[i].1.to_vec(),
            Route::Feed => self.feed().into_bytes(),
            Route::FacetFeed(kind, i) => self.facet_feed(kind, i).into_bytes(),
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
            Route::FacetIndex(kind) => {
                let mut context = self.context_at(1);
                context.insert("kind", kind.folder());
                // The heading's string: `all_campaigns`, `all_topics`.
                context.insert("key", &format!("all_{}", kind.folder()));
                context.insert("facets", self.shared.facets(kind));
                self.render_template("facets.html", &context)?
            }
            Route::Facet(kind, i, page) => {
                let facet = &self.shared.facets(kind)[i];
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

    pub(super) fn context_at(&self, depth: usize) -> Context {
        let mut context = self.context.clone();
        context.insert("root", &root_from(depth));
        context
    }

    pub(super) fn render_template(&self, name: &str, context: &Context) -> Result<Vec<u8>, Error> {
        self.theme
            .tera
            .render(name, context)
            .map(String::into_bytes)
            .map_err(|e| Error::Theme(format!("theme template {name}: {e}")))
    }

    /// Renders one route into `sink`, unless the sink holds it as made from
    /// the same inputs already.
    pub(super) fn write_route(&self, route: Route, sink: &dyn Sink) -> Result<(), Error> {
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

    /// The interface language the pages are written in.
    pub(super) fn lang(&self) -> &str {
        interface::default_lang(&self.policy.site)
    }
}

impl Portal {
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

/// A value as JSON bytes (inert if sniffed as HTML), for data files and
/// fingerprints.
pub(super) fn json_bytes<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    crate::escape::json_in_html(serde_json::to_string(value).unwrap_or_default()).into_bytes()
}

/// `robots.txt`: the portal is internal unless the policy says otherwise.
fn robots_txt(search_engines: bool) -> String {
    if search_engines {
        "User-agent: *\nAllow: /\n".into()
    } else {
        "# The portal is internal (site.search_engines is off in policy.yaml).\nUser-agent: *\nDisallow: /\n".into()
    }
}
