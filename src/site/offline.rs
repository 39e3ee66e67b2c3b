//! The portal as an installed app: its web manifest, and the service worker
//! that keeps the app shell and the last posts opened for when the network
//! is gone (`worker.js` says how).

use crate::policy::Policy;

/// The service worker, at the portal's root so that its scope is the
/// whole portal.
pub(crate) const WORKER_PATH: &str = "sw.js";
/// The web manifest.
pub(crate) const MANIFEST_PATH: &str = "manifest.webmanifest";

/// What the worker keeps from the start: the front page, the style, the
/// scripts, the icon and the page for what is missing or offline.
fn shell(statics: &[String]) -> Vec<String> {
    let mut shell: Vec<String> = ["index.html", super::interface::SCRIPT_PATH, "404.html"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    shell.extend(
        statics
            .iter()
            .filter(|name| {
                name.ends_with(".css") || name.ends_with(".js") || name.ends_with(".svg")
            })
            .map(|name| format!("static/{name}")),
    );
    shell
}

/// `sw.js`. `version` changes with anything the shell is made from, so a
/// new build's worker replaces the old one and its cache.
pub(crate) fn worker(version: u64, statics: &[String]) -> String {
    let shell = serde_json::to_string(&shell(statics)).unwrap_or_else(|_| "[]".into());
    include_str!("worker.js")
        .replace("__VERSION__", &format!("{version:016x}"))
        .replace("__SHELL__", &shell)
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
        "icons": [{"src": "static/favicon.svg", "sizes": "any", "type": "image/svg+xml", "purpose": "any"}],
    });
    serde_json::to_string_pretty(&manifest).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_worker_keeps_the_shell_and_changes_with_it() {
        let statics = [
            "style.css".to_string(),
            "portal.js".into(),
            "favicon.svg".into(),
            "logo.png".into(),
        ];
        let script = worker(7, &statics);
        assert!(script.contains("\"advocate-0000000000000007\""));
        assert!(script.contains(
            r#"["index.html","i18n.js","404.html","static/style.css","static/portal.js","static/favicon.svg"]"#
        ));
        assert!(!script.contains("__"), "every placeholder is filled");
        assert_ne!(script, worker(8, &statics));
    }
}
