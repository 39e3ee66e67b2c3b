//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod cdp;
pub mod serve;

use std::path::PathBuf;
use std::process::{Command, Output};

/// `../shared/testdata`, or `ADVOCATE_TESTDATA`. Outside CI a missing folder
/// skips the test with a message; in CI (`CI=true`) it fails it.
pub fn testdata(name: &str) -> Option<PathBuf> {
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

pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

pub fn advocate(root: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_advocate"))
        .arg("--root")
        .arg(root)
        .args(args)
        .env_remove("SOURCE_DATE_EPOCH")
        .env_remove("GITHUB_STEP_SUMMARY")
        // The fixtures sit inside advocate's own repository: git must not
        // take that for theirs (reports give paths from the git top level).
        .env("GIT_CEILING_DIRECTORIES", fixture(""))
        .output()
        .expect("advocate runs")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Copies a folder tree (for tests that edit a repository).
pub fn copy_tree(from: &std::path::Path, to: &std::path::Path) {
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
pub fn assert_success(output: &Output) {
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// (path, rule) of each diagnostic of a `--format json` report, in order.
pub fn path_rules(report: &serde_json::Value) -> Vec<(String, String)> {
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
