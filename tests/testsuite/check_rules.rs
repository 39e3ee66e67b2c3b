//! `advocate check` on fixture repositories, one per rule family: every
//! problem reported with the right rule, severity and position, and nothing
//! else.

use crate::common;

use serde_json::Value;

const NOW: &str = "2026-12-10T00:00:00Z";

/// (path under library/, line, column, end column, severity, rule, network)
type Expected = (
    &'static str,
    usize,
    usize,
    usize,
    &'static str,
    &'static str,
    Option<&'static str>,
);

fn check_json(fixture: &str) -> (Value, i32) {
    let output = common::advocate(
        &common::fixture(fixture),
        &["check", "--format", "json", "--now", NOW],
    );
    let json: Value = serde_json::from_slice(&output.stdout).expect("JSON on stdout");
    (json, output.status.code().unwrap_or(-1))
}

fn assert_diagnostics(fixture: &str, expected: &[Expected]) {
    let (json, status) = check_json(fixture);
    let actual: Vec<String> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{} {}:{}-{} {} {} {}",
                d["path"].as_str().unwrap().trim_start_matches("library/"),
                d["line"],
                d["column"],
                d["end_column"],
                d["severity"].as_str().unwrap(),
                d["rule"].as_str().unwrap(),
                d["network"].as_str().unwrap_or("-"),
            )
        })
        .collect();
    let expected: Vec<String> = expected
        .iter()
        .map(|(path, line, column, end, severity, rule, network)| {
            format!(
                "{path} {line}:{column}-{end} {severity} {rule} {}",
                network.unwrap_or("-")
            )
        })
        .collect();
    assert_eq!(actual, expected, "\n{fixture}: got\n{}", actual.join("\n"));
    let errors = json["errors"].as_u64().unwrap();
    assert_eq!(status, if errors > 0 { 1 } else { 0 });
}

#[test]
fn front_matter_problems_are_all_reported() {
    assert_diagnostics(
        "front-matter",
        &[
            ("bomb.md", 7, 8, 35, "error", "front-matter", None),
            ("broken-yaml.md", 4, 11, 23, "error", "front-matter", None),
            ("crlf-bom.md", 1, 1, 4, "error", "required-field", None),
            ("crlf-bom.md", 4, 1, 10, "error", "unknown-field", None),
            ("empty.md", 1, 1, 2, "error", "front-matter", None),
            ("latin1.md", 2, 11, 12, "error", "front-matter", None),
            (
                "no-front-matter.md",
                1,
                1,
                16,
                "error",
                "front-matter",
                None,
            ),
            ("types.md", 5, 9, 16, "error", "front-matter", None),
            ("types.md", 6, 8, 11, "error", "front-matter", None),
            ("types.md", 7, 1, 6, "error", "unknown-field", None),
            ("types.md", 8, 7, 9, "error", "invalid-field", None),
            ("types.md", 9, 13, 32, "error", "invalid-field", None),
            ("types.md", 10, 5, 11, "error", "invalid-field", None),
            ("unclosed.md", 1, 1, 4, "error", "front-matter", None),
        ],
    );
    let (json, _) = check_json("front-matter");
    assert_eq!(json["posts"], 9, "_ and . files are not posts");
    let typo = &json["diagnostics"][3];
    assert_eq!(typo["suggestions"][0], "expires_at");
}

#[test]
fn terms_match_japanese_full_and_half_width_with_boundaries() {
    let all = Some("facebook,bluesky,threads,mastodon,instagram");
    assert_diagnostics(
        "terms",
        &[
            // Soft hyphen, word joiner, a Cyrillic `а`, a zero-width space:
            // each term is found, and each invisible character is an error
            // of its own.
            (
                "dodges.md",
                9,
                4,
                15,
                "error",
                "term/absolute-claims",
                Some("x"),
            ),
            (
                "dodges.md",
                9,
                10,
                11,
                "error",
                "hidden-character",
                Some("x"),
            ),
            (
                "dodges.md",
                9,
                28,
                39,
                "error",
                "term/absolute-claims",
                Some("x"),
            ),
            (
                "dodges.md",
                9,
                30,
                31,
                "error",
                "hidden-character",
                Some("x"),
            ),
            (
                "dodges.md",
                9,
                49,
                59,
                "error",
                "term/absolute-claims",
                Some("x"),
            ),
            (
                "dodges.md",
                9,
                61,
                64,
                "error",
                "term/absolute-claims",
                Some("x"),
            ),
            (
                "dodges.md",
                9,
                62,
                63,
                "error",
                "hidden-character",
                Some("x"),
            ),
            ("terms.md", 2, 11, 20, "error", "term/absolute-claims", None),
            ("terms.md", 6, 42, 52, "error", "term/absolute-claims", None),
            ("terms.md", 9, 1, 11, "error", "term/absolute-claims", all),
            (
                "terms.md",
                13,
                22,
                37,
                "error",
                "term/confidential",
                Some("x"),
            ),
            (
                "terms.md",
                13,
                41,
                43,
                "error",
                "term/absolute-claims",
                Some("x"),
            ),
            (
                "terms.md",
                13,
                46,
                51,
                "error",
                "term/confidential",
                Some("x"),
            ),
            (
                "terms.md",
                17,
                27,
                36,
                "error",
                "term/absolute-claims",
                Some("linkedin"),
            ),
            (
                "terms.md",
                17,
                42,
                45,
                "warning",
                "term/rude",
                Some("linkedin"),
            ),
        ],
    );
}

#[test]
fn x_and_bluesky_limits_are_exact_and_link_needs_a_link() {
    assert_diagnostics(
        "lengths",
        &[
            ("limits.md", 10, 1, 142, "error", "length", Some("x")),
            ("limits.md", 18, 1, 603, "error", "length", Some("bluesky")),
            ("placeholder.md", 6, 15, 21, "error", "link", Some("x")),
        ],
    );
}

#[test]
fn links_disclosure_and_hashtags() {
    assert_diagnostics(
        "links",
        &[
            ("links.md", 3, 7, 27, "error", "link", None),
            ("links.md", 7, 12, 31, "error", "link", None),
            ("links.md", 7, 44, 70, "error", "link", None),
            (
                "links.md",
                10,
                1,
                47,
                "error",
                "disclosure",
                Some("x,linkedin"),
            ),
            ("links.md", 10, 14, 27, "error", "link", Some("x,linkedin")),
            (
                "links.md",
                14,
                14,
                16,
                "error",
                "hashtags",
                Some("instagram"),
            ),
            ("links.md", 14, 23, 44, "warning", "link", Some("instagram")),
            ("userinfo-dodge.md", 3, 7, 46, "error", "link", None),
        ],
    );
}

#[test]
fn images_stay_inside_the_library() {
    assert_diagnostics(
        "image",
        &[
            ("missing.md", 5, 8, 19, "error", "image", None),
            ("noalt/index.md", 5, 1, 6, "error", "image", None),
            ("noalt/index.md", 5, 8, 15, "error", "image", None),
            ("outside/index.md", 5, 8, 30, "error", "image", None),
        ],
    );
}

#[test]
fn schedule_expired_and_expiring() {
    assert_diagnostics(
        "schedule",
        &[
            ("expired.md", 4, 13, 23, "warning", "expired", None),
            ("expiring.md", 4, 13, 23, "warning", "expiring", None),
            ("inverted.md", 5, 13, 23, "error", "schedule", None),
            ("too-long.md", 5, 13, 23, "error", "schedule", None),
        ],
    );
}

#[test]
fn duplicates_networks_and_missing_texts() {
    assert_diagnostics(
        "structure",
        &[
            ("a/same.md", 1, 1, 2, "error", "duplicate-id", None),
            ("b/same.md", 1, 1, 2, "error", "duplicate-id", None),
            ("c.md", 3, 5, 9, "error", "duplicate-id", None),
            ("c.md", 6, 15, 23, "error", "no-share-text", None),
            ("c.md", 6, 25, 33, "error", "invalid-field", None),
            ("c.md", 6, 35, 42, "error", "invalid-field", None),
            ("c.md", 12, 1, 17, "error", "invalid-field", None),
            ("c.md", 16, 1, 9, "error", "no-share-text", None),
            ("c.md", 19, 1, 26, "error", "invalid-field", None),
            ("c.md", 19, 19, 26, "error", "invalid-field", None),
            ("no-text.md", 1, 1, 2, "error", "no-share-text", None),
        ],
    );
}

#[test]
fn deny_warnings_ignores_time_warnings() {
    let root = common::fixture("schedule");
    let run = |extra: &[&str]| {
        let mut args = vec![
            "check",
            "--now",
            NOW,
            "library/expired.md",
            "library/expiring.md",
        ];
        args.extend_from_slice(extra);
        common::advocate(&root, &args).status.code()
    };
    assert_eq!(run(&[]), Some(0));
    assert_eq!(run(&["--deny-warnings"]), Some(0));
    let terms = common::fixture("terms");
    let warned = common::advocate(&terms, &["check", "--now", NOW, "--deny-warnings"]);
    assert_eq!(warned.status.code(), Some(1));
}

#[test]
fn the_bomb_is_defused_quickly() {
    let started = std::time::Instant::now();
    let output = common::advocate(
        &common::fixture("front-matter"),
        &["check", "--now", NOW, "library/bomb.md"],
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(
        started.elapsed().as_millis() < 2000,
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn the_example_library_is_clean() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = common::advocate(root, &["check", "--format", "json"]);
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["errors"], 0, "{}", common::stdout(&output));
    assert!(json["posts"].as_u64().unwrap() >= 24);
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn todos_html_entities_and_hashtag_advice() {
    assert_diagnostics(
        "unfinished",
        &[
            ("left-to-fill.md", 6, 19, 23, "error", "todo", None),
            (
                "left-to-fill.md",
                11,
                3,
                10,
                "error",
                "html-entity",
                Some("x,instagram"),
            ),
            (
                "left-to-fill.md",
                11,
                17,
                22,
                "error",
                "html-entity",
                Some("x,instagram"),
            ),
            // The advice names a tag the policy does not need, never the
            // disclosure tag after it.
            (
                "too-many-tags.md",
                9,
                16,
                23,
                "error",
                "hashtags",
                Some("instagram"),
            ),
            (
                "too-many-tags.md",
                9,
                16,
                23,
                "error",
                "hashtags",
                Some("x"),
            ),
        ],
    );
}

/// Ids are compared by the address their page gets: `Tokyo` and `tokyo_`,
/// or `a--b` and `a-b`, would be one page, so both of each pair are refused.
#[test]
fn ids_with_one_address_are_duplicates() {
    assert_diagnostics(
        "collisions",
        &[
            ("Tokyo.md", 1, 1, 2, "error", "duplicate-id", None),
            ("a--b.md", 1, 1, 2, "error", "duplicate-id", None),
            ("a-b.md", 1, 1, 2, "error", "duplicate-id", None),
            ("tokyo_.md", 1, 1, 2, "error", "duplicate-id", None),
        ],
    );
}

/// A file whose name is not UTF-8 is an error in `check` (as it would be
/// in `build`), never a post silently left out.
#[test]
fn a_name_that_is_not_utf8_is_an_error() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    common::copy_tree(&common::fixture("collisions-ok"), dir.path());
    let folder = dir
        .path()
        .join("library")
        .join(std::ffi::OsStr::from_bytes(b"caf\xe9"));
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::copy(dir.path().join("library/one.md"), folder.join("three.md")).unwrap();
    let output = common::advocate(dir.path(), &["check", "--format", "json", "--now", NOW]);
    assert_eq!(output.status.code(), Some(1));
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let messages: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["message"].as_str())
        .collect();
    assert!(
        messages.iter().any(|m| m.contains("not UTF-8")),
        "{messages:?}"
    );
}
