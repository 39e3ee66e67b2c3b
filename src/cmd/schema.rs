//! `advocate schema policy|post`: a JSON Schema for YAML editors.

use crate::cli::SchemaArgs;
use crate::error::{Error, Outcome};

/// Prints the schema; needs no repository.
pub(crate) fn run(args: &SchemaArgs) -> Result<Outcome, Error> {
    print!("{}", args.which.render());
    Ok(Outcome::Clean)
}
