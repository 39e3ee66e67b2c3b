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
        format!("{}{}", self.base, crate::links::encode_path(path))
    }
}

/// From a page at `depth` folders below the root, the way back up.
pub(crate) fn root_from(depth: usize) -> String {
    "../".repeat(depth)
}

pub(crate) use crate::text::slug::slug;
