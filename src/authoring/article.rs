//! `advocate new --from FILE`: repurposing an article that already worked.
//! From a Markdown article with front matter, or an HTML page, take the
//! title, the canonical link, the description (or first paragraph) and the
//! headings; prefill share texts cut to each network's limit at a sentence
//! or word boundary (Japanese has no spaces: it is cut after `。`, `、` or,
//! at worst, between characters).

use crate::error::Error;
use crate::network::Network;
use crate::policy::Policy;
use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
use std::path::Path;

/// Headings kept as key points at most.
const MAX_POINTS: usize = 6;

/// What `--from` found in an existing article.
#[derive(Debug, Default, Clone)]
pub(crate) struct Draft {
    pub(crate) title: Option<String>,
    pub(crate) link: Option<String>,
    pub(crate) lang: Option<String>,
    pub(crate) key_points: Vec<String>,
    /// Per network, a share text cut to its limit.
    pub(crate) texts: Vec<(Network, String)>,
}

/// The draft for an article in a file or at an http(s) address (Markdown
/// or HTML).
pub(crate) fn draft_from(source: &str, policy: &Policy) -> Result<Draft, Error> {
    let text = if super::fetch::is_url(source) {
        let bytes = super::fetch::fetch(source, "text/html, text/markdown;q=0.9, */*;q=0.8")?;
        String::from_utf8_lossy(&bytes).into_owned()
    } else {
        std::fs::read_to_string(source).map_err(|e| Error::io("cannot read", source, e))?
    };
    let path = Path::new(source);
    let is_html = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"))
        || text.trim_start().starts_with('<');
    let article = if is_html {
        from_html(&text)
    } else {
        from_markdown(&text)
    };
    if let Some(link) = &article.link {
        checked_link(link).map_err(|why| Error::Input(format!("{source}: {why}")))?;
    }
    Ok(draft(article, policy))
}

/// A link fit to write into a draft: an absolute http(s) address.
/// `javascript:`, `data:` and any other scheme are refused, with why.
pub(crate) fn checked_link(link: &str) -> Result<(), String> {
    let shown = crate::escape::shortened(link, 80);
    match url::Url::parse(link.trim()) {
        Ok(url) if matches!(url.scheme(), "http" | "https") => Ok(()),
        _ => Err(format!(
            "its link `{shown}` is not an http(s) address; a draft gets only http(s) links"
        )),
    }
}

/// What an article says about itself.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct Article {
    pub(crate) title: Option<String>,
    pub(crate) link: Option<String>,
    pub(crate) lang: Option<String>,
    pub(crate) summary: Option<String>,
    pub(crate) headings: Vec<String>,
}

pub(crate) fn draft(article: Article, policy: &Policy) -> Draft {
    let summary = article
        .summary
        .clone()
        .or(article.title.clone())
        .unwrap_or_default();
    let tag_room = policy
        .disclosure
        .as_ref()
        .and_then(|d| d.any_of.first())
        .map_or(0, |tag| tag.chars().count() + 1);
    let link_len = article.link.as_ref().map_or(0, |l| l.chars().count() + 80);
    let texts = policy
        .networks
        .iter()
        .map(|settings| {
            let network = settings.network;
            let link_room = if !network.takes_links() || article.link.is_none() {
                0
            } else if network.counts_url_characters() {
                link_len + 1 + policy.advocate_param_room()
            } else {
                crate::text::weighted::URL_WEIGHT + 1
            };
            let budget = settings.max_length.saturating_sub(link_room + tag_room * 2);
            (network, cut_to_fit(&summary, network, budget))
        })
        .collect();
    let mut key_points = article.headings.clone();
    if key_points.is_empty() {
        key_points = sentences(&summary)
            .into_iter()
            .map(|s| s.trim().to_string())
            .take(MAX_POINTS)
            .collect();
    }
    Draft {
        title: article.title,
        link: article.link,
        lang: article.lang.filter(|l| policy.site.languages.contains(l)),
        key_points,
        texts,
    }
}

/// The longest prefix of whole sentences that fits, else of whole words,
/// else of characters, with `…` when cut inside a sentence.
pub(crate) fn cut_to_fit(text: &str, network: Network, budget: usize) -> String {
    let text = text.trim();
    if network.length(text) <= budget {
        return text.to_string();
    }
    let mut fitted = String::new();
    for sentence in sentences(text) {
        let candidate = format!("{fitted}{sentence}");
        if network.length(candidate.trim()) > budget {
            break;
        }
        fitted = candidate;
    }
    if !fitted.trim().is_empty() {
        return fitted.trim().to_string();
    }
    let mut cut = String::new();
    for piece in text.split_inclusive(|c: char| c.is_whitespace() || c == '、' || c == '，') {
        let candidate = format!("{cut}{piece}");
        if network.length(&format!("{}…", candidate.trim_end())) > budget {
            break;
        }
        cut = candidate;
    }
    if cut.trim().is_empty() {
        for c in text.chars() {
            let candidate = format!("{cut}{c}");
            if network.length(&format!("{candidate}…")) > budget {
                break;
            }
            cut = candidate;
        }
    }
    format!("{}…", cut.trim_end().trim_end_matches(['、', '，', ',']))
}

/// Sentences with their ending punctuation (`.`, `!`, `?`, `。`, `！`, `？`).
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (i, &(offset, c)) in chars.iter().enumerate() {
        let end = offset + c.len_utf8();
        let closes = matches!(c, '。' | '！' | '？')
            || (matches!(c, '.' | '!' | '?')
                && chars.get(i + 1).is_none_or(|(_, n)| n.is_whitespace()));
        if closes {
            out.push(&text[start..end]);
            start = end;
        }
    }
    if start < text.len() && !text[start..].trim().is_empty() {
        out.push(&text[start..]);
    }
    out
}

pub(crate) fn from_markdown(text: &str) -> Article {
    let text = text.trim_start_matches('\u{feff}');
    let mut article = Article::default();
    let body = match crate::post::split::split(text) {
        Ok(split) => {
            if let Ok(root) = crate::yaml::parse(split.yaml)
                && let crate::yaml::Value::Map(entries) = &root.value
            {
                for (key, value) in entries {
                    let (Some(key), Some(value)) = (key.as_str(), value.as_str()) else {
                        continue;
                    };
                    let value = Some(value.trim().to_string());
                    match key {
                        "title" => article.title = value,
                        "link" | "url" | "canonical" | "canonical_url" | "permalink" => {
                            article.link = value
                        }
                        "description" | "summary" | "excerpt" => article.summary = value,
                        "lang" | "language" => article.lang = value,
                        _ => {}
                    }
                }
            }
            split.body
        }
        Err(_) => text,
    };
    let mut heading: Option<(HeadingLevel, String)> = None;
    let mut paragraph: Option<String> = None;
    let mut first_paragraph = None;
    for event in Parser::new(body) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => heading = Some((level, String::new())),
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, text)) = heading.take() {
                    if level == HeadingLevel::H1 && article.title.is_none() {
                        article.title = Some(text.trim().to_string());
                    } else if level != HeadingLevel::H1 && article.headings.len() < MAX_POINTS {
                        article.headings.push(text.trim().to_string());
                    }
                }
            }
            Event::Start(Tag::Paragraph) => paragraph = Some(String::new()),
            Event::End(TagEnd::Paragraph) if first_paragraph.is_none() => {
                first_paragraph = paragraph.take().filter(|p| !p.trim().is_empty());
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, h)) = heading.as_mut() {
                    h.push_str(&t);
                } else if let Some(p) = paragraph.as_mut() {
                    p.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(p) = paragraph.as_mut() {
                    p.push(' ');
                }
            }
            _ => {}
        }
    }
    if article.summary.is_none() {
        article.summary = first_paragraph.map(|p| p.trim().to_string());
    }
    article
}

/// What an HTML page says about itself, read with a real HTML parser
/// (`scraper`, html5ever): the title (`og:title`, `<title>`, the first
/// `<h1>`), the canonical link (`og:url`), the description, the page's
/// `lang`, and its `<h2>`/`<h3>` headings. Scripts, styles and comments are
/// never text.
pub(crate) fn from_html(html: &str) -> Article {
    use scraper::{Html, Selector};
    let page = Html::parse_document(html);
    let select = |css: &str| Selector::parse(css).ok();
    let first_text = |css: &str| {
        let selector = select(css)?;
        page.select(&selector)
            .map(|element| element_text(&element))
            .find(|text| !text.is_empty())
    };
    let meta = |key: &str| {
        let selector = select("meta")?;
        page.select(&selector)
            .find(|m| {
                let v = m.value();
                v.attr("property")
                    .or(v.attr("name"))
                    .is_some_and(|k| k.eq_ignore_ascii_case(key))
            })
            .and_then(|m| m.value().attr("content"))
            .map(collapse)
            .filter(|c| !c.is_empty())
    };
    let canonical = select("link[rel]").and_then(|selector| {
        page.select(&selector)
            .find(|l| {
                l.value().attr("rel").is_some_and(|r| {
                    r.split_whitespace()
                        .any(|r| r.eq_ignore_ascii_case("canonical"))
                })
            })
            .and_then(|l| l.value().attr("href"))
            .map(str::to_string)
    });
    let headings = select("h2, h3").map_or_else(Vec::new, |selector| {
        page.select(&selector)
            .map(|h| element_text(&h))
            .filter(|h| !h.is_empty())
            .take(MAX_POINTS)
            .collect()
    });
    Article {
        title: meta("og:title")
            .or_else(|| first_text("title"))
            .or_else(|| first_text("h1")),
        link: canonical.or_else(|| meta("og:url")),
        lang: select("html[lang]").and_then(|selector| {
            page.select(&selector)
                .next()
                .and_then(|h| h.value().attr("lang"))
                .map(str::to_string)
        }),
        summary: meta("description")
            .or_else(|| meta("og:description"))
            .or_else(|| first_text("p")),
        headings,
    }
}

/// The text an HTML fragment shows (a feed's description): entities
/// decoded by the parser, scripts and styles left out, white space
/// collapsed.
pub(crate) fn html_text(html: &str) -> String {
    let fragment = scraper::Html::parse_fragment(html);
    element_text(&fragment.root_element())
}

/// An element's visible text: no script, style or template content.
fn element_text(element: &scraper::ElementRef) -> String {
    let mut out = String::new();
    for node in element.descendants() {
        if let Some(text) = node.value().as_text() {
            let hidden = node.ancestors().any(|a| {
                a.value().as_element().is_some_and(|e| {
                    matches!(e.name(), "script" | "style" | "template" | "noscript")
                })
            });
            if !hidden {
                out.push_str(text);
            }
        }
    }
    collapse(&out)
}

pub(crate) fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every HTML5 entity decoded, scripts, styles and comments never
    /// text, headings in order.
    #[test]
    fn reads_html_with_a_real_parser() {
        let html = r#"<!doctype html><html lang="en"><head>
            <title>It&rsquo;s here &mdash; Orbit 3</title>
            <style>h2 { color: red }</style>
            <script>document.write("<h2>Not a heading</h2>")</script>
            </head><body>
            <!-- <h2>Commented out</h2> -->
            <p>Sync 2&times; faster, &lt;2% battery&hellip; really.</p>
            <h2>Offline &amp; online</h2><h3>Teams</h3></body></html>"#;
        let article = from_html(html);
        assert_eq!(article.title.as_deref(), Some("It’s here — Orbit 3"));
        assert_eq!(
            article.summary.as_deref(),
            Some("Sync 2× faster, <2% battery… really.")
        );
        assert_eq!(article.headings, vec!["Offline & online", "Teams"]);
        assert_eq!(article.lang.as_deref(), Some("en"));
    }

    #[test]
    fn reads_an_html_page() {
        let html = r#"<!doctype html><html lang="ja"><head><title>Ignored &amp; replaced</title>
            <meta property="og:title" content="東京オフィス開設のお知らせ">
            <meta name="description" content="渋谷に新しいオフィスを開設しました。お客様をもっと近くでサポートします。">
            <link rel="canonical" href="https://www.example.com/ja/tokyo"></head>
            <body><h1>東京</h1><h2>新しいオフィス</h2><h2>採用情報</h2><p>本文</p></body></html>"#;
        let article = from_html(html);
        assert_eq!(article.title.as_deref(), Some("東京オフィス開設のお知らせ"));
        assert_eq!(
            article.link.as_deref(),
            Some("https://www.example.com/ja/tokyo")
        );
        assert_eq!(article.lang.as_deref(), Some("ja"));
        assert_eq!(article.headings, vec!["新しいオフィス", "採用情報"]);
        assert!(article.summary.unwrap().starts_with("渋谷に"));
    }

    #[test]
    fn reads_a_markdown_article() {
        let text = "---\ntitle: Orbit 3\ncanonical_url: https://www.example.com/orbit\n---\n# Orbit 3\n\nOffline sync is here. It works on planes.\n\n## Offline sync\n\n## Timeline\n";
        let article = from_markdown(text);
        assert_eq!(article.title.as_deref(), Some("Orbit 3"));
        assert_eq!(
            article.link.as_deref(),
            Some("https://www.example.com/orbit")
        );
        assert_eq!(
            article.summary.as_deref(),
            Some("Offline sync is here. It works on planes.")
        );
        assert_eq!(article.headings, vec!["Offline sync", "Timeline"]);
    }

    #[test]
    fn cuts_at_sentences_words_or_characters() {
        // (text, network, budget, expected)
        let cases = [
            (
                "One. Two two. Three three three.",
                Network::Linkedin,
                14,
                "One. Two two.",
            ),
            (
                "Alpha beta gamma delta",
                Network::Linkedin,
                12,
                "Alpha beta…",
            ),
            (
                "渋谷に開設しました。お客様をサポートします。",
                Network::X,
                24,
                "渋谷に開設しました。",
            ),
            (
                "渋谷に新しいオフィスを開設しました",
                Network::X,
                12,
                "渋谷に新し…",
            ),
            ("Short.", Network::X, 280, "Short."),
        ];
        for (text, network, budget, expected) in cases {
            let cut = cut_to_fit(text, network, budget);
            assert_eq!(cut, expected, "{text}");
            assert!(network.length(&cut) <= budget);
        }
    }
}
