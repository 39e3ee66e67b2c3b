//! The render stage: checked posts in, the portal's files out, as
//! `(path, bytes)` pairs. Nothing here touches the disk.

pub mod feed;
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

/// A sink that keeps the files, for tests and small uses.
#[derive(Default)]
pub struct Collect(pub std::sync::Mutex<Vec<OutputFile>>);

impl Sink for Collect {
    fn put(&self, path: String, bytes: Vec<u8>) -> Result<(), String> {
        self.0.lock().map_err(|_| "poisoned")?.push((path, bytes));
        Ok(())
    }
}

impl Collect {
    /// The files, sorted by path.
    pub fn into_files(self) -> Vec<OutputFile> {
        let mut files = self.0.into_inner().unwrap_or_default();
        files.sort_by(|a, b| a.0.cmp(&b.0));
        files
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
struct Facet {
    name: String,
    slug: String,
    count: usize,
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

/// Renders the whole portal. Pages render in parallel; what every page
/// shares (the site, the strings, the cards) is turned into template values
/// once.
pub fn render(input: &SiteInput, sink: &dyn Sink) -> Result<(), String> {
    let policy = input.policy;
    let urls = SiteUrls::new(input.base_url);
    let live: Vec<&Post> = input
        .posts
        .iter()
        .filter(|p| input.selection.includes(p))
        .collect();
    let mut views: Vec<PostView> = live
        .par_iter()
        .map(|post| model::post_view(post, policy, &input.selection))
        .collect();
    model::sort_newest_first(&mut views);

    let lang = &policy.site.default_lang;
    let strings = input.theme.strings(lang);
    let generated_at = input.selection.now.to_string();
    let campaigns = facets(views.iter().filter_map(|v| v.campaign.clone()));
    let topics = facets(views.iter().flat_map(|v| v.topics.clone()));
    let networks: Vec<&str> = policy.networks.iter().map(|n| n.network.name()).collect();

    let mut shared = Context::new();
    shared.insert("site", &SiteView::new(policy, &urls, input.selection));
    shared.insert("t", &strings);
    shared.insert("lang", lang);
    shared.insert("generated_at", &generated_at);
    shared.insert("campaigns", &campaigns);
    shared.insert("topics", &topics);
    shared.insert("networks", &networks);
    shared.insert("languages", &policy.site.languages);
    let context_at = |depth: usize| {
        let mut context = shared.clone();
        context.insert("root", &root_from(depth));
        context
    };
    let render = |name: &str, context: &Context| -> Result<Vec<u8>, String> {
        input
            .theme
            .tera
            .render(name, context)
            .map(String::into_bytes)
            .map_err(|e| format!("theme template {name}: {e}"))
    };
    let cards: Vec<tera::Value> = views
        .par_iter()
        .map(|view| tera::Value::from_serializable(&Card::new(view)))
        .collect();
    let list_page = |heading: &str, cards: Vec<tera::Value>, depth: usize, is_index: bool| {
        let mut context = context_at(depth);
        context.insert_value("posts", tera::Value::from(cards));
        context.insert("heading", heading);
        context.insert("is_index", &is_index);
        render("index.html", &context)
    };

    let all_posts = strings.get("all_posts").cloned().unwrap_or_default();
    sink.put(
        "index.html".into(),
        list_page(&all_posts, cards.clone(), 0, true)?,
    )?;

    views.par_iter().try_for_each(|view| {
        let mut context = context_at(2);
        context.insert("post", view);
        let dir = format!("posts/{}", view.slug);
        sink.put(format!("{dir}/index.html"), render("post.html", &context)?)?;
        if let Some(image) = &view.image
            && let Some(bytes) = input.images.get(&image.source)
        {
            sink.put(format!("{dir}/{}", image.file), bytes.clone())?;
        }
        Ok::<(), String>(())
    })?;

    let facet_pages: Vec<(&str, &Facet)> = campaigns
        .iter()
        .map(|f| ("campaigns", f))
        .chain(topics.iter().map(|f| ("topics", f)))
        .collect();
    facet_pages.par_iter().try_for_each(|(kind, facet)| {
        let matching: Vec<tera::Value> = views
            .iter()
            .zip(&cards)
            .filter(|(v, _)| match *kind {
                "campaigns" => v.campaign.as_deref() == Some(facet.name.as_str()),
                _ => v.topics.contains(&facet.name),
            })
            .map(|(_, card)| card.clone())
            .collect();
        let page = list_page(&facet.name, matching, 2, false)?;
        sink.put(format!("{kind}/{}/index.html", facet.slug), page)
    })?;

    sink.put("404.html".into(), render("404.html", &context_at(0))?)?;
    // One data file at a time: each is tens of megabytes for 10,000 posts,
    // and each is made in parallel inside.
    let feed = feed::atom(&views, &policy.site.title, &urls, &generated_at);
    sink.put("feed.xml".into(), feed.into_bytes())?;
    let posts_json = json::posts_json(&views, policy, &urls, &generated_at);
    sink.put_parts("posts.json".into(), posts_json)?;
    sink.put_parts("search.json".into(), search::index(&views))?;
    for (path, bytes) in &input.theme.statics {
        sink.put(format!("static/{path}"), bytes.clone())?;
    }
    Ok(())
}

#[derive(Serialize)]
struct SiteView {
    title: String,
    base_url: String,
    default_lang: String,
    advocate_param: Option<String>,
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
