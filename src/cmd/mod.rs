//! One file per command, each only wiring its arguments to the library and
//! printing what it returns. No command imports another; the exit status
//! is decided in `main` from the `Result` each returns.

pub mod build;
pub mod check;
pub mod digest;
pub mod import;
pub mod init;
pub mod new;
pub mod review;
pub mod serve;

use std::io::IsTerminal;

/// Colour only on a terminal, and never with NO_COLOR set.
pub fn use_color() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}
