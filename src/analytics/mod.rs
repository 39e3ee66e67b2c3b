//! Impact: the clicks on the tracked links, from the exports in
//! `analytics/` (docs/analytics.md): advocate's own CSV, or what an
//! analytics product writes, recognised by its content ([`SOURCES`]) and
//! read back to posts, networks and codes through the policy's tracked
//! links (`utm.rs`).
//!
//! Every row is accounted for: a row that does not parse or map is a
//! warning with its file and line (or its place in the JSON), left out and
//! counted, never read as zero or guessed.

mod advocate_csv;
pub(crate) mod ga4;
pub(crate) mod matomo;
mod model;
mod plausible;
pub(crate) mod pull;
mod single;
#[cfg(test)]
mod testing;
pub(crate) mod umami;
mod utm;

pub(crate) use model::{Analytics, Row, add, is_code, sum_by, total};

use crate::policy::Policy;
use crate::source::SourceFile;
use model::{Context, leave_out};
use std::collections::{BTreeMap, HashSet};

/// One kind of export: how a file of it is recognised and read. A new
/// analytics product is one entry here and its reader.
struct Source {
    recognises: fn(&SourceFile) -> bool,
    read: fn(&SourceFile, &Context, &mut Analytics),
}

/// Every kind, asked in this order; advocate's own CSV last, for any
/// other `.csv`.
const SOURCES: &[Source] = &[
    Source {
        recognises: ga4::is_report_json,
        read: ga4::read_report_json,
    },
    Source {
        recognises: plausible::recognises,
        read: plausible::read,
    },
    Source {
        recognises: matomo::is_visits,
        read: matomo::read_visits,
    },
    Source {
        recognises: matomo::is_report,
        read: matomo::read_report,
    },
    Source {
        recognises: umami::is_breakdown,
        read: umami::read_breakdown,
    },
    Source {
        recognises: umami::is_metrics,
        read: umami::read_metrics,
    },
    Source {
        recognises: |file| matomo::REPORT_CSV.recognises(file),
        read: |file, cx, out| matomo::REPORT_CSV.read(file, cx, out),
    },
    Source {
        recognises: |file| plausible::CSV.recognises(file),
        read: |file, cx, out| plausible::CSV.read(file, cx, out),
    },
    Source {
        recognises: ga4::is_csv,
        read: ga4::read_csv,
    },
    Source {
        recognises: advocate_csv::recognises,
        read: advocate_csv::read_file,
    },
];

/// Reads every export, knowing each post's campaign.
pub(crate) fn read_with_campaigns(
    files: &[SourceFile],
    known_ids: &HashSet<&str>,
    campaign_of: BTreeMap<String, String>,
    policy: &Policy,
) -> Analytics {
    let mut analytics = Analytics {
        present: !files.is_empty(),
        campaign_of,
        ..Analytics::default()
    };
    let cx = Context {
        known_ids,
        mapping: utm::Mapping::new(policy),
    };
    for file in files {
        match SOURCES.iter().find(|source| (source.recognises)(file)) {
            Some(source) => (source.read)(file, &cx, &mut analytics),
            None => leave_out(
                &mut analytics,
                file,
                0..0,
                "advocate does not know this export; docs/analytics.md lists those it reads".into(),
            ),
        }
    }
    analytics
}

#[cfg(test)]
mod tests {
    use super::model::MAX_COUNT;
    use super::*;

    #[test]
    fn totals_stay_at_the_top_rather_than_wrap() {
        assert_eq!(total([u64::MAX, 30].into_iter()), u64::MAX);
        let mut sum = u64::MAX - 1;
        add(&mut sum, MAX_COUNT);
        assert_eq!(sum, u64::MAX);
        assert_eq!(total([MAX_COUNT, 30].into_iter()), MAX_COUNT + 30);
    }
}
