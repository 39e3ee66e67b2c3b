//! The briefing: Markdown rendered to HTML, then sanitized. Posts come from
//! pull requests, so raw HTML in them is untrusted.

use pulldown_cmark::{Event, Parser, Tag, html};

/// Sanitized HTML: no scripts, no event handlers, no `javascript:` URLs;
/// links get `rel="noopener noreferrer"`.
pub(crate) fn briefing_html(markdown: &str) -> String {
    let events: Vec<Event> =
        Parser::new_ext(markdown, crate::post::body::markdown_options()).collect();
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    let needs_cleaning = events.iter().any(|event| {
        matches!(
            event,
            Event::Html(_)
                | Event::InlineHtml(_)
                | Event::Start(Tag::Link { .. } | Tag::Image { .. })
        )
    });
    html::push_html(&mut unsafe_html, events.into_iter());
    if !needs_cleaning {
        // Without raw HTML or links, pulldown-cmark's output is only its own
        // tags around escaped text: nothing for ammonia to remove.
        return unsafe_html;
    }
    ammonia::Builder::default()
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .link_rel(Some("noopener noreferrer"))
        .clean(&unsafe_html)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_what_could_run() {
        let cases = [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "[click](javascript:alert(1))",
            "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
            "<iframe src=\"https://evil.example\"></iframe>",
            "<svg onload=alert(1)>",
            "[x](data:text/html;base64,PHNjcmlwdD4=)",
        ];
        for markdown in cases {
            let html = briefing_html(markdown).to_lowercase();
            for bad in [
                "<script",
                "onerror",
                "onload",
                "javascript:",
                "<iframe",
                "data:text",
            ] {
                assert!(!html.contains(bad), "{markdown} → {html}");
            }
        }
        assert!(
            briefing_html("**bold** [ok](https://example.com)").contains("<strong>bold</strong>")
        );
    }
}
