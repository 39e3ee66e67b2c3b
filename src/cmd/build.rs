//! `advocate build`: check, render the portal, publish it atomically.

use super::{EXIT_CANNOT_RUN, EXIT_OK, EXIT_PROBLEMS, fail, use_color};
use crate::cli::BuildArgs;
use crate::diagnostic::{Severity, count};
use crate::pipeline::RunError;
use crate::publish::Publisher;
use crate::report::{self, Format, Report};
use crate::site::model::Selection;
use crate::site::theme::Theme;
use crate::site::{self, SiteInput};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

pub const THEME_DIR: &str = "themes/default";

pub fn run(root: &Path, args: &BuildArgs) -> ExitCode {
    let started = Instant::now();
    let (now, checked) = match super::check_at(root, args.now.as_deref(), Format::Human) {
        Ok(checked) => checked,
        Err(status) => return status,
    };
    let errors = count(&checked.diagnostics, Severity::Error);
    if errors > 0 {
        let report = Report {
            diagnostics: &checked.diagnostics,
            posts: checked.post_count(),
            sources: checked.sources().map(|f| (f.path.as_str(), f)).collect(),
        };
        eprint!("{}", report::render(Format::Human, &report, use_color()));
        eprintln!("error: not publishing: fix the errors above; the previous site is untouched");
        return ExitCode::from(EXIT_PROBLEMS);
    }
    let theme = match Theme::load(&root.join(THEME_DIR)) {
        Ok(theme) => theme,
        Err(message) => return fail(RunError::Fatal(message), Format::Human),
    };
    let selection = Selection {
        now,
        drafts: args.drafts,
        future: args.future,
    };
    let mut images = BTreeMap::new();
    for path in site::images_needed(&checked.posts, &selection) {
        match std::fs::read(root.join(&path)) {
            Ok(bytes) => {
                images.insert(path, bytes);
            }
            Err(e) => {
                return fail(
                    RunError::Fatal(format!("cannot read {path}: {e}")),
                    Format::Human,
                );
            }
        }
    }
    let base_url = args
        .base_url
        .as_deref()
        .unwrap_or(&checked.policy.site.base_url);
    let input = SiteInput {
        policy: &checked.policy,
        posts: &checked.posts,
        theme: &theme,
        selection,
        base_url,
        images: &images,
        analytics: checked.analytics.present.then_some(&checked.analytics),
    };
    let out = args.out.clone().unwrap_or_else(|| root.join("public"));
    let publisher = match Publisher::begin(&out) {
        Ok(publisher) => publisher,
        Err(e) => {
            let message = format!("cannot prepare {}: {e}", out.display());
            return fail(RunError::Fatal(message), Format::Human);
        }
    };
    if let Err(message) = site::render(&input, &publisher) {
        eprintln!("error: {message}; the previous site is untouched");
        return ExitCode::from(EXIT_CANNOT_RUN);
    }
    let live = checked
        .posts
        .iter()
        .filter(|p| selection.includes(p))
        .count();
    match publisher.finish() {
        Ok(published) => {
            let warnings = count(&checked.diagnostics, Severity::Warning);
            eprintln!(
                "built {live} live posts of {} into {} ({} files, {} written, {} removed; {warnings} warnings) in {} ms",
                checked.post_count(),
                out.display(),
                published.files,
                published.written,
                published.removed,
                started.elapsed().as_millis()
            );
            ExitCode::from(EXIT_OK)
        }
        Err(e) => {
            eprintln!(
                "error: cannot publish to {}: {e}; the previous site is untouched",
                out.display()
            );
            ExitCode::from(EXIT_CANNOT_RUN)
        }
    }
}
