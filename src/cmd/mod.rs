//! One file per command, each only wiring its arguments to the library and
//! printing what it returns. No command imports another; the exit status
//! is decided in `main` from the `Result` each returns.

pub(crate) mod analytics;
pub(crate) mod build;
pub(crate) mod check;
pub(crate) mod completions;
pub(crate) mod digest;
pub(crate) mod import;
pub(crate) mod init;
pub(crate) mod lsp;
pub(crate) mod man;
pub(crate) mod new;
pub(crate) mod notify;
pub(crate) mod review;
pub(crate) mod schema;
pub(crate) mod serve;
pub(crate) mod theme;

use crate::cli::ColorChoice;
use std::io::IsTerminal;

/// Whether to colour what goes to `stream`: `--color`, else the
/// conventions of no-color.org and bixense.com/clicolors (a non-empty
/// `NO_COLOR` turns it off, else `CLICOLOR_FORCE` on, `CLICOLOR=0` off), else
/// whether the stream is a terminal that takes colour.
pub(crate) fn use_color(choice: ColorChoice, stream: &impl IsTerminal) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto if anstyle_query::no_color() => false,
        ColorChoice::Auto if anstyle_query::clicolor_force() => true,
        ColorChoice::Auto => {
            anstyle_query::clicolor() != Some(false)
                && stream.is_terminal()
                && anstyle_query::term_supports_color()
        }
    }
}
