//! A tiny static file server on loopback, for browser tests.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// Serves `dir` on a free loopback port; returns the base URL. The server
/// lives until the test process ends.
pub(crate) fn serve(dir: &Path) -> String {
    serve_with_switch(dir).0
}

/// Like `serve`, with a switch: while it is off, the server drops every
/// connection unanswered, as a network that is gone does.
pub(crate) fn serve_with_switch(dir: &Path) -> (String, Arc<AtomicBool>) {
    let (base, online, _) = start(dir, None);
    (base, online)
}

/// Like `serve`, answering as GitHub Pages does (`Cache-Control:
/// max-age=600`), and counting every byte it sends, headers included.
pub(crate) fn serve_as_pages(dir: &Path) -> (String, Arc<AtomicU64>) {
    let (base, _, sent) = start(dir, Some("max-age=600"));
    (base, sent)
}

fn start(dir: &Path, cache: Option<&'static str>) -> (String, Arc<AtomicBool>, Arc<AtomicU64>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}/", listener.local_addr().unwrap());
    let dir = dir.to_path_buf();
    let online = Arc::new(AtomicBool::new(true));
    let sent = Arc::new(AtomicU64::new(0));
    let (switch, counter) = (online.clone(), sent.clone());
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            if !online.load(Ordering::SeqCst) {
                drop(stream);
                continue;
            }
            let dir = dir.clone();
            let sent = sent.clone();
            std::thread::spawn(move || {
                let bytes = answer(stream, &dir, cache);
                sent.fetch_add(bytes, Ordering::SeqCst);
            });
        }
    });
    (base, switch, counter)
}

/// Answers one request; returns the bytes sent.
fn answer(mut stream: std::net::TcpStream, dir: &Path, cache: Option<&str>) -> u64 {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return 0;
    }
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).map_or(true, |n| n == 0) || header.trim().is_empty() {
            break;
        }
    }
    let path = request.split_whitespace().nth(1).unwrap_or("/");
    let path = path.split(['?', '#']).next().unwrap_or("/");
    let decoded = advocate::percent_decode(path.trim_start_matches('/'));
    let mut file = dir.join(&decoded);
    if decoded.split('/').any(|part| part == "..") {
        file = dir.join("nonexistent");
    }
    if file.is_dir() {
        file = file.join("index.html");
    }
    let (status, body, kind) = match std::fs::read(&file) {
        Ok(body) => ("200 OK", body, content_type(&file)),
        // As static hosts do (GitHub Pages, GitLab Pages, Netlify): a
        // missing address gets the site's 404 page.
        Err(_) => match std::fs::read(dir.join("404.html")) {
            Ok(page) => ("404 Not Found", page, "text/html; charset=utf-8"),
            Err(_) => ("404 Not Found", b"not found".to_vec(), "text/plain"),
        },
    };
    let cache = cache.map_or(String::new(), |c| format!("Cache-Control: {c}\r\n"));
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\n{cache}Connection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
    (head.len() + body.len()) as u64
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css",
        Some("js") => "text/javascript",
        Some("json") => "application/json",
        Some("xml") => "application/atom+xml",
        Some("png") => "image/png",
        Some("svg") => "image/svg+xml",
        Some("webmanifest") => "application/manifest+json",
        Some("wasm") => "application/wasm",
        _ => "application/octet-stream",
    }
}
