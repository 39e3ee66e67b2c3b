//! Judging posts against the policy (docs/policy.md, docs/diagnostics.md).
//!
//! Each rule is one file with a pure function over one post's
//! [`PostCheck`], listed once in [`POST_RULES`]; its id, severity and
//! description are in the rule table (`crate::rule`). Duplicate ids are the
//! one rule that spans posts. Posts are checked in parallel.

pub mod codeowners;
mod context;
mod disclosure;
mod duplicates;
mod fields;
pub mod file;
#[cfg(test)]
mod fixture;
mod hashtags;
mod hidden;
mod html_entity;
mod image;
mod length;
mod links;
pub mod schedule;
mod terms;
mod todo;

use crate::diagnostic::{self, Diagnostic, Severity};
use crate::policy::Policy;
use crate::policy::terms::{Place, TermMatcher, TermRule};
use crate::post::Post;
use crate::post::assets::Assets;
use crate::share::Share;
use context::{PostCheck, Written};
use jiff::Timestamp;

/// A rule over one post.
type PostRule = fn(&PostCheck) -> Vec<Diagnostic>;

/// Every rule over one post, in the order they report. A new rule is one
/// file and one entry here (and one in `crate::rule::RULES`).
const POST_RULES: &[PostRule] = &[
    fields::check,
    todo::check,
    links::check,
    terms::check,
    html_entity::check,
    hidden::check,
    length::check,
    disclosure::check,
    hashtags::check,
    image::check,
    schedule::check,
];

/// What the rules need besides the post; built once per run.
pub struct Checker<'a> {
    policy: &'a Policy,
    now: Timestamp,
    /// The disclosure entries that are phrases, not hashtags.
    disclosure_phrases: TermMatcher,
}

impl<'a> Checker<'a> {
    pub fn new(policy: &'a Policy, now: Timestamp) -> Self {
        let phrases: Vec<String> = policy
            .disclosure
            .iter()
            .flat_map(|d| d.any_of.iter())
            .filter(|entry| !entry.starts_with(['#', '＃']))
            .cloned()
            .collect();
        let disclosure_phrases = if phrases.is_empty() {
            TermMatcher::default()
        } else {
            TermMatcher::new(vec![TermRule {
                id: "disclosure".into(),
                severity: Severity::Error,
                message: String::new(),
                matches: phrases,
                suggest: Vec::new(),
                except: Vec::new(),
                case_sensitive: false,
                places: vec![Place::Share],
            }])
        };
        Checker {
            policy,
            now,
            disclosure_phrases,
        }
    }

    /// One post's diagnostics: its parse problems, then the rules.
    pub fn check_post(&self, post: &Post, assets: &Assets) -> Vec<Diagnostic> {
        self.check_post_and_shares(post, assets).0
    }

    /// The same, with the post's final shares when the rules made them (a
    /// later stage need not make them again).
    pub fn check_post_and_shares(
        &self,
        post: &Post,
        assets: &Assets,
    ) -> (Vec<Diagnostic>, Option<Vec<Share>>) {
        let mut found = post.diagnostics.clone();
        if !post.is_readable() {
            return (found, None);
        }
        if let Some(expired) = schedule::expired(post, self.now) {
            // Policy rules don't judge what will never be published again.
            found.push(expired);
            return (found, None);
        }
        let (shares, problems) = crate::share::shares_per_network(post, self.policy);
        found.extend(problems);
        let cx = PostCheck {
            post,
            policy: self.policy,
            now: self.now,
            assets,
            disclosure_phrases: &self.disclosure_phrases,
            written: post
                .body
                .shares
                .iter()
                .map(|b| Written::new(&b.text))
                .collect(),
            shares,
        };
        for rule in POST_RULES {
            found.extend(rule(&cx));
        }
        (diagnostic::merge_networks(found), Some(cx.shares))
    }
}

/// The rules that span posts: duplicate ids.
pub fn check_across(posts: &[crate::post::Identity]) -> Vec<Diagnostic> {
    duplicates::check(posts)
}
