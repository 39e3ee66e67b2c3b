//! The portal as an installed app: its web manifest, and the service worker
//! that keeps the app shell and the last posts opened for when the network
//! is gone (`worker.js` says how).

use crate::policy::Policy;

/// What the service worker keeps for offline use, as paths from the
/// portal's root.
pub(crate) struct Shell {
    /// The front page, kept from the start.
    pub(crate) front: String,
    /// The 404 page, kept from the start.
    pub(crate) not_found: String,
    /// The interface files and the theme's files, kept once loaded.
    pub(crate) files: Vec<String>,
}

/// `sw.js`, which keeps `shell`. `version` changes with anything the shell
/// is made from, so a new build's worker replaces the old one and its
/// cache.
pub(crate) fn worker(version: u64, shell: &Shell) -> String {
    include_str!("worker.js")
        .replace("__VERSION__", &format!("{version:016x}"))
        .replace("__FRONT__", &json(&shell.front))
        .replace("__NOT_FOUND__", &json(&shell.not_found))
        .replace("__SHELL__", &json(&shell.files))
}

/// A value as a JavaScript literal.
fn json(value: &impl serde::Serialize) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".into())
}

/// `manifest.webmanifest`: the portal installs under the site's title and
/// opens at its front page.
pub(crate) fn manifest(policy: &Policy, lang: &str) -> String {
    let manifest = serde_json::json!({
        "name": policy.site.title,
        "short_name": policy.site.title,
        "lang": lang,
        "start_url": "./index.html",
        "scope": "./",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b57d0",
        "icons": [{"src": format!("{}/favicon.svg", super::routes::STATIC_FOLDER), "sizes": "any", "type": "image/svg+xml", "purpose": "any"}],
    });
    serde_json::to_string_pretty(&manifest).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_worker_keeps_the_shell_and_changes_with_it() {
        let shell = Shell {
            front: "index.html".into(),
            not_found: "404.html".into(),
            files: vec!["i18n/en.js".into(), "static/style.css".into()],
        };
        let script = worker(7, &shell);
        assert!(script.contains("\"advocate-0000000000000007\""));
        assert!(script.contains(r#"const FRONT = "index.html";"#));
        assert!(script.contains(r#"const NOT_FOUND = "404.html";"#));
        assert!(script.contains(r#"const SHELL = ["i18n/en.js","static/style.css"];"#));
        assert!(!script.contains("__"), "every placeholder is filled");
        assert_ne!(script, worker(8, &shell));
    }
}
