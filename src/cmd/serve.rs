//! `advocate serve`: the portal as employees will see it (drafts and
//! scheduled posts shown and marked), rebuilt in memory on every save, the
//! browser reloading itself. While a change has errors, the last good pages
//! stay up and the browser shows the diagnostics over them. Nothing is ever
//! written to disk.

use super::{EXIT_CANNOT_RUN, EXIT_OK, use_color};
use crate::check::{Assets, Checker};
use crate::cli::ServeArgs;
use crate::diagnostic::{Diagnostic, Severity, count};
use crate::pipeline::{RunError, load_policy};
use crate::policy::Policy;
use crate::post::{self, Post};
use crate::report::{self, Format, Report};
use crate::site;
use crate::site::Pages;
use crate::site::model::Selection;
use crate::site::model::{self, PostView};
use crate::site::theme::Theme;
use crate::source::SourceFile;
use crate::workspace;
use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use notify::{RecursiveMode, Watcher};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;
use std::collections::{BTreeMap, BTreeSet};
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

/// What the server shows: the last good portal, and the errors of the
/// latest change (the browser's overlay).
#[derive(Default)]
struct Live {
    published: Option<Published>,
    errors: Vec<Diagnostic>,
    /// A change that could not be loaded at all (an unreadable policy, a theme error).
    failure: Option<String>,
}

/// The last good state: pages are rendered from it on request.
struct Published {
    policy: Arc<Policy>,
    theme: Arc<Theme>,
    /// The live posts (drafts and scheduled ones included), newest first.
    views: Vec<PostView>,
}

/// Everything read from the repository, kept between changes so that one
/// saved post costs one post's parse and check.
struct Model {
    root: PathBuf,
    policy: Arc<Policy>,
    theme: Arc<Theme>,
    posts: BTreeMap<String, Post>,
    /// Each post file's own diagnostics (an unreadable file's too).
    diagnostics: HashMap<String, Vec<Diagnostic>>,
    /// Each post file's text, for printing diagnostics.
    sources: HashMap<String, SourceFile>,
    assets: Assets,
    /// Posts changed since the portal was last published.
    stale: BTreeSet<String>,
    /// Everything must be recomputed (policy or theme changed).
    all_stale: bool,
}

impl Model {
    fn load(root: &Path) -> Result<Model, String> {
        let (_, policy) = load_policy(root).map_err(|error| match error {
            RunError::Fatal(message) => message,
            RunError::Policy(file, diagnostics) => {
                let sources = [(file.path.as_str(), &file)].into_iter().collect();
                print_diagnostics(&diagnostics, sources, 0);
                let first = &diagnostics[0];
                format!(
                    "policy.yaml:{}:{}: {} ({} problem(s) in policy.yaml; fix them to go on)",
                    first.line,
                    first.column,
                    first.message,
                    diagnostics.len()
                )
            }
        })?;
        let theme = Theme::load(&root.join(super::build::THEME_DIR))?;
        let library = workspace::load_library(root)?;
        let mut model = Model {
            root: root.to_path_buf(),
            policy: Arc::new(policy),
            theme: Arc::new(theme),
            posts: BTreeMap::new(),
            diagnostics: HashMap::new(),
            sources: HashMap::new(),
            assets: library.assets,
            stale: BTreeSet::new(),
            all_stale: true,
        };
        for unreadable in library.unreadable {
            let (file, diagnostic) = *unreadable;
            model
                .diagnostics
                .insert(file.path.clone(), vec![diagnostic]);
            model.sources.insert(file.path.clone(), file);
        }
        let parsed: Vec<Post> = library
            .posts
            .into_par_iter()
            .map(|file| post::parse(file, &model.policy))
            .collect();
        for post in parsed {
            model.posts.insert(post.path().to_string(), post);
        }
        model.check_all();
        Ok(model)
    }

    fn checker(&self) -> Checker<'_> {
        Checker::new(&self.policy, jiff::Timestamp::now(), &self.assets)
    }

    fn check_all(&mut self) {
        let checker = self.checker();
        let checked: Vec<(String, Vec<Diagnostic>)> = self
            .posts
            .par_iter()
            .map(|(path, post)| (path.clone(), checker.check_post(post)))
            .collect();
        for (path, diagnostics) in checked {
            self.sources
                .insert(path.clone(), self.posts[&path].source.clone());
            self.diagnostics.insert(path, diagnostics);
        }
    }

    /// Applies one changed path; returns false when everything must be
    /// loaded again (policy, theme, folders).
    fn apply(&mut self, changed: &Path) -> bool {
        let Ok(rel) = changed.strip_prefix(&self.root) else {
            return false;
        };
        let rel = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if !rel.starts_with("library/") || changed.is_dir() {
            return false;
        }
        let removed_folder =
            !changed.exists() && self.posts.keys().any(|p| p.starts_with(&format!("{rel}/")));
        if removed_folder {
            return false;
        }
        let ignored = rel
            .split('/')
            .skip(1)
            .any(|part| part.starts_with(['_', '.']));
        if !rel.ends_with(".md") || ignored {
            // An asset: its size may change what `image` says about posts.
            match std::fs::metadata(changed) {
                Ok(meta) if meta.is_file() && !ignored => {
                    self.assets.insert(rel, meta.len());
                }
                _ => {
                    self.assets.remove(&rel);
                }
            }
            self.check_all();
            self.all_stale = true;
            return true;
        }
        self.posts.remove(&rel);
        self.diagnostics.remove(&rel);
        self.sources.remove(&rel);
        if let Ok(bytes) = std::fs::read(changed) {
            match workspace::decode_post(&rel, bytes) {
                Ok(file) => {
                    let post = post::parse(file, &self.policy);
                    let diagnostics = self.checker().check_post(&post);
                    self.sources.insert(rel.clone(), post.source.clone());
                    self.diagnostics.insert(rel.clone(), diagnostics);
                    self.posts.insert(rel.clone(), post);
                }
                Err(unreadable) => {
                    let (file, diagnostic) = *unreadable;
                    self.diagnostics.insert(rel.clone(), vec![diagnostic]);
                    self.sources.insert(rel.clone(), file);
                }
            }
        }
        self.stale.insert(rel);
        true
    }

    /// Every diagnostic: each post's own and duplicate ids across them.
    fn all_diagnostics(&self) -> Vec<Diagnostic> {
        let mut all: Vec<Diagnostic> = self.diagnostics.values().flatten().cloned().collect();
        let list: Vec<&Post> = self.posts.values().collect();
        all.extend(crate::check::duplicates::check_refs(&list));
        crate::diagnostic::sort(&mut all);
        all
    }

    /// Brings the published views up to date with what changed: in place,
    /// one post's view at a time, unless everything changed.
    fn update_views(&mut self, published: &mut Option<Published>) {
        let selection = Selection {
            now: jiff::Timestamp::now(),
            drafts: true,
            future: true,
        };
        match published {
            Some(published) if !self.all_stale && Arc::ptr_eq(&published.policy, &self.policy) => {
                published
                    .views
                    .retain(|v| !self.stale.contains(&v.source_path));
                for path in &self.stale {
                    if let Some(post) = self.posts.get(path).filter(|p| selection.includes(p)) {
                        published
                            .views
                            .push(model::post_view(post, &self.policy, &selection));
                    }
                }
                model::sort_newest_first(&mut published.views);
                published.theme = self.theme.clone();
            }
            _ => {
                let posts: Vec<&Post> = self.posts.values().collect();
                *published = Some(Published {
                    policy: self.policy.clone(),
                    theme: self.theme.clone(),
                    views: site::live_views(posts, &self.policy, &selection),
                });
            }
        }
        self.stale.clear();
        self.all_stale = false;
    }
}

/// Publishes the model if it has no errors; else keeps the last good
/// portal and records the errors. Prints the diagnostics either way.
fn publish(model: &mut Model, live: &RwLock<Live>, what: &str, started: Instant) {
    let diagnostics = model.all_diagnostics();
    let errors = count(&diagnostics, Severity::Error);
    if errors > 0 || count(&diagnostics, Severity::Warning) > 0 {
        let sources = model.sources.iter().map(|(p, f)| (p.as_str(), f)).collect();
        print_diagnostics(&diagnostics, sources, model.posts.len());
    }
    if errors > 0 {
        let mut live = live.write().expect("not poisoned");
        live.errors = diagnostics
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        live.failure = None;
        eprintln!(
            "{what}: errors; still serving the last good pages ({} ms)",
            started.elapsed().as_millis()
        );
        return;
    }
    let mut live = live.write().expect("not poisoned");
    model.update_views(&mut live.published);
    live.errors.clear();
    live.failure = None;
    eprintln!("{what}: updated in {} ms", started.elapsed().as_millis());
}

#[derive(Clone)]
struct Shared {
    root: PathBuf,
    base_url: String,
    live: Arc<RwLock<Live>>,
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
    // Watchers report absolute paths: compare them with an absolute root.
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    runtime.block_on(serve(root, args))
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
    let live = Arc::new(RwLock::new(Live::default()));
    let (notify_reload, generation) = watch::channel(0u64);
    let started = Instant::now();
    let mut model = match Model::load(&root) {
        Ok(mut model) => {
            publish(&mut model, &live, "start", started);
            Some(model)
        }
        Err(message) => {
            eprintln!("error: {message}");
            live.write().expect("not poisoned").failure = Some(message);
            None
        }
    };

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
        let (root, live) = (root.clone(), live.clone());
        std::thread::spawn(move || {
            while let Some(first) = next_change(&changes, &root, None) {
                let started = Instant::now();
                let mut paths = vec![first.clone()];
                // Gather the rest of an editor's burst before rebuilding.
                let mut last = first.clone();
                while let Some(more) = next_change(&changes, &root, Some(DEBOUNCE)) {
                    paths.push(more.clone());
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
                paths.sort();
                paths.dedup();
                let applied = model
                    .as_mut()
                    .is_some_and(|m| paths.iter().all(|p| m.apply(p)));
                if !applied {
                    match Model::load(&root) {
                        Ok(loaded) => model = Some(loaded),
                        Err(message) => {
                            eprintln!("{what}: {message}");
                            live.write().expect("not poisoned").failure = Some(message);
                            notify_reload.send_modify(|g| *g += 1);
                            continue;
                        }
                    }
                }
                if let Some(model) = model.as_mut() {
                    publish(model, &live, &what, started);
                }
                notify_reload.send_modify(|g| *g += 1);
            }
        });
    }

    let shared = Shared {
        root: root.clone(),
        base_url: base_url.clone(),
        live,
        generation,
    };
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
    let live = shared.live.read().expect("not poisoned");
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
        Some((status, path, bytes)) => {
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
                    (header::CACHE_CONTROL, "no-store"),
                ],
                body,
            )
                .into_response()
        }
        None => (StatusCode::NOT_FOUND, "not found").into_response(),
    }
}

fn render_path(shared: &Shared, path: &str) -> Option<(StatusCode, String, Vec<u8>)> {
    let live = shared.live.read().expect("not poisoned");
    let published = live.published.as_ref()?;
    let selection = Selection {
        now: jiff::Timestamp::now(),
        drafts: true,
        future: true,
    };
    let pages = Pages::new(
        &published.theme,
        &published.policy,
        selection,
        &shared.base_url,
        &published.views,
        None,
    );
    if let Some(rendered) = pages.file(path) {
        return match rendered {
            Ok(bytes) => Some((StatusCode::OK, path.to_string(), bytes)),
            Err(message) => Some((
                StatusCode::INTERNAL_SERVER_ERROR,
                "error.txt".into(),
                message.into_bytes(),
            )),
        };
    }
    // A post's image: a file beside the post in the repository.
    if let ["posts", slug, file] = path.split('/').collect::<Vec<_>>().as_slice()
        && let Some(image) = published
            .views
            .iter()
            .find(|v| v.slug == *slug)
            .and_then(|v| v.image.as_ref())
        && image.file == *file
        && let Ok(bytes) = std::fs::read(shared.root.join(&image.source))
    {
        return Some((StatusCode::OK, path.to_string(), bytes));
    }
    let page = pages.not_found().ok()?;
    Some((StatusCode::NOT_FOUND, "404.html".into(), page))
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
