//! `advocate theme eject [FILE…]`: built-in theme files copied into the
//! repository's theme, where they override the built-in ones.

use crate::cli::EjectArgs;
use crate::error::{Error, Outcome};
use crate::project::files::THEME_DIR;
use std::path::Path;

/// Copies the files; existing ones are kept unless `--force`.
pub(crate) fn eject(root: &Path, args: &EjectArgs) -> Result<Outcome, Error> {
    let files = crate::site::theme::built_in_files(&args.files)?;
    for (path, bytes) in files {
        let target = root.join(THEME_DIR).join(path);
        if target.exists() && !args.force {
            eprintln!("  keep    {THEME_DIR}/{path} (it exists; --force replaces it)");
            continue;
        }
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io("cannot create", parent, e))?;
        }
        std::fs::write(&target, bytes).map_err(|e| Error::io("cannot write", &target, e))?;
        eprintln!("  create  {THEME_DIR}/{path}");
    }
    eprintln!(
        "Edit them there: each file overrides the built-in one, and the rest still come from advocate."
    );
    Ok(Outcome::Clean)
}
