//! `advocate lsp`: the language server, for editors (docs/editors.md).

use crate::cli::LspArgs;
use crate::clock::Clock;
use crate::error::{Error, Outcome};
use std::path::Path;

/// Serves one editor over standard input and output until it exits.
pub(crate) fn run(root: &Path, args: &LspArgs) -> Result<Outcome, Error> {
    crate::lsp::run(root, Clock::resolve(args.now.as_deref())?)
}
