//! `image`: the post's image exists beside it, inside the repository, within
//! the size limit, and has its alt text.

use super::context::PostCheck;
use crate::diagnostic::Diagnostic;
use crate::post::assets::resolve_asset;
use crate::rule::Rule;

pub(super) fn check(cx: &PostCheck) -> Vec<Diagnostic> {
    let (post, policy, assets) = (cx.post, cx.policy, cx.assets);
    let mut found = Vec::new();
    let Some(image) = &post.fields.image else {
        return found;
    };
    let error =
        |message: String| Diagnostic::error(&post.source, image.span.clone(), Rule::Image, message);
    match resolve_asset(post.path(), &image.value) {
        Err(message) => found.push(error(message)),
        Ok(path) => match assets.get(&path) {
            None => found.push(error(format!(
                "image `{}` was not found (looked for `{path}`); put the file beside the post or fix the path",
                image.value
            ))),
            Some(&size) => {
                if let Some(max) = policy.images.max_bytes
                    && size > max
                {
                    found.push(error(format!(
                        "image `{}` is {size} bytes, over the limit of {max} (images.max_bytes); make it smaller",
                        image.value
                    )));
                }
            }
        },
    }
    let alt_missing = post
        .fields
        .image_alt
        .as_ref()
        .is_none_or(|alt| alt.value.trim().is_empty());
    if policy.images.require_alt && alt_missing {
        let key = post.fields.image_key.clone().unwrap_or(image.span.clone());
        found.push(Diagnostic::error(
            &post.source,
            key,
            Rule::Image,
            "the image has no `image_alt`; add one that says what the image shows, for people who can't see it",
        ));
    }
    found
}

#[cfg(test)]
mod tests {
    use crate::check::fixture::assert_found;

    /// The fixture's problems for this rule, in process, as `advocate check`
    /// reports them.
    #[test]
    fn images_stay_inside_the_library_and_have_alt_text() {
        assert_found(
            "image",
            "image",
            &[
                ("missing.md", 5, 8, 19, "error", None),
                ("noalt/index.md", 5, 1, 6, "error", None),
                ("noalt/index.md", 5, 8, 15, "error", None),
                ("outside/index.md", 5, 8, 30, "error", None),
            ],
        );
    }
}
