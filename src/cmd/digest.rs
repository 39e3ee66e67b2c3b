//! `advocate digest --since 7d`: a note to employees about the period.

use crate::cli::DigestArgs;
use crate::clock::Clock;
use crate::error::{Error, Outcome};
use crate::project::Project;
use std::path::Path;

/// Runs `advocate digest`.
pub(crate) fn run(root: &Path, args: &DigestArgs) -> Result<Outcome, Error> {
    let project = Project::load(root, Clock::resolve(args.now.as_deref())?)?;
    let options = crate::digest::Options {
        since: &args.since,
        kind: if args.new {
            crate::digest::Kind::NewPosts
        } else {
            crate::digest::Kind::Digest
        },
        format: args.format,
        mail: &args.mail.mail(),
        published: None,
    };
    let (text, _) = crate::digest::digest(&project, &options)?;
    print!("{text}");
    Ok(Outcome::Clean)
}
