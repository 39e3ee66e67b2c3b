//! `advocate init [DIR]`: a new content repository.

use crate::cli::InitArgs;
use crate::error::{Error, Outcome};
use std::path::Path;

/// Runs `advocate init`; needs no repository.
pub(crate) fn run(cwd: &Path, args: &InitArgs) -> Result<Outcome, Error> {
    let dir = args
        .dir
        .as_ref()
        .map_or_else(|| cwd.to_path_buf(), |d| cwd.join(d));
    let count = crate::authoring::scaffold::create(&dir)?;
    println!("{}", dir.display());
    eprintln!(
        "created a content repository ({count} files). Next: edit policy.yaml, then `advocate check` and `advocate build`; `advocate new \"Title\"` starts a post."
    );
    Ok(Outcome::Clean)
}
