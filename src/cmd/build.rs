//! `advocate build`: check, render the portal, publish it atomically.

use crate::cli::{BuildArgs, ColorChoice};
use crate::diagnostic::{Severity, count};
use crate::error::{Error, Outcome};
use crate::project::Project;
use crate::publish::Publisher;
use crate::report::{self, Format, Report};
use crate::site::theme::Theme;
use crate::site::{Portal, PortalOptions};
use crate::time::Clock;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

/// Runs `advocate build`.
pub(crate) fn run(
    root: &Path,
    args: &BuildArgs,
    color: ColorChoice,
    quiet: bool,
) -> Result<Outcome, Error> {
    let started = Instant::now();
    let out = args.out.clone().unwrap_or_else(|| root.join("public"));
    crate::project::files::check_output(root, &out)?;
    let project = Project::load(root, Clock::resolve(args.now.as_deref())?)?;
    for note in project.notes() {
        eprintln!("note: {note}");
    }
    let mut diagnostics = project.diagnostics();
    if quiet {
        diagnostics.retain(|d| d.severity == Severity::Error);
    }
    let errors = count(&diagnostics, Severity::Error);
    if !diagnostics.is_empty() {
        // Warnings are shown as check shows them, so "3 warnings" is never
        // a number without its reasons.
        let report = Report {
            diagnostics: &diagnostics,
            posts: project.post_count(),
            sources: project.sources(),
            prefix: "",
            quiet,
        };
        let color = super::use_color(color, &std::io::stderr());
        eprint!("{}", report::render(Format::Human, &report, color));
    }
    if errors > 0 {
        eprintln!("error: not publishing: fix the errors above; the previous site is untouched");
        return Ok(Outcome::Problems);
    }
    let options = PortalOptions {
        drafts: args.drafts,
        future: args.future,
        base_url: args.base_url.clone(),
    };
    let portal = Portal::new(&project, Arc::new(Theme::load(root)?), &options);
    // The portal holds what it needs; the parsed posts and their sources
    // go before rendering, which needs the memory.
    let post_count = project.post_count();
    let warnings = count(&diagnostics, Severity::Warning);
    drop(diagnostics);
    drop(project);
    let publisher = Publisher::begin(&out)?;
    portal.write(&publisher)?;
    let published = publisher.finish()?;
    if quiet {
        return Ok(Outcome::Clean);
    }
    eprintln!(
        "built {} live posts of {} into {} ({} files, {} written, {} removed; {} warnings) in {} ms",
        portal.views().len(),
        post_count,
        out.display(),
        published.files,
        published.written,
        published.removed,
        warnings,
        started.elapsed().as_millis()
    );
    Ok(Outcome::Clean)
}
