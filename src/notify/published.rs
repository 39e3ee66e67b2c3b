//! What a published portal already has: the post ids in its `posts.json`,
//! every page of it (`next`, as docs/posts-json.md says to follow it),
//! fetched over HTTP(S) or read from a folder. `notify --new --published`
//! announces the live posts it lacks: those that went live since that
//! publish.

use crate::error::Error;
use crate::http::{Failure, Http, Request};
use std::collections::HashSet;
use std::path::Path;

/// The most pages followed: 500 posts a page, far past any library.
const MOST_PAGES: usize = 1_000;

#[derive(serde::Deserialize)]
struct Page {
    #[serde(default)]
    next: Option<String>,
    #[serde(default)]
    site: Option<Site>,
    posts: Vec<Post>,
}

#[derive(serde::Deserialize)]
struct Site {
    base_url: String,
}

#[derive(serde::Deserialize)]
struct Post {
    id: String,
}

/// The ids of the posts the portal at `source` (a `posts.json` address, or
/// its path) lists.
pub(crate) fn ids(source: &str) -> Result<HashSet<String>, Error> {
    let remote = source.starts_with("https://") || source.starts_with("http://");
    let http = Http::new();
    let mut ids = HashSet::new();
    let mut next = Some(source.to_string());
    let mut root: Option<(String, std::path::PathBuf)> = None;
    for _ in 0..MOST_PAGES {
        let Some(at) = next.take() else {
            return Ok(ids);
        };
        let bytes = if remote {
            // Later pages come from the same host as the first, never
            // from wherever a page points.
            if !same_origin(source, &at) {
                return Err(unreadable(source, "a page's `next` leaves its host"));
            }
            fetch(&http, &at)?
        } else {
            let path = match &root {
                // A later page: its address under the site, in the folder,
                // never outside it.
                Some((base, folder)) => {
                    let inside = at
                        .strip_prefix(base.as_str())
                        .map(Path::new)
                        .filter(|rest| {
                            rest.components()
                                .all(|c| matches!(c, std::path::Component::Normal(_)))
                        })
                        .ok_or_else(|| {
                            unreadable(source, "a page's `next` is not under the site's base_url")
                        })?;
                    folder.join(inside)
                }
                None => Path::new(&at).to_path_buf(),
            };
            std::fs::read(&path).map_err(|e| Error::io("cannot read", &path, e))?
        };
        let page: Page = serde_json::from_slice(&bytes)
            .map_err(|e| unreadable(source, &format!("it is not a posts.json page ({e})")))?;
        if root.is_none()
            && !remote
            && let Some(site) = &page.site
        {
            let folder = Path::new(source).parent().unwrap_or(Path::new("."));
            root = Some((site.base_url.clone(), folder.to_path_buf()));
        }
        ids.extend(page.posts.into_iter().map(|p| p.id));
        next = page.next;
    }
    Err(unreadable(
        source,
        &format!("it has more than {MOST_PAGES} pages"),
    ))
}

/// Whether `url` has the scheme, host and port of `first`.
fn same_origin(first: &str, url: &str) -> bool {
    match (url::Url::parse(first), url::Url::parse(url)) {
        (Ok(a), Ok(b)) => a.origin() == b.origin(),
        _ => false,
    }
}

fn fetch(http: &Http, url: &str) -> Result<Vec<u8>, Error> {
    let request = Request {
        post: false,
        url,
        headers: vec![("Accept", "application/json".into())],
        body: Vec::new(),
        secrets: Vec::new(),
    };
    http.send(&request).map_err(|failure| {
        let why = match failure {
            Failure::Status(404, _) => {
                "it has no posts.json there (is this the first publish?)".to_string()
            }
            Failure::Status(code @ (401 | 403), _) => format!(
                "it answered {code}: a private portal cannot be compared with; use --since instead"
            ),
            Failure::Status(code, said) => format!("it answered {code}: {said}"),
            Failure::Unreachable(why) => format!("it could not be reached: {why}"),
        };
        unreadable(url, &why)
    })
}

fn unreadable(source: &str, why: &str) -> Error {
    Error::Input(format!(
        "notify: the published portal at {} cannot tell what is new: {why}; nothing was posted",
        crate::escape::terminal(source)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn later_pages_stay_on_the_portal() {
        assert!(same_origin(
            "https://advocates.example.com/posts.json",
            "https://advocates.example.com/api/posts/2.json"
        ));
        assert!(!same_origin(
            "https://advocates.example.com/posts.json",
            "http://169.254.169.254/latest/meta-data"
        ));
        let dir = tempfile::tempdir().unwrap();
        let first = dir.path().join("posts.json");
        std::fs::write(
            &first,
            r#"{"site": {"base_url": "https://a.example/"}, "next": "https://a.example/../../secret.json", "posts": [{"id": "x"}]}"#,
        )
        .unwrap();
        let error = ids(first.to_str().unwrap()).unwrap_err().to_string();
        assert!(error.contains("not under the site's base_url"), "{error}");
    }
}
