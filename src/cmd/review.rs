//! `advocate review --base REV`: what a pull request changes, as employees
//! will receive it.

use crate::cli::ReviewArgs;
use crate::clock::Clock;
use crate::error::{Error, Outcome};
use crate::project::Project;
use std::path::Path;

/// Runs `advocate review`.
pub(crate) fn run(root: &Path, args: &ReviewArgs) -> Result<Outcome, Error> {
    let project = Project::load(root, Clock::resolve(args.now.as_deref())?)?;
    print!(
        "{}",
        crate::review::review(&project, &args.base, args.format)?
    );
    Ok(Outcome::Clean)
}
