//! `advocate build`: what is published, how it is escaped, reproducibility,
//! and a failed build leaving the previous site untouched.

use crate::common;

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

const NOW: &str = "2026-12-10T00:00:00Z";

fn build(root: &Path, out: &Path, extra: &[&str]) -> Output {
    let out = out.to_str().unwrap();
    let mut args = vec!["build", "--out", out, "--now", NOW];
    args.extend_from_slice(extra);
    common::advocate(root, &args)
}

/// A copy of the portal fixture in a new temporary folder (`repo/`), with
/// room beside it for outputs.
fn portal_repository() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("repo");
    common::copy_tree(&common::fixture("portal"), &root);
    (dir, root)
}

/// Gives the repository its own copy of a built-in template, with the first
/// `from` made `to`.
fn override_template(root: &Path, name: &str, from: &str, to: &str) {
    let templates = root.join("themes/default/templates");
    std::fs::create_dir_all(&templates).unwrap();
    let built_in = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("themes/default/templates")
            .join(name),
    )
    .unwrap();
    assert!(built_in.contains(from), "{name} has no {from}");
    std::fs::write(templates.join(name), built_in.replacen(from, to, 1)).unwrap();
}

/// Every file under `dir`, by relative path, with its bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            files.insert(rel, std::fs::read(entry.path()).unwrap());
        }
    }
    files
}

fn posts_json(out: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(out.join("posts.json")).unwrap()).unwrap()
}

fn ids(json: &Value) -> Vec<String> {
    json["posts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn publishes_exactly_the_live_posts_with_tracked_links() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let output = build(&common::fixture("portal"), &out, &[]);
    common::assert_success(&output);
    let json = posts_json(&out);
    assert_eq!(
        ids(&json),
        vec!["xss", "tokyo", "plain"],
        "newest first; no draft, future or expired post"
    );
    assert_eq!(json["generated_at"], NOW);
    let tokyo = &json["posts"][1];
    assert_eq!(
        tokyo["url"],
        "https://advocates.example.com/portal/posts/tokyo/"
    );
    assert_eq!(
        tokyo["image"]["url"],
        "https://advocates.example.com/portal/posts/tokyo/lounge.png"
    );
    assert!(out.join("posts/tokyo/lounge.png").is_file());
    let networks: Vec<&str> = tokyo["shares"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["network"].as_str().unwrap())
        .collect();
    assert_eq!(
        networks,
        vec!["linkedin", "bluesky", "x", "x"],
        "blocks in file order, networks in policy order"
    );

    let plain = &json["posts"][2];
    let x = plain["shares"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["network"] == "x")
        .unwrap();
    assert_eq!(
        x["link"],
        "https://example.com/plain?utm_source=x&utm_medium=social&utm_content=plain"
    );
    assert_eq!(
        x["text"],
        "Plain & simple https://example.com/plain?utm_source=x&utm_medium=social&utm_content=plain"
    );
    assert_eq!(x["length"], 38);
    assert_eq!(x["max_length"], 280);
    let intent = x["intent_url"].as_str().unwrap();
    let encoded = intent
        .strip_prefix("https://x.com/intent/tweet?text=")
        .unwrap();
    assert!(!encoded.contains(['&', ' ', '#', '?']), "{encoded}");
    assert_eq!(
        advocate::percent_decode(encoded),
        x["text"].as_str().unwrap()
    );
    let instagram = plain["shares"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["network"] == "instagram")
        .unwrap();
    assert_eq!(instagram["text"], "Photo of the day #plain");
    assert!(instagram["intent_url"].is_null() && instagram["link"].is_null());
    let mastodon = plain["shares"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["network"] == "mastodon")
        .unwrap();
    assert!(mastodon["intent_url"].is_null());

    let xss = &json["posts"][0];
    let link = xss["shares"][0]["link"].as_str().unwrap();
    assert_eq!(
        link,
        "https://www.example.com/a?x=1&y=\"2\"&utm_source=x&utm_medium=social&utm_campaign=%3Cb%3Ecamp%3C%2Fb%3E&utm_content=xss#frag",
        "parameters before the fragment, values encoded"
    );
}

#[test]
fn no_payload_survives_as_markup() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    assert_eq!(
        build(&common::fixture("portal"), &out, &[]).status.code(),
        Some(0)
    );
    for (path, bytes) in tree(&out) {
        if !(path.ends_with(".html") || path.ends_with(".json") || path.ends_with(".xml")) {
            continue;
        }
        let text = String::from_utf8(bytes).unwrap();
        for payload in [
            "<script>alert",
            "<img src=x",
            "<iframe",
            "<b>camp",
            "href=\"javascript:",
            "onerror=\"alert",
        ] {
            assert!(!text.contains(payload), "{path} contains {payload}");
        }
        // The only scripts are the theme's own files.
        for (i, _) in text.match_indices("<script") {
            assert!(
                text[i..].starts_with("<script src=\"")
                    || text[i..].starts_with("<script type=\"module\" src=\""),
                "{path}: inline script"
            );
        }
    }
    let page = String::from_utf8(std::fs::read(out.join("posts/xss/index.html")).unwrap()).unwrap();
    assert!(page.contains("&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; Tom &amp; Jerry"));
    assert!(page.contains("Tom &amp; Jerry say &quot;hi&quot;"));
}

#[test]
fn two_builds_are_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    assert_eq!(
        build(&common::fixture("portal"), &a, &[]).status.code(),
        Some(0)
    );
    assert_eq!(
        build(&common::fixture("portal"), &b, &[]).status.code(),
        Some(0)
    );
    let (first, second) = (tree(&a), tree(&b));
    assert!(first.len() > 10);
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &first {
        assert!(bytes == &second[path], "{path} differs");
    }
}

#[test]
fn drafts_and_future_only_when_asked_and_expired_never() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    assert_eq!(
        build(&common::fixture("portal"), &out, &["--drafts", "--future"])
            .status
            .code(),
        Some(0)
    );
    let mut published = ids(&posts_json(&out));
    published.sort();
    assert_eq!(published, vec!["draft", "future", "plain", "tokyo", "xss"]);
}

#[test]
fn a_build_with_errors_changes_nothing() {
    let (dir, root) = portal_repository();
    let out = dir.path().join("public");
    assert_eq!(build(&root, &out, &[]).status.code(), Some(0));
    let before = tree(&out);
    std::fs::write(
        root.join("library/broken.md"),
        "---\ntitle: Broken\nexpire_at: 2027-01-01\n---\n```share\nHi\n```\n",
    )
    .unwrap();
    let failed = build(&root, &out, &[]);
    assert_eq!(failed.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&failed.stderr).contains("unknown key `expire_at`"));
    assert_eq!(tree(&out), before, "the previous site is untouched");
    std::fs::remove_file(root.join("library/broken.md")).unwrap();
    std::fs::remove_file(root.join("library/plain.md")).unwrap();
    assert_eq!(build(&root, &out, &[]).status.code(), Some(0));
    assert!(
        !out.join("posts/plain").exists(),
        "a removed post's page is removed"
    );
}

#[test]
fn the_example_library_builds() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = build(root, &out, &[]);
    common::assert_success(&output);
    let json = posts_json(&out);
    assert!(json["posts"].as_array().unwrap().len() >= 20);
    let feed = String::from_utf8(std::fs::read(out.join("feed.xml")).unwrap()).unwrap();
    assert!(
        feed.starts_with("<?xml") && feed.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\">")
    );
    assert!(out.join("404.html").is_file() && out.join("static/portal.js").is_file());
}

#[test]
fn the_index_of_1000_posts_weighs_at_most_100_kb() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("repo");
    std::fs::create_dir_all(root.join("library")).unwrap();
    std::fs::copy(
        common::fixture("portal").join("policy.yaml"),
        root.join("policy.yaml"),
    )
    .unwrap();
    for n in 0..1000 {
        let (lang, title, text) = if n % 3 == 0 {
            (
                "ja",
                format!("東京オフィスのお知らせ その{n}"),
                "新しいオフィスで一緒に働きませんか?",
            )
        } else {
            (
                "en",
                format!("Company news number {n} from the team"),
                "We are hiring engineers in Tokyo and remotely.",
            )
        };
        let post = format!(
            "---\ntitle: {title}\ncampaign: campaign-{c}\ntopics: [topic-{t1}, topic-{t2}]\nlang: {lang}\nlink: https://www.example.com/news/{n}\npublish_at: 2026-11-{d:02}\nexpires_at: 2027-01-31\n---\nBriefing for post {n}.\n\n```share\n{text} {{link}}\n```\n\n```share x\n{text} {{link}}\n```\n",
            c = n % 12,
            t1 = n % 7,
            t2 = n % 5,
            d = 1 + n % 28,
        );
        std::fs::write(root.join(format!("library/post-{n}.md")), post).unwrap();
    }
    let out = dir.path().join("public");
    let output = build(&root, &out, &[]);
    common::assert_success(&output);
    let size = |path: &str| std::fs::metadata(out.join(path)).unwrap().len();
    let loaded = size("index.html")
        + size("static/style.css")
        + size("static/portal.js")
        + size("static/index.js");
    // posts.json in pages of 500, linked by `next`, counting them all.
    let first = posts_json(&out);
    assert_eq!(
        (
            &first["version"],
            &first["total"],
            &first["page"],
            &first["pages"]
        ),
        (
            &Value::from(2),
            &Value::from(1000),
            &Value::from(1),
            &Value::from(2)
        )
    );
    assert_eq!(first["prev"], Value::Null);
    let next = first["next"].as_str().unwrap();
    assert_eq!(
        next,
        "https://advocates.example.com/portal/api/posts/2.json"
    );
    let second: Value =
        serde_json::from_slice(&std::fs::read(out.join("api/posts/2.json")).unwrap()).unwrap();
    assert_eq!(second["next"], Value::Null);
    assert_eq!(
        second["prev"],
        "https://advocates.example.com/portal/posts.json"
    );
    let mut all = ids(&first);
    all.extend(ids(&second));
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 1000, "every post once");
    assert!(
        size("posts.json") < 2 * 1024 * 1024,
        "{} bytes",
        size("posts.json")
    );
    assert!(
        loaded <= 100 * 1024,
        "the index loads {loaded} bytes of HTML, CSS and JS"
    );
    // Lists come in pages of 50: the index and each campaign and topic.
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert_eq!(index.matches("<li class=\"card\"").count(), 50);
    assert!(out.join("page/20/index.html").is_file() && !out.join("page/21").exists());
    let campaign = out.join("campaigns/campaign-0");
    let first = std::fs::read_to_string(campaign.join("index.html")).unwrap();
    let second = std::fs::read_to_string(campaign.join("page/2/index.html")).unwrap();
    let cards = |html: &str| html.matches("<li class=\"card\"").count();
    assert_eq!(
        cards(&first) + cards(&second),
        84,
        "1000 posts over 12 campaigns"
    );
    assert!(
        second.contains("href=\"../../../../campaigns/campaign-0/index.html\""),
        "back to page 1"
    );
    // The feed holds the newest 50 (site.feed_limit's default), not all.
    let feed = std::fs::read_to_string(out.join("feed.xml")).unwrap();
    let published: Vec<&str> = feed
        .split("<published>")
        .skip(1)
        .map(|rest| &rest[..10])
        .collect();
    assert_eq!(published.len(), 50);
    assert!(
        published.iter().all(|day| *day >= "2026-11-26"),
        "{published:?}"
    );
}

#[test]
fn source_date_epoch_fixes_the_time() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let root = common::fixture("portal");
    let output = common::command()
        .arg("--root")
        .arg(&root)
        .args(["build", "--out", out.to_str().unwrap()])
        .env("SOURCE_DATE_EPOCH", "1796860800") // 2026-12-10T00:00:00Z
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let json = posts_json(&out);
    assert_eq!(json["generated_at"], NOW);
    assert_eq!(ids(&json), vec!["xss", "tokyo", "plain"]);
}

/// A link inside the library to `.git/config` (where CI keeps its token) is
/// never published as an image: it is skipped with a note, and the post's
/// image is then missing, which stops the build.
#[test]
fn a_link_to_git_config_is_never_published() {
    let (dir, root) = portal_repository();
    std::fs::create_dir_all(root.join(".git")).unwrap();
    std::fs::write(
        root.join(".git/config"),
        "[http] extraheader = AUTHORIZATION: secret",
    )
    .unwrap();
    let image = root.join("library/tokyo/lounge.png");
    std::fs::remove_file(&image).unwrap();
    std::os::unix::fs::symlink("../../.git/config", &image).unwrap();
    let out = dir.path().join("site");
    let output = build(&root, &out, &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("skipped library/tokyo/lounge.png"),
        "{stderr}"
    );
    assert!(stderr.contains("error[image]"), "{stderr}");
    assert!(!out.exists());
}

/// An output that is, holds or lies inside the sources is refused before
/// anything is written, however often it is tried.
#[test]
fn an_output_in_the_sources_is_refused() {
    let (dir, root) = portal_repository();
    let before = tree(&root);
    for out in [
        root.join("library"),
        root.clone(),
        root.join("library/tokyo"),
        dir.path().to_path_buf(),
    ] {
        for _ in 0..2 {
            let output = build(&root, &out, &[]);
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert_eq!(output.status.code(), Some(2), "{}: {stderr}", out.display());
            assert!(stderr.contains("--out"), "{stderr}");
        }
    }
    let dot = common::command()
        .current_dir(&root)
        .args(["build", "--out", "."])
        .output()
        .unwrap();
    assert_eq!(dot.status.code(), Some(2));
    assert_eq!(tree(&root), before, "nothing in the repository changed");
}

/// advocate removes only what it wrote: a folder of someone else's files is
/// refused, and a file added to the portal later (CNAME) is kept.
#[test]
fn only_what_advocate_wrote_is_ever_removed() {
    let (dir, root) = portal_repository();
    let docs = dir.path().join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    std::fs::write(docs.join("thesis.txt"), "years of work").unwrap();
    let output = build(&root, &docs, &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("did not write") && stderr.contains("thesis.txt"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(docs.join("thesis.txt")).unwrap(),
        "years of work"
    );

    let out = dir.path().join("site");
    common::assert_success(&build(&root, &out, &[]));
    std::fs::write(out.join("CNAME"), "advocates.example.com").unwrap();
    std::fs::remove_file(root.join("library/plain.md")).unwrap();
    common::assert_success(&build(&root, &out, &[]));
    assert_eq!(
        std::fs::read_to_string(out.join("CNAME")).unwrap(),
        "advocates.example.com"
    );
    assert!(
        !out.join("posts/plain/index.html").exists(),
        "what advocate wrote and no longer makes is gone"
    );
}

/// A build that fails while writing leaves the site as it was and no
/// staging folder behind (on a full disk it would keep the space).
#[test]
fn a_failed_build_leaves_no_staging_folder() {
    let (dir, root) = portal_repository();
    let out = dir.path().join("site");
    common::assert_success(&build(&root, &out, &[]));
    let site = tree(&out);
    let theme = root.join("themes/default");
    common::copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default"),
        &theme,
    );
    let post = theme.join("templates/post.html");
    let broken = std::fs::read_to_string(&post)
        .unwrap()
        .replace("{{ post.title }}", "{{ post.title | no_such_filter }}");
    std::fs::write(&post, broken).unwrap();
    let output = build(&root, &out, &[]);
    assert_eq!(
        output.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(tree(&out), site, "the previous site is untouched");
    assert!(!dir.path().join(".site.staging").exists());
}

/// Two builds into one output at once: the second waits for the first, and
/// the site is whole.
#[test]
fn two_builds_at_once_take_turns() {
    let (dir, root) = portal_repository();
    for i in 0..400 {
        std::fs::write(
            root.join(format!("library/many-{i}.md")),
            format!("---\ntitle: Post {i}\nlink: https://example.com/{i}\nexpires_at: 2027-01-31\n---\nBriefing {i}.\n\n```share\nText {i} #AcmeEmployee {{link}}\n```\n"),
        )
        .unwrap();
    }
    let out = dir.path().join("site");
    let spawn = || {
        common::command()
            .arg("--root")
            .arg(&root)
            .args(["build", "--now", "2026-12-10T00:00:00Z", "--out"])
            .arg(&out)
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (first, second) = (spawn(), spawn());
    for child in [first, second] {
        let output = child.wait_with_output().unwrap();
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let posts = posts_json(&out);
    let listed = ids(&posts);
    let pages = std::fs::read_dir(out.join("posts")).unwrap().count();
    assert_eq!(listed.len(), pages, "posts.json and the post pages agree");
    assert!(listed.len() > 400);
}

/// Topics whose names share a slug (`Culture`, `culture`) get one page that
/// lists both posts, the same on every build.
#[test]
fn topics_with_one_address_share_one_page() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    common::assert_success(&build(&common::fixture("collisions-ok"), &out, &[]));
    let page = std::fs::read_to_string(out.join("topics/culture/index.html")).unwrap();
    assert!(
        page.contains("posts/one/index.html") && page.contains("posts/two/index.html"),
        "{page}"
    );
    let again = dir.path().join("again");
    common::assert_success(&build(&common::fixture("collisions-ok"), &again, &[]));
    assert_eq!(tree(&out), tree(&again));
}

/// A build shows its warnings with their reasons, as `check` does.
#[test]
fn a_build_shows_its_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let output = build(&common::fixture("portal"), &dir.path().join("site"), &[]);
    common::assert_success(&output);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("warning[expired]") && stderr.contains("library/expired.md"),
        "{stderr}"
    );
}

/// The portal is private by default: no page may be indexed and robots.txt
/// disallows all, unless `site.search_engines: true`.
#[test]
fn the_portal_is_not_indexed_unless_the_policy_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    common::assert_success(&build(&common::fixture("portal"), &out, &[]));
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(index.contains(r#"<meta name="robots" content="noindex, nofollow">"#));
    assert!(
        std::fs::read_to_string(out.join("robots.txt"))
            .unwrap()
            .contains("Disallow: /")
    );

    let root = dir.path().join("public-repo");
    common::copy_tree(&common::fixture("portal"), &root);
    let policy = std::fs::read_to_string(root.join("policy.yaml")).unwrap();
    std::fs::write(
        root.join("policy.yaml"),
        policy.replacen("site:\n", "site:\n  search_engines: true\n", 1),
    )
    .unwrap();
    let open = dir.path().join("open");
    common::assert_success(&build(&root, &open, &[]));
    let index = std::fs::read_to_string(open.join("index.html")).unwrap();
    assert!(!index.contains("noindex"));
    assert!(
        std::fs::read_to_string(open.join("robots.txt"))
            .unwrap()
            .contains("Allow: /")
    );
}

/// A repository theme that overrides only `templates/index.html` builds a
/// portal with the built-in CSS, script and other templates.
#[test]
fn a_theme_overrides_the_built_in_one_file_by_file() {
    let (dir, root) = portal_repository();
    override_template(
        &root,
        "index.html",
        "<h1{% if heading_label %}",
        "<h1 class=\"ours\"{% if heading_label %}",
    );
    let out = dir.path().join("site");
    common::assert_success(&build(&root, &out, &[]));
    assert!(
        std::fs::read_to_string(out.join("index.html"))
            .unwrap()
            .contains("class=\"ours\"")
    );
    for built_in in ["static/style.css", "static/portal.js", "static/favicon.svg"] {
        let ours = std::fs::read(out.join(built_in)).unwrap();
        let theirs = std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("themes/default")
                .join(built_in),
        )
        .unwrap();
        // The built-in script goes out without its comment lines and
        // indentation.
        let theirs = if built_in.ends_with(".js") {
            String::from_utf8(theirs)
                .unwrap()
                .lines()
                .map(str::trim_start)
                .filter(|line| !line.is_empty() && !line.starts_with("//"))
                .map(|line| format!("{line}\n"))
                .collect::<String>()
                .into_bytes()
        } else {
            theirs
        };
        assert_eq!(ours, theirs, "{built_in}");
    }
    assert!(
        out.join("posts/tokyo/index.html").exists(),
        "the built-in post template"
    );
}

/// The repository's `static/` lands at the portal's root as it is; its own
/// `robots.txt` replaces advocate's; a file that would replace a page the
/// portal makes is refused, and the previous site stays.
#[test]
fn the_repositorys_static_folder_is_copied_to_the_portal_root() {
    let (dir, root) = portal_repository();
    let files: &[(&str, &[u8])] = &[
        ("CNAME", b"advocates.example.com\n"),
        ("robots.txt", b"User-agent: *\nDisallow: /private/\n"),
        ("icons/logo.png", &[0x89, b'P', b'N', b'G', 0, 1, 2]),
        (
            ".well-known/security.txt",
            b"Contact: mailto:security@example.com\n",
        ),
    ];
    for (path, bytes) in files {
        let target = root.join("static").join(path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, bytes).unwrap();
    }
    let out = dir.path().join("site");
    common::assert_success(&build(&root, &out, &[]));
    for (path, bytes) in files {
        assert_eq!(&std::fs::read(out.join(path)).unwrap(), bytes, "{path}");
    }
    assert!(out.join("index.html").is_file());

    std::fs::write(root.join("static/index.html"), "<p>not the portal</p>").unwrap();
    let refused = build(&root, &out, &[]);
    assert_eq!(refused.status.code(), Some(2));
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(
        said.contains("static/index.html would replace the portal's own index.html"),
        "{said}"
    );
    assert!(
        std::fs::read_to_string(out.join("index.html"))
            .unwrap()
            .contains("<html"),
        "the previous site is untouched"
    );
    assert_eq!(
        std::fs::read(out.join("CNAME")).unwrap(),
        b"advocates.example.com\n"
    );
}

/// A post that leaves the portal stays gone in every later build (the
/// staging folder is the site of two builds ago), and a file the host put
/// in the output stays.
#[test]
fn a_post_that_leaves_stays_gone_in_later_builds() {
    let (dir, root) = portal_repository();
    let out = dir.path().join("site");
    common::assert_success(&build(&root, &out, &[]));
    assert!(out.join("posts/plain/index.html").is_file());
    std::fs::write(out.join("CNAME"), "advocates.example.com\n").unwrap();
    std::fs::remove_file(root.join("library/plain.md")).unwrap();
    for round in 1..=3 {
        common::assert_success(&build(&root, &out, &[]));
        assert!(
            !out.join("posts/plain").exists(),
            "build {round} after the removal"
        );
        assert!(out.join("posts/tokyo/index.html").is_file());
        assert_eq!(
            std::fs::read_to_string(out.join("CNAME")).unwrap(),
            "advocates.example.com\n"
        );
    }
}

/// The number a build says it wrote ("…, N written, …").
fn written(output: &Output) -> usize {
    let said = String::from_utf8_lossy(&output.stderr);
    let before = said.split(" written").next().unwrap_or("");
    before.rsplit(' ').next().unwrap().parse().unwrap()
}

/// A post's page is kept from the last build when what it is made from is
/// the same (the post's view, the theme, the site); an edited post, or a
/// changed theme, makes its pages again, and the result is what a fresh
/// build makes.
#[test]
fn pages_made_from_the_same_inputs_are_kept() {
    let (dir, root) = portal_repository();
    let out = dir.path().join("site");
    for _ in 0..3 {
        common::assert_success(&build(&root, &out, &[]));
    }
    let again = build(&root, &out, &[]);
    common::assert_success(&again);
    assert_eq!(written(&again), 0, "nothing changed, nothing written");
    // What each page was made from is kept beside the site, never in it.
    assert!(!out.join(".advocate-keys").exists() && !out.join(".advocate-manifest").exists());
    let books = dir.path().join(".site.books");
    let keys: String = std::fs::read_dir(&books)
        .unwrap()
        .flatten()
        .filter(|entry| entry.file_name().to_string_lossy().ends_with(".keys"))
        .map(|entry| std::fs::read_to_string(entry.path()).unwrap())
        .collect();
    assert!(
        keys.lines().any(|l| l.ends_with(" posts/tokyo/index.html")),
        "{keys}"
    );

    // One post edited: its page changes, the other post's does not, and
    // the build rewrites exactly the files whose bytes changed: its page,
    // the lists and data that show its title, the search chunks of its
    // words.
    let xss_before = std::fs::read(out.join("posts/xss/index.html")).unwrap();
    let before = tree(&out);
    let post = root.join("library/plain.md");
    let text = std::fs::read_to_string(&post).unwrap();
    std::fs::write(&post, text.replacen("title: ", "title: Edited ", 1)).unwrap();
    let edited = build(&root, &out, &[]);
    common::assert_success(&edited);
    let after = tree(&out);
    let changed: Vec<&String> = after
        .iter()
        .filter(|(path, bytes)| before.get(*path) != Some(bytes))
        .map(|(path, _)| path)
        .collect();
    assert_eq!(written(&edited), changed.len(), "{changed:?}");
    assert!(changed.contains(&&"posts/plain/index.html".to_string()));
    assert!(
        changed
            .iter()
            .all(|p| !p.starts_with("posts/") || p.starts_with("posts/plain/")),
        "no other post's page: {changed:?}"
    );
    assert!(changed.len() < after.len() / 2, "{changed:?}");
    assert!(
        std::fs::read_to_string(out.join("posts/plain/index.html"))
            .unwrap()
            .contains("Edited ")
    );
    assert_eq!(
        std::fs::read(out.join("posts/xss/index.html")).unwrap(),
        xss_before
    );
    let after_edit = build(&root, &out, &[]);
    assert_eq!(written(&after_edit), 0, "nothing changed since the edit");

    // A theme that changes the post page: every post page is made again.
    override_template(
        &root,
        "post.html",
        "{% block main %}",
        "{% block main %}<p class=\"ours\"></p>",
    );
    common::assert_success(&build(&root, &out, &[]));
    for slug in ["plain", "tokyo", "xss"] {
        let page = std::fs::read_to_string(out.join(format!("posts/{slug}/index.html"))).unwrap();
        assert!(page.contains("class=\"ours\""), "{slug}");
    }

    // Whatever was kept, the site is what a fresh build makes.
    let fresh = dir.path().join("fresh");
    common::assert_success(&build(&root, &fresh, &[]));
    assert!(tree(&out) == tree(&fresh));
}

/// A rebuild with nothing changed renders and writes nothing: it says the
/// site is current, with the last build's warnings, until an input, a
/// setting or the time changes what the site would be.
#[test]
fn a_rebuild_with_nothing_changed_leaves_the_site_as_it_is() {
    let (dir, root) = portal_repository();
    let out = dir.path().join("site");
    let at = |now: &str| {
        let output = common::advocate(
            &root,
            &["build", "--out", out.to_str().unwrap(), "--now", now],
        );
        common::assert_success(&output);
        String::from_utf8_lossy(&output.stderr).into_owned()
    };
    let first = at(NOW);
    assert!(first.contains("built "), "{first}");
    let index = out.join("index.html");
    let modified = || std::fs::metadata(&index).unwrap().modified().unwrap();
    let before = modified();

    // Later the same day (in Tokyo), with the posts rewritten byte for byte.
    for entry in walkdir::WalkDir::new(root.join("library")) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            std::fs::write(entry.path(), std::fs::read(entry.path()).unwrap()).unwrap();
        }
    }
    let again = at("2026-12-10T12:00:00Z");
    assert!(
        again.contains("nothing changed since the last build"),
        "{again}"
    );
    assert_eq!(
        first
            .lines()
            .filter(|l| l.starts_with("warning"))
            .collect::<Vec<_>>(),
        again
            .lines()
            .filter(|l| l.starts_with("warning"))
            .collect::<Vec<_>>(),
        "the same warnings"
    );
    assert_eq!(modified(), before, "the site was not touched");

    // The day a scheduled post goes live, the site is built again.
    assert!(!out.join("posts/future/index.html").exists());
    let live = at("2026-12-20T00:00:00Z");
    assert!(live.contains("built "), "{live}");
    assert!(out.join("posts/future/index.html").is_file());

    // An edit is built, and so is a site someone removed.
    std::fs::write(
        root.join("library/plain.md"),
        std::fs::read_to_string(root.join("library/plain.md"))
            .unwrap()
            .replacen("title: ", "title: Now ", 1),
    )
    .unwrap();
    assert!(at("2026-12-20T00:00:00Z").contains("built "));
    assert!(at("2026-12-20T00:00:00Z").contains("nothing changed"));
    std::fs::remove_dir_all(&out).unwrap();
    assert!(at("2026-12-20T00:00:00Z").contains("built "));
    assert!(
        std::fs::read_to_string(out.join("posts/plain/index.html"))
            .unwrap()
            .contains("Now ")
    );
}

/// The index also comes soonest-to-expire first (`expiring/`) and, with
/// click exports, most clicked first (`popular/`), each linked from the
/// others.
#[test]
fn the_index_comes_in_four_orders() {
    let (_dir, root) = common::repository("site:\n  title: Orders\n  timezone: UTC\n");
    // (id, published, expires, clicks)
    let posts = [
        ("alpha", "2026-11-01", "2027-03-01", 5),
        ("bravo", "2026-11-02", "2026-12-20", 50),
        ("charlie", "2026-11-03", "2027-01-15", 0),
        // Fewer clicks than bravo, in far fewer days: what works now.
        ("delta", "2026-12-08", "2027-02-01", 30),
    ];
    let mut export = String::from("date,post_id,network,clicks\n");
    for (id, publish, expires, clicks) in posts {
        std::fs::write(
            root.join(format!("library/{id}.md")),
            format!("---\ntitle: Post {id}\npublish_at: {publish}\nexpires_at: {expires}\n---\nBriefing.\n\n```share\nHello from {id}\n```\n"),
        )
        .unwrap();
        if clicks > 0 {
            export.push_str(&format!("2026-12-01,{id},x,{clicks}\n"));
        }
    }
    let out = root.parent().unwrap().join("site");
    common::assert_success(&build(&root, &out, &[]));
    let order = |path: &str| -> Vec<String> {
        let html = std::fs::read_to_string(out.join(path)).unwrap();
        html.split("data-id=\"")
            .skip(1)
            .map(|rest| rest[..rest.find('"').unwrap()].to_string())
            .collect()
    };
    assert_eq!(order("index.html"), ["delta", "charlie", "bravo", "alpha"]);
    assert_eq!(
        order("expiring/index.html"),
        ["bravo", "charlie", "delta", "alpha"]
    );
    assert!(
        !out.join("popular").exists(),
        "no click exports, no most-clicked order"
    );
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        index.contains(
            "<a href=\"index.html\" aria-current=\"page\" data-i18n=\"sort_newest\">Newest</a>"
        ),
        "{index}"
    );
    assert!(
        index.contains(
            "<a href=\"expiring/index.html\" data-i18n=\"sort_expiring\">Expiring soon</a>"
        )
    );

    std::fs::create_dir_all(root.join("analytics")).unwrap();
    std::fs::write(root.join("analytics/2026-12.csv"), export).unwrap();
    common::assert_success(&build(&root, &out, &[]));
    assert_eq!(
        order("popular/index.html"),
        ["bravo", "delta", "alpha", "charlie"]
    );
    // Clicks per day live: delta's 30 in 3 days before bravo's 50 in 39.
    assert_eq!(
        order("works/index.html"),
        ["delta", "bravo", "alpha", "charlie"]
    );
    let popular = std::fs::read_to_string(out.join("popular/index.html")).unwrap();
    assert!(popular.contains(
        "<a href=\"../expiring/index.html\" data-i18n=\"sort_expiring\">Expiring soon</a>"
    ));
    assert!(popular.contains("aria-current=\"page\" data-i18n=\"sort_clicked\">Most clicked</a>"));
}
