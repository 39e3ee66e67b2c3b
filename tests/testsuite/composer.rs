//! The composer (`compose/`) and the browser's checker in real headless
//! Chromium: the checker, through its documented `check`, answers exactly
//! what `advocate check --format json` prints for every fixture and example
//! post; typing a banned term shows its problem under the text, and the fix
//! button fixes it; the X preview's length is the command line's; "Open a
//! pull request" opens GitHub's new-file page with the post; a reload keeps
//! the draft; a long Japanese post falls back to copy-and-open.

use crate::common;
use crate::one_checker;
use common::cdp::Browser;
use serde_json::{Value, json};
use std::path::Path;

const NOW: &str = "2026-12-10T00:00:00Z";

/// Opens the composer with nothing kept from an earlier visit.
fn open_composer(browser: &mut Browser, page: &str, base: &str) {
    browser.navigate(page, &format!("{base}compose/index.html"));
    browser.eval(page, "localStorage.clear()");
    browser.navigate(page, &format!("{base}compose/index.html"));
    browser.wait_for(
        page,
        "!document.getElementById('composer').hidden && document.getElementById('summary').textContent",
    );
}

/// Types `text` into the field `id` as a user does (an input event).
fn type_into(browser: &mut Browser, page: &str, id: &str, text: &str) {
    browser.eval(
        page,
        &format!(
            "(() => {{ const el = document.getElementById({id}); el.value = {text}; el.dispatchEvent(new Event('input', {{bubbles: true}})); }})()",
            id = json!(id),
            text = json!(text)
        ),
    );
}

/// The post file the composer would propose, as its Markdown tab shows
/// it; back on the form, the form reads it again.
fn proposed(browser: &mut Browser, page: &str) -> String {
    browser.eval(page, "document.getElementById('tab-markdown').click()");
    let markdown = browser.eval(page, "document.getElementById('f-markdown').value");
    browser.eval(page, "document.getElementById('tab-form').click()");
    browser.wait_for(page, "!document.getElementById('panel-form').hidden");
    markdown.as_str().unwrap().to_string()
}

#[test]
fn the_checker_in_chromium_answers_as_the_command_line_does() {
    let Some((portal, mut browser, page)) = common::portal_in_chromium(NOW) else {
        return;
    };
    open_composer(&mut browser, &page, &portal.base);
    let cases = one_checker::cases();
    let input = one_checker::checker_input(&cases);
    let answers = browser.eval(
        &page,
        &format!(
            r#"(async () => {{
                const {{ check }} = await import(new URL("checker.js", location.href));
                const input = {input};
                const zones = Object.fromEntries(input.zones.map(([name, tzif]) =>
                    [name, Uint8Array.from(atob(tzif), (c) => c.charCodeAt(0))]));
                const answers = [];
                for (const r of input.requests) {{
                    const started = performance.now();
                    const answer = await check(r.policy, r.path, r.text,
                        {{ now: r.now, assets: r.assets, knownIds: r.knownIds, zones }});
                    answers.push({{ report: answer.report, ms: performance.now() - started }});
                }}
                return answers;
            }})()"#
        ),
    );
    let answers = answers.as_array().unwrap();
    assert_eq!(answers.len(), cases.len());
    let mut duplicate_ids = 0;
    for (case, answer) in cases.iter().zip(answers) {
        assert_eq!(answer["report"], case.cli, "{}", case.path);
        duplicate_ids += case.cli["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["rule"] == "duplicate-id")
            .count();
    }
    assert!(
        duplicate_ids > 0,
        "duplicate-id is among the compared rules"
    );
    let mut times: Vec<f64> = answers.iter().filter_map(|a| a["ms"].as_f64()).collect();
    times.sort_by(f64::total_cmp);
    eprintln!(
        "checker in Chromium: {} posts, median {:.2} ms, slowest {:.2} ms",
        times.len(),
        times[times.len() / 2],
        times[times.len() - 1]
    );

    // The budget's two cases (bench/checker.sh reports them): a typical
    // post, and one share block of 10,000 words, each checked 21 times.
    let typical = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("library/tokyo-launch/open-house.md"),
    )
    .unwrap();
    let words = "launch ".repeat(10_000);
    let long = format!(
        "---\ntitle: Long\nexpires_at: 2027-01-31\n---\n```share\n{} #AcmeEmployee\n```\n",
        words.trim_end()
    );
    let policy =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("policy.yaml")).unwrap();
    let medians = browser.eval(
        &page,
        &format!(
            r#"(async () => {{
                const {{ check }} = await import(new URL("checker.js", location.href));
                const data = await (await fetch("data.json")).json();
                const zones = {{ [data.zone.name]: Uint8Array.from(atob(data.zone.tzif), (c) => c.charCodeAt(0)) }};
                const median = async (text) => {{
                    const times = [];
                    for (let i = 0; i < 21; i++) {{
                        const started = performance.now();
                        await check({policy}, "library/bench.md", text, {{ now: {now}, zones }});
                        times.push(performance.now() - started);
                    }}
                    return times.sort((a, b) => a - b)[10];
                }};
                return [await median({typical}), await median({long})];
            }})()"#,
            policy = json!(policy),
            now = json!(NOW),
            typical = json!(typical),
            long = json!(long),
        ),
    );
    eprintln!(
        "checker in Chromium: a typical post {:.2} ms, 10,000 words {:.2} ms (medians of 21)",
        medians[0].as_f64().unwrap(),
        medians[1].as_f64().unwrap()
    );
    assert!(browser.errors().is_empty(), "{:?}", browser.errors());
}

#[test]
fn the_composer_checks_fixes_previews_and_proposes() {
    let Some((portal, mut browser, page)) = common::portal_in_chromium(NOW) else {
        return;
    };
    open_composer(&mut browser, &page, &portal.base);
    type_into(&mut browser, &page, "f-title", "Our new Osaka office");
    type_into(
        &mut browser,
        &page,
        "f-link",
        "https://www.example.com/blog/osaka",
    );
    type_into(&mut browser, &page, "f-campaign", "tokyo-launch");
    // The policy requires an end date: its problem is under its field.
    browser.wait_for(
        &page,
        "document.getElementById('f-expires_at-problems').textContent.includes('required-field')",
    );
    type_into(&mut browser, &page, "f-expires_at", "2027-01-31");
    // A text for X alone.
    browser.eval(
        &page,
        "document.getElementById('add-for').value = 'x'; document.getElementById('add-text').click()",
    );
    browser.wait_for(&page, "document.getElementById('text-1')");

    // A banned term: its message shows under the X text, timed from the
    // keystroke.
    let shown_after = browser.eval(
        &page,
        r#"new Promise((resolve) => {
            const problems = document.getElementById("text-1-problems");
            const started = performance.now();
            new MutationObserver((_, observer) => {
                if (problems.textContent.includes("Absolute claims")) {
                    observer.disconnect();
                    resolve(performance.now() - started);
                }
            }).observe(problems, { childList: true, subtree: true });
            const area = document.getElementById("text-1");
            area.value = "Results guaranteed at our Osaka office {link} #AcmeEmployee";
            area.dispatchEvent(new Event("input", { bubbles: true }));
        })"#,
    );
    eprintln!(
        "composer: the term's problem showed {:.0} ms after the keystroke",
        shown_after.as_f64().unwrap()
    );
    let problem = browser.eval(
        &page,
        "document.getElementById('text-1-problems').textContent",
    );
    assert!(
        problem.as_str().unwrap().contains("term/absolute-claims"),
        "{problem}"
    );
    assert_eq!(
        browser.eval(
            &page,
            "document.getElementById('text-1').getAttribute('aria-invalid')"
        ),
        json!("true")
    );
    screenshots(&mut browser, &page, "");
    // The fix button puts the policy's suggestion in the term's place.
    browser.eval(
        &page,
        "document.querySelector('#text-1-problems button.fix').click()",
    );
    browser.wait_for(
        &page,
        "!document.getElementById('text-1-problems').textContent.includes('absolute-claims')",
    );
    assert_eq!(
        browser.eval(&page, "document.getElementById('text-1').value"),
        json!("Results aim to at our Osaka office {link} #AcmeEmployee")
    );

    // The generic text still lacks its disclosure: the fix appends it.
    browser.eval(&page, "document.getElementById('text-0').value = 'Come and see our Osaka office'; document.getElementById('text-0').dispatchEvent(new Event('input'))");
    browser.wait_for(
        &page,
        "document.getElementById('text-0-problems').textContent.includes('disclosure')",
    );
    browser.eval(
        &page,
        "document.querySelector('#text-0-problems button.fix').click()",
    );
    browser.wait_for(
        &page,
        "document.getElementById('summary').classList.contains('ok')",
    );
    assert_eq!(
        browser.eval(&page, "document.getElementById('text-0').value"),
        json!("Come and see our Osaka office #AcmeEmployee")
    );

    // The X preview's length is what the command line counts for the
    // proposed file, built into a portal.
    let markdown = proposed(&mut browser, &page);
    let x_preview = browser.eval(
        &page,
        "document.querySelector('.preview-card[data-network=x] .length').textContent",
    );
    let repo = tempfile::tempdir().unwrap();
    common::copy_example(repo.path());
    std::fs::write(
        repo.path().join("library/our-new-osaka-office.md"),
        &markdown,
    )
    .unwrap();
    let out = repo.path().join("public");
    common::assert_success(&common::advocate(
        repo.path(),
        &["build", "--out", out.to_str().unwrap(), "--now", NOW],
    ));
    let posts = common::read_json(out.join("posts.json"));
    let x = common::published_share(&posts, "our-new-osaka-office", "x");
    assert!(
        x_preview
            .as_str()
            .unwrap()
            .starts_with(&format!("{} of {}", x["length"], x["max_length"])),
        "{x_preview} against {x}"
    );

    // "Open a pull request": GitHub's new-file page with the post in it.
    browser.eval(&page, "document.getElementById('open-pr').click()");
    let opened = browser.wait_for_opened(&page, "https://github.com/acme/advocacy/new/main?");
    let url = url::Url::parse(&opened).unwrap();
    let query: std::collections::HashMap<String, String> = url.query_pairs().into_owned().collect();
    assert_eq!(query["filename"], "library/our-new-osaka-office.md");
    assert_eq!(query["value"], markdown);

    // A reload keeps the draft.
    browser.navigate(&page, &format!("{}compose/index.html", portal.base));
    browser.wait_for(
        &page,
        "document.getElementById('text-1') && document.getElementById('summary').textContent",
    );
    assert_eq!(
        browser.eval(&page, "document.getElementById('f-title').value"),
        json!("Our new Osaka office")
    );
    assert_eq!(proposed(&mut browser, &page), markdown);
    assert!(browser.errors().is_empty(), "{:?}", browser.errors());

    // The same draft with a problem again, in the Japanese interface.
    browser.eval(&page, "localStorage.setItem('advocate.lang', 'ja')");
    browser.navigate(&page, &format!("{}compose/index.html", portal.base));
    browser.wait_for(
        &page,
        "document.documentElement.lang === 'ja' && document.getElementById('summary').textContent",
    );
    type_into(
        &mut browser,
        &page,
        "text-1",
        "結果は絶対です {link} #アクメ社員",
    );
    browser.wait_for(
        &page,
        "document.getElementById('text-1-problems').textContent.includes('absolute-claims')",
    );
    screenshots(&mut browser, &page, "-ja");
    common::publish_screenshots(&[
        "compose-desktop.png",
        "compose-phone.png",
        "compose-desktop-ja.png",
        "compose-phone-ja.png",
    ]);
}

/// The composer on a desktop and a phone, with the X text's problem in view.
fn screenshots(browser: &mut Browser, page: &str, suffix: &str) {
    let shots = common::screenshots();
    for (width, height, mobile, kind) in [(1280, 900, false, "desktop"), (390, 844, true, "phone")]
    {
        browser.call(
            Some(page),
            "Emulation.setDeviceMetricsOverride",
            json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile}),
        );
        browser.eval(
            page,
            "document.getElementById('text-1').scrollIntoView({block: 'start'})",
        );
        browser.screenshot(
            page,
            width,
            height,
            mobile,
            &shots.join(format!("compose-{kind}{suffix}.png")),
        );
    }
}

#[test]
fn a_long_japanese_post_is_copied_and_the_page_opened_with_its_name() {
    let Some((portal, mut browser, page)) = common::portal_in_chromium(NOW) else {
        return;
    };
    let origin = portal.base.trim_end_matches('/').to_string();
    browser.call(
        None,
        "Browser.grantPermissions",
        json!({"origin": origin, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]}),
    );
    browser.call(
        Some(&page),
        "Emulation.setFocusEmulationEnabled",
        json!({"enabled": true}),
    );
    open_composer(&mut browser, &page, &portal.base);
    type_into(&mut browser, &page, "f-file", "osaka-ja");
    type_into(&mut browser, &page, "f-title", "大阪オフィス開設");
    type_into(
        &mut browser,
        &page,
        "f-briefing",
        &"大阪の新しいオフィスについて。".repeat(700),
    );
    browser.wait_for(
        &page,
        "document.getElementById('download-post').download === 'osaka-ja.md'",
    );
    let markdown = proposed(&mut browser, &page);
    assert!(markdown.chars().count() > 10_000);
    browser.eval(&page, "document.getElementById('open-pr').click()");
    let opened = browser.wait_for_opened(&page, "https://github.com/acme/advocacy/new/main?");
    assert_eq!(
        opened,
        "https://github.com/acme/advocacy/new/main?filename=library%2Fosaka-ja.md"
    );
    browser.wait_for(
        &page,
        "document.getElementById('propose-status').textContent.includes('copied')",
    );
    let copied: Value = browser.eval(&page, "navigator.clipboard.readText()");
    assert_eq!(copied.as_str().unwrap(), markdown);
}

/// The composer costs the other pages nothing but its link: the index
/// loads none of its files, and the offline shell keeps none of them.
#[test]
fn only_the_composer_page_loads_the_composer() {
    let Some((portal, mut browser, page)) = common::portal_in_chromium(NOW) else {
        return;
    };
    browser.navigate(&page, &format!("{}index.html", portal.base));
    browser.wait_for(&page, "document.querySelector('.card')");
    let loaded = browser.eval(
        &page,
        "performance.getEntriesByType('resource').map(e => e.name)",
    );
    let loaded: Vec<&str> = loaded
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        loaded.iter().any(|url| url.ends_with("portal.js")),
        "{loaded:?}"
    );
    assert!(
        !loaded.iter().any(|url| url.contains("compose")),
        "{loaded:?}"
    );
    let worker = std::fs::read_to_string(portal.out.join("sw.js")).unwrap();
    assert!(
        !worker.contains("compose"),
        "the shell keeps no composer file"
    );
    let interface = std::fs::read_to_string(portal.out.join("i18n/en.js")).unwrap();
    assert!(
        !interface.contains("compose_"),
        "no composer string on every page"
    );
    let index = std::fs::read_to_string(portal.out.join("index.html")).unwrap();
    assert!(
        index.contains("compose/index.html"),
        "the header links to it"
    );
    // The composer's page alone may compile WebAssembly.
    assert!(!index.contains("wasm-unsafe-eval"));
    let composer = std::fs::read_to_string(portal.out.join("compose/index.html")).unwrap();
    assert!(composer.contains("script-src 'self' 'wasm-unsafe-eval';"));
}

/// `site.compose: false`: no composer, no link to it, no policy in the
/// portal.
#[test]
fn the_composer_can_be_turned_off() {
    let repo = tempfile::tempdir().unwrap();
    common::copy_example(repo.path());
    let policy = std::fs::read_to_string(repo.path().join("policy.yaml")).unwrap();
    std::fs::write(
        repo.path().join("policy.yaml"),
        policy.replacen("site:\n", "site:\n  compose: false\n", 1),
    )
    .unwrap();
    let out = repo.path().join("public");
    common::assert_success(&common::advocate(
        repo.path(),
        &["build", "--out", out.to_str().unwrap(), "--now", NOW],
    ));
    assert!(!out.join("compose").exists());
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(!index.contains("compose/"), "no link to it");
}

/// The Markdown tab: a pasted post file is checked as a whole, a misspelt
/// key's fix puts the right name in, and the form reads the file back.
#[test]
fn a_pasted_post_file_is_checked_fixed_and_read_back_into_the_form() {
    let Some((portal, mut browser, page)) = common::portal_in_chromium(NOW) else {
        return;
    };
    open_composer(&mut browser, &page, &portal.base);
    browser.eval(&page, "document.getElementById('tab-markdown').click()");
    browser.wait_for(&page, "!document.getElementById('panel-markdown').hidden");
    let pasted = "---\ntitle: Pasted\nexpire_at: 2027-01-31\n---\nWhy it matters.\n\n```share\nOur Osaka office is open #AcmeEmployee\n```\n";
    type_into(&mut browser, &page, "f-markdown", pasted);
    browser.wait_for(
        &page,
        "document.getElementById('f-markdown-problems').textContent.includes('unknown-field')",
    );
    browser.eval(
        &page,
        "[...document.querySelectorAll('#f-markdown-problems li')].find(li => li.textContent.includes('unknown-field')).querySelector('button.fix').click()",
    );
    browser.wait_for(
        &page,
        "document.getElementById('f-markdown').value.includes('\\nexpires_at: 2027-01-31\\n')",
    );
    browser.wait_for(
        &page,
        "!document.getElementById('f-markdown-problems').textContent.includes('unknown-field')",
    );
    // Back on the form, the fields hold what the file says.
    browser.eval(&page, "document.getElementById('tab-form').click()");
    browser.wait_for(&page, "!document.getElementById('panel-form').hidden");
    assert_eq!(
        browser.eval(
            &page,
            "[document.getElementById('f-title').value, document.getElementById('f-expires_at').value, document.getElementById('f-briefing').value, document.getElementById('text-0').value]"
        ),
        json!(["Pasted", "2027-01-31", "Why it matters.", "Our Osaka office is open #AcmeEmployee"])
    );
    assert!(browser.errors().is_empty(), "{:?}", browser.errors());
}
