//! `advocate init [DIR]`: a new content repository, or the missing pieces
//! of one.

use crate::authoring::scaffold::{self, Action};
use crate::cli::InitArgs;
use crate::error::{Error, Outcome};
use std::path::Path;

/// Runs `advocate init`; needs no repository.
pub(crate) fn run(cwd: &Path, args: &InitArgs) -> Result<Outcome, Error> {
    let dir = args
        .dir
        .as_ref()
        .map_or_else(|| cwd.to_path_buf(), |d| cwd.join(d));
    let layout = scaffold::layout(&dir)?;
    let chat = crate::notify::target(&args.chat)
        .ok_or_else(|| Error::Usage(format!("advocate cannot post to {}", args.chat)))?;
    let setup = scaffold::Setup { ci: args.ci, chat };
    let steps = scaffold::plan(
        &layout,
        setup,
        args.force,
        scaffold::today(),
        scaffold::library_has_posts(&layout.content),
        &|path| std::fs::read_to_string(path).ok(),
    );
    scaffold::apply(&steps)?;
    for step in &steps {
        let (verb, why) = match &step.action {
            Action::Create => ("create", String::new()),
            Action::Replace => ("replace", String::new()),
            Action::Keep => ("keep", " (it exists; --force replaces it)".to_string()),
            Action::AddLines(lines) => ("update", format!(" (added {})", lines.join(", "))),
            Action::UpToDate => ("keep", " (up to date)".to_string()),
            Action::SkipExample => ("skip", " (the library has posts already)".to_string()),
        };
        eprintln!("  {verb:<8}{}{why}", step.shown);
    }
    println!("{}", dir.display());
    eprintln!(
        "Next: `advocate serve` to see the portal, then commit and push. \
         README's ten-minute setup has the rest (Pages, branch protection)."
    );
    Ok(Outcome::Clean)
}
