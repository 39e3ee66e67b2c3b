//! `advocate init [DIR]`: a content repository that passes `check` and
//! `build` at once (a commented policy, two example posts), with a CI
//! pipeline that works unchanged on GitHub or GitLab.
//!
//! Planning is pure ([`plan`]); [`apply`] does the writing. Files that exist
//! are kept unless `--force`; `.gitignore` gains only its missing lines.

use crate::error::Error;
use crate::json_schema::{self, Schema};
use crate::release;
use jiff::ToSpan;
use std::path::{Path, PathBuf};

/// Which CI the repository gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Ci {
    /// GitHub Actions: check, publish to Pages, weekly digest; CODEOWNERS, Dependabot.
    Github,
    /// GitLab CI: check with Code Quality, review report, Pages; CODEOWNERS.
    Gitlab,
    /// No CI files.
    None,
}

/// Where a template file goes: the content root, or the git top level (CI
/// only reads its files there).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Content,
    TopLevel,
}

/// How a template file is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Written unless it exists.
    File,
    /// An example post: written only into a library with no posts yet.
    Example,
    /// Lines added to the file where missing (`.gitignore`).
    Lines,
}

struct Template {
    path: &'static str,
    place: Place,
    kind: Kind,
    text: &'static str,
}

const fn template(path: &'static str, place: Place, kind: Kind, text: &'static str) -> Template {
    Template {
        path,
        place,
        kind,
        text,
    }
}

/// The content itself, whatever the CI.
const CONTENT: &[Template] = &[
    template(
        "policy.yaml",
        Place::Content,
        Kind::File,
        include_str!("../../init/policy.yaml"),
    ),
    template(
        "library/welcome.md",
        Place::Content,
        Kind::Example,
        include_str!("../../init/library/welcome.md"),
    ),
    template(
        "library/welcome-ja.md",
        Place::Content,
        Kind::Example,
        include_str!("../../init/library/welcome-ja.md"),
    ),
    template(
        ".gitignore",
        Place::Content,
        Kind::Lines,
        include_str!("../../init/gitignore"),
    ),
];

const GITHUB: &[Template] = &[
    template(
        ".github/workflows/check.yml",
        Place::TopLevel,
        Kind::File,
        include_str!("../../init/github/workflows/check.yml"),
    ),
    template(
        ".github/workflows/publish.yml",
        Place::TopLevel,
        Kind::File,
        include_str!("../../init/github/workflows/publish.yml"),
    ),
    template(
        ".github/workflows/digest.yml",
        Place::TopLevel,
        Kind::File,
        include_str!("../../init/github/workflows/digest.yml"),
    ),
    template(
        ".github/dependabot.yml",
        Place::TopLevel,
        Kind::File,
        include_str!("../../init/github/dependabot.yml"),
    ),
    template(
        ".github/CODEOWNERS",
        Place::TopLevel,
        Kind::File,
        include_str!("../../init/github/CODEOWNERS"),
    ),
];

const GITLAB: &[Template] = &[
    template(
        ".gitlab-ci.yml",
        Place::TopLevel,
        Kind::File,
        include_str!("../../init/gitlab/gitlab-ci.yml"),
    ),
    template(
        ".gitlab/CODEOWNERS",
        Place::TopLevel,
        Kind::File,
        include_str!("../../init/gitlab/CODEOWNERS"),
    ),
];

/// The templates for a CI choice, content first.
fn templates(ci: Ci) -> impl Iterator<Item = &'static Template> {
    let ci_files: &[Template] = match ci {
        Ci::Github => GITHUB,
        Ci::Gitlab => GITLAB,
        Ci::None => &[],
    };
    CONTENT.iter().chain(ci_files)
}

/// Where the repository is: the content root, and its folder from the git
/// top level (`marketing/`, or empty when they are the same).
#[derive(Debug, Clone)]
pub(crate) struct Layout {
    pub(crate) content: PathBuf,
    pub(crate) prefix: String,
}

impl Layout {
    /// The git top level: the content root without its prefix.
    fn top_level(&self) -> PathBuf {
        let depth = self.prefix.split('/').filter(|s| !s.is_empty()).count();
        let mut top = self.content.clone();
        for _ in 0..depth {
            top.pop();
        }
        top
    }

    fn place(&self, place: Place) -> PathBuf {
        match place {
            Place::Content => self.content.clone(),
            Place::TopLevel => self.top_level(),
        }
    }
}

/// What `init` does with one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Action {
    Create,
    /// It exists and stays as it is.
    Keep,
    /// It exists and `--force` replaces it.
    Replace,
    /// It exists and gains these lines.
    AddLines(Vec<String>),
    /// It exists and has every line already.
    UpToDate,
    /// An example post left out: the library already has posts.
    SkipExample,
}

/// One file of the plan.
#[derive(Debug, Clone)]
pub(crate) struct Step {
    pub(crate) target: PathBuf,
    /// The path as shown: from the current folder's point of view, the
    /// content root's files relative to it, CI files from the top level.
    pub(crate) shown: String,
    pub(crate) action: Action,
    bytes: Vec<u8>,
}

/// What `init` sets up: the CI, and the chat tool the digest goes to.
#[derive(Clone, Copy)]
pub(crate) struct Setup {
    pub(crate) ci: Ci,
    pub(crate) chat: &'static crate::notify::Target,
}

/// The values that fill the templates' placeholders.
fn substitutions(
    layout: &Layout,
    chat: &crate::notify::Target,
    today: jiff::civil::Date,
) -> Vec<(&'static str, String)> {
    let publish = today.checked_sub(1.day()).unwrap_or(today).to_string();
    let expires = today.checked_add(60.days()).unwrap_or(today).to_string();
    let content_dir = match layout.prefix.trim_end_matches('/') {
        "" => ".".to_string(),
        dir => dir.to_string(),
    };
    vec![
        ("{{PUBLISH}}", publish),
        ("{{EXPIRES}}", expires),
        ("__CONTENT_DIR__", content_dir),
        ("__CONTENT_PREFIX__", format!("/{}", layout.prefix)),
        ("__ADVOCATE_ACTION__", release::action()),
        ("__ADVOCATE_VERSION__", release::version().to_string()),
        ("__ADVOCATE_REPOSITORY__", release::repository().to_string()),
        ("__POLICY_SCHEMA__", json_schema::url(Schema::Policy)),
        ("__CHAT_LABEL__", chat.label.to_string()),
        (
            "__CHAT_NAMES__",
            crate::notify::names().collect::<Vec<_>>().join("|"),
        ),
        ("__CHAT_SECRET__", chat.secret.to_string()),
        ("__CHAT__", chat.name.to_string()),
    ]
}

/// Decides what to do with every file; `read` gives an existing file's
/// text, `has_posts` whether the library already has posts.
pub(crate) fn plan(
    layout: &Layout,
    setup: Setup,
    force: bool,
    today: jiff::civil::Date,
    has_posts: bool,
    read: &dyn Fn(&Path) -> Option<String>,
) -> Vec<Step> {
    let values = substitutions(layout, setup.chat, today);
    templates(setup.ci)
        .map(|t| {
            let mut text = t.text.to_string();
            for (placeholder, value) in &values {
                text = text.replace(placeholder, value);
            }
            let target = layout.place(t.place).join(t.path);
            let shown = match t.place {
                Place::Content => t.path.to_string(),
                Place::TopLevel => format!("{}{}", "../".repeat(depth(layout)), t.path),
            };
            let existing = read(&target);
            let action = match (t.kind, existing) {
                (Kind::Example, _) if has_posts && !force => Action::SkipExample,
                (_, None) => Action::Create,
                (Kind::Lines, Some(old)) => {
                    let missing = missing_lines(&old, &text);
                    if missing.is_empty() {
                        Action::UpToDate
                    } else {
                        let mut joined = old.clone();
                        if !joined.is_empty() && !joined.ends_with('\n') {
                            joined.push('\n');
                        }
                        for line in &missing {
                            joined.push_str(line);
                            joined.push('\n');
                        }
                        text = joined;
                        Action::AddLines(missing)
                    }
                }
                (_, Some(_)) if force => Action::Replace,
                (_, Some(_)) => Action::Keep,
            };
            Step {
                target,
                shown,
                action,
                bytes: text.into_bytes(),
            }
        })
        .collect()
}

fn depth(layout: &Layout) -> usize {
    layout.prefix.split('/').filter(|s| !s.is_empty()).count()
}

/// The template's lines that the existing file lacks (blank lines and
/// comments aside).
fn missing_lines(existing: &str, template: &str) -> Vec<String> {
    let have: std::collections::HashSet<&str> = existing.lines().map(str::trim).collect();
    template
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#') && !have.contains(l))
        .map(str::to_string)
        .collect()
}

/// Writes what the plan says to write.
pub(crate) fn apply(steps: &[Step]) -> Result<(), Error> {
    for step in steps {
        if !matches!(
            step.action,
            Action::Create | Action::Replace | Action::AddLines(_)
        ) {
            continue;
        }
        if let Some(parent) = step.target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io("cannot create", parent, e))?;
        }
        std::fs::write(&step.target, &step.bytes)
            .map_err(|e| Error::io("cannot write", &step.target, e))?;
    }
    Ok(())
}

/// Finds the layout of `dir` (created if missing): its folder from the git
/// top level, when it is inside a git work tree.
pub(crate) fn layout(dir: &Path) -> Result<Layout, Error> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io("cannot create", dir, e))?;
    let content = dir
        .canonicalize()
        .map_err(|e| Error::io("cannot open", dir, e))?;
    let prefix = crate::git::prefix(&content);
    Ok(Layout { content, prefix })
}

/// Whether the library in `content` already holds a post.
pub(crate) fn library_has_posts(content: &Path) -> bool {
    std::fs::read_dir(content.join("library")).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| e.path().extension().is_some_and(|x| x == "md"))
    })
}

/// Today, in UTC, for the example posts' dates.
pub(crate) fn today() -> jiff::civil::Date {
    jiff::Timestamp::now()
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .date()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn layout(prefix: &str) -> Layout {
        let mut content = PathBuf::from("/repo");
        content.push(prefix);
        Layout {
            content,
            prefix: prefix.to_string(),
        }
    }

    fn run(
        prefix: &str,
        ci: Ci,
        force: bool,
        has_posts: bool,
        existing: &[(&str, &str)],
    ) -> Vec<Step> {
        let files: HashMap<PathBuf, String> = existing
            .iter()
            .map(|(p, t)| (PathBuf::from(p), t.to_string()))
            .collect();
        let date = jiff::civil::date(2026, 11, 28);
        let setup = Setup {
            ci,
            chat: &crate::notify::TARGETS[0],
        };
        plan(&layout(prefix), setup, force, date, has_posts, &|p| {
            files.get(p).cloned()
        })
    }

    fn actions(steps: &[Step]) -> Vec<(String, Action)> {
        steps
            .iter()
            .map(|s| (s.target.display().to_string(), s.action.clone()))
            .collect()
    }

    #[test]
    fn each_ci_writes_its_own_files_at_the_git_top_level() {
        let cases: &[(&str, Ci, &[&str])] = &[
            (
                "",
                Ci::Github,
                &[
                    "/repo/policy.yaml",
                    "/repo/library/welcome.md",
                    "/repo/library/welcome-ja.md",
                    "/repo/.gitignore",
                    "/repo/.github/workflows/check.yml",
                    "/repo/.github/workflows/publish.yml",
                    "/repo/.github/workflows/digest.yml",
                    "/repo/.github/dependabot.yml",
                    "/repo/.github/CODEOWNERS",
                ],
            ),
            (
                "marketing/",
                Ci::Gitlab,
                &[
                    "/repo/marketing/policy.yaml",
                    "/repo/marketing/library/welcome.md",
                    "/repo/marketing/library/welcome-ja.md",
                    "/repo/marketing/.gitignore",
                    "/repo/.gitlab-ci.yml",
                    "/repo/.gitlab/CODEOWNERS",
                ],
            ),
            (
                "a/b/",
                Ci::None,
                &[
                    "/repo/a/b/policy.yaml",
                    "/repo/a/b/library/welcome.md",
                    "/repo/a/b/library/welcome-ja.md",
                    "/repo/a/b/.gitignore",
                ],
            ),
        ];
        for (prefix, ci, expected) in cases {
            let steps = run(prefix, *ci, false, false, &[]);
            let targets: Vec<String> = steps
                .iter()
                .map(|s| s.target.display().to_string())
                .collect();
            assert_eq!(&targets, expected, "{prefix} {ci:?}");
            assert!(steps.iter().all(|s| s.action == Action::Create));
        }
    }

    #[test]
    fn existing_files_are_kept_or_replaced_and_gitignore_gains_lines() {
        let existing = [
            ("/repo/policy.yaml", "old"),
            ("/repo/.gitignore", "target/\n/public/"),
            ("/repo/.github/workflows/check.yml", "old"),
        ];
        let kept = actions(&run("", Ci::Github, false, true, &existing));
        let forced = actions(&run("", Ci::Github, true, true, &existing));
        let find = |list: &[(String, Action)], path: &str| {
            list.iter()
                .find(|(p, _)| p == path)
                .map(|(_, a)| a.clone())
                .unwrap()
        };
        let cases = [
            ("/repo/policy.yaml", Action::Keep, Action::Replace),
            (
                "/repo/library/welcome.md",
                Action::SkipExample,
                Action::Create,
            ),
            (
                "/repo/.github/workflows/check.yml",
                Action::Keep,
                Action::Replace,
            ),
            ("/repo/.github/CODEOWNERS", Action::Create, Action::Create),
        ];
        for (path, without, with) in cases {
            assert_eq!(find(&kept, path), without, "{path}");
            assert_eq!(find(&forced, path), with, "{path} --force");
        }
        let Action::AddLines(lines) = find(&kept, "/repo/.gitignore") else {
            panic!("gitignore gains lines");
        };
        assert!(lines.contains(&"/preview/".to_string()));
        assert!(!lines.contains(&"/public/".to_string()), "already there");
        let steps = run("", Ci::Github, false, true, &existing);
        let gitignore = steps.iter().find(|s| s.shown == ".gitignore").unwrap();
        let text = String::from_utf8(gitignore.bytes.clone()).unwrap();
        assert!(text.starts_with("target/\n/public/\n"), "{text}");
    }

    #[test]
    fn placeholders_are_filled_for_a_subfolder() {
        let steps = run("marketing/", Ci::Github, false, false, &[]);
        let text = |shown: &str| {
            let step = steps.iter().find(|s| s.shown == shown).unwrap();
            String::from_utf8(step.bytes.clone()).unwrap()
        };
        let check = text("../.github/workflows/check.yml");
        assert!(check.contains("working-directory: marketing\n"), "{check}");
        assert!(check.contains("path: marketing/preview\n"));
        let action = format!("uses: {}", release::action());
        assert!(check.contains(&action), "{check}");
        assert!(text("../.github/CODEOWNERS").contains("\n/marketing/library/ "));
        let placeholders = substitutions(
            &layout("marketing/"),
            &crate::notify::TARGETS[0],
            jiff::civil::date(2026, 1, 1),
        );
        for step in &steps {
            let text = String::from_utf8(step.bytes.clone()).unwrap();
            for (placeholder, _) in &placeholders {
                assert!(
                    !text.contains(placeholder),
                    "{} keeps {placeholder}",
                    step.shown
                );
            }
            assert!(!text.contains("__ADVOCATE") && !text.contains("__CONTENT"));
            assert!(!text.contains("__CHAT"), "{}", step.shown);
        }
    }

    #[test]
    fn the_digest_goes_to_the_tool_init_names() {
        for chat in crate::notify::TARGETS {
            for ci in [Ci::Github, Ci::Gitlab] {
                let setup = Setup { ci, chat };
                let steps = plan(
                    &layout(""),
                    setup,
                    false,
                    jiff::civil::date(2026, 1, 1),
                    false,
                    &|_| None,
                );
                let digest = steps
                    .iter()
                    .find(|s| {
                        s.shown.ends_with("digest.yml") || s.shown.ends_with(".gitlab-ci.yml")
                    })
                    .unwrap();
                let text = String::from_utf8(digest.bytes.clone()).unwrap();
                assert!(
                    text.contains(&format!("advocate notify --to {} --since 7d", chat.name)),
                    "{}: {text}",
                    chat.name
                );
                assert!(text.contains(chat.secret), "{}", chat.name);
            }
        }
    }
}
