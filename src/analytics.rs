//! Impact: the clicks on the tracked links, from the exports a link
//! shortener or web analytics gives (`analytics/*.csv`, docs/analytics.md).
//!
//! Every row is accounted for: a row that does not parse is a warning with
//! its file and line, left out and counted, never read as zero.

use crate::diagnostic::Diagnostic;
use crate::network::Network;
use crate::rule::Rule;
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

const REQUIRED: [&str; 4] = ["date", "post_id", "network", "clicks"];

/// The longest row an export may have, in bytes: far more than any real
/// one (a date, an id, a network, a few numbers and a code). A longer row
/// is left out and said, its value shortened, so one hostile line costs
/// its own bytes once and never a copy per warning.
const MAX_ROW_BYTES: usize = 4096;

/// How much of a long value a warning shows.
const SHOWN_CHARS: usize = 40;

/// A value as a warning shows it: its start, inert.
fn shortened(value: &str) -> String {
    crate::escape::shortened(value, SHOWN_CHARS)
}
const NUMBERS: [&str; 4] = ["impressions", "reactions", "comments", "reposts"];

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
        read_file(file, known_ids, &mut analytics);
    }
    analytics
}

/// One export, read with the `csv` crate (RFC 4180: quoted fields may hold
/// commas, quotes and newlines). The delimiter is the one the header row
/// uses most: `,`, `;` (what spreadsheet apps write in many European and
/// Japanese locales) or a tab.
fn read_file(file: &SourceFile, known_ids: &HashSet<&str>, out: &mut Analytics) {
    let text = &file.text;
    let header_line = text.lines().next().unwrap_or("");
    let delimiter = [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| (header_line.bytes().filter(|b| b == d).count(), *d == b','))
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let Some(Ok(header)) = records.next() else {
        return;
    };
    let columns: Vec<String> = header.iter().map(|c| c.trim().to_lowercase()).collect();
    // A record's span: from its first byte to the end of that line, or
    // its first hundred bytes on a long line.
    let span_of = |record: &csv::StringRecord| {
        let start = record.position().map_or(0, |p| {
            crate::source::floor_char_boundary(text, (p.byte() as usize).min(text.len()))
        });
        let end = text[start..]
            .find(['\r', '\n'])
            .map_or(text.len(), |i| start + i);
        start..crate::source::floor_char_boundary(text, end.min(start + 100))
    };
    let missing: Vec<&str> = REQUIRED
        .iter()
        .copied()
        .filter(|c| !columns.iter().any(|k| k == c))
        .collect();
    if !missing.is_empty() {
        out.warnings.push(Diagnostic::warning(
            file,
            span_of(&header),
            Rule::Analytics,
            format!("the header lacks {}; an export needs the columns date, post_id, network and clicks", missing.join(", ")),
        ));
        out.rows_left_out += records
            .filter_map(Result::ok)
            .filter(|r| !is_blank(r))
            .count();
        return;
    }
    let index = |name: &str| columns.iter().position(|c| c == name);
    for record in records {
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                let at = error
                    .position()
                    .map_or(0, |p| (p.byte() as usize).min(text.len()));
                out.rows_left_out += 1;
                out.warnings.push(Diagnostic::warning(
                    file,
                    at..at,
                    Rule::Analytics,
                    format!("row left out: {error}"),
                ));
                continue;
            }
        };
        if is_blank(&record) {
            continue;
        }
        let bytes = record.as_byte_record().as_slice().len();
        if bytes > MAX_ROW_BYTES {
            out.rows_left_out += 1;
            let start = record.iter().next().unwrap_or("");
            out.warnings.push(Diagnostic::warning(
                file,
                span_of(&record),
                Rule::Analytics,
                format!(
                    "row left out: it is {bytes} bytes long, more than a row of a click export can be ({MAX_ROW_BYTES} at most); it starts `{}`",
                    shortened(start)
                ),
            ));
            continue;
        }
        match parse_row(&record, &columns, &index) {
            Ok(row) => {
                if !known_ids.contains(row.post_id.as_str()) {
                    out.warnings.push(Diagnostic::warning(
                        file,
                        span_of(&record),
                        Rule::Analytics,
                        format!("no post has the id `{}`; its clicks count in the totals but belong to no post", shortened(&row.post_id)),
                    ));
                }
                out.rows.push(row);
            }
            Err(problem) => {
                out.rows_left_out += 1;
                out.warnings.push(Diagnostic::warning(
                    file,
                    span_of(&record),
                    Rule::Analytics,
                    format!("row left out: {problem}"),
                ));
            }
        }
    }
}

fn is_blank(record: &csv::StringRecord) -> bool {
    record.iter().all(|field| field.trim().is_empty())
}

fn parse_row(
    fields: &csv::StringRecord,
    columns: &[String],
    index: &dyn Fn(&str) -> Option<usize>,
) -> Result<Row, String> {
    if fields.len() != columns.len() {
        return Err(format!(
            "{} fields where the header has {}",
            fields.len(),
            columns.len()
        ));
    }
    let get = |name: &str| index(name).map(|i| fields[i].trim()).unwrap_or("");
    let date: Date = get("date")
        .parse()
        .map_err(|_| format!("`{}` is not a date (YYYY-MM-DD)", shortened(get("date"))))?;
    let post_id = get("post_id");
    if post_id.is_empty() {
        return Err("no post_id".into());
    }
    let name = get("network").to_lowercase();
    let network = Network::from_name(&name)
        .ok_or_else(|| format!("`{}` is not a network", shortened(&name)))?;
    let clicks = number(get("clicks"), "clicks")?;
    for name in NUMBERS {
        if index(name).is_some() && !get(name).is_empty() {
            number(get(name), name)?;
        }
    }
    let advocate = Some(get("advocate").to_string()).filter(|a| !a.is_empty());
    let hour = match get("hour") {
        "" => None,
        text => Some(text.parse::<u8>().ok().filter(|h| *h < 24).ok_or_else(|| {
            format!(
                "hour `{}` is not an hour of the day (0 to 23)",
                shortened(text)
            )
        })?),
    };
    Ok(Row {
        date,
        post_id: post_id.to_string(),
        network,
        clicks,
        advocate,
        hour,
    })
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

    #[test]
    fn reads_rows_and_accounts_for_bad_ones() {
        let text = "date,post_id,network,clicks,advocate,impressions\n\
                    2026-12-01,tokyo,x,5,jane,100\n\
                    2026-12-02,tokyo,linkedin,\"7\",,\n\
                    2026-12-02,tokyo,x,seven,jane,\n\
                    2026-13-01,tokyo,x,1,,\n\
                    2026-12-03,ghost,x,2,,\n\
                    2026-12-03,tokyo,myspace,1,,\n\
                    2026-12-03,tokyo,x,1,,\"unclosed\n";
        let file = SourceFile::new("analytics/export.csv", text);
        let known: HashSet<&str> = ["tokyo"].into_iter().collect();
        let analytics = read_with_campaigns(std::slice::from_ref(&file), &known, BTreeMap::new());
        assert_eq!(analytics.rows.len(), 3);
        assert_eq!(analytics.rows_left_out, 4);
        let lines: Vec<usize> = analytics.warnings.iter().map(|w| w.line).collect();
        assert_eq!(lines, vec![4, 5, 6, 7, 8]);
        let total = total(analytics.rows.iter().map(|r| r.clicks));
        assert_eq!(total, 14);
        let by_network = sum_by(analytics.rows.iter(), |r| {
            Some(r.network.name().to_string())
        });
        assert_eq!(by_network["x"], 7);
        assert_eq!(by_network["linkedin"], 7);
    }

    /// RFC 4180 quoting (a newline inside quotes), a BOM, and the
    /// delimiters spreadsheet apps write: `;` and tab.
    /// A count no export could hold is left out with a warning, so totals
    /// never wrap around.
    #[test]
    fn huge_counts_are_left_out() {
        let max = u64::MAX;
        let text = format!(
            "date,post_id,network,clicks\n2026-12-01,tokyo,x,{max}\n2026-12-01,tokyo,x,{max}\n2026-12-01,tokyo,x,30\n"
        );
        let file = SourceFile::new("analytics/export.csv", text);
        let known: HashSet<&str> = ["tokyo"].into_iter().collect();
        let analytics = read_with_campaigns(std::slice::from_ref(&file), &known, BTreeMap::new());
        assert_eq!(analytics.rows_left_out, 2);
        assert_eq!(analytics.rows.iter().map(|r| r.clicks).sum::<u64>(), 30);
        assert!(
            analytics.warnings[0]
                .message
                .contains("more than a trillion")
        );
    }

    #[test]
    fn reads_what_spreadsheets_write() {
        let cases = [
            "date,post_id,network,clicks,note\n2026-12-01,tokyo,x,5,\"two\nlines\"\n2026-12-02,tokyo,x,2,\"a, b\"\n",
            "\u{feff}date;post_id;network;clicks\r\n2026-12-01;tokyo;x;5\r\n2026-12-02;tokyo;x;2\r\n",
            "date\tpost_id\tnetwork\tclicks\n2026-12-01\ttokyo\tx\t5\n2026-12-02\ttokyo\tx\t2\n",
        ];
        let known: HashSet<&str> = ["tokyo"].into_iter().collect();
        for text in cases {
            let file = SourceFile::new("analytics/export.csv", text);
            let analytics =
                read_with_campaigns(std::slice::from_ref(&file), &known, BTreeMap::new());
            assert_eq!(
                (analytics.rows.len(), analytics.rows_left_out),
                (2, 0),
                "{text:?}: {:?}",
                analytics.warnings
            );
            assert_eq!(analytics.rows.iter().map(|r| r.clicks).sum::<u64>(), 7);
        }
    }
}
