//! `posts.json`: the portal's API (SPEC §8).

use super::model::{PostView, ShareView};
use super::urls::SiteUrls;
use crate::policy::Policy;
use rayon::prelude::*;
use serde::Serialize;

#[derive(Serialize)]
struct Head<'a> {
    version: u32,
    generated_at: &'a str,
    site: SiteJson<'a>,
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

/// `views` are the live posts in portal order. Each post is serialized on
/// its own thread: for 10,000 posts this file is tens of megabytes.
pub(crate) fn posts_json(
    views: &[PostView],
    policy: &Policy,
    urls: &SiteUrls,
    generated_at: &str,
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
        version: 1,
        generated_at,
        site: SiteJson {
            title: &policy.site.title,
            base_url: &urls.base,
        },
        impact,
    };
    let head = crate::escape::json_in_html(serde_json::to_string(&head).expect("JSON serializes"));
    // `{"version":…,"site":{…}` + `,"posts":[` + posts + `]}`: SPEC §8's
    // document, in parts.
    let mut parts = Vec::with_capacity(posts.len() + 2);
    parts.push(format!("{},\"posts\":[", &head[..head.len() - 1]));
    for (i, post) in posts.into_iter().enumerate() {
        parts.push(if i > 0 { format!(",{post}") } else { post });
    }
    parts.push("]}\n".to_string());
    parts
}
