//! Between advocate's places (lines and columns from 1, columns in
//! characters) and the protocol's (from 0, columns in the encoding the
//! editor chose: UTF-16 by default, or UTF-32, which are characters), and
//! from diagnostics to what an editor shows and fixes.

use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::Fix;
use lsp_types as lsp;

/// How the editor counts columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Encoding {
    Utf16,
    Utf32,
}

impl Encoding {
    /// The editor's choice among those it offers: characters when it can,
    /// else UTF-16, which every client takes.
    pub(crate) fn choose(offered: Option<&[lsp::PositionEncodingKind]>) -> Encoding {
        let utf32 = offered.is_some_and(|kinds| kinds.contains(&lsp::PositionEncodingKind::UTF32));
        if utf32 {
            Encoding::Utf32
        } else {
            Encoding::Utf16
        }
    }

    pub(crate) fn kind(self) -> lsp::PositionEncodingKind {
        match self {
            Encoding::Utf16 => lsp::PositionEncodingKind::UTF16,
            Encoding::Utf32 => lsp::PositionEncodingKind::UTF32,
        }
    }
}

/// The protocol's position of advocate's line and column in `text`.
pub(crate) fn position(
    text: &str,
    line: usize,
    column: usize,
    encoding: Encoding,
) -> lsp::Position {
    let line_text = text.split('\n').nth(line.saturating_sub(1)).unwrap_or("");
    let units: usize = line_text
        .chars()
        .take(column.saturating_sub(1))
        .map(|c| match encoding {
            Encoding::Utf16 => c.len_utf16(),
            Encoding::Utf32 => 1,
        })
        .sum();
    lsp::Position {
        line: u32::try_from(line.saturating_sub(1)).unwrap_or(u32::MAX),
        character: u32::try_from(units).unwrap_or(u32::MAX),
    }
}

/// The byte offset in `text` of the protocol's position (clamped to the
/// line and the text).
pub(crate) fn offset(text: &str, at: lsp::Position, encoding: Encoding) -> usize {
    let mut start = 0;
    for _ in 0..at.line {
        match text[start..].find('\n') {
            Some(newline) => start += newline + 1,
            None => return text.len(),
        }
    }
    let line_end = text[start..].find('\n').map_or(text.len(), |n| start + n);
    let mut units = 0;
    for (i, c) in text[start..line_end].char_indices() {
        if units >= at.character as usize {
            return start + i;
        }
        units += match encoding {
            Encoding::Utf16 => c.len_utf16(),
            Encoding::Utf32 => 1,
        };
    }
    line_end
}

/// The protocol's range of a diagnostic in `text`.
pub(crate) fn range(text: &str, d: &Diagnostic, encoding: Encoding) -> lsp::Range {
    lsp::Range {
        start: position(text, d.line, d.column, encoding),
        end: position(text, d.end_line, d.end_column, encoding),
    }
}

/// A diagnostic as the editor shows it: the rule as its code, the
/// suggestions in the message as the command line prints them.
pub(crate) fn diagnostic(text: &str, d: &Diagnostic, encoding: Encoding) -> lsp::Diagnostic {
    lsp::Diagnostic {
        range: range(text, d, encoding),
        severity: Some(match d.severity {
            Severity::Error => lsp::DiagnosticSeverity::ERROR,
            Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        }),
        code: Some(lsp::NumberOrString::String(d.rule.to_string())),
        source: Some("advocate".into()),
        message: d.message.clone(),
        ..Default::default()
    }
}

/// The quick fixes of a diagnostic: one per suggestion, applied as its
/// rule says (in place of the span, or after it).
pub(crate) fn fixes(
    uri: &lsp::Uri,
    text: &str,
    d: &Diagnostic,
    encoding: Encoding,
) -> Vec<lsp::CodeAction> {
    let span = range(text, d, encoding);
    let append = d.rule.rule.info().fix == Fix::Append;
    d.suggestions
        .iter()
        .map(|suggestion| {
            let edit = if append {
                lsp::TextEdit {
                    range: lsp::Range {
                        start: span.end,
                        end: span.end,
                    },
                    new_text: format!(" {suggestion}"),
                }
            } else {
                lsp::TextEdit {
                    range: span,
                    new_text: suggestion.clone(),
                }
            };
            let title = if append {
                format!("Add {suggestion}")
            } else {
                format!("Replace with {suggestion}")
            };
            lsp::CodeAction {
                title,
                kind: Some(lsp::CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diagnostic(text, d, encoding)]),
                edit: Some(lsp::WorkspaceEdit {
                    changes: Some([(uri.clone(), vec![edit])].into_iter().collect()),
                    ..Default::default()
                }),
                is_preferred: Some(d.suggestions.len() == 1),
                ..Default::default()
            }
        })
        .collect()
}

/// Whether two ranges share a position (an empty range touching counts).
pub(crate) fn overlaps(a: &lsp::Range, b: &lsp::Range) -> bool {
    let before =
        |x: &lsp::Position, y: &lsp::Position| (x.line, x.character) < (y.line, y.character);
    !before(&a.end, &b.start) && !before(&b.end, &a.start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_as_the_editor_chose() {
        let text = "title: x\n😀 絶対 ok\n";
        // Column 4 of line 2 is after the emoji, a space and 絶.
        let utf16 = position(text, 2, 4, Encoding::Utf16);
        assert_eq!((utf16.line, utf16.character), (1, 4));
        let utf32 = position(text, 2, 4, Encoding::Utf32);
        assert_eq!((utf32.line, utf32.character), (1, 3));
        assert_eq!(&text[offset(text, utf16, Encoding::Utf16)..], "対 ok\n");
        assert_eq!(&text[offset(text, utf32, Encoding::Utf32)..], "対 ok\n");
        // Past the end of a line or the text, the end.
        let far = lsp::Position {
            line: 9,
            character: 9,
        };
        assert_eq!(offset(text, far, Encoding::Utf16), text.len());
        let long = lsp::Position {
            line: 0,
            character: 99,
        };
        assert_eq!(offset(text, long, Encoding::Utf16), 8);
    }

    #[test]
    fn the_editor_chooses_characters_when_it_can() {
        assert_eq!(Encoding::choose(None), Encoding::Utf16);
        let offered = [
            lsp::PositionEncodingKind::UTF8,
            lsp::PositionEncodingKind::UTF32,
        ];
        assert_eq!(Encoding::choose(Some(&offered)), Encoding::Utf32);
    }

    proptest::proptest! {
        /// Any text and any position an editor may send: an offset on a
        /// character boundary, and back to a position, without a panic.
        #[test]
        fn any_position_maps_to_a_boundary(text in "(?s).{0,60}", line in 0u32..8, character in 0u32..80) {
            for encoding in [Encoding::Utf16, Encoding::Utf32] {
                let at = offset(&text, lsp::Position { line, character }, encoding);
                proptest::prop_assert!(text.is_char_boundary(at));
                let _ = position(&text, line as usize + 1, character as usize + 1, encoding);
            }
        }
    }
}
