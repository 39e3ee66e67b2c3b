//! `search.json`: what the portal's search reads, loaded on first use.
//!
//! Each live post's title, briefing, share texts and topics, folded as the
//! term matcher folds (NFKC, case folding), so the browser only folds the
//! query. Japanese has no spaces between words, so the portal matches
//! substrings, not words.

use super::model::PostView;
use crate::text::fold::Folded;
use rayon::prelude::*;

/// `{"ids":[…],"meta":[…],"cards":[…],"text":[…]}`, in parts, made in
/// parallel. `meta` holds each post's campaign, topics (joined by `|`),
/// networks (joined by a space) and language, for the filters; `cards` its
/// card as the list pages show it (`card_html`), for the results.
pub(crate) fn index(
    views: &[PostView],
    card_html: &(dyn Fn(usize) -> String + Sync),
) -> Vec<String> {
    let ids: Vec<&str> = views.iter().map(|v| v.slug.as_str()).collect();
    let ids = crate::escape::json_in_html(serde_json::to_string(&ids).expect("JSON serializes"));
    let texts: Vec<String> = views
        .par_iter()
        .enumerate()
        .map(|(i, view)| {
            let text = serde_json::to_string(&searchable_text(view)).expect("JSON serializes");
            let text = crate::escape::json_in_html(text);
            if i == 0 { text } else { format!(",{text}") }
        })
        .collect();
    let meta: Vec<[String; 4]> = views
        .iter()
        .map(|view| {
            [
                view.campaign.clone().unwrap_or_default(),
                view.topics.join("|"),
                view.networks
                    .iter()
                    .map(|n| n.network.name())
                    .collect::<Vec<_>>()
                    .join(" "),
                view.lang.clone(),
            ]
        })
        .collect();
    let meta = crate::escape::json_in_html(serde_json::to_string(&meta).expect("JSON serializes"));
    let cards: Vec<String> = (0..views.len())
        .into_par_iter()
        .map(|i| {
            let card = serde_json::to_string(card_html(i).trim()).expect("JSON serializes");
            let card = crate::escape::json_in_html(card);
            if i == 0 { card } else { format!(",{card}") }
        })
        .collect();
    let mut parts = Vec::with_capacity(2 * views.len() + 3);
    parts.push(format!("{{\"ids\":{ids},\"meta\":{meta},\"cards\":["));
    parts.extend(cards);
    parts.push("],\"text\":[".to_string());
    parts.extend(texts);
    parts.push("]}".to_string());
    parts
}

/// The words of a post. Share texts are taken without their tracked link,
/// which differs per network only in its parameters: a text shared on six
/// networks is searched once.
fn searchable_text(view: &PostView) -> String {
    let mut texts: Vec<String> = Vec::new();
    for share in &view.shares {
        let text = match &share.link {
            Some(link) => share.text.replace(link.as_str(), ""),
            None => share.text.clone(),
        };
        if !texts.contains(&text) {
            texts.push(text);
        }
    }
    let mut parts: Vec<&str> = vec![&view.title, &view.briefing_text];
    parts.extend(view.topics.iter().map(String::as_str));
    parts.extend(view.campaign.as_deref());
    parts.extend(texts.iter().map(String::as_str));
    Folded::new(&parts.join("\n"), true).text
}
