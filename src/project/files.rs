//! The load stage's edge: the only code that reads the repository from the
//! disk, and the one place that decides what each path of it is and whether
//! it may be read.

use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::post::assets::Assets;
use crate::rule::Rule;
use crate::source::SourceFile;

use std::path::{Path, PathBuf};

/// The policy, at the root.
pub(crate) const POLICY_FILE: &str = "policy.yaml";
/// The posts and their images.
pub(crate) const LIBRARY_DIR: &str = "library";
/// The click exports.
pub(crate) const ANALYTICS_DIR: &str = "analytics";
/// Repository themes.
const THEMES_DIR: &str = "themes";
/// The folders of sources at the root, each read (and watched) as a whole.
pub(crate) const SOURCE_FOLDERS: [&str; 4] = [LIBRARY_DIR, THEMES_DIR, ANALYTICS_DIR, STATIC_DIR];
/// Files copied into the portal's root as they are (`CNAME`, `robots.txt`,
/// icons).
pub(crate) const STATIC_DIR: &str = "static";
/// A repository's own theme, replacing the built-in one.
pub(crate) const THEME_DIR: &str = "themes/default";

/// What a path of the repository is to advocate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PathKind {
    /// `policy.yaml`.
    Policy,
    /// A `*.md` file under `library/`.
    Post,
    /// Any other file under `library/`.
    Asset,
    /// `analytics/*.csv`.
    Analytics,
    /// A file of `themes/` or `static/`: what the portal looks like.
    Theme,
    /// Everything else, and names starting with `_` or `.` (templates,
    /// editors' swap files).
    Ignored,
}

/// What `rel` (relative to the root, `/`-separated) is.
pub(crate) fn classify(rel: &str) -> PathKind {
    let parts: Vec<&str> = rel.split('/').collect();
    if parts.iter().skip(1).any(|p| p.starts_with(['_', '.'])) || is_editor_noise(rel) {
        return PathKind::Ignored;
    }
    match parts.as_slice() {
        [POLICY_FILE] => PathKind::Policy,
        [LIBRARY_DIR, .., name] if name.ends_with(".md") => PathKind::Post,
        [LIBRARY_DIR, _, ..] => PathKind::Asset,
        // The folder itself too: one that appears again is read again.
        [ANALYTICS_DIR] => PathKind::Analytics,
        [ANALYTICS_DIR, name] if name.ends_with(".csv") || name.ends_with(".json") => {
            PathKind::Analytics
        }
        [THEMES_DIR, ..] | [STATIC_DIR, ..] => PathKind::Theme,
        _ => PathKind::Ignored,
    }
}

/// Editors' swap and backup files: never content.
fn is_editor_noise(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.starts_with(".#")
        || name.ends_with(".tmp")
}

/// A file's path (relative, `/`-separated) and bytes.
pub(crate) type NamedFile = (String, Vec<u8>);

/// A post file that is not UTF-8: its text as far as it could be read, and
/// the diagnostic that says where it went wrong.
pub(crate) type Unreadable = Box<(SourceFile, Diagnostic)>;

/// What the walk of `library/` found.
pub(crate) struct LibraryFiles {
    /// The post files (`*.md`), in the walk's order, not yet read: a
    /// caller reads, parses and checks one at a time.
    pub(crate) posts: Vec<PostFile>,
    /// Files that could not be read as posts (not UTF-8): each has its
    /// diagnostic, and the file is counted as a post.
    pub(crate) unreadable: Vec<Unreadable>,
    /// Every other file, with its size.
    pub(crate) assets: Assets,
    /// Things skipped that the user should know about (symlinks that lead
    /// out of the repository).
    pub(crate) notes: Vec<String>,
}

/// A post file found by the walk, by its path relative to the root and on
/// disk.
pub(crate) struct PostFile {
    pub(crate) rel: String,
    pub(crate) path: PathBuf,
}

impl PostFile {
    /// Its text (BOM removed), or its diagnostic when it is not UTF-8.
    pub(crate) fn read(&self) -> Result<Result<SourceFile, Unreadable>, Error> {
        Ok(self.read_with_fingerprint()?.1)
    }

    /// The same, with the fingerprint of the bytes as read (so a build
    /// need not read the file again to remember its content).
    pub(crate) fn read_with_fingerprint(
        &self,
    ) -> Result<(u64, Result<SourceFile, Unreadable>), Error> {
        let bytes =
            std::fs::read(&self.path).map_err(|e| Error::io("cannot read", &self.path, e))?;
        let fingerprint = crate::fingerprint::of(&bytes);
        Ok((fingerprint, decode_post(&self.rel, bytes)))
    }
}

/// `--root`, else the nearest folder upwards from `start` with a
/// `policy.yaml`.
pub(crate) fn find_root(explicit: Option<&Path>, start: &Path) -> Result<PathBuf, Error> {
    if let Some(root) = explicit {
        if !root.is_dir() {
            return Err(Error::Usage(format!(
                "--root {}: no such folder",
                root.display()
            )));
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
    Err(Error::Usage(format!(
        "no {POLICY_FILE} in {} or any folder above it; run advocate inside a content repository, pass --root DIR, or start one with `advocate init`",
        start.display()
    )))
}

/// `policy.yaml`'s text.
pub(crate) fn read_policy_file(root: &Path) -> Result<SourceFile, Error> {
    let path = root.join(POLICY_FILE);
    if !stays_inside(&path, root) {
        return Err(Error::Usage(format!(
            "{} is a link to a file outside the repository (or into .git/); make it a file of its own",
            path.display()
        )));
    }
    let bytes = std::fs::read(&path).map_err(|e| Error::io("cannot read", &path, e))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| Error::Usage(format!("{} is not UTF-8 text", path.display())))?;
    Ok(SourceFile::new(POLICY_FILE, text))
}

/// The click exports, `analytics/*.csv` and `analytics/*.json`, in name order.
pub(crate) fn read_analytics(root: &Path) -> Result<Vec<SourceFile>, Error> {
    let dir = root.join(ANALYTICS_DIR);
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .map_err(|e| Error::io("cannot read", &dir, e))?
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| classify(&format!("{ANALYTICS_DIR}/{name}")) == PathKind::Analytics)
        // An export that is a link out of analytics/ is never read: its
        // lines would be quoted in warnings.
        .filter(|name| stays_inside(&dir.join(name), &dir))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let path = dir.join(&name);
            let bytes = std::fs::read(&path).map_err(|e| Error::io("cannot read", &path, e))?;
            Ok(SourceFile::new(
                format!("{ANALYTICS_DIR}/{name}"),
                export_text(&bytes),
            ))
        })
        .collect()
}

/// An export's text: UTF-8, or UTF-16 after its byte-order mark (what
/// Matomo's and spreadsheet apps' CSV downloads may be). A byte that is no
/// character becomes U+FFFD and is said where it stands.
fn export_text(bytes: &[u8]) -> String {
    let utf16 = |bom: [u8; 2], unit: fn([u8; 2]) -> u16| {
        bytes.strip_prefix(&bom).map(|rest| {
            let units = rest.chunks(2).map(|pair| match pair {
                [a, b] => unit([*a, *b]),
                _ => 0xFFFD,
            });
            char::decode_utf16(units)
                .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
                .collect()
        })
    };
    utf16([0xFF, 0xFE], u16::from_le_bytes)
        .or_else(|| utf16([0xFE, 0xFF], u16::from_be_bytes))
        .unwrap_or_else(|| String::from_utf8_lossy(bytes).into_owned())
}

/// Whether `path` is a file inside `folder` itself or through links that
/// stay in it, and never in a `.git` folder.
fn stays_inside(path: &Path, folder: &Path) -> bool {
    match (path.canonicalize(), folder.canonicalize()) {
        (Ok(target), Ok(folder)) => {
            target.starts_with(&folder)
                && !target
                    .strip_prefix(&folder)
                    .is_ok_and(|rest| rest.components().any(|c| c.as_os_str() == ".git"))
        }
        // A file that is not there is reported by whoever reads it.
        (Err(_), _) => !path.is_symlink(),
        _ => false,
    }
}

/// Walks `library/`: `*.md` files are posts, the rest assets. Names that
/// start with `_` or `.` are skipped; symlinks are followed only when they
/// stay inside `library/`.
pub(crate) fn read_library(root: &Path) -> Result<LibraryFiles, Error> {
    let library_dir = root.join(LIBRARY_DIR);
    let canonical_library = library_dir
        .canonicalize()
        .unwrap_or_else(|_| library_dir.clone());
    let mut library = LibraryFiles {
        posts: Vec::new(),
        unreadable: Vec::new(),
        assets: Assets::new(),
        notes: Vec::new(),
    };
    if !library_dir.is_dir() {
        return Ok(library);
    }

    let walker = walkdir::WalkDir::new(&library_dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            entry.depth() == 0 || !entry.file_name().to_string_lossy().starts_with(['_', '.'])
        });
    for entry in walker {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(&library_dir).to_path_buf();
            Error::io("cannot read", path, e.into())
        })?;
        let path = entry.path();
        let mut file_type = entry.file_type();
        if file_type.is_symlink() {
            match path.canonicalize() {
                Ok(target) if target.starts_with(&canonical_library) => {
                    file_type = std::fs::metadata(&target)
                        .map_err(|e| Error::io("cannot read", path, e))?
                        .file_type();
                    if file_type.is_dir() {
                        continue; // linked folders are not walked: no cycles
                    }
                }
                _ => {
                    library.notes.push(format!(
                        "skipped {}: it is a link to a file outside library/",
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
        if path.strip_prefix(root).unwrap_or(path).to_str().is_none() {
            // The portal's addresses and every report need text: such a
            // name is an error to fix, never a file silently left out.
            let file = SourceFile::new(rel.clone(), String::new());
            let diagnostic = Diagnostic::error(
                &file,
                0..0,
                Rule::FrontMatter,
                "this file's name (or a folder's) is not UTF-8 text; rename it with your editor or `git mv`",
            );
            library.unreadable.push(Box::new((file, diagnostic)));
            continue;
        }
        if classify(&rel) == PathKind::Post {
            library.posts.push(PostFile {
                rel,
                path: path.to_path_buf(),
            });
        } else {
            let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
            library.assets.insert(rel, size);
        }
    }
    Ok(library)
}

/// One file of the repository by its relative path, if it is there; `None`
/// when it was deleted. Used to re-read one changed post or asset.
pub(crate) fn read_file(root: &Path, rel: &str) -> Result<Option<Vec<u8>>, Error> {
    let path = root.join(rel);
    match std::fs::read(&path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(_) if path.is_dir() => Ok(None),
        Err(e) => Err(Error::io("cannot read", path, e)),
    }
}

/// The bytes of a file of the library that a post shows (its image). Only
/// an asset under `library/` may be read, and never through a link that
/// leads out of `library/` (to `.git/config`, say, or `/etc/passwd`): the
/// check is made when the file is read, so a file swapped for a link while
/// `serve` runs is refused too.
pub(crate) fn read_asset(root: &Path, rel: &str) -> Result<Vec<u8>, Error> {
    let path = root.join(rel);
    let refused = || Error::Usage(format!("{rel} is not a file of the library"));
    if classify(rel) != PathKind::Asset {
        return Err(refused());
    }
    let library = root.join(LIBRARY_DIR);
    let canonical_library = library
        .canonicalize()
        .map_err(|e| Error::io("cannot open", &library, e))?;
    let target = path
        .canonicalize()
        .map_err(|e| Error::io("cannot read", &path, e))?;
    if !target.starts_with(&canonical_library) {
        return Err(refused());
    }
    std::fs::read(&target).map_err(|e| Error::io("cannot read", &path, e))
}

/// The size of one asset, `None` when it is gone or not a file.
pub(crate) fn asset_size(root: &Path, rel: &str) -> Option<u64> {
    std::fs::metadata(root.join(rel))
        .ok()
        .filter(|m| m.is_file())
        .map(|m| m.len())
}

/// UTF-8 text, or a diagnostic at the first byte that isn't.
pub(crate) fn decode_post(rel: &str, bytes: Vec<u8>) -> Result<SourceFile, Unreadable> {
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
                Rule::FrontMatter,
                "this file is not UTF-8 text; save it as UTF-8 in your editor (the first bad byte is here)",
            );
            Err(Box::new((file, diagnostic)))
        }
    }
}

/// The repository's theme files (`templates/`, `static/`, `i18n/` of
/// `themes/default/`) by path relative to the theme folder, or `None` when
/// it has no theme of its own.
pub(crate) fn read_theme_files(root: &Path) -> Result<Option<Vec<NamedFile>>, Error> {
    let dir = root.join(THEME_DIR);
    refuse_links(root, &dir)?;
    if !dir.is_dir() {
        return Ok(None);
    }
    let mut files = Vec::new();
    for part in ["templates", "static", "i18n"] {
        refuse_links(root, &dir.join(part))?;
        for (name, bytes) in read_tree(&dir.join(part))? {
            files.push((format!("{part}/{name}"), bytes));
        }
    }
    Ok(Some(files))
}

/// Where GitHub and GitLab look for CODEOWNERS, in their order.
const CODEOWNERS: [&str; 4] = [
    ".github/CODEOWNERS",
    ".gitlab/CODEOWNERS",
    "CODEOWNERS",
    "docs/CODEOWNERS",
];

/// The CODEOWNERS file that governs the content: the first found in the
/// root, else in each folder above it up to the git top level (the folder
/// holding `.git`). Its path is relative to the root (`../.github/…`).
pub(crate) fn read_codeowners(root: &Path) -> Option<SourceFile> {
    let (rel, path) = codeowners_location(root)?;
    let text = std::fs::read(&path).ok()?;
    let text = String::from_utf8_lossy(&text).into_owned();
    Some(SourceFile::new(rel, text))
}

/// Where the CODEOWNERS that governs the content is, if there is one: by
/// its path as reports show it (`../` above the root) and on disk.
pub(crate) fn codeowners_location(root: &Path) -> Option<(String, PathBuf)> {
    let mut up = String::new();
    for dir in root.ancestors() {
        for name in CODEOWNERS {
            let path = dir.join(name);
            if path.is_file() && stays_inside(&path, dir) {
                return Some((format!("{up}{name}"), path));
            }
        }
        if dir.join(".git").exists() {
            break;
        }
        up.push_str("../");
    }
    None
}

/// The repository's `static/` files, by path relative to it (links are
/// not followed, and `static/` itself may not be one).
pub(crate) fn read_root_files(root: &Path) -> Result<Vec<NamedFile>, Error> {
    let dir = root.join(STATIC_DIR);
    refuse_links(root, &dir)?;
    read_tree(&dir)
}

/// Refuses a folder that is, or lies under, a link (below `root`): a link
/// could publish anything on the machine (`static -> .git` would publish
/// the repository's credentials), and the folder's own walk follows
/// its root.
pub(crate) fn refuse_links(root: &Path, dir: &Path) -> Result<(), Error> {
    let Ok(inside) = dir.strip_prefix(root) else {
        return Ok(());
    };
    let mut path = root.to_path_buf();
    for part in inside.components() {
        path.push(part);
        if path
            .symlink_metadata()
            .is_ok_and(|m| m.file_type().is_symlink())
        {
            let target = std::fs::read_link(&path)
                .map(|t| format!(" (to {})", t.display()))
                .unwrap_or_default();
            return Err(Error::Usage(format!(
                "{} is a link{target}; advocate publishes only what is inside the repository: \
                 make it a folder holding the files",
                relative(root, &path)
            )));
        }
    }
    Ok(())
}

/// Every file below `dir`, by `/`-separated relative path, sorted.
pub(crate) fn read_tree(dir: &Path) -> Result<Vec<NamedFile>, Error> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
    {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(dir).to_path_buf();
            Error::io("cannot read", path, e.into())
        })?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = relative(dir, entry.path());
        let bytes =
            std::fs::read(entry.path()).map_err(|e| Error::io("cannot read", entry.path(), e))?;
        files.push((rel, bytes));
    }
    Ok(files)
}

/// Refuses an output folder that is the repository, holds it, or lies
/// inside its sources (`library/`, `themes/`, `analytics/`, `static/`,
/// `.git/`): publishing there would move or delete the posts themselves.
pub(crate) fn check_output(root: &Path, out: &Path) -> Result<(), Error> {
    let root = root
        .canonicalize()
        .map_err(|e| Error::io("cannot open", root, e))?;
    let out_abs = absolute(out);
    let refuse = |why: String| {
        Err(Error::Usage(format!(
            "--out {}: {why}; build into a folder of its own, such as public/",
            out.display()
        )))
    };
    if out_abs == root || root.starts_with(&out_abs) {
        return refuse("that folder holds the repository itself".into());
    }
    if let Ok(inside) = out_abs.strip_prefix(&root) {
        let first = inside
            .components()
            .next()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .unwrap_or_default();
        if SOURCE_FOLDERS
            .iter()
            .chain(&[".git", POLICY_FILE])
            .any(|source| *source == first)
        {
            return refuse(format!("that is inside the repository's {first}"));
        }
    }
    Ok(())
}

/// `path` made absolute with links resolved, as far as it exists.
fn absolute(path: &Path) -> PathBuf {
    let path = std::env::current_dir().map_or_else(|_| path.to_path_buf(), |cwd| cwd.join(path));
    let mut existing = path.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => break,
        }
    }
    let mut resolved = existing
        .canonicalize()
        .unwrap_or_else(|_| existing.to_path_buf());
    for name in rest.iter().rev() {
        if name == ".." {
            resolved.pop();
        } else if name != "." {
            resolved.push(name);
        }
    }
    resolved
}

/// `path` relative to `root`, `/`-separated.
pub(crate) fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Links that leave their folder, or lead into `.git/`, are never read.
    #[test]
    fn reads_no_link_out_of_its_folder() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join(".git")).unwrap();
        std::fs::create_dir_all(root.join("analytics")).unwrap();
        std::fs::write(root.join(".git/config"), "token").unwrap();
        std::fs::write(root.join("secret.csv"), "date,post_id,network,clicks\n").unwrap();
        std::os::unix::fs::symlink(root.join(".git/config"), root.join("policy.yaml")).unwrap();
        std::os::unix::fs::symlink(root.join("secret.csv"), root.join("analytics/a.csv")).unwrap();
        std::fs::write(
            root.join("analytics/b.csv"),
            "date,post_id,network,clicks\n",
        )
        .unwrap();
        assert!(read_policy_file(root).is_err());
        let exports: Vec<String> = read_analytics(root)
            .unwrap()
            .into_iter()
            .map(|f| f.path)
            .collect();
        assert_eq!(exports, vec!["analytics/b.csv"]);
    }

    #[test]
    fn classifies_paths() {
        let cases = [
            ("policy.yaml", PathKind::Policy),
            ("library/a.md", PathKind::Post),
            ("library/2026/tokyo/index.md", PathKind::Post),
            ("library/2026/tokyo/lounge.png", PathKind::Asset),
            ("library/_template.md", PathKind::Ignored),
            ("library/.a.md.swp", PathKind::Ignored),
            ("library/a.md~", PathKind::Ignored),
            ("library", PathKind::Ignored),
            ("analytics/2026-11.csv", PathKind::Analytics),
            ("analytics/_old.csv", PathKind::Ignored),
            ("analytics", PathKind::Analytics),
            ("themes", PathKind::Theme),
            ("themes/default/static/icons/a.svg", PathKind::Theme),
            ("static/CNAME", PathKind::Theme),
            ("README.md", PathKind::Ignored),
            ("public/index.html", PathKind::Ignored),
        ];
        for (path, kind) in cases {
            assert_eq!(classify(path), kind, "{path}");
        }
    }

    #[test]
    fn exports_in_utf16_read_as_their_text() {
        let text = "label,nb_visits\n東京,3\n";
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(export_text(&le), text);
        assert_eq!(export_text(&be), text);
        assert_eq!(export_text(text.as_bytes()), text);
        // An odd last byte is one replacement character, not a panic.
        assert_eq!(export_text(&[0xFF, 0xFE, b'a', 0, b'b']), "a\u{FFFD}");
    }
}
