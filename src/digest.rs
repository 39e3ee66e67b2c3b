//! `advocate digest --since 7d`: what went live, what expires soon, and
//! what worked, for a weekly note to employees (Markdown, e-mail-safe HTML,
//! Slack Block Kit, plain text).

use crate::analytics::Analytics;
use crate::error::Error;
use crate::escape::markup as escape;
use crate::project::Project;
use crate::site::model::{PostView, Selection, live_views};
use crate::site::urls::SiteUrls;
use jiff::{Timestamp, ToSpan};
use serde_json::json;
use std::collections::BTreeMap;

const TOP: usize = 5;

/// The digest's formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum DigestFormat {
    /// Markdown, for chat tools and e-mail clients that render it.
    Markdown,
    /// E-mail-safe HTML.
    Html,
    /// Slack Block Kit JSON.
    Slack,
    /// Plain text.
    Text,
}

/// The digest of the period that starts at `since` (`7d`, `2w`, `24h` or a
/// date) and ends at the project's now.
pub(crate) fn digest(
    project: &Project,
    since: &str,
    format: DigestFormat,
) -> Result<String, Error> {
    let now = project.now();
    let policy = project.policy();
    let start = window_start(since, now, &policy.site.timezone).map_err(Error::Usage)?;
    let selection = Selection {
        now,
        drafts: false,
        future: false,
    };
    let views = live_views(project.posts().collect::<Vec<_>>(), policy, &selection);
    let urls = SiteUrls::new(&policy.site.base_url);
    let empty = Analytics::default();
    let analytics = project.analytics().map_or(&empty, |a| a);
    // In the site's language: the theme's strings for the pages' language.
    let strings = crate::site::theme::Theme::strings_for(
        project.root(),
        crate::site::interface::default_lang(&policy.site),
    );
    let digest = Digest::new(&views, policy, analytics, start, now, &urls, &strings);
    Ok(match format {
        DigestFormat::Markdown => digest.markdown(),
        DigestFormat::Html => digest.html(),
        DigestFormat::Slack => digest.slack(),
        DigestFormat::Text => digest.text(),
    })
}

/// A duration back from `now` (`7d`, `2 weeks`, `1week`, `24h`, `P7D`, read
/// by jiff's span parser, days and weeks counted on the site's calendar), or
/// a date (`2026-12-01`, from its start in the site's zone).
pub(crate) fn window_start(
    since: &str,
    now: Timestamp,
    zone: &jiff::tz::TimeZone,
) -> Result<Timestamp, String> {
    let since = since.trim();
    let how = "write a duration such as 7d, 2 weeks, 24h or P7D, or a date such as 2026-12-01";
    if let Ok(date) = since.parse::<jiff::civil::Date>() {
        return date
            .to_zoned_datetime(zone.clone())
            .map(|z| z.timestamp())
            .map_err(|e| format!("--since {since}: {e}"));
    }
    let span: jiff::Span = since
        .parse()
        .map_err(|e| format!("--since {since}: {e}; {how}"))?;
    if span.is_negative() || span.is_zero() {
        return Err(format!(
            "--since {since}: the period must be longer than zero; {how}"
        ));
    }
    now.to_zoned_datetime(zone.clone())
        .checked_sub(span)
        .map(|start| start.timestamp())
        .map_err(|_| format!("--since {since}: that reaches back further than the calendar goes; write a shorter period"))
}

struct Item {
    title: String,
    url: String,
    note: String,
}

struct Digest {
    title: String,
    new_posts: Vec<Item>,
    expiring: Vec<Item>,
    top: Vec<Item>,
    /// The section headings and their "nothing" lines, in the site's language.
    headings: [(String, String); 3],
    /// "{n} more not shown", for a Slack message that cannot hold them all.
    left_out: String,
}

/// Slack's limits for one message (Block Kit): characters in a section's
/// text, and blocks.
const SLACK_SECTION_CHARS: usize = 3000;
const SLACK_BLOCKS: usize = 50;

impl Digest {
    fn new(
        views: &[PostView],
        policy: &crate::policy::Policy,
        analytics: &Analytics,
        start: Timestamp,
        now: Timestamp,
        urls: &SiteUrls,
        strings: &BTreeMap<String, String>,
    ) -> Digest {
        let say = |key: &str| strings.get(key).cloned().unwrap_or_else(|| key.to_string());
        let date_format = strings
            .get("date_format")
            .map_or("%Y-%m-%d", String::as_str);
        let url = |v: &PostView| urls.absolute(&format!("posts/{}/", v.slug));
        let publish = |v: &PostView| v.publish_at;
        let expires = |v: &PostView| v.expires_at;
        let new_posts = views
            .iter()
            .filter(|v| publish(v).is_some_and(|p| p >= start && p <= now))
            .map(|v| Item {
                title: v.title.clone(),
                url: url(v),
                note: v.campaign.clone().unwrap_or_default(),
            })
            .collect();
        let soon = now
            .checked_add((policy.schedule.warn_expiring_within_days * 24).hours())
            .unwrap_or(now);
        let mut expiring: Vec<(&PostView, Timestamp)> = views
            .iter()
            .filter_map(|v| Some((v, expires(v)?)))
            .filter(|(_, e)| *e > now && *e <= soon)
            .collect();
        expiring.sort_by_key(|(_, e)| *e);
        let expiring = expiring
            .into_iter()
            .map(|(v, _)| Item {
                title: v.title.clone(),
                url: url(v),
                note: say("digest_until").replace(
                    "{date}",
                    &crate::site::theme::format_day(
                        v.expires_date.as_deref().unwrap_or_default(),
                        date_format,
                    ),
                ),
            })
            .collect();
        let zone = &policy.site.timezone;
        let first_day = start.to_zoned_datetime(zone.clone()).date();
        let last_day = now.to_zoned_datetime(zone.clone()).date();
        let mut clicks: BTreeMap<&str, u64> = BTreeMap::new();
        for row in analytics
            .rows
            .iter()
            .filter(|r| r.within(first_day, last_day))
        {
            crate::analytics::add(clicks.entry(row.post_id.as_str()).or_default(), row.clicks);
        }
        let mut ranked: Vec<(&str, u64)> = clicks.into_iter().filter(|(_, c)| *c > 0).collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        let top = ranked
            .into_iter()
            .filter_map(|(id, clicks)| {
                // Only what employees can still share.
                let view = views.iter().find(|v| v.id == id)?;
                Some(Item {
                    title: view.title.clone(),
                    url: url(view),
                    note: say("digest_clicks").replace("{n}", &clicks.to_string()),
                })
            })
            .take(TOP)
            .collect();
        Digest {
            title: say("digest_title").replace("{site}", &policy.site.title),
            new_posts,
            expiring,
            top,
            headings: [
                (say("digest_new"), say("digest_new_none")),
                (say("digest_expiring"), say("digest_expiring_none")),
                (say("digest_top"), say("digest_top_none")),
            ],
            left_out: say("digest_left_out"),
        }
    }

    fn sections(&self) -> [(&str, &[Item], &str); 3] {
        let [new, expiring, top] = &self.headings;
        [
            (&new.0, &self.new_posts, &new.1),
            (&expiring.0, &self.expiring, &expiring.1),
            (&top.0, &self.top, &top.1),
        ]
    }

    fn markdown(&self) -> String {
        let mut out = format!("# {}\n", crate::escape::markdown(&self.title));
        for (heading, items, none) in self.sections() {
            let (heading, none) = (
                crate::escape::markdown(heading),
                crate::escape::markdown(none),
            );
            out.push_str(&format!("\n## {heading}\n\n"));
            if items.is_empty() {
                out.push_str(&format!("{none}\n"));
            }
            for item in items {
                let title = crate::escape::markdown(&item.title);
                let note = if item.note.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", crate::escape::markdown(&item.note))
                };
                out.push_str(&format!("- [{title}]({}){note}\n", item.url));
            }
        }
        out
    }

    /// For a terminal or a plain-text message: nothing from a post can
    /// send the terminal an escape sequence.
    fn text(&self) -> String {
        let shown = crate::escape::terminal;
        let mut out = format!("{}\n", shown(&self.title));
        for (heading, items, none) in self.sections() {
            out.push_str(&format!("\n{heading}\n"));
            if items.is_empty() {
                out.push_str(&format!("  {none}\n"));
            }
            for item in items {
                let note = if item.note.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", shown(&item.note))
                };
                out.push_str(&format!(
                    "  - {}{note}\n    {}\n",
                    shown(&item.title),
                    shown(&item.url)
                ));
            }
        }
        out
    }

    /// For e-mail: tables and inline styles only.
    fn html(&self) -> String {
        let mut out = String::from(
            "<!doctype html>\n<html><body style=\"margin:0;padding:0;background:#f6f7f9\">\n<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" style=\"background:#f6f7f9\"><tr><td align=\"center\" style=\"padding:24px\">\n<table role=\"presentation\" width=\"600\" cellpadding=\"0\" cellspacing=\"0\" style=\"background:#ffffff;border:1px solid #d5d8dc;font-family:Arial,Helvetica,sans-serif;color:#1c1e21\">\n",
        );
        out.push_str(&format!(
            "<tr><td style=\"padding:20px 24px;font-size:22px;font-weight:bold\">{}</td></tr>\n",
            escape(&self.title)
        ));
        for (heading, items, none) in self.sections() {
            let (heading, none) = (escape(heading), escape(none));
            out.push_str(&format!("<tr><td style=\"padding:12px 24px 4px;font-size:17px;font-weight:bold\">{heading}</td></tr>\n"));
            if items.is_empty() {
                out.push_str(&format!(
                    "<tr><td style=\"padding:4px 24px;color:#55595f\">{none}</td></tr>\n"
                ));
            }
            for item in items {
                out.push_str(&format!(
                    "<tr><td style=\"padding:4px 24px\"><a href=\"{}\" style=\"color:#0b57d0\">{}</a> <span style=\"color:#55595f\">{}</span></td></tr>\n",
                    escape(&item.url),
                    escape(&item.title),
                    escape(&item.note)
                ));
            }
        }
        out.push_str("<tr><td style=\"padding:16px 24px\"></td></tr>\n</table>\n</td></tr></table>\n</body></html>\n");
        out
    }

    /// Slack Block Kit: a header, then each list in sections. A list too
    /// long for one section goes on in the next, split between items,
    /// never inside one; a message that would pass Slack's 50 blocks says
    /// how many items it left out.
    fn slack(&self) -> String {
        let mut blocks = vec![
            json!({"type": "header", "text": {"type": "plain_text", "text": truncate(&self.title, 150), "emoji": true}}),
        ];
        // Each section's text, with how many items it holds.
        let mut sections: Vec<(String, usize)> = Vec::new();
        for (heading, items, none) in self.sections() {
            let mut text = format!("*{}*", crate::escape::slack(heading));
            let mut held = 0;
            if items.is_empty() {
                text.push('\n');
                text.push_str(&crate::escape::slack(none));
            }
            for item in items {
                let line = slack_line(item);
                if text.chars().count() + 1 + line.chars().count() > SLACK_SECTION_CHARS {
                    sections.push((std::mem::take(&mut text), held));
                    held = 0;
                } else {
                    text.push('\n');
                }
                text.push_str(&line);
                held += 1;
            }
            sections.push((text, held));
        }
        let room = SLACK_BLOCKS - blocks.len();
        let kept = if sections.len() <= room {
            sections.len()
        } else {
            room - 1
        };
        let left_out: usize = sections[kept..].iter().map(|(_, n)| n).sum();
        for (text, _) in &sections[..kept] {
            blocks.push(json!({"type": "section", "text": {"type": "mrkdwn", "text": text}}));
        }
        if kept < sections.len() {
            let note = self.left_out.replace("{n}", &left_out.to_string());
            blocks.push(json!({"type": "section", "text": {"type": "mrkdwn", "text": crate::escape::slack(&note)}}));
        }
        let mut text = serde_json::to_string_pretty(&json!({"text": self.title, "blocks": blocks}))
            .expect("JSON serializes");
        text.push('\n');
        text
    }
}

/// One item as a Slack line, `• <URL|title> (note)`, at most a section
/// long: a long title is shortened, never the link.
fn slack_line(item: &Item) -> String {
    let note = if item.note.is_empty() {
        String::new()
    } else {
        format!(" ({})", crate::escape::slack(&item.note))
    };
    // Slack reads `|` and `>` in a link's address as its end.
    let url = crate::escape::slack(&item.url).replace('|', "%7C");
    let title = crate::escape::slack(&item.title);
    let fixed = url.chars().count() + note.chars().count() + 8;
    // The heading's line and a margin: a line always fits a section.
    let room = SLACK_SECTION_CHARS.saturating_sub(200 + fixed);
    if room < 10 {
        return truncate(&format!("• {title}{note}"), SLACK_SECTION_CHARS - 200);
    }
    format!("• <{url}|{}>{note}", truncate_escaped(&title, room))
}

/// `truncate` for escaped text: never cuts an entity (`&amp;`) in two.
fn truncate_escaped(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    if let Some(amp) = cut.rfind('&')
        && !cut[amp..].contains(';')
    {
        cut.truncate(amp);
    }
    format!("{cut}…")
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max - 1).collect();
    format!("{cut}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_windows() {
        let now: Timestamp = "2026-12-10T00:00:00Z".parse().unwrap();
        let zone = jiff::tz::TimeZone::UTC;
        let cases = [
            ("7d", "2026-12-03T00:00:00Z"),
            ("1w", "2026-12-03T00:00:00Z"),
            ("24h", "2026-12-09T00:00:00Z"),
            ("2026-12-01", "2026-12-01T00:00:00Z"),
            ("2 weeks", "2026-11-26T00:00:00Z"),
            ("1week", "2026-12-03T00:00:00Z"),
            ("P7D", "2026-12-03T00:00:00Z"),
            ("1 month", "2026-11-10T00:00:00Z"),
        ];
        for (since, expected) in cases {
            assert_eq!(
                window_start(since, now, &zone).unwrap().to_string(),
                expected,
                "{since}"
            );
        }
        for bad in [
            "soon",
            "999999999999999999w",
            "-7d",
            "0d",
            "99999y",
            "19998y",
        ] {
            let error = window_start(bad, now, &zone).unwrap_err();
            assert!(error.starts_with("--since "), "{bad}: {error}");
        }
    }
}
