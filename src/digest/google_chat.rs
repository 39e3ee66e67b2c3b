//! The digest as a Google Chat message for an incoming webhook: one card
//! (`cardsV2`) with a header, a section per list and a button to the
//! portal. Card text is Google Chat's small HTML: every title and note is
//! escaped there (`crate::escape::markup`), so nothing in a post mentions
//! anyone (`<users/all>`), links or formats.

use super::model::Digest;
use crate::escape::markup;
use serde_json::json;

/// The most posts a section lists: a message stays well within Google
/// Chat's 32,000 bytes.
const MOST: usize = 20;

pub(super) fn render(digest: &Digest) -> String {
    let mut sections = Vec::new();
    for section in digest.sections() {
        let mut widgets = Vec::new();
        if section.items.is_empty() {
            widgets.push(json!({"textParagraph": {"text": markup(section.none)}}));
        }
        let (items, more) = digest.at_most(section.items, MOST);
        for item in items {
            let note = if item.note.is_empty() {
                String::new()
            } else {
                format!(" <font color=\"#5f6368\">({})</font>", markup(&item.note))
            };
            widgets.push(json!({"decoratedText": {
                "text": format!("<a href=\"{}\">{}</a>{note}", markup(&item.url), markup(&item.title)),
                "wrapText": true,
            }}));
        }
        if let Some(more) = more {
            widgets.push(json!({"textParagraph": {"text": markup(&more)}}));
        }
        sections.push(json!({"header": markup(section.heading), "widgets": widgets}));
    }
    sections.push(json!({"widgets": [{"buttonList": {"buttons": [{
        "text": digest.open_portal,
        "onClick": {"openLink": {"url": digest.portal}},
    }]}}]}));
    let message = json!({
        "cardsV2": [{
            "cardId": "advocate-digest",
            "card": {
                "header": {"title": digest.title},
                "sections": sections,
            },
        }],
    });
    let mut text = serde_json::to_string_pretty(&message).expect("JSON serializes");
    text.push('\n');
    text
}
