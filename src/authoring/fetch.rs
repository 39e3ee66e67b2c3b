//! Documents from the web (a feed, an article), read with `ureq` over
//! rustls: https and http, redirects followed (at most five), the proxy
//! the environment names (`HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY`,
//! `NO_PROXY`), a time limit and a size cap.

use crate::error::Error;
use std::time::Duration;

/// The most a document may weigh: a feed or a page, never a download.
const MAX_BYTES: u64 = 20 * 1024 * 1024;

/// Whether `source` names a web address rather than a file.
pub(crate) fn is_url(source: &str) -> bool {
    let lower = source.trim_start().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// The bytes at `url`, asking for `accept`.
pub(crate) fn fetch(url: &str, accept: &str) -> Result<Vec<u8>, Error> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .max_redirects(5)
        .timeout_global(Some(Duration::from_secs(30)))
        .user_agent(concat!("advocate/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let fail = |e: ureq::Error| {
        let why = match e {
            ureq::Error::StatusCode(code) => format!("the server answered {code}"),
            ureq::Error::TooManyRedirects => "more than five redirects".to_string(),
            ureq::Error::Timeout(_) => "no answer within 30 seconds".to_string(),
            ureq::Error::BodyExceedsLimit(_) => {
                format!("it is larger than {} MB", MAX_BYTES / 1024 / 1024)
            }
            other => other.to_string(),
        };
        Error::Input(format!("cannot fetch {url}: {why}"))
    };
    let mut response = agent
        .get(url)
        .header("Accept", accept)
        .call()
        .map_err(fail)?;
    response
        .body_mut()
        .with_config()
        .limit(MAX_BYTES)
        .read_to_vec()
        .map_err(fail)
}
