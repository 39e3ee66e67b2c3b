//! Plausible: the Stats API v2 answer (`POST /api/v2/query`, JSON:
//! `results`, each with its `dimensions` and `metrics` in the order the
//! echoed `query` names them). Visits count as clicks (else visitors),
//! read back to a post, a network and a code through the policy's tracked
//! links; `time:day` or `time:hour` gives the day. And the dashboard's
//! CSV download: one file per parameter (`utm_contents.csv`: `name,
//! visitors, …`), visitors per post over the whole range, without days.

use super::model::{Analytics, Context, Observed, leave_out, number, observe, shortened, utm_key};
use super::single::{Csv, Names};
use crate::source::SourceFile;
use jiff::civil::Date;

#[derive(serde::Deserialize)]
struct Answer {
    results: Vec<Result>,
    query: Query,
}

#[derive(serde::Deserialize)]
struct Query {
    #[serde(default)]
    dimensions: Vec<String>,
    #[serde(default)]
    metrics: Vec<String>,
}

#[derive(serde::Deserialize)]
struct Result {
    #[serde(default)]
    dimensions: Vec<serde_json::Value>,
    #[serde(default)]
    metrics: Vec<serde_json::Value>,
}

/// The measures that count as clicks, the first there winning.
const MEASURES: [&str; 2] = ["visits", "visitors"];

/// Whether `file` is a Stats API v2 answer.
pub(super) fn recognises(file: &SourceFile) -> bool {
    file.path.ends_with(".json")
        && file.text.contains("\"results\"")
        && file.text.contains("\"query\"")
        && file.text.contains("visit:utm_")
}

pub(super) fn read(file: &SourceFile, cx: &Context, out: &mut Analytics) {
    let Ok(answer) = serde_json::from_str::<Answer>(&file.text) else {
        leave_out(
            out,
            file,
            0..0,
            "this is not a Plausible Stats API v2 answer (results and query)".into(),
        );
        return;
    };
    let Some((measure, measure_name)) = MEASURES.iter().find_map(|m| {
        let at = answer.query.metrics.iter().position(|q| q == m)?;
        Some((at, if *m == "visits" { "visits" } else { "visitors" }))
    }) else {
        leave_out(
            out,
            file,
            0..0,
            "the query asked for neither visits nor visitors".into(),
        );
        return;
    };
    out.sources.insert(("plausible", measure_name));
    for (i, result) in answer.results.iter().enumerate() {
        let place = format!("results[{i}]");
        let text = |value: &serde_json::Value| match value {
            serde_json::Value::String(s) => Some(s.clone()),
            serde_json::Value::Number(n) => Some(n.to_string()),
            _ => None,
        };
        let cells: Vec<Option<String>> = result.dimensions.iter().map(text).collect();
        let mut observed = Observed::default();
        let mut problem = None;
        for (name, cell) in answer.query.dimensions.iter().zip(&cells) {
            let cell = cell.as_deref().filter(|c| !c.is_empty() && *c != "(none)");
            match name.as_str() {
                "time:day" | "time" => match cell.map(day) {
                    Some(Ok(date)) => observed.date = Some(date),
                    Some(Err(why)) => problem = Some(why),
                    None => {}
                },
                "time:hour" => match cell.map(day_and_hour) {
                    Some(Ok((date, hour))) => {
                        observed.date = Some(date);
                        observed.hour = Some(hour);
                    }
                    Some(Err(why)) => problem = Some(why),
                    None => {}
                },
                other => {
                    if let Some(key) = other.strip_prefix("visit:").and_then(utm_key) {
                        observed.params.push((key, cell));
                    }
                }
            }
        }
        let count = result
            .metrics
            .get(measure)
            .and_then(text)
            .unwrap_or_default();
        match (problem, number(&count, measure_name)) {
            (Some(why), _) | (None, Err(why)) => {
                leave_out(out, file, 0..0, format!("{place}: {why}"));
            }
            (None, Ok(count)) => {
                observed.count = count;
                observe(out, cx, file, 0..0, &observed.at(place));
            }
        }
    }
}

/// The CSV download's files, by the parameter each is about.
const CSV_FILES: &Names = &[
    ("utm_contents", "utm_content"),
    ("utm_terms", "utm_term"),
    ("utm_sources", "utm_source"),
    ("utm_mediums", "utm_medium"),
    ("utm_campaigns", "utm_campaign"),
];

/// One of the CSV download's files (`name,visitors,…`).
pub(super) const CSV: Csv = Csv {
    names: CSV_FILES,
    value_column: "name",
    measure_column: "visitors",
    measure: "visitors",
    source: ("plausible", "visitors"),
};

fn day(text: &str) -> std::result::Result<Date, String> {
    text.get(..10)
        .and_then(|d| d.parse().ok())
        .ok_or_else(|| format!("`{}` is not a day (YYYY-MM-DD)", shortened(text)))
}

/// `2026-12-01 09:00:00` (or with a `T`).
fn day_and_hour(text: &str) -> std::result::Result<(Date, u8), String> {
    let date = day(text)?;
    let hour = text
        .get(11..13)
        .and_then(|h| h.parse::<u8>().ok())
        .filter(|h| *h < 24)
        .ok_or_else(|| format!("`{}` is not a day and hour", shortened(text)))?;
    Ok((date, hour))
}

#[cfg(test)]
mod tests {
    use super::super::sum_by;
    use super::super::testing::read;
    use crate::source::SourceFile;

    #[test]
    fn a_query_answer_reads_as_our_own() {
        let known = ["tokyo-office"];
        let json = r#"{
          "results": [
            {"metrics": [5, 4], "dimensions": ["2026-12-01", "tokyo-office", "x", "jane-doe"]},
            {"metrics": [3, 3], "dimensions": ["2026-12-01", "tokyo-office", "linkedin", "(none)"]},
            {"metrics": [9, 9], "dimensions": ["2026-12-02", "(none)", "Google", "(none)"]}
          ],
          "meta": {},
          "query": {"site_id": "example.com", "metrics": ["visits", "visitors"], "date_range": ["2026-12-01T00:00:00Z", "2026-12-02T23:59:59Z"], "dimensions": ["time:day", "visit:utm_content", "visit:utm_source", "visit:utm_term"]}
        }"#;
        let analytics = read(&[SourceFile::new("analytics/plausible.json", json)], &known);
        assert_eq!(analytics.rows.len(), 2);
        assert_eq!(analytics.rows_left_out, 1);
        assert!(analytics.warnings[0].message.contains("results[2]"));
        let by_network = sum_by(analytics.rows.iter(), |r| {
            r.network.map(|n| n.name().to_string())
        });
        assert_eq!(by_network["x"], 5);
        assert_eq!(by_network["linkedin"], 3);
        assert_eq!(analytics.rows[0].advocate.as_deref(), Some("jane-doe"));
        assert!(analytics.sources.contains(&("plausible", "visits")));
    }

    #[test]
    fn the_csv_download_gives_visitors_per_post_without_days() {
        let known = ["tokyo-office", "hiring"];
        let files = [
            SourceFile::new(
                "analytics/utm_contents.csv",
                "name,visitors,bounce_rate,visit_duration\ntokyo-office,12,40,31\nhiring,3,0,5\n\"a,b\",x,0,0\n",
            ),
            SourceFile::new(
                "analytics/utm_sources.csv",
                "name,visitors,bounce_rate,visit_duration\nx,10,40,31\n",
            ),
        ];
        let analytics = read(&files, &known);
        let by_post = sum_by(analytics.rows.iter(), |r| Some(r.post_id.clone()));
        assert_eq!((by_post["tokyo-office"], by_post["hiring"]), (12, 3));
        assert!(
            analytics
                .rows
                .iter()
                .all(|r| r.date.is_none() && r.network.is_none())
        );
        assert_eq!(analytics.undated_clicks(), 15);
        assert_eq!(analytics.rows_left_out, 1);
        assert!(
            analytics
                .warnings
                .iter()
                .any(|w| w.message.contains("visitors `x`"))
        );
        assert!(
            analytics
                .warnings
                .iter()
                .any(|w| w.message.contains("`utm_source` alone"))
        );
        assert!(analytics.sources.contains(&("plausible", "visitors")));
    }
}
