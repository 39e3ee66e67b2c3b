//! `advocate digest --since 7d`: what went live, what expires soon, and
//! what worked, for a note to employees. One model (`model.rs`), one file
//! per format: Markdown, e-mail-safe HTML, plain text, a complete e-mail,
//! and a message for each chat tool (Slack, Microsoft Teams, Google Chat,
//! Chatwork, LINE WORKS), each escaped for that tool's markup.

mod chatwork;
pub(crate) mod email;
mod google_chat;
mod html;
mod line_works;
mod markdown;
mod model;
mod slack;
mod teams;
mod text;

pub(crate) use email::Mail;
pub(crate) use model::Kind;

use crate::analytics::Analytics;
use crate::error::Error;
use crate::project::Project;
use crate::site::model::{Selection, live_views};
use crate::site::urls::SiteUrls;
use jiff::Timestamp;
use model::{Digest, Inputs};

/// The digest's formats. A new one is a variant here, its arm in
/// [`render`], and its file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum DigestFormat {
    /// Markdown, for chat tools and e-mail clients that render it.
    Markdown,
    /// E-mail-safe HTML.
    Html,
    /// Plain text.
    Text,
    /// A complete e-mail (MIME, text and HTML), for `sendmail -t`; needs --mail-from and --mail-to.
    Email,
    /// Slack Block Kit JSON, for an incoming webhook.
    Slack,
    /// A Microsoft Teams message with an Adaptive Card, for a Workflows webhook.
    Teams,
    /// A Google Chat card message, for an incoming webhook.
    GoogleChat,
    /// A Chatwork message body, for its API.
    Chatwork,
    /// A LINE WORKS message, for its Incoming Webhook app.
    LineWorks,
}

/// What to make: the period, the kind, the format, and an e-mail's
/// addresses.
pub(crate) struct Options<'a> {
    pub(crate) since: &'a str,
    pub(crate) kind: Kind,
    pub(crate) format: DigestFormat,
    pub(crate) mail: &'a Mail,
    /// The post ids a published portal lists (`notify --published`).
    pub(crate) published: Option<&'a std::collections::HashSet<String>>,
}

/// A digest of the period that starts at `since` (`7d`, `2w`, `24h` or a
/// date) and ends at the project's now, and how many posts it lists as
/// new.
pub(crate) fn digest(project: &Project, options: &Options) -> Result<(String, usize), Error> {
    let now = project.now();
    let policy = project.policy();
    let start = window_start(options.since, now, &policy.site.timezone).map_err(Error::Usage)?;
    let selection = Selection {
        now,
        drafts: false,
        future: false,
    };
    let views = live_views(project.posts().collect::<Vec<_>>(), policy, &selection);
    let urls = SiteUrls::new(&policy.site.base_url);
    let empty = Analytics::default();
    // In the site's language: the theme's strings for the pages' language.
    let strings = crate::site::theme::Theme::strings_for(
        project.root(),
        crate::site::interface::default_lang(&policy.site),
    );
    let inputs = Inputs {
        views: &views,
        policy,
        analytics: project.analytics().map_or(&empty, |a| a),
        start,
        now,
        urls: &urls,
        strings: &strings,
        published: options.published,
    };
    let digest = Digest::new(options.kind, &inputs);
    let text = render(&digest, options.format, options.mail, now)?;
    Ok((text, digest.new_posts.len()))
}

/// The digest in one format.
fn render(
    digest: &Digest,
    format: DigestFormat,
    mail: &Mail,
    now: Timestamp,
) -> Result<String, Error> {
    Ok(match format {
        DigestFormat::Markdown => markdown::render(digest),
        DigestFormat::Html => html::render(digest),
        DigestFormat::Text => text::render(digest),
        DigestFormat::Email => email::render(
            digest,
            mail,
            now,
            text::render(digest),
            html::render(digest),
        )?,
        DigestFormat::Slack => slack::render(digest),
        DigestFormat::Teams => teams::render(digest),
        DigestFormat::GoogleChat => google_chat::render(digest),
        DigestFormat::Chatwork => chatwork::render(digest),
        DigestFormat::LineWorks => line_works::render(digest),
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
