//! `advocate import FEED`: draft posts from the company blog's feed.

use crate::cli::ImportArgs;
use crate::error::{Error, Outcome};
use crate::project::load_policy;
use std::path::Path;

/// Runs `advocate import`.
pub(crate) fn run(root: &Path, args: &ImportArgs) -> Result<Outcome, Error> {
    let (_, policy) = load_policy(root)?;
    let imported = crate::authoring::feed::import(root, &policy, &args.feed)?;
    for path in &imported.written {
        println!("{path}");
    }
    for refused in &imported.refused {
        eprintln!("skipped {refused}");
    }
    eprintln!(
        "imported {} new draft post(s); review them, remove `draft: true`, and open a pull request",
        imported.written.len()
    );
    Ok(Outcome::Clean)
}
