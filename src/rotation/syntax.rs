//! The small grammars of the rotation section: local date-times in cells, the
//! `Handoff:` line and the `Coverage:` line. Each parser returns `None` on anything it
//! does not accept, so the caller can say what to write instead.

use std::fmt;

use jiff::civil::{Date, DateTime, Time, Weekday};

/// Which hours of the week need someone on call, from the `Coverage:` line.
///
/// The accepted grammar (case-insensitive; `–` and `—` count as `-`, spaces around a
/// dash are ignored) is exactly one of:
///
/// ```text
/// Coverage: 24x7                                        (also 24/7; the default)
/// Coverage: business hours <Day>-<Day> HH:MM-HH:MM      e.g. business hours Mon-Fri 09:00-17:00
/// ```
///
/// `<Day>` is an English weekday, full (`Monday`) or three letters (`Mon`). The day
/// range is inclusive and may wrap around the week (`Sun-Thu`). Times are 24-hour wall
/// clock in the rotation's zone; the window lies within one day, so the start must be
/// before the end. Outside the window nobody needs to be on call, so no gap is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coverage {
    /// Every instant needs cover.
    Always,
    /// Only `start..end` (wall clock) on the days `first..=last` need cover.
    BusinessHours {
        /// First covered weekday.
        first: Weekday,
        /// Last covered weekday (inclusive; may come before `first`, wrapping the week).
        last: Weekday,
        /// Wall-clock start of the window.
        start: Time,
        /// Wall-clock end of the window (exclusive), after `start`.
        end: Time,
    },
}

impl Coverage {
    /// True when `day` is one of the covered weekdays.
    pub fn covers_day(self, day: Weekday) -> bool {
        match self {
            Coverage::Always => true,
            Coverage::BusinessHours { first, last, .. } => {
                let span =
                    (last.to_monday_zero_offset() - first.to_monday_zero_offset()).rem_euclid(7);
                let off =
                    (day.to_monday_zero_offset() - first.to_monday_zero_offset()).rem_euclid(7);
                off <= span
            }
        }
    }
}

impl fmt::Display for Coverage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Coverage::Always => f.write_str("24x7"),
            Coverage::BusinessHours {
                first,
                last,
                start,
                end,
            } => write!(
                f,
                "business hours {}-{} {}-{}",
                weekday_short(*first),
                weekday_short(*last),
                hhmm(*start),
                hhmm(*end)
            ),
        }
    }
}

/// The hand-off weekday and wall-clock time from the `Handoff:` line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Handoff {
    /// The weekday shifts change on.
    pub weekday: Weekday,
    /// The wall-clock time shifts change at.
    pub time: Time,
}

impl Default for Handoff {
    fn default() -> Self {
        Handoff {
            weekday: Weekday::Monday,
            time: Time::constant(9, 0, 0, 0),
        }
    }
}

impl fmt::Display for Handoff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", weekday_long(self.weekday), hhmm(self.time))
    }
}

/// Three-letter English name of a weekday (`Mon`).
pub fn weekday_short(day: Weekday) -> &'static str {
    &weekday_long(day)[..3]
}

/// Full English name of a weekday (`Monday`).
pub fn weekday_long(day: Weekday) -> &'static str {
    match day {
        Weekday::Monday => "Monday",
        Weekday::Tuesday => "Tuesday",
        Weekday::Wednesday => "Wednesday",
        Weekday::Thursday => "Thursday",
        Weekday::Friday => "Friday",
        Weekday::Saturday => "Saturday",
        Weekday::Sunday => "Sunday",
    }
}

/// `HH:MM` of a wall-clock time.
pub fn hhmm(t: Time) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// A weekday from its full or three-letter English name, any case.
pub fn parse_weekday(text: &str) -> Option<Weekday> {
    let lower = text.trim().to_lowercase();
    [
        Weekday::Monday,
        Weekday::Tuesday,
        Weekday::Wednesday,
        Weekday::Thursday,
        Weekday::Friday,
        Weekday::Saturday,
        Weekday::Sunday,
    ]
    .into_iter()
    .find(|d| {
        let long = weekday_long(*d).to_lowercase();
        lower == long || lower == long[..3]
    })
}

/// A 24-hour `HH:MM` wall-clock time.
pub fn parse_hhmm(text: &str) -> Option<Time> {
    let b = text.trim().as_bytes();
    if b.len() != 5 || b[2] != b':' || !b[..2].iter().chain(&b[3..]).all(u8::is_ascii_digit) {
        return None;
    }
    let h = i8::try_from((b[0] - b'0') * 10 + (b[1] - b'0')).ok()?;
    let m = i8::try_from((b[3] - b'0') * 10 + (b[4] - b'0')).ok()?;
    Time::new(h, m, 0, 0).ok()
}

/// A calendar date written `YYYY-MM-DD`.
pub fn parse_date(text: &str) -> Option<Date> {
    let t = text.trim();
    let b = t.as_bytes();
    let shape = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape {
        return None;
    }
    t.parse::<Date>().ok()
}

/// A local date-time written `YYYY-MM-DD HH:MM` (a `T` may replace the space).
pub fn parse_local(text: &str) -> Option<DateTime> {
    let t = text.trim();
    let (date, time) = t
        .split_once(' ')
        .or_else(|| t.split_once('T'))
        .map(|(d, r)| (d, r.trim()))?;
    Some(parse_date(date)?.to_datetime(parse_hhmm(time)?))
}

/// The `Handoff:` value: `<Day> HH:MM`, e.g. `Monday 09:00`.
pub fn parse_handoff(text: &str) -> Option<Handoff> {
    let mut words = text.split_whitespace();
    let day = words.next()?;
    let day = parse_weekday(day).or_else(|| parse_weekday(day.trim_end_matches(['s', ','])))?;
    let time = parse_hhmm(words.next()?)?;
    words
        .next()
        .is_none()
        .then_some(Handoff { weekday: day, time })
}

/// The `Coverage:` value, following the grammar documented on [`Coverage`].
pub fn parse_coverage(text: &str) -> Option<Coverage> {
    let mut norm = text.trim().to_lowercase().replace(['–', '—'], "-");
    while let Some(i) = norm.find(" -").or_else(|| norm.find("- ")) {
        norm.remove(if norm[i..].starts_with(' ') { i } else { i + 1 });
    }
    let words: Vec<&str> = norm.split_whitespace().collect();
    match words.as_slice() {
        ["24x7" | "24/7"] => Some(Coverage::Always),
        ["business", "hours", days, hours] | [days, hours] => {
            let (first, last) = days.split_once('-')?;
            let (start, end) = hours.split_once('-')?;
            let (start, end) = (parse_hhmm(start)?, parse_hhmm(end)?);
            (start < end).then_some(Coverage::BusinessHours {
                first: parse_weekday(first)?,
                last: parse_weekday(last)?,
                start,
                end,
            })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::{date, time};

    #[test]
    fn local_date_times_need_date_and_minutes() {
        assert_eq!(
            parse_local("2026-10-19 09:00"),
            Some(date(2026, 10, 19).at(9, 0, 0, 0))
        );
        assert_eq!(
            parse_local(" 2026-10-19T23:59 "),
            Some(date(2026, 10, 19).at(23, 59, 0, 0))
        );
        for bad in [
            "2026-10-19",
            "2026-10-19 9:00",
            "2026-13-01 09:00",
            "2026-02-30 09:00",
            "2026-10-19 24:00",
            "19/10/2026 09:00",
            "2026-10-19 09:00+02:00",
            "",
        ] {
            assert_eq!(parse_local(bad), None, "{bad}");
        }
    }

    #[test]
    fn handoff_reads_weekday_and_time() {
        assert_eq!(
            parse_handoff("Monday 09:00"),
            Some(Handoff {
                weekday: Weekday::Monday,
                time: time(9, 0, 0, 0)
            })
        );
        assert_eq!(
            parse_handoff("wed 17:30").map(|h| h.weekday),
            Some(Weekday::Wednesday)
        );
        assert_eq!(
            parse_handoff("Fridays 10:00").map(|h| h.weekday),
            Some(Weekday::Friday)
        );
        assert_eq!(parse_handoff("Monday"), None);
        assert_eq!(parse_handoff("Monday 9am"), None);
        assert_eq!(parse_handoff("Mon 09:00 UTC"), None);
        assert_eq!(Handoff::default().to_string(), "Monday 09:00");
    }

    #[test]
    fn coverage_grammar() {
        assert_eq!(parse_coverage("24x7"), Some(Coverage::Always));
        assert_eq!(parse_coverage("24/7"), Some(Coverage::Always));
        let c = parse_coverage("Business hours Mon-Fri 09:00-17:00").unwrap();
        assert_eq!(c.to_string(), "business hours Mon-Fri 09:00-17:00");
        assert!(c.covers_day(Weekday::Monday));
        assert!(c.covers_day(Weekday::Friday));
        assert!(!c.covers_day(Weekday::Saturday));
        let c = parse_coverage("business hours Sunday – Thursday 08:00 – 16:30").unwrap();
        assert_eq!(c.to_string(), "business hours Sun-Thu 08:00-16:30");
        assert!(c.covers_day(Weekday::Sunday));
        assert!(c.covers_day(Weekday::Thursday));
        assert!(!c.covers_day(Weekday::Friday));
        assert!(Coverage::Always.covers_day(Weekday::Saturday));
        for bad in [
            "business hours",
            "office hours Mon-Fri 09:00-17:00",
            "business hours Mon-Fri 17:00-09:00",
            "business hours Mon-Fri 09:00",
            "business hours Mon-Fri 09:00-17:00 CET",
            "24x5",
        ] {
            assert_eq!(parse_coverage(bad), None, "{bad}");
        }
    }

    #[test]
    fn dates_are_strict() {
        assert_eq!(parse_date("2026-12-20"), Some(date(2026, 12, 20)));
        assert_eq!(parse_date("2026-12-2"), None);
        assert_eq!(parse_date("2026/12/20"), None);
        assert_eq!(parse_date("2026-02-29"), None);
    }
}
