//! `advocate digest --since 7d`: a note to employees about the period.

use crate::cli::DigestArgs;
use crate::clock::Clock;
use crate::error::{Error, Outcome};
use crate::project::Project;
use std::path::Path;

/// Runs `advocate digest`.
pub(crate) fn run(root: &Path, args: &DigestArgs) -> Result<Outcome, Error> {
    let project = Project::load(root, Clock::resolve(args.now.as_deref())?)?;
    print!(
        "{}",
        crate::digest::digest(&project, &args.since, args.format)?
    );
    Ok(Outcome::Clean)
}
