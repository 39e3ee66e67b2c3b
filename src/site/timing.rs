//! When to post: per network, the two hours of the day whose links were
//! clicked most in the exports (with an `hour` column), else the network
//! table's default. The portal's script staggers each browser within the
//! window, so colleagues don't all post the same minute.

use crate::analytics::Analytics;
use crate::policy::Policy;
use serde::Serialize;
use std::collections::BTreeMap;

/// Hours a window lasts.
const WINDOW_HOURS: u8 = 2;

/// Clicks with an hour a network needs before its exports, not the
/// default, say when to post.
const ENOUGH_CLICKS: u64 = 50;

/// A posting window: hours of the day in the site's time zone, `until`
/// after `from` (wrapping past midnight as 23 to 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Hash)]
pub(crate) struct Window {
    pub(crate) from: u8,
    pub(crate) until: u8,
    /// Whether the exports chose it (else it is the default).
    pub(crate) measured: bool,
}

/// Each enabled network's window, by id.
pub(crate) fn windows(
    policy: &Policy,
    analytics: Option<&Analytics>,
) -> BTreeMap<&'static str, Window> {
    let mut clicks_by_hour: BTreeMap<crate::network::Network, [u64; 24]> = BTreeMap::new();
    for row in analytics.map_or(&[][..], |a| &a.rows[..]) {
        if let (Some(hour), Some(network)) = (row.hour, row.network) {
            let hours = clicks_by_hour.entry(network).or_insert([0; 24]);
            crate::analytics::add(&mut hours[usize::from(hour)], row.clicks);
        }
    }
    policy
        .networks
        .iter()
        .map(|settings| {
            let network = settings.network;
            let (from, until) = network.spec().posting_hours;
            let window = clicks_by_hour.get(&network).and_then(best_start).map_or(
                Window {
                    from,
                    until,
                    measured: false,
                },
                |start| Window {
                    from: start,
                    until: (start + WINDOW_HOURS) % 24,
                    measured: true,
                },
            );
            (network.name(), window)
        })
        .collect()
}

/// The first hour of the two with the most clicks between them (the
/// earliest on a tie), when there are enough clicks to tell.
fn best_start(clicks: &[u64; 24]) -> Option<u8> {
    if crate::analytics::total(clicks.iter().copied()) < ENOUGH_CLICKS {
        return None;
    }
    let total = |start: usize| -> u64 {
        crate::analytics::total((0..usize::from(WINDOW_HOURS)).map(|k| clicks[(start + k) % 24]))
    };
    let best = (0..24).max_by(|&a, &b| total(a).cmp(&total(b)).then(b.cmp(&a)))?;
    u8::try_from(best).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hours(pairs: &[(usize, u64)]) -> [u64; 24] {
        let mut clicks = [0; 24];
        for &(hour, n) in pairs {
            clicks[hour] = n;
        }
        clicks
    }

    #[test]
    fn the_window_is_the_two_busiest_hours_when_there_are_enough_clicks() {
        let cases = [
            (hours(&[]), None),
            (hours(&[(9, 10), (10, 10)]), None),
            (hours(&[(9, 40), (10, 30), (18, 60)]), Some(9)),
            (hours(&[(18, 60), (19, 5)]), Some(18)),
            (hours(&[(23, 30), (0, 30)]), Some(23)),
            (hours(&[(7, 25), (8, 25), (14, 25), (15, 25)]), Some(7)),
        ];
        for (clicks, expected) in cases {
            assert_eq!(best_start(&clicks), expected, "{clicks:?}");
        }
    }
}
