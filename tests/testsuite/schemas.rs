//! `advocate schema policy|post`: the JSON Schemas that YAML editors use.
//! They accept the repository's and `init`'s policy and every example
//! post's front matter, and reject a misspelt key, as `check` does.

use crate::common;

use serde_json::Value;
use std::path::Path;

fn schema(which: &str) -> Value {
    let output = common::command().args(["schema", which]).output().unwrap();
    common::assert_success(&output);
    serde_json::from_slice(&output.stdout).unwrap()
}

fn yaml(text: &str) -> Value {
    serde_saphyr::from_str(text).unwrap()
}

/// A post's front matter, between its `---` lines.
fn front_matter(text: &str) -> Value {
    let rest = text.strip_prefix("---\n").expect("front matter");
    let end = rest.find("\n---").expect("closing ---");
    yaml(&rest[..end])
}

/// The repository's example library and a fresh `init`'s.
fn example_posts(init: &Path) -> Vec<(String, Value)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut posts = Vec::new();
    for library in [root.join("library"), init.join("library")] {
        for entry in walkdir::WalkDir::new(&library).sort_by_file_name() {
            let entry = entry.unwrap();
            let path = entry.path();
            let name = path.file_name().unwrap().to_string_lossy();
            if path.extension().is_none_or(|e| e != "md") || name.starts_with('_') {
                continue;
            }
            let text = std::fs::read_to_string(path).unwrap();
            posts.push((path.display().to_string(), front_matter(&text)));
        }
    }
    posts
}

fn no_errors(results: &[(String, Vec<String>)]) {
    for (name, errors) in results {
        assert!(errors.is_empty(), "{name}: {errors:?}");
    }
}

#[test]
fn the_schemas_accept_the_examples_and_reject_a_misspelt_key() {
    let init = tempfile::tempdir().unwrap();
    let output = common::command()
        .current_dir(init.path())
        .args(["init", "--ci", "none"])
        .output()
        .unwrap();
    common::assert_success(&output);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));

    // policy.yaml: the repository's, init's, and init's with a typo.
    let own = std::fs::read_to_string(root.join("policy.yaml")).unwrap();
    let fresh = std::fs::read_to_string(init.path().join("policy.yaml")).unwrap();
    assert!(fresh.starts_with("# yaml-language-server: $schema=https://"));
    let misspelt = fresh.replacen("site:\n", "site:\n  titel: Typo\n", 1);
    assert_ne!(misspelt, fresh);
    let policies = vec![
        ("policy.yaml".to_string(), yaml(&own)),
        ("init policy.yaml".to_string(), yaml(&fresh)),
        ("misspelt".to_string(), yaml(&misspelt)),
        (
            "misspelt term".to_string(),
            yaml("terms:\n  - id: x\n    match: [a]\n    severty: error\n"),
        ),
    ];
    let Some(results) = common::json_schema_errors(&schema("policy"), &policies) else {
        return;
    };
    no_errors(&results[..2]);
    for (name, errors) in &results[2..] {
        assert!(
            errors
                .iter()
                .any(|e| e.contains("titel") || e.contains("severty")),
            "{name}: {errors:?}"
        );
    }

    // Front matter: every example post, and one with `expire_at`.
    let mut posts = example_posts(init.path());
    assert!(posts.len() >= 10, "{} example posts", posts.len());
    posts.push((
        "misspelt".into(),
        yaml("title: A post\nexpire_at: 2027-01-31\n"),
    ));
    posts.push(("no title".into(), yaml("campaign: launch\n")));
    posts.push((
        "unknown network".into(),
        yaml("title: A\nnetworks: [myspace]\n"),
    ));
    let results = common::json_schema_errors(&schema("post"), &posts).unwrap();
    let (good, bad) = results.split_at(results.len() - 3);
    no_errors(good);
    for (name, errors) in bad {
        assert!(!errors.is_empty(), "{name} is refused");
    }
    assert!(bad[0].1[0].contains("expire_at"), "{:?}", bad[0]);
}

/// `check` agrees with the post schema on the same typo: both refuse it.
#[test]
fn check_refuses_what_the_schema_refuses() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("library")).unwrap();
    std::fs::write(dir.path().join("policy.yaml"), "").unwrap();
    std::fs::write(
        dir.path().join("library/a.md"),
        "---\ntitle: A post\nexpire_at: 2027-01-31\n---\n```share\nHello\n```\n",
    )
    .unwrap();
    let output = common::advocate(dir.path(), &["check", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(common::path_rules(&json).contains(&("library/a.md".into(), "unknown-field".into())));
}
