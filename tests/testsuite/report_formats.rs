//! The output formats: human (snapshot), github, sarif (against the
//! published schema), gitlab, and policy errors with exit status 2.

use crate::common;

use serde_json::Value;

const NOW: &str = "2026-12-10T00:00:00Z";

#[test]
fn human_output_is_rustc_style() {
    let output = common::advocate(&common::fixture("terms"), &["check", "--now", NOW]);
    let text = common::stdout(&output);
    assert!(!text.contains('\u{1b}'), "no colour when not on a terminal");
    insta::assert_snapshot!("human_terms", text);
}

#[test]
fn human_output_for_front_matter() {
    let output = common::advocate(&common::fixture("front-matter"), &["check", "--now", NOW]);
    insta::assert_snapshot!("human_front_matter", common::stdout(&output));
}

#[test]
fn github_annotations_are_escaped() {
    let output = common::advocate(
        &common::fixture("links"),
        &["check", "--format", "github", "--now", NOW],
    );
    let text = common::stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 8);
    assert!(lines[0].starts_with(
        "::error file=library/links.md,line=3,col=7,endLine=3,endColumn=27,title=link::"
    ));
    assert!(text.contains("title=disclosure (x%2Clinkedin)::"));
    assert!(text.contains("::warning file=library/links.md,line=14,"));
    for line in lines {
        let message = line.splitn(3, "::").nth(2).unwrap();
        assert!(!message.contains('\n') && !message.contains('\r'));
    }
}

#[test]
fn gitlab_code_quality_report() {
    let output = common::advocate(
        &common::fixture("links"),
        &["check", "--format", "gitlab", "--now", NOW],
    );
    let issues: Value = serde_json::from_slice(&output.stdout).unwrap();
    let issues = issues.as_array().unwrap();
    assert_eq!(issues.len(), 8);
    let mut fingerprints: Vec<&str> = issues
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    fingerprints.dedup();
    assert_eq!(fingerprints.len(), 8, "fingerprints are unique");
    assert_eq!(issues[0]["location"]["path"], "library/links.md");
    assert_eq!(issues[0]["location"]["positions"]["begin"]["line"], 3);
    assert_eq!(issues[6]["severity"], "minor");
}

#[test]
fn sarif_validates_against_the_schema() {
    let output = common::advocate(
        &common::fixture("terms"),
        &["check", "--format", "sarif", "--now", NOW],
    );
    let sarif: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    assert_eq!(sarif["runs"][0]["columnKind"], "unicodeCodePoints");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    // 12 terms, and the 3 invisible characters that hide them.
    assert_eq!(results.len(), 15);
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"]["region"]["startColumn"],
        4
    );

    let Some(schema) = common::testdata("sarif-schema-2.1.0.json") else {
        return;
    };
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(schema).unwrap()).unwrap();
    let document: Value = serde_json::from_slice(&output.stdout).unwrap();
    let Some(results) = common::json_schema_errors(&schema, &[("sarif".into(), document)]) else {
        return;
    };
    assert_eq!(results[0].1, Vec::<String>::new(), "SARIF 2.1.0");
}

#[test]
fn policy_errors_stop_the_run_with_status_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("policy.yaml"),
        "site:\n  timezone: Nowhere/City\nterms:\n  - id: x\n    match: [a]\n    severty: error\n",
    )
    .unwrap();
    let output = common::advocate(dir.path(), &["check", "--format", "json"]);
    assert_eq!(output.status.code(), Some(2));
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let diagnostics = json["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 2);
    assert_eq!(diagnostics[0]["path"], "policy.yaml");
    assert_eq!(
        (
            diagnostics[0]["line"].as_u64(),
            diagnostics[0]["column"].as_u64()
        ),
        (Some(2), Some(13))
    );
    assert_eq!(diagnostics[1]["rule"], "policy");
    assert!(
        diagnostics[1]["message"]
            .as_str()
            .unwrap()
            .contains("did you mean `severity`")
    );
}

#[test]
fn cannot_run_cases_exit_2() {
    let root = common::fixture("terms");
    let missing_path = common::advocate(&root, &["check", "library/nope.md"]);
    assert_eq!(missing_path.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing_path.stderr).contains("no such file"));
    let bad_now = common::advocate(&root, &["check", "--now", "yesterday"]);
    assert_eq!(bad_now.status.code(), Some(2));
    let usage = common::advocate(&root, &["check", "--format", "xml"]);
    assert_eq!(usage.status.code(), Some(2));
    let no_root = common::command()
        .current_dir(std::env::temp_dir())
        .arg("check")
        .output()
        .unwrap();
    assert_eq!(no_root.status.code(), Some(2));
}

/// `--color` decides, else the environment's conventions: an empty NO_COLOR
/// is not set (no-color.org), CLICOLOR_FORCE forces colour into a pipe.
#[test]
fn colour_follows_the_flag_and_the_environment() {
    let run = |args: &[&str], env: &[(&str, &str)]| {
        let output = common::command()
            .arg("--root")
            .arg(common::fixture("terms"))
            .args(args)
            .args(["check", "--now", NOW])
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE")
            .env_remove("CLICOLOR")
            .envs(env.iter().copied())
            .output()
            .unwrap();
        String::from_utf8_lossy(&output.stdout).contains('\u{1b}')
    };
    // (flags, environment, coloured)
    type Case<'a> = (&'a [&'a str], &'a [(&'a str, &'a str)], bool);
    let cases: [Case; 7] = [
        (&[], &[], false),
        (&["--color", "always"], &[], true),
        (&["--color", "never"], &[("CLICOLOR_FORCE", "1")], false),
        (&[], &[("CLICOLOR_FORCE", "1")], true),
        (&[], &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "")], true),
        (&["--color", "always"], &[("NO_COLOR", "1")], true),
        (&[], &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")], false),
    ];
    for (args, env, coloured) in cases {
        assert_eq!(run(args, env), coloured, "{args:?} {env:?}");
    }
}

/// `--version` names the version and the commit it was built from.
#[test]
fn version_names_the_commit() {
    let output = common::command().arg("--version").output().unwrap();
    let text = common::stdout(&output);
    let expected = format!("advocate {} (", env!("CARGO_PKG_VERSION"));
    assert!(
        text.starts_with(&expected) && text.trim_end().ends_with(')'),
        "{text}"
    );
}

/// `--quiet` prints errors only, without the summary line.
#[test]
fn quiet_prints_errors_only() {
    let quiet = common::advocate(
        &common::fixture("portal"),
        &["check", "--quiet", "--now", NOW],
    );
    assert_eq!(quiet.status.code(), Some(0));
    assert!(
        common::stdout(&quiet).is_empty(),
        "{}",
        common::stdout(&quiet)
    );
    let loud = common::advocate(&common::fixture("portal"), &["check", "--now", NOW]);
    assert!(common::stdout(&loud).contains("warning[expired]"));
    let errors = common::advocate(&common::fixture("terms"), &["-q", "check", "--now", NOW]);
    let text = common::stdout(&errors);
    assert!(
        text.contains("error[term/absolute-claims]")
            && !text.contains("warning[")
            && !text.contains("errors,"),
        "{text}"
    );
}

#[test]
fn github_says_how_many_problems_its_annotation_cap_hides_and_lists_all_in_the_summary() {
    let repo = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(repo.path().join("library")).unwrap();
    std::fs::write(
        repo.path().join("policy.yaml"),
        "fields:\n  required: [title]\nterms:\n  - id: claims\n    match: [guaranteed]\n",
    )
    .unwrap();
    for n in 0..12 {
        std::fs::write(
            repo.path().join(format!("library/post-{n:02}.md")),
            "---\ntitle: A post\n---\n```share\nResults guaranteed | always\n```\n",
        )
        .unwrap();
    }
    let summary = repo.path().join("summary.md");
    let output = common::command()
        .current_dir(repo.path())
        .args(["check", "--format", "github", "--now", NOW])
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let text = common::stdout(&output);
    assert_eq!(text.matches("::error ").count(), 12);
    let notice: Vec<&str> = text.lines().filter(|l| l.starts_with("::notice")).collect();
    assert_eq!(notice.len(), 1, "{text}");
    assert!(
        notice[0].contains("2 more problems are not shown"),
        "{}",
        notice[0]
    );

    let summary = std::fs::read_to_string(summary).unwrap();
    assert!(
        summary.contains("12 errors and 0 warnings in 12 posts"),
        "{summary}"
    );
    assert_eq!(
        summary.matches("| error | `term/claims` |").count(),
        12,
        "{summary}"
    );
    assert!(summary.contains("`library/post-11.md:5:9`"), "{summary}");
    assert!(summary.contains("guaranteed"), "{summary}");
    // The message's own `|` stays inside its cell.
    for row in summary.lines().filter(|l| l.starts_with("| `")) {
        assert_eq!(row.matches(" | ").count(), 3, "{row}");
    }
}
