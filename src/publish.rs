//! The publish stage: write the rendered files and swap them in atomically.
//!
//! Files are written into a staging folder beside the output, which keeps
//! the previous build's tree: only files whose bytes changed are written,
//! and files no longer rendered are removed, because recreating thousands
//! of folders costs seconds on these disks. Then the staging folder and the
//! output are exchanged in one `renameat2(RENAME_EXCHANGE)`: readers see the
//! old site or the new one, never half of each, and a build that fails or is
//! killed before the exchange leaves the old site as it was.

use std::collections::BTreeSet;
use std::ffi::CString;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// What publishing did, for the summary line.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Published {
    pub files: usize,
    pub written: usize,
    pub removed: usize,
}

pub fn staging_dir(out: &Path) -> PathBuf {
    let name = out
        .file_name()
        .map_or("public".into(), |n| n.to_string_lossy().into_owned());
    out.with_file_name(format!(".{name}.staging"))
}

pub fn publish_atomically(out: &Path, files: &[(String, Vec<u8>)]) -> io::Result<Published> {
    for (path, _) in files {
        if !is_safe_relative(path) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("refusing to write {path}"),
            ));
        }
    }
    let staging = staging_dir(out);
    if !staging.is_dir() {
        if out.is_dir() {
            // Start from a copy of the current site, so that the next
            // builds only write what changed.
            copy_tree(out, &staging)?;
        } else {
            fs::create_dir_all(&staging)?;
        }
    }
    let mut report = Published {
        files: files.len(),
        ..Published::default()
    };
    let wanted: BTreeSet<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
    for (path, bytes) in files {
        let target = staging.join(path);
        if fs::read(&target).is_ok_and(|old| old == *bytes) {
            continue;
        }
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(&target, bytes)?;
        report.written += 1;
    }
    report.removed = remove_unwanted(&staging, &staging, &wanted)?;
    if out.exists() {
        exchange(&staging, out)?;
    } else {
        fs::rename(&staging, out)?;
        copy_tree(out, &staging)?;
    }
    // The staging folder now holds the previous site; bring it up to date
    // in the next build.
    Ok(report)
}

fn is_safe_relative(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains('\\')
        && path
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
}

/// Removes files and then empty folders that are not in `wanted`.
fn remove_unwanted(root: &Path, dir: &Path, wanted: &BTreeSet<&str>) -> io::Result<usize> {
    let mut removed = 0;
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let kind = entry.file_type()?;
        if kind.is_dir() {
            removed += remove_unwanted(root, &path, wanted)?;
            if fs::read_dir(&path)?.next().is_none() {
                fs::remove_dir(&path)?;
            }
        } else {
            let rel = path.strip_prefix(root).unwrap_or(&path);
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            if !wanted.contains(rel.as_str()) {
                fs::remove_file(&path)?;
                removed += 1;
            }
        }
    }
    Ok(removed)
}

fn copy_tree(from: &Path, to: &Path) -> io::Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else if entry.file_type()?.is_file() {
            fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

/// Swaps two paths in one step (Linux `renameat2`); elsewhere, two renames.
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::ffi::OsStrExt;
        let a = CString::new(a.as_os_str().as_bytes())?;
        let b = CString::new(b.as_os_str().as_bytes())?;
        // SAFETY: both are valid NUL-terminated paths; AT_FDCWD resolves
        // them relative to the current folder, as std does.
        let status = unsafe {
            libc::renameat2(
                libc::AT_FDCWD,
                a.as_ptr(),
                libc::AT_FDCWD,
                b.as_ptr(),
                libc::RENAME_EXCHANGE,
            )
        };
        if status == 0 {
            return Ok(());
        }
        let error = io::Error::last_os_error();
        if !matches!(
            error.raw_os_error(),
            Some(libc::EINVAL) | Some(libc::ENOSYS)
        ) {
            return Err(error);
        }
    }
    let parked = b.with_extension("old");
    fs::rename(b, &parked)?;
    fs::rename(a, b)?;
    fs::rename(&parked, a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_paths_out_of_the_output() {
        for path in ["../x", "/etc/x", "a/../../x", "a//b", "", "a\\b", "./a"] {
            assert!(!is_safe_relative(path), "{path}");
        }
        assert!(is_safe_relative("posts/東京/index.html"));
    }

    #[test]
    fn publishes_only_what_changed_and_removes_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let first = vec![
            ("a.txt".to_string(), b"1".to_vec()),
            ("d/b.txt".to_string(), b"2".to_vec()),
        ];
        let report = publish_atomically(&out, &first).unwrap();
        assert_eq!(report.written, 2);
        assert_eq!(fs::read(out.join("d/b.txt")).unwrap(), b"2");
        let second = vec![
            ("a.txt".to_string(), b"1".to_vec()),
            ("c.txt".to_string(), b"3".to_vec()),
        ];
        let report = publish_atomically(&out, &second).unwrap();
        assert_eq!((report.written, report.removed), (1, 1));
        assert!(!out.join("d").exists());
        assert_eq!(fs::read(out.join("c.txt")).unwrap(), b"3");
        let third = publish_atomically(&out, &second).unwrap();
        assert_eq!(
            third.written, 1,
            "staging held the first site; c.txt is new to it"
        );
        let fourth = publish_atomically(&out, &second).unwrap();
        assert_eq!(fourth.written, 0);
    }
}
