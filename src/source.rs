//! A loaded file and the mapping from byte offsets to line and column.

use std::ops::Range;

/// One text file of the repository, as read from disk (a leading BOM removed).
#[derive(Debug, Clone)]
pub(crate) struct SourceFile {
    /// Relative to the root, `/`-separated: what every diagnostic shows.
    pub(crate) path: String,
    pub(crate) text: String,
    /// Worked out on first use: most files never need a position.
    line_starts: std::sync::OnceLock<Vec<usize>>,
}

/// A 1-based line and column, the column counted in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct LineCol {
    pub(crate) line: usize,
    pub(crate) column: usize,
}

impl SourceFile {
    pub(crate) fn new(path: impl Into<String>, text: impl Into<String>) -> Self {
        let mut text: String = text.into();
        // The BOM is not counted in columns, and no parser below wants it.
        if text.starts_with('\u{feff}') {
            text.drain(..'\u{feff}'.len_utf8());
        }
        SourceFile {
            path: path.into(),
            text,
            line_starts: std::sync::OnceLock::new(),
        }
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        })
    }

    /// Where a byte offset stands. An offset inside a character counts as
    /// that character.
    pub(crate) fn line_col(&self, offset: usize) -> LineCol {
        let offset = offset.min(self.text.len());
        let line_starts = self.line_starts();
        let line_index = line_starts.partition_point(|&start| start <= offset) - 1;
        let line_start = line_starts[line_index];
        let column = self.text[line_start..floor_char_boundary(&self.text, offset)]
            .chars()
            .count()
            + 1;
        LineCol {
            line: line_index + 1,
            column,
        }
    }

    /// Start and exclusive end of a span. An empty span is widened to one
    /// character so that every diagnostic underlines something.
    pub(crate) fn locate(&self, span: &Range<usize>) -> (LineCol, LineCol) {
        let start = self.line_col(span.start);
        let end = if span.end > span.start {
            self.line_col(span.end)
        } else {
            LineCol {
                line: start.line,
                column: start.column + 1,
            }
        };
        (start, end)
    }

    /// The text of a 1-based line, without its line ending.
    pub(crate) fn line_text(&self, line: usize) -> &str {
        let line_starts = self.line_starts();
        let start = line_starts[line - 1];
        let end = line_starts.get(line).copied().unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    pub(crate) fn line_count(&self) -> usize {
        self.line_starts().len()
    }
}

pub(crate) fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let file = SourceFile::new("a.md", "ab\n東京x\r\n\tz");
        let cases = [
            (0, (1, 1)),
            (2, (1, 3)),
            (3, (2, 1)),
            (6, (2, 2)),
            (9, (2, 3)),
            (12, (3, 1)),
            (13, (3, 2)),
        ];
        for (offset, (line, column)) in cases {
            assert_eq!(
                file.line_col(offset),
                LineCol { line, column },
                "offset {offset}"
            );
        }
        assert_eq!(file.line_text(2), "東京x");
    }

    #[test]
    fn bom_is_not_counted() {
        let file = SourceFile::new("a.md", "\u{feff}---\n");
        assert_eq!(file.text, "---\n");
        assert_eq!(file.line_col(1), LineCol { line: 1, column: 2 });
    }

    #[test]
    fn empty_span_is_widened() {
        let file = SourceFile::new("a.md", "abc");
        let (start, end) = file.locate(&(0..0));
        assert_eq!((start.column, end.column), (1, 2));
    }
}

/// Maps offsets of a text assembled from pieces of a file (a share block's
/// lines, a briefing's text runs) back to offsets in that file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct OffsetMap {
    /// (offset in the assembled text, offset in the file), ascending; each
    /// piece maps byte for byte from there.
    pieces: Vec<(usize, usize)>,
}

impl OffsetMap {
    pub(crate) fn push(&mut self, assembled: usize, file: usize) {
        self.pieces.push((assembled, file));
    }

    pub(crate) fn map(&self, offset: usize) -> usize {
        let index = self.pieces.partition_point(|&(start, _)| start <= offset);
        match index {
            0 => self.pieces.first().map_or(offset, |&(_, file)| file),
            _ => {
                let (start, file) = self.pieces[index - 1];
                file + (offset - start)
            }
        }
    }

    /// A range of the assembled `text` as a range of the file; the end lands
    /// after the last character of the range, wherever that piece came from.
    pub(crate) fn map_range(&self, text: &str, range: Range<usize>) -> Range<usize> {
        let start = self.map(range.start);
        let end = match text[..range.end].chars().next_back() {
            Some(last) if range.end > range.start => {
                self.map(range.end - last.len_utf8()) + last.len_utf8()
            }
            _ => start,
        };
        start..end.max(start)
    }
}
