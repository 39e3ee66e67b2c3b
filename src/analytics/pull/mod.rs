//! `advocate analytics pull`: the last days' figures from the analytics
//! product `policy.yaml` names (`analytics:`), written into `analytics/`
//! as that product's own answer (one file per source, replaced whole, so
//! a failed pull leaves the last good one as it was). The readers in
//! `analytics/` read them like any export.

mod ask;
mod google;

mod matomo;
mod plausible;
mod umami;

use crate::error::Error;
use crate::policy::Policy;
use ask::{Answer, Ask};
use jiff::civil::Date;
use std::path::{Path, PathBuf};

/// One product advocate pulls from: its name in `analytics.source`, its
/// label, and how it is asked. A new one is an entry here.
struct Puller {
    source: &'static str,
    label: &'static str,
    pull: fn(&crate::http::Http, &Ask) -> Result<Answer, Error>,
}

const PULLERS: &[Puller] = &[
    Puller {
        source: "ga4",
        label: "Google Analytics 4",
        pull: google::pull,
    },
    Puller {
        source: "plausible",
        label: "Plausible",
        pull: plausible::pull,
    },
    Puller {
        source: "matomo",
        label: "Matomo",
        pull: matomo::pull,
    },
    Puller {
        source: "umami",
        label: "Umami",
        pull: umami::pull,
    },
];

/// What a pull did.
pub(crate) struct Pulled {
    pub(crate) label: &'static str,
    pub(crate) rows: usize,
    pub(crate) first_day: Date,
    pub(crate) last_day: Date,
    /// The file written, from the root.
    pub(crate) file: String,
    pub(crate) notes: Vec<String>,
}

/// Pulls the `days` days up to `today` into `analytics/SOURCE.json`.
pub(crate) fn pull(root: &Path, policy: &Policy, today: Date, days: u32) -> Result<Pulled, Error> {
    let Some(source) = &policy.analytics else {
        return Err(Error::Usage(
            "policy.yaml names no analytics source to pull from; add `analytics:` with `source` and `site` (docs/analytics.md)".into(),
        ));
    };
    let Some(puller) = PULLERS.iter().find(|p| p.source == source.source) else {
        return Err(Error::Usage(format!(
            "advocate cannot pull from {} yet",
            source.source
        )));
    };
    let days = days.clamp(1, 3660);
    let first_day = today
        .checked_sub(jiff::Span::new().days(i64::from(days) - 1))
        .unwrap_or(today);
    let ask = Ask {
        source,
        first_day,
        last_day: today,
        params: super::utm::Mapping::new(policy).keys(),
        zone: policy.site.timezone.clone(),
    };
    let answer = (puller.pull)(&crate::http::Http::new(), &ask)?;
    let file = format!(
        "{}/{}.json",
        crate::project::files::ANALYTICS_DIR,
        source.source
    );
    replace(&root.join(&file), &answer.json)?;
    Ok(Pulled {
        label: puller.label,
        rows: answer.rows,
        first_day,
        last_day: today,
        file,
        notes: answer.notes,
    })
}

/// Writes `text` to a file beside `path` and renames it over `path`:
/// readers see the old file or the new one, never half of one.
fn replace(path: &Path, text: &str) -> Result<(), Error> {
    let folder = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(folder).map_err(|e| Error::io("cannot create", folder, e))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary: PathBuf = folder.join(format!(".{name}.pulling"));
    std::fs::write(&temporary, text).map_err(|e| Error::io("cannot write", &temporary, e))?;
    std::fs::rename(&temporary, path).map_err(|e| {
        let _ = std::fs::remove_file(&temporary);
        Error::io("cannot replace", path, e)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_source_the_policy_takes_has_a_puller() {
        for source in crate::policy::ANALYTICS_SOURCES {
            assert!(PULLERS.iter().any(|p| p.source == source), "{source}");
        }
    }
}
