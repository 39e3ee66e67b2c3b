//! The figures as advocate reads them: rows of clicks per day, post,
//! network and code, and what every reader shares to keep a row, leave
//! one out (counted and said), and read a product's row back to a post.

use super::utm::Mapping;
use crate::diagnostic::Diagnostic;
use crate::network::Network;
use crate::rule::Rule;
use crate::source::SourceFile;
use jiff::civil::Date;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::ops::Range;

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Row {
    /// The day, when the export says it (Plausible's CSV download and a
    /// report over a whole range do not): an undated row counts in the
    /// totals, never in a day's or a week's figures.
    pub(crate) date: Option<Date>,
    pub(crate) post_id: String,
    /// The network, when the export breaks the clicks down by it.
    pub(crate) network: Option<Network>,
    pub(crate) clicks: u64,
    /// The personal code the employee chose, if any.
    pub(crate) advocate: Option<String>,
    /// The hour of the day the clicks came in (0–23, the site's time
    /// zone), when the export has an `hour` column.
    pub(crate) hour: Option<u8>,
}

impl Row {
    /// Whether the row's day is from `first` to `last`; an undated row's
    /// never is.
    pub(crate) fn within(&self, first: Date, last: Date) -> bool {
        self.date.is_some_and(|d| first <= d && d <= last)
    }
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Analytics {
    pub(crate) rows: Vec<Row>,
    pub(crate) rows_left_out: usize,
    pub(crate) warnings: Vec<Diagnostic>,
    /// Whether there were any exports at all.
    pub(crate) present: bool,
    /// Each post's campaign, by post id, for totals per campaign (expired
    /// posts' clicks count too).
    pub(crate) campaign_of: BTreeMap<String, String>,
    /// Where the figures come from and what they count, as the theme's
    /// string keys' ends (`source_ga4`, `measure_sessions`), for the impact
    /// page.
    pub(crate) sources: BTreeSet<(&'static str, &'static str)>,
}

impl Analytics {
    /// The first and last days the exports count.
    pub(crate) fn first_day(&self) -> Option<Date> {
        self.rows.iter().filter_map(|r| r.date).min()
    }

    pub(crate) fn last_day(&self) -> Option<Date> {
        self.rows.iter().filter_map(|r| r.date).max()
    }

    /// The clicks of rows that have no day.
    pub(crate) fn undated_clicks(&self) -> u64 {
        total(
            self.rows
                .iter()
                .filter(|r| r.date.is_none())
                .map(|r| r.clicks),
        )
    }
}

/// What every reader needs: the posts there are, and how the tracked
/// links carry a post, a network and a code.
pub(super) struct Context<'a> {
    pub(super) known_ids: &'a HashSet<&'a str>,
    pub(super) mapping: Mapping,
}

/// One row of a product's export, before it is read back to a post: its
/// day and hour, the tracked link's parameters it reports (each with its
/// value, `None` when the product left it unset), its count. A parameter
/// the export does not break down by is not among `params`.
#[derive(Debug, Default)]
pub(super) struct Observed<'a> {
    pub(super) date: Option<Date>,
    pub(super) hour: Option<u8>,
    pub(super) params: Vec<(&'static str, Option<&'a str>)>,
    pub(super) count: u64,
    /// Where it is in a JSON file (`rows[3]`), for messages.
    pub(super) place: Option<String>,
}

impl<'a> Observed<'a> {
    pub(super) fn at(self, place: String) -> Observed<'a> {
        Observed {
            place: Some(place),
            ..self
        }
    }
}

/// Keeps an observed row that maps to a post, or leaves it out with why.
pub(super) fn observe(
    out: &mut Analytics,
    cx: &Context,
    file: &SourceFile,
    span: Range<usize>,
    observed: &Observed,
) {
    let value = |key: &str| {
        observed
            .params
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| *v)
    };
    let prefix = observed
        .place
        .as_ref()
        .map(|place| format!("{place}: "))
        .unwrap_or_default();
    let mapped = match cx.mapping.map(&value) {
        Ok(mapped) => mapped,
        Err(why) => return leave_out(out, file, span, format!("{prefix}{why}")),
    };
    let row = Row {
        date: observed.date,
        post_id: mapped.post_id,
        network: mapped.network,
        clicks: observed.count,
        advocate: mapped.code.filter(|code| is_code(code)),
        hour: observed.hour,
    };
    keep(out, cx, file, span, row);
}

/// The longest row an export may have, in bytes: far more than any real
/// one (a date, an id, a network, a few numbers and a code). A longer row
/// is left out and said, its value shortened, so one hostile line costs
/// its own bytes once and never a copy per warning.
const MAX_ROW_BYTES: usize = 4096;

/// Why a CSV row is too long to be a row of an export, if it is.
pub(super) fn too_long(record: &csv::StringRecord) -> Option<String> {
    let bytes = record.as_byte_record().as_slice().len();
    (bytes > MAX_ROW_BYTES).then(|| {
        format!(
            "it is {bytes} bytes long, more than a row of a click export can be ({MAX_ROW_BYTES} at most); it starts `{}`",
            shortened(record.iter().next().unwrap_or(""))
        )
    })
}

/// The span of the line at `at`: to its end, or its first hundred bytes.
pub(super) fn line_span(text: &str, at: usize) -> Range<usize> {
    let at = crate::source::floor_char_boundary(text, at.min(text.len()));
    let end = text[at..].find(['\r', '\n']).map_or(text.len(), |i| at + i);
    at..crate::source::floor_char_boundary(text, end.min(at + 100))
}

/// The tracked links' parameters analytics products break clicks down by.
const UTM_KEYS: [&str; 5] = [
    "utm_content",
    "utm_term",
    "utm_source",
    "utm_medium",
    "utm_campaign",
];

/// `key` as the `'static` name the readers compare with, if it is one of
/// [`UTM_KEYS`].
pub(super) fn utm_key(key: &str) -> Option<&'static str> {
    UTM_KEYS.into_iter().find(|k| *k == key)
}

/// A personal code as the portal lets employees set one: 1 to
/// [`crate::policy::ADVOCATE_CODE_MAX`] of `a-z0-9-`. Anything else in
/// that parameter (an ad's keyword) is no code.
pub(crate) fn is_code(code: &str) -> bool {
    (1..=crate::policy::ADVOCATE_CODE_MAX).contains(&code.len())
        && code
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Keeps a row, with a warning when no post has its id (its clicks still
/// count in the totals).
pub(super) fn keep(
    out: &mut Analytics,
    cx: &Context,
    file: &SourceFile,
    span: Range<usize>,
    row: Row,
) {
    if !cx.known_ids.contains(row.post_id.as_str()) {
        out.warnings.push(Diagnostic::warning(
            file,
            span,
            Rule::Analytics,
            format!(
                "no post has the id `{}`; its clicks count in the totals but belong to no post",
                shortened(&row.post_id)
            ),
        ));
    }
    out.rows.push(row);
}

/// Leaves a row out, counted and said.
pub(super) fn leave_out(out: &mut Analytics, file: &SourceFile, span: Range<usize>, why: String) {
    out.rows_left_out += 1;
    out.warnings.push(Diagnostic::warning(
        file,
        span,
        Rule::Analytics,
        format!("row left out: {why}"),
    ));
}

/// How much of a long value a warning shows.
pub(super) const SHOWN_CHARS: usize = 40;

/// A value as a warning shows it: its start, inert.
pub(super) fn shortened(value: &str) -> String {
    crate::escape::shortened(value, SHOWN_CHARS)
}

/// The most a count may be: a trillion is past any real export, and keeps
/// every total far from overflowing.
pub(super) const MAX_COUNT: u64 = 1_000_000_000_000;

/// Adds clicks to a total without wrapping: rows are at most
/// [`MAX_COUNT`], yet a total of millions of them stays at u64's top
/// rather than start again from zero.
pub(crate) fn add(total: &mut u64, clicks: u64) {
    *total = total.saturating_add(clicks);
}

/// The sum of some clicks, without wrapping.
pub(crate) fn total(clicks: impl Iterator<Item = u64>) -> u64 {
    clicks.fold(0, u64::saturating_add)
}

pub(super) fn number(text: &str, column: &str) -> Result<u64, String> {
    let n = text
        .parse::<u64>()
        .map_err(|_| format!("{column} `{}` is not a whole number", shortened(text)))?;
    if n > MAX_COUNT {
        return Err(format!(
            "{column} `{text}` is more than a trillion, which no export holds; check the file"
        ));
    }
    Ok(n)
}

/// Clicks summed by a key.
pub(crate) fn sum_by<'a>(
    rows: impl Iterator<Item = &'a Row>,
    key: impl Fn(&Row) -> Option<String>,
) -> BTreeMap<String, u64> {
    let mut sums = BTreeMap::new();
    for row in rows {
        if let Some(key) = key(row) {
            add(sums.entry(key).or_default(), row.clicks);
        }
    }
    sums
}
