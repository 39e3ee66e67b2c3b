//! `html-entity`: a share text never carries HTML code such as `&rsquo;`
//! (from an article pasted as HTML): networks would post it as written.

use super::context::PostCheck;
use crate::diagnostic::Diagnostic;
use crate::rule::Rule;
use std::ops::Range;

pub(super) fn check(cx: &PostCheck) -> Vec<Diagnostic> {
    let post = cx.post;
    let mut found = Vec::new();
    for (index, block) in post.body.shares.iter().enumerate() {
        let written = &cx.written[index];
        for range in entities(&written.text) {
            let entity = &written.text[range.clone()];
            let instead = decoded(entity)
                .map(|c| format!(" (`{c}`)"))
                .unwrap_or_default();
            let mut diagnostic = Diagnostic::error(
                &post.source,
                block.map.map_range(&written.text, range.clone()),
                Rule::HtmlEntity,
                format!(
                    "`{entity}` is HTML code, which would be posted as it is written; type the character itself{instead}"
                ),
            );
            diagnostic.networks = cx.block_networks(index);
            found.push(diagnostic);
        }
    }
    found
}

/// Where `&name;` (a name of HTML5's entity table), `&#123;` and
/// `&#x1F600;` stand in `text`.
fn entities(text: &str) -> Vec<Range<usize>> {
    text.match_indices('&')
        .filter_map(|(at, _)| Some(at..at + 1 + entity_len(&text[at + 1..])?))
        .collect()
}

/// The length of the entity after a `&`, its `;` included.
fn entity_len(rest: &str) -> Option<usize> {
    let count = |tail: &str, keep: fn(&u8) -> bool, most: usize| {
        let n = tail.bytes().take_while(keep).count();
        (1..=most).contains(&n) && tail.as_bytes().get(n) == Some(&b';')
    };
    if let Some(hex) = rest.strip_prefix("#x").or_else(|| rest.strip_prefix("#X")) {
        return count(hex, u8::is_ascii_hexdigit, 6)
            .then(|| 2 + hex.bytes().take_while(u8::is_ascii_hexdigit).count() + 1);
    }
    if let Some(digits) = rest.strip_prefix('#') {
        return count(digits, u8::is_ascii_digit, 7)
            .then(|| 1 + digits.bytes().take_while(u8::is_ascii_digit).count() + 1);
    }
    let name = rest.bytes().take_while(u8::is_ascii_alphanumeric).count();
    let with_semicolon = rest.get(..name + 1)?;
    (with_semicolon.ends_with(';') && named(with_semicolon).is_some()).then_some(name + 1)
}

/// What the named entity `name;` stands for, when it is one of HTML5's:
/// asked of the Markdown parser, which decodes exactly those (one table
/// for the parser and this rule, and none of its own in the browser's
/// module).
fn named(name: &str) -> Option<String> {
    let entity = format!("&{name}");
    let mut decoded = String::new();
    for event in pulldown_cmark::Parser::new(&entity) {
        match event {
            pulldown_cmark::Event::Text(text) => decoded.push_str(&text),
            pulldown_cmark::Event::Start(pulldown_cmark::Tag::Paragraph)
            | pulldown_cmark::Event::End(pulldown_cmark::TagEnd::Paragraph) => {}
            _ => return None,
        }
    }
    (decoded != entity).then_some(decoded)
}

/// The characters an entity stands for.
fn decoded(entity: &str) -> Option<String> {
    let inner = entity.strip_prefix('&')?;
    if let Some(number) = inner.strip_prefix('#').and_then(|n| n.strip_suffix(';')) {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse().ok()?,
        };
        return char::from_u32(code)
            .filter(|c| !c.is_control())
            .map(String::from);
    }
    named(inner)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::fixture::assert_found;

    #[test]
    fn finds_entities() {
        let cases = [
            ("It&rsquo;s here", vec!["&rsquo;"]),
            (
                "A &amp; B &#8217; &#x2019;",
                vec!["&amp;", "&#8217;", "&#x2019;"],
            ),
            ("A & B, &; &#; &#x; &nbsp", vec![]),
            ("Q&A; R&D;", vec![]),
            ("fish &chips; and", vec![]),
            ("caf&eacute;", vec!["&eacute;"]),
        ];
        for (text, expected) in cases {
            let found: Vec<&str> = entities(text).into_iter().map(|r| &text[r]).collect();
            assert_eq!(found, expected, "{text}");
        }
        assert_eq!(decoded("&#8217;").as_deref(), Some("’"));
        assert_eq!(decoded("&#x1F600;").as_deref(), Some("😀"));
        assert_eq!(decoded("&rsquo;").as_deref(), Some("’"));
        assert_eq!(decoded("&#1;"), None);
        // An entity of two characters, and names that are not entities.
        assert_eq!(decoded("&ngE;").as_deref(), Some("\u{2267}\u{338}"));
        assert_eq!(decoded("&chips;"), None);
        assert_eq!(decoded("&amp"), None);
    }

    /// The fixture's problems for this rule, in process, as `advocate check`
    /// reports them.
    #[test]
    fn html_entities_in_fixture_texts() {
        assert_found(
            "unfinished",
            "html-entity",
            &[
                ("left-to-fill.md", 11, 3, 10, "error", Some("x,instagram")),
                ("left-to-fill.md", 11, 17, 22, "error", Some("x,instagram")),
            ],
        );
    }
}
