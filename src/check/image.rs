//! `image`: the post's image exists beside it, inside the repository, within
//! the size limit, and has its alt text.

use super::Assets;
use crate::diagnostic::Diagnostic;
use crate::policy::Policy;
use crate::post::Post;

pub fn check(post: &Post, policy: &Policy, assets: &Assets) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let Some(image) = &post.fields.image else {
        return found;
    };
    let error =
        |message: String| Diagnostic::error(&post.source, image.span.clone(), "image", message);
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
            "image",
            "the image has no `image_alt`; add one that says what the image shows, for people who can't see it",
        ));
    }
    found
}

/// The repository path of a file referenced from a post, or why it can't be
/// one: an absolute path, a URL, or a path that climbs out of the library.
pub fn resolve_asset(post_path: &str, reference: &str) -> Result<String, String> {
    let reference = reference.trim();
    if reference.contains("://") || reference.starts_with("//") || reference.contains(':') {
        return Err(format!(
            "image `{reference}` must be a file beside the post, not a URL"
        ));
    }
    if reference.starts_with('/') || reference.starts_with('\\') {
        return Err(format!(
            "image `{reference}` must be a path relative to the post, not an absolute path"
        ));
    }
    let mut parts: Vec<&str> = post_path.split('/').collect();
    parts.pop(); // the post's file name
    for part in reference.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            name => parts.push(name),
        }
        if parts.first() != Some(&"library") {
            return Err(format!(
                "image `{reference}` points outside `library/`; keep images inside the library, beside the post"
            ));
        }
    }
    Ok(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_inside_the_library_only() {
        let post = "library/2026/tokyo/index.md";
        let cases = [
            ("tokyo.jpg", Ok("library/2026/tokyo/tokyo.jpg")),
            ("./img/a.png", Ok("library/2026/tokyo/img/a.png")),
            ("../shared.png", Ok("library/2026/shared.png")),
            ("../../../etc/passwd", Err(())),
            ("../../../../etc/passwd", Err(())),
            ("/etc/passwd", Err(())),
            ("https://evil.example/x.png", Err(())),
            ("..\\..\\..\\x.png", Err(())),
        ];
        for (reference, expected) in cases {
            let resolved = resolve_asset(post, reference).map_err(|_| ());
            assert_eq!(resolved, expected.map(String::from), "{reference}");
        }
    }
}
