//! The content repository's check workflow, replayed: `advocate init` in a
//! git repository that already has files, a branch that adds a bad post,
//! then the workflow's own `run:` steps in order, as GitHub's runner runs
//! them (bash -eo pipefail, the `GITHUB_*` variables, `if: always()`).
//! The Action's step is stood in for by putting this build on PATH.

use crate::common;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::git;

/// A pushed `main` with a README, a .gitignore and what `init` wrote, and
/// a checked-out branch `feature` that adds a post breaking the policy.
fn pull_request(content: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let origin = dir.path().join("origin.git");
    let work = dir.path().join("work");
    git(
        dir.path(),
        &["init", "-q", "--bare", "-b", "main", "origin.git"],
    );
    git(
        dir.path(),
        &["clone", "-q", origin.to_str().unwrap(), "work"],
    );
    git(&work, &["checkout", "-q", "-b", "main"]);
    std::fs::write(work.join("README.md"), "# Our advocacy posts\n").unwrap();
    std::fs::write(work.join(".gitignore"), "*.log\n").unwrap();
    let mut init = vec!["init"];
    if content != "." {
        init.push(content);
    }
    let output = common::command()
        .current_dir(&work)
        .args(&init)
        .output()
        .unwrap();
    common::assert_success(&output);
    assert_eq!(
        std::fs::read_to_string(work.join("README.md")).unwrap(),
        "# Our advocacy posts\n",
        "init keeps the README"
    );
    git(&work, &["add", "."]);
    git(&work, &["commit", "-q", "-m", "advocate init"]);
    git(&work, &["push", "-q", "origin", "main"]);
    git(&work, &["checkout", "-q", "-b", "feature"]);
    std::fs::write(
        work.join(content).join("library/bad.md"),
        "---\ntitle: Bad\nexpire_at: 2099-01-31\n---\nBriefing.\n\n```share\nA post with no link.\n```\n",
    )
    .unwrap();
    git(&work, &["add", "."]);
    git(&work, &["commit", "-q", "-m", "a bad post"]);
    dir
}

struct Run {
    /// The first failing step's exit status, as the job's.
    status: i32,
    /// Each `run:` step's name and standard output.
    outputs: Vec<(String, String)>,
    summary: String,
}

/// Runs the job's `run:` steps in order.
fn replay(work: &Path, workflow: &Value, job: &str) -> Run {
    replay_with(work, workflow, job, &[])
}

/// Runs the job's `run:` steps in order, with the repository's `secrets`
/// (any other `${{ secrets.NAME }}` is empty, as on GitHub).
fn replay_with(work: &Path, workflow: &Value, job: &str, secrets: &[(&str, &str)]) -> Run {
    let defaults_dir = workflow["defaults"]["run"]["working-directory"]
        .as_str()
        .unwrap_or(".");
    let temp = tempfile::tempdir().unwrap();
    let summary = temp.path().join("summary.md");
    let output_file = temp.path().join("output");
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_advocate"));
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut status = 0;
    let mut outputs = Vec::new();
    let steps = workflow["jobs"][job]["steps"].as_array().unwrap();
    for step in steps {
        let Some(script) = step["run"].as_str() else {
            continue;
        };
        let condition = step["if"].as_str().unwrap_or("success()");
        if status != 0 && !condition.contains("always()") {
            continue;
        }
        let dir = step["working-directory"].as_str().unwrap_or(defaults_dir);
        let mut command = Command::new("bash");
        command
            .args(["--noprofile", "--norc", "-eo", "pipefail", "-c", script])
            .current_dir(work.join(dir))
            .env("PATH", &path)
            .env("CI", "true")
            .env("GITHUB_ACTIONS", "true")
            .env("GITHUB_EVENT_NAME", "pull_request")
            .env("GITHUB_BASE_REF", "main")
            .env("GITHUB_HEAD_REF", "feature")
            .env("GITHUB_WORKSPACE", work)
            .env("GITHUB_STEP_SUMMARY", &summary)
            .env("GITHUB_OUTPUT", &output_file)
            .env("RUNNER_TEMP", temp.path())
            .env_remove("SOURCE_DATE_EPOCH")
            .env_remove("GIT_DIR");
        if let Some(env) = step["env"].as_object() {
            for (key, value) in env {
                let value = value.as_str().unwrap_or_default();
                let value = match value
                    .strip_prefix("${{ secrets.")
                    .and_then(|v| v.strip_suffix(" }}"))
                {
                    Some(name) => secrets
                        .iter()
                        .find(|(n, _)| *n == name)
                        .map_or("", |(_, v)| v),
                    None => value,
                };
                command.env(key, value);
            }
        }
        let output = command.output().unwrap();
        let name = step["name"].as_str().unwrap_or(script).to_string();
        if !output.status.success() && status == 0 {
            status = output.status.code().unwrap_or(-1);
        }
        outputs.push((name, String::from_utf8_lossy(&output.stdout).into_owned()));
    }
    Run {
        status,
        outputs,
        summary: std::fs::read_to_string(summary).unwrap_or_default(),
    }
}

fn check_workflow(work: &Path) -> Value {
    let text = std::fs::read_to_string(work.join(".github/workflows/check.yml")).unwrap();
    serde_saphyr::from_str(&text).unwrap()
}

fn assert_the_pull_request_is_annotated(content: &str, prefix: &str) {
    let dir = pull_request(content);
    let work = dir.path().join("work");
    let workflow = check_workflow(&work);

    // No workflow-level path filter: a required check must always report.
    assert!(workflow["on"]["pull_request"]["paths"].is_null());
    let uses: Vec<&str> = workflow["jobs"]["check"]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["uses"].as_str())
        .collect();
    let repository = env!("CARGO_PKG_REPOSITORY").trim_start_matches("https://github.com/");
    let action = format!("{repository}@v{}", env!("CARGO_PKG_VERSION"));
    assert!(uses.contains(&action.as_str()), "{uses:?}");

    let run = replay(&work, &workflow, "check");
    assert_eq!(run.status, 1, "the job fails on the bad post");
    let (_, annotations) = &run.outputs[0];
    let file = format!("file={prefix}library/bad.md,");
    let errors: Vec<&str> = annotations
        .lines()
        .filter(|l| l.starts_with("::error "))
        .collect();
    assert!(!errors.is_empty(), "{annotations}");
    assert!(
        errors.iter().all(|l| l.contains(&file)),
        "paths from the git top level: {annotations}"
    );
    assert!(
        annotations.contains("title=unknown-field::"),
        "{annotations}"
    );
    assert!(
        !annotations.contains("welcome"),
        "only the changed post: {annotations}"
    );
    // The job summary: every problem, then the review report.
    assert!(
        run.summary.contains("### advocate check"),
        "{}",
        run.summary
    );
    assert!(
        run.summary
            .contains(&format!("`{prefix}library/bad.md:3:1`")),
        "{}",
        run.summary
    );
    assert!(run.summary.contains("Bad"), "the review names the post");
    // The preview build is skipped after the failure; SARIF still runs.
    let names: Vec<&str> = run.outputs.iter().map(|(n, _)| n.as_str()).collect();
    assert!(!names.contains(&"Build the portal preview"), "{names:?}");
    assert!(names.contains(&"SARIF for code scanning"), "{names:?}");
    let sarif: Value = serde_json::from_str(
        &std::fs::read_to_string(work.join(content).join("advocate.sarif")).unwrap(),
    )
    .unwrap();
    let uris: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str())
        .collect();
    assert!(
        uris.contains(&format!("{prefix}library/bad.md").as_str()),
        "{uris:?}"
    );
    // init's placeholder teams are flagged where GitHub finds CODEOWNERS.
    assert!(uris.contains(&".github/CODEOWNERS"), "{uris:?}");
}

#[test]
fn the_check_workflow_annotates_a_bad_post_at_the_top_level() {
    assert_the_pull_request_is_annotated(".", "");
}

#[test]
fn the_check_workflow_annotates_a_bad_post_in_a_subfolder() {
    assert_the_pull_request_is_annotated("marketing", "marketing/");
}

#[test]
fn a_pull_request_without_post_changes_passes_the_required_check() {
    let dir = pull_request(".");
    let work = dir.path().join("work");
    git(&work, &["rm", "-q", "library/bad.md"]);
    std::fs::write(work.join("README.md"), "# Edited\n").unwrap();
    git(&work, &["commit", "-qam", "only the README"]);
    let run = replay(&work, &check_workflow(&work), "check");
    assert_eq!(run.status, 0, "{:?}", run.outputs);
    assert!(
        work.join("preview/index.html").is_file(),
        "the preview is built"
    );
}

/// The weekly digest workflow that `init --chat teams` writes, replayed:
/// without the secret, the digest is in the job summary and nothing is
/// posted; with it, the Teams card reaches the webhook.
#[test]
fn the_digest_workflow_posts_to_the_tool_init_named() {
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path().join("work");
    git(dir.path(), &["init", "-q", "-b", "main", "work"]);
    let output = common::command()
        .current_dir(&work)
        .args(["init", "--chat", "teams"])
        .output()
        .unwrap();
    common::assert_success(&output);
    let text = std::fs::read_to_string(work.join(".github/workflows/digest.yml")).unwrap();
    let workflow: Value = serde_saphyr::from_str(&text).unwrap();
    let (hook, received) =
        common::api::serve(|_: &common::api::Received| (202, Vec::new(), Vec::new()));

    let quiet = replay(&work, &workflow, "digest");
    assert_eq!(quiet.status, 0);
    assert!(quiet.summary.contains("New to share"), "{}", quiet.summary);
    assert!(
        quiet
            .outputs
            .iter()
            .any(|(_, out)| out.contains("ADVOCATE_TEAMS_WEBHOOK_URL is not set")),
        "{:?}",
        quiet.outputs
    );
    assert!(received.lock().unwrap().is_empty());

    let url = format!("{hook}/workflows/abc/triggers/manual/paths/invoke");
    let run = replay_with(
        &work,
        &workflow,
        "digest",
        &[("ADVOCATE_TEAMS_WEBHOOK_URL", url.as_str())],
    );
    assert_eq!(run.status, 0, "{:?}", run.outputs);
    let requests = received.lock().unwrap().clone();
    assert_eq!(requests.len(), 1);
    let card = requests[0].json();
    assert_eq!(card["type"], "message");
    assert_eq!(
        card["attachments"][0]["contentType"],
        "application/vnd.microsoft.card.adaptive"
    );
}
