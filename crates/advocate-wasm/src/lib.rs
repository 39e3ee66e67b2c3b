//! advocate's checker as a WebAssembly module, for the portal's composer:
//! raw `extern "C"` exports, no bindgen. The page (through
//! `src/site/checker.js`) writes one JSON request into memory it asks the
//! module for, calls [`advocate_check`], and reads the JSON answer:
//! `{"report": …, "shares": […]}`, where `report` is exactly the document
//! `advocate check --format json PATH` prints for that file and `shares`
//! each network's final text with its length and limit.
//!
//! The request: `{"policy": "…policy.yaml…", "path": "library/x.md",
//! "text": "…the post…", "now": "2026-12-10T00:00:00Z", "assets":
//! {"library/x.png": 1234}, "knownIds": [{"path": "library/y.md", "id":
//! "y"}]}`. A browser has no time-zone database: the page gives the
//! policy's one zone first, as TZif bytes ([`advocate_zone`]).
//!
//! `scripts/build-checker` builds it into `src/site/checker.wasm`.

use advocate_core::check::file::{KnownPost, ParsedPolicy, check_file_answer_json};
use advocate_core::post::assets::Assets;
use jiff::tz::TimeZone;
use std::cell::RefCell;
use std::collections::HashMap;

thread_local! {
    /// The zones the page gave, by name.
    static ZONES: RefCell<HashMap<String, TimeZone>> = RefCell::new(HashMap::new());
    /// The last answer, until the page has read it.
    static ANSWER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    /// The policy last read: a page checks one post again and again with
    /// the same policy, and reading it (its terms' automaton above all)
    /// costs more than the check.
    static POLICY: RefCell<Option<ParsedPolicy>> = const { RefCell::new(None) };
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct Request {
    policy: String,
    path: String,
    text: String,
    now: String,
    #[serde(default)]
    assets: Assets,
    #[serde(default)]
    known_ids: Vec<Known>,
}

#[derive(serde::Deserialize)]
struct Known {
    path: String,
    id: String,
}

/// Memory for the page to write `len` bytes into.
#[unsafe(no_mangle)]
pub extern "C" fn advocate_alloc(len: usize) -> *mut u8 {
    let mut bytes = Vec::<u8>::with_capacity(len);
    let at = bytes.as_mut_ptr();
    std::mem::forget(bytes);
    at
}

/// Gives back memory from [`advocate_alloc`].
///
/// # Safety
/// `at` and `len` are exactly what one call of [`advocate_alloc`] gave
/// and took, and the memory is not used again.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn advocate_free(at: *mut u8, len: usize) {
    // SAFETY: the caller gives back what advocate_alloc made, once.
    drop(unsafe { Vec::from_raw_parts(at, 0, len) });
}

/// Reads `len` bytes the page wrote at `at` as text.
///
/// # Safety
/// `at` points to `len` bytes the page wrote.
unsafe fn text_at(at: *const u8, len: usize) -> String {
    // SAFETY: as the caller promises.
    let bytes = unsafe { std::slice::from_raw_parts(at, len) };
    String::from_utf8_lossy(bytes).into_owned()
}

/// Keeps the zone `name` from its TZif bytes (what a browser cannot look
/// up); returns 1 when they are a zone, else 0.
///
/// # Safety
/// Both pointers point to as many bytes as their lengths say.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn advocate_zone(
    name: *const u8,
    name_len: usize,
    tzif: *const u8,
    tzif_len: usize,
) -> u32 {
    // SAFETY: as the caller promises.
    let name = unsafe { text_at(name, name_len) };
    // SAFETY: as the caller promises.
    let data = unsafe { std::slice::from_raw_parts(tzif, tzif_len) };
    match TimeZone::tzif(&name, data) {
        Ok(zone) => {
            ZONES.with(|zones| zones.borrow_mut().insert(name, zone));
            // A policy read before may name this zone.
            POLICY.with(|kept| kept.borrow_mut().take());
            1
        }
        Err(_) => 0,
    }
}

/// Checks the request the page wrote at `at`; returns the answer's
/// length, to read at [`advocate_answer`].
///
/// # Safety
/// `at` points to `len` bytes the page wrote.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn advocate_check(at: *const u8, len: usize) -> usize {
    // SAFETY: as the caller promises.
    let request = unsafe { text_at(at, len) };
    let answer = answer(&request);
    ANSWER.with(|kept| {
        let mut kept = kept.borrow_mut();
        *kept = answer.into_bytes();
        kept.len()
    })
}

/// Where the last answer is.
#[unsafe(no_mangle)]
pub extern "C" fn advocate_answer() -> *const u8 {
    ANSWER.with(|kept| kept.borrow().as_ptr())
}

/// The answer to one request, or `{"error": …}` when it is not one.
fn answer(request: &str) -> String {
    let request: Request = match serde_json::from_str(request) {
        Ok(request) => request,
        Err(error) => {
            return serde_json::json!({"error": format!("not a check request: {error}")})
                .to_string();
        }
    };
    let Ok(now) = request.now.parse::<jiff::Timestamp>() else {
        return serde_json::json!({"error": format!("`{}` is not an RFC 3339 time", request.now)})
            .to_string();
    };
    let known: Vec<KnownPost> = request
        .known_ids
        .into_iter()
        .map(|k| KnownPost {
            path: k.path,
            id: k.id,
        })
        .collect();
    let zone = |name: &str| {
        if name == "UTC" {
            return Some(TimeZone::UTC);
        }
        ZONES.with(|zones| zones.borrow().get(name).cloned())
    };
    POLICY.with(|kept| {
        let mut kept = kept.borrow_mut();
        let policy = match kept.take() {
            Some(policy) if policy.text() == request.policy => policy,
            _ => ParsedPolicy::new(&request.policy, &zone),
        };
        let answer = check_file_answer_json(
            &policy,
            &request.path,
            &request.text,
            now,
            &request.assets,
            &known,
        );
        *kept = Some(policy);
        answer
    })
}
