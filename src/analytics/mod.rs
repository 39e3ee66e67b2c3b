//! Impact: the clicks on the tracked links, from the exports a link
//! shortener or web analytics gives (`analytics/*.csv`, docs/analytics.md).
//!
//! Every row is accounted for: a row that does not parse is a warning with
//! its file and line, left out and counted, never read as zero.

mod advocate_csv;

use crate::diagnostic::Diagnostic;
use crate::network::Network;
use crate::source::SourceFile;
use jiff::civil::Date;
use std::collections::{BTreeMap, HashSet};

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Row {
    pub(crate) date: Date,
    pub(crate) post_id: String,
    pub(crate) network: Network,
    pub(crate) clicks: u64,
    /// The personal code the employee chose, if any.
    pub(crate) advocate: Option<String>,
    /// The hour of the day the clicks came in (0–23, the site's time
    /// zone), when the export has an `hour` column.
    pub(crate) hour: Option<u8>,
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
}

impl Analytics {
    /// The first and last days the exports count.
    pub(crate) fn first_day(&self) -> Option<Date> {
        self.rows.iter().map(|r| r.date).min()
    }

    pub(crate) fn last_day(&self) -> Option<Date> {
        self.rows.iter().map(|r| r.date).max()
    }
}

/// Reads every export, knowing each post's campaign.
pub(crate) fn read_with_campaigns(
    files: &[SourceFile],
    known_ids: &HashSet<&str>,
    campaign_of: BTreeMap<String, String>,
) -> Analytics {
    let mut analytics = Analytics {
        present: !files.is_empty(),
        campaign_of,
        ..Analytics::default()
    };
    for file in files {
        advocate_csv::read_file(file, known_ids, &mut analytics);
    }
    analytics
}

/// How much of a long value a warning shows.
const SHOWN_CHARS: usize = 40;

/// A value as a warning shows it: its start, inert.
fn shortened(value: &str) -> String {
    crate::escape::shortened(value, SHOWN_CHARS)
}

/// The most a count may be: a trillion is past any real export, and keeps
/// every total far from overflowing.
const MAX_COUNT: u64 = 1_000_000_000_000;

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

fn number(text: &str, column: &str) -> Result<u64, String> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totals_stay_at_the_top_rather_than_wrap() {
        assert_eq!(total([u64::MAX, 30].into_iter()), u64::MAX);
        let mut sum = u64::MAX - 1;
        add(&mut sum, MAX_COUNT);
        assert_eq!(sum, u64::MAX);
        assert_eq!(total([MAX_COUNT, 30].into_iter()), MAX_COUNT + 30);
    }
}
