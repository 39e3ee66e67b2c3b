//! Addresses in the portal: absolute ones from the base URL (for
//! `posts.json` and the feed), relative ones between pages, so the same
//! output works from `serve`, a preview artifact or any host.

#[derive(Debug, Clone)]
pub(crate) struct SiteUrls {
    /// Ends with `/`.
    pub(crate) base: String,
}

impl SiteUrls {
    pub(crate) fn new(base: &str) -> SiteUrls {
        let base = if base.ends_with('/') {
            base.to_string()
        } else {
            format!("{base}/")
        };
        SiteUrls { base }
    }

    /// `path` is relative to the site's root, `/`-separated, not escaped.
    pub(crate) fn absolute(&self, path: &str) -> String {
        format!("{}{}", self.base, encode_path(path))
    }
}

/// From a page at `depth` folders below the root, the way back up.
pub(crate) fn root_from(depth: usize) -> String {
    "../".repeat(depth)
}

/// Percent-encodes each segment of a path, keeping the `/`s.
pub(crate) fn encode_path(path: &str) -> String {
    path.split('/')
        .map(crate::links::percent_encode)
        .collect::<Vec<_>>()
        .join("/")
}

/// A safe folder name for a URL: letters and digits of any script, lower
/// case, everything else `-`. Never empty, never `.` or `..`.
pub(crate) fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let trimmed = out.trim_matches('-');
    if trimmed.is_empty() {
        format!(
            "x{:x}",
            name.bytes()
                .fold(0u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)))
        )
    } else {
        trimmed.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_safe_folder_names() {
        let cases = [
            ("tokyo-launch", "tokyo-launch"),
            ("Tokyo Launch 2027", "tokyo-launch-2027"),
            ("../../etc", "etc"),
            ("文化", "文化"),
            ("a/b\\c", "a-b-c"),
        ];
        for (name, expected) in cases {
            assert_eq!(slug(name), expected);
        }
        assert!(!slug("..").is_empty() && !slug("..").contains('.'));
    }
}
