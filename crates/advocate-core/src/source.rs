//! A loaded file and the mapping from byte offsets to line and column.

use std::ops::Range;

/// One text file of the repository, as read from disk (a leading BOM removed).
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Relative to the root, `/`-separated: what every diagnostic shows.
    pub path: String,
    pub text: String,
    /// Worked out on first use: most files never need a position.
    line_starts: std::sync::OnceLock<Vec<usize>>,
    /// (byte offset, characters before it) about every [`MARK_EVERY`]
    /// bytes, so a column on a long line costs a short count, not one from
    /// the line's start (a 200 KB line with thousands of problems stays
    /// linear).
    char_marks: std::sync::OnceLock<Vec<(usize, usize)>>,
}

/// How far apart the character-count marks are, in bytes.
const MARK_EVERY: usize = 1024;

/// A 1-based line and column, the column counted in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

impl SourceFile {
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Self {
        let mut text: String = text.into();
        // The BOM is not counted in columns, and no parser below wants it.
        if text.starts_with('\u{feff}') {
            text.drain(..'\u{feff}'.len_utf8());
        }
        SourceFile {
            path: path.into(),
            text,
            line_starts: std::sync::OnceLock::new(),
            char_marks: std::sync::OnceLock::new(),
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
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = offset.min(self.text.len());
        let line_starts = self.line_starts();
        let line_index = line_starts.partition_point(|&start| start <= offset) - 1;
        let line_start = line_starts[line_index];
        let offset = floor_char_boundary(&self.text, offset);
        let column = if offset - line_start <= MARK_EVERY {
            self.text[line_start..offset].chars().count() + 1
        } else {
            self.chars_before(offset) - self.chars_before(line_start) + 1
        };
        LineCol {
            line: line_index + 1,
            column,
        }
    }

    /// How many characters come before a byte offset (on a char boundary).
    fn chars_before(&self, offset: usize) -> usize {
        let marks = self.char_marks.get_or_init(|| {
            let mut marks = vec![(0, 0)];
            let (mut at, mut count) = (0, 0);
            while at + MARK_EVERY < self.text.len() {
                let next = floor_char_boundary(&self.text, at + MARK_EVERY).max(at + 1);
                let next = (next..=self.text.len())
                    .find(|&i| self.text.is_char_boundary(i))
                    .unwrap_or(self.text.len());
                count += self.text[at..next].chars().count();
                marks.push((next, count));
                at = next;
            }
            marks
        });
        let (mark, before) = marks[marks.partition_point(|&(b, _)| b <= offset) - 1];
        before + self.text[mark..offset].chars().count()
    }

    /// Start and exclusive end of a span. An empty span is widened to one
    /// character so that every diagnostic underlines something.
    pub fn locate(&self, span: &Range<usize>) -> (LineCol, LineCol) {
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
    pub fn line_text(&self, line: usize) -> &str {
        let line_starts = self.line_starts();
        let start = line_starts[line - 1];
        let end = line_starts.get(line).copied().unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    pub fn line_count(&self) -> usize {
        self.line_starts().len()
    }
}

pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Columns on long lines, found through the marks, are the characters
    /// counted from the line's start.
    #[test]
    fn columns_on_long_lines_count_characters() {
        let line = "東京 ascii ß 😀 ".repeat(400);
        let text = format!("first\n{line}\n{line}");
        let file = SourceFile::new("a.md", text.clone());
        let second_start = 6;
        for (offset, _) in text.char_indices().step_by(97) {
            let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
            let expected = text[line_start..offset].chars().count() + 1;
            assert_eq!(file.line_col(offset).column, expected, "offset {offset}");
        }
        assert_eq!(file.line_col(second_start).line, 2);
    }

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
pub struct OffsetMap {
    /// (offset in the assembled text, offset in the file), ascending; each
    /// piece maps byte for byte from there.
    pieces: Vec<(usize, usize)>,
}

impl OffsetMap {
    pub fn push(&mut self, assembled: usize, file: usize) {
        self.pieces.push((assembled, file));
    }

    pub fn map(&self, offset: usize) -> usize {
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
    pub fn map_range(&self, text: &str, range: Range<usize>) -> Range<usize> {
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
