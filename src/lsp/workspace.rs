//! What the language server knows of the repository: the policy (the
//! editor's buffer when `policy.yaml` is open, else the disk's), the
//! library on disk (the other posts' ids, campaigns, topics and files) and
//! the open posts' buffers. It answers with the same checker as `advocate
//! check`: a buffer is checked as that file would be.

use crate::check::file::{KnownPost, Preview, check_file, previews};
use crate::clock::Clock;
use crate::diagnostic::Diagnostic;
use crate::policy::Policy;
use crate::post::assets::Assets;
use crate::post::field_name::FIELD_NAMES;
use crate::project::Project;
use crate::project::files::{POLICY_FILE, PathKind, classify};
use crate::source::SourceFile;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

pub(crate) struct Workspace {
    root: PathBuf,
    clock: Clock,
    policy_text: String,
    policy: Result<Policy, Vec<Diagnostic>>,
    /// The library as it is on disk, when the policy could be read.
    project: Option<Project>,
    /// The library's post paths and ids, for `duplicate-id`: made when the
    /// library is read, not on every keystroke.
    known: Vec<KnownPost>,
}

/// What completes the word at the cursor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Completion {
    pub(crate) label: String,
    pub(crate) detail: &'static str,
}

impl Workspace {
    /// The repository at `root` as it is on disk.
    pub(crate) fn load(root: &Path, clock: Clock) -> Workspace {
        let policy_text = std::fs::read_to_string(root.join(POLICY_FILE)).unwrap_or_default();
        let mut workspace = Workspace {
            root: root.to_path_buf(),
            clock,
            policy: Err(Vec::new()),
            policy_text,
            project: None,
            known: Vec::new(),
        };
        workspace.read_policy();
        workspace.read_library();
        workspace
    }

    /// Reads the policy from its text.
    fn read_policy(&mut self) {
        let file = SourceFile::new(POLICY_FILE, self.policy_text.as_str());
        self.policy = crate::policy::parse(&file);
    }

    /// Reads the library from disk (as the saved policy reads it).
    fn read_library(&mut self) {
        self.project = Project::load(&self.root, self.clock).ok();
        self.remember_known();
    }

    fn remember_known(&mut self) {
        self.known = self
            .project
            .as_ref()
            .map(Project::known_posts)
            .unwrap_or_default();
    }

    /// `policy.yaml` as the editor now has it: only the policy is read
    /// again; the library on disk is the same.
    pub(crate) fn set_policy(&mut self, text: String) {
        if text != self.policy_text {
            self.policy_text = text;
            self.read_policy();
            if self.project.is_none() && self.policy.is_ok() {
                self.read_library();
            }
        }
    }

    /// A file saved: the library on disk changed.
    pub(crate) fn saved(&mut self, path: &str) {
        if path == POLICY_FILE {
            self.policy_text =
                std::fs::read_to_string(self.root.join(POLICY_FILE)).unwrap_or_default();
            self.read_policy();
            self.read_library();
        } else if let Some(project) = &mut self.project {
            if project.apply(&self.root.join(path)).is_err() {
                self.read_library();
            } else {
                self.remember_known();
            }
        }
    }

    /// `uri`'s path from the root (`library/x.md`), when it is in the
    /// repository.
    pub(crate) fn relative(&self, uri: &lsp_types::Uri) -> Option<String> {
        let path = url::Url::parse(uri.as_str()).ok()?.to_file_path().ok()?;
        let canonical = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
        let root = canonical(&self.root);
        // A new file is not on disk yet: its folder is.
        let path = match (path.parent(), path.file_name()) {
            (Some(folder), Some(name)) => canonical(folder).join(name),
            _ => path,
        };
        let relative = path.strip_prefix(&root).ok()?;
        Some(relative.to_str()?.replace('\\', "/"))
    }

    /// Whether advocate checks the file at `path` as a post.
    pub(crate) fn is_post(path: &str) -> bool {
        classify(path) == PathKind::Post
    }

    /// The problems of `policy.yaml` (none when it reads).
    pub(crate) fn policy_problems(&self) -> (&str, &[Diagnostic]) {
        match &self.policy {
            Ok(_) => (&self.policy_text, &[]),
            Err(problems) => (&self.policy_text, problems),
        }
    }

    /// The problems of the post at `path` with the text `text`, as
    /// `advocate check PATH` would report them for that text.
    pub(crate) fn check(&self, path: &str, text: &str) -> Vec<Diagnostic> {
        let Ok(policy) = &self.policy else {
            return Vec::new();
        };
        let empty = Assets::new();
        let assets = self.project.as_ref().map_or(&empty, Project::assets);
        check_file(policy, path, text, self.clock.now(), assets, &self.known)
    }

    /// The final texts of the share block at byte `offset` of the post,
    /// one per network, for hover.
    pub(crate) fn previews_at(&self, path: &str, text: &str, offset: usize) -> Vec<Preview> {
        let Ok(policy) = &self.policy else {
            return Vec::new();
        };
        let post = crate::post::parse(SourceFile::new(path, text), policy);
        let Some(block) = post.body.shares.iter().position(|block| {
            let end = text[block.content_span().end..]
                .find("\n```")
                .map_or(text.len(), |n| block.content_span().end + n + 4);
            (block.fence.start..=end).contains(&offset)
        }) else {
            return Vec::new();
        };
        previews(policy, &post)
            .into_iter()
            .filter(|p| p.block == block)
            .collect()
    }

    /// What may complete the front matter line `line` (up to the cursor):
    /// a key at its start, else the values of `networks`, `campaign`,
    /// `topics` and `lang`.
    pub(crate) fn complete(&self, text_before: &str) -> Vec<Completion> {
        let Some(front_matter) = text_before.strip_prefix("---\n") else {
            return Vec::new();
        };
        if front_matter.contains("\n---") {
            return Vec::new();
        }
        let line = front_matter.rsplit('\n').next().unwrap_or("");
        let Some((key, _)) = line.split_once(':') else {
            let written: BTreeSet<&str> = front_matter
                .lines()
                .filter_map(|l| l.split_once(':').map(|(k, _)| k.trim()))
                .collect();
            return FIELD_NAMES
                .iter()
                .filter(|name| !written.contains(*name) && name.starts_with(line.trim()))
                .map(|name| Completion {
                    label: format!("{name}: "),
                    detail: "front matter key",
                })
                .collect();
        };
        let Ok(policy) = &self.policy else {
            return Vec::new();
        };
        let values = |values: Vec<String>, detail| {
            values
                .into_iter()
                .map(|label| Completion { label, detail })
                .collect()
        };
        match key.trim() {
            "networks" => values(
                policy
                    .networks
                    .iter()
                    .map(|s| s.network.name().to_string())
                    .collect(),
                "network",
            ),
            "lang" => values(policy.site.languages.clone(), "language"),
            "campaign" => values(
                self.used(|post, out| {
                    out.extend(post.fields.campaign.as_ref().map(|c| c.value.clone()))
                }),
                "campaign",
            ),
            "topics" => values(
                self.used(|post, out| {
                    out.extend(post.fields.topics.iter().map(|t| t.value.clone()))
                }),
                "topic",
            ),
            _ => Vec::new(),
        }
    }

    /// The distinct values the library's posts use, sorted.
    fn used(&self, take: impl Fn(&crate::post::Post, &mut BTreeSet<String>)) -> Vec<String> {
        let mut found = BTreeSet::new();
        if let Some(project) = &self.project {
            for post in project.posts() {
                take(post, &mut found);
            }
        }
        found.into_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> Workspace {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let now = Clock::resolve(Some("2026-12-10T00:00:00Z")).unwrap();
        Workspace::load(root, now)
    }

    #[test]
    fn completes_keys_and_values_from_the_policy_and_the_library() {
        let workspace = example();
        let keys = workspace.complete("---\ntitle: x\nca");
        assert_eq!(
            keys,
            vec![Completion {
                label: "campaign: ".into(),
                detail: "front matter key"
            }]
        );
        let networks: Vec<String> = workspace
            .complete("---\nnetworks: [x, ")
            .into_iter()
            .map(|c| c.label)
            .collect();
        assert!(networks.contains(&"bluesky".to_string()), "{networks:?}");
        let campaigns: Vec<String> = workspace
            .complete("---\ncampaign: ")
            .into_iter()
            .map(|c| c.label)
            .collect();
        assert!(
            campaigns.contains(&"tokyo-launch".to_string()),
            "{campaigns:?}"
        );
        // Not in the body.
        assert!(workspace.complete("---\ntitle: x\n---\nca").is_empty());
    }
}
