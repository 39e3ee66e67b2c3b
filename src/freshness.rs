//! Whether the last build is still current, found without loading a post.
//!
//! A build that published leaves a stamp beside its output
//! (`.NAME.stamp`, never deployed): every input file with its size,
//! modification time and content fingerprint, the settings the build ran
//! with, what it printed, and until when its result holds (the next instant
//! a post goes live, expires, starts to warn or stops being new, and never
//! past the next midnight in the site's time zone, since dates are shown).
//!
//! The next build walks the same inputs. As git does with its index, a file
//! whose size and time are the stamp's is taken as unchanged, unless its
//! time is too close to the stamp's own to be trusted; any other file is
//! read and compared by content. So `touch`, a fresh checkout or a branch
//! switched back costs a read, never a render, and a real change always
//! runs the whole pipeline.

use crate::fingerprint::Fingerprint;
use crate::policy::Policy;
use crate::post::Post;
use crate::project::files;
use jiff::{Timestamp, ToSpan};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

/// Bumped when the stamp's meaning changes; an older stamp is ignored.
const FORMAT: u32 = 1;

/// A file whose time is this close to when it was stamped may still be
/// changed within the same tick of the file system's clock.
const RACY_NANOS: i64 = 2_000_000_000;

/// One input file as it was read: its size, time and content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct Entry {
    len: u64,
    /// Nanoseconds since 1970 (0 when the system cannot say).
    modified: i64,
    /// The fingerprint of its bytes; `None` until they are read.
    hash: Option<u64>,
}

/// Every file a build reads, by path relative to the root (`../` for a
/// CODEOWNERS above it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Inputs {
    files: BTreeMap<String, Entry>,
    /// When the walk started, in nanoseconds since 1970.
    taken_at: i64,
}

impl Inputs {
    /// Walks the inputs of `root`. A file the last stamp saw with the same
    /// size and a trusted time keeps its fingerprint; the others' are
    /// unknown until [`Inputs::read_unknown`].
    pub(crate) fn stat(root: &Path, last: Option<&Stamp>) -> Inputs {
        let taken_at = nanos(SystemTime::now());
        let trusted_before = last.map_or(i64::MIN, |s| s.inputs.taken_at - RACY_NANOS);
        let files = input_files(root)
            .into_par_iter()
            .map(|rel| {
                let meta = fs::symlink_metadata(root.join(&rel)).ok();
                let len = meta.as_ref().map_or(0, fs::Metadata::len);
                let modified = meta
                    .as_ref()
                    .and_then(|m| m.modified().ok())
                    .map_or(0, nanos);
                let hash = last
                    .and_then(|stamp| stamp.inputs.files.get(&rel))
                    .filter(|e| e.len == len && e.modified == modified && modified != 0)
                    .filter(|e| e.modified < trusted_before)
                    .and_then(|e| e.hash);
                (
                    rel,
                    Entry {
                        len,
                        modified,
                        hash,
                    },
                )
            })
            .collect();
        Inputs { files, taken_at }
    }

    /// Takes the fingerprints in `known` (files read since the walk, by
    /// path), and reads the files whose fingerprint is still unknown.
    pub(crate) fn read_unknown<'a>(
        &mut self,
        root: &Path,
        known: impl Iterator<Item = (&'a str, u64)>,
    ) {
        for (rel, hash) in known {
            if let Some(entry) = self.files.get_mut(rel) {
                entry.hash.get_or_insert(hash);
            }
        }
        self.files
            .par_iter_mut()
            .filter(|(_, entry)| entry.hash.is_none())
            .for_each(|(rel, entry)| entry.hash = Some(content_hash(&root.join(rel))));
    }

    /// Whether these are the same files with the same, known contents.
    fn same_as(&self, other: &Inputs) -> bool {
        self.files.len() == other.files.len()
            && self
                .files
                .iter()
                .zip(&other.files)
                .all(|((a, x), (b, y))| a == b && x.hash.is_some() && x.hash == y.hash)
    }
}

/// Everything besides the files that decides what a build makes and says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Settings<'a> {
    pub(crate) root: &'a Path,
    pub(crate) drafts: bool,
    pub(crate) future: bool,
    pub(crate) base_url: Option<&'a str>,
    pub(crate) quiet: bool,
    pub(crate) color: bool,
}

impl Settings<'_> {
    fn fingerprint(&self) -> u64 {
        let flags = [self.drafts, self.future, self.quiet, self.color].map(u8::from);
        // The binary's own time too: a build of advocate from uncommitted
        // changes (its theme, say) has the same version and commit.
        let binary = std::env::current_exe()
            .and_then(fs::metadata)
            .and_then(|m| m.modified())
            .map_or(0, nanos);
        Fingerprint::default()
            .add(env!("CARGO_PKG_VERSION").as_bytes())
            .add(env!("ADVOCATE_COMMIT").as_bytes())
            .add(&binary.to_le_bytes())
            .add(self.root.as_os_str().as_encoded_bytes())
            .add(&flags)
            .add(self.base_url.unwrap_or("\u{0}").as_bytes())
            .finish()
    }
}

/// What a published build was made from and said.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Stamp {
    format: u32,
    settings: u64,
    /// The build's "now", in seconds.
    built_at: i64,
    /// The first second at which the same files could give another site.
    valid_until: i64,
    /// The output's manifest as the build left it: a site replaced or
    /// removed since is built again.
    manifest: Option<Entry>,
    inputs: Inputs,
    /// What the build printed before its summary (notes and warnings).
    pub(crate) report: String,
    pub(crate) summary: Summary,
}

/// The counts of a build's summary line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Summary {
    pub(crate) live: usize,
    pub(crate) posts: usize,
    pub(crate) files: usize,
    pub(crate) warnings: usize,
}

impl Stamp {
    /// The stamp beside `out`, if there is a readable one of this format.
    pub(crate) fn read(out: &Path) -> Option<Stamp> {
        let text = fs::read(stamp_path(out)).ok()?;
        serde_json::from_slice::<Stamp>(&text)
            .ok()
            .filter(|s| s.format == FORMAT)
    }

    /// Removes the stamp beside `out`: the output is about to change.
    pub(crate) fn remove(out: &Path) {
        let _ = fs::remove_file(stamp_path(out));
    }

    /// A stamp for the build of `project` just published to `out`.
    pub(crate) fn new(
        out: &Path,
        settings: &Settings,
        inputs: Inputs,
        project_now: Timestamp,
        valid_until: Timestamp,
        report: String,
        summary: Summary,
    ) -> Stamp {
        Stamp {
            format: FORMAT,
            settings: settings.fingerprint(),
            built_at: project_now.as_second(),
            valid_until: valid_until.as_second(),
            manifest: manifest_entry(out),
            inputs,
            report,
            summary,
        }
    }

    /// Writes the stamp beside `out` (through a temporary file, so a
    /// half-written stamp is never read).
    pub(crate) fn write(&self, out: &Path) -> std::io::Result<()> {
        let path = stamp_path(out);
        let temporary = path.with_extension("tmp");
        fs::write(&temporary, serde_json::to_vec(self)?)?;
        fs::rename(&temporary, &path)
    }

    /// Takes the newer sizes and times of the same contents (after a
    /// `touch` or a checkout), so the next build need not read them again.
    /// Whether anything was new.
    pub(crate) fn refresh(&mut self, inputs: Inputs) -> bool {
        let newer = self.inputs != inputs;
        self.inputs = inputs;
        newer
    }

    /// Whether building now, with these settings and inputs, would make the
    /// site in `out` again.
    pub(crate) fn is_current(
        &self,
        out: &Path,
        settings: &Settings,
        inputs: &Inputs,
        now: Timestamp,
    ) -> bool {
        self.settings == settings.fingerprint()
            && (self.built_at..self.valid_until).contains(&now.as_second())
            && self.manifest.is_some()
            && self.manifest == manifest_entry(out)
            && self.inputs.same_as(inputs)
    }
}

/// The first instant after `now` at which the same file of `post` could
/// make another site or other warnings: it goes live, expires, starts its
/// expiry warning or is no longer new.
pub(crate) fn next_change(post: &Post, policy: &Policy, now: Timestamp) -> Option<Timestamp> {
    crate::site::model::changes_at(post)
        .chain(crate::check::schedule::changes_at(post, policy))
        .filter(|&t| t > now)
        .min()
}

/// Until when a build at `now` holds: the posts' first change, or midnight
/// in the site's time zone (dates are shown), whichever comes first.
pub(crate) fn valid_until(
    now: Timestamp,
    policy: &Policy,
    changes: impl Iterator<Item = Timestamp>,
) -> Timestamp {
    let zone = &policy.site.timezone;
    let midnight = now
        .to_zoned_datetime(zone.clone())
        .date()
        .checked_add(1.day())
        .ok()
        .and_then(|tomorrow| tomorrow.to_zoned_datetime(zone.clone()).ok())
        .map_or(now, |z| z.timestamp());
    changes.fold(midnight, Timestamp::min)
}

/// `.NAME.stamp` beside the output folder `NAME`.
fn stamp_path(out: &Path) -> PathBuf {
    crate::publish::beside(out, "stamp")
}

fn manifest_entry(out: &Path) -> Option<Entry> {
    let path = crate::publish::manifest_path(out)?;
    let meta = fs::metadata(&path).ok()?;
    Some(Entry {
        len: meta.len(),
        modified: meta.modified().map_or(0, nanos),
        hash: None,
    })
}

/// Every file under the folders a build reads, and the policy and the
/// CODEOWNERS, by path from the root. Links are listed, not followed: a
/// link's target inside the repository is listed on its own.
fn input_files(root: &Path) -> Vec<String> {
    let mut found = vec![files::POLICY_FILE.to_string()];
    for folder in files::SOURCE_FOLDERS {
        let walker = walkdir::WalkDir::new(root.join(folder)).follow_links(false);
        for entry in walker.into_iter().flatten() {
            if !entry.file_type().is_dir() {
                found.push(files::relative(root, entry.path()));
            }
        }
    }
    found.extend(files::codeowners_location(root).map(|(rel, _)| rel));
    found
}

/// The fingerprint of a file's bytes; of a link, its target's name; of a
/// file gone since the walk, 0.
fn content_hash(path: &Path) -> u64 {
    let Ok(meta) = fs::symlink_metadata(path) else {
        return 0;
    };
    let bytes = if meta.file_type().is_symlink() {
        fs::read_link(path)
            .map(|target| target.as_os_str().as_encoded_bytes().to_vec())
            .unwrap_or_default()
    } else {
        fs::read(path).unwrap_or_default()
    };
    crate::fingerprint::of(&bytes)
}

fn nanos(time: SystemTime) -> i64 {
    match time.duration_since(UNIX_EPOCH) {
        Ok(since) => i64::try_from(since.as_nanos()).unwrap_or(i64::MAX),
        Err(before) => -i64::try_from(before.duration().as_nanos()).unwrap_or(i64::MAX),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repository() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("repo");
        fs::create_dir_all(root.join("library/tokyo")).unwrap();
        fs::create_dir_all(root.join("public")).unwrap();
        fs::write(root.join("policy.yaml"), "site:\n  title: T\n").unwrap();
        fs::write(root.join("library/a.md"), "---\ntitle: A\n---\n").unwrap();
        fs::write(root.join("library/tokyo/b.md"), "---\ntitle: B\n---\n").unwrap();
        let manifest = crate::publish::manifest_path(&root.join("public")).unwrap();
        fs::create_dir_all(manifest.parent().unwrap()).unwrap();
        fs::write(manifest, "index.html\n").unwrap();
        dir
    }

    fn settings(root: &Path) -> Settings<'_> {
        Settings {
            root,
            drafts: false,
            future: false,
            base_url: None,
            quiet: false,
            color: false,
        }
    }

    const NOW: i64 = 1_800_000_000;

    /// The inputs as a build sees them before comparing: walked, then read
    /// where the stamp does not vouch for them.
    fn read(root: &Path, last: Option<&Stamp>) -> Inputs {
        let mut inputs = Inputs::stat(root, last);
        inputs.read_unknown(root, std::iter::empty());
        inputs
    }

    /// A stamp taken now of the repository, valid for a day.
    fn stamp(root: &Path) -> Stamp {
        let mut inputs = read(root, None);
        inputs.taken_at += 10 * RACY_NANOS; // as if stamped a while later
        let now = Timestamp::from_second(NOW).unwrap();
        let until = Timestamp::from_second(NOW + 86_400).unwrap();
        let summary = Summary {
            live: 2,
            posts: 2,
            files: 1,
            warnings: 0,
        };
        let out = root.join("public");
        Stamp::new(
            &out,
            &settings(root),
            inputs,
            now,
            until,
            String::new(),
            summary,
        )
    }

    #[test]
    fn a_build_is_current_until_an_input_its_settings_or_its_time_change() {
        type Change = fn(&Path, &mut Settings, &mut i64);
        let cases: [(&str, Change, bool); 12] = [
            ("nothing", |_, _, _| {}, true),
            ("a later time the same day", |_, _, now| *now += 3_600, true),
            (
                "same bytes written again",
                |root, _, _| {
                    let bytes = fs::read(root.join("library/a.md")).unwrap();
                    fs::write(root.join("library/a.md"), bytes).unwrap();
                },
                true,
            ),
            (
                "a post edited",
                |root, _, _| fs::write(root.join("library/a.md"), "---\ntitle: Ä\n---\n").unwrap(),
                false,
            ),
            (
                "a post added",
                |root, _, _| fs::write(root.join("library/c.md"), "x").unwrap(),
                false,
            ),
            (
                "a post removed",
                |root, _, _| fs::remove_file(root.join("library/tokyo/b.md")).unwrap(),
                false,
            ),
            (
                "the policy edited",
                |root, _, _| fs::write(root.join("policy.yaml"), "site:\n  title: U\n").unwrap(),
                false,
            ),
            (
                "a theme file added",
                |root, _, _| {
                    fs::create_dir_all(root.join("themes/default")).unwrap();
                    fs::write(root.join("themes/default/x.css"), "").unwrap();
                },
                false,
            ),
            ("past its time", |_, _, now| *now += 86_400, false),
            ("before its time", |_, _, now| *now -= 1, false),
            ("drafts shown", |_, s, _| s.drafts = true, false),
            (
                "the site replaced",
                |root, _, _| {
                    let manifest = crate::publish::manifest_path(&root.join("public")).unwrap();
                    fs::write(manifest, "other\n").unwrap()
                },
                false,
            ),
        ];
        for (what, change, current) in cases {
            let dir = repository();
            let root = dir.path().join("repo");
            let stamp = stamp(&root);
            let mut settings = settings(&root);
            let mut now = NOW;
            change(&root, &mut settings, &mut now);
            let inputs = read(&root, Some(&stamp));
            let now = Timestamp::from_second(now).unwrap();
            let out = root.join("public");
            assert_eq!(
                stamp.is_current(&out, &settings, &inputs, now),
                current,
                "{what}"
            );
        }
    }

    #[test]
    fn a_file_with_its_size_and_time_unchanged_is_not_read_again() {
        let dir = repository();
        let root = dir.path().join("repo");
        let mut stamp = stamp(&root);
        // A stamp that says another content for the same size and time: a
        // trusted time means the file is not read, so the old content holds.
        let entry = stamp.inputs.files.get_mut("library/a.md").unwrap();
        entry.hash = entry.hash.map(|h| h ^ 1);
        let inputs = read(&root, Some(&stamp));
        assert_eq!(
            inputs.files["library/a.md"],
            stamp.inputs.files["library/a.md"]
        );
        // Too close to when it was stamped: read again.
        stamp.inputs.taken_at = inputs.files["library/a.md"].modified;
        let inputs = read(&root, Some(&stamp));
        assert_ne!(
            inputs.files["library/a.md"],
            stamp.inputs.files["library/a.md"]
        );
    }

    #[test]
    fn a_stamp_is_read_back_as_written() {
        let dir = repository();
        let root = dir.path().join("repo");
        let out = root.join("public");
        let stamp = stamp(&root);
        stamp.write(&out).unwrap();
        let back = Stamp::read(&out).unwrap();
        assert_eq!(back.inputs, stamp.inputs);
        assert_eq!(back.summary, stamp.summary);
        fs::write(stamp_path(&out), "{not json").unwrap();
        assert!(Stamp::read(&out).is_none());
        Stamp::remove(&out);
        assert!(Stamp::read(&out).is_none());
    }
}
