//! `advocate notify --to teams`: the digest (or, with `--new`, the posts
//! that went live in the period) posted where employees work. Each chat
//! tool is one entry of [`TARGETS`]: the digest format it takes, the
//! environment variable that holds its webhook's address or its token, and
//! how the request is made. One request (with the retries `crate::http`
//! allows); a refusal is exit 2, and the secret is never printed.

mod published;

pub(crate) use published::ids as published_ids;

use crate::digest::DigestFormat;
use crate::error::Error;
use crate::http::{Failure, Http, Request};

/// How a tool takes a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum How {
    /// `POST` the JSON to the webhook's address, which is the secret.
    Webhook,
    /// Chatwork's API: `POST {API}/rooms/{room}/messages`, the token in
    /// `x-chatworktoken`, the message as the form's `body`.
    Chatwork,
}

/// One chat tool advocate posts to.
pub(crate) struct Target {
    /// Its name for `--to`.
    pub(crate) name: &'static str,
    pub(crate) label: &'static str,
    pub(crate) format: DigestFormat,
    /// The environment variable with the webhook's address (or the token).
    pub(crate) secret: &'static str,
    how: How,
}

pub(crate) const TARGETS: &[Target] = &[
    Target {
        name: "slack",
        label: "Slack",
        format: DigestFormat::Slack,
        secret: "ADVOCATE_SLACK_WEBHOOK_URL",
        how: How::Webhook,
    },
    Target {
        name: "teams",
        label: "Microsoft Teams",
        format: DigestFormat::Teams,
        secret: "ADVOCATE_TEAMS_WEBHOOK_URL",
        how: How::Webhook,
    },
    Target {
        name: "google-chat",
        label: "Google Chat",
        format: DigestFormat::GoogleChat,
        secret: "ADVOCATE_GOOGLE_CHAT_WEBHOOK_URL",
        how: How::Webhook,
    },
    Target {
        name: "chatwork",
        label: "Chatwork",
        format: DigestFormat::Chatwork,
        secret: "ADVOCATE_CHATWORK_TOKEN",
        how: How::Chatwork,
    },
    Target {
        name: "line-works",
        label: "LINE WORKS",
        format: DigestFormat::LineWorks,
        secret: "ADVOCATE_LINE_WORKS_WEBHOOK_URL",
        how: How::Webhook,
    },
];

/// The room Chatwork posts to (its id, from the room's address: `#!rid…`).
pub(crate) const CHATWORK_ROOM: &str = "ADVOCATE_CHATWORK_ROOM";

/// Chatwork's API, unless a proxy stands in for it.
pub(crate) const CHATWORK_API: &str = "ADVOCATE_CHATWORK_API_URL";
const CHATWORK_DEFAULT_API: &str = "https://api.chatwork.com/v2";

/// The names `--to` takes.
pub(crate) fn names() -> impl Iterator<Item = &'static str> {
    TARGETS.iter().map(|t| t.name)
}

pub(crate) fn target(name: &str) -> Option<&'static Target> {
    TARGETS.iter().find(|t| t.name == name)
}

/// What the environment gives for `target`: its secret, and Chatwork's
/// room and API.
pub(crate) struct Settings {
    pub(crate) secret: String,
    pub(crate) room: Option<String>,
    pub(crate) api: Option<String>,
}

impl Settings {
    pub(crate) fn from_env(target: &Target) -> Result<Settings, Error> {
        let secret = std::env::var(target.secret)
            .ok()
            .filter(|s| !s.trim().is_empty())
            .ok_or_else(|| {
                Error::Usage(format!(
                    "set {} to post to {} (docs/notify.md)",
                    target.secret, target.label
                ))
            })?;
        Ok(Settings {
            secret: secret.trim().to_string(),
            room: std::env::var(CHATWORK_ROOM).ok(),
            api: std::env::var(CHATWORK_API).ok(),
        })
    }
}

/// Whether `address` may carry a message: `https://`, or `http://` to this
/// machine only (a local relay, a test).
pub(crate) fn is_postable(address: &str) -> bool {
    let Ok(url) = url::Url::parse(address) else {
        return false;
    };
    match url.scheme() {
        "https" => url.host().is_some(),
        "http" => matches!(url.host_str(), Some("127.0.0.1" | "localhost" | "[::1]")),
        _ => false,
    }
}

/// Where the message goes: the webhook's address, or Chatwork's room.
fn address(target: &Target, settings: &Settings) -> Result<String, Error> {
    match target.how {
        How::Webhook => {
            if !is_postable(&settings.secret) {
                return Err(Error::Usage(format!(
                    "{} is not a webhook's https:// address; copy it again from {}",
                    target.secret, target.label
                )));
            }
            Ok(settings.secret.clone())
        }
        How::Chatwork => {
            let room = settings
                .room
                .as_deref()
                .map(str::trim)
                .filter(|r| !r.is_empty() && r.bytes().all(|b| b.is_ascii_digit()))
                .ok_or_else(|| {
                    Error::Usage(format!(
                        "set {CHATWORK_ROOM} to the room's id (the digits after #!rid in its address)"
                    ))
                })?;
            let api = settings
                .api
                .as_deref()
                .unwrap_or(CHATWORK_DEFAULT_API)
                .trim_end_matches('/');
            if !is_postable(api) {
                return Err(Error::Usage(format!(
                    "{CHATWORK_API} must be an https:// address"
                )));
            }
            Ok(format!("{api}/rooms/{room}/messages"))
        }
    }
}

/// The request that posts `payload` (the digest in the target's format)
/// to `url`.
fn request<'a>(target: &Target, settings: &Settings, url: &'a str, payload: &str) -> Request<'a> {
    match target.how {
        How::Webhook => Request {
            post: true,
            url,
            headers: vec![("Content-Type", "application/json; charset=utf-8".into())],
            body: payload.as_bytes().to_vec(),
            // The address is the secret.
            secrets: vec![settings.secret.clone()],
        },
        How::Chatwork => {
            let form = url::form_urlencoded::Serializer::new(String::new())
                .append_pair("body", payload)
                .finish();
            let mut request = Request::form_post(url, form).secret(&settings.secret);
            request
                .headers
                .push(("x-chatworktoken", settings.secret.clone()));
            request
        }
    }
}

/// Posts `payload` to `target`.
pub(crate) fn post(target: &Target, settings: &Settings, payload: &str) -> Result<(), Error> {
    let url = address(target, settings)?;
    let request = request(target, settings, &url, payload);
    Http::new().send(&request).map(|_| ()).map_err(|failure| {
        let why = match failure {
            Failure::Status(code @ (400 | 401 | 403 | 404 | 410), said) => format!(
                "{} refused the message ({code}: {said}); check {}",
                target.label, target.secret
            ),
            Failure::Status(code, said) => format!("{} answered {code}: {said}", target.label),
            Failure::Unreachable(why) => format!("{} could not be reached: {why}", target.label),
        };
        Error::Input(format!("notify: {why}; nothing was posted"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_target_has_its_own_format_and_variable() {
        for (i, a) in TARGETS.iter().enumerate() {
            for b in &TARGETS[i + 1..] {
                assert_ne!(a.name, b.name);
                assert_ne!(a.secret, b.secret);
                assert_ne!(a.format, b.format);
            }
            assert!(a.secret.starts_with("ADVOCATE_"));
        }
    }

    #[test]
    fn only_https_or_this_machine_is_posted_to() {
        assert!(is_postable("https://hooks.slack.com/services/T/B/x"));
        assert!(is_postable("http://127.0.0.1:8080/hook"));
        for bad in [
            "http://hooks.slack.com/services/x",
            "file:///etc/passwd",
            "hooks.slack.com/services",
            "javascript:alert(1)",
            "",
        ] {
            assert!(!is_postable(bad), "{bad}");
        }
    }
}
