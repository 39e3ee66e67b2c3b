//! "Save to library/": the composer's post, written into the repository
//! by `advocate serve` (`POST /__advocate/save`). Only the page this
//! server served may ask (same origin, JSON), only a new file directly in
//! `library/` with a slug for a name, never over an existing one. The
//! watcher then rebuilds the preview as for any edit.

use crate::post::front_matter::is_slug;
use crate::project::files::{LIBRARY_DIR, refuse_links};
use axum::http::{HeaderMap, StatusCode, header};
use std::path::Path;

/// The most a composed post may weigh.
pub(super) const MAX_POST_BYTES: usize = 1024 * 1024;

/// What the page sends.
#[derive(serde::Deserialize)]
struct Request {
    path: String,
    text: String,
}

/// Answers one request to save a post: the status and a sentence for the
/// page.
pub(super) fn save(
    root: &Path,
    own_hosts: &[String],
    headers: &HeaderMap,
    body: &[u8],
) -> (StatusCode, String) {
    if let Err(why) = same_origin(own_hosts, headers) {
        return (StatusCode::FORBIDDEN, why);
    }
    if body.len() > MAX_POST_BYTES {
        return (
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("a post may be at most {MAX_POST_BYTES} bytes"),
        );
    }
    let request: Request = match serde_json::from_slice(body) {
        Ok(request) => request,
        Err(_) => {
            return (
                StatusCode::BAD_REQUEST,
                "send {\"path\": \"library/NAME.md\", \"text\": …}".into(),
            );
        }
    };
    let Some(name) = request
        .path
        .strip_prefix(&format!("{LIBRARY_DIR}/"))
        .and_then(|rest| rest.strip_suffix(".md"))
        .filter(|name| is_slug(name))
    else {
        return (
            StatusCode::BAD_REQUEST,
            format!(
                "`{}` is not a post's place: save as library/NAME.md, NAME of lowercase letters, digits and hyphens",
                crate::escape::shortened(&request.path, 80)
            ),
        );
    };
    let folder = root.join(LIBRARY_DIR);
    if let Err(error) = refuse_links(root, &folder) {
        return (StatusCode::FORBIDDEN, error.to_string());
    }
    let path = folder.join(format!("{name}.md"));
    let created = std::fs::create_dir_all(&folder).and_then(|()| {
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
    });
    match created {
        Ok(mut file) => match std::io::Write::write_all(&mut file, request.text.as_bytes()) {
            Ok(()) => (StatusCode::CREATED, request.path),
            Err(e) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("cannot write {}: {e}", request.path),
            ),
        },
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => (
            StatusCode::CONFLICT,
            format!("{} exists already; choose another name", request.path),
        ),
        Err(e) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("cannot create {}: {e}", request.path),
        ),
    }
}

/// Only the server's own pages: a browser sends `Origin` with every POST,
/// and `Sec-Fetch-Site` where it knows it; JSON, which a form elsewhere
/// cannot send without asking first.
fn same_origin(own_hosts: &[String], headers: &HeaderMap) -> Result<(), String> {
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let origin_ok = text(header::ORIGIN.as_str())
        .and_then(|origin| origin.strip_prefix("http://"))
        .is_some_and(|host| own_hosts.iter().any(|own| own.eq_ignore_ascii_case(host)));
    let site_ok = text("sec-fetch-site").is_none_or(|site| site == "same-origin");
    let json = text(header::CONTENT_TYPE.as_str())
        .is_some_and(|kind| kind.starts_with("application/json"));
    if origin_ok && site_ok && json {
        Ok(())
    } else {
        Err("only the composer page of this server may save posts".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(origin: &str, site: Option<&str>, kind: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::ORIGIN, origin.parse().unwrap());
        headers.insert(header::CONTENT_TYPE, kind.parse().unwrap());
        if let Some(site) = site {
            headers.insert("sec-fetch-site", site.parse().unwrap());
        }
        headers
    }

    #[test]
    fn saves_only_new_posts_from_its_own_pages() {
        let dir = tempfile::tempdir().unwrap();
        let hosts = vec!["127.0.0.1:1111".to_string()];
        let own = headers(
            "http://127.0.0.1:1111",
            Some("same-origin"),
            "application/json",
        );
        let body = br#"{"path": "library/osaka.md", "text": "---\ntitle: Osaka\n---\n"}"#;
        assert_eq!(save(dir.path(), &hosts, &own, body).0, StatusCode::CREATED);
        assert_eq!(
            std::fs::read_to_string(dir.path().join("library/osaka.md")).unwrap(),
            "---\ntitle: Osaka\n---\n"
        );
        // Never over an existing file.
        let again = br#"{"path": "library/osaka.md", "text": "other"}"#;
        assert_eq!(
            save(dir.path(), &hosts, &own, again).0,
            StatusCode::CONFLICT
        );
        assert!(
            std::fs::read_to_string(dir.path().join("library/osaka.md"))
                .unwrap()
                .contains("Osaka")
        );
        // Nowhere but library/NAME.md.
        for path in [
            "library/../policy.yaml",
            "../x.md",
            "library/a/b.md",
            "library/Osaka.md",
            "static/x.md",
            "library/.md",
        ] {
            let body = serde_json::json!({"path": path, "text": "x"}).to_string();
            assert_eq!(
                save(dir.path(), &hosts, &own, body.as_bytes()).0,
                StatusCode::BAD_REQUEST,
                "{path}"
            );
        }
        // Only its own pages, asking with JSON.
        for headers in [
            headers(
                "http://evil.example",
                Some("cross-site"),
                "application/json",
            ),
            headers(
                "http://127.0.0.1:1111",
                Some("cross-site"),
                "application/json",
            ),
            headers("http://127.0.0.1:1111", None, "text/plain"),
            headers("null", None, "application/json"),
        ] {
            let body = br#"{"path": "library/other.md", "text": "x"}"#;
            assert_eq!(
                save(dir.path(), &hosts, &headers, body).0,
                StatusCode::FORBIDDEN
            );
        }
        assert!(!dir.path().join("library/other.md").exists());
    }
}
