//! Dates and times: the post window and calendar days. "Now" is always
//! the caller's: this crate never reads a clock.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};

/// A `publish_at` or `expires_at` value: the instant it means and the
/// calendar date it was written for (in the site's zone).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PostTime {
    pub instant: Timestamp,
    pub date: Date,
    /// `YYYY-MM-DD` rather than a date-time.
    pub date_only: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edge {
    /// A bare date starts at 00:00 of that day.
    Start,
    /// A bare date ends at 00:00 of the next day: the whole day is included.
    End,
}

/// Reads an RFC 3339 date-time with an offset, or a bare date in `zone`.
pub fn parse_post_time(text: &str, zone: &TimeZone, edge: Edge) -> Result<PostTime, String> {
    let text = text.trim();
    if let Ok(date) = text.parse::<Date>()
        && text.len() == 10
    {
        let day = match edge {
            Edge::Start => date,
            Edge::End => date
                .checked_add(1.day())
                .map_err(|_| format!("`{text}` is out of range"))?,
        };
        let instant = day
            .to_zoned_datetime(zone.clone())
            .map_err(|e| format!("`{text}`: {e}"))?
            .timestamp();
        return Ok(PostTime {
            instant,
            date,
            date_only: true,
        });
    }
    match text.parse::<Timestamp>() {
        Ok(instant) => Ok(PostTime {
            instant,
            date: instant.to_zoned_datetime(zone.clone()).date(),
            date_only: false,
        }),
        Err(_) if text.parse::<jiff::civil::DateTime>().is_ok() => Err(format!(
            "`{text}` has no UTC offset; add one such as `+09:00` or `Z`, or write a bare date `YYYY-MM-DD`"
        )),
        Err(_) => Err(format!(
            "`{text}` is not a date; write `YYYY-MM-DD` or an RFC 3339 date-time such as `2026-12-01T09:00:00+09:00`"
        )),
    }
}

/// Whole calendar days from one date to another.
pub fn days_between(from: Date, to: Date) -> i64 {
    (to - from).get_days() as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_post_times() {
        let tokyo = TimeZone::get("Asia/Tokyo").unwrap();
        let cases = [
            ("2026-12-01", Edge::Start, "2026-11-30T15:00:00Z"),
            ("2026-12-01", Edge::End, "2026-12-01T15:00:00Z"),
            (
                "2026-12-01T09:00:00+09:00",
                Edge::Start,
                "2026-12-01T00:00:00Z",
            ),
            ("2026-12-01T09:00:00Z", Edge::End, "2026-12-01T09:00:00Z"),
        ];
        for (text, edge, expected) in cases {
            let time = parse_post_time(text, &tokyo, edge).unwrap();
            assert_eq!(time.instant.to_string(), expected, "{text}");
        }
        assert!(
            parse_post_time("2026-12-01T09:00:00", &tokyo, Edge::Start)
                .unwrap_err()
                .contains("no UTC offset")
        );
        assert!(parse_post_time("soon", &tokyo, Edge::Start).is_err());
        assert!(parse_post_time("2026-02-30", &tokyo, Edge::Start).is_err());
    }

    #[test]
    fn counts_calendar_days() {
        let from: Date = "2026-12-01".parse().unwrap();
        let to: Date = "2027-03-31".parse().unwrap();
        assert_eq!(days_between(from, to), 120);
    }
}
