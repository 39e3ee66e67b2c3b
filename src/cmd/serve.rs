//! `advocate serve`: a live preview of the portal.

use crate::cli::{ColorChoice, ServeArgs};
use crate::clock::Clock;
use crate::error::{Error, Outcome};
use crate::serve::{ServeOptions, serve};
use std::path::Path;

/// Runs `advocate serve` until Ctrl-C.
pub(crate) fn run(root: &Path, args: &ServeArgs, color: ColorChoice) -> Result<Outcome, Error> {
    let options = ServeOptions {
        host: args.host.clone(),
        port: args.port,
        open: args.open,
        color: super::use_color(color, &std::io::stderr()),
    };
    serve(root, Clock::resolve(args.now.as_deref())?, &options)
}
