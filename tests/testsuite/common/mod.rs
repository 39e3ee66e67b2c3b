//! Helpers shared by the integration tests.

pub(crate) mod api;
pub(crate) mod cdp;
pub(crate) mod serve;

use std::path::PathBuf;
use std::process::{Command, Output};

/// `../shared/testdata`, or `ADVOCATE_TESTDATA`. Outside CI a missing folder
/// skips the test with a message; in CI (`CI=true`) it fails it.
pub(crate) fn testdata(name: &str) -> Option<PathBuf> {
    let dir = std::env::var_os("ADVOCATE_TESTDATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/testdata"));
    let path = dir.join(name);
    if path.exists() {
        return Some(path);
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{} is required in CI", path.display());
    }
    eprintln!("skipping: {} not found", path.display());
    None
}

pub(crate) fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The `advocate` binary this test suite was built with, in a clean
/// environment: no time or CI summary inherited from the shell, and git
/// never taking advocate's own repository for the fixtures' (reports give
/// paths from the git top level). Every test runs advocate through this.
pub(crate) fn command() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_advocate"));
    command
        .env_remove("SOURCE_DATE_EPOCH")
        .env_remove("GITHUB_STEP_SUMMARY")
        .env("GIT_CEILING_DIRECTORIES", fixture(""));
    command
}

/// Runs advocate on the repository at `root` and waits for it.
pub(crate) fn advocate(root: &std::path::Path, args: &[&str]) -> Output {
    command()
        .arg("--root")
        .arg(root)
        .args(args)
        .output()
        .expect("advocate runs")
}

pub(crate) fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Copies a folder tree (for tests that edit a repository).
pub(crate) fn copy_tree(from: &std::path::Path, to: &std::path::Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Asserts exit status 0, showing what the command said on stderr if not.
pub(crate) fn assert_success(output: &Output) {
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// (path, rule) of each diagnostic of a `--format json` report, in order.
pub(crate) fn path_rules(report: &serde_json::Value) -> Vec<(String, String)> {
    report["diagnostics"]
        .as_array()
        .expect("a diagnostics list")
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                d["rule"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Validates each named document against a JSON Schema with Python's
/// jsonschema (the reference validator; `.ci/run` installs it). Returns
/// each document's errors, or `None` (skip) when the validator is missing
/// outside CI.
pub(crate) fn json_schema_errors(
    schema: &serde_json::Value,
    documents: &[(String, serde_json::Value)],
) -> Option<Vec<(String, Vec<String>)>> {
    let has_validator = Command::new("python3")
        .args(["-c", "import jsonschema"])
        .status()
        .is_ok_and(|s| s.success());
    if !has_validator {
        assert!(
            std::env::var("CI").is_err(),
            "CI must install Python's jsonschema"
        );
        eprintln!("skipping schema validation: Python's jsonschema is not installed");
        return None;
    }
    let input = tempfile::NamedTempFile::new().unwrap();
    let job = serde_json::json!({"schema": schema, "documents": documents});
    std::fs::write(input.path(), job.to_string()).unwrap();
    let script = "import json,sys,jsonschema\n\
        job=json.load(open(sys.argv[1]))\n\
        cls=jsonschema.validators.validator_for(job['schema'])\n\
        cls.check_schema(job['schema'])\n\
        v=cls(job['schema'])\n\
        print(json.dumps([[name,[e.message for e in v.iter_errors(doc)]] for name,doc in job['documents']]))\n";
    Some(serde_json::from_value(python_json(script, &[input.path().as_os_str()], None)).unwrap())
}

/// Runs a Python script that prints JSON, with `args` and, if given, a
/// `PYTHONPATH`; fails the test when Python does.
pub(crate) fn python_json(
    script: &str,
    args: &[&std::ffi::OsStr],
    path: Option<&std::ffi::OsStr>,
) -> serde_json::Value {
    let mut command = Command::new("python3");
    command.args(["-c", script]).args(args);
    if let Some(path) = path {
        command.env("PYTHONPATH", path);
    }
    let output = command.output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

/// Runs real `git` in `dir` as a test user; fails the test when git does.
pub(crate) fn git(dir: &std::path::Path, args: &[&str]) {
    let output = Command::new("git")
        .current_dir(dir)
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.com"])
        .args(args)
        .output()
        .expect("git runs");
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A content repository in a new temporary folder: `repo/` with this
/// `policy.yaml` and an empty `library/`.
pub(crate) fn repository(policy: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("repo");
    std::fs::create_dir_all(root.join("library")).unwrap();
    std::fs::write(root.join("policy.yaml"), policy).unwrap();
    (dir, root)
}

/// A repository whose posts all went live in the last week, with these
/// titles.
pub(crate) fn posts_titled(titles: &[String]) -> (tempfile::TempDir, std::path::PathBuf) {
    let (dir, root) = repository(
        "site:\n  title: Digest\n  base_url: https://advocates.example.com/\nnetworks:\n  linkedin: {}\n",
    );
    for (n, title) in titles.iter().enumerate() {
        // JSON is YAML; C1 controls are written as escapes too.
        let title = serde_json::to_string(title)
            .unwrap()
            .replace('\u{9b}', "\\u009b");
        std::fs::write(
            root.join(format!("library/p{n:03}.md")),
            format!(
                "---\ntitle: {title}\npublish_at: 2026-12-0{}T09:00:00Z\n---\nB.\n\n```share\nJoin us.\n```\n",
                5 + n % 4
            ),
        )
        .unwrap();
    }
    (dir, root)
}

/// The example library built at `now` into a temporary folder, served by
/// a static host on 127.0.0.1.
pub(crate) struct Portal {
    _dir: tempfile::TempDir,
    /// `http://127.0.0.1:PORT/`.
    pub(crate) base: String,
    pub(crate) out: PathBuf,
}

pub(crate) fn example_portal(now: &str) -> Portal {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = advocate(
        root,
        &["build", "--out", out.to_str().unwrap(), "--now", now],
    );
    assert_success(&output);
    let base = serve::serve(&out);
    Portal {
        _dir: dir,
        base,
        out,
    }
}

/// A JSON file the portal wrote.
pub(crate) fn read_json(path: PathBuf) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// Chromium with a page open, and the example portal built at `now` and
/// served; `None` (the test skips) without Chromium outside CI.
pub(crate) fn portal_in_chromium(now: &str) -> Option<(Portal, cdp::Browser, String)> {
    let binary = cdp::chromium()?;
    let portal = example_portal(now);
    let mut browser = cdp::Browser::launch(&binary);
    let page = browser.open_page();
    Some((portal, browser, page))
}

/// A command of this name on the PATH.
pub(crate) fn find_command(name: &str) -> Option<PathBuf> {
    let paths = std::env::var_os("PATH")?;
    std::env::split_paths(&paths)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

/// Where browser tests write their screenshots (`target/screenshots`).
pub(crate) fn screenshots() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/screenshots")
}

/// Copies the named screenshots into `docs/screenshots` when
/// `ADVOCATE_UPDATE_SCREENSHOTS` is set (the docs show them).
pub(crate) fn publish_screenshots(names: &[&str]) {
    if std::env::var_os("ADVOCATE_UPDATE_SCREENSHOTS").is_none() {
        return;
    }
    let docs = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/screenshots");
    std::fs::create_dir_all(&docs).unwrap();
    for name in names {
        std::fs::copy(screenshots().join(name), docs.join(name)).unwrap();
    }
}

/// The example repository's policy and library, copied into `to` (for
/// tests that change or add files).
pub(crate) fn copy_example(to: &std::path::Path) {
    let from = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(from.join("policy.yaml"), to.join("policy.yaml")).unwrap();
    copy_tree(&from.join("library"), &to.join("library"));
}

/// The share for `network` of the post `id` in a built portal's
/// `posts.json`: its final text and length as published.
pub(crate) fn published_share(
    posts: &serde_json::Value,
    id: &str,
    network: &str,
) -> serde_json::Value {
    let post = posts["posts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == id)
        .unwrap_or_else(|| panic!("{id} is published"));
    post["shares"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["network"] == network)
        .unwrap_or_else(|| panic!("{id} has a text for {network}"))
        .clone()
}
