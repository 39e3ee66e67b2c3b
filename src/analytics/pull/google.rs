//! Google Analytics 4's Data API: a service account's key file (the path
//! in `GOOGLE_APPLICATION_CREDENTIALS`) signs a token request as Google's
//! libraries do (a JWT, RS256, sent to the key file's own `token_uri`), and
//! the token asks `properties/SITE:runReport` for sessions by date and by
//! each tracked-link parameter, 100,000 rows a page.

use super::ask::{Answer, Ask, MAX_ROWS, failed};
use crate::error::Error;
use crate::http::{Http, Request};
use base64::Engine;
use rustls_pki_types::PrivatePkcs8KeyDer;
use rustls_pki_types::pem::PemObject;

const BASE: &str = "https://analyticsdata.googleapis.com";

/// The environment variable naming the service account's key file.
const KEY_VARIABLE: &str = "GOOGLE_APPLICATION_CREDENTIALS";

const SCOPE: &str = "https://www.googleapis.com/auth/analytics.readonly";

/// Rows per page.
const PAGE: u64 = 100_000;

#[derive(serde::Deserialize)]
struct Key {
    client_email: String,
    private_key: String,
    token_uri: String,
}

pub(super) fn pull(http: &Http, ask: &Ask) -> Result<Answer, Error> {
    let path = std::env::var_os(KEY_VARIABLE).ok_or_else(|| {
        Error::Usage(format!(
            "set {KEY_VARIABLE} to the path of a service account's key file (JSON) with access to the GA4 property"
        ))
    })?;
    let text = std::fs::read_to_string(&path).map_err(|e| Error::io("cannot read", &path, e))?;
    let key: Key = serde_json::from_str(&text).map_err(|_| {
        Error::Usage(format!(
            "{} is not a service account's key file: it needs client_email, private_key and token_uri",
            std::path::Path::new(&path).display()
        ))
    })?;
    let token = access_token(http, &key)?;
    let base = ask.source.base_url.as_deref().unwrap_or(BASE);
    let property = ask.source.site.trim_start_matches("properties/");
    let url = format!("{base}/v1beta/properties/{property}:runReport");
    let mut dimensions = vec![serde_json::json!({"name": "date"})];
    for param in &ask.params {
        let name = crate::analytics::ga4::api_dimension(param).ok_or_else(|| {
            Error::Usage(format!(
                "GA4 has no dimension for the tracked links' `{param}`; carry the post, network and code in utm_content, utm_source and utm_term"
            ))
        })?;
        dimensions.push(serde_json::json!({"name": name}));
    }
    let mut pages = Vec::new();
    let mut rows = 0;
    loop {
        let body = serde_json::json!({
            "dateRanges": [{"startDate": ask.first_day.to_string(), "endDate": ask.last_day.to_string()}],
            "dimensions": dimensions,
            "metrics": [{"name": "sessions"}],
            "limit": PAGE.to_string(),
            "offset": rows.to_string(),
            "keepEmptyRows": false,
        });
        let request = Request::json_post(&url, &token, &body);
        let bytes = http.send(&request).map_err(|f| {
            failed(
                "Google Analytics",
                &format!("the report of property {property}"),
                f,
                "give the service account Viewer access to the property",
            )
        })?;
        let page: serde_json::Value = serde_json::from_slice(&bytes).map_err(|_| {
            Error::Input(
                "analytics pull: Google Analytics' answer is not JSON; the files in analytics/ are as they were".into(),
            )
        })?;
        let count = page["rows"].as_array().map_or(0, Vec::len) as u64;
        let total = page["rowCount"].as_u64().unwrap_or(0);
        rows += count;
        pages.push(page);
        if count == 0 || rows >= total || rows as usize >= MAX_ROWS {
            break;
        }
    }
    Ok(Answer {
        rows: rows as usize,
        json: serde_json::Value::Array(pages).to_string(),
        notes: Vec::new(),
    })
}

/// An access token for the key: a JWT signed with its private key,
/// exchanged at its `token_uri`.
fn access_token(http: &Http, key: &Key) -> Result<String, Error> {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let assertion = signed_jwt(key, now)?;
    let form = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer")
        .append_pair("assertion", &assertion)
        .finish();
    let request = Request::form_post(&key.token_uri, form).secret(&assertion);
    let bytes = http.send(&request).map_err(|f| {
        failed(
            "Google's token service",
            &format!("the key of {}", key.client_email),
            f,
            "the key may be revoked: make a new one for the service account",
        )
    })?;
    let answer: serde_json::Value = serde_json::from_slice(&bytes).unwrap_or_default();
    answer["access_token"]
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| {
            Error::Input(
                "analytics pull: Google's token service answered without an access_token; the files in analytics/ are as they were".into(),
            )
        })
}

/// `header.claims.signature`, RS256 with the key's PKCS#8 private key
/// (its PEM read by `rustls-pki-types`, already in the tree for rustls).
fn signed_jwt(key: &Key, now: u64) -> Result<String, Error> {
    let b64 = |bytes: &[u8]| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let header = b64(br#"{"alg":"RS256","typ":"JWT"}"#);
    let claims = b64(serde_json::json!({
        "iss": key.client_email,
        "scope": SCOPE,
        "aud": key.token_uri,
        "iat": now,
        "exp": now + 3600,
    })
    .to_string()
    .as_bytes());
    let message = format!("{header}.{claims}");
    let bad_key = || {
        Error::Usage(format!(
            "the private_key of {}'s key file is not an RSA key in PKCS#8 PEM",
            key.client_email
        ))
    };
    let der =
        PrivatePkcs8KeyDer::from_pem_slice(key.private_key.as_bytes()).map_err(|_| bad_key())?;
    let pair =
        ring::signature::RsaKeyPair::from_pkcs8(der.secret_pkcs8_der()).map_err(|_| bad_key())?;
    let mut signature = vec![0; pair.public().modulus_len()];
    pair.sign(
        &ring::signature::RSA_PKCS1_SHA256,
        &ring::rand::SystemRandom::new(),
        message.as_bytes(),
        &mut signature,
    )
    .map_err(|_| bad_key())?;
    Ok(format!("{message}.{}", b64(&signature)))
}
