//! `check --changed-since` and `review --base` against a real git
//! repository: commits, a branch, a rename, a deletion.

use crate::common;

use serde_json::Value;
use std::path::Path;
use std::process::Command;

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .current_dir(dir)
        .args([
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.com",
            "-c",
            "init.defaultBranch=base",
        ])
        .args(args)
        .output()
        .expect("git runs");
    assert!(
        status.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&status.stderr)
    );
}

const POLICY: &str = "site:\n  timezone: Asia/Tokyo\nfields:\n  required: [title, expires_at]\nterms:\n  - id: claims\n    match: [guaranteed]\n";

fn post(title: &str, text: &str) -> String {
    format!(
        "---\ntitle: {title}\nexpires_at: 2027-01-31\n---\nBriefing.\n\n```share\n{text}\n```\n"
    )
}

/// A base branch with five posts, one of them already broken, and a feature
/// branch that adds a bad post, edits a good one, renames one and deletes one.
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("library")).unwrap();
    std::fs::write(root.join("policy.yaml"), POLICY).unwrap();
    std::fs::write(
        root.join("library/edited.md"),
        post("Edited", "The first version"),
    )
    .unwrap();
    std::fs::write(
        root.join("library/old-name.md"),
        post("Renamed", "A fine text"),
    )
    .unwrap();
    std::fs::write(
        root.join("library/deleted.md"),
        post("Deleted", "Going away"),
    )
    .unwrap();
    std::fs::write(
        root.join("library/untouched.md"),
        "---\ntitle: Untouched but broken\n---\n```share\nguaranteed\n```\n",
    )
    .unwrap();
    git(root, &["init", "-q"]);
    git(root, &["add", "."]);
    git(root, &["commit", "-q", "-m", "base"]);
    git(root, &["checkout", "-q", "-b", "feature"]);
    std::fs::write(
        root.join("library/bad.md"),
        "---\ntitle: Bad\nexpire_at: 2027-01-31\n---\n```share\nResults guaranteed!\n```\n",
    )
    .unwrap();
    std::fs::write(
        root.join("library/edited.md"),
        post("Edited", "The second, better version"),
    )
    .unwrap();
    git(root, &["mv", "library/old-name.md", "library/new-name.md"]);
    git(root, &["rm", "-q", "library/deleted.md"]);
    git(root, &["add", "."]);
    git(root, &["commit", "-q", "-m", "feature"]);
    dir
}

#[test]
fn reports_only_what_the_branch_changed() {
    let repo = repository();
    let output = common::advocate(
        repo.path(),
        &[
            "check",
            "--changed-since",
            "base",
            "--format",
            "json",
            "--now",
            "2026-12-10T00:00:00Z",
        ],
    );
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let found = common::path_rules(&json);
    assert_eq!(
        found,
        vec![
            ("library/bad.md".to_string(), "required-field".to_string()),
            ("library/bad.md".to_string(), "unknown-field".to_string()),
            ("library/bad.md".to_string(), "term/claims".to_string()),
        ]
    );
    assert_eq!(json["posts"], 3, "bad, edited and the renamed post");

    let everything = common::advocate(
        repo.path(),
        &["check", "--format", "json", "--now", "2026-12-10T00:00:00Z"],
    );
    let all: Value = serde_json::from_slice(&everything.stdout).unwrap();
    assert!(
        all["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["path"] == "library/untouched.md")
    );
}

#[test]
fn a_base_that_is_not_a_revision_cannot_run() {
    let repo = repository();
    let output = common::advocate(repo.path(), &["check", "--changed-since", "no-such-branch"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no-such-branch"));
}

#[test]
fn the_review_shows_each_change_as_shared() {
    let repo = repository();
    let output = common::advocate(
        repo.path(),
        &["review", "--base", "base", "--now", "2026-12-10T00:00:00Z"],
    );
    common::assert_success(&output);
    let report = common::stdout(&output);
    assert!(
        report.contains("Results guaranteed!"),
        "the bad post's text"
    );
    assert!(
        report.contains("The second, better version"),
        "the edited post's text"
    );
    assert!(report.contains("removed · Deleted"));
    assert!(!report.contains("Untouched"));
    insta::assert_snapshot!("review_markdown", report);

    let html = common::advocate(
        repo.path(),
        &[
            "review",
            "--base",
            "base",
            "--format",
            "html",
            "--now",
            "2026-12-10T00:00:00Z",
        ],
    );
    let html = common::stdout(&html);
    assert!(
        html.starts_with("<!doctype html>")
            && html.contains("<pre>The second, better version</pre>")
    );
}

#[test]
fn a_huge_review_is_cut_under_the_summary_limit() {
    let repo = repository();
    let long = "A long text. ".repeat(8_000);
    for n in 0..12 {
        std::fs::write(
            repo.path().join(format!("library/long-{n}.md")),
            post(&format!("Long {n}"), &long),
        )
        .unwrap();
    }
    let output = common::advocate(
        repo.path(),
        &["review", "--base", "base", "--now", "2026-12-10T00:00:00Z"],
    );
    let report = common::stdout(&output);
    assert!(report.len() < 1024 * 1024, "{} bytes", report.len());
    assert!(report.contains("more post(s) not shown"));
    assert!(
        report.trim_end().ends_with("for all of it."),
        "cut between posts, with the note last"
    );
}

/// Titles, file names and texts from a pull request cannot change the
/// review's Markdown: no HTML comment hides the rest, no image loads, no one
/// is mentioned, no code span is broken out of.
#[test]
fn hostile_titles_and_paths_stay_text_in_the_review() {
    let repo = repository();
    let root = repo.path();
    let hostile = [
        ("library/comment.md", "\"x `\\n<!--\"", "Text one"),
        (
            "library/image.md",
            "\"one ` tick <img src=https://evil.example/x.png>\"",
            "Text two",
        ),
        (
            "library/mention.md",
            "\"@everyone look, @org/team\"",
            "Text three",
        ),
        ("library/tick`s`.md", "Ticks in the name", "Text four"),
    ];
    for (path, title, text) in hostile {
        std::fs::write(root.join(path), post(title, text)).unwrap();
    }
    git(root, &["add", "."]);
    git(root, &["commit", "-q", "-m", "hostile"]);
    let output = common::advocate(
        root,
        &["review", "--base", "base", "--now", "2026-12-10T00:00:00Z"],
    );
    common::assert_success(&output);
    let report = common::stdout(&output);
    // Every `<` an author wrote comes escaped, so no tag or comment opens.
    assert!(!report.replace("\\<", "").contains('<'), "{report}");
    assert!(
        !report.contains("@everyone") && !report.contains("@org/team"),
        "{report}"
    );
    for text in [
        "Text one",
        "Text two",
        "Text three",
        "Text four",
        "Results guaranteed!",
    ] {
        assert!(report.contains(text), "{text} is still shown: {report}");
    }
    assert!(report.contains("``library/tick`s`.md``"), "{report}");
}

/// `--format line`, `github`, `sarif` and `gitlab` give paths from the git
/// top level when the content lives in a subfolder, as editors and CI
/// resolve them.
#[test]
fn line_format_paths_start_at_the_git_top_level() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("marketing");
    std::fs::create_dir_all(content.join("library")).unwrap();
    std::fs::write(content.join("policy.yaml"), POLICY).unwrap();
    std::fs::write(
        content.join("library/a.md"),
        "---\ntitle: A\n---\n```share\nResults guaranteed!\n```\n",
    )
    .unwrap();
    git(dir.path(), &["init", "-q"]);
    let output = common::advocate(
        &content,
        &["check", "--format", "line", "--now", "2026-12-10T00:00:00Z"],
    );
    assert_eq!(output.status.code(), Some(1));
    let lines: Vec<String> = common::stdout(&output).lines().map(String::from).collect();
    assert_eq!(
        lines,
        vec![
            "marketing/library/a.md:1:1: error[required-field]: `expires_at` is missing; policy.yaml requires it. Add a line such as `expires_at: 2027-01-31`",
            "marketing/library/a.md:5:9: error[term/claims]: `claims` is not allowed here: `guaranteed` [x,linkedin,facebook,bluesky,threads,mastodon,instagram]",
        ]
    );
    for (format, path) in [
        ("github", "file=marketing/library/a.md,"),
        ("sarif", "\"uri\": \"marketing/library/a.md\""),
        ("gitlab", "\"path\": \"marketing/library/a.md\""),
    ] {
        let output = common::advocate(
            &content,
            &["check", "--format", format, "--now", "2026-12-10T00:00:00Z"],
        );
        assert!(
            common::stdout(&output).contains(path),
            "{format}: {}",
            common::stdout(&output)
        );
    }
}

#[test]
fn a_shallow_clone_is_told_how_to_fetch_the_history() {
    let repo = repository();
    let clones = tempfile::tempdir().unwrap();
    let shallow = clones.path().join("shallow");
    let origin = format!("file://{}", repo.path().display());
    git(
        clones.path(),
        &[
            "clone", "-q", "--depth", "1", "-b", "feature", &origin, "shallow",
        ],
    );
    git(
        &shallow,
        &[
            "fetch",
            "-q",
            "--depth",
            "1",
            "origin",
            "base:refs/remotes/origin/base",
        ],
    );
    let output = common::advocate(&shallow, &["check", "--changed-since", "origin/base"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("shallow"), "{stderr}");
    assert!(stderr.contains("git fetch --unshallow"), "{stderr}");
    assert!(stderr.contains("fetch-depth: 0"), "{stderr}");
}

#[test]
fn policy_errors_in_a_subfolder_annotate_from_the_git_top_level() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("marketing");
    std::fs::create_dir_all(content.join("library")).unwrap();
    std::fs::write(content.join("policy.yaml"), "site:\n  titel: Typo\n").unwrap();
    git(dir.path(), &["init", "-q"]);
    let output = common::advocate(&content, &["check", "--format", "github"]);
    assert_eq!(output.status.code(), Some(2));
    let text = common::stdout(&output);
    assert!(
        text.starts_with("::error file=marketing/policy.yaml,line=2,"),
        "{text}"
    );
}
