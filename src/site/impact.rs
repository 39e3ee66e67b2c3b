//! The impact page and the per-post figures, from the click exports
//! (docs/analytics.md). Charts are SVG made here, at build time: no chart library,
//! no script.

use super::model::{PostImpact, PostView};
use crate::analytics::{Analytics, Row, is_code, sum_by};
use jiff::Timestamp;
use jiff::ToSpan;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// `posts.json`'s top-level `impact`.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ImpactSummary {
    pub(crate) clicks: u64,
    pub(crate) rows: usize,
    pub(crate) rows_left_out: usize,
}

pub(crate) fn summary(analytics: &Analytics) -> ImpactSummary {
    ImpactSummary {
        clicks: crate::analytics::total(analytics.rows.iter().map(|r| r.clicks)),
        rows: analytics.rows.len(),
        rows_left_out: analytics.rows_left_out,
    }
}

/// Each view's clicks, by the post's id.
pub(crate) fn attach(views: &mut [PostView], analytics: &Analytics) {
    let mut by_post: BTreeMap<&str, PostImpact> = BTreeMap::new();
    for row in &analytics.rows {
        let impact = by_post.entry(row.post_id.as_str()).or_default();
        crate::analytics::add(&mut impact.clicks, row.clicks);
        if let Some(network) = row.network {
            let clicks = impact
                .by_network
                .entry(network.name().to_string())
                .or_default();
            crate::analytics::add(clicks, row.clicks);
        }
    }
    for view in views {
        let impact = by_post.remove(view.id.as_str()).unwrap_or_default();
        view.impact_by_network = impact
            .by_network
            .iter()
            .map(|(n, c)| (n.clone(), *c))
            .collect();
        view.impact = Some(impact);
    }
}

#[derive(Serialize)]
pub(crate) struct ImpactPage {
    pub(crate) clicks: u64,
    pub(crate) rows: usize,
    pub(crate) rows_left_out: usize,
    pub(crate) by_campaign: Vec<(String, u64)>,
    pub(crate) by_network: Vec<(String, u64)>,
    pub(crate) top_posts: Vec<TopPost>,
    /// Clicks per day, an SVG drawn from numbers and dates only.
    pub(crate) chart_svg: String,
    /// The first and last days the exports count (ISO dates): the data
    /// is as current as `last_day`.
    pub(crate) first_day: Option<String>,
    pub(crate) last_day: Option<String>,
    /// Where the figures come from and what they count: the theme's
    /// `source_…` and `measure_…` strings.
    pub(crate) sources: Vec<(&'static str, &'static str)>,
    /// Clicks from exports without days (in the totals, in no day's or
    /// week's figure).
    pub(crate) undated_clicks: u64,
    pub(crate) leaderboard: bool,
    pub(crate) week: Vec<Advocate>,
    pub(crate) all_time: Vec<Advocate>,
}

#[derive(Serialize)]
pub(crate) struct TopPost {
    pub(crate) slug: String,
    pub(crate) title: String,
    pub(crate) clicks: u64,
}

#[derive(Serialize)]
pub(crate) struct Advocate {
    pub(crate) code: String,
    pub(crate) clicks: u64,
    pub(crate) badges: Vec<&'static str>,
}

const TOP: usize = 10;

pub(crate) fn page(
    views: &[PostView],
    analytics: &Analytics,
    leaderboard: bool,
    now: Timestamp,
    zone: &jiff::tz::TimeZone,
) -> ImpactPage {
    let by_campaign = sum_by(analytics.rows.iter(), |r| {
        analytics.campaign_of.get(&r.post_id).cloned()
    });
    let by_network = sum_by(analytics.rows.iter(), |r| {
        r.network.map(|n| n.name().to_string())
    });
    let mut top_posts: Vec<TopPost> = views
        .iter()
        .filter_map(|v| {
            let clicks = v.impact.as_ref()?.clicks;
            (clicks > 0).then(|| TopPost {
                slug: v.slug.clone(),
                title: v.title.clone(),
                clicks,
            })
        })
        .collect();
    top_posts.sort_by(|a, b| b.clicks.cmp(&a.clicks).then_with(|| a.slug.cmp(&b.slug)));
    top_posts.truncate(TOP);
    let today = now.to_zoned_datetime(zone.clone()).date();
    let week_start = today.checked_sub(6.days()).unwrap_or(today);
    let week_rows = analytics
        .rows
        .iter()
        .filter(|r| r.within(week_start, today));
    ImpactPage {
        clicks: crate::analytics::total(analytics.rows.iter().map(|r| r.clicks)),
        rows: analytics.rows.len(),
        rows_left_out: analytics.rows_left_out,
        by_campaign: sorted(by_campaign),
        by_network: sorted(by_network),
        top_posts,
        chart_svg: chart(&analytics.rows),
        first_day: analytics.first_day().map(|d| d.to_string()),
        last_day: analytics.last_day().map(|d| d.to_string()),
        sources: analytics.sources.iter().copied().collect(),
        undated_clicks: analytics.undated_clicks(),
        leaderboard,
        week: if leaderboard {
            advocates(week_rows)
        } else {
            Vec::new()
        },
        all_time: if leaderboard {
            advocates(analytics.rows.iter())
        } else {
            Vec::new()
        },
    }
}

fn sorted(sums: BTreeMap<String, u64>) -> Vec<(String, u64)> {
    let mut list: Vec<(String, u64)> = sums.into_iter().collect();
    list.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    list
}

/// Codes employees chose themselves, ranked; an employee who set none never
/// appears.
fn advocates<'a>(rows: impl Iterator<Item = &'a Row>) -> Vec<Advocate> {
    let mut clicks: BTreeMap<&str, u64> = BTreeMap::new();
    let mut networks: BTreeMap<&str, BTreeSet<crate::network::Network>> = BTreeMap::new();
    for row in rows {
        let Some(code) = row.advocate.as_deref() else {
            continue;
        };
        crate::analytics::add(clicks.entry(code).or_default(), row.clicks);
        networks.entry(code).or_default().extend(row.network);
    }
    let mut list: Vec<Advocate> = clicks
        .into_iter()
        .map(|(code, clicks)| Advocate {
            code: code.to_string(),
            clicks,
            badges: badges(clicks, networks[code].len()),
        })
        .collect();
    list.sort_by(|a, b| b.clicks.cmp(&a.clicks).then_with(|| a.code.cmp(&b.code)));
    list.truncate(TOP);
    list
}

/// One employee's own figures, for the "Me" page: `impact/codes/CODE.json`.
/// Codes are already public on the leaderboard; this file says nothing the
/// leaderboard and the exports do not.
#[derive(Serialize)]
pub(crate) struct MyImpact {
    pub(crate) code: String,
    /// Clicks in the last seven days, and in all.
    pub(crate) week: u64,
    pub(crate) all_time: u64,
    /// The post whose links of this code were clicked most (its page, when
    /// it is still live).
    pub(crate) best: Option<TopPost>,
    pub(crate) badges: Vec<&'static str>,
    /// The last day the exports count.
    pub(crate) last_day: Option<String>,
}

/// The characters of a personal code, as a regular expression's class.
/// The hyphen is escaped: browsers read an input's `pattern` with the `v`
/// flag, where a bare `-` at a class's end makes the pattern invalid, and
/// an invalid pattern checks nothing.
const CODE_CLASS: &str = r"a-z0-9\-";

/// A personal code as a regular expression (`[a-z0-9\-]{1,20}`): the rule
/// of [`is_code`], handed to the pages' code field and script so that the
/// browser takes the codes this build makes files for.
pub(crate) fn code_pattern() -> String {
    format!("[{CODE_CLASS}]{{1,{}}}", crate::policy::ADVOCATE_CODE_MAX)
}

/// Every code's own figures, by code.
pub(crate) fn by_code(
    views: &[PostView],
    analytics: &Analytics,
    now: Timestamp,
    zone: &jiff::tz::TimeZone,
) -> Vec<MyImpact> {
    let today = now.to_zoned_datetime(zone.clone()).date();
    let week_start = today.checked_sub(6.days()).unwrap_or(today);
    let last_day = analytics.last_day().map(|d| d.to_string());
    #[derive(Default)]
    struct Sums<'a> {
        week: u64,
        all_time: u64,
        posts: BTreeMap<&'a str, u64>,
        networks: BTreeSet<crate::network::Network>,
    }
    let mut codes: BTreeMap<&str, Sums> = BTreeMap::new();
    for row in &analytics.rows {
        let Some(code) = row.advocate.as_deref().filter(|c| is_code(c)) else {
            continue;
        };
        let sums = codes.entry(code).or_default();
        crate::analytics::add(&mut sums.all_time, row.clicks);
        if row.within(week_start, today) {
            crate::analytics::add(&mut sums.week, row.clicks);
        }
        crate::analytics::add(sums.posts.entry(&row.post_id).or_default(), row.clicks);
        sums.networks.extend(row.network);
    }
    // Each code's best post is looked up by id, once per code.
    let by_id: std::collections::HashMap<&str, &PostView> =
        views.iter().map(|v| (v.id.as_str(), v)).collect();
    codes
        .into_iter()
        .map(|(code, sums)| {
            let best = sums
                .posts
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                .map(|(id, clicks)| {
                    let view = by_id.get(id).copied();
                    TopPost {
                        slug: view.map(|v| v.slug.clone()).unwrap_or_default(),
                        title: view.map_or_else(|| id.to_string(), |v| v.title.clone()),
                        clicks: *clicks,
                    }
                });
            MyImpact {
                code: code.to_string(),
                week: sums.week,
                all_time: sums.all_time,
                best,
                badges: badges(sums.all_time, sums.networks.len()),
                last_day: last_day.clone(),
            }
        })
        .collect()
}

/// A post's clicks per day live on `today`, in thousandths: its clicks
/// over the days since it went live (since the exports' first day, for a
/// post with no `publish_at`), one day at least.
pub(crate) fn clicks_per_day(
    view: &PostView,
    today: jiff::civil::Date,
    first_export: Option<jiff::civil::Date>,
    zone: &jiff::tz::TimeZone,
) -> u64 {
    let clicks = view.impact.as_ref().map_or(0, |p| p.clicks);
    let since = view
        .publish_at
        .map(|p| p.to_zoned_datetime(zone.clone()).date())
        .or(first_export)
        .unwrap_or(today);
    let days = (today - since).get_days().max(0) as u64 + 1;
    clicks.saturating_mul(1000) / days
}

/// Milestones: first click, 10 and 100 clicks, shared on three networks.
pub(crate) fn badges(clicks: u64, networks: usize) -> Vec<&'static str> {
    let mut badges = Vec::new();
    for (threshold, badge) in [(1, "first_click"), (10, "clicks_10"), (100, "clicks_100")] {
        if clicks >= threshold {
            badges.push(badge);
        }
    }
    if networks >= 3 {
        badges.push("networks_3");
    }
    badges
}

/// Clicks per day as bars, with the first and last dates as labels.
fn chart(rows: &[Row]) -> String {
    let by_day = rows.iter().fold(BTreeMap::new(), |mut days, row| {
        if let Some(date) = row.date {
            crate::analytics::add(days.entry(date).or_insert(0u64), row.clicks);
        }
        days
    });
    let (Some((first, _)), Some((last, _))) = (by_day.first_key_value(), by_day.last_key_value())
    else {
        return String::new();
    };
    let span = (*last - *first).get_days().max(0) as usize + 1;
    let max = by_day.values().copied().max().unwrap_or(1).max(1);
    let (width, height, bar_area) = (600.0, 160.0, 130.0);
    let bar = width / span as f64;
    let mut svg = format!(
        "<svg class=\"chart\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-labelledby=\"chart-caption\" xmlns=\"http://www.w3.org/2000/svg\">"
    );
    for (date, clicks) in &by_day {
        let day = (*date - *first).get_days() as f64;
        let h = bar_area * *clicks as f64 / max as f64;
        svg.push_str(&format!(
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\"><title>{date}: {clicks}</title></rect>",
            day * bar + bar * 0.1,
            bar_area - h,
            (bar * 0.8).max(1.0),
            h
        ));
    }
    svg.push_str(&format!(
        "<text x=\"0\" y=\"155\">{first}</text><text x=\"{width}\" y=\"155\" text-anchor=\"end\">{last}</text></svg>"
    ));
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_personal_codes_get_a_file() {
        let cases = [
            ("jane-doe", true),
            ("kenji2", true),
            ("", false),
            ("Jane", false),
            ("../etc", false),
            ("a/b", false),
            ("abcdefghijklmnopqrstu", false),
            ("田中", false),
        ];
        for (code, expected) in cases {
            assert_eq!(is_code(code), expected, "{code}");
        }
        // The pattern the browser gets holds the same characters.
        let in_class = |c: char| {
            let ranges: Vec<char> = CODE_CLASS.replace(r"\-", "").chars().collect();
            ranges.chunks(3).any(|r| (r[0]..=r[2]).contains(&c))
                || (c == '-' && CODE_CLASS.contains(r"\-"))
        };
        for c in (0u8..128).map(char::from) {
            assert_eq!(is_code(&c.to_string()), in_class(c), "{c:?}");
        }
        assert_eq!(code_pattern(), r"[a-z0-9\-]{1,20}");
    }

    #[test]
    fn badges_mark_milestones() {
        assert_eq!(badges(0, 1), Vec::<&str>::new());
        assert_eq!(badges(1, 1), vec!["first_click"]);
        assert_eq!(
            badges(120, 3),
            vec!["first_click", "clicks_10", "clicks_100", "networks_3"]
        );
    }
}
