//! Exports that break the clicks down by one parameter alone and say which
//! only in their file's name: Plausible's CSV download (`utm_contents.csv`),
//! a Matomo report (`…getContent….json`), an Umami metrics answer
//! (`…utmContent….json`). Only the parameter that carries the post says
//! something advocate can show (clicks per post, without network or code);
//! a file by another parameter is said once and not read.

use super::model::{Analytics, Context, Observed, leave_out, line_span, number, observe, too_long};
use crate::diagnostic::Diagnostic;
use crate::rule::Rule;
use crate::source::SourceFile;
use jiff::civil::Date;

/// One product's names for the parameters, as its file names hold them.
pub(super) type Names = [(&'static str, &'static str)];

/// The parameter `file`'s name says, from a product's `names` for them
/// (compared without case).
pub(super) fn key_in_name(file: &SourceFile, names: &Names) -> Option<&'static str> {
    let name = file.path.rsplit('/').next().unwrap_or("").to_lowercase();
    names
        .iter()
        .find(|(product, _)| name.contains(&product.to_lowercase()))
        .map(|(_, key)| *key)
}

/// The product's name for a tracked link's parameter (`utm_content` →
/// `campaignContent`), for asking its API.
pub(super) fn name_for(names: &Names, utm_key: &str) -> Option<&'static str> {
    names
        .iter()
        .find(|(_, key)| *key == utm_key)
        .map(|(name, _)| *name)
}

/// Whether `key` carries the post; if not, says once that the file is not
/// read, and why.
pub(super) fn says_the_post(
    out: &mut Analytics,
    cx: &Context,
    file: &SourceFile,
    key: &str,
) -> bool {
    let Some(post_key) = cx.mapping.id_key() else {
        out.warnings.push(Diagnostic::warning(
            file,
            0..0,
            Rule::Analytics,
            "it is not read: the policy's links.utm carry no `{id}` to read the post from"
                .to_string(),
        ));
        return false;
    };
    if post_key == key {
        return true;
    }
    out.warnings.push(Diagnostic::warning(
        file,
        0..0,
        Rule::Analytics,
        format!(
            "this export breaks the figures down by `{key}` alone, which says no post; it is not read (the file by `{post_key}` from the same export is)"
        ),
    ));
    false
}

/// One row: a value of `key`, its count, its day if the export has one.
pub(super) struct One<'a> {
    pub(super) key: &'static str,
    pub(super) value: &'a str,
    pub(super) count: &'a str,
    pub(super) measure: &'static str,
    pub(super) date: Option<Date>,
}

/// Keeps one row, or leaves it out with why.
pub(super) fn observe_one(
    out: &mut Analytics,
    cx: &Context,
    file: &SourceFile,
    span: std::ops::Range<usize>,
    place: Option<String>,
    one: &One,
) {
    let prefix = place.as_ref().map(|p| format!("{p}: ")).unwrap_or_default();
    match number(one.count.trim(), one.measure) {
        Ok(count) => {
            let value = one.value.trim();
            let observed = Observed {
                date: one.date,
                hour: None,
                params: vec![(one.key, (!value.is_empty()).then_some(value))],
                count,
                place,
            };
            observe(out, cx, file, span, &observed);
        }
        Err(why) => leave_out(out, file, span, format!("{prefix}{why}")),
    }
}

/// A product's CSV by one parameter: the file's name says which (one of
/// `names`), the header names the value's column and the measure's; read
/// row by row, every row undated.
pub(super) struct Csv {
    pub(super) names: &'static Names,
    pub(super) value_column: &'static str,
    pub(super) measure_column: &'static str,
    pub(super) measure: &'static str,
    /// The impact page's source and measure (`("plausible", "visitors")`).
    pub(super) source: (&'static str, &'static str),
}

impl Csv {
    /// The columns' places, if the first record is this header (read by
    /// the `csv` crate, as the rows are).
    fn columns(&self, text: &str) -> Option<(usize, usize)> {
        let header = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.trim_start_matches('\u{feff}').as_bytes())
            .records()
            .next()?
            .ok()?;
        let at = |wanted: &str| {
            header
                .iter()
                .position(|name| name.trim().eq_ignore_ascii_case(wanted))
        };
        Some((at(self.value_column)?, at(self.measure_column)?))
    }

    pub(super) fn recognises(&self, file: &SourceFile) -> bool {
        file.path.ends_with(".csv")
            && key_in_name(file, self.names).is_some()
            && self.columns(&file.text).is_some()
    }

    /// Reads every row as a value of the parameter the name says, when
    /// that one carries the post.
    pub(super) fn read(&self, file: &SourceFile, cx: &Context, out: &mut Analytics) {
        let Some(key) = key_in_name(file, self.names) else {
            return;
        };
        if !says_the_post(out, cx, file, key) {
            return;
        }
        out.sources.insert(self.source);
        let text = &file.text;
        let Some((value_at, measure_at)) = self.columns(text) else {
            return;
        };
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .has_headers(true)
            .from_reader(text.as_bytes());
        for record in reader.records() {
            let record = match record {
                Ok(record) => record,
                Err(error) => {
                    let at = error.position().map_or(0, |p| p.byte() as usize);
                    leave_out(out, file, line_span(text, at), error.to_string());
                    continue;
                }
            };
            let at = record.position().map_or(0, |p| p.byte() as usize);
            let span = line_span(text, at);
            if record.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            if let Some(why) = too_long(&record) {
                leave_out(out, file, span, why);
                continue;
            }
            let one = One {
                key,
                value: record.get(value_at).unwrap_or(""),
                count: record.get(measure_at).unwrap_or(""),
                measure: self.measure,
                date: None,
            };
            observe_one(out, cx, file, span, None, &one);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::source::SourceFile;
    use std::collections::{BTreeMap, HashSet};

    #[test]
    fn without_a_post_parameter_an_export_by_one_is_said_and_not_read() {
        let policy = crate::policy::parse(&SourceFile::new(
            "policy.yaml",
            "links:\n  utm:\n    utm_source: \"{network}\"\n",
        ))
        .unwrap();
        let files = [SourceFile::new(
            "analytics/utm_contents.csv",
            "name,visitors\ntokyo-office,3\n",
        )];
        let known: HashSet<&str> = ["tokyo-office"].into_iter().collect();
        let analytics = super::super::read_with_campaigns(&files, &known, BTreeMap::new(), &policy);
        assert!(analytics.rows.is_empty());
        assert_eq!(analytics.warnings.len(), 1);
        assert!(analytics.warnings[0].message.contains("no `{id}`"));
    }

    #[test]
    fn a_quoted_header_is_read_as_the_rows_are() {
        let csv = super::Csv {
            names: &[("getContent", "utm_content")],
            value_column: "label",
            measure_column: "nb_visits",
            measure: "nb_visits",
            source: ("matomo", "visits"),
        };
        let file = |text: &str| SourceFile::new("analytics/getContent.csv", text);
        assert_eq!(
            csv.columns("\u{feff}\"label\",\"nb_uniq_visitors\",\"nb_visits\"\n"),
            Some((0, 2))
        );
        assert_eq!(csv.columns("\"a, b\",Label,NB_VISITS\n"), Some((1, 2)));
        assert!(csv.recognises(&file("label,nb_visits\n")));
        assert!(!csv.recognises(&file("label;nb_visits\n")));
        assert!(!csv.recognises(&file("")));
    }
}
