//! One file per command; each wires the library together and returns the
//! exit status.

pub mod build;
pub mod check;
pub mod digest;
pub mod from;
pub mod import;
pub mod init;
pub mod new;
pub mod review;
pub mod serve;

use crate::pipeline::RunError;
use crate::report::{self, Format, Report};
use std::io::IsTerminal;
use std::process::ExitCode;

/// Exit statuses of SPEC §7.
pub const EXIT_OK: u8 = 0;
pub const EXIT_PROBLEMS: u8 = 1;
pub const EXIT_CANNOT_RUN: u8 = 2;

/// Prints why a run stopped and gives status 2. Policy errors are printed in
/// the requested format, so CI annotates policy.yaml too.
pub fn fail(error: RunError, format: Format) -> ExitCode {
    match error {
        RunError::Fatal(message) => eprintln!("error: {message}"),
        RunError::Policy(file, diagnostics) => {
            let report = Report {
                diagnostics: &diagnostics,
                posts: 0,
                sources: [(file.path.as_str(), &file)].into_iter().collect(),
            };
            let text = report::render(format, &report, use_color());
            if format == Format::Human {
                eprint!("{text}");
                eprintln!(
                    "error: policy.yaml has problems; fix them before anything can be checked"
                );
            } else {
                print!("{text}");
            }
        }
    }
    ExitCode::from(EXIT_CANNOT_RUN)
}

/// `--now` resolved and the repository checked, or the exit status that
/// says why it could not be.
pub fn check_at(
    root: &std::path::Path,
    now: Option<&str>,
    format: Format,
) -> Result<(jiff::Timestamp, crate::pipeline::Checked), ExitCode> {
    let now =
        crate::time::resolve_now(now).map_err(|message| fail(RunError::Fatal(message), format))?;
    let checked =
        crate::pipeline::check_repository(root, now).map_err(|error| fail(error, format))?;
    Ok((now, checked))
}

/// Colour only on a terminal, and never with NO_COLOR set.
pub fn use_color() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}
