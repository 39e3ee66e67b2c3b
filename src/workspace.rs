//! The load stage: find the root, read `policy.yaml` and the library. The
//! only part of `check` that touches the disk.

use crate::check::Assets;
use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

pub const POLICY_FILE: &str = "policy.yaml";
pub const LIBRARY_DIR: &str = "library";

/// A post file that is not UTF-8: its text as far as it could be read, and
/// the diagnostic that says where it went wrong.
pub type Unreadable = Box<(SourceFile, Diagnostic)>;

/// The repository: its root and everything read from it.
pub struct Library {
    /// The post files (`*.md`), in path order, BOMs removed.
    pub posts: Vec<SourceFile>,
    /// Files that could not be read as posts (not UTF-8): each has its
    /// diagnostic, and the file is counted as a post.
    pub unreadable: Vec<Unreadable>,
    pub assets: Assets,
    /// Things skipped that the user should know about (symlinks that lead
    /// out of the repository).
    pub notes: Vec<String>,
}

/// `--root`, else the nearest folder upwards from `start` with a
/// `policy.yaml`.
pub fn find_root(explicit: Option<&Path>, start: &Path) -> Result<PathBuf, String> {
    if let Some(root) = explicit {
        if !root.is_dir() {
            return Err(format!("--root {}: no such folder", root.display()));
        }
        return Ok(root.to_path_buf());
    }
    let mut dir = Some(start);
    while let Some(candidate) = dir {
        if candidate.join(POLICY_FILE).is_file() {
            return Ok(candidate.to_path_buf());
        }
        dir = candidate.parent();
    }
    Err(format!(
        "no {POLICY_FILE} in {} or any folder above it; run advocate inside a content repository, pass --root DIR, or start one with `advocate init`",
        start.display()
    ))
}

/// The click exports, `analytics/*.csv`, in name order.
pub fn read_analytics(root: &Path) -> Result<Vec<SourceFile>, String> {
    let dir = root.join("analytics");
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".csv") && !name.starts_with(['_', '.']))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let bytes = std::fs::read(dir.join(&name))
                .map_err(|e| format!("cannot read analytics/{name}: {e}"))?;
            Ok(SourceFile::new(
                format!("analytics/{name}"),
                String::from_utf8_lossy(&bytes).into_owned(),
            ))
        })
        .collect()
}

pub fn read_policy_file(root: &Path) -> Result<SourceFile, String> {
    let path = root.join(POLICY_FILE);
    let bytes = std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let text =
        String::from_utf8(bytes).map_err(|_| format!("{} is not UTF-8 text", path.display()))?;
    Ok(SourceFile::new(POLICY_FILE, text))
}

/// Walks `library/`: `*.md` files are posts, the rest assets. Names that
/// start with `_` or `.` are skipped; symlinks are followed only when they
/// stay inside the root.
pub fn load_library(root: &Path) -> Result<Library, String> {
    let library_dir = root.join(LIBRARY_DIR);
    let canonical_root = root
        .canonicalize()
        .map_err(|e| format!("cannot open {}: {e}", root.display()))?;
    let mut library = Library {
        posts: Vec::new(),
        unreadable: Vec::new(),
        assets: Assets::new(),
        notes: Vec::new(),
    };
    if !library_dir.is_dir() {
        return Ok(library);
    }
    let mut post_paths: Vec<(String, PathBuf)> = Vec::new();
    let walker = walkdir::WalkDir::new(&library_dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            entry.depth() == 0 || !entry.file_name().to_string_lossy().starts_with(['_', '.'])
        });
    for entry in walker {
        let entry = entry.map_err(|e| format!("cannot read the library: {e}"))?;
        let path = entry.path();
        let mut file_type = entry.file_type();
        if file_type.is_symlink() {
            match path.canonicalize() {
                Ok(target) if target.starts_with(&canonical_root) => {
                    file_type = std::fs::metadata(&target)
                        .map_err(|e| format!("cannot read {}: {e}", path.display()))?
                        .file_type();
                    if file_type.is_dir() {
                        continue; // linked folders are not walked: no cycles
                    }
                }
                _ => {
                    library.notes.push(format!(
                        "skipped {}: it is a link to a file outside the repository",
                        relative(root, path)
                    ));
                    continue;
                }
            }
        }
        if !file_type.is_file() {
            continue;
        }
        let rel = relative(root, path);
        if rel.ends_with(".md") {
            post_paths.push((rel, path.to_path_buf()));
        } else {
            let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
            library.assets.insert(rel, size);
        }
    }
    let read: Vec<Result<Result<SourceFile, Unreadable>, String>> = post_paths
        .par_iter()
        .map(|(rel, path)| {
            let bytes = std::fs::read(path).map_err(|e| format!("cannot read {rel}: {e}"))?;
            Ok(decode_post(rel, bytes))
        })
        .collect();
    for result in read {
        match result? {
            Ok(file) => library.posts.push(file),
            Err(unreadable) => library.unreadable.push(unreadable),
        }
    }
    Ok(library)
}

/// UTF-8 text, or a diagnostic at the first byte that isn't.
pub fn decode_post(rel: &str, bytes: Vec<u8>) -> Result<SourceFile, Unreadable> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile::new(rel, text)),
        Err(error) => {
            let valid = error.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(error.as_bytes()).into_owned();
            let file = SourceFile::new(rel, lossy);
            let bom = if error.as_bytes().starts_with("\u{feff}".as_bytes()) {
                3
            } else {
                0
            };
            let at = valid.saturating_sub(bom).min(file.text.len());
            let diagnostic = Diagnostic::error(
                &file,
                at..at,
                "front-matter",
                "this file is not UTF-8 text; save it as UTF-8 in your editor (the first bad byte is here)",
            );
            Err(Box::new((file, diagnostic)))
        }
    }
}

fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
