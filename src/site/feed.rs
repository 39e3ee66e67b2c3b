//! `feed.xml`: an Atom feed of the live posts.

use super::model::PostView;
use super::urls::SiteUrls;
use crate::escape::markup as escape;

pub(crate) fn atom(posts: &[PostView], title: &str, urls: &SiteUrls, updated: &str) -> String {
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    xml.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    xml.push_str(&format!("  <title>{}</title>\n", escape(title)));
    xml.push_str(&format!("  <id>{}</id>\n", escape(&urls.absolute(""))));
    xml.push_str(&format!(
        "  <link rel=\"alternate\" href=\"{}\"/>\n",
        escape(&urls.absolute(""))
    ));
    xml.push_str(&format!(
        "  <link rel=\"self\" href=\"{}\"/>\n",
        escape(&urls.absolute("feed.xml"))
    ));
    xml.push_str(&format!("  <updated>{}</updated>\n", escape(updated)));
    xml.push_str("  <author><name>");
    xml.push_str(&escape(title));
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
