//! The clock: "today" and "now", pinned by `--today` or `READYROOM_NOW` so that checks,
//! tests and handovers are reproducible. Pure: the caller passes the system instant.

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;

/// The resolved clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    /// The date rules compare due dates against.
    pub today: Date,
    /// The instant "who is on call now" is computed for.
    pub now: Timestamp,
}

/// Why the clock cannot be pinned as asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClockError {
    /// `READYROOM_NOW` is not an instant.
    #[error(
        "READYROOM_NOW={value:?} is not an RFC 3339 instant such as 2026-12-01T10:00:00+01:00: {reason}"
    )]
    Now {
        /// What the variable holds.
        value: String,
        /// Why it does not parse.
        reason: String,
    },
    /// `--today` is not a date.
    #[error("--today {value:?} is not a date in the form YYYY-MM-DD: {reason}")]
    Today {
        /// What was given.
        value: String,
        /// Why it does not parse.
        reason: String,
    },
}

/// Resolve the clock from `--today` (`YYYY-MM-DD`), `READYROOM_NOW` (RFC 3339) and the
/// system instant, in the viewer's time zone `tz`.
///
/// `READYROOM_NOW` pins the instant (and today's date, in `tz`); `--today` pins the date
/// and, when `READYROOM_NOW` is unset, the instant to the start of that day.
pub fn resolve(
    today: Option<&str>,
    env_now: Option<&str>,
    system_now: Timestamp,
    tz: &TimeZone,
) -> Result<Clock, ClockError> {
    let now = match env_now.map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => s.parse::<Timestamp>().map_err(|e| ClockError::Now {
            value: s.to_string(),
            reason: e.to_string(),
        })?,
        None => system_now,
    };
    let date = match today {
        Some(s) => s.trim().parse::<Date>().map_err(|e| ClockError::Today {
            value: s.to_string(),
            reason: e.to_string(),
        })?,
        None => now.to_zoned_datetime(tz.clone()).date(),
    };
    let now = if env_now.is_none() && today.is_some() {
        date.to_zoned_datetime(tz.clone())
            .map_or(now, |z| z.timestamp())
    } else {
        now
    };
    Ok(Clock { today: date, now })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_pins_instant_and_date() {
        let sys: Timestamp = "2030-01-01T00:00:00Z".parse().unwrap();
        let c = resolve(None, Some("2026-12-01T10:00:00+01:00"), sys, &TimeZone::UTC).unwrap();
        assert_eq!(c.today.to_string(), "2026-12-01");
        assert_eq!(c.now.to_string(), "2026-12-01T09:00:00Z");
    }

    #[test]
    fn today_pins_date_and_start_of_day() {
        let sys: Timestamp = "2030-01-01T00:00:00Z".parse().unwrap();
        let c = resolve(Some("2026-11-29"), None, sys, &TimeZone::UTC).unwrap();
        assert_eq!(c.today.to_string(), "2026-11-29");
        assert_eq!(c.now.to_string(), "2026-11-29T00:00:00Z");
    }

    #[test]
    fn bad_values_say_what_to_write() {
        let sys = Timestamp::UNIX_EPOCH;
        let e = resolve(Some("29/11/2026"), None, sys, &TimeZone::UTC).unwrap_err();
        assert!(matches!(&e, ClockError::Today { value, .. } if value == "29/11/2026"));
        assert!(e.to_string().contains("YYYY-MM-DD"));
        let e = resolve(None, Some("yesterday"), sys, &TimeZone::UTC).unwrap_err();
        assert!(matches!(&e, ClockError::Now { value, .. } if value == "yesterday"));
        assert!(e.to_string().contains("RFC 3339"));
    }
}
