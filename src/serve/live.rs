//! What the preview server shows at any moment, shared by the server and
//! the watcher that brings it up to date.

use crate::diagnostic::Diagnostic;
use crate::site::Portal;

/// What the server shows: the last good portal, and the errors of the
/// latest change (the browser's overlay).
#[derive(Default)]
pub(crate) struct Live {
    pub(super) portal: Option<Portal>,
    pub(super) errors: Vec<Diagnostic>,
    /// A change that could not be loaded at all (an unreadable policy, a theme error).
    pub(super) failure: Option<String>,
}
