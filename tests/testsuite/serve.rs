//! `advocate serve` on a free port against a copy of the example: edits are
//! served and announced, a broken edit keeps the last good page and shows
//! its errors, the fix clears them.

use crate::common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(root: &Path) -> Server {
    start_with(root, &[])
}

fn start_with(root: &Path, env: &[(&str, &str)]) -> Server {
    let mut child = common::command()
        .arg("--root")
        .arg(root)
        .args(["serve", "--port", "0"])
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let base = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .expect("the address is printed")
        .to_string();
    Server { child, base }
}

/// A plain HTTP/1.1 GET: (status, body as bytes).
fn get_bytes(base: &str, path: &str) -> (u16, Vec<u8>) {
    let (status, _, body) = get_response(base, path);
    (status, body)
}

/// A plain HTTP/1.1 GET: (status, head, body).
fn get_response(base: &str, path: &str) -> (u16, String, Vec<u8>) {
    let address = base.trim_start_matches("http://").trim_end_matches('/');
    get_as(base, address, path)
}

/// A GET that names the server as `host` in its `Host` header.
fn get_as(base: &str, host: &str, path: &str) -> (u16, String, Vec<u8>) {
    let address = base.trim_start_matches("http://").trim_end_matches('/');
    let mut stream = TcpStream::connect(address).unwrap();
    write!(
        stream,
        "GET /{path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let split = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete response");
    let head = String::from_utf8_lossy(&response[..split]).into_owned();
    assert!(
        !head
            .to_ascii_lowercase()
            .contains("transfer-encoding: chunked"),
        "{path}: a chunked response; read it whole"
    );
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    (status, head, response[split + 4..].to_vec())
}

/// A plain HTTP/1.1 GET: (status, body).
fn get(base: &str, path: &str) -> (u16, String) {
    let (status, body) = get_bytes(base, path);
    (status, String::from_utf8_lossy(&body).into_owned())
}

/// Reads the event stream on a thread; each `reload` event arrives on the channel.
fn listen(base: &str) -> mpsc::Receiver<String> {
    let address = base
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_string();
    let (sender, receiver) = mpsc::channel();
    let mut stream = TcpStream::connect(&address).unwrap();
    write!(
        stream,
        "GET /__advocate/events HTTP/1.1\r\nHost: {address}\r\n\r\n"
    )
    .unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { break };
            if let Some(data) = line.strip_prefix("data: ") {
                let _ = sender.send(data.to_string());
            }
        }
    });
    receiver
}

fn wait_until(what: &str, mut condition: impl FnMut() -> bool) -> Duration {
    let started = Instant::now();
    while !condition() {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "timed out: {what}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    started.elapsed()
}

/// A copy of the example served by `advocate serve`, and Chromium with a
/// page open; `None` (the test skips) without Chromium outside CI.
fn example_served_in_chromium() -> Option<(tempfile::TempDir, Server, common::cdp::Browser, String)>
{
    let binary = common::cdp::chromium()?;
    let dir = tempfile::tempdir().unwrap();
    common::copy_example(dir.path());
    let server = start(dir.path());
    let mut browser = common::cdp::Browser::launch(&binary);
    let page = browser.open_page();
    Some((dir, server, browser, page))
}

/// Saves like an editor does: a temporary file renamed over the original.
fn save(path: &Path, text: &str) {
    let temporary = path.with_extension("md.tmp");
    std::fs::write(&temporary, text).unwrap();
    std::fs::rename(&temporary, path).unwrap();
}

#[test]
fn edits_reload_errors_overlay_and_fixes_clear() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_example(dir.path());
    let server = start(dir.path());
    let page = "posts/workshops/index.html";
    let (status, body) = get(&server.base, page);
    assert_eq!(status, 200);
    assert!(body.contains("Eight hands-on workshops") && body.contains("/__advocate/live.js"));
    let reloads = listen(&server.base);
    std::thread::sleep(Duration::from_millis(200));

    let post = dir.path().join("library/devcon/workshops.md");
    let original = std::fs::read_to_string(&post).unwrap();
    let edited = original.replace(
        "Eight hands-on workshops on the first day",
        "Nine hands-on workshops on the first day",
    );
    save(&post, &edited);
    let took = wait_until("the new text is served", || {
        get(&server.base, page)
            .1
            .contains("Nine hands-on workshops")
    });
    assert!(took < Duration::from_secs(1), "took {took:?}");
    reloads
        .recv_timeout(Duration::from_secs(5))
        .expect("a reload event");

    save(
        &post,
        &edited.replace("title: DevCon workshops announced", "titel: broken"),
    );
    reloads
        .recv_timeout(Duration::from_secs(5))
        .expect("a reload event for the broken edit");
    let (_, status) = get(&server.base, "__advocate/status");
    assert!(
        status.contains("unknown key `titel`") && status.contains("library/devcon/workshops.md"),
        "{status}"
    );
    let (code, body) = get(&server.base, page);
    assert_eq!(code, 200);
    assert!(
        body.contains("Nine hands-on workshops"),
        "the last good page stays"
    );

    save(&post, &edited);
    reloads
        .recv_timeout(Duration::from_secs(5))
        .expect("a reload event for the fix");
    let (_, status) = get(&server.base, "__advocate/status");
    assert!(status.contains("\"errors\":[]"), "{status}");

    // A broken policy.yaml stops nothing: the last good pages stay, the
    // problem is shown, and fixing it brings the portal back.
    let policy = dir.path().join("policy.yaml");
    let good_policy = std::fs::read_to_string(&policy).unwrap();
    std::fs::write(&policy, good_policy.replace("site:", "site: [broken")).unwrap();
    reloads
        .recv_timeout(Duration::from_secs(5))
        .expect("a reload event for the broken policy");
    let (_, status) = get(&server.base, "__advocate/status");
    assert!(status.contains("\"failure\":\"policy.yaml:"), "{status}");
    assert_eq!(get(&server.base, page).0, 200);
    std::fs::write(&policy, &good_policy).unwrap();
    reloads
        .recv_timeout(Duration::from_secs(5))
        .expect("a reload event for the fixed policy");
    wait_until("the policy problem is cleared", || {
        get(&server.base, "__advocate/status")
            .1
            .contains("\"failure\":null")
    });

    // A new post appears; a deleted one goes.
    let added = dir.path().join("library/devcon/extra.md");
    save(
        &added,
        &edited.replace("title: DevCon workshops announced", "title: An extra post"),
    );
    wait_until("the new post is served", || {
        get(&server.base, "posts/extra/index.html").0 == 200
    });
    std::fs::remove_file(&added).unwrap();
    wait_until("the deleted post is gone", || {
        get(&server.base, "posts/extra/index.html").0 == 404
    });

    let (code, _) = get(&server.base, "posts/no-such-post/index.html");
    assert_eq!(code, 404);
    assert!(
        !dir.path().join("public").exists(),
        "serve writes nothing to disk"
    );
}

#[test]
fn a_busy_port_says_how_to_choose_another() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port().to_string();
    let output = common::advocate(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &["serve", "--port", &port],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--port"));
}

#[test]
fn the_browser_reloads_and_shows_the_overlay() {
    let Some((dir, server, mut browser, page)) = example_served_in_chromium() else {
        return;
    };
    browser.navigate(&page, &format!("{}posts/workshops/", server.base));
    browser.wait_for(
        &page,
        "document.body.textContent.includes('Eight hands-on workshops')",
    );
    // Give the page a moment to open its event stream.
    std::thread::sleep(Duration::from_millis(300));

    let post = dir.path().join("library/devcon/workshops.md");
    let original = std::fs::read_to_string(&post).unwrap();
    let edited = original.replace(
        "Eight hands-on workshops on the first day",
        "Nine hands-on workshops on the first day",
    );
    save(&post, &edited);
    browser.wait_for(&page, "document.readyState === 'complete' && document.body.textContent.includes('Nine hands-on workshops')");

    save(
        &post,
        &edited.replace("title: DevCon workshops announced", "titel: broken"),
    );
    browser.wait_for(&page, "document.getElementById('advocate-overlay') && document.getElementById('advocate-overlay').textContent.includes('titel')");
    assert_eq!(
        browser.eval(&page, "document.getElementById('advocate-overlay').textContent.includes('library/devcon/workshops.md:')"),
        serde_json::json!(true),
        "each problem shows file:line:col"
    );
    save(&post, &edited);
    browser.wait_for(
        &page,
        "document.readyState === 'complete' && !document.getElementById('advocate-overlay')",
    );
    let errors = browser.errors();
    assert!(errors.is_empty(), "console errors: {errors:#?}");
}

/// `serve` answers every file `build` writes with the same bytes: one route
/// table, one project model. The repository has click exports, a theme with
/// a static file in a subfolder, no drafts and no scheduled posts, and both
/// take "now" from SOURCE_DATE_EPOCH. Serve adds only its live-reload
/// script and its preview badge to HTML.
#[test]
fn serve_answers_every_file_build_writes_with_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("repo");
    common::copy_tree(&common::fixture("portal"), &root);
    for scheduled_or_draft in ["library/draft.md", "library/future.md"] {
        std::fs::remove_file(root.join(scheduled_or_draft)).unwrap();
    }
    let theme = root.join("themes/default");
    common::copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default"),
        &theme,
    );
    std::fs::create_dir_all(theme.join("static/icons")).unwrap();
    std::fs::write(
        theme.join("static/icons/a.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    )
    .unwrap();
    assert!(root.join("analytics/export.csv").is_file());

    let epoch = [("SOURCE_DATE_EPOCH", "1796860800")]; // 2026-12-10T00:00:00Z
    let server = start_with(&root, &epoch);
    let out = dir.path().join("site");
    let built = common::command()
        .arg("--root")
        .arg(&root)
        .args(["build", "--base-url", &server.base, "--out"])
        .arg(&out)
        .envs(epoch)
        .output()
        .unwrap();
    common::assert_success(&built);

    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(&out) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(&out).unwrap();
            let rel: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            let rel = rel.join("/");
            // The publisher's bookkeeping (what it wrote, from what) is
            // not a page.
            if !rel.starts_with(".advocate-") {
                files.push((rel, std::fs::read(entry.path()).unwrap()));
            }
        }
    }
    let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
    for expected in [
        "impact/index.html",
        "static/icons/a.svg",
        "posts/tokyo/lounge.png",
        "posts.json",
    ] {
        assert!(paths.contains(&expected), "build wrote no {expected}");
    }
    for (path, bytes) in &files {
        let (status, head, served) = get_response(&server.base, &encode(path));
        assert_eq!(status, 200, "{path}");
        if let Some(folder) = path.strip_suffix("/index.html") {
            // A folder asked for without its slash is sent to it.
            let (status, head, _) = get_response(&server.base, &encode(folder));
            assert_eq!(status, 308, "{folder}");
            let location = format!("location: /{}/", encode(folder));
            assert!(
                head.to_ascii_lowercase()
                    .contains(&location.to_ascii_lowercase()),
                "{head}"
            );
        }
        let image_type = match path.rsplit('.').next() {
            Some("png") => Some("image/png"),
            Some("svg") => Some("image/svg+xml"),
            _ => None,
        };
        if let Some(kind) = image_type {
            assert!(
                head.to_ascii_lowercase()
                    .contains(&format!("content-type: {kind}")),
                "{path}: {head}"
            );
        }
        let served = if path.ends_with(".html") {
            without_preview_additions(&String::from_utf8(served).unwrap()).into_bytes()
        } else {
            served
        };
        assert!(
            served == *bytes,
            "{path} differs between serve and build:\n--- serve\n{}\n--- build\n{}",
            String::from_utf8_lossy(&served),
            String::from_utf8_lossy(bytes)
        );
    }
}

/// A path as a URL carries it: each byte outside RFC 3986's unreserved
/// characters percent-encoded, the slashes kept.
fn encode(path: &str) -> String {
    path.split('/')
        .map(|part| {
            part.bytes()
                .map(|b| {
                    if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                        (b as char).to_string()
                    } else {
                        format!("%{b:02X}")
                    }
                })
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Serve's HTML without what only the preview has: the live-reload script
/// and the preview badge.
fn without_preview_additions(html: &str) -> String {
    let mut html = html.replacen(
        "<script src=\"/__advocate/live.js\" data-save=\"/__advocate/save\" defer></script>\n",
        "",
        1,
    );
    if let Some(start) = html.find("<span class=\"badge preview\">") {
        let end = html[start..].find("</span>").unwrap() + start + "</span>".len();
        html.replace_range(start..end, "");
    }
    html
}

/// Serve answers only its own address (a page elsewhere cannot reach it by
/// rebinding a name to 127.0.0.1), and an image swapped for a link to a
/// file outside the library while serving is never sent.
#[test]
fn serve_answers_only_its_host_and_never_follows_a_link_out() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("repo");
    common::copy_tree(&common::fixture("portal"), &root);
    let epoch = [("SOURCE_DATE_EPOCH", "1796860800")];
    let server = start_with(&root, &epoch);
    let image = "posts/tokyo/lounge.png";
    assert_eq!(get_bytes(&server.base, image).0, 200);

    let address = server
        .base
        .trim_start_matches("http://")
        .trim_end_matches('/');
    let port = address.rsplit(':').next().unwrap();
    for (host, expected) in [
        ("evil.example", 421),
        (&*format!("evil.example:{port}"), 421),
        (&*format!("localhost:{port}"), 200),
    ] {
        let (status, _, _) = get_as(&server.base, host, "index.html");
        assert_eq!(status, expected, "Host: {host}");
    }

    let secret = dir.path().join("secret.txt");
    std::fs::write(&secret, "root:x:0:0").unwrap();
    let file = root.join("library/tokyo/lounge.png");
    std::fs::remove_file(&file).unwrap();
    std::os::unix::fs::symlink(&secret, &file).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let (_, body) = get_bytes(&server.base, image);
    assert!(
        !String::from_utf8_lossy(&body).contains("root:x"),
        "the linked file was served"
    );
}

/// The library moved away and back (as `git stash` or a branch switch may
/// do) is watched again: a later edit is served.
#[test]
fn serve_keeps_watching_a_library_moved_away_and_back() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_example(dir.path());
    let server = start(dir.path());
    let page = "posts/workshops/index.html";
    assert_eq!(get(&server.base, page).0, 200);
    let library = dir.path().join("library");
    let away = dir.path().join("library-away");
    std::fs::rename(&library, &away).unwrap();
    wait_until("the posts are gone", || get(&server.base, page).0 == 404);
    std::fs::rename(&away, &library).unwrap();
    wait_until("the posts are back", || get(&server.base, page).0 == 200);
    let post = library.join("devcon/workshops.md");
    let edited = std::fs::read_to_string(&post)
        .unwrap()
        .replace("Eight hands-on workshops", "Ten hands-on workshops");
    save(&post, &edited);
    wait_until("the edit after the move is served", || {
        get(&server.base, page).1.contains("Ten hands-on workshops")
    });
}

/// Under `serve`, the composer's "Save to library/" writes the post as a
/// new file, never over one; a request from any other page is refused.
#[test]
fn the_composer_saves_into_the_library_under_serve() {
    let Some((dir, server, mut browser, page)) = example_served_in_chromium() else {
        return;
    };
    let composer = format!("{}compose/index.html", server.base);
    browser.navigate(&page, &composer);
    browser.eval(&page, "localStorage.clear()");
    browser.navigate(&page, &composer);
    browser.wait_for(&page, "!document.getElementById('save-post').hidden");
    browser.eval(
        &page,
        r#"for (const [id, value] of [["f-file", "saved-here"], ["f-title", "Saved from the composer"], ["f-expires_at", "2027-01-31"]]) {
            const el = document.getElementById(id);
            el.value = value;
            el.dispatchEvent(new Event("input", { bubbles: true }));
        }"#,
    );
    browser.wait_for(
        &page,
        "document.getElementById('download-post').download === 'saved-here.md'",
    );
    browser.eval(&page, "document.getElementById('save-post').click()");
    browser.wait_for(
        &page,
        "document.getElementById('propose-status').textContent.includes('library/saved-here.md')",
    );
    let saved = std::fs::read_to_string(dir.path().join("library/saved-here.md")).unwrap();
    assert!(
        saved.contains("title: Saved from the composer\n"),
        "{saved}"
    );
    // Again: the file is there, and stays as it was.
    browser.eval(&page, "document.getElementById('save-post').click()");
    browser.wait_for(
        &page,
        "document.getElementById('propose-status').textContent.includes('exists already')",
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("library/saved-here.md")).unwrap(),
        saved
    );

    // Another site's page cannot make the browser save a post.
    let address = server
        .base
        .trim_start_matches("http://")
        .trim_end_matches('/');
    let body = r#"{"path": "library/planted.md", "text": "x"}"#;
    let mut stream = TcpStream::connect(address).unwrap();
    write!(
        stream,
        "POST /__advocate/save HTTP/1.1\r\nHost: {address}\r\nOrigin: https://evil.example\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    assert!(response.starts_with("HTTP/1.1 403"), "{response}");
    assert!(!dir.path().join("library/planted.md").exists());
    // The browser logs the expected 409 of the second save; nothing else.
    let errors: Vec<String> = browser
        .errors()
        .into_iter()
        .filter(|e| !e.contains("409 (Conflict)"))
        .collect();
    assert!(errors.is_empty(), "console errors: {errors:#?}");
}
