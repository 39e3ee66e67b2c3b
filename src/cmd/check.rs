//! `advocate check`: judge the library, print the diagnostics.

use super::{EXIT_OK, EXIT_PROBLEMS, fail, use_color};
use crate::cli::CheckArgs;
use crate::diagnostic::{Diagnostic, Severity};
use crate::pipeline::RunError;
use crate::report::{self, Report};
use std::path::Path;
use std::process::ExitCode;

pub fn run(root: &Path, args: &CheckArgs) -> ExitCode {
    let scope = match Scope::new(root, args) {
        Ok(scope) => scope,
        Err(message) => return fail(RunError::Fatal(message), args.format),
    };
    let checked = match super::check_at(root, args.now.as_deref(), args.format) {
        Ok((_, checked)) => checked,
        Err(status) => return status,
    };
    for note in &checked.library.notes {
        eprintln!("note: {note}");
    }
    let diagnostics: Vec<Diagnostic> = checked
        .diagnostics
        .iter()
        .filter(|d| scope.includes(&d.path))
        .cloned()
        .collect();
    let all_paths = checked
        .posts
        .iter()
        .map(|p| p.path())
        .chain(checked.library.unreadable.iter().map(|u| u.0.path.as_str()));
    let posts = all_paths.filter(|path| scope.includes(path)).count();
    let report = Report {
        diagnostics: &diagnostics,
        posts,
        sources: checked.sources().map(|f| (f.path.as_str(), f)).collect(),
    };
    print!("{}", report::render(args.format, &report, use_color()));
    ExitCode::from(exit_status(&diagnostics, args.deny_warnings))
}

fn exit_status(diagnostics: &[Diagnostic], deny_warnings: bool) -> u8 {
    let fails = |d: &&Diagnostic| match d.severity {
        Severity::Error => true,
        Severity::Warning => deny_warnings && d.rule != "expired" && d.rule != "expiring",
    };
    if diagnostics.iter().any(|d| fails(&d)) {
        EXIT_PROBLEMS
    } else {
        EXIT_OK
    }
}

/// Which files the report covers: the PATHs given, the files changed since
/// a revision, or everything. The whole library is still checked, so
/// duplicate ids across the library are found.
struct Scope {
    prefixes: Option<Vec<String>>,
}

impl Scope {
    fn new(root: &Path, args: &CheckArgs) -> Result<Scope, String> {
        let canonical_root = root
            .canonicalize()
            .map_err(|e| format!("cannot open {}: {e}", root.display()))?;
        let mut prefixes: Option<Vec<String>> = None;
        if !args.paths.is_empty() {
            let mut list = Vec::new();
            for path in &args.paths {
                // Relative to the current folder, else to the root.
                let canonical = path
                    .canonicalize()
                    .or_else(|_| root.join(path).canonicalize())
                    .map_err(|_| format!("{}: no such file or folder", path.display()))?;
                let rel = canonical.strip_prefix(&canonical_root).map_err(|_| {
                    format!(
                        "{} is outside the repository {}",
                        path.display(),
                        root.display()
                    )
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
        if let Some(rev) = &args.changed_since {
            let changed = changed_files(root, rev)?;
            if !changed.iter().any(|p| p == crate::workspace::POLICY_FILE) {
                let list = prefixes.get_or_insert_with(Vec::new);
                if args.paths.is_empty() {
                    list.extend(changed);
                } else {
                    list.retain(|prefix| changed.iter().any(|c| within(c, prefix)));
                }
                if list.is_empty() {
                    list.push(String::from("\0nothing"));
                }
            }
        }
        Ok(Scope { prefixes })
    }

    fn includes(&self, path: &str) -> bool {
        match &self.prefixes {
            None => true,
            Some(prefixes) => prefixes.iter().any(|prefix| within(path, prefix)),
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
fn changed_files(root: &Path, rev: &str) -> Result<Vec<String>, String> {
    let changes =
        crate::git::changes_since(root, rev).map_err(|e| format!("--changed-since {rev}: {e}"))?;
    Ok(changes
        .into_iter()
        .filter(|c| c.kind != crate::git::ChangeKind::Deleted)
        .map(|c| c.path)
        .collect())
}
