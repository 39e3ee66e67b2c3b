//! Where "now" comes from: `--now`, `SOURCE_DATE_EPOCH` or the system clock.
//! The core crate never reads a clock; commands resolve one here and pass
//! its instant down.

use jiff::Timestamp;

/// Where "now" comes from: one instant for a whole run, or the clock for a
/// preview that runs for hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Clock {
    /// `--now` or `SOURCE_DATE_EPOCH`: reproducible runs.
    Fixed(Timestamp),
    /// The system clock, read each time it is asked.
    System,
}

impl Clock {
    /// `--now`, else `SOURCE_DATE_EPOCH`, else the clock (docs/diagnostics.md, "Now"): the same
    /// for every command.
    pub(crate) fn resolve(flag: Option<&str>) -> Result<Clock, crate::error::Error> {
        use crate::error::Error;
        if let Some(text) = flag {
            return text.parse::<Timestamp>().map(Clock::Fixed).map_err(|_| {
                Error::Usage(format!(
                    "--now `{text}` is not an RFC 3339 time such as 2026-12-10T00:00:00Z"
                ))
            });
        }
        if let Ok(epoch) = std::env::var("SOURCE_DATE_EPOCH") {
            let seconds: i64 = epoch.trim().parse().map_err(|_| {
                Error::Usage(format!(
                    "SOURCE_DATE_EPOCH `{epoch}` is not a number of seconds"
                ))
            })?;
            return Timestamp::from_second(seconds)
                .map(Clock::Fixed)
                .map_err(|e| Error::Usage(format!("SOURCE_DATE_EPOCH: {e}")));
        }
        Ok(Clock::System)
    }

    /// The time now, by this clock.
    pub(crate) fn now(self) -> Timestamp {
        match self {
            Clock::Fixed(instant) => instant,
            Clock::System => Timestamp::now(),
        }
    }
}
