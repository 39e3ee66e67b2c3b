//! Asking a product's API (an analytics product's, a chat tool's): `ureq`
//! over rustls, the proxy the environment names, a time limit and a size
//! cap per answer; a 429 waited out as its `Retry-After` says, a 5xx or a
//! dropped connection tried again after 1, 2 and 4 seconds. The caller
//! gives what to send and names its secrets (a key, a token, a webhook's
//! address); no failure's message holds one, even if the product echoes it.

use std::time::Duration;

/// The most one answer may weigh.
const MAX_BYTES: u64 = 64 * 1024 * 1024;

/// Tries of one request, the first included.
const TRIES: u32 = 4;

/// The longest `Retry-After` waited out.
const MAX_WAIT: Duration = Duration::from_secs(60);

/// Why a request failed for good.
#[derive(Debug)]
pub(crate) enum Failure {
    /// The product answered with this status (4xx, or 5xx every time) and
    /// the start of its message.
    Status(u16, String),
    /// No answer: the address, the network or the time limit.
    Unreachable(String),
}

pub(crate) struct Http {
    agent: ureq::Agent,
}

/// One request to make: its method, address, headers and body, and the
/// secrets in them.
pub(crate) struct Request<'a> {
    pub(crate) post: bool,
    pub(crate) url: &'a str,
    pub(crate) headers: Vec<(&'static str, String)>,
    pub(crate) body: Vec<u8>,
    /// What no message may show: keys, tokens, a webhook's address.
    pub(crate) secrets: Vec<String>,
}

impl<'a> Request<'a> {
    /// A JSON query posted with a bearer token.
    pub(crate) fn json_post(url: &'a str, token: &str, body: &serde_json::Value) -> Request<'a> {
        Request::json_post_with(url, ("Authorization", format!("Bearer {token}")), body)
            .secret(token)
    }

    /// Names one more secret of the request.
    pub(crate) fn secret(mut self, secret: &str) -> Request<'a> {
        self.secrets.push(secret.to_string());
        self
    }

    /// A JSON query posted with the key in a header of the product's own.
    pub(crate) fn json_post_with(
        url: &'a str,
        key: (&'static str, String),
        body: &serde_json::Value,
    ) -> Request<'a> {
        Request {
            post: true,
            url,
            headers: vec![
                key.clone(),
                ("Content-Type", "application/json".into()),
                ("Accept", "application/json".into()),
            ],
            body: body.to_string().into_bytes(),
            secrets: vec![key.1],
        }
    }
}

impl<'a> Request<'a> {
    /// A form posted (`application/x-www-form-urlencoded`), its secret in
    /// the body rather than the address.
    pub(crate) fn form_post(url: &'a str, form: String) -> Request<'a> {
        Request {
            post: true,
            url,
            headers: vec![
                ("Content-Type", "application/x-www-form-urlencoded".into()),
                ("Accept", "application/json".into()),
            ],
            body: form.into_bytes(),
            secrets: Vec::new(),
        }
    }
}

impl Http {
    pub(crate) fn new() -> Http {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(3)
            .timeout_global(Some(Duration::from_secs(60)))
            .user_agent(concat!("advocate/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Http { agent }
    }

    /// The answer's body, after the retries a 429 or a 5xx allow.
    pub(crate) fn send(&self, request: &Request) -> Result<Vec<u8>, Failure> {
        let mut backoff = Duration::from_secs(1);
        for attempt in 1..=TRIES {
            let last = attempt == TRIES;
            let answer = self.once(request);
            let wait = match &answer {
                Ok((status, _, _)) if (200..300).contains(status) => None,
                Ok((429, retry_after, _)) => Some(retry_after.unwrap_or(backoff).min(MAX_WAIT)),
                Ok((status, _, _)) if *status >= 500 => Some(backoff),
                Ok(_) => None,
                Err(_) => Some(backoff),
            };
            match (wait, last) {
                (Some(wait), false) => {
                    std::thread::sleep(wait);
                    backoff *= 2;
                }
                _ => {
                    return match answer {
                        Ok((status, _, body)) if (200..300).contains(&status) => Ok(body),
                        Ok((status, _, body)) => Err(Failure::Status(
                            status,
                            shown(&String::from_utf8_lossy(&body), request),
                        )),
                        Err(why) => Err(Failure::Unreachable(shown(&why, request))),
                    };
                }
            }
        }
        Err(Failure::Unreachable("no answer".into()))
    }

    /// One try: the status, what `Retry-After` asks for, the body.
    fn once(&self, request: &Request) -> Result<(u16, Option<Duration>, Vec<u8>), String> {
        let answer = if request.post {
            let mut builder = self.agent.post(request.url);
            for (name, value) in &request.headers {
                builder = builder.header(*name, value);
            }
            builder.send(&request.body[..])
        } else {
            let mut builder = self.agent.get(request.url);
            for (name, value) in &request.headers {
                builder = builder.header(*name, value);
            }
            builder.call()
        };
        let mut response = answer.map_err(|e| match e {
            ureq::Error::Timeout(_) => "no answer within 60 seconds".to_string(),
            other => other.to_string(),
        })?;
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let body = response
            .body_mut()
            .with_config()
            .limit(MAX_BYTES)
            .read_to_vec()
            .map_err(|e| format!("the answer could not be read: {e}"))?;
        Ok((status, retry_after, body))
    }
}

/// The start of what a product said (or why it could not be asked), for a
/// message: each of the request's secrets hidden first, then shortened and
/// made inert.
fn shown(text: &str, request: &Request) -> String {
    let mut text = text.to_string();
    for secret in &request.secrets {
        for piece in pieces(secret) {
            text = text.replace(&piece, "[secret]");
        }
    }
    crate::escape::shortened(&text, 200)
}

/// A secret and the parts of it a message could quote alone: a webhook's
/// path and query, and each of their long segments.
fn pieces(secret: &str) -> Vec<String> {
    let mut pieces = vec![secret.to_string()];
    if let Ok(url) = url::Url::parse(secret)
        && url.has_host()
    {
        let path = url.path();
        let query = url.query().unwrap_or("");
        pieces.extend([path, query].map(str::to_string));
        pieces.extend(
            path.split('/')
                .chain(query.split(['&', '=']))
                .map(str::to_string),
        );
    }
    // Longest first, so that a whole secret is hidden before its parts;
    // short pieces (`/`, `v1`) are no secret.
    pieces.retain(|p| p.chars().count() >= 6);
    pieces.sort_by_key(|p| std::cmp::Reverse(p.len()));
    pieces.dedup();
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_message_shows_a_secret_or_a_part_of_one() {
        let url = "https://hooks.example.com/services/T0001/B0002/XyZsecretPart?sig=abcdef123456";
        let request = Request {
            post: true,
            url,
            headers: Vec::new(),
            body: Vec::new(),
            secrets: vec![url.to_string(), "tok-123456".into()],
        };
        let said = shown(
            "invalid_token for /services/T0001/B0002/XyZsecretPart, sig=abcdef123456, host hooks.example.com, key tok-123456",
            &request,
        );
        for secret in ["XyZsecretPart", "abcdef123456", "tok-123456", "T0001/B0002"] {
            assert!(!said.contains(secret), "{secret} in {said}");
        }
        assert!(said.starts_with("invalid_token for [secret]"), "{said}");
        // A long echo is cut after the secrets are gone, never through one.
        let long = format!("{}{url}", "x".repeat(190));
        assert!(!shown(&long, &request).contains("hooks.example.com/serv"));
    }
}
