//! Umami's breakdown report: `POST …/reports/breakdown` for each day
//! (from the site's midnight to the next), visits and visitors by each
//! tracked-link parameter. Umami Cloud (`https://api.umami.is/v1`) takes
//! the key in `x-umami-api-key`; a self-hosted Umami (`analytics.base_url`)
//! takes a login token as `Authorization: Bearer`.

use super::ask::{Answer, Ask, TOKEN_VARIABLE, failed, token};
use crate::error::Error;
use crate::http::{Http, Request};
use jiff::ToSpan;

const CLOUD: &str = "https://api.umami.is/v1";

/// The most rows Umami answers a breakdown with.
const MOST_ROWS: usize = 500;

pub(super) fn pull(http: &Http, ask: &Ask) -> Result<Answer, Error> {
    let token = token(
        "an Umami API key (Umami Cloud: Settings → API keys) or a self-hosted Umami's login token",
        "Umami",
    )?;
    let (url, header) = match ask.source.base_url.as_deref() {
        Some(base) => (
            format!("{base}/api/reports/breakdown"),
            ("Authorization", format!("Bearer {token}")),
        ),
        None => (
            format!("{CLOUD}/reports/breakdown"),
            ("x-umami-api-key", token.clone()),
        ),
    };
    let fields = ask
        .params
        .iter()
        .map(|key| {
            crate::analytics::umami::field(key).ok_or_else(|| {
                Error::Usage(format!(
                    "Umami has no field for the tracked links' `{key}`; carry the post, network and code in utm_content, utm_source and utm_term"
                ))
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut days = Vec::new();
    let mut notes = Vec::new();
    let mut rows = 0;
    let mut day = ask.first_day;
    while day <= ask.last_day {
        let start = day
            .to_zoned_datetime(ask.zone.clone())
            .map_err(|e| Error::Usage(e.to_string()))?;
        let end = start
            .checked_add(1.day())
            .and_then(|next| next.checked_sub(1.millisecond()))
            .map_err(|e| Error::Usage(e.to_string()))?;
        let body = serde_json::json!({
            "websiteId": ask.source.site,
            "type": "breakdown",
            "filters": {},
            "parameters": {
                "startDate": start.timestamp().to_string(),
                "endDate": end.timestamp().to_string(),
                "fields": fields,
            },
        });
        let request = Request::json_post_with(&url, header.clone(), &body).secret(&token);
        let bytes = http.send(&request).map_err(|f| {
            failed(
                "Umami",
                &format!("the breakdown of website {} for {day}", ask.source.site),
                f,
                &format!(
                    "check {TOKEN_VARIABLE} and that it may view website {}",
                    ask.source.site
                ),
            )
        })?;
        let answer: Vec<serde_json::Value> = serde_json::from_slice(&bytes).map_err(|_| {
            Error::Input(
                "analytics pull: Umami's answer is not a list of rows; the files in analytics/ are as they were".into(),
            )
        })?;
        if answer.len() >= MOST_ROWS {
            notes.push(format!(
                "Umami answered its most rows ({MOST_ROWS}) for {day}; that day's figures may be short"
            ));
        }
        rows += answer.len();
        days.push(serde_json::json!({"date": day.to_string(), "rows": answer}));
        day = match day.tomorrow() {
            Ok(next) => next,
            Err(_) => break,
        };
    }
    let json = serde_json::json!({"websiteId": ask.source.site, "days": days}).to_string();
    Ok(Answer { rows, json, notes })
}
