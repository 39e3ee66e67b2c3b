//! axe-core in headless Chromium on every page type of the example portal,
//! in English and Japanese, on a phone and a desktop: no serious or
//! critical violation. `.ci/run` installs axe-core from the npm registry
//! and names it in `ADVOCATE_AXE_CORE`; outside CI, without it, the test
//! skips with a message.

use crate::common;

use common::cdp::{Browser, chromium};
use serde_json::{Value, json};

const NOW: &str = "2026-12-10T00:00:00Z";

fn axe_core() -> Option<String> {
    let path = std::env::var_os("ADVOCATE_AXE_CORE");
    match path.map(std::fs::read_to_string) {
        Some(Ok(source)) => Some(source),
        _ if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!("CI needs axe-core: .ci/run installs it and sets ADVOCATE_AXE_CORE")
        }
        _ => {
            eprintln!(
                "skipping: set ADVOCATE_AXE_CORE to axe-core's axe.min.js (npm install axe-core)"
            );
            None
        }
    }
}

/// Every page type, with what marks it loaded.
const PAGES: [(&str, &str); 11] = [
    ("index.html", ".card"),
    ("expiring/index.html", ".card"),
    ("campaigns/tokyo-launch/index.html", ".card"),
    ("topics/culture/index.html", ".card"),
    ("campaigns/index.html", "ul.facets"),
    ("posts/tokyo-office/index.html", "article.post"),
    ("posts/tokyo-office-en/index.html", "article.post"),
    ("impact/index.html", "svg.chart"),
    ("me/index.html", "#me"),
    (
        "compose/index.html",
        "#composer:not([hidden]) .preview-card",
    ),
    ("posts/gone/", "main h1"),
];

#[test]
fn no_page_has_a_serious_or_critical_violation_in_either_language() {
    let Some(binary) = chromium() else { return };
    let Some(axe) = axe_core() else { return };
    let portal = common::example_portal(NOW);
    let mut browser = Browser::launch(&binary);
    let page = browser.open_page();
    let mut problems = Vec::new();
    for (width, height, mobile) in [(390, 844, true), (1280, 900, false)] {
        browser.call(
            Some(&page),
            "Emulation.setDeviceMetricsOverride",
            json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile}),
        );
        for lang in ["en", "ja"] {
            browser.navigate(&page, &format!("{}index.html", portal.base));
            browser.eval(
                &page,
                &format!("localStorage.setItem('advocate.lang', '{lang}'); localStorage.setItem('advocate.code', 'jane-doe')"),
            );
            for (path, ready) in PAGES {
                browser.navigate(&page, &format!("{}{path}", portal.base));
                browser.wait_for(
                    &page,
                    &format!(
                        "document.documentElement.lang === '{lang}' && !!document.querySelector('{ready}')"
                    ),
                );
                browser.eval(&page, &axe);
                let found = browser.eval(
                    &page,
                    "axe.run(document, {resultTypes: ['violations']}).then(r => r.violations
                        .filter(v => v.impact === 'serious' || v.impact === 'critical')
                        .map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.html)})))",
                );
                for violation in found.as_array().cloned().unwrap_or_default() {
                    problems.push(
                        json!({"page": path, "lang": lang, "width": width, "violation": violation}),
                    );
                }
            }
        }
    }
    assert_eq!(
        Value::Array(problems.clone()),
        json!([]),
        "{}",
        serde_json::to_string_pretty(&problems).unwrap()
    );
}
