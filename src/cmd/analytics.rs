//! `advocate analytics pull`: the figures from the analytics product
//! policy.yaml names, into analytics/.

use crate::cli::PullArgs;
use crate::clock::Clock;
use crate::error::{Error, Outcome};
use std::path::Path;

/// Pulls the last `--days` days and says what it wrote.
pub(crate) fn pull(root: &Path, args: &PullArgs) -> Result<Outcome, Error> {
    let (_, policy) = crate::project::load_policy(root)?;
    let now = Clock::resolve(args.now.as_deref())?.now();
    let today = now.to_zoned_datetime(policy.site.timezone.clone()).date();
    let pulled = crate::analytics::pull::pull(root, &policy, today, args.days)?;
    println!(
        "pulled {} rows from {} ({} to {}) into {}",
        pulled.rows, pulled.label, pulled.first_day, pulled.last_day, pulled.file
    );
    for note in &pulled.notes {
        eprintln!("warning: {note}");
    }
    Ok(Outcome::Clean)
}
