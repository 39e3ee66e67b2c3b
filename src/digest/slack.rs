//! The digest as Slack Block Kit JSON (an incoming webhook's payload):
//! mrkdwn sections, every title and note escaped (`crate::escape::slack`)
//! and marked `verbatim`, so Slack neither mentions nor links what a post
//! says.

use super::model::{Digest, Item};
use serde_json::json;

/// Slack's limits for one message (Block Kit): characters in a section's
/// text, and blocks.
const SLACK_SECTION_CHARS: usize = 3000;
const SLACK_BLOCKS: usize = 50;

/// Slack Block Kit: a header, then each list in sections. A list too
/// long for one section goes on in the next, split between items,
/// never inside one; a message that would pass Slack's 50 blocks says
/// how many items it left out.
pub(super) fn render(digest: &Digest) -> String {
    let mut blocks = vec![
        json!({"type": "header", "text": {"type": "plain_text", "text": truncate(&digest.title, 150), "emoji": true}}),
    ];
    // Each section's text, with how many items it holds.
    let mut sections: Vec<(String, usize)> = Vec::new();
    for section in digest.sections() {
        let mut text = format!("*{}*", crate::escape::slack(section.heading));
        let mut held = 0;
        if section.items.is_empty() {
            text.push('\n');
            text.push_str(&crate::escape::slack(section.none));
        }
        for item in section.items {
            let line = slack_line(item);
            if text.chars().count() + 1 + line.chars().count() > SLACK_SECTION_CHARS {
                sections.push((std::mem::take(&mut text), held));
                held = 0;
            } else {
                text.push('\n');
            }
            text.push_str(&line);
            held += 1;
        }
        sections.push((text, held));
    }
    let room = SLACK_BLOCKS - blocks.len();
    let kept = if sections.len() <= room {
        sections.len()
    } else {
        room - 1
    };
    let left_out: usize = sections[kept..].iter().map(|(_, n)| n).sum();
    for (text, _) in &sections[..kept] {
        blocks.push(
            json!({"type": "section", "text": {"type": "mrkdwn", "text": text, "verbatim": true}}),
        );
    }
    if kept < sections.len() {
        let note = digest.left_out.replace("{n}", &left_out.to_string());
        blocks.push(json!({"type": "section", "text": {"type": "mrkdwn", "text": crate::escape::slack(&note), "verbatim": true}}));
    }
    let mut text = serde_json::to_string_pretty(&json!({"text": digest.title, "blocks": blocks}))
        .expect("JSON serializes");
    text.push('\n');
    text
}

/// One item as a Slack line, `• <URL|title> (note)`, at most a section
/// long: a long title is shortened, never the link.
fn slack_line(item: &Item) -> String {
    let note = item.note_in(crate::escape::slack);
    // Slack reads `|` and `>` in a link's address as its end.
    let url = crate::escape::slack(&item.url).replace('|', "%7C");
    let title = crate::escape::slack(&item.title);
    let fixed = url.chars().count() + note.chars().count() + 8;
    // The heading's line and a margin: a line always fits a section.
    let room = SLACK_SECTION_CHARS.saturating_sub(200 + fixed);
    if room < 10 {
        return truncate(&format!("• {title}{note}"), SLACK_SECTION_CHARS - 200);
    }
    format!("• <{url}|{}>{note}", truncate_escaped(&title, room))
}

/// `truncate` for escaped text: never cuts an entity (`&amp;`) in two.
fn truncate_escaped(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    if let Some(amp) = cut.rfind('&')
        && !cut[amp..].contains(';')
    {
        cut.truncate(amp);
    }
    format!("{cut}…")
}

pub(super) fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max - 1).collect();
    format!("{cut}…")
}
