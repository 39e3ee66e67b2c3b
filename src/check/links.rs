//! `link`: the front matter's `link`, every URL in a share text and every
//! destination in the briefing, against `links` in the policy.

use super::context::{PostCheck, Written};
use crate::diagnostic::Diagnostic;
use crate::links::is_dangerous_scheme;
use crate::policy::Policy;
use crate::post::field_name::FieldName;
use crate::rule::Rule;
use crate::text::urls::find_urls;
use std::ops::Range;

pub(crate) fn check(cx: &PostCheck) -> Vec<Diagnostic> {
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
        for url in urls {
            let span = block.map.map_range(text, url.range.clone());
            judge(url.as_str(text), span.clone(), networks.clone());
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

/// `{link}` in a post that has no `link` to put there (SPEC §3). When the
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
    let (scheme, rest) = match lower.split_once("://") {
        Some((scheme, rest)) if scheme == "http" || scheme == "https" => (Some(scheme), rest),
        Some(_) => return None,
        // Without a scheme: a URL as twitter-text finds them in share texts
        // (`example.com`); in the briefing, a relative link, which is fine.
        None if is_bare_domain_url(url) => (None, lower.as_str()),
        None => return None,
    };
    let mut problems = Vec::new();
    if scheme == Some("http") && policy.links.require_https {
        problems.push(format!(
            "`{url}` is not secure; use `https://` (links.require_https)"
        ));
    }
    let host = host_of(rest);
    let allowed = &policy.links.allowed_domains;
    if !allowed.is_empty() && !allowed.iter().any(|pattern| host_matches(&host, pattern)) {
        problems.push(format!(
            "`{host}` is not an approved domain; link to one of {} (links.allowed_domains)",
            allowed.join(", ")
        ));
    }
    (!problems.is_empty()).then(|| problems.join("; and "))
}

fn is_bare_domain_url(url: &str) -> bool {
    find_urls(url)
        .first()
        .is_some_and(|found| !found.has_scheme && found.range == (0..url.len()))
}

fn host_of(after_scheme: &str) -> String {
    let authority = after_scheme.split(['/', '?', '#']).next().unwrap_or("");
    let host_port = authority.rsplit('@').next().unwrap_or(authority);
    let host = match host_port.rsplit_once(':') {
        Some((host, port)) if port.bytes().all(|b| b.is_ascii_digit()) => host,
        _ => host_port,
    };
    host.trim_end_matches('.').to_string()
}

/// `example.com` allows that host; `*.example.com` its subdomains.
pub(crate) fn host_matches(host: &str, pattern: &str) -> bool {
    match pattern.strip_prefix("*.") {
        Some(parent) => host.ends_with(&format!(".{parent}")),
        None => host == pattern,
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

    #[test]
    fn matches_hosts() {
        let cases = [
            ("example.com", "example.com", true),
            ("www.example.com", "example.com", false),
            ("www.example.com", "*.example.com", true),
            ("example.com", "*.example.com", false),
            ("evil-example.com", "*.example.com", false),
            ("example.com.evil.io", "example.com", false),
        ];
        for (host, pattern, expected) in cases {
            assert_eq!(host_matches(host, pattern), expected, "{host} {pattern}");
        }
        assert_eq!(host_of("user@www.Example.com:8080/path"), "www.Example.com");
    }
}
