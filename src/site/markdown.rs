//! The briefing: Markdown rendered to HTML, then sanitized. Posts come from
//! pull requests, so raw HTML in them is untrusted.

use pulldown_cmark::{Event, Parser, Tag, html};

/// Sanitized HTML: no scripts, no event handlers, no `javascript:` URLs;
/// links get `rel="noopener noreferrer"`.
pub(crate) fn briefing_html(markdown: &str) -> String {
    let mut events: Vec<Event> =
        Parser::new_ext(markdown, crate::post::body::markdown_options()).collect();
    if html_depth(&events) > MAX_HTML_DEPTH {
        // Thousands of nested elements would take the HTML parser quadratic
        // time; no briefing needs them: show that HTML as text.
        for event in &mut events {
            if let Event::Html(html) | Event::InlineHtml(html) = event {
                *event = Event::Text(html.clone());
            }
        }
    }
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

/// Nesting deeper than any real briefing.
const MAX_HTML_DEPTH: usize = 256;

/// How deep the raw HTML of the briefing nests its elements, counted from
/// its tags alone (void elements and `/>` do not nest).
fn html_depth(events: &[Event]) -> usize {
    const VOID: [&str; 14] = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr",
    ];
    let (mut depth, mut deepest) = (0usize, 0usize);
    for event in events {
        let (Event::Html(html) | Event::InlineHtml(html)) = event else {
            continue;
        };
        for tag in html.split('<').skip(1) {
            let inside = tag.split('>').next().unwrap_or("");
            if inside.starts_with('/') {
                depth = depth.saturating_sub(1);
            } else if !inside.starts_with(['!', '?']) && !inside.ends_with('/') {
                let name: String = inside
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .collect::<String>()
                    .to_ascii_lowercase();
                if !name.is_empty() && !VOID.contains(&name.as_str()) {
                    depth += 1;
                    deepest = deepest.max(depth);
                }
            }
        }
    }
    deepest
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
        let deep = format!("{}x{}", "<div>".repeat(1000), "</div>".repeat(1000));
        let html = briefing_html(&deep);
        assert!(
            !html.contains("<div>") && html.contains("&lt;div&gt;"),
            "deep nesting is shown as text"
        );
        assert!(briefing_html("<div><p>kept</p></div>").contains("<div><p>kept</p></div>"));
    }
}
