//! Keeping the preview current: watch the repository, gather an editor's
//! burst of events, re-apply the changed files to the project, and show
//! the portal when it has no errors.

use super::live::Live;
use crate::clock::Clock;
use crate::diagnostic::{Diagnostic, Severity, count};
use crate::error::Error;
use crate::project::files::{PathKind, classify, relative};
use crate::project::{Applied, Project};
use crate::report::{self, Format, Report};
use crate::site::theme::Theme;
use crate::site::{Portal, PortalOptions};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::Receiver;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

/// Long enough to gather an editor's burst of events (write a temporary
/// file, rename it over the post, touch a backup), short enough to feel
/// instant.
const DEBOUNCE: Duration = Duration::from_millis(15);

/// The preview's state between changes, owned by the watching thread.
pub(super) struct Preview {
    root: PathBuf,
    clock: Clock,
    options: PortalOptions,
    project: Option<Project>,
    theme: Option<Arc<Theme>>,
    /// Post files changed since the portal last took changes.
    stale: BTreeSet<String>,
    /// Everything must be made again at the next update.
    all_stale: bool,
    /// Whether to print the diagnostics in colour.
    color: bool,
}

impl Preview {
    /// Loads the repository and shows its first portal into `live`.
    pub(super) fn start(
        root: PathBuf,
        clock: Clock,
        options: PortalOptions,
        color: bool,
        live: &RwLock<Live>,
    ) -> Preview {
        let mut preview = Preview {
            root,
            clock,
            options,
            project: None,
            theme: None,
            stale: BTreeSet::new(),
            all_stale: true,
            color,
        };
        preview.reload(live, "start", Instant::now());
        preview
    }

    /// Loads everything again: the project and the theme.
    fn reload(&mut self, live: &RwLock<Live>, what: &str, started: Instant) {
        self.all_stale = true;
        let loaded = Project::load(&self.root, self.clock)
            .and_then(|project| Ok((project, Theme::load(&self.root)?)));
        match loaded {
            Ok((project, theme)) => {
                for note in project.notes() {
                    eprintln!("note: {note}");
                }
                self.project = Some(project);
                self.theme = Some(Arc::new(theme));
                self.update_portal(live, what, started);
            }
            Err(error) => self.fail(live, what, &error),
        }
    }

    /// Re-applies what changed; loads everything when a change can't be
    /// applied on its own.
    fn apply(&mut self, live: &RwLock<Live>, paths: &[PathBuf], what: &str, started: Instant) {
        let Some(project) = self.project.as_mut() else {
            return self.reload(live, what, started);
        };
        for path in paths {
            match project.apply(path) {
                Ok(Applied::Post(rel)) => {
                    self.stale.insert(rel);
                }
                Ok(Applied::Everything) => self.all_stale = true,
                Ok(Applied::Theme) => match Theme::load(&self.root) {
                    Ok(theme) => {
                        self.theme = Some(Arc::new(theme));
                        self.all_stale = true;
                    }
                    Err(error) => return self.fail(live, what, &error),
                },
                Ok(Applied::Nothing) => {}
                Err(error) => {
                    self.project = None;
                    return self.fail(live, what, &error);
                }
            }
        }
        self.update_portal(live, what, started);
    }

    /// A change that could not be loaded at all: say why, keep the last good
    /// pages.
    fn fail(&mut self, live: &RwLock<Live>, what: &str, error: &Error) {
        let message = match error {
            Error::Policy(policy) => {
                let (file, diagnostics) = &**policy;
                let sources = [(file.path.as_str(), file)].into_iter().collect();
                print_diagnostics(diagnostics, sources, 0, self.color);
                match diagnostics.first() {
                    Some(first) => format!(
                        "policy.yaml:{}:{}: {} ({} problem(s) in policy.yaml; fix them to go on)",
                        first.line,
                        first.column,
                        first.message,
                        diagnostics.len()
                    ),
                    None => "policy.yaml has problems; fix them to go on".into(),
                }
            }
            other => other.to_string(),
        };
        eprintln!("{what}: {message}");
        let mut live = live.write().unwrap_or_else(|e| e.into_inner());
        live.failure = Some(message);
    }

    /// Publishes the project if it has no errors; else keeps the last good
    /// portal and records the errors. Prints the diagnostics either way.
    fn update_portal(&mut self, live: &RwLock<Live>, what: &str, started: Instant) {
        let (Some(project), Some(theme)) = (&self.project, &self.theme) else {
            return;
        };
        let diagnostics = project.diagnostics();
        let errors = count(&diagnostics, Severity::Error);
        if errors > 0 || count(&diagnostics, Severity::Warning) > 0 {
            print_diagnostics(
                &diagnostics,
                project.sources(),
                project.post_count(),
                self.color,
            );
        }
        let mut live = live.write().unwrap_or_else(|e| e.into_inner());
        live.failure = None;
        if errors > 0 {
            live.errors = diagnostics
                .into_iter()
                .filter(|d| d.severity == Severity::Error)
                .collect();
            eprintln!(
                "{what}: errors; still serving the last good pages ({} ms)",
                started.elapsed().as_millis()
            );
            return;
        }
        live.errors.clear();
        match live.portal.as_mut() {
            Some(portal) if !self.all_stale => {
                for path in &self.stale {
                    portal.update_post(project, path);
                }
            }
            _ => live.portal = Some(Portal::new(project, theme.clone(), &self.options)),
        }
        self.stale.clear();
        self.all_stale = false;
        eprintln!("{what}: updated in {} ms", started.elapsed().as_millis());
    }

    /// Waits for changes and applies them, for as long as the watcher runs;
    /// `reloaded` is called after each.
    pub(super) fn run(
        mut self,
        changes: Receiver<notify::Result<notify::Event>>,
        live: Arc<RwLock<Live>>,
        mut watch_again: impl FnMut(&Path),
        reloaded: impl Fn(),
    ) {
        while let Some(first) = next_change(&changes, &self.root, None) {
            let started = Instant::now();
            let mut paths = vec![first.clone()];
            // Gather the rest of an editor's burst before rebuilding.
            let mut last = first;
            while let Some(more) = next_change(&changes, &self.root, Some(DEBOUNCE)) {
                paths.push(more.clone());
                // Name the file that was saved, not an editor's temporary one.
                if more.exists() || !last.exists() {
                    last = more;
                }
            }
            let what = relative(&self.root, &last);
            paths.sort();
            paths.dedup();
            for folder in paths.iter().filter(|p| is_source_folder(&self.root, p)) {
                if folder.is_dir() {
                    watch_again(folder);
                }
            }
            self.apply(&live, &paths, &what, started);
            reloaded();
        }
    }
}

/// The next change that matters, waiting at most `timeout` (for ever when
/// `None`); `None` when the wait ends without one. Reads (our own, while
/// rebuilding) are not changes.
fn next_change(
    changes: &Receiver<notify::Result<notify::Event>>,
    root: &Path,
    timeout: Option<Duration>,
) -> Option<PathBuf> {
    let deadline = timeout.map(|t| Instant::now() + t);
    loop {
        let event = match deadline {
            None => changes.recv().ok()?,
            Some(deadline) => {
                let left = deadline.checked_duration_since(Instant::now())?;
                changes.recv_timeout(left).ok()?
            }
        };
        let Ok(event) = event else { continue };
        let writes = matches!(
            event.kind,
            notify::EventKind::Create(_)
                | notify::EventKind::Modify(_)
                | notify::EventKind::Remove(_)
        ) && !matches!(
            event.kind,
            notify::EventKind::Modify(notify::event::ModifyKind::Metadata(_))
        );
        if !writes {
            continue;
        }
        if let Some(path) = event.paths.into_iter().find(|p| is_watched(root, p)) {
            return Some(path);
        }
    }
}

fn is_source_folder(root: &Path, path: &Path) -> bool {
    path.parent() == Some(root)
        && path.file_name().is_some_and(|name| {
            crate::project::files::SOURCE_FOLDERS
                .iter()
                .any(|folder| name == *folder)
        })
}

/// Changes that matter: whatever the project reads, and folders of the
/// library (a folder moved away and back).
fn is_watched(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let rel = relative(Path::new(""), rel);
    classify(&rel) != PathKind::Ignored
        || is_source_folder(root, path)
        || (rel.starts_with("library/") && path.is_dir())
}

fn print_diagnostics(
    diagnostics: &[Diagnostic],
    sources: std::collections::HashMap<&str, &crate::source::SourceFile>,
    posts: usize,
    color: bool,
) {
    let report = Report {
        diagnostics,
        posts,
        sources,
        prefix: "",
        quiet: false,
    };
    eprint!("{}", report::render(Format::Human, &report, color));
}
