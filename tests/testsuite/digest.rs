//! `advocate digest`: each format, and exactly the posts that went live.

use crate::common;

use serde_json::Value;

fn digest(format: &str, since: &str) -> String {
    let output = common::advocate(
        &common::fixture("portal"),
        &[
            "digest",
            "--since",
            since,
            "--now",
            "2026-12-10T00:00:00Z",
            "--format",
            format,
        ],
    );
    common::assert_success(&output);
    common::stdout(&output)
}

#[test]
fn slack_lists_exactly_the_posts_that_went_live() {
    let json: Value = serde_json::from_str(&digest("slack", "10d")).expect("valid JSON");
    let blocks = json["blocks"].as_array().expect("Block Kit blocks");
    assert_eq!(blocks[0]["type"], "header");
    assert_eq!(blocks[0]["text"]["type"], "plain_text");
    for block in &blocks[1..] {
        assert_eq!(block["type"], "section");
        assert_eq!(block["text"]["type"], "mrkdwn");
        assert!(block["text"]["text"].as_str().unwrap().chars().count() <= 3000);
    }
    let new = blocks[1]["text"]["text"].as_str().unwrap();
    let linked: Vec<&str> = new
        .lines()
        .skip(1)
        .filter_map(|l| l.split('<').nth(1)?.split('|').next())
        .collect();
    assert_eq!(
        linked,
        vec![
            "https://advocates.example.com/portal/posts/xss/",
            "https://advocates.example.com/portal/posts/tokyo/"
        ],
        "the draft, the scheduled, the expired and the undated posts are not new"
    );
    assert!(
        new.contains("&lt;script&gt;"),
        "Slack's reserved characters are escaped"
    );
    // A window with nothing new says so.
    let quiet: Value = serde_json::from_str(&digest("slack", "24h")).unwrap();
    assert!(
        quiet["blocks"][1]["text"]["text"]
            .as_str()
            .unwrap()
            .contains("この期間に新しい投稿はありません"),
        "in the site's language (this fixture's is Japanese)"
    );
}

#[test]
fn every_format_renders() {
    insta::assert_snapshot!("digest_markdown", digest("markdown", "10d"));
    insta::assert_snapshot!("digest_text", digest("text", "10d"));
    let html = digest("html", "10d");
    assert!(html.contains("style=") && !html.contains("<script>") && !html.contains("<style"));
    insta::assert_snapshot!("digest_html", html);
}

/// The digest speaks the site's language: the example library's is English.
#[test]
fn the_digest_is_in_the_sites_language() {
    let output = common::advocate(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")),
        &["digest", "--since", "30d", "--now", "2026-12-10T00:00:00Z"],
    );
    common::assert_success(&output);
    let english = common::stdout(&output);
    assert!(english.contains("## New to share"), "{english}");
    assert!(digest("markdown", "10d").contains("## 新しくシェアできる投稿"));
}
