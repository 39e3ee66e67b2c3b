//! The render stage: checked posts in, the portal's files out, as
//! `(path, bytes)` pairs. Nothing here touches the disk.

pub mod feed;
pub mod impact;
pub mod json;
pub mod markdown;
pub mod model;
pub mod search;
pub mod theme;
pub mod urls;

use crate::policy::Policy;
use crate::post::Post;
use model::{PostView, Selection};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use tera::Context;
use theme::Theme;
use urls::{SiteUrls, root_from};

/// One file of the portal, by its path under the output folder.
pub type OutputFile = (String, Vec<u8>);

/// Where rendered files go, as they are made (from several threads): the
/// publisher writes them, a test collects them. Rendering never holds the
/// whole site in memory.
pub trait Sink: Sync {
    fn put(&self, path: String, bytes: Vec<u8>) -> Result<(), String>;

    /// A large file in parts, so that it need not be joined in memory.
    fn put_parts(&self, path: String, parts: Vec<String>) -> Result<(), String> {
        self.put(path, parts.concat().into_bytes())
    }
}

pub struct SiteInput<'a> {
    pub policy: &'a Policy,
    pub posts: &'a [Post],
    pub theme: &'a Theme,
    pub selection: Selection,
    pub base_url: &'a str,
    /// The bytes of every image a live post shows, by repository path.
    pub images: &'a BTreeMap<String, Vec<u8>>,
    /// The click exports, when the repository has any.
    pub analytics: Option<&'a crate::analytics::Analytics>,
}

/// The repository paths of the images the live posts show, for the caller
/// to read before rendering.
pub fn images_needed(posts: &[Post], selection: &Selection) -> Vec<String> {
    posts
        .iter()
        .filter(|post| selection.includes(post))
        .filter_map(|post| {
            let image = post.fields.image.as_ref()?;
            crate::check::resolve_asset(post.path(), &image.value).ok()
        })
        .collect()
}

#[derive(Serialize)]
pub struct Facet {
    pub name: String,
    pub slug: String,
    pub count: usize,
}

/// What a list page shows of a post: small, because the index lists them all.
#[derive(Serialize)]
struct Card<'a> {
    slug: &'a str,
    title: &'a str,
    campaign: Option<&'a str>,
    topics: &'a [String],
    networks: Vec<&'static str>,
    lang: &'a str,
    is_new: bool,
    draft: bool,
    future: bool,
    expires_date: Option<&'a str>,
}

impl<'a> Card<'a> {
    fn new(view: &'a PostView) -> Card<'a> {
        Card {
            slug: &view.slug,
            title: &view.title,
            campaign: view.campaign.as_deref(),
            topics: &view.topics,
            networks: view.networks.iter().map(|n| n.network).collect(),
            lang: &view.lang,
            is_new: view.is_new,
            draft: view.draft,
            future: view.future,
            expires_date: view.expires_date.as_deref(),
        }
    }
}

/// The live posts of a build, as the portal shows them, newest first.
pub fn live_views<'p>(
    posts: impl IntoParallelIterator<Item = &'p Post>,
    policy: &Policy,
    selection: &Selection,
) -> Vec<PostView> {
    let mut views: Vec<PostView> = posts
        .into_par_iter()
        .filter(|p| selection.includes(p))
        .map(|post| model::post_view(post, policy, selection))
        .collect();
    model::sort_newest_first(&mut views);
    views
}

/// Renders the whole portal. Pages render in parallel and go to the sink as
/// they are made.
pub fn render(input: &SiteInput, sink: &dyn Sink) -> Result<(), String> {
    let mut views = live_views(
        input.posts.iter().collect::<Vec<_>>(),
        input.policy,
        &input.selection,
    );
    if let Some(analytics) = input.analytics {
        impact::attach(&mut views, analytics);
    }
    let pages = Pages::new(
        input.theme,
        input.policy,
        input.selection,
        input.base_url,
        &views,
        input.analytics,
    );
    sink.put("index.html".into(), pages.index()?)?;
    views.par_iter().try_for_each(|view| {
        let dir = format!("posts/{}", view.slug);
        sink.put(format!("{dir}/index.html"), pages.post(view)?)?;
        if let Some(image) = &view.image
            && let Some(bytes) = input.images.get(&image.source)
        {
            sink.put(format!("{dir}/{}", image.file), bytes.clone())?;
        }
        Ok::<(), String>(())
    })?;
    pages
        .facet_pages()
        .par_iter()
        .try_for_each(|(kind, facet)| {
            sink.put(
                format!("{kind}/{}/index.html", facet.slug),
                pages.facet(kind, facet)?,
            )
        })?;
    sink.put("404.html".into(), pages.not_found()?)?;
    if pages.analytics.is_some() {
        sink.put("impact/index.html".into(), pages.impact()?)?;
    }
    // One data file at a time: each is tens of megabytes for 10,000 posts,
    // and each is made in parallel inside.
    sink.put("feed.xml".into(), pages.feed().into_bytes())?;
    sink.put_parts("posts.json".into(), pages.posts_json())?;
    sink.put_parts("search.json".into(), pages.search())?;
    for (path, bytes) in &input.theme.statics {
        sink.put(format!("static/{path}"), bytes.clone())?;
    }
    Ok(())
}

/// Renders any page of the portal from the live posts' views: what every
/// page shares (the site, the strings, the facets) is made once.
pub struct Pages<'a> {
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
    /// The click exports, for the impact page and `posts.json`.
    pub analytics: Option<&'a crate::analytics::Analytics>,
    selection: Selection,
}

impl<'a> Pages<'a> {
    pub fn new(
        theme: &'a Theme,
        policy: &'a Policy,
        selection: Selection,
        base_url: &str,
        views: &'a [PostView],
        analytics: Option<&'a crate::analytics::Analytics>,
    ) -> Pages<'a> {
        let urls = SiteUrls::new(base_url);
        let lang = &policy.site.default_lang;
        let strings = theme.strings(lang);
        let generated_at = selection.now.to_string();
        let campaigns = facets(views.iter().filter_map(|v| v.campaign.clone()));
        let topics = facets(views.iter().flat_map(|v| v.topics.clone()));
        let networks: Vec<&str> = policy.networks.iter().map(|n| n.network.name()).collect();
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
        shared.insert("languages", &policy.site.languages);
        Pages {
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
            analytics,
            selection,
        }
    }

    /// The impact page: totals, per campaign, network and post, clicks over
    /// time, and the leaderboard of codes employees chose to set.
    pub fn impact(&self) -> Result<Vec<u8>, String> {
        let empty = crate::analytics::Analytics::default();
        let analytics = self.analytics.unwrap_or(&empty);
        let leaderboard = self.policy.leaderboard && self.policy.links.advocate_param.is_some();
        let page = impact::page(
            self.views,
            analytics,
            leaderboard,
            self.selection.now,
            &self.policy.site.timezone,
        );
        let mut context = self.context_at(1);
        context.insert("impact", &page);
        self.render("impact.html", &context)
    }

    fn context_at(&self, depth: usize) -> Context {
        let mut context = self.shared.clone();
        context.insert("root", &root_from(depth));
        context
    }

    fn render(&self, name: &str, context: &Context) -> Result<Vec<u8>, String> {
        self.theme
            .tera
            .render(name, context)
            .map(String::into_bytes)
            .map_err(|e| format!("theme template {name}: {e}"))
    }

    fn cards(&self) -> &[tera::Value] {
        self.cards.get_or_init(|| {
            self.views
                .par_iter()
                .map(|view| tera::Value::from_serializable(&Card::new(view)))
                .collect()
        })
    }

    fn list(
        &self,
        heading: &str,
        cards: Vec<tera::Value>,
        depth: usize,
        is_index: bool,
    ) -> Result<Vec<u8>, String> {
        let mut context = self.context_at(depth);
        context.insert_value("posts", tera::Value::from(cards));
        context.insert("heading", heading);
        context.insert("is_index", &is_index);
        self.render("index.html", &context)
    }

    pub fn index(&self) -> Result<Vec<u8>, String> {
        self.list(&self.all_posts, self.cards().to_vec(), 0, true)
    }

    pub fn post(&self, view: &PostView) -> Result<Vec<u8>, String> {
        let mut context = self.context_at(2);
        context.insert("post", view);
        self.render("post.html", &context)
    }

    /// Every campaign and topic page: (`campaigns` or `topics`, facet).
    pub fn facet_pages(&self) -> Vec<(&'static str, &Facet)> {
        self.campaigns
            .iter()
            .map(|f| ("campaigns", f))
            .chain(self.topics.iter().map(|f| ("topics", f)))
            .collect()
    }

    pub fn facet(&self, kind: &str, facet: &Facet) -> Result<Vec<u8>, String> {
        let matching: Vec<tera::Value> = self
            .views
            .iter()
            .zip(self.cards())
            .filter(|(v, _)| match kind {
                "campaigns" => v.campaign.as_deref() == Some(facet.name.as_str()),
                _ => v.topics.contains(&facet.name),
            })
            .map(|(_, card)| card.clone())
            .collect();
        self.list(&facet.name, matching, 2, false)
    }

    pub fn not_found(&self) -> Result<Vec<u8>, String> {
        self.render("404.html", &self.context_at(0))
    }

    pub fn feed(&self) -> String {
        feed::atom(
            self.views,
            &self.policy.site.title,
            &self.urls,
            &self.generated_at,
        )
    }

    pub fn posts_json(&self) -> Vec<String> {
        let summary = self.analytics.map(impact::summary);
        json::posts_json(
            self.views,
            self.policy,
            &self.urls,
            &self.generated_at,
            summary,
        )
    }

    pub fn search(&self) -> Vec<String> {
        search::index(self.views)
    }

    /// Any file of the portal by path, rendered now; `None` when there is no
    /// such file (images are the caller's: they are files on disk).
    pub fn file(&self, path: &str) -> Option<Result<Vec<u8>, String>> {
        let parts: Vec<&str> = path.split('/').collect();
        Some(match parts.as_slice() {
            ["index.html"] => self.index(),
            ["404.html"] => self.not_found(),
            ["impact", "index.html"] if self.analytics.is_some() => self.impact(),
            ["feed.xml"] => Ok(self.feed().into_bytes()),
            ["posts.json"] => Ok(self.posts_json().concat().into_bytes()),
            ["search.json"] => Ok(self.search().concat().into_bytes()),
            ["static", name] => Ok(self
                .theme
                .statics
                .iter()
                .find(|(p, _)| p == name)?
                .1
                .clone()),
            ["posts", slug, "index.html"] => {
                self.post(self.views.iter().find(|v| v.slug == *slug)?)
            }
            [kind @ ("campaigns" | "topics"), slug, "index.html"] => {
                let (kind, facet) = self
                    .facet_pages()
                    .into_iter()
                    .find(|(k, f)| k == kind && f.slug == *slug)?;
                self.facet(kind, facet)
            }
            _ => return None,
        })
    }
}

#[derive(Serialize)]
struct SiteView {
    title: String,
    base_url: String,
    default_lang: String,
    advocate_param: Option<String>,
    /// Whether there is an impact page to link to.
    impact: bool,
    drafts: bool,
    future: bool,
}

impl SiteView {
    fn new(policy: &Policy, urls: &SiteUrls, selection: Selection) -> SiteView {
        SiteView {
            title: policy.site.title.clone(),
            base_url: urls.base.clone(),
            default_lang: policy.site.default_lang.clone(),
            advocate_param: policy.links.advocate_param.clone(),
            impact: false,
            drafts: selection.drafts,
            future: selection.future,
        }
    }
}

fn facets(names: impl Iterator<Item = String>) -> Vec<Facet> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for name in names {
        *counts.entry(name).or_default() += 1;
    }
    counts
        .into_iter()
        .map(|(name, count)| Facet {
            slug: slug(&name),
            name,
            count,
        })
        .collect()
}

/// JSON that stays inert if a browser ever sniffs it as HTML: `<` and `>`
/// are written as `\u003c` and `\u003e`, which parse to the same strings.
pub fn html_safe_json(json: String) -> String {
    if !json.contains(['<', '>']) {
        return json;
    }
    json.replace('<', "\\u003c").replace('>', "\\u003e")
}

/// A safe folder name for a URL: letters and digits of any script, lower
/// case, everything else `-`. Never empty, never `.` or `..`.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let trimmed = out.trim_matches('-');
    if trimmed.is_empty() {
        format!(
            "x{:x}",
            name.bytes()
                .fold(0u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)))
        )
    } else {
        trimmed.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_safe_folder_names() {
        let cases = [
            ("tokyo-launch", "tokyo-launch"),
            ("Tokyo Launch 2027", "tokyo-launch-2027"),
            ("../../etc", "etc"),
            ("文化", "文化"),
            ("a/b\\c", "a-b-c"),
        ];
        for (name, expected) in cases {
            assert_eq!(slug(name), expected);
        }
        assert!(!slug("..").is_empty() && !slug("..").contains('.'));
    }
}
