//! Which files a report covers: the paths given, the files changed since a
//! revision, or everything. The whole library is still checked, so
//! duplicate ids across the library are found.

use crate::error::Error;
use crate::project::files::POLICY_FILE;
use std::path::{Path, PathBuf};

/// The files a report covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Scope {
    /// Every file.
    All,
    /// The files under these paths (relative to the root; `""` is all).
    Within(Vec<String>),
}

impl Scope {
    /// The files under `paths` (relative to the current folder, else to the
    /// root) and, with `changed_since`, changed since the merge base with
    /// that revision (everything when `policy.yaml` changed).
    pub(crate) fn new(
        root: &Path,
        paths: &[PathBuf],
        changed_since: Option<&str>,
    ) -> Result<Scope, Error> {
        let canonical_root = root
            .canonicalize()
            .map_err(|e| Error::io("cannot open", root, e))?;
        let mut prefixes: Option<Vec<String>> = None;
        if !paths.is_empty() {
            let mut list = Vec::new();
            for path in paths {
                // Relative to the current folder, else to the root.
                let canonical = path
                    .canonicalize()
                    .or_else(|_| root.join(path).canonicalize())
                    .map_err(|_| {
                        Error::Usage(format!("{}: no such file or folder", path.display()))
                    })?;
                let rel = canonical.strip_prefix(&canonical_root).map_err(|_| {
                    Error::Usage(format!(
                        "{} is outside the repository {}",
                        path.display(),
                        root.display()
                    ))
                })?;
                let rel = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                list.push(rel);
            }
            prefixes = Some(list);
        }
        if let Some(rev) = changed_since {
            let changed = changed_files(root, rev)?;
            if !changed.iter().any(|p| p == POLICY_FILE) {
                let list = prefixes.get_or_insert_with(Vec::new);
                if paths.is_empty() {
                    list.extend(changed);
                } else {
                    list.retain(|prefix| changed.iter().any(|c| within(c, prefix)));
                }
            }
        }
        Ok(match prefixes {
            None => Scope::All,
            Some(prefixes) => Scope::Within(prefixes),
        })
    }

    /// Whether the report covers the file at `path`.
    pub(crate) fn includes(&self, path: &str) -> bool {
        match self {
            Scope::All => true,
            Scope::Within(prefixes) => prefixes.iter().any(|prefix| within(path, prefix)),
        }
    }
}

fn within(path: &str, prefix: &str) -> bool {
    prefix.is_empty()
        || path == prefix
        || path.starts_with(&format!("{}/", prefix.trim_end_matches('/')))
}

/// Files added, changed or renamed since the merge base with `rev`
/// (deleted ones are not there to report on).
fn changed_files(root: &Path, rev: &str) -> Result<Vec<String>, Error> {
    let changes = crate::git::changes_since(root, rev)
        .map_err(|e| Error::Git(format!("--changed-since {rev}: {e}")))?;
    Ok(changes
        .into_iter()
        .filter(|c| c.kind != crate::git::ChangeKind::Deleted)
        .map(|c| c.path)
        .collect())
}
