//! The impact page and `posts.json`'s figures from a click export: sums
//! that match the rows, and bad rows reported, left out and counted.

use crate::common;

use serde_json::Value;

const NOW: &str = "2026-12-10T00:00:00Z";

#[test]
fn totals_equal_the_sums_of_the_rows() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let root = common::fixture("portal");
    let output = common::advocate(
        &root,
        &["build", "--out", out.to_str().unwrap(), "--now", NOW],
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "a bad row never stops publishing"
    );

    let json: Value =
        serde_json::from_slice(&std::fs::read(out.join("posts.json")).unwrap()).unwrap();
    // Valid rows: 5 + 7 + 3 + 11 + 2 + 4 = 32; the `many` row is left out.
    assert_eq!(json["impact"]["clicks"], 32);
    assert_eq!(json["impact"]["rows"], 6);
    assert_eq!(json["impact"]["rows_left_out"], 1);
    let post = |id: &str| {
        json["posts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(post("tokyo")["impact"]["clicks"], 12);
    assert_eq!(post("tokyo")["impact"]["by_network"]["x"], 5);
    assert_eq!(post("tokyo")["impact"]["by_network"]["linkedin"], 7);
    assert_eq!(post("plain")["impact"]["clicks"], 14);
    assert_eq!(post("xss")["impact"]["clicks"], 2);

    let page = String::from_utf8(std::fs::read(out.join("impact/index.html")).unwrap()).unwrap();
    assert!(page.contains("<strong class=\"big\">32</strong>"));
    assert!(
        page.contains("<strong>1 <span data-i18n=\"rows_left_out\">行のデータを読めなかった"),
        "the left-out rows are counted on the page"
    );
    // Per campaign: tokyo-launch holds the tokyo post's 12 clicks.
    assert!(
        page.contains(
            "<td data-label=\"campaigns:tokyo-launch\">tokyo-launch</td><td class=\"num\">12</td>"
        ),
        "{page}"
    );
    // Per network: x = 5 + 3 + 4.
    assert!(page.contains("<td data-label=\"networks:x\">X</td><td class=\"num\">12</td>"));
    // The leaderboard shows codes only: jane-doe 8, kenji 11.
    assert!(page.contains("<td>kenji</td><td class=\"num\">11</td>"));
    assert!(page.contains("<td>jane-doe</td><td class=\"num\">8</td>"));
    assert!(page.contains("<svg class=\"chart\""));

    let check = common::advocate(&root, &["check", "--format", "json", "--now", NOW]);
    let report: Value = serde_json::from_slice(&check.stdout).unwrap();
    let warning = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["path"] == "analytics/export.csv")
        .expect("the bad row is reported");
    assert_eq!(
        (warning["line"].as_u64(), warning["severity"].as_str()),
        (Some(8), Some("warning"))
    );
    assert!(
        warning["message"]
            .as_str()
            .unwrap()
            .contains("clicks `many` is not a whole number")
    );
}

/// The example library (its tracked links carry the code in `utm_term`,
/// which any analytics product reads), with `analytics/` holding only
/// `files`.
fn example_with_exports(files: &[(&str, String)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::copy_example(dir.path());
    std::fs::create_dir_all(dir.path().join("analytics")).unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join("analytics").join(name), text).unwrap();
    }
    dir
}

/// What the portal publishes of the figures: each post's clicks by
/// network, the totals, and each personal code's own file.
fn published_figures(root: &std::path::Path) -> (Value, Vec<(String, String)>) {
    let out = root.join("public");
    common::assert_success(&common::advocate(
        root,
        &["build", "--out", out.to_str().unwrap(), "--now", NOW],
    ));
    let json: Value =
        serde_json::from_slice(&std::fs::read(out.join("posts.json")).unwrap()).unwrap();
    let per_post: Vec<Value> = json["posts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| serde_json::json!({"id": p["id"], "impact": p["impact"]}))
        .collect();
    let mut codes: Vec<(String, String)> = std::fs::read_dir(out.join("impact/codes"))
        .map(|entries| {
            entries
                .flatten()
                .map(|e| {
                    (
                        e.file_name().to_string_lossy().into_owned(),
                        std::fs::read_to_string(e.path()).unwrap(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    codes.sort();
    (
        serde_json::json!({"posts": per_post, "clicks": json["impact"]["clicks"], "rows": json["impact"]["rows"]}),
        codes,
    )
}

/// Google Analytics 4's downloads and its Data API's answer, Plausible's
/// Stats API answer, Matomo's visits and Umami's breakdowns, made from the example's own export in
/// each product's documented shape, give the portal the same figures per
/// post, network and code.
#[test]
fn analytics_products_exports_give_the_same_impact_as_our_own() {
    let ours = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("analytics/2026-11.csv"),
    )
    .unwrap();
    // date,post_id,network,clicks,advocate,… as the products see them.
    let rows: Vec<Vec<String>> = ours
        .lines()
        .skip(1)
        .map(|line| line.split(',').map(String::from).collect())
        .collect();
    let compact = |date: &str| date.replace('-', "");
    let total: u64 = rows.iter().map(|r| r[3].parse::<u64>().unwrap()).sum();
    let csv = |header: &str, comments: &str, total_label: &str| {
        let mut text = format!("{comments}{header}\n{total_label},,,,{total}\n");
        for r in &rows {
            let term = if r[4].is_empty() { "(not set)" } else { &r[4] };
            text.push_str(&format!(
                "{},{},{},{},{}\n",
                r[1],
                term,
                r[2],
                compact(&r[0]),
                r[3]
            ));
        }
        // Traffic that came from elsewhere: no post, left out and said.
        text.push_str("(not set),(not set),google,20261130,40\n");
        text
    };
    let english = csv(
        "Session manual ad content,Session manual term,Session source,Date,Sessions",
        "# ----------------------------------------\n# Traffic acquisition: Session manual ad content\n# Account: Acme\n# Property: www.example.com\n# ----------------------------------------\n#\n# Start date: 20261101\n# End date: 20261130\n",
        "Grand total",
    );
    let japanese = csv(
        "セッションの手動広告コンテンツ,セッションの手動キーワード,セッションの手動参照元,日付,セッション",
        "# ----------------------------------------\n# トラフィック獲得\n# ----------------------------------------\n",
        "合計",
    );
    let report = serde_json::json!({
        "dimensionHeaders": [{"name": "date"}, {"name": "sessionManualAdContent"}, {"name": "sessionManualTerm"}, {"name": "sessionSource"}],
        "metricHeaders": [{"name": "sessions", "type": "TYPE_INTEGER"}],
        "rows": rows.iter().map(|r| serde_json::json!({
            "dimensionValues": [{"value": compact(&r[0])}, {"value": r[1]}, {"value": if r[4].is_empty() { "(not set)" } else { &r[4] }}, {"value": r[2]}],
            "metricValues": [{"value": r[3]}],
        })).collect::<Vec<_>>(),
        "rowCount": rows.len(),
        "kind": "analyticsData#runReport",
    })
    .to_string();

    let plausible = serde_json::json!({
        "results": rows.iter().map(|r| serde_json::json!({
            "metrics": [r[3].parse::<u64>().unwrap()],
            "dimensions": [r[0], r[1], r[2], if r[4].is_empty() { "(none)" } else { &r[4] }],
        })).collect::<Vec<_>>(),
        "meta": {},
        "query": {"site_id": "www.example.com", "metrics": ["visits"], "date_range": ["2026-11-01T00:00:00+00:00", "2026-11-30T23:59:59+00:00"], "dimensions": ["time:day", "visit:utm_content", "visit:utm_source", "visit:utm_term"], "filters": []},
    })
    .to_string();
    // Matomo's Live.getLastVisitsDetails: one entry per visit.
    let matomo: Vec<serde_json::Value> = rows
        .iter()
        .flat_map(|r| {
            let visits = r[3].parse::<usize>().unwrap();
            (0..visits).map(move |i| {
                serde_json::json!({
                    "idVisit": i, "visitorType": "new", "serverDate": r[0], "serverTimePretty": "10:00:00",
                    "campaignId": "", "campaignName": "", "campaignMedium": "social",
                    "campaignContent": r[1], "campaignSource": r[2], "campaignKeyword": r[4],
                    "campaignGroup": "", "campaignPlacement": "",
                })
            })
        })
        .collect();
    let matomo = serde_json::Value::Array(matomo).to_string();
    // Umami's breakdown, one answer per day as `analytics pull` keeps them.
    let mut days: std::collections::BTreeMap<&str, Vec<serde_json::Value>> = Default::default();
    for r in &rows {
        let visits = r[3].parse::<u64>().unwrap();
        days.entry(&r[0]).or_default().push(serde_json::json!({
            "views": visits * 2, "visitors": visits, "visits": visits, "bounces": 0, "totaltime": 0,
            "utmContent": r[1], "utmSource": r[2], "utmTerm": r[4],
        }));
    }
    let umami = serde_json::json!({
        "websiteId": "b5e0b9d6-6b0a-4b8c-9d8e-0c8f1c0e7a11",
        "days": days.iter().map(|(date, rows)| serde_json::json!({"date": date, "rows": rows})).collect::<Vec<_>>(),
    })
    .to_string();
    let ours_dir = example_with_exports(&[("2026-11.csv", ours.clone())]);
    let expected = published_figures(ours_dir.path());
    assert!(!expected.1.is_empty(), "the example has personal codes");
    // The impact page's tables: by campaign, by network, top posts, the
    // leaderboards.
    let tables = |root: &std::path::Path| -> Vec<String> {
        let page = std::fs::read_to_string(root.join("public/impact/index.html")).unwrap();
        page.split("<table")
            .skip(1)
            .map(|t| t.split("</table>").next().unwrap().to_string())
            .collect()
    };
    let expected_tables = tables(ours_dir.path());
    assert!(expected_tables.len() >= 3, "{expected_tables:?}");
    for (name, text, source) in [
        ("ga4-traffic.csv", english, "Google Analytics 4"),
        ("ga4-traffic-ja.csv", japanese, "Google Analytics 4"),
        ("ga4-report.json", report, "Google Analytics 4"),
        ("plausible.json", plausible, "Plausible"),
        ("matomo.json", matomo, "Matomo"),
        ("umami.json", umami, "Umami"),
    ] {
        let dir = example_with_exports(&[(name, text)]);
        assert_eq!(published_figures(dir.path()), expected, "{name}");
        assert_eq!(
            tables(dir.path()),
            expected_tables,
            "{name}: the impact page"
        );
        // The page says where the figures come from.
        let page = std::fs::read_to_string(dir.path().join("public/impact/index.html")).unwrap();
        assert!(page.contains(source), "{name}");
    }
}

/// Exports by the post's parameter alone, over a whole range (Plausible's
/// CSV download, Matomo's `getContent` report, Umami's metrics by
/// `utmContent`), give each post the same clicks as advocate's own CSV;
/// they have no network, code or day, and the page says those clicks have
/// no day.
#[test]
fn exports_by_post_alone_give_each_post_the_same_clicks() {
    let ours = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("analytics/2026-11.csv"),
    )
    .unwrap();
    let mut by_post: std::collections::BTreeMap<String, u64> = Default::default();
    let mut by_source: std::collections::BTreeMap<String, u64> = Default::default();
    for line in ours.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        let clicks: u64 = cells[3].parse().unwrap();
        *by_post.entry(cells[1].to_string()).or_default() += clicks;
        *by_source.entry(cells[2].to_string()).or_default() += clicks;
    }
    let clicks_per_post = |root: &std::path::Path| -> Vec<(String, Value)> {
        let (figures, _) = published_figures(root);
        figures["posts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    p["id"].as_str().unwrap().to_string(),
                    p["impact"]["clicks"].clone(),
                )
            })
            .collect()
    };
    let expected = clicks_per_post(example_with_exports(&[("2026-11.csv", ours.clone())]).path());
    // Plausible's download has a file per parameter, 300 rows at most.
    let mut contents = String::from("name,visitors,bounce_rate,visit_duration\n");
    let mut sources = contents.clone();
    for (post, clicks) in &by_post {
        contents.push_str(&format!("{post},{clicks},35,42\n"));
    }
    for (source, clicks) in &by_source {
        sources.push_str(&format!("{source},{clicks},35,42\n"));
    }
    let matomo_report = serde_json::Value::Array(
        by_post
            .iter()
            .map(|(post, clicks)| serde_json::json!({"label": post, "nb_uniq_visitors": clicks, "nb_visits": clicks, "nb_actions": clicks * 2, "sum_visit_length": 60, "bounce_count": 0, "nb_visits_converted": 0}))
            .collect(),
    )
    .to_string();
    let mut matomo_csv = String::from("label,nb_uniq_visitors,nb_visits,nb_actions\n");
    for (post, clicks) in &by_post {
        matomo_csv.push_str(&format!("{post},{clicks},{clicks},{}\n", clicks * 2));
    }
    // Matomo's CSV download is UTF-16 with a byte-order mark.
    let matomo_csv: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(matomo_csv.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let umami = serde_json::Value::Array(
        by_post
            .iter()
            .map(|(post, clicks)| serde_json::json!({"x": post, "y": clicks}))
            .collect(),
    )
    .to_string();
    let total: u64 = by_post.values().sum();
    for (files, source) in [
        (
            vec![
                ("utm_contents.csv", contents.into_bytes()),
                ("utm_sources.csv", sources.into_bytes()),
            ],
            "Plausible",
        ),
        (
            vec![("matomo-getContent-2026-11.json", matomo_report.into_bytes())],
            "Matomo",
        ),
        (
            vec![("Matomo_getContent_2026-11.csv", matomo_csv)],
            "Matomo",
        ),
        (vec![("umami-utmContent.json", umami.into_bytes())], "Umami"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        common::copy_example(dir.path());
        std::fs::create_dir_all(dir.path().join("analytics")).unwrap();
        for (name, bytes) in &files {
            std::fs::write(dir.path().join("analytics").join(name), bytes).unwrap();
        }
        assert_eq!(clicks_per_post(dir.path()), expected, "{source}");
        let page = std::fs::read_to_string(dir.path().join("public/impact/index.html")).unwrap();
        assert!(page.contains(source), "{source}");
        assert!(
            page.contains("data-i18n=\"impact_undated\">")
                && page.contains(&format!("<strong>{total}</strong>")),
            "{source}: the page says the clicks have no day"
        );
        assert!(
            !page.contains("<svg class=\"chart\""),
            "{source}: no chart of days it does not have"
        );
    }
}
