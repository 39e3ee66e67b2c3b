//! `advocate new TITLE`: a post that is ready to fill.

use crate::authoring::draft::{PostRequest, write_post};
use crate::cli::NewArgs;
use crate::error::{Error, Outcome};
use crate::project::load_policy;
use std::path::Path;

/// Runs `advocate new`.
pub(crate) fn run(root: &Path, args: &NewArgs) -> Result<Outcome, Error> {
    let (_, policy) = load_policy(root)?;
    let request = PostRequest {
        title: args.title.clone(),
        campaign: args.campaign.clone(),
        lang: args.lang.clone(),
        networks: args.network.clone(),
        from: args.from.clone(),
    };
    let path = write_post(root, &policy, &request)?;
    let shown = path.strip_prefix(root).unwrap_or(&path);
    println!("{}", shown.display());
    eprintln!(
        "wrote a new post: fill in the TODOs, then run `advocate check {}`",
        shown.display()
    );
    Ok(Outcome::Clean)
}
