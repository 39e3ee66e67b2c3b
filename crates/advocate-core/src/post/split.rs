//! Splitting a post into its front matter and its body, by hand: the YAML
//! parser must see the front matter alone, and we must know where it and
//! the body start in the file.

use std::ops::Range;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// The opening `---` line, without its line ending.
    pub opening: Range<usize>,
    pub yaml: &'a str,
    pub yaml_start: usize,
    pub body: &'a str,
    pub body_start: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SplitError {
    Empty,
    NoFrontMatter,
    Unclosed,
}

impl SplitError {
    pub fn message(self) -> &'static str {
        match self {
            SplitError::Empty => {
                "the file is empty; a post starts with front matter between two `---` lines, then its share texts"
            }
            SplitError::NoFrontMatter => {
                "no front matter; start the file with a line `---`, the fields (`title: …`), and another `---`"
            }
            SplitError::Unclosed => {
                "the front matter is never closed; add a line `---` after the last field"
            }
        }
    }
}

/// `text` has had its BOM removed; lines may end in `\n` or `\r\n`.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    if text.trim().is_empty() {
        return Err(SplitError::Empty);
    }
    let mut lines = lines_with_offsets(text);
    let Some((first_start, first)) = lines.next() else {
        return Err(SplitError::Empty);
    };
    if !is_fence(first) {
        return Err(SplitError::NoFrontMatter);
    }
    let opening = first_start..first_start + first.trim_end_matches(['\r', '\n']).len();
    let yaml_start = first_start + first.len();
    for (start, line) in lines {
        if is_fence(line) {
            let body_start = start + line.len();
            return Ok(Split {
                opening,
                yaml: &text[yaml_start..start],
                yaml_start,
                body: &text[body_start..],
                body_start,
            });
        }
    }
    Err(SplitError::Unclosed)
}

fn is_fence(line: &str) -> bool {
    line.trim_end() == "---"
}

fn lines_with_offsets(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_inclusive('\n').scan(0, |offset, line| {
        let start = *offset;
        *offset += line.len();
        Some((start, line))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter() {
        let text = "---\ntitle: A\n---\nbody\n";
        let split = split(text).unwrap();
        assert_eq!(split.yaml, "title: A\n");
        assert_eq!(split.body, "body\n");
        assert_eq!(&text[split.body_start..], "body\n");
        assert_eq!(split.opening, 0..3);
    }

    #[test]
    fn handles_crlf_and_trailing_space() {
        let text = "--- \r\ntitle: A\r\n---\r\nbody";
        let split = split(text).unwrap();
        assert_eq!(split.yaml, "title: A\r\n");
        assert_eq!(split.body, "body");
        assert_eq!(split.opening, 0..4);
    }

    #[test]
    fn reports_what_is_missing() {
        let cases = [
            ("", SplitError::Empty),
            (" \n\n", SplitError::Empty),
            ("title: A\n", SplitError::NoFrontMatter),
            ("---\ntitle: A\n", SplitError::Unclosed),
            ("---\ntitle: A\n----\n", SplitError::Unclosed),
        ];
        for (text, expected) in cases {
            assert_eq!(split(text), Err(expected), "{text:?}");
        }
    }
}
