//! What every puller shares: what it is asked, what it answers, and how a
//! failed request is said.

use crate::error::Error;
use crate::policy::AnalyticsSource;
use jiff::civil::Date;

/// The environment variable that holds an API token (Plausible, Matomo,
/// Umami).
pub(crate) const TOKEN_VARIABLE: &str = "ADVOCATE_ANALYTICS_TOKEN";

/// The most rows one pull takes, whatever a product says it has: far past
/// any real report, and a bound on an answer that never ends.
pub(crate) const MAX_ROWS: usize = 10_000_000;

/// What a pull asks for: the site, the days, the tracked links'
/// parameters that say the post, the network and the code.
pub(crate) struct Ask<'a> {
    pub(crate) source: &'a AnalyticsSource,
    pub(crate) first_day: Date,
    pub(crate) last_day: Date,
    /// `utm_content`, `utm_source`, `utm_term`, …: the post's first.
    pub(crate) params: Vec<String>,
    /// The site's time zone, where its days begin.
    pub(crate) zone: jiff::tz::TimeZone,
}

/// A product's answer for the days asked, as the file to write.
pub(crate) struct Answer {
    pub(crate) rows: usize,
    pub(crate) json: String,
    /// What the user should know of the answer (a day cut short).
    pub(crate) notes: Vec<String>,
}

/// The API token from [`TOKEN_VARIABLE`]; `what` says what it must be
/// (`a Plausible API key (Settings → API keys)`).
pub(crate) fn token(what: &str, product: &str) -> Result<String, Error> {
    std::env::var(TOKEN_VARIABLE)
        .ok()
        .filter(|t| !t.trim().is_empty())
        .ok_or_else(|| {
            Error::Usage(format!(
                "set {TOKEN_VARIABLE} to {what} to pull from {product}"
            ))
        })
}

/// The error for a failed request: said in the product's terms, with the
/// fix, and never the secret.
pub(crate) fn failed(label: &str, what: &str, failure: crate::http::Failure, fix: &str) -> Error {
    let why = match failure {
        crate::http::Failure::Status(code @ (401 | 403), said) => {
            format!("{label} refused {what} ({code}: {said}); {fix}")
        }
        crate::http::Failure::Status(code, said) => {
            format!("{label} answered {code} to {what}: {said}")
        }
        crate::http::Failure::Unreachable(why) => {
            format!("{label} could not be reached for {what}: {why}")
        }
    };
    Error::Input(format!(
        "analytics pull: {why}; the files in analytics/ are as they were"
    ))
}
