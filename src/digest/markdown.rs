//! The digest as Markdown, for chat tools and e-mail clients that render
//! it: every title and note escaped (`crate::escape::markdown`).

use super::model::Digest;

pub(super) fn render(digest: &Digest) -> String {
    let md = crate::escape::markdown;
    let mut out = format!("# {}\n", md(&digest.title));
    for section in digest.sections() {
        out.push_str(&format!("\n## {}\n\n", md(section.heading)));
        if section.items.is_empty() {
            out.push_str(&format!("{}\n", md(section.none)));
        }
        for item in section.items {
            let note = item.note_in(md);
            out.push_str(&format!("- [{}]({}){note}\n", md(&item.title), item.url));
        }
    }
    out
}
