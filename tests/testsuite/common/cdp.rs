//! Just enough of the Chrome DevTools Protocol to drive Debian's headless
//! Chromium from tests: open a page, evaluate JavaScript, watch events.

use serde_json::{Value, json};
use std::collections::VecDeque;
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tungstenite::stream::MaybeTlsStream;
use tungstenite::{Message, WebSocket};

pub(crate) struct Browser {
    child: Child,
    socket: WebSocket<MaybeTlsStream<TcpStream>>,
    next_id: u64,
    /// Events received while waiting for replies, oldest first.
    pub(crate) events: VecDeque<Value>,
    _profile: tempfile::TempDir,
}

/// The Chromium binary, or `None` (tests then skip, except in CI).
pub(crate) fn chromium() -> Option<PathBuf> {
    let found = [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ]
    .iter()
    .map(PathBuf::from)
    .find(|p| p.exists());
    if found.is_none() {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("Chromium is required in CI: .ci/run installs Debian's chromium");
        }
        eprintln!("skipping browser test: no Chromium (apt-get install chromium)");
    }
    found
}

impl Browser {
    pub(crate) fn launch(binary: &PathBuf) -> Browser {
        let profile = tempfile::tempdir().unwrap();
        let child = Command::new(binary)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--remote-debugging-port=0",
                "--hide-scrollbars",
                "--lang=en-US",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            // Chromium's own scratch folders (org.chromium.Chromium.*) go
            // inside the profile, which is removed with it: a killed browser
            // would otherwise leave one in /tmp per test.
            .env("TMPDIR", profile.path())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromium starts");
        // Chromium writes its port and browser endpoint to this file.
        let port_file = profile.path().join("DevToolsActivePort");
        let started = Instant::now();
        let contents = loop {
            if let Ok(text) = std::fs::read_to_string(&port_file)
                && text.lines().count() >= 2
            {
                break text;
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "Chromium did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        };
        let mut lines = contents.lines();
        let port = lines.next().unwrap().trim();
        let path = lines.next().unwrap().trim();
        let (socket, _) = tungstenite::connect(format!("ws://127.0.0.1:{port}{path}"))
            .expect("DevTools connects");
        if let MaybeTlsStream::Plain(stream) = socket.get_ref() {
            stream
                .set_read_timeout(Some(Duration::from_secs(20)))
                .unwrap();
        }
        Browser {
            child,
            socket,
            next_id: 1,
            events: VecDeque::new(),
            _profile: profile,
        }
    }

    /// Sends a command (to a page's session when given) and returns its result.
    pub(crate) fn call(&mut self, session: Option<&str>, method: &str, params: Value) -> Value {
        match self.try_call(session, method, params) {
            Ok(result) => result,
            Err(error) => panic!("{method}: {error}"),
        }
    }

    /// Like `call`, but an error reply (a page navigating away mid-call) is
    /// returned, not a panic.
    pub(crate) fn try_call(
        &mut self,
        session: Option<&str>,
        method: &str,
        params: Value,
    ) -> Result<Value, Value> {
        let id = self.next_id;
        self.next_id += 1;
        let mut message = json!({"id": id, "method": method, "params": params});
        if let Some(session) = session {
            message["sessionId"] = json!(session);
        }
        self.socket
            .send(Message::Text(message.to_string().into()))
            .unwrap();
        loop {
            let reply = self.read();
            if reply["id"] == json!(id) {
                if let Some(error) = reply.get("error") {
                    return Err(error.clone());
                }
                return Ok(reply["result"].clone());
            }
            self.events.push_back(reply);
        }
    }

    fn read(&mut self) -> Value {
        loop {
            match self.socket.read().expect("DevTools answers") {
                Message::Text(text) => return serde_json::from_str(&text).unwrap(),
                Message::Close(_) => panic!("DevTools closed"),
                _ => {}
            }
        }
    }

    /// Opens a page and returns its session.
    pub(crate) fn open_page(&mut self) -> String {
        self.call(None, "Target.setDiscoverTargets", json!({"discover": true}));
        let target = self.call(None, "Target.createTarget", json!({"url": "about:blank"}));
        let attached = self.call(
            None,
            "Target.attachToTarget",
            json!({"targetId": target["targetId"], "flatten": true}),
        );
        let session = attached["sessionId"].as_str().unwrap().to_string();
        for domain in ["Page.enable", "Runtime.enable", "Log.enable"] {
            self.call(Some(&session), domain, json!({}));
        }
        session
    }

    pub(crate) fn navigate(&mut self, session: &str, url: &str) {
        self.call(Some(session), "Page.navigate", json!({"url": url}));
        self.wait_for(session, "document.readyState === 'complete'");
    }

    /// Evaluates an expression (awaiting a promise) and returns its value.
    pub(crate) fn eval(&mut self, session: &str, expression: &str) -> Value {
        let result = self.call(
            Some(session),
            "Runtime.evaluate",
            json!({"expression": expression, "awaitPromise": true, "returnByValue": true, "userGesture": true}),
        );
        if let Some(exception) = result.get("exceptionDetails") {
            panic!("{expression}: {exception}");
        }
        result["result"]["value"].clone()
    }

    /// Waits until an expression is true, or fails after a few seconds. A
    /// page that reloads meanwhile is just not there yet.
    pub(crate) fn wait_for(&mut self, session: &str, condition: &str) {
        let started = Instant::now();
        loop {
            let result = self.try_call(
                Some(session),
                "Runtime.evaluate",
                json!({"expression": format!("!!({condition})"), "returnByValue": true}),
            );
            if result.is_ok_and(|r| r["result"]["value"] == json!(true)) {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "timed out waiting for {condition}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Drains pending events.
    pub(crate) fn drain(&mut self, session: &str) {
        self.eval(session, "1");
    }

    /// Console errors, uncaught exceptions and failed loads seen so far.
    pub(crate) fn errors(&self) -> Vec<String> {
        self.events
            .iter()
            .filter_map(|event| match event["method"].as_str()? {
                "Runtime.exceptionThrown" => Some(event["params"]["exceptionDetails"].to_string()),
                "Runtime.consoleAPICalled" if event["params"]["type"] == "error" => {
                    Some(event["params"]["args"].to_string())
                }
                "Log.entryAdded" if event["params"]["entry"]["level"] == "error" => {
                    Some(event["params"]["entry"].to_string())
                }
                _ => None,
            })
            .collect()
    }

    /// Waits until a page opens at a URL starting with `prefix`, and returns it.
    pub(crate) fn wait_for_opened(&mut self, session: &str, prefix: &str) -> String {
        let started = Instant::now();
        loop {
            self.drain(session);
            if let Some(url) = self
                .opened_urls()
                .into_iter()
                .find(|u| u.starts_with(prefix))
            {
                return url;
            }
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "no page opened at {prefix}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// URLs of the pages opened so far (for share intents).
    pub(crate) fn opened_urls(&self) -> Vec<String> {
        self.events
            .iter()
            .filter(|e| {
                e["method"] == "Target.targetCreated" || e["method"] == "Target.targetInfoChanged"
            })
            .filter(|e| e["params"]["targetInfo"]["type"] == "page")
            .filter_map(|e| e["params"]["targetInfo"]["url"].as_str().map(String::from))
            .filter(|url| url.starts_with("https://"))
            .collect()
    }

    pub(crate) fn screenshot(
        &mut self,
        session: &str,
        width: u32,
        height: u32,
        mobile: bool,
        path: &std::path::Path,
    ) {
        // A page in the background, or one whose size just changed, may
        // draw no frame for a long while: bring it forward and wait for
        // two frames before asking for the picture.
        self.call(Some(session), "Page.bringToFront", json!({}));
        self.call(
            Some(session),
            "Emulation.setDeviceMetricsOverride",
            json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile}),
        );
        self.eval(
            session,
            "new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done(true))))",
        );
        let shot = self.call(
            Some(session),
            "Page.captureScreenshot",
            json!({"format": "png"}),
        );
        let bytes = decode_base64(shot["data"].as_str().unwrap());
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn decode_base64(text: &str) -> Vec<u8> {
    let value = |c: u8| -> u32 {
        match c {
            b'A'..=b'Z' => u32::from(c - b'A'),
            b'a'..=b'z' => u32::from(c - b'a') + 26,
            b'0'..=b'9' => u32::from(c - b'0') + 52,
            b'+' => 62,
            _ => 63,
        }
    };
    let clean: Vec<u8> = text
        .bytes()
        .filter(|&c| c != b'=' && !c.is_ascii_whitespace())
        .collect();
    let mut out = Vec::with_capacity(clean.len() * 3 / 4);
    for chunk in clean.chunks(4) {
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            n |= value(c) << (18 - 6 * i);
        }
        let bytes = n.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len()]);
    }
    out
}

impl Browser {
    /// Searches the portal's index page for `query` as a person would
    /// (the form submitted), and waits for the count of what it found.
    pub(crate) fn search(&mut self, session: &str, query: &str) {
        self.eval(
            session,
            &format!(
                "(() => {{ document.getElementById('count').textContent = 'pending'; const q = document.getElementById('q'); q.value = {}; q.form.requestSubmit(); }})()",
                json!(query)
            ),
        );
        self.wait_for(
            session,
            "/^\\d+ /.test(document.getElementById('count').textContent)",
        );
    }
}
