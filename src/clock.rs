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
) -> Result<Clock, String> {
    let now = match env_now.map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => s.parse::<Timestamp>().map_err(|e| {
            format!("READYROOM_NOW={s:?} is not an RFC 3339 instant such as 2026-12-01T10:00:00+01:00: {e}")
        })?,
        None => system_now,
    };
    let date = match today {
        Some(s) => s
            .trim()
            .parse::<Date>()
            .map_err(|e| format!("--today {s:?} is not a date in the form YYYY-MM-DD: {e}"))?,
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
        assert!(e.contains("YYYY-MM-DD"));
        let e = resolve(None, Some("yesterday"), sys, &TimeZone::UTC).unwrap_err();
        assert!(e.contains("RFC 3339"));
    }
}
