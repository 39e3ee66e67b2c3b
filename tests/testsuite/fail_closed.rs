//! Hostile input fails closed: what a reader sees is what the checker
//! judged, every link is judged as a browser opens it, nothing outside the
//! repository is published, and every output escapes for its reader. One
//! test per way in, each of which got through before.

use crate::common;
use std::path::Path;

const NOW: &str = "2026-12-10T00:00:00Z";

/// `static/` (or a theme folder) that is a link is refused before anything
/// is written: `static -> .git` would publish the repository's config and
/// its credentials, a link to a folder outside any file on the machine.
#[test]
fn a_linked_static_or_theme_folder_publishes_nothing() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "not for the portal").unwrap();
    let cases: [(&str, &str, Option<&Path>); 3] = [
        ("static", ".git", None),
        ("static", "", Some(outside.path())),
        ("themes", "", Some(outside.path())),
    ];
    for (folder, inside, elsewhere) in cases {
        let (dir, root) = common::repository("site:\n  title: Links\n");
        std::fs::create_dir_all(root.join(".git")).unwrap();
        std::fs::write(
            root.join(".git/config"),
            "[http]\n\textraheader = AUTHORIZATION: basic c2VjcmV0\n",
        )
        .unwrap();
        let target = elsewhere.map_or_else(|| root.join(inside), Path::to_path_buf);
        std::os::unix::fs::symlink(&target, root.join(folder)).unwrap();
        let out = dir.path().join("public");
        let output = common::advocate(
            &root,
            &["build", "--out", out.to_str().unwrap(), "--now", NOW],
        );
        let said = String::from_utf8_lossy(&output.stderr);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{folder} -> {}: {said}",
            target.display()
        );
        assert!(said.contains(&format!("{folder} is a link")), "{said}");
        assert!(!out.exists(), "nothing is written for {folder}");
    }
}

fn digest(root: &Path, format: &str) -> String {
    let output = common::advocate(
        root,
        &[
            "digest", "--since", "7d", "--now", NOW, "--format", format, "--color", "never",
        ],
    );
    common::assert_success(&output);
    common::stdout(&output)
}

/// A title cannot send a terminal an escape sequence through the text
/// digest (clear the screen, fake a link).
#[test]
fn the_text_digest_writes_no_terminal_escape() {
    let hostile = "Launch\u{1b}[2J\u{1b}]8;;https://evil.example/\u{7}click\u{1b}]8;;\u{7}\u{9b}0m"
        .to_string();
    let (_dir, root) = common::posts_titled(&[hostile, "東京 オフィス".into()]);
    let text = digest(&root, "text");
    let controls: Vec<char> = text
        .chars()
        .filter(|c| c.is_control() && *c != '\n')
        .collect();
    assert!(controls.is_empty(), "{controls:?} in\n{text}");
    assert!(text.contains("Launch\\u{1b}[2J"), "shown, inert: {text}");
    assert!(text.contains("東京 オフィス"));
}

/// 150 new posts with long titles: every section within Slack's 3,000
/// characters, every link whole, at most 50 blocks, and what did not fit
/// counted.
#[test]
fn the_slack_digest_splits_between_items_within_slacks_limits() {
    let titles: Vec<String> = (0..150)
        .map(|n| {
            format!(
                "Post {n:03} & <friends>: {}",
                "a long title ".repeat(4 + n % 9)
            )
        })
        .collect();
    let (_dir, root) = common::posts_titled(&titles);
    let json: serde_json::Value = serde_json::from_str(&digest(&root, "slack")).unwrap();
    let blocks = json["blocks"].as_array().unwrap();
    assert!(blocks.len() <= 50, "{} blocks", blocks.len());
    let mut linked = 0;
    let mut left_out = 0;
    for block in &blocks[1..] {
        let text = block["text"]["text"].as_str().unwrap();
        assert!(
            text.chars().count() <= 3000,
            "{} characters",
            text.chars().count()
        );
        for line in text.lines().filter(|l| l.starts_with("• ")) {
            assert!(
                line.starts_with("• <https://advocates.example.com/posts/p")
                    && line.contains('|')
                    && line.ends_with('>'),
                "a whole link: {line}"
            );
            assert!(
                line.contains("&amp;") && line.contains("&lt;friends&gt;"),
                "{line}"
            );
            linked += 1;
        }
        if let Some(n) = text
            .split(" more not shown")
            .next()
            .filter(|_| text.contains(" more not shown"))
        {
            left_out = n.parse::<usize>().unwrap();
        }
    }
    assert_eq!(
        linked + left_out,
        150,
        "{linked} linked, {left_out} said to be left out"
    );
}

/// One post with a title of 10,000 characters still makes a link.
#[test]
fn a_very_long_title_is_shortened_never_the_link() {
    let (_dir, root) = common::posts_titled(&["x".repeat(10_000)]);
    let json: serde_json::Value = serde_json::from_str(&digest(&root, "slack")).unwrap();
    let text = json["blocks"][1]["text"]["text"].as_str().unwrap();
    assert!(text.chars().count() <= 3000);
    assert!(
        text.contains("• <https://advocates.example.com/posts/p000/|xxx"),
        "{text}"
    );
    assert!(text.trim_end().ends_with("…>"), "{text}");
}

/// `import` and `new --from` write only http(s) links into a draft: a
/// feed's `javascript:` item is skipped and said, an article whose link is
/// `data:` is refused, and nothing of either is written.
#[test]
fn drafts_get_only_http_links() {
    let (_dir, root) = common::repository("site:\n  title: Drafts\n");
    let feed = root.join("feed.xml");
    std::fs::write(
        &feed,
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Blog</title>\
         <item><title>Click me</title><link>javascript:alert(1)</link><description>x</description></item>\
         <item><title>Tokyo office</title><link>https://www.example.com/tokyo</link><description>Open.</description></item>\
         </channel></rss>",
    )
    .unwrap();
    let output = common::advocate(&root, &["import", feed.to_str().unwrap()]);
    common::assert_success(&output);
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(
        said.contains("skipped `Click me`") && said.contains("not an http(s) address"),
        "{said}"
    );
    let drafts: Vec<String> = walkdir::WalkDir::new(root.join("library"))
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .collect();
    assert_eq!(drafts.len(), 1, "only the http item is drafted");
    assert!(drafts[0].contains("https://www.example.com/tokyo"));
    assert!(drafts.iter().all(|d| !d.contains("javascript:")));

    let article = root.join("article.md");
    std::fs::write(
        &article,
        "---\ntitle: Data\nlink: \"data:text/html,<script>alert(1)</script>\"\n---\nBody.\n",
    )
    .unwrap();
    let output = common::advocate(&root, &["new", "--from", article.to_str().unwrap()]);
    assert_eq!(
        output.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stderr).contains("not an http(s) address"));
    let posts = walkdir::WalkDir::new(root.join("library"))
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .count();
    assert_eq!(posts, 1, "nothing more was written");
}

/// Click counts cannot wrap: rows past any believable count are left out
/// and said, and what is summed stays what it is.
#[test]
fn click_counts_do_not_wrap() {
    let (dir, root) = common::repository(
        "site:\n  title: Clicks\n  base_url: https://advocates.example.com/\nnetworks:\n  x: {}\n",
    );
    std::fs::write(
        root.join("library/tokyo.md"),
        "---\ntitle: Tokyo\npublish_at: 2026-12-01\n---\nB.\n\n```share\nJoin us.\n```\n",
    )
    .unwrap();
    std::fs::create_dir_all(root.join("analytics")).unwrap();
    let max = u64::MAX;
    std::fs::write(
        root.join("analytics/clicks.csv"),
        format!("date,post_id,network,clicks\n2026-12-02,tokyo,x,{max}\n2026-12-02,tokyo,x,{max}\n2026-12-03,tokyo,x,30\n"),
    )
    .unwrap();
    let out = dir.path().join("public");
    let output = common::advocate(
        &root,
        &["build", "--out", out.to_str().unwrap(), "--now", NOW],
    );
    common::assert_success(&output);
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(
        said.contains("analytics/clicks.csv:2") && said.contains("analytics/clicks.csv:3"),
        "{said}"
    );
    let json = common::read_json(out.join("posts.json"));
    assert_eq!(json["impact"]["clicks"], 30);
    assert_eq!(json["impact"]["rows_left_out"], 2);
    assert_eq!(json["posts"][0]["impact"]["clicks"], 30);
}

/// `check --format json` on one post with this share text, at `NOW`.
fn check_share(policy: &str, text: &str) -> (serde_json::Value, Option<i32>) {
    let (_dir, root) = common::repository(policy);
    std::fs::write(
        root.join("library/post.md"),
        format!("---\ntitle: Post\nlink: https://www.example.com/news\n---\nB.\n\n```share\n{text}\n```\n"),
    )
    .unwrap();
    let output = common::advocate(&root, &["check", "--format", "json", "--now", NOW]);
    (
        serde_json::from_slice(&output.stdout).unwrap(),
        output.status.code(),
    )
}

/// (rule, line, column) of each error.
fn errors(report: &serde_json::Value) -> Vec<(String, u64, u64)> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// Every link in a share text is judged where a browser would go: a user
/// name before the host, or a top-level domain no list knows, no longer
/// hides evil.com behind www.example.com.
#[test]
fn links_are_judged_where_a_browser_goes() {
    let policy =
        "site:\n  title: Links\nlinks:\n  allowed_domains: [example.com, \"*.example.com\"]\n";
    for link in [
        "https://www.example.com@evil.com/x",
        "https://www.example.com:443@evil.com/x",
        "https://www.example.com%2f@evil.com/x",
        "https://evil.example\\@www.example.com/x",
        "www.evil.example/x",
    ] {
        let (report, status) = check_share(policy, &format!("Read it: {link} #AcmeEmployee"));
        assert_eq!(status, Some(1), "{link}: {report}");
        assert_eq!(
            errors(&report),
            [("link".to_string(), 8, 10)],
            "{link}: {report}"
        );
    }
    let (report, status) =
        check_share(policy, "Read it: https://www.example.com/x and example.com");
    assert_eq!((errors(&report), status), (vec![], Some(0)), "{report}");
}

/// What a reader sees is what was checked: a term written backwards after
/// a right-to-left override, hidden characters of every kind, and a phrase
/// with one look-alike letter are all errors, at their columns.
#[test]
fn what_is_shown_is_what_is_checked() {
    let policy = "site:\n  title: Shown\nterms:\n  - id: absolute\n    message: Absolute claims need legal review\n    match: [guaranteed]\n  - id: confidential\n    message: Code names stay inside\n    match: [Project Falcon]\n";
    let cases: [(&str, &[(&str, u64)]); 6] = [
        // Shown as "Results guaranteed for all".
        (
            "Results \u{202e}deetnaraug\u{202c} for all",
            &[
                ("hidden-character", 9),
                ("term/absolute", 10),
                ("hidden-character", 20),
            ],
        ),
        // An invisible instruction in tag characters.
        (
            "Great news\u{e0020}\u{e0069}\u{e0067}\u{e006e}",
            &[
                ("hidden-character", 11),
                ("hidden-character", 12),
                ("hidden-character", 13),
                ("hidden-character", 14),
            ],
        ),
        (
            "Mark \u{200e}here and \u{2066}there\u{2069}",
            &[
                ("hidden-character", 6),
                ("hidden-character", 16),
                ("hidden-character", 22),
            ],
        ),
        (
            "Press \u{1b}[8mhere\u{7}",
            &[("hidden-character", 7), ("hidden-character", 15)],
        ),
        (
            "Join Project Falc\u{3bf}n today",
            &[("term/confidential", 6)],
        ),
        // Emoji, right-to-left marks where they belong: nothing.
        ("👩\u{200d}💻 שלום \u{200f}(world) ❤\u{fe0f}", &[]),
    ];
    for (text, expected) in cases {
        let (report, status) = check_share(policy, text);
        let found: Vec<(String, u64)> = errors(&report)
            .into_iter()
            .map(|(rule, _, column)| (rule, column))
            .collect();
        let expected: Vec<(String, u64)> =
            expected.iter().map(|(r, c)| (r.to_string(), *c)).collect();
        assert_eq!(found, expected, "{text:?}: {report}");
        assert_eq!(
            status,
            Some(if expected.is_empty() { 0 } else { 1 }),
            "{text:?}"
        );
    }
}

/// Runs advocate to its end; returns what it said and its peak memory in
/// MiB, from `wait4` on that one process (other tests' children do not
/// count).
#[expect(
    clippy::zombie_processes,
    reason = "waited for with wait4, which gives its peak memory"
)]
fn run_measured(root: &Path, args: &[&str]) -> (std::process::Output, u64) {
    use std::io::Read;
    let mut child = common::command()
        .arg("--root")
        .arg(root)
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let (mut out, mut err) = (child.stdout.take().unwrap(), child.stderr.take().unwrap());
    let reader = std::thread::spawn(move || {
        let mut text = Vec::new();
        let _ = out.read_to_end(&mut text);
        text
    });
    let mut said = Vec::new();
    let _ = err.read_to_end(&mut said);
    let stdout = reader.join().unwrap();
    let mut status = 0;
    // SAFETY: a zeroed rusage is a valid value for wait4 to fill; the pid
    // is this test's own child, not yet waited for.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = libc::pid_t::try_from(child.id()).unwrap();
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid);
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    use std::os::unix::process::ExitStatusExt;
    let output = std::process::Output {
        status: std::process::ExitStatus::from_raw(code << 8),
        stdout,
        stderr: said,
    };
    (output, u64::try_from(usage.ru_maxrss).unwrap_or(0) / 1024)
}

/// One 50 MB line in a click export is one warning of bounded length, and
/// the build stays well inside its memory.
#[test]
fn a_hostile_export_costs_its_own_bytes_once() {
    let (dir, root) = common::repository("site:\n  title: Export\nnetworks:\n  x: {}\n");
    std::fs::write(
        root.join("library/tokyo.md"),
        "---\ntitle: Tokyo\npublish_at: 2026-12-01\n---\nB.\n\n```share\nJoin us.\n```\n",
    )
    .unwrap();
    std::fs::create_dir_all(root.join("analytics")).unwrap();
    let mut export = String::from("date,post_id,network,clicks\n2026-12-02,tokyo,x,3\n2026-12-02,");
    export.push_str(&"a".repeat(50 * 1024 * 1024));
    export.push_str(",x,1\n2026-12-03,tokyo,x,4\n");
    std::fs::write(root.join("analytics/big.csv"), export).unwrap();
    let out = dir.path().join("public");
    let (output, peak) = run_measured(
        &root,
        &["build", "--out", out.to_str().unwrap(), "--now", NOW],
    );
    common::assert_success(&output);
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(
        said.len() < 20_000,
        "what the build said is {} bytes",
        said.len()
    );
    assert!(
        said.contains("analytics/big.csv:3") && said.contains("bytes long"),
        "{said}"
    );
    assert!(peak < 300, "the build peaked at {peak} MiB");
    let json = common::read_json(out.join("posts.json"));
    assert_eq!(json["impact"]["clicks"], 7);
    assert_eq!(json["impact"]["rows_left_out"], 1);
    eprintln!(
        "a 50 MB export line: build peak {peak} MiB, {} bytes said",
        said.len()
    );
}
