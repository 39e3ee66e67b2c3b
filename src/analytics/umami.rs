//! Umami: its breakdown report (`POST /api/reports/breakdown`, JSON rows
//! with each field asked, `utmContent`, `utmSource`, …, and `visits`,
//! `visitors`, `views`), one answer per day as `analytics pull` keeps
//! them (`{"websiteId", "days": [{"date", "rows"}]}`) or one undated
//! answer; and its metrics (`GET /api/websites/ID/metrics?type=utmContent`,
//! `[{x, y}]`, the type in the file's name), visitors per post, undated.
//! Visits count as clicks (else visitors).

use super::model::{Analytics, Context, Observed, leave_out, number, observe, shortened};
use super::single::{Names, One, key_in_name, name_for, observe_one, says_the_post};
use crate::source::SourceFile;
use jiff::civil::Date;

/// Each field, by the parameter it comes from.
const FIELDS: &Names = &[
    ("utmContent", "utm_content"),
    ("utmTerm", "utm_term"),
    ("utmSource", "utm_source"),
    ("utmMedium", "utm_medium"),
    ("utmCampaign", "utm_campaign"),
];

/// Umami's field for a tracked link's parameter, for `analytics pull`.
pub(crate) fn field(utm_key: &str) -> Option<&'static str> {
    name_for(FIELDS, utm_key)
}

/// The measures that count as clicks, the first there winning.
const MEASURES: [&str; 2] = ["visits", "visitors"];

#[derive(serde::Deserialize)]
struct Pulled {
    days: Vec<Day>,
}

/// One answer: its day (none for an answer over a whole range), its rows.
#[derive(serde::Deserialize)]
struct Day {
    date: Option<String>,
    rows: Vec<serde_json::Map<String, serde_json::Value>>,
}

/// Whether `file` is a breakdown, pulled per day or one answer.
pub(super) fn is_breakdown(file: &SourceFile) -> bool {
    file.path.ends_with(".json")
        && FIELDS
            .iter()
            .any(|(field, _)| file.text.contains(&format!("\"{field}\"")))
        && file.text.contains("\"visitors\"")
}

/// Whether `file` is a metrics answer whose name says its type.
pub(super) fn is_metrics(file: &SourceFile) -> bool {
    file.path.ends_with(".json")
        && file.text.contains("\"x\"")
        && file.text.contains("\"y\"")
        && key_in_name(file, FIELDS).is_some()
}

pub(super) fn read_breakdown(file: &SourceFile, cx: &Context, out: &mut Analytics) {
    let days: Vec<Day> = if let Ok(pulled) = serde_json::from_str::<Pulled>(&file.text) {
        pulled.days
    } else if let Ok(rows) = serde_json::from_str(&file.text) {
        vec![Day { date: None, rows }]
    } else {
        leave_out(
            out,
            file,
            0..0,
            "this is not an Umami breakdown answer".into(),
        );
        return;
    };
    for Day { date: day, rows } in days {
        let date = match day
            .as_deref()
            .map(|d| d.get(..10).unwrap_or(d).parse::<Date>())
        {
            None => None,
            Some(Ok(date)) => Some(date),
            Some(Err(_)) => {
                let day = day.as_deref().unwrap_or("");
                leave_out(
                    out,
                    file,
                    0..0,
                    format!("`{}` is not a day", shortened(day)),
                );
                continue;
            }
        };
        for (i, row) in rows.iter().enumerate() {
            let place = match &day {
                Some(day) => format!("{day}[{i}]"),
                None => format!("[{i}]"),
            };
            let Some(measure) = MEASURES.into_iter().find(|m| row.contains_key(*m)) else {
                leave_out(
                    out,
                    file,
                    0..0,
                    format!("{place}: it has neither visits nor visitors"),
                );
                continue;
            };
            out.sources.insert(("umami", measure));
            let text = |value: &serde_json::Value| match value {
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Number(n) => n.to_string(),
                _ => String::new(),
            };
            let values: Vec<(&'static str, String)> = FIELDS
                .iter()
                .filter_map(|(field, key)| Some((*key, text(row.get(*field)?))))
                .collect();
            let count = row.get(measure).map(text).unwrap_or_default();
            match number(&count, measure) {
                Ok(count) => {
                    let observed = Observed {
                        date,
                        hour: None,
                        params: values
                            .iter()
                            .map(|(k, v)| (*k, (!v.is_empty()).then_some(v.as_str())))
                            .collect(),
                        count,
                        place: Some(place),
                    };
                    observe(out, cx, file, 0..0, &observed);
                }
                Err(why) => leave_out(out, file, 0..0, format!("{place}: {why}")),
            }
        }
    }
}

#[derive(serde::Deserialize)]
struct Metric {
    #[serde(default)]
    x: serde_json::Value,
    #[serde(default)]
    y: serde_json::Value,
}

pub(super) fn read_metrics(file: &SourceFile, cx: &Context, out: &mut Analytics) {
    let Some(key) = key_in_name(file, FIELDS) else {
        return;
    };
    if !says_the_post(out, cx, file, key) {
        return;
    }
    let Ok(metrics) = serde_json::from_str::<Vec<Metric>>(&file.text) else {
        leave_out(
            out,
            file,
            0..0,
            "this is not an Umami metrics answer ([{x, y}])".into(),
        );
        return;
    };
    out.sources.insert(("umami", "visitors"));
    for (i, metric) in metrics.iter().enumerate() {
        let count = match &metric.y {
            serde_json::Value::Number(n) => n.to_string(),
            other => other.as_str().unwrap_or("").to_string(),
        };
        let one = One {
            key,
            value: metric.x.as_str().unwrap_or(""),
            count: &count,
            measure: "visitors",
            date: None,
        };
        observe_one(out, cx, file, 0..0, Some(format!("[{i}]")), &one);
    }
}

#[cfg(test)]
mod tests {
    use super::super::sum_by;
    use super::super::testing::read;
    use crate::source::SourceFile;

    #[test]
    fn a_pulled_breakdown_reads_by_day_post_network_and_code() {
        let known = ["tokyo-office"];
        let json = r#"{"websiteId": "b5e0b9d6-0000-4000-8000-000000000001", "days": [
          {"date": "2026-12-01", "rows": [
            {"views": 9, "visitors": 4, "visits": 5, "bounces": 1, "totaltime": 60, "utmContent": "tokyo-office", "utmSource": "x", "utmTerm": "jane-doe"},
            {"views": 2, "visitors": 2, "visits": 2, "utmContent": "tokyo-office", "utmSource": "mastodon-x", "utmTerm": ""}
          ]},
          {"date": "2026-12-02", "rows": [
            {"views": 3, "visitors": 3, "visits": 3, "utmContent": "tokyo-office", "utmSource": "linkedin", "utmTerm": ""}
          ]}
        ]}"#;
        let analytics = read(&[SourceFile::new("analytics/umami.json", json)], &known);
        let by_network = sum_by(analytics.rows.iter(), |r| {
            r.network.map(|n| n.name().to_string())
        });
        assert_eq!((by_network["x"], by_network["linkedin"]), (5, 3));
        assert_eq!(analytics.rows_left_out, 1);
        assert!(analytics.warnings[0].message.contains("2026-12-01[1]"));
        assert_eq!(analytics.rows[0].advocate.as_deref(), Some("jane-doe"));
        assert!(analytics.sources.contains(&("umami", "visits")));
    }

    #[test]
    fn metrics_by_content_give_visitors_per_post_undated() {
        let known = ["tokyo-office"];
        let files = [
            SourceFile::new(
                "analytics/umami-utmContent.json",
                r#"[{"x": "tokyo-office", "y": 7}, {"x": "", "y": 2}]"#,
            ),
            SourceFile::new("analytics/umami-utmSource.json", r#"[{"x": "x", "y": 7}]"#),
        ];
        let analytics = read(&files, &known);
        assert_eq!(analytics.rows.len(), 1);
        assert_eq!(analytics.rows[0].clicks, 7);
        assert_eq!(
            (analytics.rows[0].date, analytics.rows[0].network),
            (None, None)
        );
        assert_eq!(analytics.undated_clicks(), 7);
        assert_eq!(analytics.rows_left_out, 1);
        assert_eq!(analytics.warnings.len(), 2);
    }
}
