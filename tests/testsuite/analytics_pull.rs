//! `advocate analytics pull` against local servers that answer as each
//! product's API does: the right request (path, body, authorization),
//! pages followed, a 429 waited out, Google's token endpoint given a JWT
//! signed with a locally made RSA key, and a refused key a clear exit 2
//! that leaves the previous files as they were and never prints the
//! secret.

use crate::common;
use common::api::{Answer, Received};
use serde_json::{Value, json};
use std::path::Path;
use std::process::Output;

const NOW: &str = "2026-12-10T00:00:00Z";

/// The example with `analytics:` pointing at `base`.
fn example_pulling_from(source: &str, site: &str, base: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::copy_example(dir.path());
    let policy = std::fs::read_to_string(dir.path().join("policy.yaml")).unwrap();
    std::fs::write(
        dir.path().join("policy.yaml"),
        format!(
            "{policy}\nanalytics:\n  source: {source}\n  site: \"{site}\"\n  base_url: {base}\n"
        ),
    )
    .unwrap();
    dir
}

fn pull(root: &Path, env: &[(&str, &str)]) -> Output {
    common::command()
        .arg("--root")
        .arg(root)
        .args(["analytics", "pull", "--now", NOW])
        .envs(env.iter().copied())
        .output()
        .unwrap()
}

fn json_answer(status: u16, value: Value) -> Answer {
    (
        status,
        vec![("Content-Type", "application/json".into())],
        value.to_string().into_bytes(),
    )
}

/// The clicks the portal counts for the post `id` after a build.
fn clicks_of(root: &Path, id: &str) -> Value {
    let out = root.join("public");
    common::assert_success(&common::advocate(
        root,
        &["build", "--out", out.to_str().unwrap(), "--now", NOW],
    ));
    let posts = common::read_json(out.join("posts.json"));
    posts["posts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == id)
        .map(|p| p["impact"]["clicks"].clone())
        .unwrap_or(Value::Null)
}

#[test]
fn plausible_is_asked_page_by_page_and_a_429_is_waited_out() {
    let started = std::time::Instant::now();
    let asked = std::sync::atomic::AtomicUsize::new(0);
    let (base, log) = common::api::serve(move |request: &Received| {
        let offset = request.json()["pagination"]["offset"].as_u64().unwrap_or(0);
        if request.path != "/api/v2/query" {
            return json_answer(404, json!({"error": "not found"}));
        }
        // The first try is told to wait a second.
        if asked.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 0 {
            return (
                429,
                vec![("Retry-After", "1".into())],
                b"{\"error\": \"rate limited\"}".to_vec(),
            );
        }
        let count = if offset == 0 { 10_000 } else { 3 };
        let results: Vec<Value> = (0..count)
            .map(|i| json!({"metrics": [1], "dimensions": ["2026-12-01", "tokyo-office", if i % 2 == 0 { "x" } else { "linkedin" }, if i == 0 { "jane-doe" } else { "(none)" }]}))
            .collect();
        json_answer(
            200,
            json!({
                "results": results,
                "meta": {},
                "query": request.json().as_object().map(|q| {
                    let mut q = q.clone();
                    q.remove("pagination");
                    Value::Object(q)
                }).unwrap_or_default(),
            }),
        )
    });
    let dir = example_pulling_from("plausible", "www.example.com", &base);
    let output = pull(dir.path(), &[("ADVOCATE_ANALYTICS_TOKEN", "secret-token")]);
    common::assert_success(&output);
    assert!(
        common::stdout(&output).contains("pulled 10003 rows from Plausible (2026-09-12 to 2026-12-10) into analytics/plausible.json"),
        "{}",
        common::stdout(&output)
    );
    let requests = log.lock().unwrap().clone();
    assert_eq!(requests.len(), 3, "a 429, then two pages");
    for request in &requests {
        assert_eq!(request.method, "POST");
        assert_eq!(request.header("authorization"), Some("Bearer secret-token"));
        let body = request.json();
        assert_eq!(body["site_id"], "www.example.com");
        assert_eq!(body["metrics"], json!(["visits"]));
        assert_eq!(body["date_range"], json!(["2026-09-12", "2026-12-10"]));
        assert_eq!(
            body["dimensions"],
            json!([
                "time:day",
                "visit:utm_content",
                "visit:utm_source",
                "visit:utm_term"
            ])
        );
    }
    assert_eq!(requests[2].json()["pagination"]["offset"], 10_000);
    assert!(
        started.elapsed().as_millis() >= 1000,
        "the 429's second was waited out"
    );
    // The portal reads what was pulled.
    assert_eq!(clicks_of(dir.path(), "tokyo-office"), json!(10_003));
}

#[test]
fn a_refused_key_is_a_clear_exit_2_and_the_last_files_stay() {
    let (base, _) = common::api::serve(|_: &Received| {
        json_answer(
            401,
            json!({"error": "Invalid API key or site ID. Please make sure you're using a valid API key with access to the site you've requested."}),
        )
    });
    let dir = example_pulling_from("plausible", "www.example.com", &base);
    let last = dir.path().join("analytics/plausible.json");
    std::fs::create_dir_all(dir.path().join("analytics")).unwrap();
    std::fs::write(&last, "{\"results\": [], \"query\": {}}").unwrap();
    let before = std::fs::read(&last).unwrap();
    let output = pull(dir.path(), &[("ADVOCATE_ANALYTICS_TOKEN", "secret-token")]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("Plausible refused") && stderr.contains("401"),
        "{stderr}"
    );
    assert!(stderr.contains("ADVOCATE_ANALYTICS_TOKEN"), "{stderr}");
    assert!(stderr.contains("as they were"), "{stderr}");
    let everything = format!("{stderr}{}", common::stdout(&output));
    assert!(
        !everything.contains("secret-token"),
        "the secret is never printed"
    );
    assert_eq!(std::fs::read(&last).unwrap(), before);
    // No key at all: said, before any request.
    let output = pull(dir.path(), &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("set ADVOCATE_ANALYTICS_TOKEN"));
}

/// A 2048-bit RSA key made here: its PKCS#8 PEM and its public key
/// (PKCS#1 DER) to check signatures with.
fn rsa_key(dir: &Path) -> (String, Vec<u8>) {
    let pem = dir.join("key.pem");
    let public = dir.join("public.der");
    let run = |args: &[&str]| {
        let status = std::process::Command::new("openssl")
            .args(args)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status();
        assert!(
            status.is_ok_and(|s| s.success()),
            "openssl {args:?} (.ci/run installs openssl)"
        );
    };
    run(&[
        "genpkey",
        "-algorithm",
        "RSA",
        "-pkeyopt",
        "rsa_keygen_bits:2048",
        "-out",
        pem.to_str().unwrap(),
    ]);
    run(&[
        "rsa",
        "-in",
        pem.to_str().unwrap(),
        "-RSAPublicKey_out",
        "-outform",
        "DER",
        "-out",
        public.to_str().unwrap(),
    ]);
    (
        std::fs::read_to_string(pem).unwrap(),
        std::fs::read(public).unwrap(),
    )
}

#[test]
fn google_analytics_takes_a_signed_token_request_then_pages_of_the_report() {
    let keys = tempfile::tempdir().unwrap();
    let (private_pem, public_der) = rsa_key(keys.path());
    let token_uri = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let uri = token_uri.clone();
    let (base, log) = common::api::serve(move |request: &Received| {
        if request.path == "/token" {
            // The assertion is a JWT signed with the key file's key.
            let form: std::collections::HashMap<String, String> =
                url::form_urlencoded::parse(&request.body)
                    .into_owned()
                    .collect();
            assert_eq!(
                form["grant_type"],
                "urn:ietf:params:oauth:grant-type:jwt-bearer"
            );
            let jwt = &form["assertion"];
            let (message, signature) = jwt.rsplit_once('.').unwrap();
            use base64::Engine;
            let decode = |s: &str| {
                base64::engine::general_purpose::URL_SAFE_NO_PAD
                    .decode(s)
                    .unwrap()
            };
            let key = ring::signature::UnparsedPublicKey::new(
                &ring::signature::RSA_PKCS1_2048_8192_SHA256,
                &public_der,
            );
            if key.verify(message.as_bytes(), &decode(signature)).is_err() {
                return json_answer(400, json!({"error": "invalid_grant"}));
            }
            let claims: Value =
                serde_json::from_slice(&decode(message.split('.').nth(1).unwrap())).unwrap();
            assert_eq!(
                claims["iss"],
                "advocate@acme-analytics.iam.gserviceaccount.com"
            );
            assert_eq!(claims["aud"], *uri.lock().unwrap());
            assert_eq!(
                claims["scope"],
                "https://www.googleapis.com/auth/analytics.readonly"
            );
            return json_answer(
                200,
                json!({"access_token": "ya29.local", "expires_in": 3599, "token_type": "Bearer"}),
            );
        }
        if request.path != "/v1beta/properties/123456789:runReport"
            || request.header("authorization") != Some("Bearer ya29.local")
        {
            return json_answer(
                403,
                json!({"error": {"code": 403, "message": "User does not have sufficient permissions for this property."}}),
            );
        }
        let offset: u64 = request.json()["offset"]
            .as_str()
            .unwrap_or("0")
            .parse()
            .unwrap();
        let row = |network: &str, term: &str, sessions: &str| {
            json!({
                "dimensionValues": [{"value": "20261201"}, {"value": "tokyo-office"}, {"value": network}, {"value": term}],
                "metricValues": [{"value": sessions}],
            })
        };
        let rows = if offset == 0 {
            vec![row("x", "jane-doe", "5"), row("linkedin", "(not set)", "3")]
        } else {
            vec![row("x", "(not set)", "4")]
        };
        json_answer(
            200,
            json!({
                "dimensionHeaders": [{"name": "date"}, {"name": "sessionManualAdContent"}, {"name": "sessionSource"}, {"name": "sessionManualTerm"}],
                "metricHeaders": [{"name": "sessions", "type": "TYPE_INTEGER"}],
                "rows": rows,
                "rowCount": 3,
                "kind": "analyticsData#runReport",
            }),
        )
    });
    *token_uri.lock().unwrap() = format!("{base}/token");
    let key_file = keys.path().join("service-account.json");
    std::fs::write(
        &key_file,
        json!({
            "type": "service_account",
            "project_id": "acme-analytics",
            "private_key_id": "0123456789abcdef",
            "private_key": private_pem,
            "client_email": "advocate@acme-analytics.iam.gserviceaccount.com",
            "client_id": "1234567890",
            "token_uri": format!("{base}/token"),
        })
        .to_string(),
    )
    .unwrap();
    let dir = example_pulling_from("ga4", "123456789", &base);
    let output = pull(
        dir.path(),
        &[("GOOGLE_APPLICATION_CREDENTIALS", key_file.to_str().unwrap())],
    );
    common::assert_success(&output);
    assert!(common::stdout(&output).contains("pulled 3 rows from Google Analytics 4"));
    let requests = log.lock().unwrap().clone();
    assert_eq!(requests.len(), 3, "the token, then two pages");
    let report = requests[1].json();
    assert_eq!(
        report["dateRanges"],
        json!([{"startDate": "2026-09-12", "endDate": "2026-12-10"}])
    );
    assert_eq!(
        report["dimensions"],
        json!([{"name": "date"}, {"name": "sessionManualAdContent"}, {"name": "sessionSource"}, {"name": "sessionManualTerm"}])
    );
    assert_eq!(report["metrics"], json!([{"name": "sessions"}]));
    assert_eq!(requests[2].json()["offset"], "2");
    assert_eq!(clicks_of(dir.path(), "tokyo-office"), json!(12));
}

#[test]
fn matomo_is_asked_for_visits_page_by_page_with_the_token_in_the_form() {
    let (base, log) = common::api::serve(|request: &Received| {
        let form: std::collections::HashMap<String, String> =
            url::form_urlencoded::parse(&request.body)
                .into_owned()
                .collect();
        if request.path != "/index.php"
            || form.get("token_auth").map(String::as_str) != Some("secret-token")
        {
            return json_answer(
                200,
                json!({"result": "error", "message": "You can't access this resource as it requires 'view' access for the website id = 7."}),
            );
        }
        let offset: usize = form["filter_offset"].parse().unwrap();
        let count = if offset == 0 { 1_000 } else { 3 };
        let visits: Vec<Value> = (0..count)
            .map(|i| {
                json!({
                    "idVisit": offset + i,
                    "visitorType": "new",
                    "serverDate": "2026-12-01",
                    "serverTimePretty": "9:41:00",
                    "campaignContent": "tokyo-office",
                    "campaignSource": if i % 2 == 0 { "x" } else { "linkedin" },
                    "campaignKeyword": if i == 0 { "jane-doe" } else { "" },
                    "campaignMedium": "social",
                    "campaignName": "tokyo-office-2027",
                    "actionDetails": [],
                })
            })
            .collect();
        json_answer(200, Value::Array(visits))
    });
    let dir = example_pulling_from("matomo", "7", &base);
    let output = pull(dir.path(), &[("ADVOCATE_ANALYTICS_TOKEN", "secret-token")]);
    common::assert_success(&output);
    assert!(
        common::stdout(&output).contains(
            "pulled 1003 rows from Matomo (2026-09-12 to 2026-12-10) into analytics/matomo.json"
        ),
        "{}",
        common::stdout(&output)
    );
    let requests = log.lock().unwrap().clone();
    assert_eq!(requests.len(), 2, "two pages");
    for (request, offset) in requests.iter().zip(["0", "1000"]) {
        assert_eq!(request.method, "POST");
        assert_eq!(
            request.path, "/index.php",
            "the token is in the body, not the address"
        );
        let form: std::collections::HashMap<String, String> =
            url::form_urlencoded::parse(&request.body)
                .into_owned()
                .collect();
        assert_eq!(form["module"], "API");
        assert_eq!(form["method"], "Live.getLastVisitsDetails");
        assert_eq!(form["idSite"], "7");
        assert_eq!(form["period"], "range");
        assert_eq!(form["date"], "2026-09-12,2026-12-10");
        assert_eq!(form["segment"], "campaignContent!=");
        assert_eq!(form["format"], "JSON");
        assert_eq!(form["filter_limit"], "1000");
        assert_eq!(form["filter_offset"], offset);
    }
    // Only what advocate reads is kept.
    let kept = std::fs::read_to_string(dir.path().join("analytics/matomo.json")).unwrap();
    assert!(!kept.contains("actionDetails") && !kept.contains("visitorType"));
    assert_eq!(clicks_of(dir.path(), "tokyo-office"), json!(1003));

    // A refused token: Matomo says so with 200 and `result: error`.
    let before = std::fs::read(dir.path().join("analytics/matomo.json")).unwrap();
    let output = pull(dir.path(), &[("ADVOCATE_ANALYTICS_TOKEN", "wrong-token")]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("Matomo refused") && stderr.contains("requires 'view' access"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("wrong-token"),
        "the secret is never printed"
    );
    assert_eq!(
        std::fs::read(dir.path().join("analytics/matomo.json")).unwrap(),
        before
    );
}

#[test]
fn umami_is_asked_for_a_breakdown_of_each_day_from_the_sites_midnight() {
    let asked = std::sync::atomic::AtomicUsize::new(0);
    let (base, log) = common::api::serve(move |request: &Received| {
        if request.path != "/api/reports/breakdown"
            || request.header("authorization") != Some("Bearer secret-token")
        {
            return json_answer(401, json!({"error": "Unauthorized"}));
        }
        if asked.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 0 {
            return json_answer(503, json!({"error": "Service Unavailable"}));
        }
        let body = request.json();
        let rows = if body["parameters"]["startDate"]
            .as_str()
            .unwrap_or("")
            .starts_with("2026-12-08")
        {
            json!([
                {"views": 7, "visitors": 4, "visits": 5, "bounces": 2, "totaltime": 100, "utmContent": "tokyo-office", "utmSource": "x", "utmTerm": "jane-doe"},
                {"views": 3, "visitors": 2, "visits": 2, "bounces": 1, "totaltime": 10, "utmContent": "tokyo-office", "utmSource": "linkedin", "utmTerm": ""}
            ])
        } else {
            json!([
                {"views": 1, "visitors": 1, "visits": 1, "bounces": 1, "totaltime": 0, "utmContent": "tokyo-office", "utmSource": "x", "utmTerm": ""}
            ])
        };
        json_answer(200, rows)
    });
    let dir = example_pulling_from("umami", "b5e0b9d6-6b0a-4b8c-9d8e-0c8f1c0e7a11", &base);
    let output = common::command()
        .arg("--root")
        .arg(dir.path())
        .args(["analytics", "pull", "--days", "2", "--now", NOW])
        .env("ADVOCATE_ANALYTICS_TOKEN", "secret-token")
        .output()
        .unwrap();
    common::assert_success(&output);
    assert!(
        common::stdout(&output).contains(
            "pulled 3 rows from Umami (2026-12-09 to 2026-12-10) into analytics/umami.json"
        ),
        "{}",
        common::stdout(&output)
    );
    let requests = log.lock().unwrap().clone();
    assert_eq!(
        requests.len(),
        3,
        "a 503 tried again, then one request a day"
    );
    // The example's site is in Tokyo: its 9 December starts at 15:00 UTC
    // on the 8th.
    let first = requests[1].json();
    assert_eq!(first["websiteId"], "b5e0b9d6-6b0a-4b8c-9d8e-0c8f1c0e7a11");
    assert_eq!(first["type"], "breakdown");
    assert_eq!(first["parameters"]["startDate"], "2026-12-08T15:00:00Z");
    assert_eq!(first["parameters"]["endDate"], "2026-12-09T14:59:59.999Z");
    assert_eq!(
        first["parameters"]["fields"],
        json!(["utmContent", "utmSource", "utmTerm"])
    );
    assert_eq!(
        requests[2].json()["parameters"]["startDate"],
        "2026-12-09T15:00:00Z"
    );
    assert_eq!(clicks_of(dir.path(), "tokyo-office"), json!(8));

    // A refused key: exit 2, the file as it was.
    let before = std::fs::read(dir.path().join("analytics/umami.json")).unwrap();
    let output = pull(dir.path(), &[("ADVOCATE_ANALYTICS_TOKEN", "wrong-token")]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("Umami refused") && stderr.contains("401"),
        "{stderr}"
    );
    assert!(!stderr.contains("wrong-token"));
    assert_eq!(
        std::fs::read(dir.path().join("analytics/umami.json")).unwrap(),
        before
    );
}
