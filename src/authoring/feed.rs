//! `advocate import FEED`: draft posts from the company blog's RSS or Atom
//! feed (a file, or an `http://` URL), one per item not seen before (keyed
//! on its link), with the same repurposing as `advocate new --from`.

use super::article::{Article, collapse, decode_entities, draft, strip_tags};
use crate::error::Error;
use crate::policy::Policy;
use std::collections::HashSet;
use std::io::{Read, Write};
use std::path::Path;
use std::time::Duration;

/// Writes a draft post for each item of the feed not seen before (by its
/// link); returns the new posts' paths.
pub(crate) fn import(root: &Path, policy: &Policy, feed: &str) -> Result<Vec<String>, Error> {
    let feed = read_feed(feed).map_err(Error::Input)?;
    let known = known_links(root);
    let mut written = Vec::new();
    for article in items(&feed) {
        let Some(link) = article.link.clone() else {
            continue;
        };
        if known.contains(&link) {
            continue;
        }
        written.push(super::draft::write_imported(
            root,
            policy,
            &draft(article, policy),
        )?);
    }
    Ok(written)
}

/// A file, or an `http://` URL (read with a plain HTTP/1.1 GET).
fn read_feed(feed: &str) -> Result<String, String> {
    let Some(rest) = feed.strip_prefix("http://") else {
        if feed.starts_with("https://") {
            return Err(format!(
                "{feed}: https is not supported; save the feed to a file and import that"
            ));
        }
        return std::fs::read_to_string(feed).map_err(|e| format!("cannot read {feed}: {e}"));
    };
    let (host, path) = rest
        .split_once('/')
        .map_or((rest, "/".to_string()), |(h, p)| (h, format!("/{p}")));
    let address = if host.contains(':') {
        host.to_string()
    } else {
        format!("{host}:80")
    };
    let mut stream =
        std::net::TcpStream::connect(&address).map_err(|e| format!("cannot reach {feed}: {e}"))?;
    stream.set_read_timeout(Some(Duration::from_secs(20))).ok();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept: application/rss+xml, application/atom+xml, */*\r\nConnection: close\r\n\r\n")
        .map_err(|e| format!("cannot ask {feed}: {e}"))?;
    let mut response = Vec::new();
    stream
        .read_to_end(&mut response)
        .map_err(|e| format!("cannot read {feed}: {e}"))?;
    let split = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| format!("{feed}: not an HTTP answer"))?;
    let head = String::from_utf8_lossy(&response[..split]).to_ascii_lowercase();
    let body = &response[split + 4..];
    let status = head.split_whitespace().nth(1).unwrap_or("");
    if status != "200" {
        return Err(format!("{feed}: the server answered {status}"));
    }
    // Chunks are joined as bytes: a chunk may end inside a character.
    let body = if head.contains("transfer-encoding: chunked") {
        dechunk(body)
    } else {
        body.to_vec()
    };
    Ok(String::from_utf8_lossy(&body).into_owned())
}

/// The body of a chunked HTTP/1.1 answer.
fn dechunk(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut rest = body;
    while let Some(line_end) = rest.windows(2).position(|w| w == b"\r\n") {
        let size = std::str::from_utf8(&rest[..line_end])
            .ok()
            .and_then(|s| usize::from_str_radix(s.split(';').next().unwrap_or("").trim(), 16).ok());
        let after = &rest[line_end + 2..];
        let Some(size) = size.filter(|&size| size > 0 && size <= after.len()) else {
            break;
        };
        out.extend_from_slice(&after[..size]);
        rest = after[size..]
            .strip_prefix(b"\r\n")
            .unwrap_or(&after[size..]);
    }
    out
}

/// The links of the posts already in the library.
fn known_links(root: &Path) -> HashSet<String> {
    let mut links = HashSet::new();
    for entry in walkdir::WalkDir::new(root.join("library"))
        .into_iter()
        .flatten()
    {
        if entry.path().extension().is_some_and(|e| e == "md")
            && let Ok(text) = std::fs::read_to_string(entry.path())
            && let Ok(split) = crate::post::split::split(&text)
        {
            for line in split.yaml.lines() {
                if let Some(link) = line.strip_prefix("link:") {
                    links.insert(link.trim().trim_matches(['"', '\'']).to_string());
                }
            }
        }
    }
    links
}

/// Each `<item>` (RSS) or `<entry>` (Atom) as an article.
pub(crate) fn items(feed: &str) -> Vec<Article> {
    let lower = feed.to_ascii_lowercase();
    let lang = element(feed, &lower, "language")
        .or_else(|| attribute_of(feed, &lower, "feed", "xml:lang"));
    let mut articles = Vec::new();
    for tag in ["item", "entry"] {
        let mut offset = 0;
        while let Some(start) = find_open(&lower[offset..], tag).map(|i| offset + i) {
            let Some(end) = lower[start..].find(&format!("</{tag}>")).map(|i| start + i) else {
                break;
            };
            let (block, block_lower) = (&feed[start..end], &lower[start..end]);
            let link = element(block, block_lower, "link")
                .filter(|l| l.starts_with("http"))
                .or_else(|| attribute_of(block, block_lower, "link", "href"));
            let summary = element(block, block_lower, "description")
                .or_else(|| element(block, block_lower, "summary"))
                .or_else(|| element(block, block_lower, "content"))
                .map(|html| collapse(&decode_entities(&strip_tags(&html))));
            articles.push(Article {
                title: element(block, block_lower, "title"),
                link,
                lang: lang.clone(),
                summary,
                headings: Vec::new(),
            });
            offset = end;
        }
    }
    articles
}

fn find_open(lower: &str, tag: &str) -> Option<usize> {
    let mut offset = 0;
    while let Some(i) = lower[offset..].find(&format!("<{tag}")).map(|i| offset + i) {
        let next = lower[i + tag.len() + 1..].chars().next();
        if next.is_some_and(|c| c == '>' || c.is_whitespace() || c == '/') {
            return Some(i);
        }
        offset = i + 1;
    }
    None
}

/// The text of the first `<tag>…</tag>`, CDATA unwrapped, entities decoded.
fn element(text: &str, lower: &str, tag: &str) -> Option<String> {
    let open = find_open(lower, tag)?;
    let content_start = open + lower[open..].find('>')? + 1;
    if text[..content_start].ends_with("/>") {
        return None;
    }
    let end = content_start + lower[content_start..].find(&format!("</{tag}>"))?;
    let inner = text[content_start..end].trim();
    let inner = inner
        .strip_prefix("<![CDATA[")
        .and_then(|i| i.strip_suffix("]]>"))
        .map_or_else(|| decode_entities(inner), str::to_string);
    Some(inner.trim().to_string()).filter(|s| !s.is_empty())
}

fn attribute_of(text: &str, lower: &str, tag: &str, attribute: &str) -> Option<String> {
    let open = find_open(lower, tag)?;
    let close = open + lower[open..].find('>')?;
    let inside = &text[open + tag.len() + 1..close];
    let key = format!("{attribute}=");
    let at = inside.to_ascii_lowercase().find(&key)? + key.len();
    let value = &inside[at..];
    let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = &value[1..];
    Some(decode_entities(&value[..value.find(quote)?]))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A chunk may end inside a multi-byte character; the body is joined
    /// as bytes, so nothing breaks.
    #[test]
    fn joins_chunks_as_bytes() {
        let text = "東京オフィス";
        let bytes = text.as_bytes();
        let body = [
            format!("{:x}\r\n", 4).into_bytes(),
            bytes[..4].to_vec(),
            b"\r\n".to_vec(),
            format!("{:x}\r\n", bytes.len() - 4).into_bytes(),
            bytes[4..].to_vec(),
            b"\r\n0\r\n\r\n".to_vec(),
        ]
        .concat();
        assert_eq!(dechunk(&body), bytes);
        assert_eq!(dechunk(b"zz\r\nabc"), b"");
        assert_eq!(dechunk(b"ff\r\nshort"), b"");
    }

    #[test]
    fn reads_rss_and_atom() {
        let rss = r#"<?xml version="1.0"?><rss><channel><language>ja</language>
            <item><title>東京オフィス開設</title><link>https://www.example.com/ja/tokyo</link>
            <description><![CDATA[<p>渋谷に新しいオフィスを開設しました。</p>]]></description></item>
            <item><title>Orbit &amp; more</title><link>https://www.example.com/orbit</link><description>Offline sync.</description></item>
            </channel></rss>"#;
        let items = items(rss);
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].title.as_deref(), Some("東京オフィス開設"));
        assert_eq!(
            items[0].summary.as_deref(),
            Some("渋谷に新しいオフィスを開設しました。")
        );
        assert_eq!(items[0].lang.as_deref(), Some("ja"));
        assert_eq!(items[1].title.as_deref(), Some("Orbit & more"));

        let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en"><title>Blog</title>
            <entry><title>Hello</title><link rel="alternate" href="https://www.example.com/hello"/><summary>Hi there.</summary></entry></feed>"#;
        let items = super::items(atom);
        assert_eq!(items.len(), 1);
        assert_eq!(
            items[0].link.as_deref(),
            Some("https://www.example.com/hello")
        );
        assert_eq!(items[0].lang.as_deref(), Some("en"));
        assert_eq!(items[0].summary.as_deref(), Some("Hi there."));
    }
}
