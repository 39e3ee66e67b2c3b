//! The portal's route table: every kind of file the portal has, and the
//! fixed names it writes. A page type is one entry here, one arm in
//! `Pages::{routes, path, find, render}` and its template.
//!
//! This is the root of `site/`: it imports nothing else from it, so every
//! other part may ask it for a path.

/// The folder of the interface files (`i18n/LANG.js`), at the portal's root.
pub(crate) const INTERFACE_FOLDER: &str = "i18n";

/// The service worker, at the portal's root so that its scope is the
/// whole portal.
pub(crate) const WORKER_PATH: &str = "sw.js";

/// The web manifest.
pub(crate) const MANIFEST_PATH: &str = "manifest.webmanifest";

/// How many campaigns or topics the index's menus and its list of links
/// hold: the ones with the most posts. The rest are on the kind's own
/// page, so the index stays light with hundreds of them.
pub(crate) const FACETS_ON_INDEX: usize = 30;

/// The composer's folder (`site.compose`): its page, its data and the
/// browser's checker.
pub(crate) const COMPOSE_FOLDER: &str = "compose";

/// The browser's checker, which only the composer's page loads: its
/// loader and its module (`scripts/build-checker` makes the module).
pub(crate) const CHECKER_FILES: [(&str, &[u8]); 2] = [
    ("checker.js", include_bytes!("checker.js")),
    ("checker.wasm", include_bytes!("checker.wasm")),
];

/// The theme's scripts that one page alone loads, and that the offline
/// shell leaves out, so that the first visit stays as light: the
/// composer's.
pub(crate) const PAGE_ONLY_STATICS: &[&str] = &["compose.js", "compose.css"];

/// The prefix of the theme's strings that only the composer shows: its
/// data carries them (`compose/data.json`), and the interface file every
/// page loads (`i18n/LANG.js`) leaves them out.
pub(crate) const COMPOSE_STRINGS: &str = "compose_";

/// The folder of the theme's static files (scripts, styles, icons).
pub(crate) const STATIC_FOLDER: &str = "static";

/// The interface file of `lang`.
pub(crate) fn interface_path(lang: &str) -> String {
    format!("{INTERFACE_FOLDER}/{lang}.js")
}

/// The fixed paths that templates and scripts need, given to them as data
/// (`site.paths`, and the page's `data-` attributes), never written again
/// in a theme.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct Paths {
    /// The interface files' folder, with its slash: `i18n/` + `LANG.js`.
    pub(crate) interface: String,
    /// The theme's static files' folder, with its slash.
    pub(crate) statics: String,
    pub(crate) worker: &'static str,
    pub(crate) manifest: &'static str,
    /// The composer's folder, with its slash.
    pub(crate) compose: String,
}

impl Paths {
    /// This portal's.
    pub(crate) fn new() -> Paths {
        Paths {
            interface: format!("{INTERFACE_FOLDER}/"),
            statics: format!("{STATIC_FOLDER}/"),
            worker: WORKER_PATH,
            manifest: MANIFEST_PATH,
            compose: format!("{COMPOSE_FOLDER}/"),
        }
    }
}

/// A grouping of posts with a page of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum FacetKind {
    /// `campaign:` of the front matter.
    Campaign,
    /// `topics:` of the front matter.
    Topic,
}

impl FacetKind {
    /// The folder of the portal its pages live in.
    pub(crate) fn folder(self) -> &'static str {
        match self {
            FacetKind::Campaign => "campaigns",
            FacetKind::Topic => "topics",
        }
    }

    /// Its name among the search index's filters (`f/KIND/…`), as the
    /// index page's filter is named.
    pub(crate) fn filter(self) -> &'static str {
        match self {
            FacetKind::Campaign => "campaign",
            FacetKind::Topic => "topic",
        }
    }

    /// The kind whose pages live in `folder`.
    pub(crate) fn from_folder(folder: &str) -> Option<FacetKind> {
        [FacetKind::Campaign, FacetKind::Topic]
            .into_iter()
            .find(|kind| kind.folder() == folder)
    }
}

/// One file of the portal. Indexes point into the portal's views, facets
/// and theme files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Route {
    /// `index.html`, then `page/N/index.html`: the live posts, a page of
    /// [`CARDS_PER_PAGE`] at a time (page 0 is `index.html`), in an order
    /// of [`SORTS`] (other orders under their folder: `expiring/…`).
    Index(Sort, usize),
    /// `404.html`.
    NotFound,
    /// `posts/SLUG/index.html`.
    Post(usize),
    /// `posts/SLUG/FILE`: the post's image, copied from beside the post.
    PostImage(usize),
    /// `campaigns/SLUG/index.html` or `topics/SLUG/index.html`, then
    /// `…/SLUG/page/N/index.html`: a facet's posts, a page at a time.
    Facet(FacetKind, usize, usize),
    /// `campaigns/index.html` or `topics/index.html`: every campaign or
    /// topic with its count, for when there are too many for a menu.
    FacetIndex(FacetKind),
    /// `impact/index.html`, when there are click exports.
    Impact,
    /// `impact/codes/CODE.json`: one personal code's own figures, for
    /// the "Me" page (with click exports and a leaderboard).
    MyImpact(usize),
    /// `me/index.html`: the employee's settings and figures.
    Me,
    /// `feed.xml`.
    Feed,
    /// `campaigns/SLUG/feed.xml` or `topics/SLUG/feed.xml`: one campaign's
    /// or topic's live posts, newest first, as many as `feed.xml` holds.
    FacetFeed(FacetKind, usize),
    /// `posts.json` (page 0), then `api/posts/N.json` for page N-1: the
    /// API, [`POSTS_PER_JSON_PAGE`] posts a page, linked by `next`.
    PostsJson(usize),
    /// `search/…`: a chunk of the search index.
    Search(usize),
    /// `robots.txt`: no indexing unless `site.search_engines` allows it.
    Robots,
    /// `i18n/LANG.js`: the interface in one language of
    /// `site.ui_languages`, for the script.
    Interface(usize),
    /// `sw.js`: the service worker (offline use).
    Worker,
    /// `manifest.webmanifest`: the portal as an installable app.
    Manifest,
    /// `compose/index.html`: the composer (with `site.compose`).
    Compose,
    /// `compose/data.json`: what the composer's checker and form need.
    ComposeData,
    /// `compose/checker.js` or `compose/checker.wasm`: the browser's
    /// checker ([`CHECKER_FILES`]).
    Checker(usize),
    /// `static/PATH`: a file of the theme.
    Static(usize),
    /// `PATH`: a file of the repository's `static/`, at the portal's root.
    RootFile(usize),
}

/// An order of the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Sort {
    /// Newest first (the portal's order).
    Newest,
    /// The soonest to expire first: share them while they last.
    Expiring,
    /// The most clicked first (only with click exports).
    Clicked,
    /// The most clicks per day live first: what works, old or new (only
    /// with click exports).
    Works,
}

/// One order of the index: its folder (empty: the root), the theme
/// string that names it, and whether it needs click exports.
pub(crate) struct SortInfo {
    pub(crate) sort: Sort,
    pub(crate) folder: &'static str,
    pub(crate) label: &'static str,
    pub(crate) needs_clicks: bool,
}

/// Every order, as the index offers them.
pub(crate) const SORTS: [SortInfo; 4] = [
    SortInfo {
        sort: Sort::Newest,
        folder: "",
        label: "sort_newest",
        needs_clicks: false,
    },
    SortInfo {
        sort: Sort::Expiring,
        folder: "expiring/",
        label: "sort_expiring",
        needs_clicks: false,
    },
    SortInfo {
        sort: Sort::Clicked,
        folder: "popular/",
        label: "sort_clicked",
        needs_clicks: true,
    },
    SortInfo {
        sort: Sort::Works,
        folder: "works/",
        label: "sort_works",
        needs_clicks: true,
    },
];

impl Sort {
    pub(crate) fn info(self) -> &'static SortInfo {
        SORTS.iter().find(|s| s.sort == self).unwrap_or(&SORTS[0])
    }
}

/// Cards on each page of a list: a phone screenful or two, so the first
/// page stays small however large the library.
pub(crate) const CARDS_PER_PAGE: usize = 50;

/// The pages a list of `count` cards takes (one, even when empty).
pub(crate) fn list_pages(count: usize) -> usize {
    count.div_ceil(CARDS_PER_PAGE).max(1)
}

/// Page `page` (from 0) of the list in `folder` (`""` or
/// `campaigns/SLUG/`).
pub(crate) fn list_path(folder: &str, page: usize) -> String {
    match page {
        0 => format!("{folder}index.html"),
        n => format!("{folder}page/{}/index.html", n + 1),
    }
}

/// The page number in a `page/N/index.html` path's `N`, canonical only.
pub(crate) fn list_page(number: &str) -> Option<usize> {
    let n: usize = number.parse().ok()?;
    (n >= 2 && n.to_string() == number).then(|| n - 1)
}

/// Posts in each page of `posts.json`: an integration pages through any
/// library, and no file grows with it (500 posts are about 1.4 MB).
pub(crate) const POSTS_PER_JSON_PAGE: usize = 500;

/// The path of `posts.json`'s page `page` (from 0).
pub(crate) fn posts_json_path(page: usize) -> String {
    match page {
        0 => "posts.json".to_string(),
        n => format!("api/posts/{}.json", n + 1),
    }
}

/// What the portal writes at its root, which a repository's `static/` may
/// not replace: `robots.txt` alone may be, since a site may need its own.
const GENERATED_AT_ROOT: &[&str] = &[
    "index.html",
    "404.html",
    "feed.xml",
    "posts.json",
    "search",
    "posts",
    "campaigns",
    "topics",
    "impact",
    "me",
    COMPOSE_FOLDER,
    STATIC_FOLDER,
    "api",
    "page",
    ".advocate-manifest",
    ".advocate-keys",
    INTERFACE_FOLDER,
    WORKER_PATH,
    MANIFEST_PATH,
];

/// The generated name that a root file at `path` would replace, if any.
pub(crate) fn generated_root_name(path: &str) -> Option<&'static str> {
    let first = path.split('/').next().unwrap_or(path);
    // The index's other orders have folders of their own too.
    let sort_folders = SORTS.iter().map(|s| s.folder.trim_end_matches('/'));
    GENERATED_AT_ROOT
        .iter()
        .copied()
        .chain(sort_folders)
        .filter(|name| !name.is_empty())
        .find(|name| name.eq_ignore_ascii_case(first))
}

impl Route {
    /// The large data files, written one at a time.
    pub(crate) fn is_data(self) -> bool {
        matches!(self, Route::Feed | Route::PostsJson(_))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_files_may_not_take_a_name_the_portal_writes() {
        let cases = [
            ("CNAME", None),
            ("robots.txt", None),
            ("index.html", Some("index.html")),
            ("Search/x.json", Some("search")),
            ("expiring/index.html", Some("expiring")),
            ("popular", Some("popular")),
            ("page/2/index.html", Some("page")),
        ];
        for (path, taken) in cases {
            assert_eq!(generated_root_name(path), taken, "{path}");
        }
    }
}
