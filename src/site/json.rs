//! `posts.json`: the portal's API (docs/portal.md).

use super::model::{PostView, ShareView};
use super::urls::SiteUrls;
use crate::policy::Policy;
use rayon::prelude::*;
use serde::Serialize;

/// Where a page of `posts.json` stands among all of them.
#[derive(Serialize)]
pub(crate) struct Paging {
    /// Live posts in all pages.
    pub(crate) total: usize,
    /// This page's number, from 1.
    pub(crate) page: usize,
    pub(crate) pages: usize,
    /// The next page's absolute URL; `null` on the last.
    pub(crate) next: Option<String>,
    /// The previous page's absolute URL; `null` on the first.
    pub(crate) prev: Option<String>,
}

/// Version 2 pages the posts (`docs/posts-json.md`).
const VERSION: u32 = 2;

#[derive(Serialize)]
struct Head<'a> {
    version: u32,
    generated_at: &'a str,
    site: SiteJson<'a>,
    #[serde(flatten)]
    paging: Paging,
    #[serde(skip_serializing_if = "Option::is_none")]
    impact: Option<super::impact::ImpactSummary>,
}

#[derive(Serialize)]
struct SiteJson<'a> {
    title: &'a str,
    base_url: &'a str,
}

#[derive(Serialize)]
struct PostJson<'a> {
    id: &'a str,
    title: &'a str,
    url: String,
    campaign: Option<&'a str>,
    topics: &'a [String],
    lang: &'a str,
    publish_at: Option<jiff::Timestamp>,
    expires_at: Option<jiff::Timestamp>,
    image: Option<ImageJson<'a>>,
    shares: &'a [ShareView],
    #[serde(skip_serializing_if = "Option::is_none")]
    impact: Option<&'a super::model::PostImpact>,
}

#[derive(Serialize)]
struct ImageJson<'a> {
    url: String,
    alt: &'a str,
}

/// One page of `posts.json`: `views` are its live posts in portal order,
/// each serialized on its own thread.
pub(crate) fn posts_json(
    views: &[PostView],
    policy: &Policy,
    urls: &SiteUrls,
    generated_at: &str,
    paging: Paging,
    impact: Option<super::impact::ImpactSummary>,
) -> Vec<String> {
    let posts: Vec<String> = views
        .par_iter()
        .map(|view| {
            let post = PostJson {
                id: &view.id,
                title: &view.title,
                url: urls.absolute(&format!("posts/{}/", view.slug)),
                campaign: view.campaign.as_deref(),
                topics: &view.topics,
                lang: &view.lang,
                publish_at: view.publish_at,
                expires_at: view.expires_at,
                image: view.image.as_ref().map(|image| ImageJson {
                    url: urls.absolute(&format!("posts/{}/{}", view.slug, image.file)),
                    alt: &image.alt,
                }),
                shares: &view.shares,
                impact: view.impact.as_ref(),
            };
            crate::escape::json_in_html(serde_json::to_string(&post).expect("JSON serializes"))
        })
        .collect();
    let head = Head {
        version: VERSION,
        generated_at,
        site: SiteJson {
            title: &policy.site.title,
            base_url: &urls.base,
        },
        paging,
        impact,
    };
    let head = crate::escape::json_in_html(serde_json::to_string(&head).expect("JSON serializes"));
    // `{"version":…,"site":{…}` + `,"posts":[` + posts + `]}`: the documented
    // document, in parts.
    let mut parts = Vec::with_capacity(posts.len() + 2);
    parts.push(format!("{},\"posts\":[", &head[..head.len() - 1]));
    for (i, post) in posts.into_iter().enumerate() {
        parts.push(if i > 0 { format!(",{post}") } else { post });
    }
    parts.push("]}\n".to_string());
    parts
}
