//! What rendering gives: a file of the portal, whole or in parts, and the
//! sink that takes files as they are made.

use crate::error::Error;

/// One rendered file of the portal: whole, or in parts (a data file of
/// tens of megabytes need not be joined in memory).
pub(crate) enum Rendered {
    /// The file's bytes.
    Bytes(Vec<u8>),
    /// The file's text, in parts to write one after the other.
    Parts(Vec<String>),
}

impl Rendered {
    /// The whole file.
    pub(crate) fn into_bytes(self) -> Vec<u8> {
        match self {
            Rendered::Bytes(bytes) => bytes,
            Rendered::Parts(parts) => parts.concat().into_bytes(),
        }
    }
}

/// Where rendered files go, as they are made (from several threads): the
/// publisher writes them, a test collects them.
pub(crate) trait Sink: Sync {
    /// Takes one file of the portal, by its path under the output folder.
    fn put(&self, path: &str, file: Rendered) -> Result<(), Error>;

    /// Whether the sink holds `path` as made from `key` already; it then
    /// keeps it, and the file need not be rendered.
    fn holds(&self, _path: &str, _key: u64) -> bool {
        false
    }

    /// Notes what `path`, just put, was made from.
    fn made_from(&self, _path: &str, _key: u64) {}
}
