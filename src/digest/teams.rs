//! The digest as a Microsoft Teams message for a Workflows webhook ("When
//! a Teams webhook request is received"): `{"type": "message",
//! "attachments": [an Adaptive Card]}`. Every title and note is a
//! `TextRun`, which Teams shows as it is, without Markdown, mentions or
//! HTML; each post's title opens its page through the run's own action.

use super::model::Digest;
use serde_json::{Value, json};

/// The card's schema version: what Teams shows in a chat or a channel.
pub(super) const CARD_VERSION: &str = "1.5";

/// The most posts a section lists: a card stays well within Teams' 28 KB.
const MOST: usize = 20;

/// Text on one line: a line break in a title cannot start a line of its
/// own.
fn line(text: &str) -> String {
    crate::escape::terminal(text)
}

fn run(text: &str) -> Value {
    json!({"type": "TextRun", "text": line(text)})
}

fn block(inlines: Vec<Value>) -> Value {
    json!({"type": "RichTextBlock", "inlines": inlines})
}

/// The Adaptive Card itself.
pub(super) fn card(digest: &Digest) -> Value {
    let mut body = vec![block(vec![json!({
        "type": "TextRun", "text": line(&digest.title), "size": "Large", "weight": "Bolder",
    })])];
    for section in digest.sections() {
        let mut heading = block(vec![json!({
            "type": "TextRun", "text": line(section.heading), "weight": "Bolder",
        })]);
        heading["separator"] = json!(true);
        heading["spacing"] = json!("Medium");
        body.push(heading);
        if section.items.is_empty() {
            body.push(block(vec![json!({
                "type": "TextRun", "text": line(section.none), "isSubtle": true,
            })]));
        }
        let (items, more) = digest.at_most(section.items, MOST);
        for item in items {
            let mut inlines = vec![
                run("• "),
                json!({
                    "type": "TextRun",
                    "text": line(&item.title),
                    "color": "Accent",
                    "selectAction": {"type": "Action.OpenUrl", "url": item.url},
                }),
            ];
            if !item.note.is_empty() {
                inlines.push(json!({"type": "TextRun", "text": format!(" ({})", line(&item.note)), "isSubtle": true}));
            }
            body.push(block(inlines));
        }
        if let Some(more) = more {
            body.push(block(vec![
                json!({"type": "TextRun", "text": line(&more), "isSubtle": true}),
            ]));
        }
    }
    json!({
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": CARD_VERSION,
        "body": body,
        "actions": [{"type": "Action.OpenUrl", "title": digest.open_portal, "url": digest.portal}],
    })
}

pub(super) fn render(digest: &Digest) -> String {
    let message = json!({
        "type": "message",
        "attachments": [{
            "contentType": "application/vnd.microsoft.card.adaptive",
            "contentUrl": null,
            "content": card(digest),
        }],
    });
    let mut text = serde_json::to_string_pretty(&message).expect("JSON serializes");
    text.push('\n');
    text
}
