//! The digest as a LINE WORKS message for its Incoming Webhook app:
//! `{"title", "body": {"text"}, "button": {"label", "url"}}`. All three
//! are plain text there; line breaks in a title become spaces, so a post
//! cannot fake a heading.

use super::model::Digest;
use serde_json::json;

/// The most posts a section lists.
const MOST: usize = 10;

/// One line of plain text.
fn line(text: &str) -> String {
    crate::escape::terminal(text)
}

pub(super) fn render(digest: &Digest) -> String {
    let mut text = String::new();
    for section in digest.sections() {
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(&format!("■ {}\n", line(section.heading)));
        if section.items.is_empty() {
            text.push_str(&format!("{}\n", line(section.none)));
        }
        let (items, more) = digest.at_most(section.items, MOST);
        for item in items {
            let note = item.note_in(line);
            text.push_str(&format!("・{}{note}\n{}\n", line(&item.title), item.url));
        }
        if let Some(more) = more {
            text.push_str(&format!("{}\n", line(&more)));
        }
    }
    let message = json!({
        "title": line(&digest.title),
        "body": {"text": text.trim_end()},
        "button": {"label": digest.open_portal, "url": digest.portal},
    });
    let mut out = serde_json::to_string_pretty(&message).expect("JSON serializes");
    out.push('\n');
    out
}
