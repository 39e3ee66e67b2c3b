//! `advocate init` and `advocate new`: what a marketer starts from.

use crate::common;

use serde_json::Value;
use std::path::Path;
use std::process::Output;

fn run(dir: &Path, args: &[&str]) -> Output {
    common::command()
        .current_dir(dir)
        .args(args)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap()
}

fn check_json(dir: &Path) -> (Value, Option<i32>) {
    let output = run(dir, &["check", "--format", "json"]);
    (
        serde_json::from_slice(&output.stdout).unwrap(),
        output.status.code(),
    )
}

#[test]
fn init_gives_a_repository_that_checks_and_builds() {
    let dir = tempfile::tempdir().unwrap();
    let output = run(dir.path(), &["init", "news"]);
    common::assert_success(&output);
    let repo = dir.path().join("news");
    for file in [
        "policy.yaml",
        "library/welcome.md",
        ".github/workflows/check.yml",
        ".github/workflows/publish.yml",
    ] {
        assert!(repo.join(file).is_file(), "{file}");
    }
    // The theme is not copied: the built-in one is used, and upgraded with
    // advocate; `themes/default/FILE` overrides one file of it.
    assert!(!repo.join("themes").exists());
    let (json, status) = check_json(&repo);
    assert_eq!(
        (json["errors"].as_u64(), status),
        (Some(0), Some(0)),
        "{json}"
    );
    assert_eq!(json["posts"], 2);
    let build = run(&repo, &["build"]);
    common::assert_success(&build);
    assert!(repo.join("public/index.html").is_file());
    // Again: every file is kept as it is, and named.
    std::fs::write(repo.join("policy.yaml"), "site:\n  title: Ours\n").unwrap();
    let again = run(dir.path(), &["init", "news"]);
    common::assert_success(&again);
    let said = String::from_utf8_lossy(&again.stderr);
    assert!(
        said.contains("keep    policy.yaml (it exists; --force replaces it)"),
        "{said}"
    );
    assert!(said.contains("skip    library/welcome.md"), "{said}");
    assert_eq!(
        std::fs::read_to_string(repo.join("policy.yaml")).unwrap(),
        "site:\n  title: Ours\n"
    );
    let forced = run(dir.path(), &["init", "news", "--force"]);
    common::assert_success(&forced);
    assert!(
        std::fs::read_to_string(repo.join("policy.yaml"))
            .unwrap()
            .contains("yaml-language-server")
    );
}

#[test]
fn init_keeps_a_new_repositorys_files_and_puts_ci_at_the_git_top_level() {
    let dir = tempfile::tempdir().unwrap();
    let top = dir.path();
    common::git(top, &["init", "-q"]);
    std::fs::write(top.join("README.md"), "# Marketing\n").unwrap();
    std::fs::write(top.join(".gitignore"), "node_modules/\n").unwrap();
    let output = run(top, &["init", "marketing", "--ci", "gitlab"]);
    common::assert_success(&output);
    assert_eq!(
        std::fs::read_to_string(top.join("README.md")).unwrap(),
        "# Marketing\n"
    );
    let ci = std::fs::read_to_string(top.join(".gitlab-ci.yml")).unwrap();
    assert!(ci.contains("CONTENT_DIR: \"marketing\""), "{ci}");
    assert!(ci.contains("GIT_DEPTH: 0"));
    assert!(top.join(".gitlab/CODEOWNERS").is_file());
    assert!(
        !top.join(".github").exists(),
        "--ci gitlab writes no GitHub files"
    );
    assert!(!top.join("marketing/.gitlab-ci.yml").exists());
    // The content folder's own .gitignore; the top level's is untouched.
    assert_eq!(
        std::fs::read_to_string(top.join(".gitignore")).unwrap(),
        "node_modules/\n"
    );
    assert!(
        std::fs::read_to_string(top.join("marketing/.gitignore"))
            .unwrap()
            .contains("/public/")
    );
    let (json, status) = check_json(&top.join("marketing"));
    assert_eq!(
        (json["errors"].as_u64(), status),
        (Some(0), Some(0)),
        "{json}"
    );
    // Until the placeholder teams are replaced, check warns at each.
    let owners = |json: &Value| {
        common::path_rules(json)
            .into_iter()
            .filter(|(path, rule)| path == "../.gitlab/CODEOWNERS" && rule == "codeowners")
            .count()
    };
    assert_eq!(owners(&json), 6, "{json}");
    let line = run(&top.join("marketing"), &["check", "--format", "line"]);
    assert!(
        common::stdout(&line).contains(
            ".gitlab/CODEOWNERS:5:25: warning[codeowners]: `@your-org/advocacy-reviewers`"
        ),
        "{}",
        common::stdout(&line)
    );
    let codeowners = top.join(".gitlab/CODEOWNERS");
    let text = std::fs::read_to_string(&codeowners)
        .unwrap()
        .replace("@your-org/", "@acme/");
    std::fs::write(&codeowners, text).unwrap();
    assert_eq!(owners(&check_json(&top.join("marketing")).0), 0);

    // --ci none adds nothing for CI; a second init at the top level keeps the
    // first one's files.
    let none = tempfile::tempdir().unwrap();
    common::assert_success(&run(none.path(), &["init", "--ci", "none"]));
    assert!(!none.path().join(".github").exists());
    assert!(!none.path().join(".gitlab-ci.yml").exists());
}

#[test]
fn a_new_post_fails_only_on_what_is_left_to_fill() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        run(dir.path(), &["init", "--ci", "none"]).status.code(),
        Some(0)
    );
    let output = run(
        dir.path(),
        &[
            "new",
            "Our Tokyo office is open",
            "--campaign",
            "tokyo-launch",
            "--network",
            "x",
            "linkedin",
        ],
    );
    common::assert_success(&output);
    let path = String::from_utf8_lossy(&output.stdout).trim().to_string();
    assert_eq!(path, "library/tokyo-launch/our-tokyo-office-is-open.md");
    let (json, status) = check_json(dir.path());
    assert_eq!(status, Some(1));
    let found = common::path_rules(&json);
    // `link: TODO`, the briefing's three TODOs, the two share blocks.
    let expected: Vec<(String, String)> = [
        "invalid-field",
        "todo",
        "todo",
        "todo",
        "no-share-text",
        "no-share-text",
    ]
    .iter()
    .map(|rule| (path.clone(), rule.to_string()))
    .collect();
    assert_eq!(found, expected);
    assert!(
        json["diagnostics"][0]["message"]
            .as_str()
            .unwrap()
            .contains("still TODO")
    );

    let second = run(
        dir.path(),
        &[
            "new",
            "Our Tokyo office is open",
            "--campaign",
            "tokyo-launch",
        ],
    );
    assert_eq!(
        String::from_utf8_lossy(&second.stdout).trim(),
        "library/tokyo-launch/our-tokyo-office-is-open-2.md",
        "never overwrites"
    );
}

#[test]
fn new_from_an_article_prefills_texts_within_the_limits() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        run(dir.path(), &["init", "--ci", "none"]).status.code(),
        Some(0)
    );
    let long = "渋谷に新しいオフィスを開設しました。".repeat(30);
    let html = format!(
        "<html lang=\"ja\"><head><title>東京オフィス開設</title><link rel=\"canonical\" href=\"https://www.example.com/ja/tokyo\"><meta name=\"description\" content=\"{long}\"></head><body><h2>新しいオフィス</h2><h2>採用</h2></body></html>"
    );
    std::fs::write(dir.path().join("article.html"), html).unwrap();
    let output = run(dir.path(), &["new", "--from", "article.html"]);
    common::assert_success(&output);
    let path = String::from_utf8_lossy(&output.stdout).trim().to_string();
    let post = std::fs::read_to_string(dir.path().join(&path)).unwrap();
    assert!(post.contains("title: 東京オフィス開設") && post.contains("lang: ja"));
    assert!(post.contains("link: https://www.example.com/ja/tokyo"));
    assert!(post.contains("- 新しいオフィス\n- 採用"));
    // Only who to ask is left to fill; with it, the post passes.
    let (json, status) = check_json(dir.path());
    assert_eq!(status, Some(1), "{json}");
    assert_eq!(
        common::path_rules(&json),
        vec![(path.clone(), "todo".to_string())]
    );
    // A Japanese post is scaffolded in Japanese.
    assert!(post.contains("問い合わせ先：TODO"), "{post}");
    assert!(post.contains("要点："), "{post}");
    std::fs::write(
        dir.path().join(&path),
        post.replace("問い合わせ先：TODO", "問い合わせ先：広報部"),
    )
    .unwrap();
    let (json, status) = check_json(dir.path());
    assert_eq!(status, Some(0), "{json}");
    let x_block = post
        .split("```share x\n")
        .nth(1)
        .unwrap()
        .split("\n```")
        .next()
        .unwrap();
    assert!(
        x_block.starts_with("渋谷に新しいオフィスを開設しました。"),
        "cut at a sentence: {x_block}"
    );
}

#[test]
fn import_drafts_new_feed_items_from_a_url() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        run(dir.path(), &["init", "--ci", "none"]).status.code(),
        Some(0)
    );
    let feed_dir = tempfile::tempdir().unwrap();
    let feed = r#"<?xml version="1.0"?><rss><channel><language>en</language>
        <item><title>Our new office</title><link>https://www.example.com/blog/office</link><description>We opened a new office. Come and visit us.</description></item>
        <item><title>Already here</title><link>https://www.example.com/blog/advocacy</link><description>Seen before.</description></item>
        </channel></rss>"#;
    std::fs::write(feed_dir.path().join("feed.xml"), feed).unwrap();
    let base = common::serve::serve(feed_dir.path());
    let output = run(dir.path(), &["import", &format!("{base}feed.xml")]);
    common::assert_success(&output);
    let written: Vec<String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(String::from)
        .collect();
    assert_eq!(
        written,
        vec!["library/imported/our-new-office.md"],
        "the item already in the library is skipped"
    );
    let post = std::fs::read_to_string(dir.path().join(&written[0])).unwrap();
    assert!(
        post.contains("draft: true") && post.contains("link: https://www.example.com/blog/office")
    );
    assert!(post.contains("We opened a new office. Come and visit us."));
    let (json, status) = check_json(dir.path());
    assert_eq!(status, Some(0), "an imported draft checks clean: {json}");
    let again = run(dir.path(), &["import", &format!("{base}feed.xml")]);
    assert!(
        String::from_utf8_lossy(&again.stdout).trim().is_empty(),
        "importing twice adds nothing"
    );
}

/// A small HTTP/1.1 server on loopback that answers each path with a
/// canned response: redirects, chunked bodies and errors, as real servers
/// send them. Lives until the test process ends.
fn canned_server(responses: Vec<(&'static str, Vec<u8>)>) -> String {
    canned_server_on("127.0.0.1:0", responses).unwrap()
}

/// The same on any address; `None` when it cannot listen there.
fn canned_server_on(address: &str, responses: Vec<(&'static str, Vec<u8>)>) -> Option<String> {
    use std::io::{BufReader, Write};
    let listener = std::net::TcpListener::bind(address).ok()?;
    let base = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request = read_head(&mut reader);
            if request.starts_with("CONNECT ") {
                // As a proxy: open the tunnel, then answer what comes through it.
                let _ = stream.write_all(b"HTTP/1.1 200 Connection established\r\n\r\n");
                request = read_head(&mut reader);
            }
            let path = request.split_whitespace().nth(1).unwrap_or("/").to_string();
            let response = responses
                .iter()
                .find(|(p, _)| *p == path)
                .map(|(_, r)| r.clone())
                .unwrap_or_else(|| b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n".to_vec());
            let _ = stream.write_all(&response);
        }
    });
    Some(base)
}

/// A request's first line; its headers read and left.
fn read_head(reader: &mut impl std::io::BufRead) -> String {
    let mut request = String::new();
    let _ = reader.read_line(&mut request);
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).map_or(true, |n| n == 0) || header.trim().is_empty() {
            break;
        }
    }
    request
}

fn redirect(to: &str) -> Vec<u8> {
    format!("HTTP/1.1 301 Moved Permanently\r\nLocation: {to}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").into_bytes()
}

/// A 200 answer whose body comes in chunks of `size` bytes, so a chunk
/// ends inside a multi-byte character.
fn chunked(kind: &str, body: &str, size: usize) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 200 OK\r\nContent-Type: {kind}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n").into_bytes();
    for chunk in body.as_bytes().chunks(size) {
        out.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        out.extend_from_slice(chunk);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"0\r\n\r\n");
    out
}

/// `import` and `new --from` fetch over HTTP: redirects followed, chunked
/// bodies joined as bytes, and clear errors for a redirect loop, a web
/// page that is not a feed, and a server error.
#[test]
fn fetches_follow_redirects_and_chunks() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        run(dir.path(), &["init", "--ci", "none"]).status.code(),
        Some(0)
    );
    let feed = r#"<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><language>ja</language>
        <item><title>東京オフィス開設 &amp; 採用</title><link>https://www.example.com/ja/tokyo-office</link>
        <description>&lt;p&gt;渋谷に新しいオフィスを開設しました&amp;hellip;&lt;/p&gt;</description></item></channel></rss>"#;
    let article = "<!doctype html><html lang=\"ja\"><head><title>東京の新オフィス</title><link rel=\"canonical\" href=\"https://www.example.com/ja/office\"></head><body><p>渋谷にオープンしました。</p><h2>見学会</h2></body></html>";
    let base = canned_server(vec![
        ("/old-feed", redirect("/feed")),
        ("/feed", chunked("application/rss+xml", feed, 7)),
        ("/article", redirect("/article.html")),
        (
            "/article.html",
            chunked("text/html; charset=utf-8", article, 5),
        ),
        ("/loop", redirect("/loop")),
        (
            "/page.html",
            chunked(
                "text/html",
                "<!doctype html><html><body>Blog</body></html>",
                16,
            ),
        ),
        (
            "/broken",
            b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n".to_vec(),
        ),
    ]);

    let output = run(dir.path(), &["import", &format!("{base}/old-feed")]);
    common::assert_success(&output);
    let path = String::from_utf8_lossy(&output.stdout).trim().to_string();
    let post = std::fs::read_to_string(dir.path().join(&path)).unwrap();
    assert!(post.contains("東京オフィス開設 & 採用"), "{post}");
    assert!(
        post.contains("渋谷に新しいオフィスを開設しました…"),
        "{post}"
    );

    let output = run(dir.path(), &["new", "--from", &format!("{base}/article")]);
    common::assert_success(&output);
    let path = String::from_utf8_lossy(&output.stdout).trim().to_string();
    let post = std::fs::read_to_string(dir.path().join(&path)).unwrap();
    assert!(
        post.contains("title: 東京の新オフィス")
            && post.contains("link: https://www.example.com/ja/office"),
        "{post}"
    );

    for (path, says) in [
        ("/loop", "more than five redirects"),
        ("/page.html", "not an RSS, Atom or JSON feed"),
        ("/broken", "the server answered 500"),
    ] {
        let output = run(dir.path(), &["import", &format!("{base}{path}")]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{path}: {stderr}");
        assert!(stderr.contains(says), "{path}: {stderr}");
    }
}

/// The proxy the environment names is used (the request goes to it with
/// the full address), and an IPv6 address in brackets is reachable.
#[test]
fn fetches_through_the_environment_proxy_and_over_ipv6() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        run(dir.path(), &["init", "--ci", "none"]).status.code(),
        Some(0)
    );
    let feed = r#"<rss><channel><item><title>Via the proxy</title><link>https://www.example.com/proxied</link></item></channel></rss>"#;
    let ok = |body: &str| chunked("application/rss+xml", body, 64);
    // The feed's host does not exist: only the proxy can answer.
    let proxy = canned_server(vec![("/feed", ok(feed))]);
    let output = common::command()
        .current_dir(dir.path())
        .args(["import", "http://feeds.example.invalid/feed"])
        .env("HTTP_PROXY", &proxy)
        .env_remove("NO_PROXY")
        .env_remove("no_proxy")
        .output()
        .unwrap();
    common::assert_success(&output);
    assert!(String::from_utf8_lossy(&output.stdout).contains("via-the-proxy"));

    let v6 = r#"<rss><channel><item><title>Over IPv6</title><link>https://www.example.com/v6</link></item></channel></rss>"#;
    let Some(base) = canned_server_on("[::1]:0", vec![("/feed", ok(v6))]) else {
        eprintln!("skipping the IPv6 part: this machine has no ::1");
        return;
    };
    let output = run(dir.path(), &["import", &format!("{base}/feed")]);
    common::assert_success(&output);
    assert!(String::from_utf8_lossy(&output.stdout).contains("over-ipv6"));
}

#[test]
fn completions_man_page_and_theme_eject() {
    let dir = tempfile::tempdir().unwrap();
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef advocate"),
        ("fish", "complete -c advocate"),
    ] {
        let output = run(dir.path(), &["completions", shell]);
        common::assert_success(&output);
        let script = common::stdout(&output);
        assert!(script.contains(marker), "{shell}");
        assert!(script.contains("changed-since"), "{shell} completes flags");
    }
    let man = run(dir.path(), &["man"]);
    common::assert_success(&man);
    let page = common::stdout(&man);
    assert!(
        page.starts_with(".ie") || page.contains(".TH advocate"),
        "{page}"
    );
    assert!(page.contains("Employee advocacy"));

    assert_eq!(
        run(dir.path(), &["init", "--ci", "none"]).status.code(),
        Some(0)
    );
    let eject = run(dir.path(), &["theme", "eject", "templates/index.html"]);
    common::assert_success(&eject);
    let ejected = dir.path().join("themes/default/templates/index.html");
    let built_in =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/index.html");
    assert_eq!(
        std::fs::read(&ejected).unwrap(),
        std::fs::read(built_in).unwrap()
    );
    assert!(
        !dir.path().join("themes/default/static").exists(),
        "only the file named"
    );
    std::fs::write(&ejected, "{# ours #}").unwrap();
    common::assert_success(&run(
        dir.path(),
        &["theme", "eject", "templates/index.html"],
    ));
    assert_eq!(
        std::fs::read_to_string(&ejected).unwrap(),
        "{# ours #}",
        "kept"
    );
    let unknown = run(dir.path(), &["theme", "eject", "templates/nope.html"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&unknown.stderr).contains("templates/index.html"),
        "lists the files"
    );
}
