//! The chunked search, in real Chromium, against a full scan: 2,000
//! generated posts in English and Japanese, 200 random queries (English
//! words and prefixes, Japanese substrings, mixed, folded forms, words that
//! are nowhere). The full scan is written here from the rules in
//! `src/site/search.rs`, independently of the index and of the portal's
//! script, with advocate-core's folding: every query must find the same
//! posts, in the same order. The page's own folding is compared with the
//! core's on a table of strings that fold in tricky ways.

use crate::common;

use advocate_core::text::fold::Folded;
use common::cdp::{Browser, chromium};
use serde_json::json;

const NOW: &str = "2026-12-10T00:00:00Z";

const ENGLISH: &[&str] = &[
    "tokyo",
    "office",
    "hiring",
    "engineers",
    "remote",
    "launch",
    "product",
    "customers",
    "team",
    "growth",
    "award",
    "partner",
    "cloud",
    "security",
    "design",
    "event",
    "summit",
    "webinar",
    "report",
    "survey",
    "results",
    "quarter",
    "record",
    "energy",
    "green",
    "future",
    "people",
    "culture",
    "benefits",
    "careers",
    "students",
    "internship",
    "community",
    "volunteer",
    "charity",
    "release",
    "update",
    "feature",
    "mobile",
    "platform",
    "data",
    "analytics",
    "ai",
    "research",
    "paper",
    "conference",
    "speaker",
    "keynote",
    "demo",
    "workshop",
    "the",
    "then",
    "theme",
    "there",
    "therapy",
    "thermal",
    "this",
    "thistle",
];
const JAPANESE: &[&str] = &[
    "東京オフィス",
    "新製品",
    "採用情報",
    "エンジニア募集",
    "リモートワーク",
    "お客様",
    "導入事例",
    "受賞しました",
    "パートナー",
    "クラウド",
    "セキュリティ",
    "デザイン",
    "イベント",
    "ウェビナー",
    "調査結果",
    "決算",
    "新記録",
    "再生可能エネルギー",
    "働き方",
    "福利厚生",
    "インターン",
    "地域貢献",
    "ボランティア",
    "新機能",
    "モバイル",
    "データ分析",
    "研究",
    "論文",
    "基調講演",
    "東京都",
    "京都",
    "東京",
    "大阪",
    "名古屋",
    "開発者",
];

/// A small deterministic generator (no dependency, same run every time).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) as usize
    }
    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[self.next() % list.len()]
    }
    fn sentence(&mut self, words: usize) -> String {
        (0..words)
            .map(|_| {
                if self.next().is_multiple_of(3) {
                    self.pick(JAPANESE).to_string()
                } else {
                    self.pick(ENGLISH).to_string()
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    }
}

// ---- The full scan: the rules of src/site/search.rs, written again ----

fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3005}'..='\u{3007}'
        | '\u{3040}'..='\u{30FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FF66}'..='\u{FF9F}'
        | '\u{20000}'..='\u{3134F}')
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c)
}

/// As the index folds, and as the page must fold a query.
fn fold(text: &str) -> String {
    Folded::new(text, true).text
}

/// A query word's runs that count: CJK runs, and other runs of two or
/// more letters or digits.
fn runs(word: &str) -> Vec<(bool, String)> {
    let mut out: Vec<(bool, String)> = Vec::new();
    let mut current: Option<(bool, String)> = None;
    for c in word.chars() {
        let kind = if is_cjk(c) {
            Some(true)
        } else if is_word_char(c) {
            Some(false)
        } else {
            None
        };
        match (kind, current.as_mut()) {
            (None, _) => out.extend(current.take()),
            (Some(k), Some((ck, run))) if *ck == k => run.push(c),
            (Some(k), _) => {
                out.extend(current.take());
                current = Some((k, c.to_string()));
            }
        }
    }
    out.extend(current);
    out.into_iter()
        .filter(|(cjk, run)| *cjk || run.chars().count() >= 2)
        .collect()
}

fn matches(text: &str, query: &str) -> bool {
    query.split_whitespace().all(|word| {
        runs(word).iter().all(|(cjk, run)| {
            if *cjk {
                text.contains(run.as_str())
            } else {
                text.split(|c: char| !is_word_char(c))
                    .any(|w| w.starts_with(run.as_str()))
            }
        })
    })
}

struct Post {
    id: String,
    publish: String,
    text: String,
}

#[test]
fn the_chunked_search_finds_what_a_full_scan_finds() {
    let Some(binary) = chromium() else { return };
    let (dir, root) = common::repository(
        "site:\n  title: Search\n  languages: [en, ja]\n  timezone: UTC\nnetworks:\n  linkedin: {}\n",
    );
    let mut rng = Lcg(2026);
    let mut posts = Vec::new();
    for n in 0..2000 {
        let title = rng.sentence(3);
        let briefing = rng.sentence(8);
        let share = rng.sentence(10);
        let topic = rng.pick(ENGLISH);
        let id = format!("p{n:04}");
        let publish = format!(
            "2026-11-{:02}T{:02}:{:02}:00Z",
            1 + n % 28,
            n / 28 % 24,
            n % 60
        );
        std::fs::write(
            root.join(format!("library/{id}.md")),
            format!(
                "---\ntitle: {title}\ntopics: [{topic}]\npublish_at: {publish}\n---\n{briefing}\n\n```share\n{share}\n```\n"
            ),
        )
        .unwrap();
        // As the portal composes a post's text: title, briefing, topics,
        // campaign, share texts, a line each.
        let text = fold(&[title, briefing, topic.to_string(), share].join("\n"));
        posts.push(Post { id, publish, text });
    }
    // Portal order: newest first.
    posts.sort_by(|a, b| b.publish.cmp(&a.publish).then(a.id.cmp(&b.id)));
    let out = dir.path().join("public");
    common::assert_success(&common::advocate(
        &root,
        &["build", "--out", out.to_str().unwrap(), "--now", NOW],
    ));

    // Some queries chosen because an index could get them wrong: pairs of
    // characters that appear apart (東京 and 京都 without 東京都), a word
    // that is also a prefix of others, one-letter runs.
    let mut queries: Vec<String> = [
        "東京都",
        "京都",
        "都",
        "ンジニ",
        "the",
        "th",
        "ai 研究",
        "a 東京",
    ]
    .iter()
    .map(|q| q.to_string())
    .collect();
    while queries.len() < 200 {
        let word = rng.pick(ENGLISH);
        let phrase = rng.pick(JAPANESE);
        let chars: Vec<char> = phrase.chars().collect();
        let start = rng.next() % chars.len();
        let len = 1 + rng.next() % (chars.len() - start);
        let part: String = chars[start..start + len].iter().collect();
        let prefix: String = word.chars().take(2 + rng.next() % 4).collect();
        let query = match rng.next() % 9 {
            0 => word.to_string(),
            1 => prefix,
            2 => part,
            3 => format!("{word} {part}"),
            4 => format!("{} {}", word, rng.pick(ENGLISH)),
            5 => word.to_uppercase(),
            6 => word
                .chars()
                .map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap())
                .collect(),
            7 => format!("{part}{}", rng.pick(JAPANESE)),
            _ => format!("zq{word}"),
        };
        if !runs(&fold(&query)).is_empty() {
            queries.push(query);
        }
    }

    let base = common::serve::serve(&out);
    let mut browser = Browser::launch(&binary);
    let page = browser.open_page();
    browser.navigate(&page, &format!("{base}index.html"));
    browser.wait_for(&page, "document.getElementById('filters')");
    let mut found_some = 0;
    for query in &queries {
        let expected: Vec<&str> = posts
            .iter()
            .filter(|p| matches(&p.text, &fold(query)))
            .map(|p| p.id.as_str())
            .collect();
        browser.search(&page, query);
        let count = browser.eval(
            &page,
            "parseInt(document.getElementById('count').textContent, 10)",
        );
        assert_eq!(count, json!(expected.len()), "how many for {query:?}");
        let shown = browser.eval(
            &page,
            "Array.from(document.querySelectorAll('#results > li')).map(li => li.dataset.id)",
        );
        let first: Vec<&str> = expected.iter().take(20).copied().collect();
        assert_eq!(shown, json!(first), "the first results for {query:?}");
        if !expected.is_empty() {
            found_some += 1;
        }
    }
    assert!(found_some > 100, "{found_some} of 200 queries find posts");
    assert!(browser.errors().is_empty(), "{:?}", browser.errors());
}

/// Strings that NFKC and lower case alone fold otherwise than the index
/// does, or that a browser could get wrong.
const TRICKY: &[&str] = &[
    "Straße",
    "STRASSE",
    "ẞ groß",
    "ﬁnance ﬂow",
    "ＦＵＬＬ ｗｉｄｔｈ １２３",
    "zero\u{200B}width\u{00AD}soft",
    "İstanbul ıi",
    "ｶﾞｲﾄﾞ ﾃﾞｰﾀ",
    "ΟΔΟΣ σοφός",
    "Ꮳ ꮳ",
    "ᾈ ῼ",
    "ǅ ǈ ǋ",
    "tab\tline\nnbsp\u{00A0}ideographic\u{3000}end",
    "a \u{200B} b",
    "㍻ ㌔ ①",
    "Ω K Å",
    "\u{FEFF}bom",
    "東京 オフィス",
];

#[test]
fn the_page_folds_a_query_as_the_index_is_folded() {
    let Some(binary) = chromium() else { return };
    let (dir, root) = common::repository(
        "site:\n  title: Folding\n  languages: [en]\n  timezone: UTC\nnetworks:\n  linkedin: {}\n",
    );
    for (id, word) in [("sharp-s", "Straße"), ("double-s", "Strasse")] {
        std::fs::write(
            root.join(format!("library/{id}.md")),
            format!("---\ntitle: Walk the {word}\n---\nA walk.\n\n```share\nJoin us on the {word}.\n```\n"),
        )
        .unwrap();
    }
    let out = dir.path().join("public");
    common::assert_success(&common::advocate(
        &root,
        &["build", "--out", out.to_str().unwrap(), "--now", NOW],
    ));
    let base = common::serve::serve(&out);
    let mut browser = Browser::launch(&binary);
    let page = browser.open_page();
    browser.navigate(&page, &format!("{base}index.html"));
    browser.wait_for(&page, "document.getElementById('filters')");

    // Each spelling finds the post written the other way.
    for query in ["Straße", "STRASSE", "strasse", "STRAẞE"] {
        browser.search(&page, query);
        let shown = browser.eval(
            &page,
            "Array.from(document.querySelectorAll('#results > li')).map(li => li.dataset.id).sort()",
        );
        assert_eq!(shown, json!(["double-s", "sharp-s"]), "{query}");
    }

    // The page's folding is the core's, string for string.
    let strings = serde_json::to_string(TRICKY).unwrap();
    let folded = browser.eval(
        &page,
        &format!(
            "(async () => {{ const index = self.advocateSearch(document.body.dataset.root); \
             const out = []; for (const s of {strings}) out.push(await index.fold(s)); return out; }})()"
        ),
    );
    let expected: Vec<String> = TRICKY.iter().map(|s| fold(s)).collect();
    assert_eq!(folded, json!(expected));
    assert!(browser.errors().is_empty(), "{:?}", browser.errors());
}
