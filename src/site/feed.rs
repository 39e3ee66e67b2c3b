//! Atom feeds of live posts: `feed.xml` for all of them, and one per
//! campaign and topic (`campaigns/SLUG/feed.xml`), so an employee can
//! follow one campaign in any reader.

use super::model::PostView;
use super::urls::SiteUrls;
use crate::escape::markup as escape;

/// What a feed is: its title, the page it stands for and its own path
/// (from the site's root).
pub(crate) struct Feed<'a> {
    pub(crate) title: &'a str,
    /// The site's title, the feed's author.
    pub(crate) author: &'a str,
    pub(crate) page: &'a str,
    pub(crate) path: &'a str,
}

pub(crate) fn atom(posts: &[&PostView], feed: &Feed, urls: &SiteUrls, updated: &str) -> String {
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    xml.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    xml.push_str(&format!("  <title>{}</title>\n", escape(feed.title)));
    xml.push_str(&format!(
        "  <id>{}</id>\n",
        escape(&urls.absolute(feed.path))
    ));
    xml.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        escape(&urls.absolute(feed.page))
    ));
    xml.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        escape(&urls.absolute(feed.path))
    ));
    xml.push_str(&format!("  <updated>{}</updated>\n", escape(updated)));
    xml.push_str("  <author><name>");
    xml.push_str(&escape(feed.author));
    xml.push_str("</name></author>\n");
    for post in posts {
        let url = urls.absolute(&format!("posts/{}/", post.slug));
        let when = post
            .publish_at
            .map_or_else(|| updated.to_string(), |t| t.to_string());
        xml.push_str("  <entry>\n");
        xml.push_str(&format!("    <title>{}</title>\n", escape(&post.title)));
        xml.push_str(&format!("    <id>{}</id>\n", escape(&url)));
        xml.push_str(&format!(
            "    <link rel=\"alternate\" href=\"{}\"/>\n",
            escape(&url)
        ));
        xml.push_str(&format!("    <updated>{}</updated>\n", escape(&when)));
        xml.push_str(&format!("    <published>{}</published>\n", escape(&when)));
        if let Some(campaign) = &post.campaign {
            xml.push_str(&format!("    <category term=\"{}\"/>\n", escape(campaign)));
        }
        xml.push_str(&format!(
            "    <summary xml:lang=\"{}\">{}</summary>\n",
            escape(&post.lang),
            escape(&post.briefing_text)
        ));
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    xml
}
