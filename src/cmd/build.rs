//! `advocate build`: check, render the portal, publish it atomically
//! (`crate::pipeline`), and say what happened.

use crate::cli::{BuildArgs, ColorChoice};
use crate::clock::Clock;
use crate::error::{Error, Outcome};
use crate::pipeline::{self, Built, Request};
use crate::site::PortalOptions;
use std::path::Path;
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
    let request = Request {
        root,
        out: &out,
        now: Clock::resolve(args.now.as_deref())?.now(),
        options: PortalOptions {
            drafts: args.drafts,
            future: args.future,
            base_url: args.base_url.clone(),
        },
        quiet,
        color: super::use_color(color, &std::io::stderr()),
        show: &|report| eprint!("{report}"),
    };
    let elapsed = || started.elapsed().as_millis();
    match pipeline::build(&request)? {
        Built::Refused => {
            eprintln!(
                "error: not publishing: fix the errors above; the previous site is untouched"
            );
            return Ok(Outcome::Problems);
        }
        Built::Unchanged(summary) => {
            if !quiet {
                eprintln!(
                    "nothing changed since the last build: {} live posts of {} in {} ({} files, 0 written, 0 removed; {} warnings) in {} ms",
                    summary.live,
                    summary.posts,
                    out.display(),
                    summary.files,
                    summary.warnings,
                    elapsed()
                );
            }
        }
        Built::Published {
            summary,
            published,
            notes,
        } => {
            for note in notes {
                eprintln!("note: {note}");
            }
            if !quiet {
                eprintln!(
                    "built {} live posts of {} into {} ({} files, {} written, {} removed; {} warnings) in {} ms",
                    summary.live,
                    summary.posts,
                    out.display(),
                    published.files,
                    published.written,
                    published.removed,
                    summary.warnings,
                    elapsed()
                );
            }
        }
    }
    Ok(Outcome::Clean)
}
