//! A paging tool's schedule, exported as iCalendar, compared with the rotation.
//!
//! PagerDuty, Opsgenie, GoAlert and Grafana OnCall export one event per on-call shift,
//! with times in UTC (`20261201T080000Z`) or local with a `TZID=` parameter, and the
//! person in `SUMMARY` — alone, with the schedule's name, or as an email address.
//! Events with `STATUS:CANCELLED` are not on-call time. The text is read with the
//! `ical` crate (folded lines, CRLF); people are recognised through a [`People`]
//! directory (the rotation's names and the contacts table's names, handles and email
//! addresses), and [`drift`] lists every interval where the rotation and the pager
//! disagree about one role.

use std::io::BufReader;

use jiff::civil::{Date, DateTime, Time};
use jiff::tz::TimeZone;
use jiff::{Span, Timestamp};

use super::{OnCallRole, Rotation, name_key, on_call_at};
use crate::model::{FieldKey, ItemKind, Workspace};

/// One on-call event of a paging tool's export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PagerEvent {
    /// First instant.
    pub start: Timestamp,
    /// First instant after it.
    pub end: Timestamp,
    /// The event's summary, unescaped.
    pub summary: String,
    /// 1-based line of the event's `BEGIN:VEVENT`.
    pub line: usize,
}

/// A paging tool's export as read: its events, and the events that could not be read,
/// each as (line, what is wrong).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PagerCalendar {
    /// The events that count (cancelled ones are left out).
    pub events: Vec<PagerEvent>,
    /// Events that could not be read: their line and what is wrong.
    pub problems: Vec<(usize, String)>,
}

/// Why a text cannot be read as an iCalendar file at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    /// The parser refused it.
    #[error("it is not an iCalendar file ({0})")]
    NotICalendar(String),
    /// It parses but holds no calendar.
    #[error("it holds no VCALENDAR")]
    Empty,
}

/// Read an iCalendar export. Times without a zone (floating) are read in `zone`, the
/// rotation's. `Err` when the text is not iCalendar at all.
pub fn read_calendar(text: &str, zone: &TimeZone) -> Result<PagerCalendar, CalendarError> {
    let calendars: Vec<ical::parser::ical::component::IcalCalendar> =
        ical::IcalParser::new(BufReader::new(text.as_bytes()))
            .collect::<Result<_, _>>()
            .map_err(|e| CalendarError::NotICalendar(e.to_string()))?;
    if calendars.is_empty() {
        return Err(CalendarError::Empty);
    }
    let lines: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.trim().eq_ignore_ascii_case("BEGIN:VEVENT"))
        .map(|(i, _)| i + 1)
        .collect();
    let mut out = PagerCalendar::default();
    let events = calendars.iter().flat_map(|c| c.events.iter());
    for (n, event) in events.enumerate() {
        let line = lines.get(n).copied().unwrap_or(1);
        let prop = |name: &str| event.properties.iter().find(|p| p.name == name);
        let value = |name: &str| prop(name).and_then(|p| p.value.as_deref());
        if value("STATUS").is_some_and(|s| s.trim().eq_ignore_ascii_case("CANCELLED")) {
            continue;
        }
        let start = match prop("DTSTART").map(|p| instant(p, zone)) {
            Some(Ok(t)) => t,
            Some(Err(e)) => {
                out.problems.push((line, format!("DTSTART {e}")));
                continue;
            }
            None => {
                out.problems
                    .push((line, "the event has no DTSTART".to_string()));
                continue;
            }
        };
        let end = match (prop("DTEND"), value("DURATION")) {
            (Some(p), _) => instant(p, zone).map_err(|e| format!("DTEND {e}")),
            (None, Some(d)) => after(start, d, zone),
            (None, None) => Err("the event has neither DTEND nor DURATION".to_string()),
        };
        let end = match end {
            Ok(end) if end > start => end,
            Ok(_) => {
                out.problems
                    .push((line, "the event ends before it starts".to_string()));
                continue;
            }
            Err(e) => {
                out.problems.push((line, e));
                continue;
            }
        };
        out.events.push(PagerEvent {
            start,
            end,
            summary: unescape(value("SUMMARY").unwrap_or_default()),
            line,
        });
    }
    Ok(out)
}

/// A `DTSTART`/`DTEND` value: UTC (`…Z`), local with `TZID=`, floating (read in
/// `zone`) or a date (midnight).
fn instant(p: &ical::property::Property, zone: &TimeZone) -> Result<Timestamp, String> {
    let raw = p.value.as_deref().unwrap_or_default().trim();
    let param = |name: &str| {
        p.params
            .iter()
            .flatten()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .and_then(|(_, v)| v.first())
            .map(|v| v.trim_matches('"').to_string())
    };
    let tz = match param("TZID") {
        Some(id) => TimeZone::get(id.trim_start_matches('/')).map_err(|_| {
            format!(
                "names the time zone {id:?}, which is not an IANA zone name: export the \
                 calendar in UTC or with IANA zone names"
            )
        })?,
        None => zone.clone(),
    };
    let bad = || format!("{raw:?} is not an iCalendar date-time such as 20261201T090000Z");
    if let Some(utc) = raw.strip_suffix('Z') {
        let dt = DateTime::strptime("%Y%m%dT%H%M%S", utc).map_err(|_| bad())?;
        return TimeZone::UTC
            .to_ambiguous_timestamp(dt)
            .compatible()
            .map_err(|_| bad());
    }
    let dt = DateTime::strptime("%Y%m%dT%H%M%S", raw)
        .or_else(|_| Date::strptime("%Y%m%d", raw).map(|d| d.to_datetime(Time::midnight())))
        .map_err(|_| bad())?;
    tz.to_ambiguous_timestamp(dt)
        .compatible()
        .map_err(|_| bad())
}

/// `start` plus an iCalendar `DURATION` (`PT8H`, `P1D`), days counted on `zone`'s
/// calendar.
fn after(start: Timestamp, duration: &str, zone: &TimeZone) -> Result<Timestamp, String> {
    let span: Span = duration
        .trim()
        .parse()
        .map_err(|_| format!("DURATION {duration:?} is not an ISO 8601 duration such as PT8H"))?;
    start
        .to_zoned_datetime(zone.clone())
        .checked_add(span)
        .map(|z| z.timestamp())
        .map_err(|e| format!("DURATION {duration:?} is out of range: {e}"))
}

/// iCalendar TEXT escapes undone: `\,` `\;` `\\` `\n`.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push(' '),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out.trim().to_string()
}

/// The people of the docs, each known by several spellings: the name, and from the
/// contacts table the handle and email address.
#[derive(Debug, Clone, Default)]
pub struct People {
    /// Each person's display name and the lower-case spellings they are known by.
    people: Vec<(String, Vec<String>)>,
}

impl People {
    /// A directory of the rotation's people, each with the `aliases` a contacts row
    /// gives them: `contacts` holds (name, handle, email) rows.
    pub fn new(rot: &Rotation, contacts: &[(String, Option<String>, Option<String>)]) -> Self {
        let mut dir = People::default();
        let names = rot
            .shifts
            .iter()
            .flat_map(|s| [s.primary.clone(), s.secondary.clone()])
            .flatten()
            .chain(rot.overrides.iter().map(|o| o.on_call.clone()));
        for name in names {
            dir.add(&name);
        }
        for (name, handle, email) in contacts {
            let i = dir.add(name);
            for alias in [handle, email].into_iter().flatten() {
                let alias = alias.trim().trim_start_matches('@').to_lowercase();
                if !alias.is_empty() && !dir.people[i].1.contains(&alias) {
                    dir.people[i].1.push(alias);
                }
            }
        }
        dir
    }

    /// [`People::new`] with the contacts table of `ws`: its Name, Handle and any
    /// column whose header says email (`Email`, `E-mail`, `Mail`).
    pub fn from_workspace(rot: &Rotation, ws: &Workspace) -> Self {
        let cell = |t: &str| {
            let t = t.trim();
            (!t.is_empty()).then(|| t.to_string())
        };
        let contacts: Vec<(String, Option<String>, Option<String>)> = ws
            .items_of(ItemKind::Contact)
            .filter_map(|c| {
                let name = cell(c.text(&FieldKey::Name))?;
                let email = c
                    .fields
                    .iter()
                    .find(|f| f.header.to_lowercase().contains("mail"))
                    .and_then(|f| cell(&f.text));
                Some((name, cell(c.text(&FieldKey::Handle)), email))
            })
            .collect();
        Self::new(rot, &contacts)
    }

    fn add(&mut self, name: &str) -> usize {
        let key = name_key(name);
        if let Some(i) = self.people.iter().position(|(_, a)| a.contains(&key)) {
            return i;
        }
        self.people.push((name.trim().to_string(), vec![key]));
        self.people.len() - 1
    }

    /// The person a text names: the one whose longest spelling appears in it as whole
    /// words (so `Payments primary - Mei Tanaka` and `mei.tanaka@example.com` both
    /// name Mei Tanaka); the text itself when it names nobody known.
    pub fn identify(&self, text: &str) -> String {
        let hay = name_key(text);
        let mut best: Option<(usize, &String)> = None;
        for (name, aliases) in &self.people {
            for alias in aliases {
                if contains_word(&hay, alias) && best.is_none_or(|(len, _)| alias.len() > len) {
                    best = Some((alias.len(), name));
                }
            }
        }
        best.map_or_else(|| text.trim().to_string(), |(_, name)| name.clone())
    }
}

/// True when `needle` occurs in `hay` with no letter or digit right before or after.
fn contains_word(hay: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return false;
    }
    hay.match_indices(needle).any(|(i, _)| {
        let before = hay[..i].chars().next_back();
        let after = hay[i + needle.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// An interval where the rotation and the pager name different people for one role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drift {
    /// First instant.
    pub start: Timestamp,
    /// First instant after it.
    pub end: Timestamp,
    /// Whom the rotation names (`None`: nobody).
    pub docs: Option<String>,
    /// Whom the pager names, joined with " and " when several (`None`: nobody).
    pub pager: Option<String>,
    /// Line of the pager event in force at `start`, if any.
    pub pager_line: Option<usize>,
}

/// Every maximal interval within the rotation's horizon where the rotation's `role`
/// (after overrides) and the pager's events name different people, or only one names
/// someone. People are compared through `people`.
pub fn drift(
    rot: &Rotation,
    role: OnCallRole,
    events: &[PagerEvent],
    people: &People,
) -> Vec<Drift> {
    let Some((from, to)) = rot.horizon() else {
        return Vec::new();
    };
    let mut cuts: Vec<Timestamp> = vec![from, to];
    cuts.extend(
        super::boundaries(rot)
            .into_iter()
            .chain(events.iter().flat_map(|e| [e.start, e.end]))
            .filter(|&c| from < c && c < to),
    );
    cuts.sort_unstable();
    cuts.dedup();
    let mut out: Vec<Drift> = Vec::new();
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let docs = on_call_at(rot, a).person(role).map(|p| people.identify(p));
        let running: Vec<&PagerEvent> = events
            .iter()
            .filter(|e| e.start <= a && a < e.end)
            .collect();
        let mut named: Vec<String> = running
            .iter()
            .map(|e| people.identify(&e.summary))
            .collect();
        named.sort();
        named.dedup();
        let agree = match (&docs, named.as_slice()) {
            (None, []) => true,
            (Some(d), [p]) => name_key(d) == name_key(p),
            _ => false,
        };
        if agree {
            continue;
        }
        let pager = (!named.is_empty()).then(|| named.join(" and "));
        match out.last_mut() {
            Some(last) if last.end == a && last.docs == docs && last.pager == pager => {
                last.end = b;
            }
            _ => out.push(Drift {
                start: a,
                end: b,
                docs,
                pager,
                pager_line: running.first().map(|e| e.line),
            }),
        }
    }
    out
}
