//! `advocate serve`: the portal as employees will see it (drafts and
//! scheduled posts shown and marked), answered from memory by the same
//! routes `build` writes, brought up to date on every save, the browser
//! reloading itself. While a change has errors, the last good pages stay up
//! and the browser shows the diagnostics over them. Nothing is ever written
//! to disk.

mod live;
mod save;
mod watch;

use crate::clock::Clock;
use crate::error::{Error, Outcome};
use crate::site::PortalOptions;
use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use live::Live;
use notify::{RecursiveMode, Watcher};
use serde::Serialize;
use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use tokio::sync::watch as signal;
use watch::Preview;

const LIVE_JS: &str = include_str!("live.js");
/// The preview's script, added to every page; it names where the
/// composer may save a post (only this server has that address).
const LIVE_SCRIPT: &str =
    "<script src=\"/__advocate/live.js\" data-save=\"/__advocate/save\" defer></script>";

/// Where and how to serve.
#[derive(Debug, Clone)]
pub(crate) struct ServeOptions {
    /// The address to listen on.
    pub(crate) host: String,
    /// The port; 0 picks a free one.
    pub(crate) port: u16,
    /// Open the portal in the browser.
    pub(crate) open: bool,
    /// Colour in the printed diagnostics.
    pub(crate) color: bool,
}

#[derive(Clone)]
struct Shared {
    live: Arc<RwLock<Live>>,
    generation: signal::Receiver<u64>,
    /// The repository, for the composer's "Save to library/".
    root: Arc<PathBuf>,
    /// The names this server answers to (`127.0.0.1:PORT`, …).
    hosts: Arc<Vec<String>>,
}

/// Serves the portal of the repository at `root` until Ctrl-C.
pub(crate) fn serve(root: &Path, clock: Clock, options: &ServeOptions) -> Result<Outcome, Error> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Usage(format!("cannot start the server: {e}")))?;
    // Watchers report absolute paths: compare them with an absolute root.
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    runtime.block_on(run(root, clock, options))
}

async fn run(root: PathBuf, clock: Clock, options: &ServeOptions) -> Result<Outcome, Error> {
    let listener = match tokio::net::TcpListener::bind((options.host.as_str(), options.port)).await
    {
        Ok(listener) => listener,
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
            return Err(Error::Usage(format!(
                "port {} is in use; choose another with --port, such as --port {}",
                options.port,
                options.port.saturating_add(1)
            )));
        }
        Err(e) => {
            return Err(Error::Usage(format!(
                "cannot listen on {}:{}: {e}",
                options.host, options.port
            )));
        }
    };
    let address = listener
        .local_addr()
        .map(|a| a.to_string())
        .unwrap_or_default();
    let base_url = format!("http://{address}/");
    let live = Arc::new(RwLock::new(Live::default()));
    let (notify_reload, generation) = signal::channel(0u64);
    let portal_options = PortalOptions {
        drafts: true,
        future: true,
        base_url: Some(base_url.clone()),
    };
    let preview = Preview::start(root.clone(), clock, portal_options, options.color, &live);

    // Watch the library, the theme, the click exports and policy.yaml;
    // apply changes on a thread of their own.
    let (events, changes) = std::sync::mpsc::channel::<notify::Result<notify::Event>>();
    let mut watcher = notify::recommended_watcher(events)
        .map_err(|e| Error::Usage(format!("cannot watch files: {e}")))?;
    let folders = crate::project::files::SOURCE_FOLDERS
        .iter()
        .map(|folder| (root.join(folder), RecursiveMode::Recursive));
    for (path, mode) in folders.chain([(root.clone(), RecursiveMode::NonRecursive)]) {
        if path.exists()
            && let Err(e) = watcher.watch(&path, mode)
        {
            eprintln!("warning: cannot watch {}: {e}", path.display());
        }
    }
    {
        let live = live.clone();
        // A source folder that appears (created, or moved away and back)
        // is watched again: its old watch went with it.
        let watch_again = move |folder: &Path| {
            if let Err(e) = watcher.watch(folder, RecursiveMode::Recursive) {
                eprintln!("warning: cannot watch {}: {e}", folder.display());
            }
        };
        std::thread::spawn(move || {
            preview.run(changes, live, watch_again, || {
                notify_reload.send_modify(|g| *g += 1)
            });
        });
    }

    let port = listener
        .local_addr()
        .map(|a| a.port())
        .unwrap_or(options.port);
    let hosts = Arc::new(own_hosts(&address, port));
    let shared = Shared {
        live,
        generation,
        root: Arc::new(root.clone()),
        hosts: hosts.clone(),
    };
    let app = Router::new()
        .route("/__advocate/live.js", get(live_js))
        .route("/__advocate/events", get(events_stream))
        .route("/__advocate/status", get(status))
        .route("/__advocate/save", axum::routing::post(save_post))
        .fallback(get(page))
        .layer(axum::middleware::from_fn(move |request, next| {
            only_own_host(hosts.clone(), request, next)
        }))
        .with_state(shared);
    println!(
        "serving {} on {base_url} (drafts and scheduled posts shown); Ctrl-C stops",
        root.display()
    );
    if options.open
        && let Err(e) = opener::open_browser(&base_url)
    {
        eprintln!("warning: cannot open a browser ({e}); open {base_url} yourself");
    }
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
        eprintln!("\nstopped");
    };
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
        .map_err(|e| Error::Usage(format!("the server stopped: {e}")))?;
    Ok(Outcome::Clean)
}

/// The composer's "Save to library/" (`save.rs`).
async fn save_post(
    State(shared): State<Shared>,
    headers: axum::http::HeaderMap,
    body: axum::body::Bytes,
) -> impl IntoResponse {
    let (status, message) = save::save(&shared.root, &shared.hosts, &headers, &body);
    (status, [(header::CACHE_CONTROL, "no-store")], message)
}

async fn live_js() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        LIVE_JS,
    )
}

/// Server-sent events: one `reload` event after each rebuild.
async fn events_stream(State(shared): State<Shared>) -> impl IntoResponse {
    let stream =
        futures_util::stream::unfold(shared.generation.clone(), |mut receiver| async move {
            receiver.changed().await.ok()?;
            let generation = *receiver.borrow_and_update();
            let event = Event::default()
                .event("reload")
                .data(generation.to_string());
            Some((Ok::<Event, Infallible>(event), receiver))
        });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

#[derive(Serialize)]
struct Status<'a> {
    generation: u64,
    failure: Option<&'a str>,
    errors: Vec<StatusError<'a>>,
}

#[derive(Serialize)]
struct StatusError<'a> {
    path: &'a str,
    line: usize,
    column: usize,
    rule: String,
    message: &'a str,
}

async fn status(State(shared): State<Shared>) -> impl IntoResponse {
    let live = shared.live.read().unwrap_or_else(|e| e.into_inner());
    let status = Status {
        generation: *shared.generation.borrow(),
        failure: live.failure.as_deref(),
        errors: live
            .errors
            .iter()
            .map(|d| StatusError {
                path: &d.path,
                line: d.line,
                column: d.column,
                rule: d.rule.to_string(),
                message: &d.message,
            })
            .collect(),
    };
    let body = serde_json::to_string(&status).unwrap_or_default();
    (
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
}

/// A file of the portal, rendered on request from the last good state;
/// HTML pages get the live-reload script.
async fn page(State(shared): State<Shared>, uri: Uri) -> Response {
    let path = crate::links::percent_decode(uri.path().trim_start_matches('/'));
    let path = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path
    };
    let shared = shared.clone();
    let found = tokio::task::spawn_blocking(move || render_path(&shared, &path))
        .await
        .ok()
        .flatten();
    match found {
        Some(Answer::Redirect(to)) => {
            (StatusCode::PERMANENT_REDIRECT, [(header::LOCATION, to)], "").into_response()
        }
        Some(Answer::File(status, path, bytes)) => {
            let kind = content_type(&path);
            let body = if kind.starts_with("text/html") {
                let html = String::from_utf8_lossy(&bytes);
                html.replacen("</head>", &format!("{LIVE_SCRIPT}\n</head>"), 1)
                    .into_bytes()
            } else {
                bytes
            };
            (
                status,
                [
                    (header::CONTENT_TYPE, kind),
                    (header::CACHE_CONTROL, "no-store".to_string()),
                ],
                body,
            )
                .into_response()
        }
        None => (StatusCode::NOT_FOUND, "not found").into_response(),
    }
}

/// The `Host` values that name this server: its address, and `localhost`
/// and the loopback addresses on its port.
fn own_hosts(address: &str, port: u16) -> Vec<String> {
    let mut hosts = vec![
        address.to_ascii_lowercase(),
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
    ];
    hosts.dedup();
    hosts
}

/// Answers only requests addressed to this server. A web page elsewhere
/// can make the browser send requests here under another name (DNS
/// rebinding); those get 421 and never a page of the portal.
async fn only_own_host(
    hosts: Arc<Vec<String>>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_ascii_lowercase);
    match host {
        Some(host) if hosts.contains(&host) => next.run(request).await,
        _ => (
            StatusCode::MISDIRECTED_REQUEST,
            "advocate serve answers only requests to its own address",
        )
            .into_response(),
    }
}

/// What the server answers for a path.
enum Answer {
    /// A file of the portal (or its 404 page), by the path that names its type.
    File(StatusCode, String, Vec<u8>),
    /// A folder asked for without its `/`: where it is.
    Redirect(String),
}

/// Renders the route at `path` from the last good portal; its 404 page
/// when there is none.
fn render_path(shared: &Shared, path: &str) -> Option<Answer> {
    let live = shared.live.read().unwrap_or_else(|e| e.into_inner());
    let pages = live.portal.as_ref()?.pages();
    let (status, route) = match pages.find(path) {
        Some(route) => (StatusCode::OK, route),
        // `posts/x` for `posts/x/`, as static hosts answer.
        None if pages.find(&format!("{path}/index.html")).is_some() => {
            let encoded = crate::links::encode_path(path);
            return Some(Answer::Redirect(format!("/{encoded}/")));
        }
        None => (StatusCode::NOT_FOUND, crate::site::routes::Route::NotFound),
    };
    Some(match pages.render(route) {
        Ok(rendered) => Answer::File(status, pages.path(route), rendered.into_bytes()),
        Err(error) => Answer::File(
            StatusCode::INTERNAL_SERVER_ERROR,
            "error.txt".into(),
            error.to_string().into_bytes(),
        ),
    })
}

/// The media type of a portal file, by its name (any case): the feed is
/// Atom; text is UTF-8.
fn content_type(path: &str) -> String {
    if path == "feed.xml" {
        return "application/atom+xml; charset=utf-8".into();
    }
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let textual = mime.type_() == mime_guess::mime::TEXT
        || matches!(mime.subtype().as_str(), "javascript" | "json");
    if textual {
        format!("{mime}; charset=utf-8")
    } else {
        mime.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_files_by_name_in_any_case() {
        let cases = [
            ("index.html", "text/html; charset=utf-8"),
            ("static/style.css", "text/css; charset=utf-8"),
            ("static/portal.js", "text/javascript; charset=utf-8"),
            ("posts.json", "application/json; charset=utf-8"),
            ("feed.xml", "application/atom+xml; charset=utf-8"),
            ("posts/team/team.JPG", "image/jpeg"),
            ("posts/team/team.webp", "image/webp"),
            ("static/icons/a.SVG", "image/svg+xml"),
            ("static/font.unknownext", "application/octet-stream"),
        ];
        for (path, expected) in cases {
            assert_eq!(content_type(path), expected, "{path}");
        }
    }
}
