//! The digest as a Chatwork message body (what `POST
//! /v2/rooms/{room_id}/messages` takes as its `body`): an `[info]` box
//! with the title, then each list. Chatwork's tags (`[To:…]`, `[info]`,
//! `[code]`, …) in a title are broken (`crate::escape::chatwork`), so a
//! post never mentions anyone or changes the message's layout.

use super::model::Digest;
use crate::escape::chatwork as escape;

/// The most posts a section lists.
const MOST: usize = 20;

pub(super) fn render(digest: &Digest) -> String {
    let mut out = format!("[info][title]{}[/title]", escape(&digest.title));
    for section in digest.sections() {
        out.push_str(&format!("\n■ {}\n", escape(section.heading)));
        if section.items.is_empty() {
            out.push_str(&format!("{}\n", escape(section.none)));
        }
        let (items, more) = digest.at_most(section.items, MOST);
        for item in items {
            let note = item.note_in(escape);
            out.push_str(&format!(
                "・{}{note}\n  {}\n",
                escape(&item.title),
                escape(&item.url)
            ));
        }
        if let Some(more) = more {
            out.push_str(&format!("{}\n", escape(&more)));
        }
    }
    out.push_str(&format!(
        "[hr]{}: {}[/info]\n",
        escape(&digest.open_portal),
        escape(&digest.portal)
    ));
    out
}
