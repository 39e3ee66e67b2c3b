//! load → parse → check, shared by the commands that need checked posts.

use crate::check::Checker;
use crate::diagnostic::Diagnostic;
use crate::policy::{self, Policy};
use crate::post::{self, Post};
use crate::source::SourceFile;
use crate::workspace::{self, Library};
use jiff::Timestamp;
use rayon::prelude::*;
use std::path::Path;

/// Why a run could not go on (exit status 2).
#[derive(Debug)]
pub enum RunError {
    /// A usage or I/O problem, said in one sentence.
    Fatal(String),
    /// `policy.yaml` is invalid: its diagnostics, to print in any format.
    Policy(SourceFile, Vec<Diagnostic>),
}

pub struct Checked {
    pub policy_file: SourceFile,
    pub policy: Policy,
    pub library: Library,
    pub posts: Vec<Post>,
    /// Every diagnostic of the library, sorted.
    pub diagnostics: Vec<Diagnostic>,
    /// The click exports and what they say.
    pub analytics_files: Vec<SourceFile>,
    pub analytics: crate::analytics::Analytics,
}

impl Checked {
    /// Post files found, whether or not they parse.
    pub fn post_count(&self) -> usize {
        self.posts.len() + self.library.unreadable.len()
    }

    /// Every file a diagnostic may point into.
    pub fn sources(&self) -> impl Iterator<Item = &SourceFile> {
        self.posts
            .iter()
            .map(|p| &p.source)
            .chain(self.library.unreadable.iter().map(|u| &u.0))
            .chain(self.analytics_files.iter())
            .chain(std::iter::once(&self.policy_file))
    }
}

pub fn load_policy(root: &Path) -> Result<(SourceFile, Policy), RunError> {
    let file = workspace::read_policy_file(root).map_err(RunError::Fatal)?;
    match policy::parse(&file) {
        Ok(policy) => Ok((file, policy)),
        Err(diagnostics) => Err(RunError::Policy(file, diagnostics)),
    }
}

pub fn check_repository(root: &Path, now: Timestamp) -> Result<Checked, RunError> {
    let (policy_file, policy) = load_policy(root)?;
    let mut library = workspace::load_library(root).map_err(RunError::Fatal)?;
    let files = std::mem::take(&mut library.posts);
    let checker = Checker::new(&policy, now, &library.assets);
    // Parse and check each post in one parallel pass.
    let (posts, per_post): (Vec<Post>, Vec<Vec<Diagnostic>>) = files
        .into_par_iter()
        .map(|file| {
            let post = post::parse(file, &policy);
            let diagnostics = checker.check_post(&post);
            (post, diagnostics)
        })
        .unzip();
    let mut diagnostics: Vec<Diagnostic> = per_post.into_iter().flatten().collect();
    diagnostics.extend(checker.check_across(&posts));
    let analytics_files = workspace::read_analytics(root).map_err(RunError::Fatal)?;
    let known: std::collections::HashSet<&str> = posts.iter().map(|p| p.id.as_str()).collect();
    let campaign_of = posts
        .iter()
        .filter_map(|p| Some((p.id.clone(), p.fields.campaign.as_ref()?.value.clone())))
        .collect();
    let analytics = crate::analytics::read_with_campaigns(&analytics_files, &known, campaign_of);
    diagnostics.extend(analytics.warnings.iter().cloned());
    diagnostics.extend(library.unreadable.iter().map(|u| u.1.clone()));
    crate::diagnostic::sort(&mut diagnostics);
    Ok(Checked {
        policy_file,
        policy,
        library,
        posts,
        diagnostics,
        analytics_files,
        analytics,
    })
}
