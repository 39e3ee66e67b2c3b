//! The digest as plain text, for a terminal or a plain-text message:
//! nothing from a post can send the terminal an escape sequence
//! (`crate::escape::terminal`).

use super::model::Digest;

pub(super) fn render(digest: &Digest) -> String {
    let shown = crate::escape::terminal;
    let mut out = format!("{}\n", shown(&digest.title));
    for section in digest.sections() {
        out.push_str(&format!("\n{}\n", shown(section.heading)));
        if section.items.is_empty() {
            out.push_str(&format!("  {}\n", shown(section.none)));
        }
        for item in section.items {
            let note = item.note_in(shown);
            out.push_str(&format!(
                "  - {}{note}\n    {}\n",
                shown(&item.title),
                shown(&item.url)
            ));
        }
    }
    out
}
