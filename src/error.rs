//! Why a command could not run (exit status 2, docs/diagnostics.md). Problems found *in*
//! the content are not errors: they are diagnostics, and the command that
//! found them says so with [`Outcome::Problems`].

use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;
use std::fmt;
use std::path::PathBuf;

/// What a command that ran to its end found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Nothing that fails the run (exit 0).
    Clean,
    /// Problems in the content, already reported (exit 1).
    Problems,
}

/// Why a run stopped before its end.
#[derive(Debug)]
pub(crate) enum Error {
    /// A file or folder could not be read or written.
    Io {
        /// What was being done, e.g. "cannot read" or "cannot write".
        doing: &'static str,
        /// The path, as the user knows it.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// A command-line value or a request that cannot be carried out, said in
    /// one sentence with the fix.
    Usage(String),
    /// `policy.yaml` is invalid: its diagnostics, to print in any format.
    Policy(Box<(SourceFile, Vec<Diagnostic>)>),
    /// The theme's templates or strings cannot be used.
    Theme(String),
    /// Git could not answer.
    Git(String),
    /// The portal could not be rendered or published; the previous site is
    /// untouched.
    Publish(String),
    /// A document from outside (an article, a feed, a URL) could not be read.
    Input(String),
}

impl Error {
    /// An I/O error with the path it happened at.
    pub(crate) fn io(
        doing: &'static str,
        path: impl Into<PathBuf>,
        source: std::io::Error,
    ) -> Error {
        Error::Io {
            doing,
            path: path.into(),
            source,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Io {
                doing,
                path,
                source,
            } => write!(f, "{doing} {}: {source}", path.display()),
            Error::Policy(policy) => write!(
                f,
                "policy.yaml has {} problem(s); fix them before anything can be checked",
                policy.1.len()
            ),
            Error::Usage(message)
            | Error::Theme(message)
            | Error::Git(message)
            | Error::Publish(message)
            | Error::Input(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for Error {}

/// The exit status (docs/diagnostics.md) for a run's result: the only place it is
/// decided.
pub(crate) fn exit_status(result: &Result<Outcome, Error>) -> u8 {
    match result {
        Ok(Outcome::Clean) => 0,
        Ok(Outcome::Problems) => 1,
        Err(_) => 2,
    }
}
