//! One post file checked on its own, as `advocate check --format json PATH`
//! checks it: what the portal's composer and an editor's language server
//! ask, with the file's text from the editor rather than the disk. The
//! other posts of the library are known only by their paths and ids, for
//! `duplicate-id`.

use super::{Checker, check_across};
use crate::diagnostic::{self, Diagnostic, Place};
use crate::policy::Policy;
use crate::post::Identity;
use crate::post::assets::Assets;
use crate::report::Report;
use crate::source::{LineCol, SourceFile};
use jiff::Timestamp;

/// Another post of the library: its path from the root and its id.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct KnownPost {
    pub path: String,
    pub id: String,
}

/// The diagnostics of the post at `path` (from the root, `library/…`)
/// with the text `text`, in report order.
pub fn check_file(
    policy: &crate::policy::Policy,
    path: &str,
    text: &str,
    now: Timestamp,
    assets: &Assets,
    known: &[KnownPost],
) -> Vec<Diagnostic> {
    let post = crate::post::parse(SourceFile::new(path, text), policy);
    check_parsed(policy, &post, now, assets, known).0
}

/// [`check_file`] of a post already parsed, with the final shares the
/// rules made (for the previews, so they are not made twice).
fn check_parsed(
    policy: &crate::policy::Policy,
    post: &crate::post::Post,
    now: Timestamp,
    assets: &Assets,
    known: &[KnownPost],
) -> (Vec<Diagnostic>, Option<Vec<crate::share::Share>>) {
    let path = post.source.path.as_str();
    let (mut found, shares) = Checker::new(policy, now).check_post_and_shares(post, assets);
    // The other posts' places are not needed: only this file's problems
    // are kept.
    let nowhere = Place {
        span: 0..0,
        start: LineCol { line: 1, column: 1 },
        end: LineCol { line: 1, column: 1 },
    };
    // Only a post at the same address can make `duplicate-id` here: the
    // rest of a large library is not copied on every keystroke.
    let address = crate::text::slug::slug(&post.id);
    let mut identities: Vec<Identity> = known
        .iter()
        .filter(|other| other.path != path && crate::text::slug::slug(&other.id) == address)
        .map(|other| Identity {
            path: other.path.clone(),
            id: other.id.clone(),
            id_place: nowhere.clone(),
            readable: true,
            campaign: None,
            content: None,
        })
        .collect();
    identities.push(post.identity());
    found.extend(
        check_across(&identities)
            .into_iter()
            .filter(|d| d.path == path),
    );
    diagnostic::sort(&mut found);
    (found, shares)
}

/// The document `advocate check --format json PATH` prints for this one
/// file: its diagnostics, or `policy.yaml`'s when the policy is invalid
/// (as the command prints them, with exit status 2). `zones` gives the
/// time zone the policy names (see [`crate::policy::parse_with_zones`]).
pub fn check_file_json(
    policy_yaml: &str,
    path: &str,
    text: &str,
    now: Timestamp,
    assets: &Assets,
    known: &[KnownPost],
    zones: &dyn Fn(&str) -> Option<jiff::tz::TimeZone>,
) -> String {
    let policy = ParsedPolicy::new(policy_yaml, zones);
    answer(&policy, path, text, now, assets, known).0
}

/// One network's final text, as it will be shared, measured against its
/// limit: what the composer previews and the language server's hover
/// shows beside the problems.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Preview {
    pub network: &'static str,
    pub label: &'static str,
    /// Index of the share block among the post's blocks.
    pub block: usize,
    /// The line of the block's opening fence (from 1).
    pub line: usize,
    pub text: String,
    pub length: usize,
    pub reserved: usize,
    pub limit: usize,
}

/// Each network's final text of `post`, blocks in file order.
pub fn previews(policy: &crate::policy::Policy, post: &crate::post::Post) -> Vec<Preview> {
    previews_of(
        policy,
        post,
        crate::share::shares_per_network(post, policy).0,
    )
}

/// [`previews`] from shares already made.
fn previews_of(
    policy: &crate::policy::Policy,
    post: &crate::post::Post,
    shares: Vec<crate::share::Share>,
) -> Vec<Preview> {
    shares
        .into_iter()
        .filter_map(|share| {
            let measure = crate::share::measure(policy, &share)?;
            let fence = post.body.shares.get(share.block)?.fence.start;
            Some(Preview {
                network: share.network.name(),
                label: share.network.label(),
                block: share.block,
                line: post.source.line_col(fence).line,
                text: share.text,
                length: measure.length,
                reserved: measure.reserved,
                limit: measure.limit,
            })
        })
        .collect()
}

/// `policy.yaml` read once, for many checks of one file as it is edited
/// (the browser's module keeps it while the policy's text is the same).
pub struct ParsedPolicy {
    file: SourceFile,
    policy: Result<Policy, Vec<Diagnostic>>,
}

impl ParsedPolicy {
    /// Reads `policy_yaml` with the time zones `zones` gives.
    pub fn new(
        policy_yaml: &str,
        zones: &dyn Fn(&str) -> Option<jiff::tz::TimeZone>,
    ) -> ParsedPolicy {
        let file = SourceFile::new("policy.yaml", policy_yaml);
        let policy = crate::policy::parse_with_zones(&file, zones);
        ParsedPolicy { file, policy }
    }

    /// The text it was read from.
    pub fn text(&self) -> &str {
        &self.file.text
    }
}

/// [`check_file_json`]'s document as `report`, with the post's
/// [`Preview`]s as `shares` (none when the policy is invalid): the whole
/// answer the browser's module gives.
pub fn check_file_answer_json(
    policy: &ParsedPolicy,
    path: &str,
    text: &str,
    now: Timestamp,
    assets: &Assets,
    known: &[KnownPost],
) -> String {
    let (report, previews) = answer(policy, path, text, now, assets, known);
    let shares = serde_json::to_string(&previews).unwrap_or_else(|_| "[]".into());
    format!("{{\"report\":{report},\"shares\":{shares}}}")
}

/// The report document and the previews, from one parse of the post.
fn answer(
    parsed: &ParsedPolicy,
    path: &str,
    text: &str,
    now: Timestamp,
    assets: &Assets,
    known: &[KnownPost],
) -> (String, Vec<Preview>) {
    let post_file = SourceFile::new(path, text);
    let (diagnostics, posts, previews) = match &parsed.policy {
        Ok(policy) => {
            let post = crate::post::parse(post_file.clone(), policy);
            let (found, shares) = check_parsed(policy, &post, now, assets, known);
            let previews = match shares {
                Some(shares) => previews_of(policy, &post, shares),
                None => previews(policy, &post),
            };
            (found, 1, previews)
        }
        Err(problems) => (problems.clone(), 0, Vec::new()),
    };
    let report = Report {
        diagnostics: &diagnostics,
        posts,
        sources: [
            (parsed.file.path.as_str(), &parsed.file),
            (post_file.path.as_str(), &post_file),
        ]
        .into_iter()
        .collect(),
        prefix: "",
        quiet: false,
    };
    // The JSON format alone (not `report::render`), so that a build for
    // the browser carries no other format's code.
    (crate::report::json::render(&report), previews)
}
