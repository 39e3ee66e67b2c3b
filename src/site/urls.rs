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
    /// The site's path on its host, from `/` (`/` when the address has
    /// none): what a page served at any depth (the 404 page) links from.
    pub(crate) fn host_path(&self) -> String {
        url::Url::parse(&self.base)
            .ok()
            .filter(|u| u.has_host())
            .map_or_else(|| "/".to_string(), |u| u.path().to_string())
    }

    pub(crate) fn absolute(&self, path: &str) -> String {
        format!("{}{}", self.base, crate::links::encode_path(path))
    }
}

/// From a page at `depth` folders below the root, the way back up.
pub(crate) fn root_from(depth: usize) -> String {
    "../".repeat(depth)
}

pub(crate) use crate::text::slug::slug;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_host_path_is_the_address_path() {
        let cases = [
            ("https://advocates.example.com/", "/"),
            ("https://advocates.example.com", "/"),
            ("https://acme.github.io/advocacy/", "/advocacy/"),
            ("http://127.0.0.1:1111/", "/"),
            ("", "/"),
            ("not a url", "/"),
        ];
        for (base, path) in cases {
            assert_eq!(SiteUrls::new(base).host_path(), path, "{base}");
        }
    }
}
