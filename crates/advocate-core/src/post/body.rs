//! The body of a post: its share blocks and its briefing (docs/posts.md).
//!
//! pulldown-cmark's offset iterator tells where each piece stands, so a
//! problem in a share text or a briefing link points at the file.

use crate::network::Network;
use crate::source::OffsetMap;
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use std::ops::Range;

/// One ```` ```share ```` block: its text, kept verbatim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareBlock {
    /// The networks named in the info string; empty for a plain `share`.
    pub networks: Vec<Network>,
    /// The fence line, in the file.
    pub fence: Range<usize>,
    /// The text with `\n` line endings and the final newline dropped.
    pub text: String,
    pub map: OffsetMap,
}

impl ShareBlock {
    /// The whole text's span in the file.
    pub fn content_span(&self) -> Range<usize> {
        if self.text.is_empty() {
            return self.fence.clone();
        }
        self.map.map_range(&self.text, 0..self.text.len())
    }
}

/// A network name in a fence that is not one (`share myspace`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownNetwork {
    pub name: String,
    pub span: Range<usize>,
}

/// The briefing: the body without its share blocks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Briefing {
    /// The Markdown source, for rendering.
    pub markdown: String,
    /// The text as read on the page (no raw HTML, no URLs), for terms.
    pub text: String,
    pub text_map: OffsetMap,
    /// Every link and image destination, with its span in the file.
    pub links: Vec<(String, Range<usize>)>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Body {
    pub shares: Vec<ShareBlock>,
    pub unknown_networks: Vec<UnknownNetwork>,
    pub briefing: Briefing,
}

pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS
}

/// Reads the body, which starts at `base` in the file.
pub fn parse_body(body: &str, base: usize) -> Body {
    let mut parsed = Body::default();
    let mut depth = 0usize;
    let mut current: Option<ShareBlock> = None;
    let mut share_ranges: Vec<Range<usize>> = Vec::new();
    let briefing = &mut parsed.briefing;
    for (event, range) in Parser::new_ext(body, markdown_options()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) if depth == 0 => {
                depth += 1;
                let fence_end = body[range.start..range.end]
                    .find('\n')
                    .map_or(range.end, |i| range.start + i);
                let fence = body[range.start..fence_end].trim_end_matches('\r');
                let fence = range.start..range.start + fence.len();
                if let Some(names) = share_networks(&info) {
                    let mut block = ShareBlock {
                        networks: Vec::new(),
                        fence: base + fence.start..base + fence.end,
                        text: String::new(),
                        map: OffsetMap::default(),
                    };
                    for name in names {
                        match Network::from_name(name) {
                            Some(network) if !block.networks.contains(&network) => {
                                block.networks.push(network)
                            }
                            Some(_) => {}
                            None => {
                                let at = word_in(&body[fence.clone()], name)
                                    .map_or(fence.clone(), |r| {
                                        fence.start + r.start..fence.start + r.end
                                    });
                                parsed.unknown_networks.push(UnknownNetwork {
                                    name: name.to_string(),
                                    span: base + at.start..base + at.end,
                                });
                            }
                        }
                    }
                    current = Some(block);
                    share_ranges.push(range.clone());
                }
            }
            Event::Start(tag) => {
                depth += 1;
                if let Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. } = &tag {
                    let at = find_destination(&body[range.clone()], dest_url)
                        .map_or(range.clone(), |r| {
                            range.start + r.start..range.start + r.end
                        });
                    briefing
                        .links
                        .push((dest_url.to_string(), base + at.start..base + at.end));
                }
            }
            Event::End(end) => {
                depth = depth.saturating_sub(1);
                if matches!(end, TagEnd::CodeBlock)
                    && depth == 0
                    && let Some(mut block) = current.take()
                {
                    if block.text.ends_with('\n') {
                        block.text.pop();
                    }
                    parsed.shares.push(block);
                } else if is_block_end(&end) && !briefing.text.ends_with('\n') {
                    briefing.text.push('\n');
                }
            }
            Event::Text(text) | Event::Code(text) => match &mut current {
                Some(block) => push_verbatim(block, &text, body, &range, base),
                None => {
                    briefing
                        .text_map
                        .push(briefing.text.len(), base + text_start(body, &range, &text));
                    briefing.text.push_str(&text);
                }
            },
            Event::SoftBreak | Event::HardBreak if current.is_none() => briefing.text.push(' '),
            _ => {}
        }
    }
    briefing.markdown = remove_ranges(body, &share_ranges);
    parsed
}

/// `share`, `share x`, `share linkedin facebook` → the names after `share`.
fn share_networks(info: &str) -> Option<Vec<&str>> {
    let mut words = info.split_whitespace();
    (words.next()? == "share").then(|| words.collect())
}

fn word_in(line: &str, word: &str) -> Option<Range<usize>> {
    line.match_indices(word)
        .find(|(i, _)| {
            let before = line[..*i].chars().next_back();
            before.is_some_and(char::is_whitespace)
        })
        .map(|(i, _)| i..i + word.len())
}

/// A code block's text arrives line by line; keep it byte for byte, only
/// turning `\r\n` into `\n`.
fn push_verbatim(
    block: &mut ShareBlock,
    text: &str,
    body: &str,
    range: &Range<usize>,
    base: usize,
) {
    let start = text_start(body, range, text);
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        block.map.push(block.text.len(), base + start + offset);
        offset += line.len();
        match line.strip_suffix("\r\n") {
            Some(content) => {
                block.text.push_str(content);
                block.text.push('\n');
            }
            None => block.text.push_str(line),
        }
    }
}

/// Where an event's text starts in the source: its range, or inside it when
/// the parser dropped a prefix (indentation, backticks of inline code).
fn text_start(body: &str, range: &Range<usize>, text: &str) -> usize {
    let source = &body[range.clone()];
    if source.starts_with(text) {
        return range.start;
    }
    source.find(text).map_or(range.start, |i| range.start + i)
}

fn find_destination(source: &str, destination: &str) -> Option<Range<usize>> {
    if destination.is_empty() {
        return None;
    }
    source.rfind(destination).map(|i| i..i + destination.len())
}

fn is_block_end(end: &TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::Item
            | TagEnd::CodeBlock
            | TagEnd::BlockQuote(_)
            | TagEnd::TableCell
    )
}

fn remove_ranges(text: &str, ranges: &[Range<usize>]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut offset = 0;
    for range in ranges {
        out.push_str(&text[offset..range.start]);
        offset = range.end;
    }
    out.push_str(&text[offset..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_share_blocks_verbatim() {
        let body = "Talk about *this*.\n\n```share\nHello {link}  \n#PR\n```\n\n```share x bluesky\r\nShort **one**\r\n```\n\n- ```share\n  nested is briefing\n  ```\n";
        let parsed = parse_body(body, 100);
        assert_eq!(parsed.shares.len(), 2);
        assert_eq!(parsed.shares[0].text, "Hello {link}  \n#PR");
        assert_eq!(parsed.shares[0].networks, vec![]);
        assert_eq!(parsed.shares[1].text, "Short **one**");
        assert_eq!(
            parsed.shares[1].networks,
            vec![Network::X, Network::Bluesky]
        );
        let block = &parsed.shares[0];
        let span = block.content_span();
        assert_eq!(
            &body[span.start - 100..span.end - 100],
            "Hello {link}  \n#PR"
        );
        assert_eq!(
            &body[block.fence.start - 100..block.fence.end - 100],
            "```share"
        );
        assert!(parsed.briefing.text.contains("Talk about this."));
        assert!(parsed.briefing.text.contains("nested is briefing"));
        assert!(!parsed.briefing.markdown.contains("Hello"));
    }

    #[test]
    fn finds_unknown_networks_and_links() {
        let body = "See [the post](https://example.com/a) and ![pic](x.png).\n\n```share x myspace\nHi\n```\n";
        let parsed = parse_body(body, 0);
        assert_eq!(parsed.unknown_networks.len(), 1);
        assert_eq!(&body[parsed.unknown_networks[0].span.clone()], "myspace");
        let links: Vec<&str> = parsed
            .briefing
            .links
            .iter()
            .map(|(_, r)| &body[r.clone()])
            .collect();
        assert_eq!(links, vec!["https://example.com/a", "x.png"]);
    }

    #[test]
    fn maps_briefing_text_back() {
        let body = "# Heading\n\nProject *Falcon* is `secret`.\n";
        let parsed = parse_body(body, 0);
        let text = &parsed.briefing.text;
        let at = text.find("Falcon").unwrap();
        let span = parsed.briefing.text_map.map_range(text, at..at + 6);
        assert_eq!(&body[span], "Falcon");
        let at = text.find("secret").unwrap();
        let span = parsed.briefing.text_map.map_range(text, at..at + 6);
        assert_eq!(&body[span], "secret");
    }
}
