//! The whole build, from a repository to a published portal: the
//! nothing-changed shortcut, the check, the render, the atomic publish and
//! the stamp the next build's shortcut reads. `advocate build` only wires
//! its flags to [`build`] and prints what it returns.

use crate::clock::Clock;
use crate::diagnostic::{Severity, count};
use crate::error::Error;
use crate::freshness::{self, Inputs, Settings, Stamp, Summary};
use crate::project::Project;
use crate::publish::{Published, Publisher};
use crate::report::{self, Format, Report};
use crate::site::model::view_if_live;
use crate::site::theme::Theme;
use crate::site::{Portal, PortalOptions};
use std::path::Path;
use std::sync::Arc;

/// What to build, and where.
pub(crate) struct Request<'a> {
    pub(crate) root: &'a Path,
    pub(crate) out: &'a Path,
    /// One instant for the whole build: the posts are judged and shown at it.
    pub(crate) now: jiff::Timestamp,
    pub(crate) options: PortalOptions,
    /// Errors only in the report.
    pub(crate) quiet: bool,
    /// Colour in the report.
    pub(crate) color: bool,
    /// Takes what the check found, rendered for people, as soon as it is
    /// known: before publishing, so a build that then fails still says it.
    pub(crate) show: &'a dyn Fn(&str),
}

/// How a build ended.
pub(crate) enum Built {
    /// Nothing changed since the last build: its site stands (and what it
    /// said then was shown again).
    Unchanged(Summary),
    /// The check found errors: nothing was published.
    Refused,
    /// The new site is in place.
    Published {
        summary: Summary,
        published: Published,
        /// What went wrong on the side (the stamp could not be written).
        notes: Vec<String>,
    },
}

/// Builds the portal of `request.root` into `request.out`.
pub(crate) fn build(request: &Request) -> Result<Built, Error> {
    let Request { root, out, now, .. } = *request;
    crate::project::files::check_output(root, out)?;
    let options = &request.options;
    let settings = Settings {
        root,
        drafts: options.drafts,
        future: options.future,
        base_url: options.base_url.as_deref(),
        quiet: request.quiet,
        color: request.color,
    };
    // Nothing changed since the last build: its site and its words stand.
    let last = Stamp::read(out);
    let mut inputs = Inputs::stat(root, last.as_ref());
    if last.is_some() {
        // Files the stamp cannot vouch for by size and time are compared by
        // content (without a stamp there is nothing to compare with).
        inputs.read_unknown(root, std::iter::empty());
    }
    if let Some(mut last) = last.filter(|s| s.is_current(out, &settings, &inputs, now)) {
        if last.refresh(inputs) {
            let _ = last.write(out); // only a later shortcut's speed is at stake
        }
        (request.show)(&last.report);
        return Ok(Built::Unchanged(last.summary));
    }
    // Each post becomes its portal view as it is loaded; only posts with
    // problems are held as parsed posts.
    let selection = options.selection(now);
    let (project, taken) = Project::load_lean(root, Clock::Fixed(now), |post, shares, policy| {
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
    if request.quiet {
        diagnostics.retain(|d| d.severity == Severity::Error);
    }
    if !diagnostics.is_empty() {
        // Warnings are shown as check shows them, so "3 warnings" is never
        // a number without its reasons.
        let report = Report {
            diagnostics: &diagnostics,
            posts: project.post_count(),
            sources: project.sources(),
            prefix: "",
            quiet: request.quiet,
        };
        shown.push_str(&report::render(Format::Human, &report, request.color));
    }
    (request.show)(&shown);
    if count(&diagnostics, Severity::Error) > 0 {
        return Ok(Built::Refused);
    }
    // What the stamp will say of the files read: the posts' fingerprints as
    // the load took them; anything else is read now.
    inputs.read_unknown(root, project.post_fingerprints());
    let views = views.into_iter().flatten().collect();
    let portal = Portal::with_views(&project, views, Arc::new(Theme::load(root)?), options);
    // The portal holds what it needs; the parsed posts and their sources
    // go before rendering, which needs the memory.
    let post_count = project.post_count();
    let warnings = count(&diagnostics, Severity::Warning);
    drop(diagnostics);
    drop(project);
    Stamp::remove(out);
    let publisher = Publisher::begin(out)?;
    portal.write(&publisher)?;
    let published = publisher.finish()?;
    let summary = Summary {
        live: portal.views().len(),
        posts: post_count,
        files: published.files,
        warnings,
    };
    let mut notes = Vec::new();
    let stamp = Stamp::new(out, &settings, inputs, now, valid_until, shown, summary);
    if let Err(error) = stamp.write(out) {
        // Only the next build's shortcut is lost.
        notes.push(format!(
            "cannot write the build's stamp beside {}: {error}",
            out.display()
        ));
    }
    Ok(Built::Published {
        summary,
        published,
        notes,
    })
}
