//! What changed, as real `git` sees it: for `check --changed-since` and
//! `review --base`.

use crate::error::Error;
use std::path::Path;
use std::process::Command;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ChangeKind {
    Added,
    Modified,
    /// Renamed from this path (possibly edited too).
    Renamed(String),
    Deleted,
}

/// A file changed since the merge base, by path relative to the root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Change {
    pub(crate) kind: ChangeKind,
    pub(crate) path: String,
}

fn git(root: &Path, args: &[&str]) -> Result<String, Error> {
    let output = Command::new("git")
        .current_dir(root)
        .args(args)
        .output()
        .map_err(|e| Error::Git(format!("cannot run git: {e}")))?;
    if !output.status.success() {
        // git merge-base says nothing when it finds no common commit.
        let stderr = String::from_utf8_lossy(&output.stderr);
        let reason = match stderr.trim() {
            "" => format!("exit status {}", output.status.code().unwrap_or(-1)),
            said => said.to_string(),
        };
        return Err(Error::Git(format!(
            "git {} failed: {reason}",
            args.join(" ")
        )));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// The root's folder from the git top level (`marketing/`), empty at the
/// top level or outside git.
pub(crate) fn prefix(root: &Path) -> String {
    git(root, &["rev-parse", "--show-prefix"])
        .map(|p| p.trim().to_string())
        .unwrap_or_default()
}

/// The commit where the current branch left `rev`.
pub(crate) fn merge_base(root: &Path, rev: &str) -> Result<String, Error> {
    match git(root, &["merge-base", rev, "HEAD"]) {
        Ok(base) => Ok(base.trim().to_string()),
        Err(error) if is_shallow(root) => Err(Error::Git(format!(
            "cannot find where HEAD left {rev}: this clone is shallow, so the history \
             between them is missing. Fetch it with `git fetch --unshallow` (GitHub Actions: \
             actions/checkout with `fetch-depth: 0`; GitLab CI: `GIT_DEPTH: 0`). ({error})"
        ))),
        Err(error) => Err(error),
    }
}

/// Whether the clone has only part of its history (CI's default clones).
fn is_shallow(root: &Path) -> bool {
    git(root, &["rev-parse", "--is-shallow-repository"]).is_ok_and(|out| out.trim() == "true")
}

/// Every file changed between the merge base with `rev` and the working
/// tree, renames detected, untracked files counted as added.
pub(crate) fn changes_since(root: &Path, rev: &str) -> Result<Vec<Change>, Error> {
    let base = merge_base(root, rev)?;
    let diff = git(
        root,
        &[
            "diff",
            "--name-status",
            "-z",
            "-M",
            "--relative",
            &base,
            "--",
        ],
    )?;
    let mut changes = Vec::new();
    let mut fields = diff.split('\0').filter(|f| !f.is_empty());
    while let Some(status) = fields.next() {
        let kind = match status.chars().next() {
            Some('A') => ChangeKind::Added,
            Some('D') => ChangeKind::Deleted,
            Some('R') | Some('C') => {
                let from = fields.next().unwrap_or_default().to_string();
                ChangeKind::Renamed(from)
            }
            _ => ChangeKind::Modified,
        };
        let Some(path) = fields.next() else { break };
        changes.push(Change {
            kind,
            path: path.to_string(),
        });
    }
    let untracked = git(root, &["ls-files", "-z", "--others", "--exclude-standard"])?;
    for path in untracked.split('\0').filter(|p| !p.is_empty()) {
        changes.push(Change {
            kind: ChangeKind::Added,
            path: path.to_string(),
        });
    }
    Ok(changes)
}

/// A file's text at a revision, if it existed there.
pub(crate) fn show(root: &Path, rev: &str, path: &str) -> Option<String> {
    git(root, &["show", &format!("{rev}:./{path}")]).ok()
}
