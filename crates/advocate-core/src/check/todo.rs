//! `todo`: nothing `advocate new` left to fill (`TODO`) reaches employees.
//! A post marked `draft: true` may keep its TODOs until it is ready.

use super::context::PostCheck;
use crate::diagnostic::Diagnostic;
use crate::post::TODO_MARK;
use crate::post::field_name::FieldName;
use crate::rule::Rule;

pub(super) fn check(cx: &PostCheck) -> Vec<Diagnostic> {
    let post = cx.post;
    if post.fields.draft {
        return Vec::new();
    }
    let text = &post.source.text;
    // Already reported by their own rules: a share block that is still a
    // TODO (`no-share-text`) and `link: TODO` (`invalid-field`).
    let left_blocks: Vec<std::ops::Range<usize>> = post
        .body
        .shares
        .iter()
        .filter(|block| block.text.trim_start().starts_with(TODO_MARK))
        .map(|block| block.content_span())
        .collect();
    let link_refused = post.fields.link.is_none() && post.fields.present.contains(&FieldName::Link);
    let mut found = Vec::new();
    for (at, _) in text.match_indices(TODO_MARK) {
        let end = at + TODO_MARK.len();
        let is_word = !text[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
            && !text[end..]
                .chars()
                .next()
                .is_some_and(|c| c.is_alphanumeric() || c == '_');
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let is_link_line = link_refused && text[line_start..].starts_with("link:");
        let in_left_block = left_blocks.iter().any(|b| b.start <= at && end <= b.end);
        if is_word && !is_link_line && !in_left_block {
            found.push(Diagnostic::error(
                &post.source,
                at..end,
                Rule::Todo,
                "`TODO` is still here; write what it stands for, or set `draft: true` until the post is ready",
            ));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use crate::check::fixture::assert_found;

    /// The fixture's problems for this rule, in process, as `advocate check`
    /// reports them.
    #[test]
    fn a_todo_left_to_fill_is_an_error() {
        assert_found(
            "unfinished",
            "todo",
            &[("left-to-fill.md", 6, 19, 23, "error", None)],
        );
    }
}
