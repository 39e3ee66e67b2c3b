//! `advocate man`: the man page, from the same definitions as `--help`.

use crate::cli::Cli;
use crate::error::{Error, Outcome};
use clap::CommandFactory;

/// Prints the page as roff (`advocate man > advocate.1`); needs no repository.
pub(crate) fn run() -> Result<Outcome, Error> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut page)
        .map_err(|e| Error::io("cannot write", std::path::Path::new("the man page"), e))?;
    std::io::Write::write_all(&mut std::io::stdout(), &page)
        .map_err(|e| Error::io("cannot write", std::path::Path::new("standard output"), e))?;
    Ok(Outcome::Clean)
}
