//! The portal as an employee comes back to it, in headless Chromium on a
//! phone and a desktop: sharing from a card without opening the post, the
//! card remembering it, the interface in the browser's language from one
//! build, and pages without JavaScript that offer no dead control.

use crate::common;

use common::cdp::{Browser, chromium};
use serde_json::json;

const NOW: &str = "2026-12-10T00:00:00Z";

/// Phone and desktop: (width, height, mobile).
const SCREENS: [(u32, u32, bool); 2] = [(390, 844, true), (1280, 900, false)];

fn screen(browser: &mut Browser, page: &str, (width, height, mobile): (u32, u32, bool)) {
    browser.call(
        Some(page),
        "Emulation.setDeviceMetricsOverride",
        json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile}),
    );
}

/// The browser's languages, as `navigator.languages` gives them.
fn languages(browser: &mut Browser, page: &str, accept: &str) {
    let version = browser.call(None, "Browser.getVersion", json!({}));
    browser.call(
        Some(page),
        "Emulation.setUserAgentOverride",
        json!({"userAgent": version["userAgent"], "acceptLanguage": accept}),
    );
}

fn text(browser: &mut Browser, page: &str, selector: &str) -> String {
    let value = browser.eval(
        page,
        &format!(
            "(document.querySelector({}) || {{}}).textContent || ''",
            json!(selector)
        ),
    );
    value.as_str().unwrap_or_default().trim().to_string()
}

#[test]
fn a_card_shares_to_x_without_opening_the_post_and_remembers_it() {
    let Some(binary) = chromium() else { return };
    let portal = common::example_portal(NOW);
    let posts = common::read_json(portal.out.join("posts.json"));
    let mut browser = Browser::launch(&binary);
    // Phone and desktop, English and Japanese, with and without a code;
    // with what the interface says in each language ("Share on", "Shared on").
    let rounds = [
        (SCREENS[0], "en", None, ("Share on", "Shared on")),
        (
            SCREENS[1],
            "en",
            Some("jane-doe"),
            ("Share on", "Shared on"),
        ),
        (
            SCREENS[0],
            "ja",
            Some("jane-doe"),
            ("シェア先", "シェア済み："),
        ),
        (SCREENS[1], "ja", None, ("シェア先", "シェア済み：")),
    ];
    for (round, (size, lang, code, (share_on, shared_on))) in rounds.into_iter().enumerate() {
        let page = browser.open_page();
        screen(&mut browser, &page, size);
        let index = format!("{}index.html", portal.base);
        browser.navigate(&page, &index);
        let set_code = match code {
            Some(code) => format!("localStorage.setItem('advocate.code', '{code}')"),
            None => "localStorage.removeItem('advocate.code')".to_string(),
        };
        browser.eval(
            &page,
            &format!("localStorage.setItem('advocate.lang', '{lang}'); {set_code}"),
        );
        browser.navigate(&page, &index);
        browser.wait_for(
            &page,
            &format!("document.documentElement.lang === '{lang}' && !!document.querySelector('.card a.net')"),
        );
        // On a phone the filters fold behind "Filters"; on a desktop they show.
        let folded = browser.eval(
            &page,
            "document.getElementById('f-campaign').getClientRects().length === 0",
        );
        assert_eq!(folded, json!(size.2), "filters folded on phones only");
        if size.2 {
            browser.eval(&page, "document.querySelector('.filters-toggle').click()");
            assert_eq!(
                browser.eval(
                    &page,
                    "document.getElementById('f-campaign').getClientRects().length > 0 && document.querySelector('.filters-toggle').getAttribute('aria-expanded')"
                ),
                json!("true")
            );
        }
        // The round's post: the first (then second) card that shares to X.
        let id = browser.eval(
            &page,
            &format!("Array.from(document.querySelectorAll('.card')).filter(c => c.dataset.n.split(' ').includes('x'))[{round}].dataset.id"),
        );
        let id = id.as_str().expect("a card that shares to X").to_string();
        let card = format!(".card[data-id=\"{id}\"]");
        assert_eq!(
            browser.eval(
                &page,
                &format!("getComputedStyle(document.querySelector('{card} .shared-note') || document.body).display === 'none' || document.querySelector('{card} .shared-note').hidden")
            ),
            json!(true),
            "not shared yet"
        );
        // The button is named for its network, for screen readers too.
        let button = format!("{card} a.net[data-network=\"x\"]");
        let name = text(&mut browser, &page, &button);
        assert!(name.ends_with('X') && name.starts_with(share_on), "{name}");
        browser.events.clear();
        browser.eval(
            &page,
            &format!("document.querySelector('{button}').click()"),
        );
        let intent = browser.wait_for_opened(&page, "https://x.com/intent/tweet?text=");
        let shared = advocate::percent_decode(
            intent
                .strip_prefix("https://x.com/intent/tweet?text=")
                .unwrap(),
        );
        let post = posts["posts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == id.as_str())
            .unwrap();
        let tracked: Vec<String> = post["shares"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["network"] == "x")
            .map(|s| {
                let (text, link) = (s["text"].as_str().unwrap(), s["link"].as_str().unwrap());
                match code {
                    Some(code) => text.replace(link, &format!("{link}&utm_term={code}")),
                    None => text.to_string(),
                }
            })
            .collect();
        assert!(
            tracked.contains(&shared),
            "the intent carries a tracked text of {id}: {shared:?}, not one of {tracked:?}"
        );
        assert_eq!(
            browser.eval(&page, "location.pathname"),
            json!("/index.html"),
            "the post page was not opened"
        );
        // After a reload, the card says it was shared.
        browser.navigate(&page, &index);
        browser.wait_for(
            &page,
            &format!("!document.querySelector('{card} .shared-note').hidden"),
        );
        let note = text(&mut browser, &page, &format!("{card} .shared-note"));
        assert!(note.starts_with(&format!("{shared_on} X · ")), "{note}");
        let errors = browser.errors();
        assert!(errors.is_empty(), "console errors: {errors:#?}");
    }
}

#[test]
fn the_interface_follows_the_browsers_language_and_switches_in_place() {
    let Some(binary) = chromium() else { return };
    let portal = common::example_portal(NOW);
    let mut browser = Browser::launch(&binary);
    for size in SCREENS {
        let page = browser.open_page();
        screen(&mut browser, &page, size);
        languages(&mut browser, &page, "ja");
        let index = format!("{}index.html", portal.base);
        browser.navigate(&page, &index);
        browser.eval(&page, "localStorage.clear()");
        browser.navigate(&page, &index);
        browser.wait_for(&page, "document.documentElement.lang === 'ja'");
        assert_eq!(text(&mut browser, &page, "main h1"), "すべての投稿");
        assert_eq!(text(&mut browser, &page, "label[for=q]"), "検索");
        // Display names from policy.yaml, dates as Japanese writes them.
        assert_eq!(
            text(&mut browser, &page, "#f-campaign option[value=tokyo-launch]"),
            format!(
                "東京オフィス開設 ({})",
                browser
                    .eval(
                        &page,
                        "document.querySelector('#f-campaign option[value=tokyo-launch]').dataset.count"
                    )
                    .as_str()
                    .unwrap()
            )
        );
        let day = text(&mut browser, &page, ".card time");
        assert!(
            day.contains('年') && day.ends_with('日'),
            "a Japanese date: {day}"
        );
        assert!(text(&mut browser, &page, ".card a.net").starts_with("シェア先"));
        // The switch in the header: English, at once, and kept.
        browser.eval(
            &page,
            "(() => { const s = document.getElementById('ui-lang'); s.value = 'en'; s.dispatchEvent(new Event('change')); })()",
        );
        assert_eq!(
            browser.eval(&page, "document.documentElement.lang"),
            json!("en")
        );
        assert_eq!(text(&mut browser, &page, "main h1"), "All posts");
        let day = text(&mut browser, &page, ".card time");
        assert!(!day.contains('年'), "an English date: {day}");
        assert!(text(&mut browser, &page, ".card a.net").starts_with("Share on"));
        browser.navigate(&page, &index);
        assert_eq!(text(&mut browser, &page, "main h1"), "All posts");
        // A post page in Japanese: its buttons, network names and notes.
        browser.eval(&page, "localStorage.setItem('advocate.lang', 'ja')");
        browser.navigate(
            &page,
            &format!("{}posts/tokyo-office/index.html", portal.base),
        );
        browser.wait_for(&page, "document.documentElement.lang === 'ja'");
        assert_eq!(
            text(&mut browser, &page, "#n-x .alt:not([hidden]) button.copy"),
            "コピー: X"
        );
        assert_eq!(text(&mut browser, &page, "#shares-h"), "シェア用の文面");
        // The post's own text keeps its language.
        assert_eq!(
            browser.eval(&page, "document.querySelector('article.post').lang"),
            json!("ja")
        );
        let errors = browser.errors();
        assert!(errors.is_empty(), "console errors: {errors:#?}");
    }
}

#[test]
fn without_javascript_no_visible_control_is_dead() {
    let Some((portal, mut browser, page)) = common::portal_in_chromium(NOW) else {
        return;
    };
    browser.call(
        Some(&page),
        "Emulation.setScriptExecutionDisabled",
        json!({"value": true}),
    );
    let pages = [
        "index.html",
        "expiring/index.html",
        "campaigns/tokyo-launch/index.html",
        "topics/culture/index.html",
        "posts/tokyo-office/index.html",
        "posts/tokyo-office-en/index.html",
        "impact/index.html",
        "me/index.html",
        "posts/gone/",
    ];
    for path in pages {
        browser.navigate(&page, &format!("{}{path}", portal.base));
        // What a person can see and use: buttons, fields and links.
        let dead = browser.eval(
            &page,
            "Array.from(document.querySelectorAll('button, input, select, textarea, a, summary'))
               .filter(el => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden')
               .filter(el => el.tagName === 'A' ? !el.getAttribute('href') : el.tagName !== 'SUMMARY')
               .map(el => el.outerHTML.slice(0, 120))",
        );
        assert_eq!(dead, json!([]), "{path}: controls that need JavaScript");
    }
    // The index offers campaigns and topics as links instead of filters.
    browser.navigate(&page, &format!("{}index.html", portal.base));
    let links = browser.eval(
        &page,
        "Array.from(document.querySelectorAll('main a[href*=\"campaigns/\"], main a[href*=\"topics/\"]')).filter(a => a.getClientRects().length > 0).length",
    );
    assert!(
        links.as_u64().unwrap() >= 2,
        "campaign and topic links: {links}"
    );
    // "Suggest a post" opens the repository's new-issue form, prefilled
    // with a post to fill in.
    let suggest = browser.eval(
        &page,
        "Array.from(document.querySelectorAll('header a')).find(a => a.textContent === 'Suggest a post').href",
    );
    let suggest = suggest.as_str().unwrap();
    assert!(
        suggest.starts_with("https://github.com/acme/advocacy/issues/new?title="),
        "{suggest}"
    );
    let body = advocate::percent_decode(suggest.split("&body=").nth(1).unwrap());
    assert!(
        body.contains("```share") && body.contains("#AcmeEmployee"),
        "{body}"
    );
    // A post page still shares: its share links are plain links.
    browser.navigate(
        &page,
        &format!("{}posts/tokyo-office/index.html", portal.base),
    );
    let share = browser.eval(
        &page,
        "Array.from(document.querySelectorAll('a.share')).filter(a => a.getClientRects().length > 0).map(a => a.href)",
    );
    assert!(
        share
            .as_array()
            .unwrap()
            .iter()
            .any(|href| href.as_str().unwrap().starts_with("https://")),
        "{share}"
    );
}

/// The cached pages' addresses, as the service worker keeps them.
const CACHED: &str = "caches.keys().then(keys => Promise.all(keys.map(k => caches.open(k).then(c => c.keys())))).then(lists => lists.flat().map(r => r.url))";

#[test]
fn offline_a_post_opened_before_still_opens_and_an_expired_one_does_not() {
    let Some(binary) = chromium() else { return };
    // The example repository, with one more post that expires in seconds.
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("repo");
    let example = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    common::copy_tree(&example.join("library"), &root.join("library"));
    std::fs::copy(example.join("policy.yaml"), root.join("policy.yaml")).unwrap();
    let english =
        std::fs::read_to_string(root.join("library/tokyo-launch/tokyo-office-en.md")).unwrap();
    let expires = jiff::Timestamp::now() + jiff::SignedDuration::from_secs(15);
    let soon = english
        .replace(
            "title: Our Tokyo office is open",
            "title: Open house this week",
        )
        .replace("expires_at: 2027-03-31", &format!("expires_at: {expires}"))
        .replace("publish_at: 2026-11-16T09:00:00+09:00\n", "");
    std::fs::write(root.join("library/tokyo-launch/open-house.md"), soon).unwrap();
    let out = dir.path().join("public");
    common::assert_success(&common::advocate(
        &root,
        &["build", "--out", out.to_str().unwrap()],
    ));
    let (base, online) = common::serve::serve_with_switch(&out);

    let mut browser = Browser::launch(&binary);
    let page = browser.open_page();
    browser.navigate(&page, &format!("{base}index.html"));
    browser.wait_for(&page, "!!navigator.serviceWorker.controller");
    let kept = format!("{base}posts/tokyo-office-en/index.html");
    let expiring = format!("{base}posts/open-house/index.html");
    for url in [&kept, &expiring] {
        browser.navigate(&page, url);
        assert!(!text(&mut browser, &page, "article.post h1").is_empty());
        browser.wait_for(
            &page,
            &format!("({CACHED}).then(urls => urls.includes({}))", json!(url)),
        );
    }
    // Wait for the expiring post to expire, then lose the network.
    let left = expires.duration_since(jiff::Timestamp::now()).as_secs_f64() + 1.0;
    if left > 0.0 {
        std::thread::sleep(std::time::Duration::from_secs_f64(left));
    }
    online.store(false, std::sync::atomic::Ordering::SeqCst);

    browser.navigate(&page, &kept);
    assert_eq!(
        text(&mut browser, &page, "article.post h1"),
        "Our Tokyo office is open",
        "a post opened before opens offline"
    );
    browser.navigate(&page, &format!("{base}index.html"));
    assert!(
        browser
            .eval(&page, "document.querySelectorAll('.card').length")
            .as_u64()
            .unwrap()
            > 0,
        "the front page opens offline"
    );
    browser.navigate(&page, &expiring);
    assert_eq!(
        browser.eval(&page, "!!document.querySelector('article.post')"),
        json!(false),
        "an expired post is not served from the cache"
    );
    assert_eq!(text(&mut browser, &page, "main h1"), "Page not found");
}

#[test]
fn the_me_page_shows_my_own_clicks_and_keeps_my_settings() {
    let Some(binary) = chromium() else { return };
    let portal = common::example_portal(NOW);
    // jane-doe's clicks, from the example export itself.
    let export = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("analytics/2026-11.csv"),
    )
    .unwrap();
    let mut reader = csv::Reader::from_reader(export.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (clicks, advocate) = (column("clicks"), column("advocate"));
    let mine: u64 = reader
        .records()
        .map(|r| r.unwrap())
        .filter(|r| &r[advocate] == "jane-doe")
        .map(|r| r[clicks].parse::<u64>().unwrap())
        .sum();
    assert!(mine > 0);

    let mut browser = Browser::launch(&binary);
    for size in SCREENS {
        let page = browser.open_page();
        screen(&mut browser, &page, size);
        let me = format!("{}me/index.html", portal.base);
        browser.navigate(&page, &me);
        browser.eval(&page, "localStorage.clear()");
        browser.navigate(&page, &me);
        browser.wait_for(&page, "!document.getElementById('my-no-code').hidden");
        // A code advocate would not make a file for is refused, by the
        // field's pattern and by the script alike (both from advocate's rule).
        let refused = browser.eval(
            &page,
            "(() => { const input = document.getElementById('code'); input.value = 'Jane Doe'; const valid = input.checkValidity(); document.getElementById('code-form').dispatchEvent(new Event('submit', {cancelable: true})); return [valid, input.getAttribute('aria-invalid'), localStorage.getItem('advocate.code')]; })()",
        );
        assert_eq!(refused, serde_json::json!([false, "true", null]));
        // Setting the code in the form shows that code's figures.
        browser.eval(
            &page,
            "(() => { document.getElementById('code').value = 'jane-doe'; document.getElementById('code-form').requestSubmit(); })()",
        );
        browser.wait_for(&page, "!document.getElementById('my-figures').hidden");
        assert_eq!(text(&mut browser, &page, "#my-all"), mine.to_string());
        let best = browser.eval(&page, "document.querySelector('#my-best a').href");
        assert!(
            best.as_str().unwrap().contains("/posts/"),
            "the best post links to its page: {best}"
        );
        // The company's figure is labelled as the company's.
        assert!(text(&mut browser, &page, "#company-h").contains("company"));
        // The server for networks that need one can be changed.
        browser.eval(
            &page,
            "document.querySelector('.server-setting button.change').click()",
        );
        browser.eval(
            &page,
            "(() => { const f = document.querySelector('.server-setting form'); f.querySelector('input').value = 'https://social.example.org/@me'; f.requestSubmit(); })()",
        );
        assert_eq!(
            text(&mut browser, &page, ".server-setting .host"),
            "social.example.org"
        );
        assert_eq!(
            browser.eval(&page, "document.activeElement.classList.contains('change')"),
            json!(true),
            "focus returns to Change"
        );
        // On the leaderboard, my row is marked.
        browser.navigate(&page, &format!("{}impact/index.html", portal.base));
        assert_eq!(
            browser.eval(&page, "document.querySelector('tr.mine').dataset.code"),
            json!("jane-doe")
        );
        let errors = browser.errors();
        assert!(errors.is_empty(), "console errors: {errors:#?}");
    }
}

#[test]
fn each_browser_gets_its_own_minute_in_the_networks_window() {
    let Some((portal, mut browser, page)) = common::portal_in_chromium(NOW) else {
        return;
    };
    // The device's clock in the site's time zone, so the minute shown is
    // the window's own.
    browser.call(
        Some(&page),
        "Emulation.setTimezoneOverride",
        json!({"timezoneId": "Asia/Tokyo"}),
    );
    let post = format!("{}posts/tokyo-office/index.html", portal.base);
    browser.navigate(&page, &post);
    let window = browser.eval(&page, "document.getElementById('n-x').dataset.window");
    let (from, until) = window.as_str().unwrap().split_once('-').unwrap();
    let (from, until): (u32, u32) = (from.parse().unwrap(), until.parse().unwrap());
    let mut minutes = Vec::new();
    for seed in ["1", "2"] {
        browser.eval(
            &page,
            &format!("localStorage.setItem('advocate.seed', '{seed}')"),
        );
        // A new document each time (the same address could be answered
        // before the new page is in place).
        browser.navigate(&page, &format!("{post}?seed={seed}"));
        let slot = text(&mut browser, &page, "#n-x .window .slot");
        assert!(slot.contains("your own slot"), "{slot}");
        let time = slot.split_whitespace().next().unwrap();
        let (hour, minute) = time.split_once(':').unwrap();
        let at = hour.parse::<u32>().unwrap() * 60 + minute.parse::<u32>().unwrap();
        assert!(
            (from * 60..until * 60).contains(&at),
            "{time} is in {from}:00–{until}:00"
        );
        minutes.push(at);
    }
    assert_ne!(minutes[0], minutes[1], "two browsers, two minutes");
}

#[test]
fn the_browser_remembers_what_was_new_saved_and_shared() {
    let Some(binary) = chromium() else { return };
    let portal = common::example_portal(NOW);
    let posts = common::read_json(portal.out.join("posts.json"));
    let mut browser = Browser::launch(&binary);
    let page = browser.open_page();
    let index = format!("{}index.html", portal.base);
    browser.navigate(&page, &index);

    // "(n)" in the title: the posts published since the last visit.
    let last = "2026-11-20T00:00:00Z";
    let newer = posts["posts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| {
            p["publish_at"]
                .as_str()
                .is_some_and(|t| t.parse::<jiff::Timestamp>().unwrap() > last.parse().unwrap())
        })
        .count();
    assert!(newer > 0);
    browser.eval(
        &page,
        &format!("localStorage.clear(); sessionStorage.clear(); localStorage.setItem('advocate.visit', JSON.stringify({{current: Date.parse('{last}')}}))"),
    );
    browser.navigate(&page, &index);
    assert_eq!(
        browser.eval(&page, "document.title"),
        json!(format!("({newer}) Acme Advocates"))
    );

    // Saved for later, then "Saved" lists it.
    let saved = browser.eval(&page, "document.querySelectorAll('.card')[2].dataset.id");
    let saved = saved.as_str().unwrap().to_string();
    browser.eval(
        &page,
        &format!("document.querySelector('.card[data-id=\"{saved}\"] button.save').click()"),
    );
    assert_eq!(
        browser.eval(
            &page,
            &format!("document.querySelector('.card[data-id=\"{saved}\"] button.save').getAttribute('aria-pressed')")
        ),
        json!("true")
    );
    browser.navigate(&page, &format!("{index}?mine=saved"));
    browser.wait_for(&page, "!document.getElementById('results').hidden");
    assert_eq!(
        browser.eval(
            &page,
            "Array.from(document.querySelectorAll('#results > li')).map(li => li.dataset.id)"
        ),
        json!([saved])
    );

    // A post page with a code: the text shows it, the share links carry it.
    browser.eval(&page, "localStorage.setItem('advocate.code', 'jane-doe'); localStorage.setItem('advocate.seed', '1')");
    let post = format!("{}posts/tokyo-office/index.html", portal.base);
    browser.navigate(&page, &post);
    let shown = text(&mut browser, &page, "#n-x .alt:not([hidden]) .text");
    assert!(shown.contains("&utm_term=jane-doe"), "{shown}");
    let href = browser.eval(
        &page,
        "document.querySelector('#n-x .alt:not([hidden]) a.share').href",
    );
    assert!(
        href.as_str().unwrap().contains("utm_term%3Djane-doe"),
        "open in a new tab shares with the code: {href}"
    );
    assert!(text(&mut browser, &page, "#code-note").contains("jane-doe"));

    // The version shared comes last: the next visit shows one not shared.
    let first = browser.eval(
        &page,
        "Array.from(document.querySelectorAll('#n-x .alt')).findIndex(a => !a.hidden)",
    );
    browser.call(
        None,
        "Browser.grantPermissions",
        json!({"origin": portal.base.trim_end_matches('/'), "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]}),
    );
    browser.eval(
        &page,
        "document.querySelector('#n-x .alt:not([hidden]) button.copy').click()",
    );
    browser.wait_for(&page, "!document.querySelector('#n-x .shared-note').hidden");
    browser.navigate(&page, &post);
    let next = browser.eval(
        &page,
        "Array.from(document.querySelectorAll('#n-x .alt')).findIndex(a => !a.hidden)",
    );
    assert_ne!(first, next, "a version not shared yet comes first");

    // "Not shared yet" hides the post that was shared.
    browser.navigate(&page, &format!("{index}?mine=unshared"));
    browser.wait_for(
        &page,
        "document.getElementById('cards').classList.contains('hide-shared')",
    );
    assert_eq!(
        browser.eval(
            &page,
            "getComputedStyle(document.querySelector('.card[data-id=\"tokyo-office\"]')).display"
        ),
        json!("none")
    );
    let errors = browser.errors();
    assert!(errors.is_empty(), "console errors: {errors:#?}");
}

/// Chromium's own installability check finds nothing missing: a manifest,
/// an icon, a service worker that controls the page.
#[test]
fn the_portal_is_installable() {
    let Some((portal, mut browser, page)) = common::portal_in_chromium(NOW) else {
        return;
    };
    browser.navigate(&page, &format!("{}index.html", portal.base));
    browser.wait_for(&page, "!!navigator.serviceWorker.controller");
    let errors = browser.call(Some(&page), "Page.getInstallabilityErrors", json!({}));
    let manifest = browser.call(Some(&page), "Page.getAppManifest", json!({}));
    assert_eq!(errors["installabilityErrors"], json!([]), "{manifest}");
}

/// A network that needs the employee's server, shared from a card before
/// one is saved: the post page opens there and asks for it.
#[test]
fn a_card_asks_for_a_missing_server_on_the_post_page() {
    let Some((portal, mut browser, page)) = common::portal_in_chromium(NOW) else {
        return;
    };
    browser.call(
        Some(&page),
        "Emulation.setFocusEmulationEnabled",
        json!({"enabled": true}),
    );
    let index = format!("{}index.html", portal.base);
    browser.navigate(&page, &index);
    browser.eval(&page, "localStorage.clear()");
    browser.navigate(&page, &index);
    let id = browser.eval(
        &page,
        "document.querySelector('.card[data-n~=\"mastodon\"]').dataset.id",
    );
    let id = id.as_str().unwrap().to_string();
    browser.eval(
        &page,
        &format!("document.querySelector('.card[data-id=\"{id}\"] a.net[data-network=\"mastodon\"]').click()"),
    );
    browser.wait_for(
        &page,
        &format!(
            "location.pathname === '/posts/{id}/index.html' && document.readyState === 'complete'"
        ),
    );
    browser.wait_for(
        &page,
        "!document.querySelector('#n-mastodon form.instance').hidden",
    );
    assert_eq!(
        browser.eval(&page, "document.activeElement.id"),
        json!("instance-mastodon")
    );
}

/// Cards keep their addresses wherever they are shown: search results on
/// a page below the root (`expiring/`), and a card saved on the front page
/// shown under "Saved" on `expiring/`. Their pictures load and their links
/// lead to the post.
#[test]
fn cards_shown_away_from_where_they_were_written_keep_their_addresses() {
    let Some((portal, mut browser, page)) = common::portal_in_chromium(NOW) else {
        return;
    };
    let card = ".card[data-id=\"orbit-3\"]";
    let whole = format!(
        "(() => {{ const c = document.querySelector('#results {card}'); const img = c && c.querySelector('img.thumb'); return !!img && img.complete && img.naturalWidth > 0 && c.querySelector('a.title').href; }})()"
    );
    browser.navigate(&page, &format!("{}expiring/index.html", portal.base));
    browser.eval(&page, "localStorage.clear()");
    browser.navigate(
        &page,
        &format!("{}expiring/index.html?q=orbit", portal.base),
    );
    browser.wait_for(&page, &whole);
    let post = format!("{}posts/orbit-3/index.html", portal.base);
    assert_eq!(browser.eval(&page, &whole), json!(post));
    browser.navigate(&page, &format!("{}index.html?q=orbit", portal.base));
    browser.wait_for(&page, &whole);
    browser.eval(
        &page,
        &format!("document.querySelector('#results {card} button.save').click()"),
    );
    browser.navigate(
        &page,
        &format!("{}expiring/index.html?mine=saved", portal.base),
    );
    browser.wait_for(&page, &whole);
    assert_eq!(browser.eval(&page, &whole), json!(post));
}
