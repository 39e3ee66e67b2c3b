//! `advocate build`: check, render the portal, publish it atomically.

use crate::cli::{BuildArgs, ColorChoice};
use crate::clock::Clock;
use crate::diagnostic::{Severity, count};
use crate::error::{Error, Outcome};
use crate::freshness::{self, Inputs, Settings, Stamp, Summary};
use crate::project::Project;
use crate::publish::Publisher;
use crate::report::{self, Format, Report};
use crate::site::model::view_if_live;
use crate::site::theme::Theme;
use crate::site::{Portal, PortalOptions};
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
    // One instant for the whole build: the posts are judged and shown at it.
    let clock = Clock::Fixed(Clock::resolve(args.now.as_deref())?.now());
    let now = clock.now();
    let color = super::use_color(color, &std::io::stderr());
    let settings = Settings {
        root,
        drafts: args.drafts,
        future: args.future,
        base_url: args.base_url.as_deref(),
        quiet,
        color,
    };
    // Nothing changed since the last build: its site and its words stand.
    let last = Stamp::read(&out);
    let mut inputs = Inputs::stat(root, last.as_ref());
    if last.is_some() {
        // Files the stamp cannot vouch for by size and time are compared by
        // content (without a stamp there is nothing to compare with).
        inputs.read_unknown(root, std::iter::empty());
    }
    if let Some(mut last) = last.filter(|s| s.is_current(&out, &settings, &inputs, now)) {
        if last.refresh(inputs) {
            let _ = last.write(&out); // only a later shortcut's speed is at stake
        }
        eprint!("{}", last.report);
        if !quiet {
            let s = last.summary;
            eprintln!(
                "nothing changed since the last build: {} live posts of {} in {} ({} files, 0 written, 0 removed; {} warnings) in {} ms",
                s.live,
                s.posts,
                out.display(),
                s.files,
                s.warnings,
                started.elapsed().as_millis()
            );
        }
        return Ok(Outcome::Clean);
    }
    let options = PortalOptions {
        drafts: args.drafts,
        future: args.future,
        base_url: args.base_url.clone(),
    };
    // Each post becomes its portal view as it is loaded; only posts with
    // problems are held as parsed posts.
    let selection = options.selection(now);
    let (project, taken) = Project::load_lean(root, clock, |post, shares, policy| {
        (
            view_if_live(post, shares, policy, &selection),
            freshness::next_change(post, policy, now),
        )
    })?;
    let (views, changes): (Vec<_>, Vec<_>) = taken.into_iter().unzip();
    let valid_until = freshness::valid_until(now, project.policy(), changes.into_iter().flatten());
    let mut shown = String::new();
    for note in project.notes() {
        shown.push_str(&format!("note: {note}\n"));
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
        shown.push_str(&report::render(Format::Human, &report, color));
    }
    eprint!("{shown}");
    if errors > 0 {
        eprintln!("error: not publishing: fix the errors above; the previous site is untouched");
        return Ok(Outcome::Problems);
    }
    // What the stamp will say of the files read: the posts' fingerprints as
    // the load took them; anything else is read now.
    inputs.read_unknown(root, project.post_fingerprints());
    let views = views.into_iter().flatten().collect();
    let portal = Portal::with_views(&project, views, Arc::new(Theme::load(root)?), &options);
    // The portal holds what it needs; the parsed posts and their sources
    // go before rendering, which needs the memory.
    let post_count = project.post_count();
    let warnings = count(&diagnostics, Severity::Warning);
    drop(diagnostics);
    drop(project);
    Stamp::remove(&out);
    let publisher = Publisher::begin(&out)?;
    portal.write(&publisher)?;
    let published = publisher.finish()?;
    let summary = Summary {
        live: portal.views().len(),
        posts: post_count,
        files: published.files,
        warnings,
    };
    let stamp = Stamp::new(&out, &settings, inputs, now, valid_until, shown, summary);
    if let Err(error) = stamp.write(&out) {
        // Only the next build's shortcut is lost.
        eprintln!(
            "note: cannot write the build's stamp beside {}: {error}",
            out.display()
        );
    }
    if quiet {
        return Ok(Outcome::Clean);
    }
    eprintln!(
        "built {} live posts of {} into {} ({} files, {} written, {} removed; {} warnings) in {} ms",
        summary.live,
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
