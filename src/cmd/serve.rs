//! `advocate serve`: the portal as employees will see it (drafts and
//! scheduled posts shown and marked), rebuilt in memory on every save, the
//! browser reloading itself. While a change has errors, the last good pages
//! stay up and the browser shows the diagnostics over them. Nothing is ever
//! written to disk.

use super::{EXIT_CANNOT_RUN, EXIT_OK, use_color};
use crate::cli::ServeArgs;
use crate::diagnostic::{Diagnostic, Severity, count};
use crate::pipeline::{RunError, check_repository};
use crate::report::{self, Format, Report};
use crate::site::model::Selection;
use crate::site::theme::Theme;
use crate::site::{self, Collect, SiteInput};
use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use notify::{RecursiveMode, Watcher};
use serde::Serialize;
use std::collections::HashMap;
use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};
use tokio::sync::watch;

/// Long enough to gather an editor's burst of events (write a temporary
/// file, rename it over the post, touch a backup), short enough to feel
/// instant.
const DEBOUNCE: Duration = Duration::from_millis(15);

const LIVE_JS: &str = include_str!("serve_live.js");
const LIVE_SCRIPT: &str = "<script src=\"/__advocate/live.js\" defer></script>";

/// What the server shows, swapped whole after each rebuild.
#[derive(Default)]
struct Site {
    files: HashMap<String, Vec<u8>>,
    /// The errors of the last rebuild; empty when it published.
    errors: Vec<Diagnostic>,
    /// A rebuild that could not run at all (an invalid policy.yaml, a theme error).
    failure: Option<String>,
}

#[derive(Clone)]
struct Shared {
    site: Arc<RwLock<Site>>,
    generation: watch::Receiver<u64>,
}

pub fn run(root: &Path, args: &ServeArgs) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("error: cannot start the server: {e}");
            return ExitCode::from(EXIT_CANNOT_RUN);
        }
    };
    runtime.block_on(serve(root.to_path_buf(), args))
}

async fn serve(root: PathBuf, args: &ServeArgs) -> ExitCode {
    let listener = match tokio::net::TcpListener::bind((args.host.as_str(), args.port)).await {
        Ok(listener) => listener,
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
            eprintln!(
                "error: port {} is in use; choose another with --port, such as --port {}",
                args.port,
                args.port.saturating_add(1)
            );
            return ExitCode::from(EXIT_CANNOT_RUN);
        }
        Err(e) => {
            eprintln!("error: cannot listen on {}:{}: {e}", args.host, args.port);
            return ExitCode::from(EXIT_CANNOT_RUN);
        }
    };
    let address = listener
        .local_addr()
        .map(|a| a.to_string())
        .unwrap_or_default();
    let base_url = format!("http://{address}/");
    let site = Arc::new(RwLock::new(Site::default()));
    let (notify_reload, generation) = watch::channel(0u64);
    rebuild(&root, &base_url, &site, "start");

    // Watch the library, the theme and policy.yaml; rebuild on a thread.
    let (events, changes) = std::sync::mpsc::channel::<notify::Result<notify::Event>>();
    let mut watcher = match notify::recommended_watcher(events) {
        Ok(watcher) => watcher,
        Err(e) => {
            eprintln!("error: cannot watch files: {e}");
            return ExitCode::from(EXIT_CANNOT_RUN);
        }
    };
    for (path, mode) in [
        (root.join("library"), RecursiveMode::Recursive),
        (root.join("themes"), RecursiveMode::Recursive),
        (root.clone(), RecursiveMode::NonRecursive),
    ] {
        if path.exists()
            && let Err(e) = watcher.watch(&path, mode)
        {
            eprintln!("warning: cannot watch {}: {e}", path.display());
        }
    }
    {
        let (root, site, base_url) = (root.clone(), site.clone(), base_url.clone());
        std::thread::spawn(move || {
            while let Some(first) = next_change(&changes, &root, None) {
                // Gather the rest of an editor's burst before rebuilding.
                let mut last = first.clone();
                while let Some(more) = next_change(&changes, &root, Some(DEBOUNCE)) {
                    // Name the file that was saved, not an editor's temporary one.
                    if more.exists() || !last.exists() {
                        last = more;
                    }
                }
                let what = last
                    .strip_prefix(&root)
                    .unwrap_or(&last)
                    .display()
                    .to_string();
                rebuild(&root, &base_url, &site, &what);
                notify_reload.send_modify(|g| *g += 1);
            }
        });
    }

    let shared = Shared { site, generation };
    let app = Router::new()
        .route("/__advocate/live.js", get(live_js))
        .route("/__advocate/events", get(events_stream))
        .route("/__advocate/status", get(status))
        .fallback(get(page))
        .with_state(shared);
    println!(
        "serving {} on {base_url} (drafts and scheduled posts shown); Ctrl-C stops",
        root.display()
    );
    if args.open {
        let _ = std::process::Command::new("xdg-open")
            .arg(&base_url)
            .spawn();
    }
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
        eprintln!("\nstopped");
    };
    match axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
    {
        Ok(()) => ExitCode::from(EXIT_OK),
        Err(e) => {
            eprintln!("error: the server stopped: {e}");
            ExitCode::from(EXIT_CANNOT_RUN)
        }
    }
}

/// The next change that matters, waiting at most `timeout` (for ever when
/// `None`); `None` when the wait ends without one. Reads (our own, while
/// rebuilding) are not changes.
fn next_change(
    changes: &std::sync::mpsc::Receiver<notify::Result<notify::Event>>,
    root: &Path,
    timeout: Option<Duration>,
) -> Option<PathBuf> {
    let deadline = timeout.map(|t| Instant::now() + t);
    loop {
        let event = match deadline {
            None => changes.recv().ok()?,
            Some(deadline) => {
                let left = deadline.checked_duration_since(Instant::now())?;
                changes.recv_timeout(left).ok()?
            }
        };
        let Ok(event) = event else { continue };
        let writes = matches!(
            event.kind,
            notify::EventKind::Create(_)
                | notify::EventKind::Modify(_)
                | notify::EventKind::Remove(_)
        ) && !matches!(
            event.kind,
            notify::EventKind::Modify(notify::event::ModifyKind::Metadata(_))
        );
        if !writes {
            continue;
        }
        if let Some(path) = event.paths.into_iter().find(|p| is_watched(root, p)) {
            return Some(path);
        }
    }
}

/// Changes that matter: posts and assets, the theme, policy.yaml; not
/// editors' swap and backup files.
fn is_watched(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let name = rel
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let editor_noise = name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.starts_with(".#")
        || name.ends_with(".tmp");
    let top = rel
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .unwrap_or_default();
    !editor_noise && (top == "library" || top == "themes" || rel == Path::new("policy.yaml"))
}

/// Checks and renders everything into memory. With errors, the previous
/// pages stay and the errors are kept for the browser's overlay.
fn rebuild(root: &Path, base_url: &str, site: &RwLock<Site>, what: &str) {
    let started = Instant::now();
    let now = jiff::Timestamp::now();
    let checked = match check_repository(root, now) {
        Ok(checked) => checked,
        Err(RunError::Policy(file, diagnostics)) => {
            print_diagnostics(
                &diagnostics,
                [(file.path.as_str(), &file)].into_iter().collect(),
                0,
            );
            let mut site = site.write().expect("not poisoned");
            site.errors = diagnostics;
            site.failure = None;
            return;
        }
        Err(RunError::Fatal(message)) => {
            eprintln!("error: {message}");
            site.write().expect("not poisoned").failure = Some(message);
            return;
        }
    };
    let sources = checked.sources().map(|f| (f.path.as_str(), f)).collect();
    if count(&checked.diagnostics, Severity::Error) > 0 {
        print_diagnostics(&checked.diagnostics, sources, checked.post_count());
        let errors = checked
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .cloned()
            .collect();
        let mut site = site.write().expect("not poisoned");
        site.errors = errors;
        site.failure = None;
        eprintln!(
            "{what}: errors; still serving the last good pages ({} ms)",
            started.elapsed().as_millis()
        );
        return;
    }
    let rendered = Theme::load(&root.join(super::build::THEME_DIR)).and_then(|theme| {
        let selection = Selection {
            now,
            drafts: true,
            future: true,
        };
        let mut images = std::collections::BTreeMap::new();
        for path in site::images_needed(&checked.posts, &selection) {
            if let Ok(bytes) = std::fs::read(root.join(&path)) {
                images.insert(path, bytes);
            }
        }
        let input = SiteInput {
            policy: &checked.policy,
            posts: &checked.posts,
            theme: &theme,
            selection,
            base_url,
            images: &images,
        };
        let sink = Collect::default();
        site::render(&input, &sink)?;
        Ok(sink.into_files())
    });
    let mut site = site.write().expect("not poisoned");
    match rendered {
        Ok(files) => {
            site.files = files.into_iter().collect();
            site.errors.clear();
            site.failure = None;
            eprintln!(
                "{what}: rebuilt {} posts in {} ms",
                checked.post_count(),
                started.elapsed().as_millis()
            );
        }
        Err(message) => {
            eprintln!("error: {message}");
            site.failure = Some(message);
        }
    }
}

fn print_diagnostics(
    diagnostics: &[Diagnostic],
    sources: HashMap<&str, &crate::source::SourceFile>,
    posts: usize,
) {
    let report = Report {
        diagnostics,
        posts,
        sources,
    };
    eprint!("{}", report::render(Format::Human, &report, use_color()));
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
    rule: &'a str,
    message: &'a str,
}

async fn status(State(shared): State<Shared>) -> impl IntoResponse {
    let site = shared.site.read().expect("not poisoned");
    let status = Status {
        generation: *shared.generation.borrow(),
        failure: site.failure.as_deref(),
        errors: site
            .errors
            .iter()
            .map(|d| StatusError {
                path: &d.path,
                line: d.line,
                column: d.column,
                rule: &d.rule,
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

/// A file of the portal, from memory; HTML pages get the live-reload script.
async fn page(State(shared): State<Shared>, uri: Uri) -> Response {
    let path = percent_decode(uri.path().trim_start_matches('/'));
    let path = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path
    };
    let site = shared.site.read().expect("not poisoned");
    let (status, path) = if site.files.contains_key(&path) {
        (StatusCode::OK, path)
    } else {
        (StatusCode::NOT_FOUND, "404.html".to_string())
    };
    let Some(bytes) = site.files.get(&path) else {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    };
    let kind = content_type(&path);
    let body = if kind.starts_with("text/html") {
        let html = String::from_utf8_lossy(bytes);
        html.replacen("</head>", &format!("{LIVE_SCRIPT}\n</head>"), 1)
            .into_bytes()
    } else {
        bytes.clone()
    };
    (
        status,
        [
            (header::CONTENT_TYPE, kind),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/atom+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "svg" => "image/svg+xml",
        _ => "application/octet-stream",
    }
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = text.get(i + 1..i + 3)
            && let Ok(byte) = u8::from_str_radix(hex, 16)
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
