//! The publish stage: write the rendered files and swap them in atomically.
//!
//! Files are written into a staging folder beside the output, which keeps
//! the previous build's tree: only files whose bytes changed are written,
//! and files no longer rendered are removed, because recreating thousands
//! of folders costs seconds on these disks. Then the staging folder and the
//! output are exchanged in one `renameat2(RENAME_EXCHANGE)`: readers see the
//! old site or the new one, never half of each, and a build that fails or is
//! killed before the exchange leaves the old site as it was.
//!
//! Only what advocate wrote is ever removed: a manifest of the files it
//! wrote is kept beside the output, and a folder that holds other files and
//! no manifest is refused. One build at a time writes an output: a lock
//! beside it makes a second one wait.
//!
//! The bookkeeping (each tree's manifest and what its files were made from)
//! is never inside a tree, so it is never deployed. It sits in
//! `.NAME.books/`, one file per tree and kind, named by the tree's folder
//! identity: the exchange moves the trees, and what describes each follows
//! it with no step of its own that a crash could split.

use crate::error::Error;
use crate::site::{Rendered, Sink};
use std::collections::BTreeSet;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// What publishing did, for the summary line.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Published {
    pub(crate) files: usize,
    pub(crate) written: usize,
    pub(crate) removed: usize,
}

/// The list of the files advocate wrote into a tree, one path a line.
const MANIFEST: &str = "manifest";

/// What some of those files were made from: `KEY PATH` a line (keys in
/// hex). A build keeps such a file when its key is the same.
const KEYS: &str = "keys";

/// Where earlier versions kept the manifest and keys: inside the tree,
/// where they were deployed. Read once if there is nothing beside, then
/// removed; a static file may not take these names.
pub(crate) const OLD_BOOKKEEPING: [&str; 2] = [".advocate-manifest", ".advocate-keys"];

/// The folder beside the output that holds the bookkeeping.
fn books_dir(out: &Path) -> PathBuf {
    beside(out, "books")
}

/// What names a tree's folder for as long as it lives, whatever it is
/// renamed to: its device and inode (elsewhere, its creation time).
fn tree_id(tree: &Path) -> io::Result<String> {
    let meta = fs::metadata(tree)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Ok(format!("{:x}-{:x}", meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        let created = meta.created()?;
        let since = created
            .duration_since(std::time::UNIX_EPOCH)
            .map_err(io::Error::other)?;
        Ok(format!("{:x}", since.as_nanos()))
    }
}

/// The bookkeeping file of one kind for the tree `tree` of output `out`.
fn book(out: &Path, tree: &Path, kind: &str) -> io::Result<PathBuf> {
    Ok(books_dir(out).join(format!("{}.{kind}", tree_id(tree)?)))
}

/// The output's own manifest file, beside it, if the output is there: the
/// stamp records it, so a site replaced by hand is noticed.
pub(crate) fn manifest_path(out: &Path) -> Option<PathBuf> {
    book(out, out, MANIFEST).ok()
}

/// A tree's bookkeeping of one kind: beside the output, else where an
/// earlier version kept it inside the tree.
fn read_book(out: &Path, tree: &Path, kind: &str) -> Option<String> {
    let beside = book(out, tree, kind)
        .ok()
        .and_then(|path| fs::read_to_string(path).ok());
    beside.or_else(|| fs::read_to_string(tree.join(old_name(kind))).ok())
}

/// Where an earlier version kept the bookkeeping of one kind in a tree.
fn old_name(kind: &str) -> &'static str {
    if kind == MANIFEST {
        OLD_BOOKKEEPING[0]
    } else {
        OLD_BOOKKEEPING[1]
    }
}

/// Removes a file that may not be there.
fn remove_if_there(path: &Path) -> io::Result<()> {
    match fs::remove_file(path) {
        Err(error) if error.kind() != io::ErrorKind::NotFound => Err(error),
        _ => Ok(()),
    }
}

/// Writes a tree's bookkeeping of one kind, through a temporary file.
fn write_book(out: &Path, tree: &Path, kind: &str, text: &str) -> io::Result<()> {
    let path = book(out, tree, kind)?;
    fs::create_dir_all(books_dir(out))?;
    let temporary = path.with_extension("tmp");
    fs::write(&temporary, text)?;
    fs::rename(&temporary, &path)
}

/// Removes a tree's bookkeeping of one kind, wherever it is.
fn remove_book(out: &Path, tree: &Path, kind: &str) -> io::Result<()> {
    remove_if_there(&book(out, tree, kind)?)?;
    remove_if_there(&tree.join(old_name(kind)))
}

/// Keeps only the bookkeeping of the trees that are there now.
fn prune_books(out: &Path) -> io::Result<()> {
    let live: Vec<String> = [out.to_path_buf(), staging_dir(out)]
        .iter()
        .filter_map(|tree| tree_id(tree).ok())
        .collect();
    for entry in fs::read_dir(books_dir(out))? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let id = name.split('.').next().unwrap_or("");
        if !live.iter().any(|l| l == id) {
            fs::remove_file(entry.path())?;
        }
    }
    Ok(())
}

pub(crate) fn staging_dir(out: &Path) -> PathBuf {
    beside(out, "staging")
}

/// `.NAME.WHAT` beside the output folder `NAME`.
pub(crate) fn beside(out: &Path, what: &str) -> PathBuf {
    let name = out
        .file_name()
        .map_or("public".into(), |n| n.to_string_lossy().into_owned());
    out.with_file_name(format!(".{name}.{what}"))
}

/// Writes a site into the staging folder as files arrive, then swaps it in.
/// Dropped without [`Publisher::finish`], it leaves the output untouched.
pub(crate) struct Publisher {
    out: PathBuf,
    staging: PathBuf,
    wanted: Mutex<BTreeSet<String>>,
    written: AtomicUsize,
    /// The staging folder started empty: nothing to compare with and no
    /// linked file to protect, so files are written straight in.
    fresh: bool,
    /// What the previous build wrote, from its manifest; `None` for an
    /// output made before manifests, whose files are all advocate's.
    previous: Option<BTreeSet<String>>,
    /// What the staging folder's files were made from, when it says.
    staged_keys: std::collections::HashMap<String, u64>,
    /// What this build's files are made from.
    keys: Mutex<Vec<(String, u64)>>,
    /// Held until the publisher is gone: one build at a time per output.
    _lock: fs::File,
    /// Set once the new site is in place.
    done: bool,
}

impl Publisher {
    pub(crate) fn begin(out: &Path) -> Result<Publisher, Error> {
        let fail = |e: io::Error| Error::Publish(format!("cannot prepare {}: {e}", out.display()));
        let lock = lock_output(out).map_err(fail)?;
        let previous = read_manifest(out, out);
        if previous.is_none()
            && !staging_dir(out).is_dir()
            && let Some(foreign) = first_entry(out)
        {
            return Err(Error::Publish(format!(
                "{} already holds files advocate did not write (such as {foreign}); build into a new or empty folder, or move them away",
                out.display()
            )));
        }
        Publisher::prepare(out, previous, lock).map_err(fail)
    }

    fn prepare(
        out: &Path,
        previous: Option<BTreeSet<String>>,
        lock: fs::File,
    ) -> io::Result<Publisher> {
        let staging = staging_dir(out);
        let mut fresh = false;
        if !staging.is_dir() {
            if out.is_dir() {
                // Start from the current site, so that this and later builds
                // only write what changed. Hard links cost no data; writes
                // replace files (rename), so the live site is never touched.
                link_tree(out, &staging)?;
                if let Some(previous) = &previous {
                    write_book(out, &staging, MANIFEST, &manifest_text(previous))?;
                }
            } else {
                fs::create_dir_all(&staging)?;
                fresh = true;
            }
        }
        // Read once and taken away: a build killed half way leaves files
        // the old keys no longer describe, and the next one renders all.
        let staged_keys = read_book(out, &staging, KEYS)
            .map(|text| parse_keys(&text))
            .unwrap_or_default();
        remove_book(out, &staging, KEYS)?;
        Ok(Publisher {
            out: out.to_path_buf(),
            staging,
            wanted: Mutex::new(BTreeSet::new()),
            written: AtomicUsize::new(0),
            fresh,
            previous,
            staged_keys,
            keys: Mutex::new(Vec::new()),
            _lock: lock,
            done: false,
        })
    }

    /// Writes one file, unless the staging folder already has these bytes.
    pub(crate) fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        self.write_parts(path, &[bytes])
    }

    /// Writes one file given in parts (a large file need not be joined in
    /// memory first).
    pub(crate) fn write_parts(&self, path: &str, parts: &[&[u8]]) -> io::Result<()> {
        if !is_safe_relative(path) {
            let message = format!("refusing to write {path}");
            return Err(io::Error::new(io::ErrorKind::InvalidInput, message));
        }
        let wanted = path.to_string();
        self.wanted.lock().expect("not poisoned").insert(wanted);
        let target = self.staging.join(path);
        if self.fresh {
            if let Some(parent) = target.parent() {
                fs::create_dir_all(parent)?;
            }
            let mut file = io::BufWriter::new(fs::File::create(&target)?);
            for part in parts {
                file.write_all(part)?;
            }
            file.into_inner().map_err(|e| e.into_error())?;
            self.written.fetch_add(1, Ordering::Relaxed);
            return Ok(());
        }
        let len: usize = parts.iter().map(|p| p.len()).sum();
        if fs::metadata(&target).is_ok_and(|m| m.len() == len as u64)
            && file_holds(&target, parts).unwrap_or(false)
        {
            return Ok(());
        }
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)?;
        }
        // A new file renamed into place: a hard-linked old one is left alone.
        let name = target.file_name().map(|n| n.to_string_lossy().into_owned());
        let temporary = target.with_file_name(format!(".{}.tmp", name.unwrap_or_default()));
        let mut file = io::BufWriter::new(fs::File::create(&temporary)?);
        for part in parts {
            file.write_all(part)?;
        }
        file.into_inner().map_err(|e| e.into_error())?;
        fs::rename(&temporary, &target)?;
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// Removes what this build did not write, and swaps the staging folder
    /// with the output in one step.
    pub(crate) fn finish(self) -> Result<Published, Error> {
        let out = self.out.clone();
        self.swap_in()
            .map_err(|e| Error::Publish(format!("cannot publish to {}: {e}", out.display())))
    }

    fn swap_in(mut self) -> io::Result<Published> {
        let wanted = std::mem::take(&mut *self.wanted.lock().expect("not poisoned"));
        let wanted_refs: BTreeSet<&str> = wanted.iter().map(String::as_str).collect();
        // The staging folder's own manifest says what advocate wrote into
        // it (it was the site two builds ago, or a copy of the last one):
        // those files, less what this build wants, go. Without one, a walk.
        let removed = match read_manifest(&self.out, &self.staging) {
            Some(staged) => remove_listed(&self.staging, &staged, &wanted_refs)?,
            None => remove_unwanted(
                &self.staging,
                &self.staging,
                &wanted_refs,
                self.previous.as_ref(),
            )?,
        };
        let written = self.written.load(Ordering::Relaxed);
        // The bookkeeping of the tree about to go live, beside it; what an
        // earlier version kept inside goes.
        let mut keys = std::mem::take(&mut *self.keys.lock().expect("not poisoned"));
        keys.sort_unstable();
        let keys: String = keys
            .iter()
            .map(|(path, key)| format!("{key:016x} {path}\n"))
            .collect();
        for old in OLD_BOOKKEEPING {
            remove_if_there(&self.staging.join(old))?;
        }
        write_book(&self.out, &self.staging, MANIFEST, &manifest_text(&wanted))?;
        write_book(&self.out, &self.staging, KEYS, &keys)?;
        if self.out.exists() {
            // The staging folder now holds the previous site; the next
            // build brings it up to date.
            exchange(&self.staging, &self.out)?;
        } else {
            // A first build: the next one links a staging folder from it.
            fs::rename(&self.staging, &self.out)?;
        }
        self.done = true;
        prune_books(&self.out)?;
        Ok(Published {
            files: wanted.len(),
            written,
            removed,
        })
    }
}

impl Drop for Publisher {
    /// A build that stopped before its end leaves the output as it was and
    /// gives back the space its staging folder took (a full disk stays full
    /// otherwise); the next build links a new one.
    fn drop(&mut self) {
        if !self.done {
            let _ = fs::remove_dir_all(&self.staging);
        }
    }
}

/// Takes the output's lock, waiting (and saying so) while another build
/// holds it.
fn lock_output(out: &Path) -> io::Result<fs::File> {
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent)?;
    }
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(beside(out, "lock"))?;
    // std's advisory lock: flock on Unix, LockFileEx on Windows.
    match file.try_lock() {
        Ok(()) => {}
        Err(fs::TryLockError::WouldBlock) => {
            eprintln!(
                "another build is writing {}; waiting for it to finish",
                out.display()
            );
            file.lock()?;
        }
        Err(fs::TryLockError::Error(error)) => return Err(error),
    }
    Ok(file)
}

/// `KEY PATH` lines; anything else is skipped.
pub(crate) fn parse_keys(text: &str) -> std::collections::HashMap<String, u64> {
    text.lines()
        .filter_map(|line| {
            let (key, path) = line.split_once(' ')?;
            Some((path.to_string(), u64::from_str_radix(key, 16).ok()?))
        })
        .collect()
}

/// The files a build wrote into `tree`, if it left a manifest.
fn read_manifest(out: &Path, tree: &Path) -> Option<BTreeSet<String>> {
    let text = read_book(out, tree, MANIFEST)?;
    Some(text.lines().map(String::from).collect())
}

/// A manifest's text: one path a line.
fn manifest_text(paths: &BTreeSet<String>) -> String {
    paths.iter().map(|path| format!("{path}\n")).collect()
}

/// Any entry of an existing folder, by name.
fn first_entry(dir: &Path) -> Option<String> {
    fs::read_dir(dir)
        .ok()?
        .flatten()
        .next()
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
}

impl Sink for Publisher {
    fn holds(&self, path: &str, key: u64) -> bool {
        let same = self.staged_keys.get(path) == Some(&key) && self.staging.join(path).is_file();
        if same {
            self.wanted
                .lock()
                .expect("not poisoned")
                .insert(path.to_string());
            self.made_from(path, key);
        }
        same
    }

    fn made_from(&self, path: &str, key: u64) {
        self.keys
            .lock()
            .expect("not poisoned")
            .push((path.to_string(), key));
    }

    fn put(&self, path: &str, file: Rendered) -> Result<(), Error> {
        let written = match &file {
            Rendered::Bytes(bytes) => self.write(path, bytes),
            Rendered::Parts(parts) => {
                let parts: Vec<&[u8]> = parts.iter().map(|p| p.as_bytes()).collect();
                self.write_parts(path, &parts)
            }
        };
        written.map_err(|e| Error::Publish(format!("cannot write {path}: {e}")))
    }
}

/// Whether a file holds exactly these bytes, read a block at a time (a
/// large file is never read whole into memory).
fn file_holds(path: &Path, parts: &[&[u8]]) -> io::Result<bool> {
    use std::io::Read;
    let mut file = io::BufReader::with_capacity(64 * 1024, fs::File::open(path)?);
    let mut block = vec![0u8; 64 * 1024];
    for part in parts {
        let mut rest: &[u8] = part;
        while !rest.is_empty() {
            let n = rest.len().min(block.len());
            file.read_exact(&mut block[..n])?;
            if block[..n] != rest[..n] {
                return Ok(false);
            }
            rest = &rest[n..];
        }
    }
    Ok(file.read(&mut block[..1])? == 0)
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
/// Removes the files of the staging folder that this build did not write
/// but an earlier one did (all of them, for an output older than
/// manifests); anything else in the folder is not advocate's to remove.
fn remove_unwanted(
    root: &Path,
    dir: &Path,
    wanted: &BTreeSet<&str>,
    previous: Option<&BTreeSet<String>>,
) -> io::Result<usize> {
    let mut removed = 0;
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let kind = entry.file_type()?;
        if kind.is_dir() {
            removed += remove_unwanted(root, &path, wanted, previous)?;
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
            let ours = previous.is_none_or(|p| p.contains(&rel))
                && !OLD_BOOKKEEPING.contains(&rel.as_str());
            if ours && !wanted.contains(rel.as_str()) {
                fs::remove_file(&path)?;
                removed += 1;
            }
        }
    }
    Ok(removed)
}

/// Removes the files of `listed` that are not `wanted`, and the folders
/// that leaves empty, without reading any other folder.
fn remove_listed(
    root: &Path,
    listed: &BTreeSet<String>,
    wanted: &BTreeSet<&str>,
) -> io::Result<usize> {
    let mut removed = 0;
    let mut folders = BTreeSet::new();
    for rel in listed {
        if wanted.contains(rel.as_str())
            || OLD_BOOKKEEPING.contains(&rel.as_str())
            || !is_safe_relative(rel)
        {
            continue;
        }
        match fs::remove_file(root.join(rel)) {
            Ok(()) => removed += 1,
            Err(error) if error.kind() == io::ErrorKind::NotFound => {}
            Err(error) => return Err(error),
        }
        let mut folder = Path::new(rel.as_str()).parent();
        while let Some(dir) = folder.filter(|d| !d.as_os_str().is_empty()) {
            folders.insert(dir.to_path_buf());
            folder = dir.parent();
        }
    }
    // Deepest first; a folder that still holds anything stays.
    let mut folders: Vec<PathBuf> = folders.into_iter().collect();
    folders.sort_by_key(|f| std::cmp::Reverse(f.components().count()));
    for folder in folders {
        let _ = fs::remove_dir(root.join(folder));
    }
    Ok(removed)
}

/// Recreates `from`'s folders under `to`, its files as hard links (copies
/// where links are not possible).
fn link_tree(from: &Path, to: &Path) -> io::Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            link_tree(&entry.path(), &target)?;
        } else if entry.file_type()?.is_file() && fs::hard_link(entry.path(), &target).is_err() {
            fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

/// Swaps two paths in one step (Linux `renameat2`); elsewhere, two renames.
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use std::ffi::CString;
        use std::os::unix::ffi::OsStrExt;
        let a = CString::new(a.as_os_str().as_bytes())?;
        let b = CString::new(b.as_os_str().as_bytes())?;
        // SAFETY: both are valid NUL-terminated paths; AT_FDCWD resolves
        // them relative to the current folder, as std does. The raw system
        // call, since musl's libc (the static release) has no wrapper.
        let status = unsafe {
            libc::syscall(
                libc::SYS_renameat2,
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

    /// Publishes a whole list of files at once.
    fn publish_atomically(out: &Path, files: &[(String, Vec<u8>)]) -> Result<Published, Error> {
        let publisher = Publisher::begin(out)?;
        for (path, bytes) in files {
            publisher.put(path, Rendered::Bytes(bytes.clone()))?;
        }
        publisher.finish()
    }

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
        let changed = vec![
            ("a.txt".to_string(), b"changed".to_vec()),
            ("c.txt".to_string(), b"3".to_vec()),
        ];
        publish_atomically(&out, &changed).unwrap();
        assert_eq!(fs::read(out.join("a.txt")).unwrap(), b"changed");
        publish_atomically(&out, &second).unwrap();
        assert_eq!(
            fs::read(out.join("a.txt")).unwrap(),
            b"1",
            "linked files are replaced, never edited in place"
        );
    }

    #[test]
    fn a_second_tree_is_linked_not_copied() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let files = vec![("a.txt".to_string(), b"same".to_vec())];
        publish_atomically(&out, &files).unwrap();
        publish_atomically(&out, &files).unwrap();
        let live = fs::metadata(out.join("a.txt")).unwrap();
        let staged = fs::metadata(staging_dir(&out).join("a.txt")).unwrap();
        assert_eq!(live.ino(), staged.ino(), "unchanged files share their data");
    }

    /// The manifest and keys are beside the output, never in a tree, and
    /// follow each tree through the exchange; an output from before, with
    /// them inside, has them moved out on its next build, nothing lost.
    #[test]
    fn bookkeeping_is_beside_the_output_and_follows_its_tree() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        fs::create_dir_all(out.join("d")).unwrap();
        fs::write(out.join("a.txt"), "1").unwrap();
        fs::write(out.join("d/gone.txt"), "old").unwrap();
        fs::write(out.join("mine.txt"), "not advocate's").unwrap();
        fs::write(out.join(".advocate-manifest"), "a.txt\nd/gone.txt\n").unwrap();
        fs::write(out.join(".advocate-keys"), "00000000000000aa a.txt\n").unwrap();
        let files = vec![("a.txt".to_string(), b"1".to_vec())];
        for round in 0..4 {
            let report = publish_atomically(&out, &files).unwrap();
            assert_eq!(report.files, 1);
            for tree in [&out, &staging_dir(&out)] {
                for old in OLD_BOOKKEEPING {
                    assert!(!tree.join(old).exists() || round == 0 && *tree != out);
                }
            }
            assert!(
                !out.join("d/gone.txt").exists(),
                "the old manifest was read"
            );
            assert!(out.join("mine.txt").is_file(), "only advocate's files go");
            let listed = fs::read_to_string(manifest_path(&out).unwrap()).unwrap();
            assert_eq!(listed, "a.txt\n", "round {round}");
            let books: Vec<_> = fs::read_dir(books_dir(&out)).unwrap().collect();
            assert!(books.len() <= 4, "only the two trees' books stay");
        }
        assert!(book(&out, &out, KEYS).unwrap().is_file());
        assert!(book(&out, &staging_dir(&out), MANIFEST).unwrap().is_file());
    }

    #[test]
    fn a_static_file_cannot_take_the_old_bookkeeping_names() {
        for name in OLD_BOOKKEEPING {
            assert!(
                crate::site::routes::generated_root_name(name).is_some(),
                "{name}"
            );
        }
    }
}
