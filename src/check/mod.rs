//! Judging posts against the policy (SPEC §4–6).
//!
//! Each rule family is a small pure function over one post; duplicate ids
//! are the one rule that spans posts. Posts are checked in parallel.

pub(crate) mod duplicates;
mod fields;
mod image;
mod links;
mod schedule;
mod shares;
mod terms;

use crate::diagnostic::{self, Diagnostic};
use crate::policy::Policy;
use crate::policy::terms::{Place, TermMatcher, TermRule};
use crate::post::Post;
use crate::project::assets::Assets;
use jiff::Timestamp;

/// What the rules need besides the post; built once per run.
pub(crate) struct Checker<'a> {
    pub(crate) policy: &'a Policy,
    pub(crate) now: Timestamp,
    /// The disclosure entries that are phrases, not hashtags.
    disclosure_phrases: TermMatcher,
}

impl<'a> Checker<'a> {
    pub(crate) fn new(policy: &'a Policy, now: Timestamp) -> Self {
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
                severity: diagnostic::Severity::Error,
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
    pub(crate) fn check_post(&self, post: &Post, assets: &Assets) -> Vec<Diagnostic> {
        let mut found = post.diagnostics.clone();
        if !post.is_readable() {
            return found;
        }
        if let Some(expired) = schedule::expired(post, self.now) {
            // Policy rules don't judge what will never be published again.
            found.push(expired);
            return found;
        }
        let (shares, problems) = crate::share::shares_per_network(post, self.policy);
        let written: Vec<Written> = post
            .body
            .shares
            .iter()
            .map(|b| Written::new(&b.text))
            .collect();
        found.extend(problems);
        found.extend(fields::required(post, self.policy));
        found.extend(links::check(post, self.policy, &shares, &written));
        found.extend(terms::check(post, &self.policy.terms, &shares, &written));
        found.extend(shares::check(self, post, &shares, &written));
        found.extend(image::check(post, self.policy, assets));
        found.extend(schedule::check(post, self.policy, self.now));
        diagnostic::merge_networks(found)
    }
}

/// The rules that span posts: duplicate ids.
pub(crate) fn check_across(posts: &[&Post]) -> Vec<Diagnostic> {
    duplicates::check(posts)
}

/// A share block's text as the author wrote it (`{link}` blanked out),
/// with its URLs: what several rules read, worked out once per block.
pub(crate) struct Written {
    pub(crate) text: String,
    pub(crate) urls: Vec<crate::text::urls::FoundUrl>,
}

impl Written {
    fn new(block_text: &str) -> Written {
        let text = crate::share::masked_text(block_text);
        let urls = crate::text::urls::find_urls(&text);
        Written { text, urls }
    }
}

/// The networks a block serves, for naming them in its diagnostics.
fn block_networks(shares: &[crate::share::Share], block: usize) -> Vec<String> {
    shares
        .iter()
        .filter(|s| s.block == block)
        .map(|s| s.network.name().to_string())
        .collect()
}
