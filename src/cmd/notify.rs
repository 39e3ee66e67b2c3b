//! `advocate notify --to teams`: the digest, posted to a chat tool.

use crate::cli::NotifyArgs;
use crate::clock::Clock;
use crate::digest::{Kind, Mail, Options};
use crate::error::{Error, Outcome};
use crate::project::Project;
use std::path::Path;

pub(crate) fn run(root: &Path, args: &NotifyArgs) -> Result<Outcome, Error> {
    let target = crate::notify::target(&args.to)
        .ok_or_else(|| Error::Usage(format!("advocate cannot post to {}", args.to)))?;
    let settings = crate::notify::Settings::from_env(target)?;
    let project = Project::load(root, Clock::resolve(args.now.as_deref())?)?;
    let published = args
        .published
        .as_deref()
        .map(crate::notify::published_ids)
        .transpose()?;
    let kind = if args.new {
        Kind::NewPosts
    } else {
        Kind::Digest
    };
    let since = args
        .since
        .as_deref()
        .unwrap_or(if args.new { "24h" } else { "7d" });
    let options = Options {
        since,
        kind,
        format: target.format,
        mail: &Mail::default(),
        published: published.as_ref(),
    };
    let (payload, new_posts) = crate::digest::digest(&project, &options)?;
    if kind == Kind::NewPosts && new_posts == 0 {
        let when = match &args.published {
            Some(_) => "since the last publish".to_string(),
            None => format!("in the last {since}"),
        };
        println!(
            "nothing went live {when}; nothing posted to {}",
            target.label
        );
        return Ok(Outcome::Clean);
    }
    crate::notify::post(target, &settings, &payload)?;
    println!(
        "posted the {} to {}",
        match kind {
            Kind::Digest => "digest",
            Kind::NewPosts => "new posts",
        },
        target.label
    );
    Ok(Outcome::Clean)
}
