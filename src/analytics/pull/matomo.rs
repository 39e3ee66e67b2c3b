//! Matomo's Reporting API: `POST BASE/index.php` with
//! `method=Live.getLastVisitsDetails` for the site's visits over the days
//! whose post parameter is set (a segment on it), 1,000 visits a page;
//! the auth token in the form's `token_auth`, never in the address. Each
//! visit is kept with its day and its campaign's values only.

use super::ask::{Answer, Ask, MAX_ROWS, TOKEN_VARIABLE, failed, token};
use crate::error::Error;
use crate::http::{Failure, Http, Request};

/// Visits per page.
const PAGE: usize = 1_000;

/// What each visit keeps.
const KEPT: [&str; 7] = [
    "idVisit",
    "serverDate",
    "campaignContent",
    "campaignKeyword",
    "campaignSource",
    "campaignMedium",
    "campaignName",
];

pub(super) fn pull(http: &Http, ask: &Ask) -> Result<Answer, Error> {
    let token = token(
        "a Matomo auth token (Administration → Personal → Security → Auth tokens)",
        "Matomo",
    )?;
    let base = ask.source.base_url.as_deref().ok_or_else(|| {
        Error::Usage("Matomo has no address of its own: set `analytics.base_url`".into())
    })?;
    let url = format!("{base}/index.php");
    let post_field = ask
        .params
        .first()
        .and_then(|key| crate::analytics::matomo::field(key))
        .ok_or_else(|| {
            Error::Usage(
                "Matomo breaks visits down by utm_content, utm_term, utm_source, utm_medium and utm_campaign; carry the post's id in one of them".into(),
            )
        })?;
    let segment = format!("{post_field}!=");
    let date = format!("{},{}", ask.first_day, ask.last_day);
    let mut visits: Vec<serde_json::Value> = Vec::new();
    loop {
        let offset = visits.len().to_string();
        let form = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("module", "API")
            .append_pair("method", "Live.getLastVisitsDetails")
            .append_pair("idSite", &ask.source.site)
            .append_pair("period", "range")
            .append_pair("date", &date)
            .append_pair("segment", &segment)
            .append_pair("doNotFetchActions", "1")
            .append_pair("filter_limit", &PAGE.to_string())
            .append_pair("filter_offset", &offset)
            .append_pair("filter_sort_order", "asc")
            .append_pair("format", "JSON")
            .append_pair("token_auth", &token)
            .finish();
        let request = Request::form_post(&url, form).secret(&token);
        let what = format!("the visits of site {}", ask.source.site);
        let fix = format!(
            "check {TOKEN_VARIABLE} and that its user may view site {}",
            ask.source.site
        );
        let bytes = http
            .send(&request)
            .map_err(|f| failed("Matomo", &what, f, &fix))?;
        let page: serde_json::Value = serde_json::from_slice(&bytes).map_err(|_| {
            Error::Input(
                "analytics pull: Matomo's answer is not JSON; the files in analytics/ are as they were".into(),
            )
        })?;
        // Matomo says a refused token or an unknown site with 200 and
        // `{"result": "error", "message": …}`.
        if page["result"] == "error" {
            let message = page["message"].as_str().unwrap_or("").to_string();
            return Err(failed("Matomo", &what, Failure::Status(403, message), &fix));
        }
        let Some(page) = page.as_array() else {
            return Err(Error::Input(
                "analytics pull: Matomo's answer is not a list of visits; the files in analytics/ are as they were".into(),
            ));
        };
        let full = page.len() == PAGE;
        visits.extend(page.iter().map(|visit| {
            let kept: serde_json::Map<String, serde_json::Value> = KEPT
                .iter()
                .filter_map(|key| Some((key.to_string(), visit.get(*key)?.clone())))
                .collect();
            serde_json::Value::Object(kept)
        }));
        if !full || visits.len() >= MAX_ROWS {
            break;
        }
    }
    let rows = visits.len();
    Ok(Answer {
        rows,
        json: serde_json::Value::Array(visits).to_string(),
        notes: Vec::new(),
    })
}
