//! `readyroom oncall`: who is on call now and next, the next hand-offs, gaps, overlaps
//! and hours per person, as text for people or JSON for tools, and the schedule as an
//! iCalendar file for calendar apps.

use std::collections::{BTreeSet, HashSet};
use std::fmt::Write as _;

use icalendar::{Alarm, Calendar, Component, Event, EventLike, Property, Trigger};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use serde_json::{Map, Value, json};

use crate::parse::slugify;
use crate::rotation::load::Load;
use crate::rotation::pager::{Drift, PagerCalendar};
use crate::rotation::{
    Duty, OnCallRole, Rotation, analyse, final_schedule, human_duration, layer_at, name_key,
    next_handoff, on_call_at,
};

/// How many upcoming hand-offs the text report lists.
const HANDOFFS_SHOWN: usize = 3;

/// An instant in the rotation's zone and, when it differs, in the viewer's zone.
fn both_zones(rot: &Rotation, ts: Timestamp, viewer: &TimeZone) -> String {
    let here = format!("{} {}", rot.local(ts), rot.zone_label());
    let viewer_name = viewer.iana_name().unwrap_or("local time");
    if viewer_name == rot.zone_name {
        return here;
    }
    let there = ts
        .to_zoned_datetime(viewer.clone())
        .strftime("%Y-%m-%d %H:%M")
        .to_string();
    format!("{here} ({there} {viewer_name})")
}

fn name_or_nobody(name: Option<&String>) -> &str {
    name.map_or("nobody", String::as_str)
}

/// Whole days from `at` to `end`, counted on the rotation zone's calendar.
fn days_between(rot: &Rotation, at: Timestamp, end: Timestamp) -> i64 {
    let from = rot.zone.to_datetime(at).date();
    let to = rot.zone.to_datetime(end).date();
    to.duration_since(from).as_secs().div_euclid(86_400)
}

/// The report for people: now and next in both zones, the next hand-offs, the horizon,
/// gaps, overlaps and primary hours per person.
pub fn report_text(rot: &Rotation, at: Timestamp, viewer_tz: &TimeZone) -> String {
    let analysis = analyse(rot);
    let now = on_call_at(rot, at);
    let mut out = String::new();
    let _ = writeln!(out, "On call at {}", both_zones(rot, at, viewer_tz));
    let _ = writeln!(out, "  primary    {}", name_or_nobody(now.primary.as_ref()));
    let _ = writeln!(
        out,
        "  secondary  {}",
        name_or_nobody(now.secondary.as_ref())
    );
    if let Some(reason) = &now.override_reason {
        let _ = writeln!(out, "  override   {reason}");
    }
    if let Some(layer) = layer_at(rot, at) {
        let _ = writeln!(out, "  layer      {layer}");
    }

    out.push_str("\nNext hand-offs\n");
    let mut t = at;
    let mut before = now.primary;
    let mut shown = 0;
    while shown < HANDOFFS_SHOWN {
        let Some(next) = next_handoff(rot, t) else {
            break;
        };
        let after = on_call_at(rot, next).primary;
        let layer = layer_at(rot, next)
            .map(|l| format!(" ({l})"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  {}  {} → {}{layer}",
            both_zones(rot, next, viewer_tz),
            name_or_nobody(before.as_ref()),
            name_or_nobody(after.as_ref())
        );
        before = after;
        t = next;
        shown += 1;
    }
    if shown == 0 {
        out.push_str("  none: the rotation has no further hand-off\n");
    }

    out.push('\n');
    match (analysis.horizon_start, analysis.horizon_end) {
        (Some(start), Some(end)) => {
            let days = days_between(rot, at, end);
            let left = match days {
                d if d > 1 => format!("runs out in {d} days"),
                1 => "runs out tomorrow".to_string(),
                0 => "runs out today".to_string(),
                -1 => "ran out yesterday".to_string(),
                d => format!("ran out {} days ago", -d),
            };
            let _ = writeln!(out, "Rotation   {}, {left}", rot.range(start, end));
        }
        _ => out.push_str("Rotation   no shift could be read\n"),
    }
    let _ = writeln!(out, "Coverage   {}", rot.coverage);

    if analysis.gaps.is_empty() {
        out.push_str("\nGaps       none\n");
    } else {
        let _ = writeln!(out, "\nGaps ({})", analysis.gaps.len());
        for &(s, e) in &analysis.gaps {
            let _ = writeln!(
                out,
                "  {} ({})",
                rot.range(s, e),
                human_duration(e.duration_since(s))
            );
        }
    }
    if analysis.overlaps.is_empty() {
        out.push_str("Overlaps   none\n");
    } else {
        let _ = writeln!(out, "Overlaps ({})", analysis.overlaps.len());
        for o in &analysis.overlaps {
            let _ = writeln!(
                out,
                "  {} ({}): {}",
                rot.range(o.start, o.end),
                human_duration(o.end.duration_since(o.start)),
                o.people.join(", ")
            );
        }
    }

    out.push_str("\nPrimary hours\n");
    let width = analysis
        .hours
        .keys()
        .map(|k| k.chars().count())
        .max()
        .unwrap_or(0);
    for (name, hours) in &analysis.hours {
        let _ = writeln!(out, "  {name:<width$}  {hours:>7.1} h");
    }
    if analysis.hours.is_empty() {
        out.push_str("  nobody\n");
    }
    if !rot.problems.is_empty() {
        let _ = writeln!(
            out,
            "\n{} rotation cell(s) could not be read and were left out; run `readyroom check` \
             for where and what to write.",
            rot.problems.len()
        );
    }
    out
}

/// The report for tools, with exactly the keys `at`, `zone`, `primary`, `secondary`,
/// `override`, `next_handoff`, `gaps`, `overlaps`, `hours` and `horizon_end`, plus
/// `layer` (the layer in force) when the rotation has layers. Instants are RFC 3339
/// with the rotation zone's offset; absent values are `null`.
pub fn report_json(rot: &Rotation, at: Timestamp) -> Value {
    let analysis = analyse(rot);
    let now = on_call_at(rot, at);
    let instant = |ts: Option<Timestamp>| ts.map_or(Value::Null, |t| Value::from(rot.rfc3339(t)));
    let gaps: Vec<Value> = analysis
        .gaps
        .iter()
        .map(|&(s, e)| json!({"start": rot.rfc3339(s), "end": rot.rfc3339(e)}))
        .collect();
    let overlaps: Vec<Value> = analysis
        .overlaps
        .iter()
        .map(|o| {
            json!({
                "start": rot.rfc3339(o.start),
                "end": rot.rfc3339(o.end),
                "people": o.people,
            })
        })
        .collect();
    let hours: Map<String, Value> = analysis
        .hours
        .iter()
        .map(|(name, h)| (name.clone(), json!((h * 100.0).round() / 100.0)))
        .collect();
    let mut report = json!({
        "at": rot.rfc3339(at),
        "zone": rot.zone_name,
        "zone_assumed": rot.zone_assumed,
        "primary": now.primary,
        "secondary": now.secondary,
        "override": now.override_reason,
        "next_handoff": instant(next_handoff(rot, at)),
        "gaps": gaps,
        "overlaps": overlaps,
        "hours": hours,
        "horizon_end": instant(analysis.horizon_end),
    });
    if rot.shifts.iter().any(|s| s.layer.is_some())
        && let Some(map) = report.as_object_mut()
    {
        map.insert("layer".to_string(), json!(layer_at(rot, at)));
    }
    report
}

/// `YYYYMMDDTHHMMSSZ`, the iCalendar UTC date-time form.
fn ics_utc(ts: Timestamp) -> String {
    ts.strftime("%Y%m%dT%H%M%SZ").to_string()
}

/// Which roles an iCalendar export holds.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RoleChoice {
    /// Only the primary on call.
    Primary,
    /// Only the secondary on call.
    Secondary,
    /// Both roles.
    #[default]
    All,
}

impl RoleChoice {
    /// True when the export holds `role`.
    pub fn holds(self, role: OnCallRole) -> bool {
        match self {
            Self::All => true,
            Self::Primary => role == OnCallRole::Primary,
            Self::Secondary => role == OnCallRole::Secondary,
        }
    }
}

/// The output format of `oncall`.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OncallFormat {
    /// Lines for people.
    #[default]
    Text,
    /// One JSON document for tools.
    Json,
    /// Comma-separated values, one row per person (`--load` only).
    Csv,
}

/// The flags of `oncall`: output format, the calendar export (`--ics`), the
/// comparison (`--compare`) and the load (`--load`).
#[derive(clap::Args, Debug, Clone, Default)]
pub struct CalendarArgs {
    /// Output format (csv only with --load).
    #[arg(long, value_enum, default_value_t = OncallFormat::Text)]
    pub format: OncallFormat,
    /// Hours on call per person (business hours, nights, weekends, holidays), shifts,
    /// the longest stretch and the balance of primary hours, instead of the report.
    #[arg(long, conflicts_with_all = ["ics", "compare"])]
    pub load: bool,
    /// With --load: the first day counted (YYYY-MM-DD, in the rotation's zone);
    /// default the rotation's start.
    #[arg(long, value_name = "YYYY-MM-DD", requires = "load")]
    pub from: Option<String>,
    /// With --load: the last day counted (YYYY-MM-DD, in the rotation's zone);
    /// default the rotation's end.
    #[arg(long, value_name = "YYYY-MM-DD", requires = "load")]
    pub to: Option<String>,
    /// With --ics: only NAME's events, a personal feed (the name as the rotation writes
    /// it; case and spacing are ignored).
    #[arg(long, value_name = "NAME", requires = "ics")]
    pub person: Option<String>,
    /// With --ics: which roles to export; with --compare: the role the paging tool's
    /// calendar holds (default primary).
    #[arg(long, value_enum, default_value_t = RoleChoice::All)]
    pub role: RoleChoice,
    /// With --ics: a reminder this long before each event starts (a VALARM), e.g. 15m,
    /// 1h or 1h 30m.
    #[arg(long, value_name = "DURATION", requires = "ics")]
    pub remind: Option<String>,
    /// Compare the rotation with a paging tool's iCalendar export (PagerDuty, Opsgenie,
    /// GoAlert, Grafana OnCall) and list every interval where they name different
    /// people; exit 1 when they do.
    #[arg(long, value_name = "FILE.ics", conflicts_with = "ics")]
    pub compare: Option<std::path::PathBuf>,
}

/// What an iCalendar export holds and how it is stamped.
#[derive(Debug, Clone, Copy)]
pub struct IcsOptions<'a> {
    /// The project's name, in calendar and event texts.
    pub project_name: &'a str,
    /// The export's `DTSTAMP` (the pinned clock, so the output is reproducible).
    pub stamp: Timestamp,
    /// Only this person's events (compared ignoring case and spacing).
    pub person: Option<&'a str>,
    /// Which roles to export.
    pub role: RoleChoice,
    /// A reminder this long before each event.
    pub remind: Option<SignedDuration>,
}

impl<'a> IcsOptions<'a> {
    /// Every role, every person, no reminder.
    pub fn new(project_name: &'a str, stamp: Timestamp) -> Self {
        Self {
            project_name,
            stamp,
            person: None,
            role: RoleChoice::All,
            remind: None,
        }
    }
}

/// Why a `--remind` value is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RemindError {
    /// It is not a duration.
    #[error("--remind {text:?} is not a duration such as 15m, 1h or 1h 30m: {reason}")]
    NotADuration {
        /// The value given.
        text: String,
        /// Why it does not parse.
        reason: String,
    },
    /// It is a duration, but not whole minutes from one minute to one week.
    #[error("--remind {0:?} must be whole minutes between 1m and one week, such as 15m or 1h")]
    OutOfRange(String),
}

/// Read a `--remind` value (`15m`, `1h`, `1h 30m`, or ISO 8601 `PT15M`): a positive
/// duration of at most a week, whole minutes.
pub fn parse_remind(text: &str) -> Result<SignedDuration, RemindError> {
    let d: SignedDuration =
        text.trim()
            .parse()
            .map_err(|e: jiff::Error| RemindError::NotADuration {
                text: text.to_string(),
                reason: e.to_string(),
            })?;
    let minutes = d.as_secs() / 60;
    if minutes <= 0 || minutes * 60 != d.as_secs() || d.subsec_nanos() != 0 || minutes > 7 * 24 * 60
    {
        return Err(RemindError::OutOfRange(text.to_string()));
    }
    Ok(d)
}

/// A `--person` name the rotation never names.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("--person {name:?} is never on call in the rotation; the rotation names: {known}")]
pub struct UnknownPerson {
    /// The name given.
    pub name: String,
    /// The people the rotation names, joined (`nobody` when none).
    pub known: String,
}

/// The rotation's spelling of `name` when someone by that name is on call (or shadows)
/// at some time of the final schedule; otherwise who the rotation names.
pub fn find_person(rot: &Rotation, name: &str) -> Result<String, UnknownPerson> {
    let shadows = rot
        .shifts
        .iter()
        .filter_map(|s| s.shadow.clone())
        .chain(rot.overrides.iter().filter_map(|o| o.shadow.clone()));
    let people: BTreeSet<String> = final_schedule(rot)
        .into_iter()
        .map(|d| d.person)
        .chain(shadows)
        .collect();
    let key = name_key(name);
    people
        .iter()
        .find(|p| name_key(p) == key)
        .cloned()
        .ok_or_else(|| {
            let known: Vec<&str> = people.iter().map(String::as_str).collect();
            UnknownPerson {
                name: name.to_string(),
                known: if known.is_empty() {
                    "nobody".to_string()
                } else {
                    known.join(", ")
                },
            }
        })
}

fn role_word(role: OnCallRole) -> &'static str {
    match role {
        OnCallRole::Primary => "primary",
        OnCallRole::Secondary => "secondary",
    }
}

/// Where an exported part of the schedule comes from: the base of its UID (project,
/// row item ID, role), the start of its row, and its description.
fn origin(
    rot: &Rotation,
    duty: &Duty,
    project: &str,
    project_name: &str,
) -> (String, Timestamp, String) {
    let role = role_word(duty.role);
    let part = rot.range(duty.start, duty.end);
    let shift = duty.shift.and_then(|i| rot.shifts.get(i));
    if let Some(o) = duty.override_index.and_then(|i| rot.overrides.get(i)) {
        let replaced = o
            .replaces
            .clone()
            .or_else(|| shift.and_then(|s| s.primary.clone()))
            .unwrap_or_else(|| "nobody".to_string());
        let reason = o.reason.as_deref().unwrap_or("no reason given");
        return (
            format!("{project}-{}-override", slugify(&o.item)),
            o.start,
            format!(
                "{project_name} on call ({role}) {part}: {} covers for {replaced} ({reason}); \
                 override {}.",
                duty.person,
                rot.range(o.start, o.end)
            ),
        );
    }
    let (item, start) = shift.map_or(("shift", duty.start), |s| (s.item.as_str(), s.start));
    let whole = shift.map_or_else(String::new, |s| {
        format!("; shift {}", rot.range(s.start, s.end))
    });
    (
        format!("{project}-{}-{role}", slugify(item)),
        start,
        format!("{project_name} on call ({role}) {part}{whole}."),
    )
}

/// The final schedule as iCalendar, in UTC: one event per person and role for each part
/// of a shift not overridden and each part of an override, so every instant has exactly
/// the people really on call. The summary names the role and the person
/// (`On call (primary): NAME`); shadows follow as `Shadow (on call): NAME` events over
/// the row they shadow (not with `role` secondary). UIDs are derived from the project, the row's item ID and
/// the role (and the part's start when a row is cut), so re-importing an export updates
/// events instead of duplicating them.
pub fn ics(rot: &Rotation, opts: &IcsOptions<'_>) -> String {
    let project_name = opts.project_name;
    let project = {
        let slug = slugify(project_name);
        if slug.is_empty() {
            "project".to_string()
        } else {
            slug
        }
    };
    let mut uids: HashSet<String> = HashSet::new();
    let mut unique = |base: String| {
        let mut uid = base.clone();
        let mut n = 1;
        while !uids.insert(uid.clone()) {
            n += 1;
            uid = format!("{base}-{n}");
        }
        format!("{uid}@readyroom")
    };
    let person = opts.person.map(name_key);
    let title = match opts.person {
        Some(p) => format!("{project_name} on-call: {p}"),
        None => format!("{project_name} on-call"),
    };
    let mut cal = Calendar::empty();
    cal.append_property(Property::new("VERSION", "2.0"))
        .append_property(Property::new(
            "PRODID",
            "-//readyroom//on-call rotation//EN",
        ))
        .append_property(Property::new("CALSCALE", "GREGORIAN"))
        .name(&title);
    let alarm = opts.remind.and_then(|d| {
        let ahead = Trigger::try_from(&Property::new(
            "TRIGGER",
            format!("PT{}M", d.as_secs() / 60),
        ))
        .ok()?;
        match ahead {
            Trigger::Duration(d, _) => Some(Trigger::before_start(d)),
            Trigger::DateTime(_) => None,
        }
    });
    for duty in final_schedule(rot) {
        if !opts.role.holds(duty.role)
            || person
                .as_ref()
                .is_some_and(|p| *p != name_key(&duty.person))
        {
            continue;
        }
        let role = role_word(duty.role);
        let (base, origin, description) = origin(rot, &duty, &project, project_name);
        let uid = if duty.start == origin {
            base
        } else {
            format!("{base}-{}", ics_utc(duty.start).to_lowercase())
        };
        let mut event = Event::new();
        event
            .uid(&unique(uid))
            .summary(&format!("On call ({role}): {}", duty.person))
            .description(&description)
            .add_property("DTSTAMP", ics_utc(opts.stamp))
            .add_property("DTSTART", ics_utc(duty.start))
            .add_property("DTEND", ics_utc(duty.end));
        if let Some(trigger) = &alarm {
            event.alarm(Alarm::display(
                &format!("On call ({role}) soon: {}", duty.person),
                trigger.clone(),
            ));
        }
        cal.push(event.done());
    }
    if opts.role != RoleChoice::Secondary {
        let shadows = rot
            .shifts
            .iter()
            .filter_map(|s| {
                let whom = format!("the primary, {}", name_or_nobody(s.primary.as_ref()));
                Some((&s.item, s.start, s.end, s.shadow.as_ref()?, whom))
            })
            .chain(rot.overrides.iter().filter_map(|o| {
                let whom = format!("{} (override)", o.on_call);
                Some((&o.item, o.start, o.end, o.shadow.as_ref()?, whom))
            }));
        for (item, start, end, shadow, whom) in shadows {
            if person.as_ref().is_some_and(|p| *p != name_key(shadow)) {
                continue;
            }
            let mut event = Event::new();
            event
                .uid(&unique(format!("{project}-{}-shadow", slugify(item))))
                .summary(&format!("Shadow (on call): {shadow}"))
                .description(&format!(
                    "{project_name}: {shadow} shadows {whom} {}; a shadow is not paged.",
                    rot.range(start, end)
                ))
                .add_property("DTSTAMP", ics_utc(opts.stamp))
                .add_property("DTSTART", ics_utc(start))
                .add_property("DTEND", ics_utc(end));
            if let Some(trigger) = &alarm {
                event.alarm(Alarm::display(
                    &format!("Shadowing on call soon: {shadow}"),
                    trigger.clone(),
                ));
            }
            cal.push(event.done());
        }
    }
    cal.done().to_string()
}

/// The result of `oncall --compare` for people: every disagreeing interval with both
/// people, and the events that could not be read.
pub fn compare_text(
    rot: &Rotation,
    file: &str,
    role: OnCallRole,
    cal: &PagerCalendar,
    drifts: &[Drift],
) -> String {
    let mut out = String::new();
    let role = role_word(role);
    let horizon = rot
        .horizon()
        .map_or_else(|| "no shift".to_string(), |(s, e)| rot.range(s, e));
    let _ = writeln!(out, "Rotation ({role}) against {file}, over {horizon}");
    for (line, why) in &cal.problems {
        let _ = writeln!(out, "  {file}:{line}: left out: {why}");
    }
    if drifts.is_empty() {
        let _ = writeln!(out, "No drift: both name the same {role} at every instant.");
        return out;
    }
    let _ = writeln!(out, "Drift ({})", drifts.len());
    for d in drifts {
        let at = d
            .pager_line
            .map(|l| format!(" ({file}:{l})"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  {} ({}): rotation {}, pager {}{at}",
            rot.range(d.start, d.end),
            human_duration(d.end.duration_since(d.start)),
            name_or_nobody(d.docs.as_ref()),
            name_or_nobody(d.pager.as_ref()),
        );
    }
    out
}

/// The result of `oncall --compare` for tools: `file`, `role`, `drift` (each with
/// `start`, `end`, `rotation`, `pager`, `pager_line`; `null` for nobody) and
/// `unreadable` (each with `line` and `message`).
pub fn compare_json(
    rot: &Rotation,
    file: &str,
    role: OnCallRole,
    cal: &PagerCalendar,
    drifts: &[Drift],
) -> Value {
    json!({
        "file": file,
        "role": role_word(role),
        "drift": drifts.iter().map(|d| json!({
            "start": rot.rfc3339(d.start),
            "end": rot.rfc3339(d.end),
            "rotation": d.docs,
            "pager": d.pager,
            "pager_line": d.pager_line,
        })).collect::<Vec<_>>(),
        "unreadable": cal.problems.iter().map(|(line, message)| json!({
            "line": line,
            "message": message,
        })).collect::<Vec<_>>(),
    })
}

/// The result of `oncall --load` for people: one row per person, then the balance.
pub fn load_text(rot: &Rotation, load: &Load) -> String {
    let mut out = String::new();
    let (Some(from), Some(to)) = (load.from, load.to) else {
        return "On-call load: no shift could be read\n".to_string();
    };
    let _ = writeln!(out, "On-call load {}", rot.range(from, to));
    let width = load
        .people
        .iter()
        .map(|p| p.person.chars().count())
        .chain([6])
        .max()
        .unwrap_or(6);
    let _ = writeln!(
        out,
        "  {:<width$}  {:>7}  {:>7}  {:>8}  {:>7}  {:>8}  {:>8}  {:>6}  {:>7}",
        "Person",
        "Total",
        "Primary",
        "Business",
        "Nights",
        "Weekends",
        "Holidays",
        "Shifts",
        "Longest"
    );
    for p in &load.people {
        let _ = writeln!(
            out,
            "  {:<width$}  {:>7.1}  {:>7.1}  {:>8.1}  {:>7.1}  {:>8.1}  {:>8.1}  {:>6}  {:>7.1}",
            p.person,
            p.total,
            p.primary,
            p.business,
            p.nights,
            p.weekends,
            p.holidays,
            p.shifts,
            p.longest
        );
    }
    if load.people.is_empty() {
        out.push_str("  nobody is on call in this window\n");
    }
    match load.balance {
        Some(b) => {
            let _ = writeln!(
                out,
                "Balance    {b:.2} (fewest over most primary hours; 1 is even)"
            );
        }
        None => out.push_str("Balance    nobody is primary in this window\n"),
    }
    out
}

/// Hours rounded to two decimals, for JSON and CSV.
fn hours2(h: f64) -> f64 {
    (h * 100.0).round() / 100.0
}

/// The result of `oncall --load` for tools: `from`, `to`, `zone`, `people` (each with
/// `person`, `total_hours`, `primary_hours`, `business_hours`, `night_hours`,
/// `weekend_hours`, `holiday_hours`, `shifts`, `longest_hours`) and `balance`.
pub fn load_json(rot: &Rotation, load: &Load) -> Value {
    let instant = |ts: Option<Timestamp>| ts.map_or(Value::Null, |t| Value::from(rot.rfc3339(t)));
    json!({
        "from": instant(load.from),
        "to": instant(load.to),
        "zone": rot.zone_name,
        "people": load.people.iter().map(|p| json!({
            "person": p.person,
            "total_hours": hours2(p.total),
            "primary_hours": hours2(p.primary),
            "business_hours": hours2(p.business),
            "night_hours": hours2(p.nights),
            "weekend_hours": hours2(p.weekends),
            "holiday_hours": hours2(p.holidays),
            "shifts": p.shifts,
            "longest_hours": hours2(p.longest),
        })).collect::<Vec<_>>(),
        "balance": load.balance.map(hours2),
    })
}

/// The result of `oncall --load` as CSV: a header row, then one row per person (a
/// name holding a comma or quote is quoted).
pub fn load_csv(load: &Load) -> String {
    let mut out = String::from(
        "person,total_hours,primary_hours,business_hours,night_hours,weekend_hours,\
         holiday_hours,shifts,longest_hours\n",
    );
    for p in &load.people {
        let name = if p.person.contains([',', '"', '\n']) {
            format!("\"{}\"", p.person.replace('"', "\"\""))
        } else {
            p.person.clone()
        };
        let _ = writeln!(
            out,
            "{name},{},{},{},{},{},{},{},{}",
            hours2(p.total),
            hours2(p.primary),
            hours2(p.business),
            hours2(p.nights),
            hours2(p.weekends),
            hours2(p.holidays),
            p.shifts,
            hours2(p.longest)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rotation::from_markdown;

    fn ts(s: &str) -> Timestamp {
        s.parse().expect("instant")
    }

    fn rotation() -> Rotation {
        from_markdown(
            "## On-call\n\nTime zone: America/St_Johns\n\n\
             | ID | Start | End | Primary | Secondary |\n|---|---|---|---|---|\n\
             | R1 | 2026-12-01 09:00 | 2026-12-08 09:00 | Ann; Lee | Bob, Jr. |\n\
             | R1 | 2026-12-08 09:00 | 2026-12-15 09:00 | Bob, Jr. |  |\n\n\
             ### Overrides\n\n| Start | End | On call | Replaces | Reason |\n|---|---|---|---|---|\n\
             | 2026-12-02 09:00 | 2026-12-03 09:00 | Cy |  |  |\n",
        )
        .expect("rotation")
    }

    #[test]
    fn ics_escapes_text_and_keeps_uids_unique() {
        let opts = IcsOptions::new("Pay, Inc.", ts("2026-12-01T00:00:00Z"));
        let text = ics(&rotation(), &opts);
        // Primary: Ann; Lee, cut by Cy's override into two parts, then Bob, Jr.;
        // secondary: Bob, Jr. for the first week.
        assert_eq!(text.matches("BEGIN:VEVENT").count(), 5, "{text}");
        assert!(text.contains("SUMMARY:On call (primary): Ann\\; Lee\r\n"));
        assert!(text.contains("SUMMARY:On call (secondary): Bob\\, Jr.\r\n"));
        assert!(text.contains("UID:pay-inc-r1-primary@readyroom\r\n"));
        assert!(text.contains("UID:pay-inc-r1-primary-20261203t123000z@readyroom\r\n"));
        assert!(text.contains("UID:pay-inc-r1-primary-2@readyroom\r\n"));
        assert!(text.contains("SUMMARY:On call (primary): Cy\r\n"));
        assert!(
            text.contains("UID:pay-inc-override-2026-12-02-09-00-override@readyroom\r\n"),
            "{text}"
        );
        // St. John's is UTC-03:30 in December.
        assert!(text.contains("DTSTART:20261201T123000Z\r\n"));
        assert!(!text.contains("VALARM"));
    }

    #[test]
    fn reminders_are_whole_minutes_up_to_a_week() {
        assert_eq!(parse_remind("15m"), Ok(SignedDuration::from_mins(15)));
        assert_eq!(parse_remind(" 1h 30m "), Ok(SignedDuration::from_mins(90)));
        assert_eq!(parse_remind("PT2H"), Ok(SignedDuration::from_hours(2)));
        for bad in ["0m", "-5m", "30s", "8 days", "soon"] {
            let e = parse_remind(bad).expect_err(bad).to_string();
            assert!(e.starts_with("--remind"), "{e}");
        }
        let opts = IcsOptions {
            remind: Some(SignedDuration::from_mins(15)),
            role: RoleChoice::Secondary,
            ..IcsOptions::new("Pay", ts("2026-12-01T00:00:00Z"))
        };
        let text = ics(&rotation(), &opts);
        assert_eq!(text.matches("BEGIN:VALARM").count(), 1, "{text}");
        assert!(text.contains("ACTION:DISPLAY\r\n"));
    }

    #[test]
    fn a_person_is_found_by_any_spelling_or_named_in_the_refusal() {
        let rot = rotation();
        assert_eq!(find_person(&rot, "  cy ").as_deref(), Ok("Cy"));
        let e = find_person(&rot, "Dee")
            .expect_err("not on call")
            .to_string();
        assert!(e.contains("Ann; Lee, Bob, Jr., Cy"), "{e}");
    }

    #[test]
    fn json_outside_the_horizon_is_nulls_not_errors() {
        let rot = rotation();
        let after = report_json(&rot, ts("2027-01-01T00:00:00Z"));
        assert_eq!(after["primary"], Value::Null);
        assert_eq!(after["secondary"], Value::Null);
        assert_eq!(after["next_handoff"], Value::Null);
        assert_eq!(after["horizon_end"], "2026-12-15T09:00:00-03:30");
        let during = report_json(&rot, ts("2026-12-02T13:00:00Z"));
        assert_eq!(during["primary"], "Cy");
        assert_eq!(during["override"], "no reason given");
    }

    #[test]
    fn text_says_when_nothing_is_left() {
        let rot = rotation();
        let text = report_text(&rot, ts("2027-01-01T00:00:00Z"), &TimeZone::UTC);
        assert!(text.contains("primary    nobody"), "{text}");
        assert!(text.contains("none: the rotation has no further hand-off"));
        assert!(text.contains("ran out 16 days ago"), "{text}");
        assert!(text.contains("(2027-01-01 00:00 UTC)"), "{text}");
        let same_zone = TimeZone::get("America/St_Johns").expect("zone");
        let text = report_text(&rot, ts("2026-12-02T13:00:00Z"), &same_zone);
        assert!(
            text.contains("On call at 2026-12-02 09:30 America/St_Johns\n"),
            "{text}"
        );
        assert!(text.contains("override   no reason given"));
    }
}
