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

#[test]
fn the_core_checks_one_file_as_the_command_line_does() {
    let now: jiff::Timestamp = NOW.parse().unwrap();
    let mut compared = 0;
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
            // A file that is not UTF-8 is the loader's problem, not the checker's.
            let Ok(text) = std::str::from_utf8(bytes) else {
                continue;
            };
            let output =
                common::advocate(&root, &["check", "--format", "json", "--now", NOW, path]);
            let cli: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
            let core: serde_json::Value = serde_json::from_str(&check_file_json(
                &policy_yaml,
                path,
                text,
                now,
                &assets,
                &known,
            ))
            .unwrap();
            assert_eq!(core, cli, "{}: {path}", root.display());
            compared += 1;
        }
    }
    assert!(compared > 50, "{compared} posts compared");
}
