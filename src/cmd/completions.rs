//! `advocate completions SHELL`: a completion script for the shell.

use crate::cli::{Cli, CompletionsArgs};
use crate::error::{Error, Outcome};
use clap::CommandFactory;

/// Prints the script; needs no repository.
pub(crate) fn run(args: &CompletionsArgs) -> Result<Outcome, Error> {
    let mut command = Cli::command();
    clap_complete::generate(args.shell, &mut command, "advocate", &mut std::io::stdout());
    Ok(Outcome::Clean)
}
