//! `advocate lsp` driven by an LSP client over its standard input and
//! output (the protocol's framing from `lsp-server`): a changed buffer gets
//! exactly the command line's diagnostics for that text, a quick fix
//! repairs it, hover shows a share block's final texts with their lengths,
//! and completion offers the policy's networks.

use crate::common;
use lsp_server::{Message, Notification, Request, RequestId};
use serde_json::{Value, json};
use std::io::BufReader;
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, Stdio};

const NOW: &str = "2026-12-10T00:00:00Z";
const POST: &str = "library/tokyo-launch/open-house.md";

struct Client {
    child: Child,
    input: ChildStdin,
    output: BufReader<ChildStdout>,
    next: i32,
}

impl Client {
    fn start(root: &Path) -> Client {
        let mut child = common::command()
            .arg("--root")
            .arg(root)
            .args(["lsp", "--now", NOW])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let input = child.stdin.take().unwrap();
        let output = BufReader::new(child.stdout.take().unwrap());
        Client {
            child,
            input,
            output,
            next: 1,
        }
    }

    fn send(&mut self, message: Message) {
        message.write(&mut self.input).unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(Message::Notification(Notification::new(
            method.into(),
            params,
        )));
    }

    /// Sends a request and returns its result (other messages meanwhile
    /// are dropped).
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next;
        self.next += 1;
        self.send(Message::Request(Request::new(
            RequestId::from(id),
            method.into(),
            params,
        )));
        loop {
            if let Message::Response(response) = self.read()
                && response.id == RequestId::from(id)
            {
                return match response.response_result {
                    Ok(result) => result,
                    Err(error) => panic!("{method}: {} {}", error.code, error.message),
                };
            }
        }
    }

    fn read(&mut self) -> Message {
        Message::read(&mut self.output)
            .unwrap()
            .expect("the server is still there")
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        loop {
            if let Message::Notification(n) = self.read()
                && n.method == "textDocument/publishDiagnostics"
                && n.params["uri"] == uri
            {
                return n.params["diagnostics"].as_array().unwrap().clone();
            }
        }
    }
}

/// The command line's diagnostics for `text` at `POST` in `root`, in the
/// protocol's terms (lines from 0, columns in UTF-16 units).
fn command_line(root: &Path, text: &str) -> Vec<Value> {
    let file = root.join(POST);
    let before = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text).unwrap();
    let output = common::advocate(
        root,
        &[
            "check",
            "--format",
            "json",
            "--now",
            NOW,
            file.to_str().unwrap(),
        ],
    );
    std::fs::write(&file, before).unwrap();
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let lines: Vec<&str> = text.split('\n').collect();
    let position = |line: u64, column: u64| {
        let units: usize = lines[line as usize - 1]
            .chars()
            .take(column as usize - 1)
            .map(char::len_utf16)
            .sum();
        json!({"line": line - 1, "character": units})
    };
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            json!({
                "range": {
                    "start": position(d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap()),
                    "end": position(d["end_line"].as_u64().unwrap(), d["end_column"].as_u64().unwrap()),
                },
                "severity": if d["severity"] == "error" { 1 } else { 2 },
                "code": d["rule"],
                "source": "advocate",
                "message": d["message"],
            })
        })
        .collect()
}

/// `text` with one protocol edit applied (UTF-16 columns).
fn apply(text: &str, edit: &Value) -> String {
    let offset = |at: &Value| {
        let line = at["line"].as_u64().unwrap() as usize;
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        let mut units = 0;
        for (i, c) in text[start..].char_indices() {
            if units >= at["character"].as_u64().unwrap() as usize {
                return start + i;
            }
            units += c.len_utf16();
        }
        text.len()
    };
    let (from, to) = (
        offset(&edit["range"]["start"]),
        offset(&edit["range"]["end"]),
    );
    format!(
        "{}{}{}",
        &text[..from],
        edit["newText"].as_str().unwrap(),
        &text[to..]
    )
}

#[test]
fn the_language_server_checks_fixes_previews_and_completes_a_buffer() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    common::copy_example(root);
    let uri = url::Url::from_file_path(root.canonicalize().unwrap().join(POST))
        .unwrap()
        .to_string();
    let on_disk = std::fs::read_to_string(root.join(POST)).unwrap();

    let mut client = Client::start(root);
    let initialized = client.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {"general": {"positionEncodings": ["utf-16"]}}}),
    );
    assert_eq!(initialized["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(initialized["serverInfo"]["name"], "advocate");
    client.notify("initialized", json!({}));

    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": on_disk}}),
    );
    assert_eq!(client.diagnostics(&uri), command_line(root, &on_disk));

    // Hover on the first share block: each network's final text and
    // length, as the portal publishes them.
    let block_line = on_disk
        .lines()
        .position(|l| l.starts_with("```share"))
        .unwrap()
        + 1;
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": block_line, "character": 3}}),
    );
    let shown = hover["contents"]["value"].as_str().unwrap();
    let portal = common::example_portal(NOW);
    let posts = common::read_json(portal.out.join("posts.json"));
    let x = common::published_share(&posts, "open-house", "x");
    assert!(
        shown.contains(&format!("**X**: {} of {}", x["length"], x["max_length"])),
        "{shown}"
    );
    assert!(shown.contains(x["text"].as_str().unwrap()), "{shown}");

    // An absolute claim typed into the buffer (not saved): the command
    // line's diagnostics for that text.
    let changed = on_disk.replacen("お気軽に", "絶対に", 1);
    assert_ne!(changed, on_disk);
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": changed}]}),
    );
    let found = client.diagnostics(&uri);
    assert_eq!(found, command_line(root, &changed));
    let claim = found
        .iter()
        .find(|d| d["code"] == "term/absolute-claims")
        .expect("the claim is found")
        .clone();

    // Its quick fix puts the policy's suggestion in its place.
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": claim["range"], "context": {"diagnostics": [claim]}}),
    );
    let action = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Replace with 目指します")
        .expect("a quick fix per suggestion");
    assert_eq!(action["kind"], "quickfix");
    let edit = &action["edit"]["changes"][&uri][0];
    let fixed = apply(&changed, edit);
    assert!(fixed.contains("目指しますに"), "{fixed}");
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": fixed}]}),
    );
    let after = client.diagnostics(&uri);
    assert!(
        !after.iter().any(|d| d["code"] == "term/absolute-claims"),
        "{after:?}"
    );
    assert_eq!(after, command_line(root, &fixed));

    // Completion of a network in the front matter.
    let networks_line = fixed
        .lines()
        .position(|l| l.starts_with("networks:"))
        .unwrap();
    let items = client.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": {"line": networks_line, "character": 11}}),
    );
    let labels: Vec<&str> = items
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|i| i["label"].as_str())
        .collect();
    assert!(
        labels.contains(&"linkedin") && labels.contains(&"x"),
        "{labels:?}"
    );

    // A policy change checks the open post again: the term allowed, the
    // claim is no problem.
    let policy = std::fs::read_to_string(root.join("policy.yaml")).unwrap();
    let policy_uri = url::Url::from_file_path(root.canonicalize().unwrap().join("policy.yaml"))
        .unwrap()
        .to_string();
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": policy_uri, "languageId": "yaml", "version": 1, "text": policy.replace("絶対, ", "")}}),
    );
    // (The policy's change itself checks the open post again first.)
    client.diagnostics(&uri);
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 4}, "contentChanges": [{"text": changed}]}),
    );
    let relaxed = client.diagnostics(&uri);
    assert!(
        !relaxed.iter().any(|d| d["code"] == "term/absolute-claims"),
        "{relaxed:?}"
    );

    client.request("shutdown", Value::Null);
    client.notify("exit", Value::Null);
    let status = client.child.wait().unwrap();
    assert!(status.success());
}
