//! Matomo: what its Reporting API answers (`index.php?module=API`, JSON).
//! `Live.getLastVisitsDetails` lists visits, each with its day and its
//! campaign's values (`campaignContent`, `campaignKeyword`, … with the
//! MarketingCampaignsReporting plugin): every visit counts once, read
//! back to a post, a network and a code through the policy's tracked
//! links. A report by one parameter (`MarketingCampaignsReporting.getContent`,
//! named in the file's name) gives visits per post: per day when asked
//! with `period=day` over a range, else undated; the same report as CSV
//! (`label,nb_visits,…`, UTF-8 or Matomo's UTF-16) is undated.

use super::model::{Analytics, Context, Observed, leave_out, observe, shortened};
use super::single::{Csv, Names, One, key_in_name, name_for, observe_one, says_the_post};
use crate::source::SourceFile;
use jiff::civil::Date;
use std::collections::BTreeMap;

/// Each campaign value of a visit, by the parameter it comes from.
const VISIT_FIELDS: &Names = &[
    ("campaignContent", "utm_content"),
    ("campaignKeyword", "utm_term"),
    ("campaignSource", "utm_source"),
    ("campaignMedium", "utm_medium"),
    ("campaignName", "utm_campaign"),
];

/// Each report by one parameter, by its method's name.
const REPORTS: &Names = &[
    ("getContent", "utm_content"),
    ("getKeyword", "utm_term"),
    ("getSourceMedium", "utm_source / utm_medium"),
    ("getSource", "utm_source"),
    ("getMedium", "utm_medium"),
    ("getName", "utm_campaign"),
];

/// The visit's field (and segment) for a tracked link's parameter, for
/// `analytics pull`.
pub(crate) fn field(utm_key: &str) -> Option<&'static str> {
    name_for(VISIT_FIELDS, utm_key)
}

/// Whether `file` is a list of visits.
pub(super) fn is_visits(file: &SourceFile) -> bool {
    file.path.ends_with(".json")
        && file.text.trim_start().starts_with('[')
        && file.text.contains("\"serverDate\"")
        && file.text.contains("\"campaign")
}

/// Whether `file` is a report by one parameter.
pub(super) fn is_report(file: &SourceFile) -> bool {
    file.path.ends_with(".json")
        && file.text.contains("\"nb_visits\"")
        && file.text.contains("\"label\"")
        && key_in_name(file, REPORTS).is_some()
}

/// A report by one parameter as CSV (`label,nb_uniq_visitors,nb_visits,…`).
pub(super) const REPORT_CSV: Csv = Csv {
    names: REPORTS,
    value_column: "label",
    measure_column: "nb_visits",
    measure: "nb_visits",
    source: ("matomo", "visits"),
};

/// Reads visits: those with the same day and values are counted together,
/// and said (if they map to no post) once, at the first of them.
pub(super) fn read_visits(file: &SourceFile, cx: &Context, out: &mut Analytics) {
    let Ok(visits) =
        serde_json::from_str::<Vec<serde_json::Map<String, serde_json::Value>>>(&file.text)
    else {
        leave_out(
            out,
            file,
            0..0,
            "this is not a list of Matomo visits (Live.getLastVisitsDetails)".into(),
        );
        return;
    };
    out.sources.insert(("matomo", "visits"));
    type Values = Vec<(&'static str, Option<String>)>;
    let mut counted: BTreeMap<(Option<Date>, Values), (usize, u64)> = BTreeMap::new();
    for (i, visit) in visits.iter().enumerate() {
        let day = visit
            .get("serverDate")
            .and_then(|d| d.as_str())
            .unwrap_or("");
        let Some(date) = day.get(..10).and_then(|d| d.parse::<Date>().ok()) else {
            leave_out(
                out,
                file,
                0..0,
                format!("[{i}]: its serverDate `{}` is not a day", shortened(day)),
            );
            continue;
        };
        let values: Values = VISIT_FIELDS
            .iter()
            .filter_map(|(field, key)| {
                let value = visit.get(*field)?.as_str().unwrap_or("");
                Some((*key, (!value.is_empty()).then(|| value.to_string())))
            })
            .collect();
        let entry = counted.entry((Some(date), values)).or_insert((i, 0));
        entry.1 += 1;
    }
    for ((date, values), (first, count)) in counted {
        let observed = Observed {
            date,
            hour: None,
            params: values.iter().map(|(k, v)| (*k, v.as_deref())).collect(),
            count,
            place: Some(format!("[{first}]")),
        };
        observe(out, cx, file, 0..0, &observed);
    }
}

/// Reads a report: `[rows]` for one period, or `{"DAY": [rows], …}` for
/// `period=day` over a range.
pub(super) fn read_report(file: &SourceFile, cx: &Context, out: &mut Analytics) {
    let Some(key) = key_in_name(file, REPORTS) else {
        return;
    };
    if !says_the_post(out, cx, file, key) {
        return;
    }
    let Ok(answer) = serde_json::from_str::<serde_json::Value>(&file.text) else {
        leave_out(out, file, 0..0, "this is not JSON".into());
        return;
    };
    out.sources.insert(("matomo", "visits"));
    let periods: Vec<(Option<&str>, &serde_json::Value)> = match &answer {
        serde_json::Value::Object(days) => {
            days.iter().map(|(d, r)| (Some(d.as_str()), r)).collect()
        }
        rows => vec![(None, rows)],
    };
    for (period, rows) in periods {
        let date = match period.map(|p| p.parse::<Date>()) {
            None => None,
            Some(Ok(date)) => Some(date),
            Some(Err(_)) => {
                leave_out(
                    out,
                    file,
                    0..0,
                    format!(
                        "`{}` is not a day; ask the report with period=day (or period=range for one total)",
                        shortened(period.unwrap_or(""))
                    ),
                );
                continue;
            }
        };
        let Some(rows) = rows.as_array() else {
            continue;
        };
        for (i, row) in rows.iter().enumerate() {
            let place = match period {
                Some(day) => format!("{day}[{i}]"),
                None => format!("[{i}]"),
            };
            let count = match &row["nb_visits"] {
                serde_json::Value::Number(n) => n.to_string(),
                serde_json::Value::String(s) => s.clone(),
                _ => String::new(),
            };
            let one = One {
                key,
                value: row["label"].as_str().unwrap_or(""),
                count: &count,
                measure: "nb_visits",
                date,
            };
            observe_one(out, cx, file, 0..0, Some(place), &one);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::sum_by;
    use super::super::testing::read;
    use crate::source::SourceFile;

    #[test]
    fn visits_count_once_each_by_day_post_network_and_code() {
        let known = ["tokyo-office"];
        let visit = |day: &str, content: &str, source: &str, term: &str| {
            format!(
                r#"{{"idVisit": "1", "serverDate": "{day}", "campaignContent": "{content}", "campaignSource": "{source}", "campaignKeyword": "{term}", "campaignMedium": "social", "campaignName": "", "actionDetails": []}}"#
            )
        };
        let json = format!(
            "[{}]",
            [
                visit("2026-12-01", "tokyo-office", "x", "jane-doe"),
                visit("2026-12-01", "tokyo-office", "x", "jane-doe"),
                visit("2026-12-02", "tokyo-office", "linkedin", ""),
                visit("2026-12-02", "", "google", ""),
            ]
            .join(",")
        );
        let analytics = read(&[SourceFile::new("analytics/matomo.json", json)], &known);
        assert_eq!(analytics.rows.len(), 2);
        assert_eq!(analytics.rows_left_out, 1);
        assert!(
            analytics.warnings[0].message.contains("[3]"),
            "{:?}",
            analytics.warnings
        );
        let by_network = sum_by(analytics.rows.iter(), |r| {
            r.network.map(|n| n.name().to_string())
        });
        assert_eq!((by_network["x"], by_network["linkedin"]), (2, 1));
        assert!(analytics.sources.contains(&("matomo", "visits")));
    }

    #[test]
    fn a_report_by_content_gives_visits_per_post_and_day() {
        let known = ["tokyo-office", "hiring"];
        let json = r#"{"2026-12-01": [{"label": "tokyo-office", "nb_uniq_visitors": 4, "nb_visits": 5}], "2026-12-02": [{"label": "hiring", "nb_visits": "3"}, {"label": "hiring", "nb_visits": -1}], "2026-12-03": []}"#;
        let files = [
            SourceFile::new("analytics/matomo-getContent.json", json),
            SourceFile::new(
                "analytics/matomo-getContent-range.csv",
                "label,nb_uniq_visitors,nb_visits,nb_actions\nhiring,1,2,2\n",
            ),
            SourceFile::new(
                "analytics/matomo-getSource.json",
                r#"[{"label": "x", "nb_visits": 9}]"#,
            ),
        ];
        let analytics = read(&files, &known);
        let by_post = sum_by(analytics.rows.iter(), |r| Some(r.post_id.clone()));
        assert_eq!((by_post["tokyo-office"], by_post["hiring"]), (5, 5));
        assert!(analytics.rows.iter().all(|r| r.network.is_none()));
        assert_eq!(analytics.undated_clicks(), 2);
        assert_eq!(analytics.rows_left_out, 1);
        assert!(
            analytics
                .warnings
                .iter()
                .any(|w| w.message.contains("by `utm_source` alone"))
        );
    }
}
