//! The release, as a user receives it: `dist build` makes the archive, its
//! SHA-256 file and the shell installer; a real HTTP server on 127.0.0.1
//! stands in for GitHub's release downloads; the installer (and the
//! Action's install script) install a binary whose `--version` is this
//! build's, and refuse an archive that was tampered with.

use crate::common;
use serde_json::Value;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;

const TARGET: &str = "x86_64-unknown-linux-musl";

/// `dist` when it is installed; CI must have it (`.ci/run` installs it).
fn dist() -> Option<PathBuf> {
    let found = common::find_command("dist");
    if found.is_none() {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("dist is required in CI: .ci/run installs cargo-dist");
        }
        eprintln!("skipping the release test: no dist (cargo install cargo-dist)");
    }
    found
}

/// Builds the release for the static Linux target; returns the files by
/// name.
fn build_release(dist: &Path) -> Vec<(String, Vec<u8>)> {
    let output = Command::new(dist)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["build", "--artifacts=all", "--output-format=json"])
        .arg(format!("--target={TARGET}"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "dist build: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let manifest: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        manifest["announcement_tag"],
        format!("v{}", env!("CARGO_PKG_VERSION"))
    );
    manifest["artifacts"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(name, artifact)| {
            let path = artifact["path"].as_str().unwrap();
            (name.clone(), std::fs::read(path).unwrap())
        })
        .collect()
}

/// A static file server on 127.0.0.1 with GitHub's release layout:
/// `/{owner}/{name}/releases/download/v{version}/{file}`.
fn serve(files: Vec<(String, Vec<u8>)>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    let repository = env!("CARGO_PKG_REPOSITORY").trim_start_matches("https://github.com/");
    let folder = format!(
        "/{repository}/releases/download/v{}/",
        env!("CARGO_PKG_VERSION")
    );
    let files = Arc::new(files);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let files = Arc::clone(&files);
            let folder = folder.clone();
            std::thread::spawn(move || {
                let mut reader = BufReader::new(&stream);
                let mut request = String::new();
                if reader.read_line(&mut request).is_err() {
                    return;
                }
                let mut line = String::new();
                while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                    line.clear();
                }
                let path = request.split_whitespace().nth(1).unwrap_or("");
                let found = path
                    .strip_prefix(&folder)
                    .and_then(|name| files.iter().find(|(n, _)| n == name));
                let mut stream = &stream;
                let _ = match found {
                    Some((_, bytes)) => stream
                        .write_all(
                            format!(
                                "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                                bytes.len()
                            )
                            .as_bytes(),
                        )
                        .and_then(|()| stream.write_all(bytes)),
                    None => stream.write_all(
                        b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                    ),
                };
            });
        }
    });
    address
}

fn file<'a>(files: &'a [(String, Vec<u8>)], name: &str) -> &'a [u8] {
    &files.iter().find(|(n, _)| n == name).unwrap().1
}

/// The installer, run as the README says, against `server`.
fn install(installer: &[u8], server: &str, into: &Path) -> Output {
    let home = tempfile::tempdir().unwrap();
    let script = home.path().join("advocate-installer.sh");
    std::fs::write(&script, installer).unwrap();
    Command::new("sh")
        .arg(&script)
        .env("HOME", home.path())
        .env("ADVOCATE_INSTALLER_GITHUB_BASE_URL", server)
        .env("ADVOCATE_UNMANAGED_INSTALL", into)
        .output()
        .unwrap()
}

/// The Action's own steps: pick the release, then download and verify it.
fn action_install(server: &str, into: &Path) -> Output {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let temp = tempfile::tempdir().unwrap();
    let outputs = temp.path().join("output");
    let release = Command::new("bash")
        .arg(root.join("scripts/action-release.sh"))
        .env("INPUT_VERSION", "")
        .env("ACTION_REF", format!("v{}", env!("CARGO_PKG_VERSION")))
        .env("ACTION_PATH", root)
        .env("ACTION_REPOSITORY", "")
        .env("RUNNER_OS_NAME", "Linux")
        .env("RUNNER_ARCH_NAME", "X64")
        .env("RUNNER_TOOL_CACHE", temp.path())
        .env(
            "ADVOCATE_RELEASES",
            format!(
                "{server}/{}/releases/download",
                env!("CARGO_PKG_REPOSITORY").trim_start_matches("https://github.com/")
            ),
        )
        .env("GITHUB_OUTPUT", &outputs)
        .output()
        .unwrap();
    assert!(release.status.success(), "{release:?}");
    let text = std::fs::read_to_string(&outputs).unwrap();
    let value = |key: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(&format!("{key}=")))
            .unwrap()
            .to_string()
    };
    assert_eq!(value("version"), env!("CARGO_PKG_VERSION"));
    assert_eq!(value("archive"), format!("advocate-{TARGET}.tar.xz"));
    Command::new("bash")
        .arg(root.join("scripts/action-install.sh"))
        .env("URL", value("url"))
        .env("ARCHIVE", value("archive"))
        .env("DIR", into)
        .output()
        .unwrap()
}

fn version_of(binary: &Path) -> String {
    let output = Command::new(binary).arg("--version").output().unwrap();
    assert!(output.status.success());
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn the_release_installs_a_matching_binary_and_refuses_a_tampered_archive() {
    let Some(dist) = dist() else { return };
    let files = build_release(&dist);
    let archive = format!("advocate-{TARGET}.tar.xz");
    for name in [
        archive.as_str(),
        &format!("{archive}.sha256"),
        "advocate-installer.sh",
        "sha256.sum",
    ] {
        assert!(files.iter().any(|(n, _)| n == name), "{name} is made");
    }
    let checksum = String::from_utf8(file(&files, &format!("{archive}.sha256")).to_vec()).unwrap();
    assert!(
        checksum.trim_end().ends_with(&format!("*{archive}")),
        "{checksum}"
    );

    let ours = version_of(Path::new(env!("CARGO_BIN_EXE_advocate")));
    assert!(ours.starts_with(&format!("advocate {} (", env!("CARGO_PKG_VERSION"))));
    let installer = file(&files, "advocate-installer.sh").to_vec();

    // As released: the installer and the Action install it.
    let server = serve(files.clone());
    let bin = tempfile::tempdir().unwrap();
    let output = install(&installer, &server, bin.path());
    assert!(output.status.success(), "installer: {output:?}");
    assert_eq!(version_of(&bin.path().join("advocate")), ours);
    let action_bin = tempfile::tempdir().unwrap();
    let output = action_install(&server, action_bin.path());
    assert!(output.status.success(), "action: {output:?}");
    assert_eq!(version_of(&action_bin.path().join("advocate")), ours);

    // Tampered: one byte of the archive changed on the server.
    let tampered: Vec<(String, Vec<u8>)> = files
        .into_iter()
        .map(|(name, mut bytes)| {
            if name == archive {
                let middle = bytes.len() / 2;
                bytes[middle] ^= 0x01;
            }
            (name, bytes)
        })
        .collect();
    let server = serve(tampered);
    let bin = tempfile::tempdir().unwrap();
    let output = install(&installer, &server, bin.path());
    assert!(!output.status.success(), "the installer refuses it");
    let said = String::from_utf8_lossy(&output.stderr).to_lowercase();
    assert!(said.contains("checksum"), "{said}");
    assert!(!bin.path().join("advocate").exists());
    let action_bin = tempfile::tempdir().unwrap();
    let output = action_install(&server, action_bin.path().join("bin").as_path());
    assert!(!output.status.success(), "the Action refuses it");
    assert!(String::from_utf8_lossy(&output.stdout).contains("does not match its checksum"));
    assert!(!action_bin.path().join("bin/advocate").exists());
}
