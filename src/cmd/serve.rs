//! `advocate serve`: a live preview of the portal.

use crate::cli::ServeArgs;
use crate::error::{Error, Outcome};
use crate::serve::{ServeOptions, serve};
use crate::time::Clock;
use std::path::Path;

/// Runs `advocate serve` until Ctrl-C.
pub(crate) fn run(root: &Path, args: &ServeArgs) -> Result<Outcome, Error> {
    let options = ServeOptions {
        host: args.host.clone(),
        port: args.port,
        open: args.open,
        color: super::use_color(),
    };
    serve(root, Clock::resolve(args.now.as_deref())?, &options)
}
