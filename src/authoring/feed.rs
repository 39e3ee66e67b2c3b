//! `advocate import FEED`: draft posts from the company blog's RSS or Atom
//! feed (a file, or an `http://` URL), one per item not seen before (keyed
//! on its link), with the same repurposing as `advocate new --from`.

use super::article::{Article, collapse, draft, html_text};
use crate::error::Error;
use crate::policy::Policy;
use std::collections::HashSet;
use std::path::Path;

/// What an import did: the new posts' paths, and the items it would not
/// write, each with why.
#[derive(Debug, Default)]
pub(crate) struct Imported {
    pub(crate) written: Vec<String>,
    pub(crate) refused: Vec<String>,
}

/// Writes a draft post for each item of the feed not seen before (by its
/// link). An item whose link is not an http(s) address is refused, not
/// written.
pub(crate) fn import(root: &Path, policy: &Policy, feed: &str) -> Result<Imported, Error> {
    let bytes = read_feed(feed)?;
    let articles = items(&bytes).map_err(|problem| Error::Input(format!("{feed}: {problem}")))?;
    let known = known_links(root, policy)?;
    let mut imported = Imported::default();
    for article in articles {
        let Some(link) = article.link.clone() else {
            continue;
        };
        if known.contains(&link) {
            continue;
        }
        if let Err(why) = super::article::checked_link(&link) {
            let title = article.title.as_deref().unwrap_or("an untitled item");
            let title = crate::escape::shortened(title, 80);
            imported.refused.push(format!("`{title}`: {why}"));
            continue;
        }
        imported.written.push(super::draft::write_imported(
            root,
            policy,
            &draft(article, policy),
        )?);
    }
    Ok(imported)
}

/// A file, or an http(s) URL.
fn read_feed(feed: &str) -> Result<Vec<u8>, Error> {
    if super::fetch::is_url(feed) {
        let accept = "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, */*;q=0.8";
        return super::fetch::fetch(feed, accept);
    }
    std::fs::read(feed).map_err(|e| Error::io("cannot read", feed, e))
}

/// The links of the posts already in the library, read as `check` reads
/// posts (the project's walk and front-matter parser).
fn known_links(root: &Path, policy: &Policy) -> Result<HashSet<String>, Error> {
    let library = crate::project::files::read_library(root)?;
    let mut links = HashSet::new();
    for file in &library.posts {
        if let Ok(source) = file.read()? {
            links.extend(
                crate::post::parse(source, policy)
                    .fields
                    .link
                    .map(|l| l.value),
            );
        }
    }
    Ok(links)
}

/// Each item of a feed as an article: RSS 0.9x to 2.0 and RSS 1.0 (RDF),
/// Atom, or JSON Feed. XML is read with quick-xml, in the encoding its
/// declaration names (Shift_JIS, EUC-JP, …); HTML in titles and summaries
/// is read as HTML. A document that is none of these is an error.
pub(crate) fn items(feed: &[u8]) -> Result<Vec<Article>, String> {
    let start = feed
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(feed.len());
    let body = feed[start..]
        .strip_prefix("\u{feff}".as_bytes())
        .unwrap_or(&feed[start..]);
    if body.starts_with(b"{") {
        return json_feed_items(body);
    }
    xml_feed_items(feed)
}

/// What is gathered of one `<item>` or `<entry>`.
#[derive(Default)]
struct Entry {
    title: Option<String>,
    /// RSS: the `<link>` element's text.
    link_text: Option<String>,
    /// Atom: the `alternate` link (a `<link>` without `rel` is one).
    alternate: Option<String>,
    summary: Option<String>,
    content: Option<String>,
    lang: Option<String>,
}

fn xml_feed_items(feed: &[u8]) -> Result<Vec<Article>, String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(feed);
    reader.config_mut().check_end_names = false;
    let mut buf = Vec::new();
    // The open elements (local names, lower case) and the text inside each.
    let mut open: Vec<(String, String)> = Vec::new();
    let mut feed_lang: Option<String> = None;
    let mut entry: Option<Entry> = None;
    let mut articles = Vec::new();
    let mut root_seen = false;
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| format!("not valid XML ({e}, at byte {})", reader.error_position()))?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).to_ascii_lowercase();
                if !root_seen {
                    root_seen = true;
                    if !matches!(name.as_str(), "rss" | "rdf" | "feed") {
                        return Err(format!(
                            "this is not an RSS, Atom or JSON feed (its document starts with <{name}>); give the feed's address, often /feed, /rss.xml or /atom.xml"
                        ));
                    }
                }
                let attr = |wanted: &str| {
                    e.attributes().flatten().find_map(|a| {
                        let key = String::from_utf8_lossy(a.key.as_ref()).to_ascii_lowercase();
                        (key == wanted)
                            .then(|| a.decode_and_unescape_value(reader.decoder()).ok())
                            .flatten()
                            .map(|v| v.trim().to_string())
                    })
                };
                match name.as_str() {
                    "feed" => feed_lang = feed_lang.take().or_else(|| attr("xml:lang")),
                    "item" | "entry" => {
                        entry = Some(Entry {
                            lang: attr("xml:lang"),
                            ..Entry::default()
                        })
                    }
                    "link" => {
                        let rel = attr("rel").unwrap_or_else(|| "alternate".into());
                        if let (Some(entry), Some(href)) = (entry.as_mut(), attr("href"))
                            && rel.eq_ignore_ascii_case("alternate")
                            && entry.alternate.is_none()
                        {
                            entry.alternate = Some(href);
                        }
                    }
                    _ => {}
                }
                if matches!(event, Event::Start(_)) {
                    open.push((name, String::new()));
                }
            }
            Event::Text(e) => {
                if let Some((_, text)) = open.last_mut() {
                    text.push_str(&e.decode().map_err(|e| format!("not readable text ({e})"))?);
                }
            }
            Event::CData(e) => {
                if let Some((_, text)) = open.last_mut() {
                    text.push_str(&e.decode().map_err(|e| format!("not readable text ({e})"))?);
                }
            }
            Event::GeneralRef(e) => {
                if let Some((_, text)) = open.last_mut() {
                    let name = e.decode().map_err(|e| format!("not readable text ({e})"))?;
                    text.push_str(&resolve_reference(&name));
                }
            }
            Event::End(_) => {
                let Some((name, text)) = open.pop() else {
                    continue;
                };
                let text = text.trim().to_string();
                let in_entry = open.iter().any(|(n, _)| n == "item" || n == "entry");
                match (name.as_str(), entry.as_mut()) {
                    ("item" | "entry", Some(_)) => {
                        let done = entry.take().unwrap_or_default();
                        articles.push(Article {
                            title: done.title.map(|t| html_text(&t)).filter(|t| !t.is_empty()),
                            link: done.alternate.or(done.link_text),
                            lang: done.lang.or(feed_lang.clone()),
                            summary: done
                                .summary
                                .or(done.content)
                                .map(|html| html_text(&html))
                                .filter(|s| !s.is_empty()),
                            headings: Vec::new(),
                        });
                    }
                    (_, Some(entry)) if in_entry && !text.is_empty() => match name.as_str() {
                        "title" => entry.title = Some(text),
                        "link" => entry.link_text = entry.link_text.take().or(Some(text)),
                        "description" | "summary" => entry.summary = Some(text),
                        "encoded" | "content" => entry.content = Some(text),
                        "language" => entry.lang = Some(text),
                        _ => {}
                    },
                    ("language", None) if !text.is_empty() => {
                        feed_lang = feed_lang.take().or(Some(text))
                    }
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if !root_seen {
        return Err("this is not an RSS, Atom or JSON feed: it is empty".into());
    }
    Ok(articles)
}

/// `&amp;`, `&#8217;`, and the HTML names feeds use without declaring them
/// (`&rsquo;`, `&hellip;`), as their characters; an unknown name is kept.
fn resolve_reference(name: &str) -> String {
    if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => number.parse().ok(),
        };
        return code
            .and_then(char::from_u32)
            .map_or_else(|| format!("&{name};"), String::from);
    }
    if let Some(known) = quick_xml::escape::resolve_predefined_entity(name) {
        return known.to_string();
    }
    match markup5ever::data::NAMED_ENTITIES.get(format!("{name};").as_str()) {
        Some(&(first, second)) if first != 0 => [first, second]
            .into_iter()
            .filter(|c| *c != 0)
            .filter_map(char::from_u32)
            .collect(),
        _ => format!("&{name};"),
    }
}

/// JSON Feed 1.0 and 1.1 (jsonfeed.org).
fn json_feed_items(feed: &[u8]) -> Result<Vec<Article>, String> {
    let feed: serde_json::Value =
        serde_json::from_slice(feed).map_err(|e| format!("not valid JSON ({e})"))?;
    let is_json_feed = feed["version"]
        .as_str()
        .is_some_and(|v| v.starts_with("https://jsonfeed.org/version/"));
    if !is_json_feed {
        return Err(
            "this JSON is not a JSON Feed (no `version` of https://jsonfeed.org/version/…)".into(),
        );
    }
    let text = |value: &serde_json::Value| value.as_str().map(collapse).filter(|s| !s.is_empty());
    let feed_lang = text(&feed["language"]);
    Ok(feed["items"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .map(|item| Article {
            title: text(&item["title"]),
            link: text(&item["url"]).or_else(|| text(&item["external_url"])),
            lang: text(&item["language"]).or(feed_lang.clone()),
            summary: text(&item["summary"])
                .or_else(|| text(&item["content_text"]))
                .or_else(|| {
                    item["content_html"]
                        .as_str()
                        .map(html_text)
                        .filter(|s| !s.is_empty())
                }),
            headings: Vec::new(),
        })
        .collect())
}

#[cfg(test)]
mod tests {

    /// (feed, (title, link, lang, summary) of each item)
    #[test]
    fn reads_rss_atom_and_json_feed() {
        type Item<'a> = (&'a str, &'a str, &'a str, &'a str);
        let cases: [(&str, &[Item]); 4] = [
            (
                r#"<?xml version="1.0"?><rss version="2.0"><channel><language>ja</language>
                <item><title>東京オフィス開設</title><link>https://www.example.com/ja/tokyo</link>
                <description><![CDATA[<p>渋谷に新しい<b>オフィス</b>を開設しました。</p><script>alert(1)</script>]]></description></item>
                <item><title>Orbit &amp; more &rsquo;24</title><link>https://www.example.com/orbit</link>
                <description>&lt;p&gt;Less than &amp;lt;2% downtime&amp;hellip; and more.&lt;/p&gt;</description></item>
                </channel></rss>"#,
                &[
                    (
                        "東京オフィス開設",
                        "https://www.example.com/ja/tokyo",
                        "ja",
                        "渋谷に新しいオフィスを開設しました。",
                    ),
                    (
                        "Orbit & more ’24",
                        "https://www.example.com/orbit",
                        "ja",
                        "Less than <2% downtime… and more.",
                    ),
                ],
            ),
            (
                r#"<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en"><title>Blog</title>
                <entry><title type="html">Hello &amp;mdash; world</title>
                <link rel="replies" type="application/atom+xml" href="https://blog.example.com/feeds/1/comments"/>
                <link rel="alternate" type="text/html" href="https://blog.example.com/2026/hello.html"/>
                <summary type="html">&lt;p&gt;Hi &amp;times; 2.&lt;/p&gt;</summary></entry></feed>"#,
                &[(
                    "Hello — world",
                    "https://blog.example.com/2026/hello.html",
                    "en",
                    "Hi × 2.",
                )],
            ),
            (
                r#"{"version": "https://jsonfeed.org/version/1.1", "language": "ja", "items": [
                    {"id": "1", "title": "新製品 &amp; 発表", "url": "https://www.example.com/ja/new",
                     "content_html": "<p>本日発表しました&hellip;</p>"}]}"#,
                &[(
                    "新製品 &amp; 発表",
                    "https://www.example.com/ja/new",
                    "ja",
                    "本日発表しました…",
                )],
            ),
            (
                r#"<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
                <item><title>RDF</title><link>https://www.example.com/rdf</link><dc:language>en</dc:language><description>One.</description></item></rdf:RDF>"#,
                &[("RDF", "https://www.example.com/rdf", "en", "One.")],
            ),
        ];
        for (feed, expected) in cases {
            let found: Vec<[String; 4]> = super::items(feed.as_bytes())
                .unwrap()
                .into_iter()
                .map(|a| [a.title, a.link, a.lang, a.summary].map(Option::unwrap_or_default))
                .collect();
            let expected: Vec<[String; 4]> = expected
                .iter()
                .map(|(t, l, g, s)| [t, l, g, s].map(|x| x.to_string()))
                .collect();
            assert_eq!(found, expected, "{feed}");
        }
    }

    /// A Shift_JIS feed is read in its declared encoding.
    #[test]
    fn reads_the_declared_encoding() {
        let text = "<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><rss><channel><item><title>東京</title><link>https://e.com/a</link></item></channel></rss>";
        let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(text);
        let items = super::items(&bytes).unwrap();
        assert_eq!(items[0].title.as_deref(), Some("東京"));
    }

    /// A web page, or anything else, is an error that says what to give.
    #[test]
    fn refuses_what_is_not_a_feed() {
        for document in [
            "<!doctype html><html><head><title>Blog</title></head><body></body></html>",
            "{\"name\": \"not a feed\"}",
            "",
            "<rss><channel><item></rss",
        ] {
            assert!(super::items(document.as_bytes()).is_err(), "{document}");
        }
    }
}
