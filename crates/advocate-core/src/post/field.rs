//! A front-matter value with the span it was written at, and the mark of
//! what an author has yet to write.

use std::ops::Range;

/// The marker `advocate new` puts where the author must write; `check`
/// refuses what still carries it.
pub const TODO_MARK: &str = "TODO";

/// A value and where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Field<T> {
    pub value: T,
    pub span: Range<usize>,
}
