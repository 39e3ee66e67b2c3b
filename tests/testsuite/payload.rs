//! What an employee's browser downloads, measured in Chromium's network
//! log (`Network.loadingFinished`'s encoded bytes, cache off): the index
//! before any interaction, and the first search for 東京 and for an
//! English word, each from a fresh page. And the first visit as the server
//! counts it, answering as GitHub Pages does: the page, and what the
//! service worker fetches on install.
//!
//! By default it builds 2,000 generated posts. `ADVOCATE_PAYLOAD_SITE=DIR`
//! measures a portal already built (`bench/run.sh` passes 10,000 and
//! 100,000 posts), and `ADVOCATE_PAYLOAD_REPORT=FILE` appends the figures.

use crate::common;

use common::cdp::{Browser, chromium};
use serde_json::json;
use std::path::{Path, PathBuf};

const NOW: &str = "2026-12-10T00:00:00Z";

/// Index: HTML, CSS and JS before any interaction (issue 13).
const INDEX_BUDGET: u64 = 100 * 1024;
/// The first search at 10,000 posts; at 100,000 the budget doubles.
const SEARCH_BUDGET: u64 = 150 * 1024;

/// 2,000 generated posts in `campaigns` campaigns and `topics` topics.
fn generated_site(dir: &Path, campaigns: usize, topics: usize) -> PathBuf {
    let root = dir.join("repo");
    std::fs::create_dir_all(root.join("library")).unwrap();
    std::fs::write(
        root.join("policy.yaml"),
        "site:\n  title: Payload\n  languages: [en, ja]\n  timezone: Asia/Tokyo\n",
    )
    .unwrap();
    let english = [
        "team",
        "customers",
        "product",
        "release",
        "office",
        "launch",
        "hiring",
        "engineers",
        "culture",
        "report",
        "energy",
        "tokyo",
        "community",
        "event",
        "cloud",
        "future",
    ];
    let japanese = [
        "東京",
        "オフィス",
        "新しい",
        "製品",
        "採用",
        "イベント",
        "開発",
        "仲間",
        "募集",
        "発表",
    ];
    for n in 0..2000usize {
        let pick = |list: &[&str], k: usize| list[(n * 7 + k * 13) % list.len()].to_string();
        let (lang, title, text) = if n % 3 == 0 {
            let words: Vec<String> = (0..8).map(|k| pick(&japanese, k)).collect();
            ("ja", format!("{} {n}", words[..3].concat()), words.concat())
        } else {
            let words: Vec<String> = (0..12).map(|k| pick(&english, k)).collect();
            (
                "en",
                format!("{} {n}", words[..4].join(" ")),
                words.join(" "),
            )
        };
        std::fs::write(
            root.join(format!("library/p{n:04}.md")),
            format!(
                "---\ntitle: {title}\nlang: {lang}\ncampaign: c{}\ntopics: [t{}]\npublish_at: 2026-11-{:02}\n---\n{text}\n\n```share\n{text}\n```\n\n```share x\n{title}\n```\n",
                n % campaigns,
                n % topics,
                1 + n % 28
            ),
        )
        .unwrap();
    }
    let out = dir.join("public");
    common::assert_success(&common::advocate(
        &root,
        &["build", "--out", out.to_str().unwrap(), "--now", NOW],
    ));
    out
}

/// A browser on `site` that counts what the page itself asks the network
/// for: cache off, and the service worker bypassed (it would otherwise
/// answer, and its own requests are not the page's). Returns it, its page
/// and the site's address.
fn measuring_browser(binary: &PathBuf, site: &Path) -> (Browser, String, String) {
    let base = common::serve::serve(site);
    let mut browser = Browser::launch(binary);
    let page = browser.open_page();
    browser.call(Some(&page), "Network.enable", json!({}));
    browser.call(
        Some(&page),
        "Network.setBypassServiceWorker",
        json!({"bypass": true}),
    );
    browser.call(
        Some(&page),
        "Network.setCacheDisabled",
        json!({"cacheDisabled": true}),
    );
    (browser, page, base)
}

/// What the index downloads before any interaction, in bytes.
fn index_download(binary: &PathBuf, site: &Path) -> u64 {
    let (mut browser, page, base) = measuring_browser(binary, site);
    browser.navigate(&page, &format!("{base}index.html"));
    browser.wait_for(
        &page,
        "document.readyState === 'complete' && document.querySelector('button.more')",
    );
    let mut seen = 0;
    received(&mut browser, &page, &mut seen)
}

/// 500 campaigns and 500 topics: the index names the biggest, their own
/// pages list them all, and the index stays within its budget.
#[test]
fn many_campaigns_and_topics_keep_the_index_light() {
    let Some(binary) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let site = generated_site(dir.path(), 500, 500);
    let bytes = index_download(&binary, &site);
    assert!(
        bytes <= INDEX_BUDGET,
        "the index loads {bytes} bytes with 500 campaigns and topics"
    );
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert_eq!(
        index.matches("<option value=\"c").count(),
        30,
        "the menu names the 30 biggest"
    );
    assert!(index.contains("campaigns/index.html") && index.contains("topics/index.html"));
    let all = std::fs::read_to_string(site.join("campaigns/index.html")).unwrap();
    assert_eq!(
        all.matches("<li><a href=").count(),
        500,
        "every campaign on its own page"
    );
    eprintln!("500 campaigns and 500 topics: index {} KB", bytes / 1024);
}

/// Bytes received since the last call.
fn received(browser: &mut Browser, page: &str, seen: &mut usize) -> u64 {
    browser.drain(page);
    let events: Vec<_> = browser.events.iter().skip(*seen).cloned().collect();
    *seen = browser.events.len();
    events
        .iter()
        .filter(|e| e["method"] == "Network.loadingFinished")
        .map(|e| e["params"]["encodedDataLength"].as_f64().unwrap_or(0.0) as u64)
        .sum()
}

/// The first visit, counted at the server: a new browser opens the front
/// page (at its two addresses) and stays until the service worker has
/// installed and kept its shell. Returns the bytes the server sent.
fn first_visit_at_the_server(binary: &PathBuf, site: &Path, address: &str) -> u64 {
    let (base, sent) = common::serve::serve_as_pages(site);
    let mut browser = Browser::launch(binary);
    let page = browser.open_page();
    browser.navigate(&page, &format!("{base}{address}"));
    browser.wait_for(
        &page,
        "document.readyState === 'complete' && document.querySelector('button.more')",
    );
    // Installed, in control, and the 404 page kept: the shell is complete.
    browser.wait_for(
        &page,
        "navigator.serviceWorker.ready.then(() => !!navigator.serviceWorker.controller && \
         caches.keys().then(keys => Promise.all(keys.map(k => caches.open(k).then(c => c.match('404.html'))))) \
         .then(found => found.some(Boolean)))",
    );
    // Anything still on its way.
    std::thread::sleep(std::time::Duration::from_millis(500));
    let bytes = sent.load(std::sync::atomic::Ordering::SeqCst);
    assert!(browser.errors().is_empty(), "{:?}", browser.errors());
    bytes
}

#[test]
fn what_the_index_and_the_first_search_download() {
    let Some(binary) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let site = match std::env::var_os("ADVOCATE_PAYLOAD_SITE") {
        Some(site) => PathBuf::from(site),
        None => generated_site(dir.path(), 20, 9),
    };
    let posts = std::fs::read_dir(site.join("posts")).unwrap().count();
    let mut report = format!("{posts} posts:");
    for address in ["", "index.html"] {
        let bytes = first_visit_at_the_server(&binary, &site, address);
        report.push_str(&format!(
            " first visit /{address} {} KB at the server,",
            bytes / 1024
        ));
        assert!(
            bytes <= INDEX_BUDGET,
            "the first visit to /{address} sends {bytes} bytes, service worker included"
        );
    }
    let (mut browser, page, base) = measuring_browser(&binary, &site);
    let mut seen = 0;

    browser.navigate(&page, &format!("{base}index.html"));
    browser.wait_for(
        &page,
        "document.readyState === 'complete' && document.querySelector('button.more')",
    );
    let index = received(&mut browser, &page, &mut seen);
    report.push_str(&format!(" index {} KB", index / 1024));
    assert!(index <= INDEX_BUDGET, "the index loads {index} bytes");

    let budget = if posts > 50_000 {
        2 * SEARCH_BUDGET
    } else {
        SEARCH_BUDGET
    };
    for query in ["東京", "hiring"] {
        browser.navigate(&page, &format!("{base}index.html"));
        browser.wait_for(
            &page,
            "document.readyState === 'complete' && document.getElementById('filters')",
        );
        received(&mut browser, &page, &mut seen);
        browser.search(&page, query);
        browser.wait_for(&page, "/^\\d+ /.test(document.getElementById('count').textContent) && !document.getElementById('results').hidden");
        let found = browser.eval(&page, "document.querySelectorAll('#results > li').length");
        assert!(found.as_u64().unwrap() > 0, "{query} finds posts");
        let bytes = received(&mut browser, &page, &mut seen);
        report.push_str(&format!(", first search {query} {} KB", bytes / 1024));
        assert!(
            bytes > 1024 && bytes <= budget,
            "the first search for {query} loads {bytes} bytes"
        );
    }
    eprintln!("{report}");
    if let Some(file) = std::env::var_os("ADVOCATE_PAYLOAD_REPORT") {
        use std::io::Write;
        let mut file = std::fs::OpenOptions::new()
            .append(true)
            .create(true)
            .open(file)
            .unwrap();
        writeln!(file, "{report}").unwrap();
    }
}
