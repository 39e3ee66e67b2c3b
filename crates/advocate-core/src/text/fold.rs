//! Text as terms are compared: NFKC_Casefold (NFKC, full Unicode case
//! folding from ICU4X, default-ignorable code points such as soft hyphens
//! and zero-width spaces removed), white space collapsed, with a way back to
//! the original offsets.
//!
//! The original is cut into clusters (a character and the marks that combine
//! with it, such as `ｶ` + `ﾞ`, or a run of white space); each cluster is
//! normalized on its own. A position in the folded text maps back to whole
//! clusters, so a match is reported on whole source characters (ß → ss,
//! ｶﾞ → ガ).

use icu_casemap::{CaseMapper, CaseMapperBorrowed};
use icu_properties::props::DefaultIgnorableCodePoint;
use icu_properties::{CodePointSetData, CodePointSetDataBorrowed};
use std::ops::Range;
use unicode_normalization::UnicodeNormalization;

/// Unicode's full case folding (`ß` → `ss`, `ς` → `σ`, `ǅ` → `ǆ`, …).
const CASE: CaseMapperBorrowed<'static> = CaseMapper::new();

/// Characters that are invisible and must not change a match: soft hyphen,
/// zero-width space and joiners, word joiner, variation selectors, …
const IGNORABLE: CodePointSetDataBorrowed<'static> =
    CodePointSetData::new::<DefaultIgnorableCodePoint>();
use unicode_normalization::char::canonical_combining_class;

/// Where a browser's folding needs help to fold as [`Folded`] does.
///
/// A browser has NFKC (`normalize`), lower case (`toLowerCase`) and the
/// default-ignorable set (`\p{Default_Ignorable_Code_Point}`), but no case
/// folding. Lower case is case folding but for these characters (`ß` →
/// `ss`, `ς` → `σ`, Cherokee, Greek with iota below, …): after lowering,
/// the portal's script replaces each by its folding. A test checks, for
/// every code point, that NFKC, lowering, this table and NFKC again give
/// exactly what [`Folded`] gives; it writes the table again with
/// `ADVOCATE_UPDATE_DOCS=1`.
pub const BROWSER_FOLDS: &[(char, &str)] = &include!("browser_folds.in");

/// [`BROWSER_FOLDS`] as a JSON object (character to folding), for the
/// search index's manifest.
pub fn browser_folds_json() -> serde_json::Value {
    let entries: serde_json::Map<String, serde_json::Value> = BROWSER_FOLDS
        .iter()
        .map(|(c, folded)| (c.to_string(), serde_json::Value::from(*folded)))
        .collect();
    serde_json::Value::Object(entries)
}

#[derive(Debug, Clone)]
pub struct Folded {
    pub text: String,
    /// Runs of the folded text in order. An identity run maps byte for byte;
    /// any other run is one cluster that maps to its source cluster as a whole.
    runs: Vec<Run>,
    source_len: usize,
}

#[derive(Debug, Clone, Copy)]
struct Run {
    folded_start: usize,
    source_start: usize,
    identity: bool,
}

impl Folded {
    /// `case_fold: false` is for `case_sensitive` terms: NFKC alone.
    pub fn new(source: &str, case_fold: bool) -> Folded {
        if source.is_ascii() {
            return Self::new_ascii(source, case_fold);
        }
        let mut folded = Folded {
            text: String::with_capacity(source.len()),
            runs: Vec::new(),
            source_len: source.len(),
        };
        let clusters = Clusters { source, offset: 0 };
        let mut scratch = String::new();
        for cluster in clusters {
            let piece = &source[cluster.clone()];
            scratch.clear();
            if is_stable_single(piece) {
                scratch.push_str(piece);
            } else if piece.starts_with(char::is_whitespace) {
                scratch.push(' ');
            } else if piece.is_ascii() {
                scratch.push_str(piece);
                if case_fold {
                    scratch.make_ascii_lowercase();
                }
            } else {
                normalize_into(piece, case_fold, &mut scratch);
            }
            folded.push(cluster, &scratch);
        }
        folded
    }

    /// ASCII needs no normalization: lowercase it and collapse white space,
    /// byte by byte. White space is Unicode's, as for any other text (so
    /// the vertical tab too, which `is_ascii_whitespace` leaves out).
    fn new_ascii(source: &str, case_fold: bool) -> Folded {
        let mut folded = Folded {
            text: String::with_capacity(source.len()),
            runs: Vec::new(),
            source_len: source.len(),
        };
        let bytes = source.as_bytes();
        let mut start = 0;
        while start < bytes.len() {
            let word_end = bytes[start..]
                .iter()
                .position(|&b| char::from(b).is_whitespace())
                .map_or(bytes.len(), |i| start + i);
            if word_end > start {
                let word = &source[start..word_end];
                if case_fold {
                    folded.push(start..word_end, &word.to_ascii_lowercase());
                } else {
                    folded.push(start..word_end, word);
                }
            }
            if word_end < bytes.len() {
                let space_end = bytes[word_end..]
                    .iter()
                    .position(|&b| !char::from(b).is_whitespace())
                    .map_or(bytes.len(), |i| word_end + i);
                folded.push(word_end..space_end, " ");
                start = space_end;
            } else {
                start = word_end;
            }
        }
        folded
    }

    fn push(&mut self, cluster: Range<usize>, folded: &str) {
        let identity = folded.len() == cluster.len();
        let folded_start = self.text.len();
        self.text.push_str(folded);
        match self.runs.last() {
            Some(last) if identity && last.identity => {}
            _ => self.runs.push(Run {
                folded_start,
                source_start: cluster.start,
                identity,
            }),
        }
    }

    /// The source span of a folded span, widened to whole clusters.
    pub fn source_range(&self, folded: Range<usize>) -> Range<usize> {
        let start = self.source_offset(folded.start, false);
        let end = if folded.end > folded.start {
            self.source_offset(folded.end - 1, true)
        } else {
            start
        };
        start..end
    }

    /// Maps one folded byte; `after` gives the end of its cluster instead of
    /// its start.
    fn source_offset(&self, offset: usize, after: bool) -> usize {
        let index = self.runs.partition_point(|run| run.folded_start <= offset);
        if index == 0 {
            return 0;
        }
        let run = self.runs[index - 1];
        if run.identity {
            return run.source_start + (offset - run.folded_start) + usize::from(after);
        }
        if after {
            self.runs
                .get(index)
                .map_or(self.source_len, |next| next.source_start)
        } else {
            run.source_start
        }
    }
}

/// NFKC, then (with `case_fold`) full case folding and NFKC again, as
/// NFKC_Casefold does; default-ignorable characters are left out, so a
/// cluster of only those folds to nothing.
fn normalize_into(piece: &str, case_fold: bool, out: &mut String) {
    let visible = piece.chars().filter(|c| !IGNORABLE.contains(*c));
    if !case_fold {
        out.extend(visible.nfkc());
        return;
    }
    let composed: String = visible.nfkc().collect();
    // Folding can leave a sequence that NFKC would compose again.
    out.extend(CASE.fold_string(&composed).nfkc());
}

/// Cuts text into clusters: a run of white space, or a character with the
/// combining marks after it. Half-width voiced sound marks combine too,
/// because NFKC joins `ｶﾞ` into `ガ`.
struct Clusters<'a> {
    source: &'a str,
    offset: usize,
}

impl Iterator for Clusters<'_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        let rest = &self.source[self.offset..];
        let mut chars = rest.char_indices();
        let (_, first) = chars.next()?;
        let whitespace = first.is_whitespace();
        let mut end = first.len_utf8();
        for (index, c) in chars {
            let continues = if whitespace {
                c.is_whitespace()
            } else {
                combines_with_previous(c)
            };
            if !continues {
                break;
            }
            end = index + c.len_utf8();
        }
        let start = self.offset;
        self.offset += end;
        Some(start..self.offset)
    }
}

/// One kana or kanji: NFKC and case folding leave it as it is.
fn is_stable_single(piece: &str) -> bool {
    let mut chars = piece.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if is_stable_cjk(c))
}

fn is_stable_cjk(c: char) -> bool {
    matches!(c as u32, 0x3041..=0x3096 | 0x30A1..=0x30FA | 0x30FC | 0x4E00..=0x9FFF | 0x3001 | 0x3002)
}

fn combines_with_previous(c: char) -> bool {
    !c.is_ascii()
        && !is_stable_cjk(c)
        && (canonical_combining_class(c) != 0
            || matches!(c, '\u{ff9e}' | '\u{ff9f}' | '\u{3099}' | '\u{309a}'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_and_maps_back() {
        // (source, folded text, folded span, source text it maps back to)
        let cases = [
            ("GUARANTEED", "guaranteed", 0..9, "GUARANTEE"),
            ("guaran\u{AD}teed", "guaranteed", 0..10, "guaran\u{AD}teed"),
            (
                "guaran\u{200B}teed",
                "guaranteed",
                0..10,
                "guaran\u{200B}teed",
            ),
            ("gu\u{2060}aranteed", "guaranteed", 2..10, "aranteed"),
            ("必\u{200B}ず", "必ず", 0..6, "必\u{200B}ず"),
            ("ǄEMAL", "džemal", 0..3, "Ǆ"),
            (
                "ＧＵＡＲＡＮＴＥＥＤ!",
                "guaranteed!",
                0..10,
                "ＧＵＡＲＡＮＴＥＥＤ",
            ),
            ("ｶﾞｲﾄﾞです", "ガイドです", 0..9, "ｶﾞｲﾄﾞ"),
            ("Straße", "strasse", 4..7, "ße"),
            (
                "Project   Falcon",
                "project falcon",
                0..14,
                "Project   Falcon",
            ),
            ("x\r\ny", "x y", 1..2, "\r\n"),
            ("東京オフィス", "東京オフィス", 6..18, "オフィス"),
        ];
        for (source, expected, span, back) in cases {
            let folded = Folded::new(source, true);
            assert_eq!(folded.text, expected, "{source}");
            assert_eq!(&source[folded.source_range(span)], back, "{source}");
        }
    }

    /// What a browser gives for `text` with the table: white space runs as
    /// one space, and each other run NFKC, without invisible characters,
    /// lowered (`toLowerCase`, which Rust's `to_lowercase` matches), mapped
    /// by the table, NFKC again. The portal's `search.js` does the same.
    fn as_a_browser_folds(text: &str, table: &std::collections::HashMap<char, &str>) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(first) = rest.chars().next() {
            let space = first.is_whitespace();
            let end = rest
                .char_indices()
                .find(|(_, c)| c.is_whitespace() != space)
                .map_or(rest.len(), |(i, _)| i);
            let run = &rest[..end];
            rest = &rest[end..];
            if space {
                out.push(' ');
                continue;
            }
            let visible: String = run.chars().filter(|c| !IGNORABLE.contains(*c)).collect();
            let lowered = visible.nfkc().collect::<String>().to_lowercase();
            let mapped: String = lowered
                .chars()
                .map(|c| table.get(&c).map_or(c.to_string(), |f| f.to_string()))
                .collect();
            out.extend(mapped.nfkc());
        }
        out
    }

    /// The table, made again: every character that lowering does not
    /// fold as [`Folded`] does (only those that lowering leaves alone: the
    /// script looks them up after lowering).
    fn browser_folds() -> Vec<(char, String)> {
        (0..=0x10FFFF_u32)
            .filter_map(char::from_u32)
            .filter(|c| !c.is_ascii() && !c.is_whitespace() && !IGNORABLE.contains(*c))
            .filter(|c| c.to_lowercase().eq([*c]))
            .filter_map(|c| {
                let alone = c.to_string();
                let folded = Folded::new(&alone, true).text;
                let lowered: String = alone
                    .nfkc()
                    .collect::<String>()
                    .to_lowercase()
                    .nfkc()
                    .collect();
                (folded != lowered).then_some((c, folded))
            })
            .collect()
    }

    #[test]
    fn the_browser_table_folds_every_code_point_as_folded_does() {
        let made = browser_folds();
        let text: String = made
            .iter()
            .map(|(c, folded)| format!("    ({c:?}, {folded:?}),\n"))
            .collect();
        let text = format!("[\n{text}]\n");
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/text/browser_folds.in");
        if std::env::var_os("ADVOCATE_UPDATE_DOCS").is_some() {
            std::fs::write(&path, &text).unwrap();
        }
        assert_eq!(
            std::fs::read_to_string(&path).unwrap_or_default(),
            text,
            "src/text/browser_folds.in is out of date; run ADVOCATE_UPDATE_DOCS=1 cargo test -p advocate-core browser"
        );
        let table: std::collections::HashMap<char, &str> = BROWSER_FOLDS.iter().copied().collect();
        let mut wrong = Vec::new();
        for c in (0..=0x10FFFF_u32).filter_map(char::from_u32) {
            let alone = c.to_string();
            if as_a_browser_folds(&alone, &table) != Folded::new(&alone, true).text {
                wrong.push(c);
            }
        }
        assert!(
            wrong.is_empty(),
            "{} code points fold otherwise: {:?}",
            wrong.len(),
            &wrong[..wrong.len().min(40)]
        );
        for text in [
            "Straße STRASSE",
            "ΟΔΟΣ  ΣΟΦΟΣ",
            "a \u{200B} b",
            "ﬁne Ｆｕｌｌ ｶﾞｲﾄﾞ",
            "İstanbul ǅ",
        ] {
            assert_eq!(
                as_a_browser_folds(text, &table),
                Folded::new(text, true).text,
                "{text}"
            );
        }
    }

    #[test]
    fn case_sensitive_keeps_case() {
        let folded = Folded::new("ＡＣＭＥ Acme", false);
        assert_eq!(folded.text, "ACME Acme");
    }
}
