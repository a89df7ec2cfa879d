//! Leave and holidays: who is away when, from a `Time off` / `Leave` table in the
//! playbook (`Person | From | To | Reason`) and from committed iCalendar files (an HR
//! export, a public-holiday calendar), and the duties of the final schedule that fall
//! on someone's leave.
//!
//! A `From`/`To` cell holds a date (whole days; `To` is the last day off) or a local
//! date-time `YYYY-MM-DD HH:MM` in the rotation's zone. A calendar event whose summary
//! names a known person is that person's leave; any other event is a holiday, for
//! everyone.

use jiff::Timestamp;
use jiff::civil::{DateTime, Time};

use super::pager::{CalendarError, People, read_calendar};
use super::syntax::{parse_date, parse_local};
use super::{Duty, Rotation, final_schedule, name_key};
use crate::model::{Document, Span, Workspace};

/// Where a leave entry is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LeaveSource {
    /// A row of a playbook table.
    Row {
        /// Index of the document.
        doc: usize,
        /// The row's bytes.
        span: Span,
        /// 1-based line of the row.
        line: usize,
    },
    /// An event of an iCalendar file.
    Calendar {
        /// The file, relative to the root.
        path: String,
        /// 1-based line of the event's `BEGIN:VEVENT`.
        line: usize,
    },
}

impl LeaveSource {
    /// `FILE:LINE` of the entry, for messages.
    pub fn location(&self, ws: &Workspace) -> String {
        match self {
            LeaveSource::Row { doc, line, .. } => {
                let path = ws.docs.get(*doc).map_or("", |d| d.path.as_str());
                format!("{path}:{line}")
            }
            LeaveSource::Calendar { path, line } => format!("{path}:{line}"),
        }
    }
}

/// One stretch of time someone (or, for a holiday, everyone) is away.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leave {
    /// The person away; `None` for a holiday.
    pub person: Option<String>,
    /// First instant away.
    pub start: Timestamp,
    /// First instant back.
    pub end: Timestamp,
    /// Why, as written (a holiday's name).
    pub reason: Option<String>,
    /// Where it is written.
    pub source: LeaveSource,
}

/// Leave entries read, with the entries that could not be read as (line, message).
pub type LeaveRead = (Vec<Leave>, Vec<(usize, String)>);

/// A cell of a table row by any of the header names `names` (compared ignoring case).
fn cell<'d>(doc: &'d Document, table: usize, row: usize, names: &[&str]) -> Option<&'d str> {
    let t = doc.tables.get(table)?;
    let col = t
        .header
        .iter()
        .position(|h| names.contains(&h.text.trim().to_lowercase().as_str()))?;
    let text = t.rows.get(row)?.cells.get(col)?.text.trim();
    (!text.is_empty()).then_some(text)
}

/// A `From`/`To` cell as an instant: a local date-time, or a date at midnight (the day
/// after, for a `To` date, which is the last day off).
fn instant(rot: &Rotation, text: &str, end: bool) -> Option<Timestamp> {
    let dt: DateTime = parse_local(text).or_else(|| {
        let d = parse_date(text)?;
        let d = if end { d.tomorrow().ok()? } else { d };
        Some(d.to_datetime(Time::midnight()))
    })?;
    rot.zone.to_ambiguous_timestamp(dt).compatible().ok()
}

/// Leave rows of the tables under a `Time off`, `Leave` or `Holidays` heading of the
/// rotation's document, with the rows that cannot be read as (line, message).
pub fn from_playbook(rot: &Rotation, ws: &Workspace) -> LeaveRead {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    let Some(doc) = ws.docs.get(rot.doc) else {
        return (out, problems);
    };
    for (ti, table) in doc.tables.iter().enumerate() {
        let about_leave = ["time off", "leave", "holiday", "absence"]
            .iter()
            .any(|n| doc.in_section(table.section, n));
        let headers: Vec<String> = table
            .header
            .iter()
            .map(|h| h.text.trim().to_lowercase())
            .collect();
        let has = |names: &[&str]| headers.iter().any(|h| names.contains(&h.as_str()));
        if !about_leave || !has(&["person", "name", "who"]) || !has(&["from", "start"]) {
            continue;
        }
        for (ri, row) in table.rows.iter().enumerate() {
            let Some(person) = cell(doc, ti, ri, &["person", "name", "who"]) else {
                continue;
            };
            let from = cell(doc, ti, ri, &["from", "start"]).unwrap_or_default();
            let to = cell(doc, ti, ri, &["to", "end", "until"]).unwrap_or(from);
            let (Some(start), Some(end)) = (instant(rot, from, false), instant(rot, to, true))
            else {
                problems.push((
                    row.line,
                    format!(
                        "The leave of {person} ({from} → {to}) cannot be read: write From and \
                         To as dates (YYYY-MM-DD, To being the last day off) or local \
                         date-times (YYYY-MM-DD HH:MM) in {}.",
                        rot.zone_name
                    ),
                ));
                continue;
            };
            if end <= start {
                problems.push((
                    row.line,
                    format!(
                        "The leave of {person} ends ({to}) before it starts ({from}): swap \
                         From and To."
                    ),
                ));
                continue;
            }
            out.push(Leave {
                person: Some(person.to_string()),
                start,
                end,
                reason: cell(doc, ti, ri, &["reason", "why", "note"]).map(str::to_string),
                source: LeaveSource::Row {
                    doc: rot.doc,
                    span: row.span,
                    line: row.line,
                },
            });
        }
    }
    (out, problems)
}

/// Leave and holidays from one iCalendar file's text: an event naming a known person
/// is theirs, any other a holiday. `Err` when the text is not iCalendar; unreadable
/// events come back as (line, message).
pub fn from_calendar(
    rot: &Rotation,
    people: &People,
    path: &str,
    text: &str,
) -> Result<LeaveRead, CalendarError> {
    let cal = read_calendar(text, &rot.zone)?;
    let known: Vec<String> = final_schedule(rot)
        .into_iter()
        .map(|d| name_key(&d.person))
        .collect();
    let leave = cal
        .events
        .into_iter()
        .map(|e| {
            let who = people.identify(&e.summary);
            let person = known.contains(&name_key(&who)).then_some(who);
            Leave {
                person,
                start: e.start,
                end: e.end,
                reason: (!e.summary.is_empty()).then_some(e.summary),
                source: LeaveSource::Calendar {
                    path: path.to_string(),
                    line: e.line,
                },
            }
        })
        .collect();
    Ok((leave, cal.problems))
}

/// A duty that falls on its person's leave: the part of the duty they are away.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clash {
    /// The duty as the final schedule has it.
    pub duty: Duty,
    /// The leave entry.
    pub leave: Leave,
    /// First instant both hold.
    pub start: Timestamp,
    /// First instant after.
    pub end: Timestamp,
}

/// Every part of the final schedule where someone is on call during their own leave
/// (holidays name nobody and clash with nothing). An override that takes the duty
/// away already removed it from the final schedule.
pub fn clashes(rot: &Rotation, leave: &[Leave]) -> Vec<Clash> {
    let duties = final_schedule(rot);
    let mut out = Vec::new();
    for l in leave {
        let Some(person) = &l.person else { continue };
        let key = name_key(person);
        for d in duties.iter().filter(|d| name_key(&d.person) == key) {
            let (start, end) = (d.start.max(l.start), d.end.min(l.end));
            if start < end {
                out.push(Clash {
                    duty: d.clone(),
                    leave: l.clone(),
                    start,
                    end,
                });
            }
        }
    }
    out
}

/// The holidays of the calendars matched by `[oncall] time_off` (events naming nobody
/// of the rotation), as intervals; calendars and events that cannot be read are left
/// out (`check` reports them).
pub fn holidays(rot: &Rotation, ws: &Workspace) -> Vec<(Timestamp, Timestamp)> {
    let people = People::from_workspace(rot, ws);
    ws.time_off
        .iter()
        .filter_map(|(path, text)| {
            let text = text.as_deref().ok()?;
            from_calendar(rot, &people, path, text).ok()
        })
        .flat_map(|(leave, _)| leave)
        .filter(|l| l.person.is_none())
        .map(|l| (l.start, l.end))
        .collect()
}
