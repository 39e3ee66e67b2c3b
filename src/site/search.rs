//! `search.json`: what the portal's search reads, loaded on first use.
//!
//! Each live post's title, briefing, share texts and topics, folded as the
//! term matcher folds (NFKC, case folding), so the browser only folds the
//! query. Japanese has no spaces between words, so the portal matches
//! substrings, not words.

use super::model::PostView;
use crate::text::fold::Folded;
use serde::Serialize;

#[derive(Serialize)]
struct SearchIndex<'a> {
    /// Post slugs, in portal order.
    ids: Vec<&'a str>,
    /// The folded text of each post.
    text: Vec<String>,
}

pub fn index(views: &[PostView]) -> String {
    let index = SearchIndex {
        ids: views.iter().map(|v| v.slug.as_str()).collect(),
        text: views.iter().map(searchable_text).collect(),
    };
    super::html_safe_json(serde_json::to_string(&index).expect("JSON serializes"))
}

fn searchable_text(view: &PostView) -> String {
    let mut parts: Vec<&str> = vec![&view.title, &view.briefing_text];
    parts.extend(view.topics.iter().map(String::as_str));
    parts.extend(view.campaign.as_deref());
    for share in &view.shares {
        parts.push(&share.text);
    }
    let mut seen = Vec::new();
    parts.retain(|p| {
        let new = !seen.contains(p);
        seen.push(p);
        new
    });
    Folded::new(&parts.join("\n"), true).text
}
