//! The files beside the posts that a post may reference (its image), and
//! how a reference written in a post becomes a repository path.

use std::collections::HashMap;

/// The files under `library/` that are not posts, by path relative to the
/// root, with their sizes in bytes.
pub type Assets = HashMap<String, u64>;

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
