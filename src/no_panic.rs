//! No input makes advocate panic. Property tests feed every parser random
//! text and mutations of real inputs (the example library, the fixtures,
//! the policy, a feed, an article, a click export, command lines) and run
//! what follows a parse: the checks, the view a page is made from, the
//! drafts. Each prints how many cases it ran.

use crate::check::Checker;
use crate::post::assets::Assets;
use crate::source::SourceFile;
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, TestRunner};
use std::io::Write;

/// Pieces of syntax that matter to our parsers, spliced into real inputs.
const TOKENS: &[&str] = &[
    "---\n",
    "```share\n",
    "```share x linkedin\n",
    "```\n",
    "{link}",
    "TODO",
    ": ",
    ": a: b",
    "\n- ",
    "\"",
    "'",
    "&a [*a]",
    "*a",
    "&amp;",
    "&rsquo;",
    "&#x1F600;",
    "&#99999999;",
    "\u{feff}",
    "\u{200b}",
    "\u{ad}",
    "\u{430}",
    "\u{3bf}",
    "Project Falc\u{3bf}n",
    "\u{202e}deetnaraug\u{202c}",
    "\u{2066}",
    "\u{200e}",
    "\u{200d}",
    "\u{fe0f}",
    "\u{e0041}",
    "🏴\u{e0067}\u{e007f}",
    "\u{1b}[2J",
    "\u{9b}",
    "ｶﾞ",
    "ß",
    "#tag ",
    "＃広告",
    "https://evil.com\\@example.com/",
    "https://例え.jp:99999/",
    "www.",
    "http://",
    "[x](javascript:alert(1))",
    "<script>",
    "<![CDATA[",
    "]]>",
    "</item>",
    "<entry>",
    "\r\n",
    "\t",
    ",",
    ";",
    "\"\"",
    "9999-99-99",
    "2026-12-01T09:00:00+09:00",
    "P7D",
    "-",
    "\0",
];

/// Real inputs of each kind, to mutate.
const POSTS: &[&str] = &[
    include_str!("../library/devcon/workshops.md"),
    include_str!("../library/hiring/backend-engineers-ja.md"),
    include_str!("../library/orbit-launch/orbit-webinar.md"),
    include_str!("../tests/fixtures/terms/library/terms.md"),
    include_str!("../tests/fixtures/links/library/links.md"),
    include_str!("../tests/fixtures/portal/library/xss.md"),
];
const POLICIES: &[&str] = &[
    include_str!("../policy.yaml"),
    include_str!("../tests/fixtures/terms/policy.yaml"),
    include_str!("../tests/fixtures/links/policy.yaml"),
];
const FEEDS: &[&str] = &[
    r#"<?xml version="1.0"?><rss version="2.0"><channel><language>ja</language><item><title>東京 &amp; 大阪</title><link>https://www.example.com/ja/a</link><description><![CDATA[<p>新しい<b>オフィス</b>。</p>]]></description></item></channel></rss>"#,
    r#"<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en"><title>Blog</title><entry><title>Orbit &rsquo; 3</title><link rel="alternate" href="https://www.example.com/orbit"/><link rel="replies" href="https://www.example.com/orbit/comments"/><summary type="html">&lt;p&gt;Fast.&lt;/p&gt;</summary></entry></feed>"#,
];
const ARTICLES: &[&str] = &[
    r#"<html lang="ja"><head><title>東京オフィス開設</title><link rel="canonical" href="https://www.example.com/ja/tokyo"><meta name="description" content="渋谷に新しいオフィスを開設しました。"><script>var x = "<h2>no</h2>";</script></head><body><h2>新しいオフィス</h2><!-- <h2>hidden</h2> --><p>It&rsquo;s &lt;2% &hellip;</p></body></html>"#,
    "---\ntitle: Orbit 3\nlink: https://www.example.com/orbit\n---\n# Orbit 3\n\nFaster sync.\n\n## Offline\n\n## Teams\n",
];
const EXPORTS: &[&str] = &[
    include_str!("../analytics/2026-11.csv"),
    "date;post_id;network;clicks\n2026-12-01;tokyo;x;\"5\n\"\n",
    "date,post_id,network,clicks,advocate,hour\n2026-12-01,tokyo,x,5,jane-doe,9\n2026-12-01,tokyo,x,7,,23\n",
    // Google Analytics 4: a CSV download and a Data API answer.
    "# ----------------------------------------\n# Traffic acquisition\n# ----------------------------------------\n\nSession manual ad content,Session manual term,Session source,Date,Sessions\nGrand total,,,,12\ntokyo-office,jane-doe,x,20261201,5\n(not set),,x,20261201,7\n",
    "{\"results\":[{\"metrics\":[5],\"dimensions\":[\"2026-12-01\",\"tokyo-office\",\"x\",\"jane-doe\"]}],\"meta\":{},\"query\":{\"metrics\":[\"visits\"],\"dimensions\":[\"time:day\",\"visit:utm_content\",\"visit:utm_source\",\"visit:utm_term\"]}}",
    "{\"dimensionHeaders\":[{\"name\":\"dateHour\"},{\"name\":\"sessionSource\"},{\"name\":\"sessionManualAdContent\"}],\"metricHeaders\":[{\"name\":\"sessions\",\"type\":\"TYPE_INTEGER\"}],\"rows\":[{\"dimensionValues\":[{\"value\":\"2026120109\"},{\"value\":\"x\"},{\"value\":\"tokyo-office\"}],\"metricValues\":[{\"value\":\"5\"}]}],\"rowCount\":1}",
    // Plausible's CSV download, a Matomo report (CSV and JSON by day) and
    // its visits, Umami's breakdown (pulled per day) and metrics.
    "name,visitors,bounce_rate,visit_duration\ntokyo-office,12,40,31\n\"東京\",3,0,5\n",
    "label,nb_uniq_visitors,nb_visits\ntokyo-office,4,5\n",
    "{\"2026-12-01\":[{\"label\":\"tokyo-office\",\"nb_visits\":5}],\"2026-12-02\":[]}",
    "[{\"idVisit\":1,\"serverDate\":\"2026-12-01\",\"campaignContent\":\"tokyo-office\",\"campaignSource\":\"x\",\"campaignKeyword\":\"jane-doe\"}]",
    "{\"websiteId\":\"w\",\"days\":[{\"date\":\"2026-12-01\",\"rows\":[{\"visits\":5,\"visitors\":4,\"utmContent\":\"tokyo-office\",\"utmSource\":\"x\",\"utmTerm\":\"\"}]}]}",
    "[{\"x\":\"tokyo-office\",\"y\":7},{\"x\":null,\"y\":\"2\"}]",
];
const ARGS: &[&str] = &[
    "check",
    "build",
    "serve",
    "lsp",
    "analytics",
    "pull",
    "--days",
    "0",
    "review",
    "digest",
    "notify",
    "--to",
    "teams",
    "chatwork",
    "--new",
    "--published",
    "email",
    "--mail-from",
    "--mail-to",
    "a@example.com",
    "--unsubscribe-url",
    "--chat",
    "new",
    "init",
    "import",
    "theme",
    "eject",
    "schema",
    "policy",
    "post",
    "completions",
    "bash",
    "man",
    "--ci",
    "gitlab",
    "--force",
    "--format",
    "sarif",
    "--now",
    "2026-12-10T00:00:00Z",
    "--since",
    "7d",
    "--base",
    "--port",
    "99999",
    "--root",
    "--color",
    "--network",
    "--changed-since",
    "--out",
    "--from",
    "-",
    "",
];

/// A real input with a few edits: pieces of syntax or random text inserted,
/// spans deleted or repeated; sometimes only random text.
fn mutated(seeds: &'static [&'static str]) -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => proptest::sample::select(TOKENS).prop_map(String::from),
        1 => any::<String>(),
    ];
    let edits = proptest::collection::vec((0u8..3, any::<Index>(), any::<Index>(), piece), 0..8);
    let edited = (proptest::sample::select(seeds), edits).prop_map(|(seed, edits)| {
        let mut text = seed.to_string();
        for (op, at, len, piece) in edits {
            let at = crate::source::floor_char_boundary(&text, at.index(text.len() + 1));
            let end =
                crate::source::floor_char_boundary(&text, at + len.index(text.len() - at + 1));
            match op {
                0 => text.insert_str(at, &piece),
                1 => text.replace_range(at..end, ""),
                _ => {
                    let copy = text[at..end].to_string();
                    text.insert_str(at, &copy);
                }
            }
        }
        text
    });
    prop_oneof![6 => edited, 1 => any::<String>()]
}

/// Runs `property` on `cases` inputs and says how many ran. The count goes
/// straight to the standard error, past the test harness's capture, so CI's
/// log shows it.
fn run<S: Strategy>(name: &str, cases: u32, strategy: S, property: impl Fn(S::Value)) {
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let ran = std::sync::atomic::AtomicU32::new(0);
    let result = runner.run(&strategy, |input| {
        property(input);
        ran.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Ok(())
    });
    let _ = writeln!(
        std::io::stderr(),
        "no-panic: {name}: {} cases",
        ran.into_inner()
    );
    if let Err(failure) = result {
        panic!("{name}: {failure}");
    }
}

fn example_policy() -> crate::policy::Policy {
    crate::policy::parse(&SourceFile::new("policy.yaml", POLICIES[0])).expect("the example policy")
}

#[test]
fn posts_parse_check_and_render_without_panicking() {
    let policy = example_policy();
    let now: jiff::Timestamp = "2026-12-10T00:00:00Z".parse().unwrap();
    let checker = Checker::new(&policy, now);
    let assets = Assets::new();
    let selection = crate::site::model::Selection {
        now,
        drafts: true,
        future: true,
    };
    run("posts", 2_000, mutated(POSTS), |text| {
        let post = crate::post::parse(SourceFile::new("library/fuzz.md", text), &policy);
        let _ = checker.check_post(&post, &assets);
        if post.is_readable() {
            let view = crate::site::model::post_view(&post, None, &policy, &selection);
            let _ = serde_json::to_string(&view);
            // The search index reads every post's text.
            let _ = crate::site::search::Index::build(&[view], &[], &|_| String::new());
        }
    });
}

#[test]
fn policies_and_yaml_parse_without_panicking() {
    run("policy.yaml", 1_000, mutated(POLICIES), |text| {
        if let Ok(policy) = crate::policy::parse(&SourceFile::new("policy.yaml", text.clone())) {
            let now: jiff::Timestamp = "2026-12-10T00:00:00Z".parse().unwrap();
            let post = crate::post::parse(SourceFile::new("library/a.md", POSTS[0]), &policy);
            let _ = Checker::new(&policy, now).check_post(&post, &Assets::new());
            // What the portal makes of the site's settings alone.
            let _ = crate::site::suggest::link(&policy);
            let _ = crate::site::timing::windows(&policy, None);
            if let Ok(theme) = crate::site::theme::Theme::built_in() {
                for lang in &policy.site.ui_languages {
                    let _ = crate::site::interface::script(&theme, &policy, lang);
                }
            }
        }
        let _ = crate::yaml::parse(&text);
    });
}

#[test]
fn feeds_articles_and_exports_read_without_panicking() {
    let policy = example_policy();
    run("feeds", 1_000, mutated(FEEDS), |text| {
        for article in crate::authoring::feed::items(text.as_bytes()).unwrap_or_default() {
            let _ = crate::authoring::article::draft(article, &policy);
        }
    });
    run("articles", 1_000, mutated(ARTICLES), |text| {
        let _ =
            crate::authoring::article::draft(crate::authoring::article::from_html(&text), &policy);
        let _ = crate::authoring::article::draft(
            crate::authoring::article::from_markdown(&text),
            &policy,
        );
    });
    run("click exports", 1_000, mutated(EXPORTS), |text| {
        let known = ["tokyo-office"].into_iter().collect();
        // Each reader sees every mutation: as a CSV and as a JSON file,
        // under the names the readers by one parameter look for.
        let files = [
            SourceFile::new("analytics/fuzz.csv", text.clone()),
            SourceFile::new("analytics/fuzz.json", text.clone()),
            SourceFile::new("analytics/utm_contents.csv", text.clone()),
            SourceFile::new("analytics/Matomo_getContent.csv", text.clone()),
            SourceFile::new("analytics/matomo-getContent.json", text.clone()),
            SourceFile::new("analytics/umami-utmContent.json", text),
        ];
        let analytics =
            crate::analytics::read_with_campaigns(&files, &known, Default::default(), &policy);
        // What the portal makes of them: windows, each code's figures.
        let now: jiff::Timestamp = "2026-12-10T00:00:00Z".parse().unwrap();
        let _ = crate::site::timing::windows(&policy, Some(&analytics));
        let _ = crate::site::impact::by_code(&[], &analytics, now, &policy.site.timezone);
        let _ = crate::site::impact::page(&[], &analytics, true, now, &policy.site.timezone);
    });
}

/// What a chat message or an e-mail takes from outside: titles into each
/// tool's markup, webhook addresses and e-mail addresses from the
/// environment and the command line.
#[test]
fn chat_text_and_addresses_never_panic() {
    run(
        "chat text and addresses",
        2_000,
        mutated(&[
            "<!channel> *bold* _it_ [To:1] [info]x[/info] <users/all>",
            "https://hooks.slack.com/services/T/B/x",
            "http://127.0.0.1:8080/hook?sig=x",
            "advocate@example.com",
            "東京 オフィス\u{202e}\u{1b}[2J",
        ]),
        |text| {
            let _ = crate::escape::slack(&text);
            let _ = crate::escape::chatwork(&text);
            let _ = crate::notify::is_postable(&text);
            let _ = crate::digest::email::is_address(&text);
        },
    );
}

#[test]
fn command_line_values_never_panic() {
    use clap::Parser;
    let words = proptest::collection::vec(
        prop_oneof![
            3 => proptest::sample::select(ARGS).prop_map(String::from),
            1 => any::<String>(),
        ],
        0..8,
    );
    run("command lines", 2_000, words, |words| {
        let _ =
            crate::cli::Cli::try_parse_from(std::iter::once("advocate".to_string()).chain(words));
    });
    run(
        "theme eject names",
        1_000,
        mutated(&[
            "templates/index.html",
            "static/style.css",
            "./i18n/ja.yaml",
            "..\\x",
        ]),
        |name| {
            let _ = crate::site::theme::built_in_files(&[name]);
        },
    );
    run(
        "output bookkeeping and page numbers",
        1_000,
        mutated(&[
            "00000000000000ff posts/a/index.html\nzz b\n",
            "2",
            "10",
            "02",
        ]),
        |text| {
            let _ = crate::publish::parse_keys(&text);
            let _ = crate::site::routes::list_page(&text);
        },
    );
    let zone = jiff::tz::TimeZone::get("Asia/Tokyo").unwrap();
    let now: jiff::Timestamp = "2026-12-10T00:00:00Z".parse().unwrap();
    run(
        "--since and --now values",
        2_000,
        mutated(&[
            "7d",
            "2 weeks",
            "P7D",
            "2026-12-01",
            "2026-12-10T00:00:00Z",
            "1week",
        ]),
        |text| {
            let _ = crate::digest::window_start(&text, now, &zone);
            let _ = crate::clock::Clock::resolve(Some(&text));
            let _ =
                advocate_core::time::parse_post_time(&text, &zone, advocate_core::time::Edge::End);
        },
    );
}
