//! `link`: the front matter's `link`, every URL in a share text and every
//! destination in the briefing, against `links` in the policy.

use super::context::{PostCheck, Written};
use crate::diagnostic::Diagnostic;
use crate::links::is_dangerous_scheme;
use crate::policy::Policy;
use crate::post::field_name::FieldName;
use crate::rule::Rule;
use crate::text::urls::{find_urls, openable_links};
use std::ops::Range;

pub(super) fn check(cx: &PostCheck) -> Vec<Diagnostic> {
    let (post, policy) = (cx.post, cx.policy);
    let mut found = Vec::new();
    let mut judge = |url: &str, span: Range<usize>, networks: Vec<String>| {
        if let Some(message) = problem(url, policy) {
            let mut diagnostic = Diagnostic::error(&post.source, span, Rule::Link, message);
            diagnostic.networks = networks;
            found.push(diagnostic);
        }
    };
    if let Some(link) = &post.fields.link {
        judge(&link.value, link.span.clone(), Vec::new());
    }
    for (index, block) in post.body.shares.iter().enumerate() {
        let Written { text, urls, .. } = &cx.written[index];
        let networks = cx.block_networks(index);
        // What a browser would open, whatever its top-level domain; then
        // the URLs twitter-text finds that none of those covers
        // (`example.com` without `www.`).
        let opened = openable_links(text);
        let covered = |at: usize| opened.iter().any(|link| link.contains(&at));
        let ranges = urls
            .iter()
            .map(|url| url.range.clone())
            .filter(|range| !covered(range.start))
            .chain(opened.iter().cloned());
        for range in ranges {
            let span = block.map.map_range(text, range.clone());
            judge(&text[range], span, networks.clone());
        }
    }
    for (destination, span) in &post.body.briefing.links {
        if !is_bare_domain_url(destination) {
            judge(destination, span.clone(), Vec::new());
        }
    }
    found.extend(unclickable_urls(cx));
    found.extend(placeholders_without_link(cx));
    found
}

/// `{link}` in a post that has no `link` to put there (docs/posts.md). When the
/// `link` field is written but invalid, that is already reported.
fn placeholders_without_link(cx: &PostCheck) -> Vec<Diagnostic> {
    let post = cx.post;
    if post.fields.link.is_some() || post.fields.present.contains(&FieldName::Link) {
        return Vec::new();
    }
    let mut found = Vec::new();
    for (index, block) in post.body.shares.iter().enumerate() {
        for (at, placeholder) in block.text.match_indices(crate::share::LINK_PLACEHOLDER) {
            let span = block.map.map_range(&block.text, at..at + placeholder.len());
            let mut diagnostic = Diagnostic::error(
                &post.source,
                span,
                Rule::Link,
                "`{link}` is here but the post has no `link`; add `link: https://…` to the front matter, or remove `{link}`",
            );
            diagnostic.networks = cx.block_networks(index);
            found.push(diagnostic);
        }
    }
    found
}

/// Why a URL breaks the policy, or `None`. Relative links (to the post's
/// own files, `#anchors`) and other schemes such as `mailto:` are fine.
fn problem(url: &str, policy: &Policy) -> Option<String> {
    if is_dangerous_scheme(url) {
        let scheme = url.trim_start().split(':').next().unwrap_or("").trim();
        return Some(format!(
            "`{scheme}:` links are never allowed; link to a web page instead"
        ));
    }
    let lower = url.to_ascii_lowercase();
    let written_scheme = match lower.split_once("://") {
        // Any `scheme://host`: its host is judged too.
        Some(_) => true,
        // Without a scheme: a URL as twitter-text finds them in share texts
        // (`example.com`), or one a browser opens (`www.…`); in the
        // briefing, a relative link, which is fine.
        None if is_bare_domain_url(url) || lower.starts_with("www.") => false,
        None => return None,
    };
    // Read as browsers read it (WHATWG URL), so the host judged is the host
    // a browser opens: `https://evil.com\@example.com/` goes to evil.com.
    let address = if written_scheme {
        url.to_string()
    } else {
        format!("https://{url}")
    };
    let parsed = match url::Url::parse(&address) {
        Ok(parsed) => parsed,
        Err(error) => {
            return Some(format!(
                "`{url}` is not a valid web address ({error}); write it as `https://host/path`"
            ));
        }
    };
    let mut problems = Vec::new();
    if !parsed.username().is_empty() || parsed.password().is_some() {
        problems.push(format!(
            "`{url}` has a user name or password before its host (`…@`), which hides where it really goes; remove everything up to the `@`"
        ));
    }
    if written_scheme && parsed.scheme() == "http" && policy.links.require_https {
        problems.push(format!(
            "`{url}` is not secure; use `https://` (links.require_https)"
        ));
    }
    let host = parsed.host_str().unwrap_or("").trim_end_matches('.');
    let allowed = &policy.links.allowed_domains;
    if !allowed.is_empty() && !allowed.iter().any(|pattern| host_matches(host, pattern)) {
        problems.push(format!(
            "`{}` is not an approved domain; link to one of {} (links.allowed_domains)",
            shown_host(host),
            allowed.join(", ")
        ));
    }
    (!problems.is_empty()).then(|| problems.join("; and "))
}

/// A host as people read it: an internationalized one in its own script.
fn shown_host(host: &str) -> String {
    match url::quirks::domain_to_unicode(host) {
        unicode if !unicode.is_empty() => unicode,
        _ => host.to_string(),
    }
}

fn is_bare_domain_url(url: &str) -> bool {
    find_urls(url)
        .first()
        .is_some_and(|found| !found.has_scheme && found.range == (0..url.len()))
}

/// `example.com` allows that host; `*.example.com` its subdomains. Both
/// sides are compared in their ASCII (IDNA) form, so `例え.jp` and
/// `xn--r8jz45g.jp` are the same domain.
pub(super) fn host_matches(host: &str, pattern: &str) -> bool {
    let ascii = |name: &str| {
        url::Host::parse(name)
            .map(|h| h.to_string())
            .unwrap_or_else(|_| name.to_ascii_lowercase())
    };
    let host = ascii(host);
    match pattern.strip_prefix("*.") {
        Some(parent) => host.ends_with(&format!(".{}", ascii(parent))),
        None => host == ascii(pattern),
    }
}

/// A URL written in the text of a network that takes no links is a warning:
/// it is not clickable there.
fn unclickable_urls(cx: &PostCheck) -> Vec<Diagnostic> {
    let post = cx.post;
    let mut found = Vec::new();
    for share in cx.shares.iter().filter(|s| !s.network.takes_links()) {
        let label = share.network.label();
        let block = &post.body.shares[share.block];
        let Written { text, urls, .. } = &cx.written[share.block];
        for url in urls {
            let span = block.map.map_range(text, url.range.clone());
            found.push(
                Diagnostic::warning(
                    &post.source,
                    span,
                    Rule::Link,
                    format!("{label} does not make links in posts clickable; write a `share {}` block without the URL (\"link in bio\")", share.network.name()),
                )
                .with_network(share.network.name()),
            );
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::fixture::assert_found;
    use crate::source::SourceFile;

    #[test]
    fn matches_hosts() {
        let cases = [
            ("example.com", "example.com", true),
            ("www.example.com", "example.com", false),
            ("www.example.com", "*.example.com", true),
            ("example.com", "*.example.com", false),
            ("evil-example.com", "*.example.com", false),
            ("example.com.evil.io", "example.com", false),
            ("xn--r8jz45g.jp", "例え.jp", true),
            ("WWW.Example.COM", "*.example.com", true),
        ];
        for (host, pattern, expected) in cases {
            assert_eq!(host_matches(host, pattern), expected, "{host} {pattern}");
        }
    }

    /// Hosts are judged as browsers read the URL (WHATWG), never by
    /// splitting the text by hand.
    #[test]
    fn judges_the_host_a_browser_opens() {
        let policy = crate::policy::parse(&SourceFile::new(
            "policy.yaml",
            "links:\n  allowed_domains: [example.com, \"*.example.com\"]\n",
        ))
        .unwrap();
        // (url, the problem's message contains this, or None when fine)
        let cases = [
            ("https://www.example.com/offer", None),
            ("www.example.com/offer", None),
            (
                "https://evil.com\\@www.example.com/offer",
                Some("`evil.com` is not an approved domain"),
            ),
            (
                "https://www.example.com@evil.com/",
                Some("`evil.com` is not an approved domain"),
            ),
            (
                "https://user:pw@www.example.com/",
                Some("user name or password"),
            ),
            (
                "https://www.example.com:99999/",
                Some("not a valid web address"),
            ),
            ("https://www.example.com:8443/ok", None),
            ("http://www.example.com/", Some("not secure")),
            ("https://www.example.com./", None),
            (
                "https://例え.jp/",
                Some("`例え.jp` is not an approved domain"),
            ),
            ("mailto:someone@example.com", None),
            (
                "https://evil.example\\@www.example.com/x",
                Some("`evil.example` is not an approved domain"),
            ),
            (
                "www.evil.example/x",
                Some("`www.evil.example` is not an approved domain"),
            ),
            (
                "ftp://files.evil.com/x",
                Some("`files.evil.com` is not an approved domain"),
            ),
            (
                "https://www.example.com%2f@evil.com/",
                Some("user name or password"),
            ),
        ];
        for (url, expected) in cases {
            let found = problem(url, &policy);
            match expected {
                None => assert_eq!(found, None, "{url}"),
                Some(part) => {
                    let message = found.unwrap_or_else(|| panic!("{url}: no problem found"));
                    assert!(message.contains(part), "{url}: {message}");
                }
            }
        }
    }

    /// The fixture's problems for this rule, in process, as `advocate check`
    /// reports them.
    #[test]
    fn links_break_the_policy_where_they_are_written() {
        assert_found(
            "links",
            "link",
            &[
                ("links.md", 3, 7, 27, "error", None),
                ("links.md", 7, 12, 31, "error", None),
                ("links.md", 7, 44, 70, "error", None),
                ("links.md", 10, 14, 27, "error", Some("x,linkedin")),
                ("links.md", 14, 23, 44, "warning", Some("instagram")),
                ("userinfo-dodge.md", 3, 7, 46, "error", None),
            ],
        );
        assert_found(
            "lengths",
            "link",
            &[("placeholder.md", 6, 15, 21, "error", Some("x"))],
        );
    }
}
