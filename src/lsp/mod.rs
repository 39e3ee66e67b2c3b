//! `advocate lsp`: a language server over standard input and output
//! (rust-analyzer's `lsp-server` for the protocol). For posts in
//! `library/`, the editor's buffer is checked as `advocate check` checks
//! the file: diagnostics on open and change, quick fixes for the
//! suggestions, the final texts of a share block on hover, and completion
//! of front matter keys, networks, campaigns, topics and languages. A
//! change to `policy.yaml` checks the open posts again. docs/editors.md
//! says how to set up an editor.

mod convert;
mod workspace;

use crate::clock::Clock;
use crate::error::{Error, Outcome};
use convert::Encoding;
use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use lsp_types as lsp;
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use std::collections::BTreeMap;
use std::path::Path;
use workspace::Workspace;

/// Serves one editor until it says `exit`.
pub(crate) fn run(root: &Path, clock: Clock) -> Result<Outcome, Error> {
    let (connection, io) = Connection::stdio();
    let failed = |e: &dyn std::fmt::Display| Error::Usage(format!("language server: {e}"));
    let (id, params) = connection.initialize_start().map_err(|e| failed(&e))?;
    let params: lsp::InitializeParams = serde_json::from_value(params).unwrap_or_default();
    let encoding = Encoding::choose(
        params
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_deref()),
    );
    let capabilities = lsp::ServerCapabilities {
        position_encoding: Some(encoding.kind()),
        text_document_sync: Some(lsp::TextDocumentSyncCapability::Options(
            lsp::TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(lsp::TextDocumentSyncKind::FULL),
                save: Some(lsp::TextDocumentSyncSaveOptions::Supported(true)),
                ..Default::default()
            },
        )),
        code_action_provider: Some(lsp::CodeActionProviderCapability::Simple(true)),
        hover_provider: Some(lsp::HoverProviderCapability::Simple(true)),
        completion_provider: Some(lsp::CompletionOptions {
            trigger_characters: Some(vec![":".into(), " ".into(), ",".into(), "[".into()]),
            ..Default::default()
        }),
        ..Default::default()
    };
    let result = serde_json::json!({
        "capabilities": capabilities,
        "serverInfo": {"name": "advocate", "version": env!("CARGO_PKG_VERSION")},
    });
    connection
        .initialize_finish(id, result)
        .map_err(|e| failed(&e))?;
    let mut server = Server {
        connection: &connection,
        workspace: Workspace::load(root, clock),
        encoding,
        open: BTreeMap::new(),
    };
    server.serve().map_err(|e| failed(&e))?;
    drop(connection);
    io.join().map_err(|e| failed(&e))?;
    Ok(Outcome::Clean)
}

struct Server<'a> {
    connection: &'a Connection,
    workspace: Workspace,
    encoding: Encoding,
    /// The open posts and `policy.yaml`: path from the root → (address, text).
    open: BTreeMap<String, (lsp::Uri, String)>,
}

impl Server<'_> {
    fn serve(&mut self) -> Result<(), lsp_server::ProtocolError> {
        for message in &self.connection.receiver {
            match message {
                Message::Request(request) => {
                    if self.connection.handle_shutdown(&request)? {
                        return Ok(());
                    }
                    let response = self.answer(request);
                    self.send(Message::Response(response));
                }
                Message::Notification(notification) => self.take(notification),
                Message::Response(_) => {}
            }
        }
        Ok(())
    }

    fn send(&self, message: Message) {
        // The editor has gone when this fails; the loop then ends.
        let _ = self.connection.sender.send(message);
    }

    /// A notification: a document opened, changed, saved or closed.
    fn take(&mut self, notification: Notification) {
        use lsp::notification::{
            DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, DidSaveTextDocument,
        };
        let method = notification.method.clone();
        if method == DidOpenTextDocument::METHOD {
            if let Ok(p) = notification.extract::<lsp::DidOpenTextDocumentParams>(&method) {
                self.edited(p.text_document.uri, p.text_document.text);
            }
        } else if method == DidChangeTextDocument::METHOD {
            if let Ok(p) = notification.extract::<lsp::DidChangeTextDocumentParams>(&method)
                && let Some(change) = p.content_changes.into_iter().last()
            {
                self.edited(p.text_document.uri, change.text);
            }
        } else if method == DidSaveTextDocument::METHOD {
            if let Ok(p) = notification.extract::<lsp::DidSaveTextDocumentParams>(&method)
                && let Some(path) = self.workspace.relative(&p.text_document.uri)
            {
                self.workspace.saved(&path);
                self.publish_all();
            }
        } else if method == DidCloseTextDocument::METHOD
            && let Ok(p) = notification.extract::<lsp::DidCloseTextDocumentParams>(&method)
            && let Some(path) = self.workspace.relative(&p.text_document.uri)
        {
            self.open.remove(&path);
            self.publish(&p.text_document.uri, Vec::new());
        }
    }

    /// A buffer's new text: a post is checked again; the policy checks
    /// every open post again.
    fn edited(&mut self, uri: lsp::Uri, text: String) {
        let Some(path) = self.workspace.relative(&uri) else {
            return;
        };
        if path == crate::project::files::POLICY_FILE {
            self.workspace.set_policy(text.clone());
            self.open.insert(path, (uri, text));
            self.publish_all();
        } else if Workspace::is_post(&path) {
            self.open.insert(path.clone(), (uri, text));
            self.publish_one(&path);
        }
    }

    fn publish_all(&self) {
        for path in self.open.keys() {
            self.publish_one(path);
        }
    }

    fn publish_one(&self, path: &str) {
        let Some((uri, text)) = self.open.get(path) else {
            return;
        };
        let found = if path == crate::project::files::POLICY_FILE {
            let (text, problems) = self.workspace.policy_problems();
            problems
                .iter()
                .map(|d| convert::diagnostic(text, d, self.encoding))
                .collect()
        } else {
            self.workspace
                .check(path, text)
                .iter()
                .map(|d| convert::diagnostic(text, d, self.encoding))
                .collect()
        };
        self.publish(uri, found);
    }

    fn publish(&self, uri: &lsp::Uri, diagnostics: Vec<lsp::Diagnostic>) {
        let params = lsp::PublishDiagnosticsParams {
            uri: uri.clone(),
            diagnostics,
            version: None,
        };
        self.send(Message::Notification(Notification::new(
            lsp::notification::PublishDiagnostics::METHOD.into(),
            params,
        )));
    }

    /// A request: code actions, hover or completion; anything else is
    /// not supported.
    fn answer(&self, request: Request) -> Response {
        use lsp::request::{CodeActionRequest, Completion, HoverRequest};
        let id = request.id.clone();
        let method = request.method.clone();
        let result = if method == CodeActionRequest::METHOD {
            request
                .extract::<lsp::CodeActionParams>(&method)
                .map(|(_, p)| serde_json::to_value(self.code_actions(&p)))
        } else if method == HoverRequest::METHOD {
            request
                .extract::<lsp::HoverParams>(&method)
                .map(|(_, p)| serde_json::to_value(self.hover(&p)))
        } else if method == Completion::METHOD {
            request
                .extract::<lsp::CompletionParams>(&method)
                .map(|(_, p)| serde_json::to_value(self.complete(&p)))
        } else {
            return not_supported(id, &method);
        };
        match result {
            Ok(Ok(value)) => Response::new_ok(id, value),
            _ => Response::new_err(
                id,
                lsp_server::ErrorCode::InvalidParams as i32,
                format!("{method}: the parameters are not what the protocol says"),
            ),
        }
    }

    /// An open post's path and text.
    fn document(&self, uri: &lsp::Uri) -> Option<(&str, &str)> {
        let path = self.workspace.relative(uri)?;
        let (key, (_, text)) = self.open.get_key_value(&path)?;
        Workspace::is_post(key).then_some((key.as_str(), text.as_str()))
    }

    fn code_actions(&self, p: &lsp::CodeActionParams) -> Vec<lsp::CodeAction> {
        let uri = &p.text_document.uri;
        let Some((path, text)) = self.document(uri) else {
            return Vec::new();
        };
        self.workspace
            .check(path, text)
            .iter()
            .filter(|d| convert::overlaps(&convert::range(text, d, self.encoding), &p.range))
            .flat_map(|d| convert::fixes(uri, text, d, self.encoding))
            .collect()
    }

    fn hover(&self, p: &lsp::HoverParams) -> Option<lsp::Hover> {
        let at = &p.text_document_position_params;
        let (path, text) = self.document(&at.text_document.uri)?;
        let offset = convert::offset(text, at.position, self.encoding);
        let previews = self.workspace.previews_at(path, text, offset);
        if previews.is_empty() {
            return None;
        }
        let shown: Vec<String> = previews
            .iter()
            .map(|p| {
                let over = if p.length > p.limit {
                    format!(", over by {}", p.length - p.limit)
                } else {
                    String::new()
                };
                let fence = "`".repeat(3.max(longest_backtick_run(&p.text) + 1));
                format!(
                    "**{}**: {} of {}{over}\n\n{fence}text\n{}\n{fence}",
                    p.label, p.length, p.limit, p.text
                )
            })
            .collect();
        Some(lsp::Hover {
            contents: lsp::HoverContents::Markup(lsp::MarkupContent {
                kind: lsp::MarkupKind::Markdown,
                value: shown.join("\n\n"),
            }),
            range: None,
        })
    }

    fn complete(&self, p: &lsp::CompletionParams) -> Vec<lsp::CompletionItem> {
        let at = &p.text_document_position;
        let Some((_, text)) = self.document(&at.text_document.uri) else {
            return Vec::new();
        };
        let offset = convert::offset(text, at.position, self.encoding);
        self.workspace
            .complete(&text[..offset])
            .into_iter()
            .map(|c| lsp::CompletionItem {
                label: c.label,
                detail: Some(c.detail.into()),
                kind: Some(lsp::CompletionItemKind::VALUE),
                ..Default::default()
            })
            .collect()
    }
}

fn not_supported(id: RequestId, method: &str) -> Response {
    Response::new_err(
        id,
        lsp_server::ErrorCode::MethodNotFound as i32,
        format!("advocate's language server does not answer {method}"),
    )
}

/// The longest run of backticks in `text`, so a fence around it holds.
fn longest_backtick_run(text: &str) -> usize {
    text.split(|c| c != '`').map(str::len).max().unwrap_or(0)
}
