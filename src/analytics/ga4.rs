//! Google Analytics 4: a report or exploration downloaded as CSV (the
//! interface's column names, in English or Japanese, after `#` comment
//! lines, sometimes with a totals row), and the Data API's `runReport`
//! answer (JSON: `dimensionHeaders`, `metricHeaders`, `rows`). Sessions
//! count as clicks (else active users, else users), read back to a post,
//! a network and a code through the policy's tracked links.

use super::model::{
    Analytics, Context, Observed, leave_out, line_span, number, observe, shortened, too_long,
};
use crate::source::SourceFile;
use jiff::civil::Date;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    /// A tracked link's parameter (`utm_content`, …).
    Param(&'static str),
    /// `utm_source / utm_medium`: the parameter before ` / `.
    ParamBeforeSlash(&'static str),
    /// `YYYYMMDD`.
    Date,
    /// `YYYYMMDDHH`.
    DateHour,
    /// `HH`.
    Hour,
    /// A count: the measure's name, and its rank (the first there wins).
    Measure(&'static str, u8),
}

/// Each column by its Data API name and its names in the interface (in
/// English and Japanese), compared without case and white space.
const COLUMNS: &[(&[&str], Column)] = &[
    (
        &[
            "sessionManualAdContent",
            "Session manual ad content",
            "セッションの手動広告コンテンツ",
        ],
        Column::Param("utm_content"),
    ),
    (
        &[
            "sessionManualTerm",
            "Session manual term",
            "セッションの手動キーワード",
        ],
        Column::Param("utm_term"),
    ),
    (
        &[
            "sessionSource",
            "sessionManualSource",
            "Session source",
            "Session manual source",
            "セッションの参照元",
            "セッションの手動参照元",
        ],
        Column::Param("utm_source"),
    ),
    (
        &[
            "sessionMedium",
            "sessionManualMedium",
            "Session medium",
            "Session manual medium",
            "セッションのメディア",
            "セッションの手動メディア",
        ],
        Column::Param("utm_medium"),
    ),
    (
        &[
            "sessionCampaignName",
            "sessionManualCampaignName",
            "Session campaign",
            "Session manual campaign name",
            "セッションのキャンペーン",
            "セッションの手動キャンペーン名",
        ],
        Column::Param("utm_campaign"),
    ),
    (
        &[
            "sessionSourceMedium",
            "sessionManualSourceMedium",
            "Session source / medium",
            "Session manual source / medium",
            "セッションの参照元 / メディア",
            "セッションの手動参照元 / メディア",
        ],
        Column::ParamBeforeSlash("utm_source"),
    ),
    (&["date", "Date", "日付"], Column::Date),
    (
        &[
            "dateHour",
            "Date + hour (YYYYMMDDHH)",
            "日付と時刻(YYYYMMDDHH)",
        ],
        Column::DateHour,
    ),
    (&["hour", "Hour", "時間", "時"], Column::Hour),
    (
        &["sessions", "Sessions", "セッション"],
        Column::Measure("sessions", 0),
    ),
    (
        &["activeUsers", "Active users", "アクティブ ユーザー数"],
        Column::Measure("active_users", 1),
    ),
    (
        &["totalUsers", "Total users", "総ユーザー数"],
        Column::Measure("users", 2),
    ),
];

/// The Data API's dimension for a tracked link's parameter
/// (`utm_content` → `sessionManualAdContent`), for `analytics pull`.
pub(crate) fn api_dimension(utm_key: &str) -> Option<&'static str> {
    let wanted = Column::Param(super::model::utm_key(utm_key)?);
    COLUMNS
        .iter()
        .find(|(_, column)| *column == wanted)
        .and_then(|(names, _)| names.first().copied())
}

/// The name as compared: lower case, no white space.
fn folded(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

fn column(name: &str) -> Option<Column> {
    let name = folded(name.trim_start_matches('\u{feff}'));
    COLUMNS
        .iter()
        .find(|(names, _)| names.iter().any(|n| folded(n) == name))
        .map(|(_, column)| *column)
        .or_else(|| name.contains("yyyymmddhh").then_some(Column::DateHour))
}

/// The columns of a header, and which one is the measure.
struct Table {
    columns: Vec<Option<Column>>,
    measure: usize,
    measure_name: &'static str,
}

impl Table {
    fn new(names: &[impl AsRef<str>]) -> Option<Table> {
        let columns: Vec<Option<Column>> = names.iter().map(|n| column(n.as_ref())).collect();
        let (measure, measure_name) = columns
            .iter()
            .enumerate()
            .filter_map(|(i, c)| match c {
                Some(Column::Measure(name, rank)) => Some((*rank, i, *name)),
                _ => None,
            })
            .min()
            .map(|(_, i, name)| (i, name))?;
        let has_param = columns
            .iter()
            .any(|c| matches!(c, Some(Column::Param(_) | Column::ParamBeforeSlash(_))));
        has_param.then_some(Table {
            columns,
            measure,
            measure_name,
        })
    }

    /// One row's reading: its day, hour, parameters and count; `Ok(None)`
    /// for a totals row.
    fn observe<'a>(&self, cells: &[&'a str]) -> Result<Option<Observed<'a>>, String> {
        if is_total(cells) {
            return Ok(None);
        }
        let mut observed = Observed::default();
        let mut any_dimension = false;
        for (column, cell) in self.columns.iter().zip(cells) {
            let cell = cell.trim();
            match column {
                Some(Column::Param(key)) => {
                    any_dimension |= !cell.is_empty();
                    observed.params.push((key, unset(cell)));
                }
                Some(Column::ParamBeforeSlash(key)) => {
                    any_dimension |= !cell.is_empty();
                    let before = cell.split(" / ").next().unwrap_or(cell).trim();
                    observed.params.push((key, unset(before)));
                }
                Some(Column::Date) => {
                    any_dimension |= !cell.is_empty();
                    observed.date = Some(day(cell)?);
                }
                Some(Column::DateHour) => {
                    any_dimension |= !cell.is_empty();
                    let (date, hour) = cell
                        .split_at_checked(8)
                        .ok_or_else(|| format!("`{cell}` is not a date and hour (YYYYMMDDHH)"))?;
                    observed.date = Some(day(date)?);
                    observed.hour = Some(hour_of(hour)?);
                }
                Some(Column::Hour) => observed.hour = Some(hour_of(cell)?),
                Some(Column::Measure(..)) | None => {}
            }
        }
        let count = cells.get(self.measure).map_or("", |c| c.trim());
        if !any_dimension {
            return Ok(None);
        }
        observed.count = number(count, self.measure_name)?;
        Ok(Some(observed))
    }
}

/// GA4's placeholder for a value it has none for.
fn unset(value: &str) -> Option<&str> {
    (!value.is_empty() && value != "(not set)" && value != "(none)").then_some(value)
}

fn is_total(cells: &[&str]) -> bool {
    cells.first().is_some_and(|first| {
        let first = folded(first);
        ["grandtotal", "total", "totals", "合計", "総計"].contains(&first.as_str())
    })
}

fn day(text: &str) -> Result<Date, String> {
    let iso = match (text.len(), text.bytes().all(|b| b.is_ascii_digit())) {
        (8, true) => format!("{}-{}-{}", &text[..4], &text[4..6], &text[6..]),
        _ => text.to_string(),
    };
    iso.parse()
        .map_err(|_| format!("`{}` is not a date (YYYYMMDD)", shortened(text)))
}

fn hour_of(text: &str) -> Result<u8, String> {
    text.parse::<u8>()
        .ok()
        .filter(|h| *h < 24)
        .ok_or_else(|| format!("`{}` is not an hour (00 to 23)", shortened(text)))
}

/// Whether `file` is a `runReport` answer.
pub(super) fn is_report_json(file: &SourceFile) -> bool {
    file.path.ends_with(".json")
        && file.text.contains("\"dimensionHeaders\"")
        && file.text.contains("\"metricHeaders\"")
}

/// Whether `file` is a GA4 CSV download: comment lines, then a header
/// GA4 writes.
pub(super) fn is_csv(file: &SourceFile) -> bool {
    file.path.ends_with(".csv")
        && header(&file.text).is_some_and(|(_, names)| Table::new(&names).is_some())
}

/// The header row after the comment lines: its byte offset and its
/// names, read by the `csv` crate as the rows are (quoted names too).
fn header(text: &str) -> Option<(usize, Vec<String>)> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start_matches('\u{feff}').trim();
        if !trimmed.is_empty() && !trimmed.starts_with('#') {
            let record = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(line.as_bytes())
                .records()
                .next()?
                .ok()?;
            return Some((
                offset,
                record.iter().map(|n| n.trim().to_string()).collect(),
            ));
        }
        offset += line.len();
    }
    None
}

/// Reads a GA4 CSV download: the first table after the comments.
pub(super) fn read_csv(file: &SourceFile, cx: &Context, out: &mut Analytics) {
    let text = &file.text;
    let Some((start, names)) = header(text) else {
        return;
    };
    let Some(table) = Table::new(&names) else {
        return;
    };
    out.sources.insert(("ga4", table.measure_name));
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(true)
        .from_reader(&text.as_bytes()[start..]);
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                let at = error
                    .position()
                    .map_or(start, |p| start + p.byte() as usize)
                    .min(text.len());
                leave_out(out, file, at..at, format!("{error}"));
                continue;
            }
        };
        let at = record
            .position()
            .map_or(start, |p| start + p.byte() as usize)
            .min(text.len());
        // The table ends at a blank line or the next comment.
        let first = record.get(0).unwrap_or("");
        if record.iter().all(|c| c.trim().is_empty()) || first.starts_with('#') {
            break;
        }
        let span = line_span(text, at);
        if let Some(why) = too_long(&record) {
            leave_out(out, file, span, why);
            continue;
        }
        let cells: Vec<&str> = record.iter().collect();
        match table.observe(&cells) {
            Ok(Some(observed)) => observe(out, cx, file, span, &observed),
            Ok(None) => {}
            Err(why) => leave_out(out, file, span, why),
        }
    }
}

/// The line that starts at `at`, at most a hundred bytes of it.

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct Report {
    dimension_headers: Vec<Header>,
    metric_headers: Vec<Header>,
    #[serde(default)]
    rows: Vec<ReportRow>,
}

#[derive(serde::Deserialize)]
struct Header {
    name: String,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct ReportRow {
    #[serde(default)]
    dimension_values: Vec<Value>,
    #[serde(default)]
    metric_values: Vec<Value>,
}

#[derive(serde::Deserialize)]
struct Value {
    #[serde(default)]
    value: String,
}

/// Reads a `runReport` answer (one, or several pages of one in an array).
pub(super) fn read_report_json(file: &SourceFile, cx: &Context, out: &mut Analytics) {
    let reports: Vec<Report> = match serde_json::from_str::<serde_json::Value>(&file.text) {
        Ok(serde_json::Value::Array(pages)) => pages
            .into_iter()
            .filter_map(|page| serde_json::from_value(page).ok())
            .collect(),
        Ok(value) => serde_json::from_value(value).into_iter().collect(),
        Err(_) => Vec::new(),
    };
    if reports.is_empty() {
        leave_out(
            out,
            file,
            0..0,
            "this is not a Google Analytics runReport answer (dimensionHeaders, metricHeaders, rows)".into(),
        );
        return;
    }
    for (page, report) in reports.iter().enumerate() {
        let names: Vec<&str> = report
            .dimension_headers
            .iter()
            .chain(&report.metric_headers)
            .map(|h| h.name.as_str())
            .collect();
        let Some(table) = Table::new(&names) else {
            leave_out(
                out,
                file,
                0..0,
                "the report has no sessions or users, or no sessionManualAdContent or other tracked-link dimension".into(),
            );
            continue;
        };
        out.sources.insert(("ga4", table.measure_name));
        for (i, row) in report.rows.iter().enumerate() {
            let cells: Vec<&str> = row
                .dimension_values
                .iter()
                .chain(&row.metric_values)
                .map(|v| v.value.as_str())
                .collect();
            let place = if reports.len() > 1 {
                format!("[{page}].rows[{i}]")
            } else {
                format!("rows[{i}]")
            };
            match table.observe(&cells) {
                Ok(Some(observed)) => observe(out, cx, file, 0..0, &observed.at(place)),
                Ok(None) => {}
                Err(why) => leave_out(out, file, 0..0, format!("{place}: {why}")),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Analytics, read_with_campaigns, sum_by};
    use crate::source::SourceFile;
    use std::collections::{BTreeMap, HashSet};

    /// The default tracked links: the post in `utm_content`, the network in
    /// `utm_source`, the code in `utm_term`.
    fn read(path: &str, text: &str) -> Analytics {
        let policy = crate::policy::parse(&SourceFile::new(
            "policy.yaml",
            "links:\n  utm:\n    utm_source: \"{network}\"\n    utm_medium: social\n    utm_campaign: \"{campaign}\"\n    utm_content: \"{id}\"\n  advocate_param: utm_term\n",
        ))
        .unwrap();
        let known: HashSet<&str> = ["tokyo-office", "hiring"].into_iter().collect();
        read_with_campaigns(
            &[SourceFile::new(path, text)],
            &known,
            BTreeMap::new(),
            &policy,
        )
    }

    /// The figures every format must give for the same clicks.
    fn totals(
        analytics: &Analytics,
    ) -> (
        BTreeMap<String, u64>,
        BTreeMap<String, u64>,
        BTreeMap<String, u64>,
    ) {
        let rows = || analytics.rows.iter();
        (
            sum_by(rows(), |r| Some(r.post_id.clone())),
            sum_by(rows(), |r| r.network.map(|n| n.name().to_string())),
            sum_by(rows(), |r| r.advocate.clone()),
        )
    }

    const OURS: &str = "date,post_id,network,clicks,advocate\n2026-12-01,tokyo-office,x,5,jane-doe\n2026-12-01,tokyo-office,linkedin,3,\n2026-12-02,hiring,x,4,kenji\n";

    #[test]
    fn a_csv_download_in_english_or_japanese_reads_as_our_own() {
        let expected = totals(&read("analytics/ours.csv", OURS));
        let english = "# ----------------------------------------\n# Traffic acquisition: Session manual ad content\n# Account: Acme\n# Property: www.example.com\n# ----------------------------------------\n#\n# Start date: 20261201\n# End date: 20261202\nSession manual ad content,Session manual term,Session source,Date,Sessions,Engaged sessions\nGrand total,,,,19,10\ntokyo-office,jane-doe,x,20261201,5,3\ntokyo-office,(not set),linkedin,20261201,3,2\nhiring,kenji,x,20261202,4,2\n(not set),(not set),google,20261202,7,3\n";
        let japanese = "# ----------------------------------------\n# トラフィック獲得\n# ----------------------------------------\n\u{feff}セッションの手動広告コンテンツ,セッションの手動キーワード,セッションの手動参照元,日付,セッション\ntokyo-office,jane-doe,x,20261201,5\ntokyo-office,,linkedin,20261201,3\nhiring,kenji,x,20261202,4\n合計,,,,12\n";
        for (name, text, left_out) in [("english", english, 1), ("japanese", japanese, 0)] {
            let analytics = read("analytics/ga4.csv", text);
            assert_eq!(totals(&analytics), expected, "{name}");
            assert_eq!(
                analytics.rows_left_out, left_out,
                "{name}: {:?}",
                analytics.warnings
            );
            assert!(analytics.sources.contains(&("ga4", "sessions")));
        }
        // The `(not set)` row is said with its line: it belongs to no post.
        let analytics = read("analytics/ga4.csv", english);
        assert_eq!(analytics.warnings[0].line, 14);
        assert!(analytics.warnings[0].message.contains("utm_content"));
    }

    #[test]
    fn a_run_report_answer_reads_as_our_own() {
        let expected = totals(&read("analytics/ours.csv", OURS));
        let json = r#"{
          "dimensionHeaders": [{"name": "date"}, {"name": "sessionSource"}, {"name": "sessionManualAdContent"}, {"name": "sessionManualTerm"}],
          "metricHeaders": [{"name": "sessions", "type": "TYPE_INTEGER"}],
          "rows": [
            {"dimensionValues": [{"value": "20261201"}, {"value": "x"}, {"value": "tokyo-office"}, {"value": "jane-doe"}], "metricValues": [{"value": "5"}]},
            {"dimensionValues": [{"value": "20261201"}, {"value": "linkedin"}, {"value": "tokyo-office"}, {"value": "(not set)"}], "metricValues": [{"value": "3"}]},
            {"dimensionValues": [{"value": "20261202"}, {"value": "x"}, {"value": "hiring"}, {"value": "kenji"}], "metricValues": [{"value": "4"}]},
            {"dimensionValues": [{"value": "20261202"}, {"value": "facebook"}, {"value": "hiring"}, {"value": "kenji"}], "metricValues": [{"value": "many"}]}
          ],
          "rowCount": 4,
          "kind": "analyticsData#runReport"
        }"#;
        let analytics = read("analytics/ga4.json", json);
        assert_eq!(totals(&analytics), expected);
        assert_eq!(analytics.rows_left_out, 1);
        assert!(
            analytics.warnings[0]
                .message
                .starts_with("row left out: rows[3]: "),
            "{:?}",
            analytics.warnings
        );
    }

    #[test]
    fn a_quoted_header_reads_as_the_rows_do() {
        let text = "\"Sessions\",\"Session manual ad content\",\"Session source\",\"Note, any\",Date\n\"5\",tokyo-office,x,\"a, b\",20261201\n";
        let analytics = read("analytics/ga4.csv", text);
        assert_eq!(
            (analytics.rows.len(), analytics.rows_left_out),
            (1, 0),
            "{:?}",
            analytics.warnings
        );
        assert_eq!(analytics.rows[0].clicks, 5);
    }

    #[test]
    fn a_hostile_row_is_left_out_with_its_start() {
        let long = "x".repeat(5_000);
        let text = format!(
            "Session manual ad content,Session source,Date,Sessions\n{long},x,20261201,5\ntokyo-office,x,20261201,2\n"
        );
        let analytics = read("analytics/ga4.csv", &text);
        assert_eq!((analytics.rows.len(), analytics.rows_left_out), (1, 1));
        assert!(analytics.warnings[0].message.contains("bytes long"));
        assert!(analytics.warnings[0].message.len() < 300);
    }

    #[test]
    fn a_report_without_the_tracked_links_says_so() {
        let analytics = read(
            "analytics/ga4.json",
            "{\"dimensionHeaders\": [{\"name\": \"country\"}], \"metricHeaders\": [{\"name\": \"sessions\"}], \"rows\": []}",
        );
        assert_eq!(analytics.rows_left_out, 1);
        assert!(
            analytics.warnings[0]
                .message
                .contains("sessionManualAdContent")
        );
        let analytics = read("analytics/ga4.json", "[1, 2]");
        assert!(
            analytics.warnings[0]
                .message
                .contains("does not know this export")
        );
    }
}
