//! The portal in real headless Chromium: Japanese search, filters in the
//! URL, alternatives, Copy, Share intents, the personal code, no console
//! errors; and the README's screenshots.

use crate::common;

use common::cdp::{Browser, chromium};
use serde_json::{Value, json};

const NOW: &str = "2026-12-10T00:00:00Z";

/// The cards a search or filter shows: its results, which replace the list.
fn visible_cards(browser: &mut Browser, page: &str) -> Vec<String> {
    let ids = browser.eval(
        page,
        "Array.from(document.querySelectorAll('#results > li')).map(li => li.dataset.id)",
    );
    ids.as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

/// Search or filter results are on screen.
const RESULTS_SHOWN: &str =
    "!document.getElementById('results').hidden && document.getElementById('cards').hidden";

#[test]
fn portal_works_in_chromium() {
    let Some(binary) = chromium() else { return };
    let portal = common::example_portal(NOW);
    let posts = common::read_json(portal.out.join("posts.json"));
    let mut browser = Browser::launch(&binary);
    let page = browser.open_page();
    browser.call(
        Some(&page),
        "Emulation.setFocusEmulationEnabled",
        json!({"enabled": true}),
    );
    let origin = portal.base.trim_end_matches('/').to_string();
    browser.call(
        None,
        "Browser.grantPermissions",
        json!({"origin": origin, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]}),
    );

    // Searching for a Japanese word narrows the list, from the URL.
    browser.navigate(
        &page,
        &format!("{}index.html?q=%E6%9D%B1%E4%BA%AC", portal.base),
    );
    browser.wait_for(&page, RESULTS_SHOWN);
    // The posts whose page (title, briefing, texts) holds the word, in
    // portal order.
    let on_page = |word: &str| -> Vec<String> {
        posts["posts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["id"].as_str().unwrap().to_string())
            .filter(|id| {
                let page =
                    std::fs::read_to_string(portal.out.join(format!("posts/{id}/index.html")))
                        .unwrap()
                        .to_lowercase();
                let main = &page[page.find("<main").unwrap()..];
                main.contains(word)
            })
            .collect()
    };
    let expected = on_page("東京");
    let total = posts["posts"].as_array().unwrap().len();
    assert!(!expected.is_empty() && expected.len() < total);
    assert_eq!(visible_cards(&mut browser, &page), expected);
    assert_eq!(
        browser.eval(&page, "document.getElementById('q').value"),
        json!("東京")
    );
    assert_eq!(
        browser.eval(&page, "document.getElementById('count').textContent"),
        json!(format!("{} posts found", expected.len()))
    );
    assert!(browser.eval(&page, "document.getElementById('cards').hidden") == json!(true));
    // The words are marked in the titles.
    assert!(
        browser
            .eval(&page, "document.querySelectorAll('#results mark').length")
            .as_u64()
            .unwrap()
            > 0
    );

    // Filters live in the URL too, and combine.
    browser.navigate(
        &page,
        &format!("{}index.html?network=instagram&lang=en", portal.base),
    );
    browser.wait_for(&page, RESULTS_SHOWN);
    let instagram: Vec<String> = posts["posts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| {
            p["lang"] == "en"
                && p["shares"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|s| s["network"] == "instagram")
        })
        .map(|p| p["id"].as_str().unwrap().to_string())
        .collect();
    let mut shown = visible_cards(&mut browser, &page);
    shown.sort();
    let mut instagram_sorted = instagram.clone();
    instagram_sorted.sort();
    assert_eq!(shown, instagram_sorted);

    // Typing narrows as you type and keeps the URL shareable.
    browser.navigate(&page, &format!("{}index.html", portal.base));
    browser.eval(&page, "(() => { const q = document.getElementById('q'); q.value = 'ｏｒｂｉｔ'; q.dispatchEvent(new Event('input', {bubbles: true})); })()");
    browser.wait_for(&page, "location.search.includes('q=')");
    browser.wait_for(&page, RESULTS_SHOWN);
    let orbit = visible_cards(&mut browser, &page);
    assert!(!orbit.is_empty());
    assert_eq!(orbit, on_page("orbit"));

    // A post page: alternatives, Copy, Share.
    let post_url = format!("{}posts/tokyo-office/index.html", portal.base);
    browser.navigate(&page, &post_url);
    let tokyo = posts["posts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "tokyo-office")
        .unwrap()
        .clone();
    let texts_for = |network: &str| -> Vec<String> {
        tokyo["shares"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["network"] == network)
            .map(|s| s["text"].as_str().unwrap().to_string())
            .collect()
    };
    let visible_alt =
        "(n) => Array.from(document.querySelectorAll(`#n-${n} .alt`)).findIndex(a => !a.hidden)";
    let x_before = browser
        .eval(&page, &format!("({visible_alt})('x')"))
        .as_i64()
        .unwrap();
    assert_eq!(
        browser.eval(
            &page,
            "document.querySelectorAll('#n-x .alt:not([hidden])').length"
        ),
        json!(1)
    );
    browser.eval(
        &page,
        "document.querySelector('#n-x .alt:not([hidden]) button.next').click()",
    );
    let x_after = browser
        .eval(&page, &format!("({visible_alt})('x')"))
        .as_i64()
        .unwrap();
    assert_eq!(
        x_after,
        (x_before + 1) % texts_for("x").len() as i64,
        "Another version switches"
    );
    browser.navigate(&page, &post_url);
    assert_eq!(
        browser
            .eval(&page, &format!("({visible_alt})('x')"))
            .as_i64()
            .unwrap(),
        x_before,
        "the same version for the same browser"
    );

    browser.eval(
        &page,
        "document.querySelector('#n-linkedin .alt:not([hidden]) button.copy').click()",
    );
    browser.wait_for(
        &page,
        "document.getElementById('toast').textContent.length > 0",
    );
    let copied = browser.eval(&page, "navigator.clipboard.readText()");
    assert_eq!(
        copied.as_str().unwrap(),
        texts_for("linkedin")[0],
        "Copy puts the exact text, tracked link included"
    );

    browser.eval(
        &page,
        "document.querySelector('#n-x .alt:not([hidden]) a.share').click()",
    );
    let x_text = &texts_for("x")[x_before as usize];
    // Share opens X's intent (waited for: two browsers may share the CPU).
    let intent = browser.wait_for_opened(&page, "https://x.com/intent/tweet?text=");
    assert_eq!(
        advocate::percent_decode(
            intent
                .strip_prefix("https://x.com/intent/tweet?text=")
                .unwrap()
        ),
        *x_text
    );

    // With a personal code, shared links carry it.
    browser.eval(&page, "localStorage.setItem('advocate.code', 'jane-doe')");
    browser.navigate(&page, &post_url);
    browser.eval(
        &page,
        "document.querySelector('#n-linkedin .alt:not([hidden]) button.copy').click()",
    );
    browser.wait_for(
        &page,
        "document.getElementById('toast').textContent.length > 0",
    );
    let copied = browser.eval(&page, "navigator.clipboard.readText()");
    let link = tokyo["shares"][0]["link"].as_str().unwrap();
    assert_eq!(
        copied.as_str().unwrap(),
        texts_for("linkedin")[0].replace(link, &format!("{link}&utm_term=jane-doe"))
    );

    // Mastodon asks for the server once and keeps it.
    browser.navigate(
        &page,
        &format!("{}posts/tokyo-office-en/index.html", portal.base),
    );
    browser.eval(
        &page,
        "document.querySelector('#n-mastodon .alt:not([hidden]) button.share').click()",
    );
    browser.wait_for(
        &page,
        "!document.querySelector('#n-mastodon form.instance').hidden",
    );
    browser.eval(&page, "(() => { const f = document.querySelector('#n-mastodon form.instance'); f.querySelector('input').value = 'mastodon.example'; f.requestSubmit(); })()");
    browser.wait_for_opened(&page, "https://mastodon.example/share?text=");
    assert_eq!(
        browser.eval(&page, "localStorage.getItem('advocate.mastodon')"),
        json!("mastodon.example")
    );

    // The impact page: figures from the example export, a chart, the board.
    browser.navigate(&page, &format!("{}impact/index.html", portal.base));
    let total = posts["impact"]["clicks"].as_u64().unwrap();
    assert!(total > 0);
    assert_eq!(
        browser.eval(&page, "document.querySelector('.big').textContent"),
        json!(total.to_string())
    );
    assert_eq!(
        browser.eval(&page, "!!document.querySelector('svg.chart rect')"),
        json!(true)
    );
    assert_eq!(
        browser.eval(
            &page,
            "document.querySelectorAll('.leaderboard tbody tr').length > 0"
        ),
        json!(true)
    );

    let errors = browser.errors();
    assert!(errors.is_empty(), "console errors: {errors:#?}");

    // The README's screenshots, from the example library.
    browser.eval(&page, "localStorage.clear()");
    let shots = common::screenshots();
    browser.navigate(&page, &format!("{}index.html", portal.base));
    browser.screenshot(&page, 1280, 900, false, &shots.join("index-desktop.png"));
    browser.screenshot(&page, 390, 844, true, &shots.join("index-phone.png"));
    browser.navigate(&page, &post_url);
    browser.screenshot(&page, 1280, 900, false, &shots.join("post-desktop.png"));
    browser.screenshot(&page, 390, 844, true, &shots.join("post-phone.png"));
    browser.navigate(&page, &format!("{}impact/index.html", portal.base));
    browser.screenshot(&page, 1280, 900, false, &shots.join("impact-desktop.png"));
    // The same build with the Japanese interface.
    browser.eval(&page, "localStorage.setItem('advocate.lang', 'ja')");
    browser.navigate(&page, &format!("{}index.html", portal.base));
    browser.wait_for(&page, "document.documentElement.lang === 'ja'");
    browser.screenshot(&page, 1280, 900, false, &shots.join("index-desktop-ja.png"));
    browser.screenshot(&page, 390, 844, true, &shots.join("index-phone-ja.png"));
    browser.navigate(&page, &post_url);
    browser.screenshot(&page, 1280, 900, false, &shots.join("post-desktop-ja.png"));
    browser.screenshot(&page, 390, 844, true, &shots.join("post-phone-ja.png"));
    common::publish_screenshots(&[
        "index-desktop.png",
        "index-phone.png",
        "post-desktop.png",
        "post-phone.png",
        "impact-desktop.png",
        "index-desktop-ja.png",
        "index-phone-ja.png",
        "post-desktop-ja.png",
        "post-phone-ja.png",
    ]);
}

/// A library of 120 posts: the index shows 50 with links to `page/2/`;
/// "Show more" appends the next pages in place; a search finds posts on
/// any page; a search index that cannot load says so.
/// A host answers a missing address (where an expired post's link lands)
/// with the 404 page at that depth: it still has its style, and its links
/// lead into the portal.
#[test]
fn the_404_page_works_at_any_depth() {
    let Some((portal, mut browser, page)) = common::portal_in_chromium(NOW) else {
        return;
    };
    browser.navigate(&page, &format!("{}posts/gone/", portal.base));
    browser.wait_for(&page, "document.readyState === 'complete'");
    let styled = browser.eval(
        &page,
        "[...document.styleSheets].some(s => s.href && s.href.endsWith('/static/style.css') && s.cssRules.length > 0)",
    );
    assert_eq!(
        styled,
        Value::Bool(true),
        "the 404 page has its style sheet"
    );
    let home = browser.eval(&page, "document.querySelector('a.brand').href");
    assert_eq!(home, Value::String(format!("{}index.html", portal.base)));
    browser.eval(&page, "document.querySelector('a.brand').click()");
    browser.wait_for(
        &page,
        "location.pathname === '/index.html' && document.readyState === 'complete' && !!document.querySelector('#cards')",
    );
}

#[test]
fn long_lists_come_a_page_at_a_time() {
    let Some(binary) = chromium() else { return };
    let (dir, root) =
        common::repository("site:\n  title: Many\n  languages: [en, ja]\n  timezone: Asia/Tokyo\n");
    for n in 0..120 {
        let (lang, title) = if n % 4 == 0 {
            ("ja", format!("東京のお知らせ {n}"))
        } else {
            ("en", format!("Company news {n}"))
        };
        let day = 1 + n % 28;
        let hour = n / 28;
        std::fs::write(
            root.join(format!("library/p{n:03}.md")),
            format!(
                "---\ntitle: {title}\nlang: {lang}\npublish_at: 2026-11-{day:02}T{hour:02}:00:00+09:00\n---\nBriefing.\n\n```share\n{title} #Employee\n```\n"
            ),
        )
        .unwrap();
    }
    let out = dir.path().join("public");
    common::assert_success(&common::advocate(
        &root,
        &["build", "--out", out.to_str().unwrap(), "--now", NOW],
    ));
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert_eq!(index.matches("<li class=\"card\"").count(), 50);
    assert!(
        index.contains("href=\"page/2/index.html\""),
        "a plain link for no JavaScript"
    );
    let third = std::fs::read_to_string(out.join("page/3/index.html")).unwrap();
    assert_eq!(third.matches("<li class=\"card\"").count(), 20);
    assert!(third.contains("href=\"../../page/2/index.html\""));
    assert!(!out.join("page/4").exists());

    let base = common::serve::serve(&out);
    let mut browser = Browser::launch(&binary);
    let page = browser.open_page();
    browser.navigate(&page, &format!("{base}index.html"));
    browser.wait_for(&page, "document.querySelector('button.more')");
    let cards = "document.querySelectorAll('#cards > li').length";
    assert_eq!(browser.eval(&page, cards), json!(50));
    assert_eq!(
        browser.eval(&page, "document.getElementById('pager').hidden"),
        json!(true)
    );
    browser.eval(&page, "document.querySelector('button.more').click()");
    browser.wait_for(&page, &format!("{cards} === 100"));
    browser.eval(&page, "document.querySelector('button.more').click()");
    browser.wait_for(
        &page,
        &format!("{cards} === 120 && !document.querySelector('button.more')"),
    );
    let ids = browser.eval(
        &page,
        "Array.from(document.querySelectorAll('#cards > li')).map(li => li.dataset.id)",
    );
    let mut unique: Vec<&str> = ids
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), 120, "each post once");

    // A search covers every page: all 30 Japanese posts.
    browser.navigate(&page, &format!("{base}index.html?q=%E6%9D%B1%E4%BA%AC"));
    browser.wait_for(&page, RESULTS_SHOWN);
    assert_eq!(
        browser.eval(&page, "document.querySelectorAll('#results > li').length"),
        json!(20)
    );
    browser.eval(
        &page,
        "document.querySelector('button.more.results').click()",
    );
    browser.wait_for(
        &page,
        "document.querySelectorAll('#results > li').length === 30",
    );
    assert_eq!(
        browser.eval(&page, "document.getElementById('count').textContent"),
        json!("30 posts found")
    );
    // From page 3 too, and the results link to the posts.
    browser.navigate(
        &page,
        &format!("{base}page/3/index.html?q=%E6%9D%B1%E4%BA%AC"),
    );
    browser.wait_for(&page, RESULTS_SHOWN);
    let link = browser.eval(&page, "document.querySelector('#results > li a').href");
    assert!(
        link.as_str().unwrap().starts_with(&format!("{base}posts/")),
        "{link}"
    );
    browser.navigate(&page, &format!("{base}index.html?q=%E6%9D%B1%E4%BA%AC"));
    browser.wait_for(&page, RESULTS_SHOWN);
    // Clearing the search brings the list back.
    browser.eval(&page, "(() => { const q = document.getElementById('q'); q.value = ''; q.dispatchEvent(new Event('input', {bubbles: true})); })()");
    browser.wait_for(&page, "!document.getElementById('cards').hidden");
    assert_eq!(
        browser.eval(&page, "document.getElementById('count').textContent"),
        json!("120 posts")
    );
    assert!(browser.errors().is_empty(), "{:?}", browser.errors());

    // The search engine cannot load: the portal says so, and the next
    // search tries again.
    let engine = out.join("static/search.js");
    let away = out.join("search.js.away");
    std::fs::rename(&engine, &away).unwrap();
    browser.navigate(&page, &format!("{base}index.html?q=news"));
    browser.wait_for(&page, "!document.getElementById('empty').hidden");
    assert_eq!(
        browser.eval(&page, "document.getElementById('empty').textContent"),
        json!("The search could not load. Check your connection and try again.")
    );
    std::fs::rename(&away, &engine).unwrap();
    browser.eval(&page, "(() => { const q = document.getElementById('q'); q.value = '東京'; q.dispatchEvent(new Event('input', {bubbles: true})); })()");
    browser.wait_for(
        &page,
        "document.getElementById('empty').hidden && document.querySelector('#results > li.card')",
    );

    // The search index cannot load: the portal says so, not "no posts".
    std::fs::remove_file(out.join("search/index.json")).unwrap();
    browser.navigate(&page, &format!("{base}index.html?q=news"));
    browser.wait_for(&page, "!document.getElementById('empty').hidden");
    let said = browser.eval(&page, "document.getElementById('empty').textContent");
    assert_eq!(
        said,
        json!("The search could not load. Check your connection and try again.")
    );
}
