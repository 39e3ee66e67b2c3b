//! `posts.json`: the portal's API (SPEC §8).

use super::model::{PostView, ShareView, shares_in_file_order};
use super::urls::SiteUrls;
use crate::policy::Policy;
use crate::post::Post;
use serde::Serialize;
use std::collections::HashMap;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    generated_at: &'a str,
    site: SiteJson<'a>,
    posts: Vec<PostJson<'a>>,
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
    publish_at: Option<&'a str>,
    expires_at: Option<&'a str>,
    image: Option<ImageJson<'a>>,
    shares: Vec<ShareView>,
}

#[derive(Serialize)]
struct ImageJson<'a> {
    url: String,
    alt: &'a str,
}

/// `views` are the live posts in portal order; `live` the same posts as
/// parsed, for their shares in file order.
pub fn posts_json(
    live: &[&Post],
    views: &[PostView],
    policy: &Policy,
    urls: &SiteUrls,
    generated_at: &str,
) -> String {
    let by_id: HashMap<&str, &Post> = live.iter().map(|p| (p.id.as_str(), *p)).collect();
    let posts = views
        .iter()
        .map(|view| PostJson {
            id: &view.id,
            title: &view.title,
            url: urls.absolute(&format!("posts/{}/", view.slug)),
            campaign: view.campaign.as_deref(),
            topics: &view.topics,
            lang: &view.lang,
            publish_at: view.publish_at.as_deref(),
            expires_at: view.expires_at.as_deref(),
            image: view.image.as_ref().map(|image| ImageJson {
                url: urls.absolute(&format!("posts/{}/{}", view.slug, image.file)),
                alt: &image.alt,
            }),
            shares: by_id
                .get(view.id.as_str())
                .map(|post| shares_in_file_order(post, policy))
                .unwrap_or_default(),
        })
        .collect();
    let document = Document {
        version: 1,
        generated_at,
        site: SiteJson {
            title: &policy.site.title,
            base_url: &urls.base,
        },
        posts,
    };
    let mut text =
        super::html_safe_json(serde_json::to_string_pretty(&document).expect("JSON serializes"));
    text.push('\n');
    text
}
