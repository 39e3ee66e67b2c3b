//! Plausible's Stats API v2: `POST BASE/api/v2/query` with the site, the
//! days, `visits` by day and by each tracked-link parameter, a page of
//! 10,000 results at a time; the key in `Authorization: Bearer`.

use super::ask::{Answer, Ask, MAX_ROWS, TOKEN_VARIABLE, failed, token};
use crate::error::Error;
use crate::http::{Http, Request};

const BASE: &str = "https://plausible.io";

/// Results per page: Plausible's largest.
const PAGE: usize = 10_000;

pub(super) fn pull(http: &Http, ask: &Ask) -> Result<Answer, Error> {
    let token = token("a Plausible API key (Settings → API keys)", "Plausible")?;
    let base = ask.source.base_url.as_deref().unwrap_or(BASE);
    let url = format!("{base}/api/v2/query");
    let mut dimensions = vec!["time:day".to_string()];
    dimensions.extend(ask.params.iter().map(|p| format!("visit:{p}")));
    let mut results: Vec<serde_json::Value> = Vec::new();
    let mut query = serde_json::Value::Null;
    loop {
        let body = serde_json::json!({
            "site_id": ask.source.site,
            "metrics": ["visits"],
            "date_range": [ask.first_day.to_string(), ask.last_day.to_string()],
            "dimensions": dimensions,
            "pagination": {"limit": PAGE, "offset": results.len()},
        });
        let request = Request::json_post(&url, &token, &body);
        let bytes = http.send(&request).map_err(|f| {
            failed(
                "Plausible",
                &format!("the query for {}", ask.source.site),
                f,
                &format!("check {TOKEN_VARIABLE} and that the key's account has the site"),
            )
        })?;
        let page: serde_json::Value = serde_json::from_slice(&bytes).map_err(|_| {
            Error::Input(
                "analytics pull: Plausible's answer is not JSON; the files in analytics/ are as they were".into(),
            )
        })?;
        let page_results = page["results"].as_array().cloned().unwrap_or_default();
        let full = page_results.len() == PAGE;
        if query.is_null() {
            query = page["query"].clone();
        }
        results.extend(page_results);
        if !full || results.len() >= MAX_ROWS {
            break;
        }
    }
    let rows = results.len();
    let json = serde_json::json!({"results": results, "meta": {}, "query": query}).to_string();
    Ok(Answer {
        rows,
        json,
        notes: Vec::new(),
    })
}
