//! What a pull request can contain never makes advocate slow: each hostile
//! shape of a post (thousands of matches or URLs on one line, deep nesting,
//! unclosed tags) is checked and built in at most 20 times what a plain
//! post of the same size takes. A ratio, since machines are noisy.

use crate::common;
use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

const POLICY: &str = "site:\n  title: Hostile\nterms:\n  - id: rude\n    match: [ass]\n";

fn repository(dir: &Path, body: &str) {
    std::fs::create_dir_all(dir.join("library")).unwrap();
    std::fs::write(dir.join("policy.yaml"), POLICY).unwrap();
    std::fs::write(
        dir.join("library/p.md"),
        format!("---\ntitle: T\nexpires_at: 2027-01-31\n---\n{body}"),
    )
    .unwrap();
}

/// The fastest of three runs of a command, as a duration.
fn fastest(root: &Path, args: &[&str], out: &Path) -> Duration {
    (0..3)
        .map(|_| {
            // The whole pipeline each time, not the shortcut a build takes
            // when nothing changed since the last one (its stamp is gone).
            let name = out.file_name().unwrap().to_string_lossy();
            let _ = std::fs::remove_file(out.with_file_name(format!(".{name}.stamp")));
            let started = Instant::now();
            let output = common::command()
                .arg("--root")
                .arg(root)
                .args(args)
                .args(if args[0] == "build" {
                    vec!["--out".to_string(), out.display().to_string()]
                } else {
                    Vec::new()
                })
                .args(["--now", "2026-12-10T00:00:00Z"])
                .output()
                .unwrap();
            assert!(
                output.status.code().is_some_and(|c| c <= 1),
                "{args:?}: {}",
                String::from_utf8_lossy(&output.stderr)
            );
            started.elapsed()
        })
        .min()
        .unwrap()
}

#[test]
fn hostile_posts_take_at_most_twenty_times_a_plain_one() {
    let dir = tempfile::tempdir().unwrap();
    let plain = ("A plain briefing sentence that says nothing much at all. ".repeat(18_000))
        [..1_000_000]
        .to_string();
    let shapes = [
        ("plain", format!("{plain}\n\n```share\nHello\n```\n")),
        (
            "20,000 matches on one line",
            format!("Brief.\n\n```share\n{}\n```\n", "ass xxxxx ".repeat(20_000)),
        ),
        (
            "8,000 URLs on one line",
            format!(
                "Brief.\n\n```share\n{}\n```\n",
                (0..8_000)
                    .map(|i| format!("https://e{i}.example.com/x"))
                    .collect::<Vec<_>>()
                    .join(" ")
            ),
        ),
        (
            "1 MB of nested divs",
            format!(
                "{}x{}\n\n```share\nHello\n```\n",
                "<div>".repeat(100_000),
                "</div>".repeat(100_000)
            ),
        ),
        (
            "1 MB of unclosed tags",
            format!(
                "{}\n\n```share\nHello\n```\n",
                "<b><i><span>".repeat(80_000)
            ),
        ),
    ];
    let mut plain_times = Vec::new();
    for (index, (name, body)) in shapes.iter().enumerate() {
        let root = dir.path().join(format!("repo-{index}"));
        repository(&root, body);
        let out = dir.path().join(format!("site-{index}"));
        let times: Vec<Duration> = [
            &["check"][..],
            &["check", "--format", "json"][..],
            &["build"][..],
        ]
        .iter()
        .map(|args| fastest(&root, args, &out))
        .collect();
        if index == 0 {
            plain_times = times;
            continue;
        }
        for ((what, time), plain) in ["check", "check --format json", "build"]
            .iter()
            .zip(&times)
            .zip(&plain_times)
        {
            let ratio = time.as_secs_f64() / plain.as_secs_f64().max(0.001);
            // Past the harness's capture, so CI's log shows the figures.
            let _ = writeln!(
                std::io::stderr(),
                "hostile: {name}: {what} {time:?} = {ratio:.1} × a plain 1 MB post"
            );
            assert!(
                ratio <= 20.0,
                "{name}: {what} took {time:?}, {ratio:.1} × the plain post's {plain:?}"
            );
        }
    }
}
