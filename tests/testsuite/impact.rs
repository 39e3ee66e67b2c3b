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
