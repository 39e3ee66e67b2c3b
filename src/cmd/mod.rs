//! One file per command, each only wiring its arguments to the library and
//! printing what it returns. No command imports another; the exit status
//! is decided in `main` from the `Result` each returns.

pub(crate) mod build;
pub(crate) mod check;
pub(crate) mod digest;
pub(crate) mod import;
pub(crate) mod init;
pub(crate) mod new;
pub(crate) mod review;
pub(crate) mod serve;

use std::io::IsTerminal;

/// Colour only on a terminal, and never with NO_COLOR set.
pub(crate) fn use_color() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}
