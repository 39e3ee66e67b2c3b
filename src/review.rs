//! `advocate review --base REV`: what a pull request changes, as employees
//! will receive it. For the reviewer, and for `$GITHUB_STEP_SUMMARY`.

use crate::diagnostic::{Diagnostic, Severity, count};
use crate::error::Error;
use crate::git::{ChangeKind, changes_since};
use crate::post::Post;
use crate::project::Project;
use crate::project::files::{PathKind, classify};
use crate::site::model::{PostView, Selection, post_view};
use std::fmt::Write as _;

/// GitHub's step summary takes at most 1 MiB; stay clear of it.
pub(crate) const SUMMARY_LIMIT: usize = 1000 * 1024;

/// The review's formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ReviewFormat {
    /// GitHub-flavoured Markdown, for a pull request or a step summary.
    Markdown,
    /// A standalone page.
    Html,
}

/// Every post changed since the merge base with `base`, as employees will
/// get it, with its diagnostics.
pub(crate) fn review(project: &Project, base: &str, format: ReviewFormat) -> Result<String, Error> {
    let root = project.root();
    let now = project.now();
    let changes =
        changes_since(root, base).map_err(|e| Error::Git(format!("--base {base}: {e}")))?;
    let diagnostics = project.diagnostics();
    let policy = project.policy();
    let selection = Selection {
        now,
        drafts: true,
        future: true,
    };
    let mut entries = Vec::new();
    for change in changes
        .iter()
        .filter(|c| classify(&c.path) == PathKind::Post)
    {
        let diagnostics: Vec<&Diagnostic> = diagnostics
            .iter()
            .filter(|d| d.path == change.path)
            .collect();
        let entry = match &change.kind {
            ChangeKind::Deleted => {
                let base = crate::git::merge_base(root, base).unwrap_or_default();
                let old = crate::git::show(root, &base, &change.path).unwrap_or_default();
                let title = old_title(&change.path, &old, policy);
                Entry {
                    change: "removed",
                    path: change.path.clone(),
                    title,
                    post: None,
                    diagnostics,
                }
            }
            kind => {
                let Some(post) = project.post(&change.path) else {
                    continue;
                };
                let change = match kind {
                    ChangeKind::Added => "added",
                    ChangeKind::Renamed(_) => "renamed",
                    _ => "changed",
                };
                let view = post
                    .is_readable()
                    .then(|| post_view(post, None, policy, &selection));
                let title = view
                    .as_ref()
                    .map_or_else(|| post.path().to_string(), |v| v.title.clone());
                Entry {
                    change,
                    path: post.path().to_string(),
                    title,
                    post: view.map(|v| (post, v)),
                    diagnostics,
                }
            }
        };
        entries.push(entry);
    }
    Ok(match format {
        ReviewFormat::Markdown => markdown(&entries, base, now),
        ReviewFormat::Html => html(&entries, base, now),
    })
}

struct Entry<'a> {
    change: &'static str,
    path: String,
    title: String,
    post: Option<(&'a Post, PostView)>,
    diagnostics: Vec<&'a Diagnostic>,
}

fn old_title(path: &str, text: &str, policy: &crate::policy::Policy) -> String {
    let post = crate::post::parse(crate::source::SourceFile::new(path, text), policy);
    post.fields
        .title
        .map_or_else(|| path.to_string(), |t| t.value)
}

/// A code fence longer than any run of backticks in `text`.
fn fence(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    "`".repeat(longest.max(2) + 1)
}

fn markdown(entries: &[Entry], base: &str, now: jiff::Timestamp) -> String {
    let all: Vec<Diagnostic> = entries
        .iter()
        .flat_map(|e| e.diagnostics.iter().map(|d| (*d).clone()))
        .collect();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "## advocate review: {} post{} changed since {}\n",
        entries.len(),
        if entries.len() == 1 { "" } else { "s" },
        crate::escape::markdown_code(base)
    );
    let _ = writeln!(
        out,
        "{} error(s), {} warning(s). Below: every share text exactly as employees will get it.\n",
        count(&all, Severity::Error),
        count(&all, Severity::Warning)
    );
    let mut sections = Vec::new();
    for entry in entries {
        let mut section = String::new();
        let _ = writeln!(
            section,
            "### {} · {}\n",
            entry.change,
            crate::escape::markdown(&entry.title)
        );
        section.push_str(&crate::escape::markdown_code(&entry.path));
        if let Some((post, view)) = &entry.post {
            let schedule = format!(
                "{} → {}",
                view.publish_date.as_deref().unwrap_or("now"),
                view.expires_date.as_deref().unwrap_or("no end")
            );
            let _ = write!(section, " · **{}** · {schedule}", post.status(now).as_str());
        }
        section.push_str("\n\n");
        if !entry.diagnostics.is_empty() {
            for d in &entry.diagnostics {
                let mark = if d.severity == Severity::Error {
                    "error"
                } else {
                    "warning"
                };
                let networks = d
                    .network_label()
                    .map(|n| format!(" ({n})"))
                    .unwrap_or_default();
                let _ = writeln!(
                    section,
                    "- **{mark}** {} {}{networks}: {}",
                    crate::escape::markdown_code(&format!("{}:{}:{}", d.path, d.line, d.column)),
                    d.rule,
                    crate::escape::markdown(&d.message)
                );
            }
            section.push('\n');
        }
        if let Some((_, view)) = &entry.post {
            for (text, networks) in identical_texts(view) {
                // Our own labels and counts: no author's text in them.
                let _ = writeln!(section, "{}\n", networks.join(" · "));
                let fence = fence(text);
                let _ = writeln!(section, "{fence}text\n{text}\n{fence}\n");
            }
        }
        sections.push(section);
    }
    let mut shown = 0;
    for section in &sections {
        if out.len() + section.len() > SUMMARY_LIMIT - 512 {
            break;
        }
        out.push_str(section);
        shown += 1;
    }
    if shown < sections.len() {
        let _ = writeln!(
            out,
            "\n> {} more post(s) not shown: the report is kept under GitHub's 1 MiB summary limit. Run {} locally for all of it.",
            sections.len() - shown,
            crate::escape::markdown_code(&format!("advocate review --base {base}"))
        );
    }
    out
}

/// Each distinct text once, with the networks that get it and their
/// lengths (`**X** 58 / 280`), in file order.
fn identical_texts(view: &PostView) -> Vec<(&str, Vec<String>)> {
    let mut texts: Vec<(&str, Vec<String>)> = Vec::new();
    for share in &view.shares {
        let over = if share.length > share.max_length {
            " **over the limit**"
        } else {
            ""
        };
        let label = format!(
            "**{}** {} / {}{over}",
            share.network.label(),
            share.length,
            share.max_length
        );
        match texts.iter_mut().find(|(text, _)| *text == share.text) {
            Some((_, labels)) => labels.push(label),
            None => texts.push((&share.text, vec![label])),
        }
    }
    texts
}

fn html(entries: &[Entry], base: &str, now: jiff::Timestamp) -> String {
    let e = crate::escape::markup;
    let mut out = String::from(
        "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>advocate review</title></head><body>\n",
    );
    let _ = writeln!(
        out,
        "<h1>advocate review: {} changed since <code>{}</code></h1>",
        entries.len(),
        e(base)
    );
    for entry in entries {
        let _ = writeln!(
            out,
            "<section><h2>{} · {}</h2><p><code>{}</code>",
            entry.change,
            e(&entry.title),
            e(&entry.path)
        );
        if let Some((post, view)) = &entry.post {
            let _ = write!(
                out,
                " · <strong>{}</strong> · {} → {}",
                post.status(now).as_str(),
                e(view.publish_date.as_deref().unwrap_or("now")),
                e(view.expires_date.as_deref().unwrap_or("no end"))
            );
        }
        out.push_str("</p>\n");
        if !entry.diagnostics.is_empty() {
            out.push_str("<ul>\n");
            for d in &entry.diagnostics {
                let _ = writeln!(
                    out,
                    "<li><strong>{}</strong> <code>{}:{}:{}</code> {}: {}</li>",
                    d.severity.as_str(),
                    e(&d.path),
                    d.line,
                    d.column,
                    e(&d.rule.to_string()),
                    e(&d.message)
                );
            }
            out.push_str("</ul>\n");
        }
        if let Some((_, view)) = &entry.post {
            for network in &view.networks {
                for index in &network.alternatives {
                    let share = &view.shares[*index];
                    let _ = writeln!(
                        out,
                        "<h3>{} · {} / {}</h3><pre>{}</pre>",
                        network.label,
                        share.length,
                        share.max_length,
                        e(&share.text)
                    );
                }
            }
        }
        out.push_str("</section>\n");
    }
    out.push_str("</body></html>\n");
    out
}
