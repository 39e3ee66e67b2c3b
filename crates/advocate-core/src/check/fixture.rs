//! For the rules' unit tests: a fixture repository of `tests/fixtures/`,
//! checked in process as `advocate check` checks it (every post through
//! [`Checker::check_post`], then the rules across posts), read one rule
//! at a time.

use super::{Checker, check_across};
use crate::diagnostic::Diagnostic;
use crate::post::assets::Assets;
use crate::source::SourceFile;
use std::path::{Path, PathBuf};

/// The instant the fixtures are judged at, as the integration tests do.
const NOW: &str = "2026-12-10T00:00:00Z";

/// (path under `library/`, line, column, end column, severity, networks).
pub(super) type Expected<'a> = (&'a str, usize, usize, usize, &'a str, Option<&'a str>);

/// Asserts that the fixture `name` gives exactly `expected` for `rule`
/// (`length`, `term/absolute-claims`, …), in report order.
pub(super) fn assert_found(name: &str, rule: &str, expected: &[Expected]) {
    let found: Vec<String> = check(name)
        .iter()
        .filter(|d| d.rule == *rule)
        .map(|d| {
            let networks = d.networks.join(",");
            let networks = if networks.is_empty() { "-" } else { &networks };
            format!(
                "{} {}:{}-{} {} {networks}",
                d.path.trim_start_matches("library/"),
                d.line,
                d.column,
                d.end_column,
                d.severity.as_str()
            )
        })
        .collect();
    let expected: Vec<String> = expected
        .iter()
        .map(|(path, line, column, end, severity, networks)| {
            format!(
                "{path} {line}:{column}-{end} {severity} {}",
                networks.unwrap_or("-")
            )
        })
        .collect();
    assert_eq!(found, expected, "{name}, {rule}: got\n{}", found.join("\n"));
}

/// Every diagnostic of the fixture, sorted as reports sort them.
fn check(name: &str) -> Vec<Diagnostic> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(name);
    let text = std::fs::read_to_string(root.join("policy.yaml")).unwrap();
    let policy = crate::policy::parse(&SourceFile::new("policy.yaml", text)).unwrap();
    let now = NOW.parse().unwrap();
    let checker = Checker::new(&policy, now);
    let (posts, assets) = library(&root);
    let mut found = Vec::new();
    let mut identities = Vec::new();
    for (path, bytes) in posts {
        // A file that is not UTF-8 is the loader's error, not a rule's.
        let Ok(text) = String::from_utf8(bytes) else {
            continue;
        };
        let post = crate::post::parse(SourceFile::new(path, text), &policy);
        found.extend(checker.check_post(&post, &assets));
        identities.push(post.identity());
    }
    found.extend(check_across(&identities));
    crate::diagnostic::sort(&mut found);
    found
}

/// The posts (`.md`, not named `_…` or `.…`) by path from the root, and the
/// other files' sizes.
fn library(root: &Path) -> (Vec<(String, Vec<u8>)>, Assets) {
    let mut posts = Vec::new();
    let mut assets = Assets::new();
    let mut folders = vec![root.join("library")];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap().flatten() {
            let path: PathBuf = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            let relative = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            if name.starts_with(['_', '.']) {
                continue;
            } else if path.is_dir() {
                folders.push(path);
            } else if name.ends_with(".md") {
                posts.push((relative, std::fs::read(&path).unwrap()));
            } else {
                assets.insert(relative, entry.metadata().unwrap().len());
            }
        }
    }
    posts.sort();
    (posts, assets)
}
