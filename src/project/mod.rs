//! The project model: the repository loaded (policy, posts, assets, click
//! exports), parsed and checked, held in memory. Every command that needs
//! checked posts uses it; `serve` keeps one alive and re-applies each saved
//! file, so one saved post costs one post's parse and check.

pub(crate) mod files;

use crate::analytics::Analytics;
use crate::check::Checker;
use crate::clock::Clock;
use crate::diagnostic::{self, Diagnostic};
use crate::error::Error;
use crate::policy::{self, Policy};
use crate::post::assets::Assets;
use crate::post::{self, Identity, Post};
use crate::share::Share;
use crate::source::SourceFile;
use files::PathKind;
use jiff::Timestamp;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The loaded, parsed and checked repository.
pub(crate) struct Project {
    root: PathBuf,
    clock: Clock,
    now: Timestamp,
    policy_file: SourceFile,
    policy: Arc<Policy>,
    /// The posts held, parsed, with their own diagnostics (their parse and
    /// their rules), sorted by path: every readable post, or after a lean
    /// load only those with diagnostics. Found by binary search.
    posts: Vec<CheckedPost>,
    /// Every readable post's identity, sorted by path: what the rules
    /// across posts and the click exports need.
    identities: Vec<Identity>,
    /// After a lean load, the text of posts not held that a rule across
    /// posts points into, read again for the report.
    extra_sources: Vec<SourceFile>,
    /// Post files that are not UTF-8, by path, with their one diagnostic.
    unreadable: BTreeMap<String, files::Unreadable>,
    assets: Assets,
    analytics_files: Vec<SourceFile>,
    /// The CODEOWNERS that governs the content, if any.
    codeowners: Option<SourceFile>,
    analytics: Arc<Analytics>,
    notes: Vec<String>,
}

/// A post and its own diagnostics.
struct CheckedPost {
    post: Post,
    diagnostics: Vec<Diagnostic>,
}

/// What re-applying a changed path changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Applied {
    /// One post file (added, edited or deleted), by path.
    Post(String),
    /// Everything may look different (policy, assets, click exports, or a
    /// whole folder): views must be made again.
    Everything,
    /// A theme file: the content is unchanged.
    Theme,
    /// Nothing advocate reads.
    Nothing,
}

impl Project {
    /// Loads, parses and checks the repository at `root`, and holds every
    /// post. A `policy.yaml` with problems is [`Error::Policy`]: nothing can
    /// be checked without it.
    pub(crate) fn load(root: &Path, clock: Clock) -> Result<Project, Error> {
        Ok(Project::load_with(root, clock, true, |_, _, _| ())?.0)
    }

    /// Loads as [`Project::load`] does, one post at a time: each is read,
    /// parsed, checked and given to `take` (for what a later stage needs of
    /// it, such as its portal view, with its final shares when the checks
    /// made them), then let go unless it has diagnostics.
    /// Memory follows the problems and what `take` keeps, not the library.
    pub(crate) fn load_lean<T: Send>(
        root: &Path,
        clock: Clock,
        take: impl Fn(&Post, Option<&[Share]>, &Policy) -> T + Sync,
    ) -> Result<(Project, Vec<T>), Error> {
        Project::load_with(root, clock, false, take)
    }

    fn load_with<T: Send>(
        root: &Path,
        clock: Clock,
        hold_all: bool,
        take: impl Fn(&Post, Option<&[Share]>, &Policy) -> T + Sync,
    ) -> Result<(Project, Vec<T>), Error> {
        let now = clock.now();
        let (policy_file, policy) = load_policy(root)?;
        let library = files::read_library(root)?;
        let checker = Checker::new(&policy, now);
        let assets = &library.assets;
        // Read, parse and check each post in one parallel pass.
        let passed: Vec<Passed<T>> = library
            .posts
            .par_iter()
            .map(|file| {
                let (content, source) = file.read_with_fingerprint()?;
                let source = match source {
                    Ok(source) => source,
                    Err(unreadable) => return Ok(Passed::Unreadable(unreadable)),
                };
                let post = post::parse(source, &policy);
                let (diagnostics, shares) = checker.check_post_and_shares(&post, assets);
                let taken = take(&post, shares.as_deref(), &policy);
                let identity = Identity {
                    content: Some(content),
                    ..post.identity()
                };
                let held = (hold_all || !diagnostics.is_empty())
                    .then(|| Box::new(CheckedPost { post, diagnostics }));
                Ok(Passed::Read(identity, held, taken))
            })
            .collect::<Result<_, Error>>()?;
        let mut posts = Vec::new();
        let mut identities = Vec::new();
        // Names that are not UTF-8 were found unreadable by the walk.
        let mut unreadable: BTreeMap<String, files::Unreadable> = library
            .unreadable
            .into_iter()
            .map(|u| (u.0.path.clone(), u))
            .collect();
        let mut taken = Vec::with_capacity(passed.len());
        for one in passed {
            match one {
                Passed::Read(identity, held, t) => {
                    identities.push(identity);
                    posts.extend(held.map(|b| *b));
                    taken.push(t);
                }
                Passed::Unreadable(u) => {
                    unreadable.insert(u.0.path.clone(), u);
                }
            }
        }
        // The walk goes folder by folder; lookups want plain path order.
        posts.sort_unstable_by(|a, b| a.post.path().cmp(b.post.path()));
        identities.sort_unstable_by(|a, b| a.path.cmp(&b.path));
        let mut project = Project {
            root: root.to_path_buf(),
            clock,
            now,
            policy_file,
            policy: Arc::new(policy),
            posts,
            identities,
            extra_sources: Vec::new(),
            unreadable,
            assets: library.assets,
            analytics_files: files::read_analytics(root)?,
            codeowners: files::read_codeowners(root),
            analytics: Arc::default(),
            notes: library.notes,
        };
        if !hold_all {
            // A full load holds every text already.
            project.read_extra_sources()?;
        }
        project.read_analytics();
        Ok((project, taken))
    }

    /// The text of each post a rule across posts points into that is not
    /// held, so the report can show the line.
    fn read_extra_sources(&mut self) -> Result<(), Error> {
        let across = crate::check::check_across(&self.identities);
        let mut wanted: Vec<&str> = across.iter().map(|d| d.path.as_str()).collect();
        wanted.sort_unstable();
        wanted.dedup();
        let mut extra = Vec::new();
        for path in wanted.into_iter().filter(|p| self.position(p).is_err()) {
            if let Some(Ok(source)) =
                files::read_file(&self.root, path)?.map(|bytes| files::decode_post(path, bytes))
            {
                extra.push(source);
            }
        }
        self.extra_sources = extra;
        Ok(())
    }

    /// Re-applies one changed path (absolute, or relative to the root): a
    /// post is read, parsed and checked again on its own; anything wider
    /// loads what it must. On an error the project is as it was.
    pub(crate) fn apply(&mut self, changed: &Path) -> Result<Applied, Error> {
        let rel = if changed.is_absolute() {
            match changed.strip_prefix(&self.root) {
                Ok(rel) => files::relative(Path::new(""), rel),
                Err(_) => return Ok(Applied::Nothing),
            }
        } else {
            files::relative(Path::new(""), changed)
        };
        let inside = format!("{rel}/");
        let is_folder = self.root.join(&rel).is_dir()
            || self.post_paths().any(|p| p.starts_with(&inside))
            || self.assets.keys().any(|p| p.starts_with(&inside));
        if is_folder && (rel == files::LIBRARY_DIR || rel.starts_with("library/")) {
            // A folder appeared, vanished or moved: walk the library again.
            *self = Project::load(&self.root, self.clock)?;
            return Ok(Applied::Everything);
        }
        match files::classify(&rel) {
            PathKind::Post => {
                self.now = self.clock.now();
                self.reread_post(&rel)?;
                self.read_analytics();
                Ok(Applied::Post(rel))
            }
            PathKind::Asset => {
                match files::asset_size(&self.root, &rel) {
                    Some(size) => self.assets.insert(rel, size),
                    None => self.assets.remove(&rel),
                };
                self.recheck();
                Ok(Applied::Everything)
            }
            PathKind::Analytics => {
                self.analytics_files = files::read_analytics(&self.root)?;
                self.read_analytics();
                Ok(Applied::Everything)
            }
            PathKind::Policy => {
                *self = Project::load(&self.root, self.clock)?;
                Ok(Applied::Everything)
            }
            PathKind::Theme => Ok(Applied::Theme),
            PathKind::Ignored => Ok(Applied::Nothing),
        }
    }

    fn reread_post(&mut self, rel: &str) -> Result<(), Error> {
        if let Ok(at) = self.position(rel) {
            self.posts.remove(at);
        }
        if let Ok(at) = self.identity_position(rel) {
            self.identities.remove(at);
        }
        self.unreadable.remove(rel);
        let Some(bytes) = files::read_file(&self.root, rel)? else {
            return Ok(()); // deleted
        };
        match files::decode_post(rel, bytes) {
            Ok(file) => {
                let post = post::parse(file, &self.policy);
                let diagnostics =
                    Checker::new(&self.policy, self.now).check_post(&post, &self.assets);
                let at = self.identity_position(rel).unwrap_or_else(|at| at);
                self.identities.insert(at, post.identity());
                let at = self.position(rel).unwrap_or_else(|at| at);
                self.posts.insert(at, CheckedPost { post, diagnostics });
            }
            Err(unreadable) => {
                self.unreadable.insert(rel.to_string(), unreadable);
            }
        }
        Ok(())
    }

    /// Every post checked again (an asset changed what `image` says).
    fn recheck(&mut self) {
        self.now = self.clock.now();
        let checker = Checker::new(&self.policy, self.now);
        let assets = &self.assets;
        self.posts
            .par_iter_mut()
            .for_each(|checked| checked.diagnostics = checker.check_post(&checked.post, assets));
    }

    /// The click exports read against the posts as they are now.
    fn read_analytics(&mut self) {
        if self.analytics_files.is_empty() {
            self.analytics = Arc::default();
            return;
        }
        let known: std::collections::HashSet<&str> =
            self.identities.iter().map(|p| p.id.as_str()).collect();
        let campaign_of = self
            .identities
            .iter()
            .filter_map(|p| Some((p.id.clone(), p.campaign.clone()?)))
            .collect();
        self.analytics = Arc::new(crate::analytics::read_with_campaigns(
            &self.analytics_files,
            &known,
            campaign_of,
            &self.policy,
        ));
    }

    /// Where the post at `path` is in `posts`, or where it would go.
    fn position(&self, path: &str) -> Result<usize, usize> {
        self.posts
            .binary_search_by(|checked| checked.post.path().cmp(path))
    }

    /// Where the post at `path` is in `identities`, or where it would go.
    fn identity_position(&self, path: &str) -> Result<usize, usize> {
        self.identities
            .binary_search_by(|p| p.path.as_str().cmp(path))
    }

    /// The repository's root folder.
    pub(crate) fn root(&self) -> &Path {
        &self.root
    }

    /// The time the posts were judged at.
    pub(crate) fn now(&self) -> Timestamp {
        self.now
    }

    /// The policy.
    pub(crate) fn policy(&self) -> &Arc<Policy> {
        &self.policy
    }

    /// The posts held, in path order: every readable post, or after
    /// [`Project::load_lean`] only those with diagnostics.
    pub(crate) fn posts(&self) -> impl Iterator<Item = &Post> {
        self.posts.iter().map(|checked| &checked.post)
    }

    /// One post by its file's path.
    pub(crate) fn post(&self, path: &str) -> Option<&Post> {
        self.position(path).ok().map(|at| &self.posts[at].post)
    }

    /// `policy.yaml` as read.
    pub(crate) fn policy_file(&self) -> &SourceFile {
        &self.policy_file
    }

    /// The files beside posts (images), with their sizes.
    pub(crate) fn assets(&self) -> &Assets {
        &self.assets
    }

    /// Every readable post's path and id, in path order: what the
    /// composer's checker needs of the library for `duplicate-id`.
    pub(crate) fn known_posts(&self) -> Vec<crate::check::file::KnownPost> {
        self.identities
            .iter()
            .map(|p| crate::check::file::KnownPost {
                path: p.path.clone(),
                id: p.id.clone(),
            })
            .collect()
    }

    /// The click exports, when the repository has any.
    pub(crate) fn analytics(&self) -> Option<&Arc<Analytics>> {
        self.analytics.present.then_some(&self.analytics)
    }

    /// Things skipped that the user should know about.
    pub(crate) fn notes(&self) -> &[String] {
        &self.notes
    }

    /// Paths of every post file found, readable or not, in path order.
    pub(crate) fn post_paths(&self) -> impl Iterator<Item = &str> {
        self.identities
            .iter()
            .map(|p| p.path.as_str())
            .chain(self.unreadable.keys().map(String::as_str))
    }

    /// The fingerprint of each post file's bytes as the load read them.
    pub(crate) fn post_fingerprints(&self) -> impl Iterator<Item = (&str, u64)> {
        self.identities
            .iter()
            .filter_map(|p| Some((p.path.as_str(), p.content?)))
    }

    /// Post files found, whether or not they parse.
    pub(crate) fn post_count(&self) -> usize {
        self.identities.len() + self.unreadable.len()
    }

    /// Every diagnostic of the repository, sorted: each post's own, those
    /// across posts, unreadable files and bad export rows.
    pub(crate) fn diagnostics(&self) -> Vec<Diagnostic> {
        let mut all: Vec<Diagnostic> = self
            .posts
            .iter()
            .flat_map(|checked| checked.diagnostics.iter().cloned())
            .collect();
        all.extend(crate::check::check_across(&self.identities));
        all.extend(self.unreadable.values().map(|u| u.1.clone()));
        all.extend(self.analytics.warnings.iter().cloned());
        all.extend(
            self.codeowners
                .iter()
                .flat_map(crate::check::codeowners::check),
        );
        diagnostic::sort(&mut all);
        all
    }

    /// Every file a diagnostic may point into, by path.
    pub(crate) fn sources(&self) -> HashMap<&str, &SourceFile> {
        self.posts()
            .map(|p| &p.source)
            .chain(self.extra_sources.iter())
            .chain(self.unreadable.values().map(|u| &u.0))
            .chain(self.analytics_files.iter())
            .chain(self.codeowners.iter())
            .chain(std::iter::once(&self.policy_file))
            .map(|f| (f.path.as_str(), f))
            .collect()
    }
}

/// One post file after the load's pass.
enum Passed<T> {
    /// Its identity, the post itself when it is held, and what the
    /// caller took of it.
    /// (Boxed: a parsed post is large, and most are not held.)
    Read(Identity, Option<Box<CheckedPost>>, T),
    Unreadable(files::Unreadable),
}

/// `policy.yaml`, read and parsed.
pub(crate) fn load_policy(root: &Path) -> Result<(SourceFile, Policy), Error> {
    let file = files::read_policy_file(root)?;
    match policy::parse(&file) {
        Ok(policy) => Ok((file, policy)),
        Err(diagnostics) => Err(Error::Policy(Box::new((file, diagnostics)))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn copy_fixture(to: &Path) {
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/portal");
        for entry in walkdir::WalkDir::new(&from) {
            let entry = entry.unwrap();
            let target = to.join(entry.path().strip_prefix(&from).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&target).unwrap();
            } else {
                std::fs::copy(entry.path(), &target).unwrap();
            }
        }
    }

    /// A lean load holds only the posts with problems, yet says what a full
    /// load says, with the text of every file a problem points into (a
    /// duplicate id between two clean posts too).
    #[test]
    fn a_lean_load_says_what_a_full_one_says() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        copy_fixture(root);
        let plain = std::fs::read_to_string(root.join("library/plain.md")).unwrap();
        for name in ["twin-a", "twin-b"] {
            let text = plain.replacen("title:", "id: twin\ntitle:", 1);
            std::fs::write(root.join(format!("library/{name}.md")), text).unwrap();
        }
        let clock = Clock::Fixed("2026-12-10T00:00:00Z".parse().unwrap());
        let full = Project::load(root, clock).unwrap();
        let (lean, mut ids) =
            Project::load_lean(root, clock, |post, _, _| post.id.clone()).unwrap();
        let paths = |p: &Project| p.post_paths().map(String::from).collect::<Vec<_>>();
        assert_eq!(paths(&lean), paths(&full));
        assert_eq!(lean.post_count(), full.post_count());
        assert_eq!(lean.diagnostics(), full.diagnostics());
        assert!(lean.posts().count() < full.posts().count());
        let sources = lean.sources();
        for diagnostic in lean.diagnostics() {
            assert!(
                sources.contains_key(diagnostic.path.as_str()),
                "{}",
                diagnostic.path
            );
        }
        assert!(sources.contains_key("library/twin-a.md"));
        ids.sort();
        let mut all: Vec<String> = full.posts().map(|p| p.id.clone()).collect();
        all.sort();
        assert_eq!(ids, all, "every readable post was given to the caller");
    }

    /// Each kind of change is applied at the right width, and the project
    /// then equals one loaded from scratch.
    #[test]
    fn applies_each_change_like_a_fresh_load() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        copy_fixture(root);
        let clock = Clock::Fixed("2026-12-10T00:00:00Z".parse().unwrap());
        let mut project = Project::load(root, clock).unwrap();
        let plain = "library/plain.md";
        let text = std::fs::read_to_string(root.join(plain)).unwrap();
        let edits: [(&str, Option<String>, Applied); 6] = [
            (
                plain,
                Some(text.replace("Plain & simple", "Plain, guaranteed")),
                Applied::Post(plain.into()),
            ),
            (
                "library/new.md",
                Some(text.clone()),
                Applied::Post("library/new.md".into()),
            ),
            (
                "library/new.md",
                None,
                Applied::Post("library/new.md".into()),
            ),
            ("library/tokyo/lounge.png", None, Applied::Everything),
            ("analytics/export.csv", None, Applied::Everything),
            ("README.md", Some("x".into()), Applied::Nothing),
        ];
        for (path, content, expected) in edits {
            match &content {
                Some(text) => std::fs::write(root.join(path), text).unwrap(),
                None => std::fs::remove_file(root.join(path)).unwrap(),
            }
            assert_eq!(project.apply(Path::new(path)).unwrap(), expected, "{path}");
            let fresh = Project::load(root, clock).unwrap();
            let paths = |p: &Project| p.post_paths().map(String::from).collect::<Vec<_>>();
            assert_eq!(paths(&project), paths(&fresh), "{path}");
            assert_eq!(project.diagnostics(), fresh.diagnostics(), "{path}");
            assert_eq!(
                project.analytics().is_some(),
                fresh.analytics().is_some(),
                "{path}"
            );
        }
        std::fs::write(root.join("policy.yaml"), "site: [").unwrap();
        assert!(matches!(
            project.apply(Path::new("policy.yaml")),
            Err(Error::Policy(_))
        ));
    }
}
