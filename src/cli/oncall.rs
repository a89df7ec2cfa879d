//! `readyroom oncall`: who is on call now and next, the next hand-offs, gaps, overlaps
//! and hours per person, as text for people or JSON for tools, and the schedule as an
//! iCalendar file for calendar apps.

use std::collections::HashSet;
use std::fmt::Write as _;

use icalendar::{Calendar, Component, Event, Property};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde_json::{Map, Value, json};

use crate::parse::slugify;
use crate::rotation::{Rotation, analyse, human_duration, next_handoff, on_call_at};

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

    out.push_str("\nNext hand-offs\n");
    let mut t = at;
    let mut before = now.primary;
    let mut shown = 0;
    while shown < HANDOFFS_SHOWN {
        let Some(next) = next_handoff(rot, t) else {
            break;
        };
        let after = on_call_at(rot, next).primary;
        let _ = writeln!(
            out,
            "  {}  {} → {}",
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
/// `override`, `next_handoff`, `gaps`, `overlaps`, `hours` and `horizon_end`. Instants
/// are RFC 3339 with the rotation zone's offset; absent values are `null`.
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
    json!({
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
    })
}

/// `YYYYMMDDTHHMMSSZ`, the iCalendar UTC date-time form.
fn ics_utc(ts: Timestamp) -> String {
    ts.strftime("%Y%m%dT%H%M%SZ").to_string()
}

/// The schedule as iCalendar: one event per shift per filled role (summary
/// `On call (primary): NAME`) and one per override, in UTC. UIDs are derived from the
/// project and the row's item ID, so re-importing an export updates events instead of
/// duplicating them. `stamp` is the export's `DTSTAMP` (the pinned clock, so the output
/// is reproducible).
pub fn ics(rot: &Rotation, project_name: &str, stamp: Timestamp) -> String {
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
    let mut cal = Calendar::empty();
    cal.append_property(Property::new("VERSION", "2.0"))
        .append_property(Property::new(
            "PRODID",
            "-//readyroom//on-call rotation//EN",
        ))
        .append_property(Property::new("CALSCALE", "GREGORIAN"))
        .name(&format!("{project_name} on-call"));
    let event = |uid: String, summary: String, description: String, s: Timestamp, e: Timestamp| {
        Event::new()
            .uid(&uid)
            .summary(&summary)
            .description(&description)
            .add_property("DTSTAMP", ics_utc(stamp))
            .add_property("DTSTART", ics_utc(s))
            .add_property("DTEND", ics_utc(e))
            .done()
    };
    for shift in &rot.shifts {
        let local = rot.range(shift.start, shift.end);
        for (role, person, other) in [
            ("primary", &shift.primary, &shift.secondary),
            ("secondary", &shift.secondary, &shift.primary),
        ] {
            let Some(person) = person else { continue };
            let other_role = if role == "primary" {
                "secondary"
            } else {
                "primary"
            };
            let description = format!(
                "{project_name} on-call shift {local}; {other_role}: {}.",
                name_or_nobody(other.as_ref())
            );
            cal.push(event(
                unique(format!("{project}-{}-{role}", slugify(&shift.item))),
                format!("On call ({role}): {person}"),
                description,
                shift.start,
                shift.end,
            ));
        }
    }
    for o in &rot.overrides {
        let replaced = o
            .replaces
            .as_ref()
            .map_or_else(|| "the primary".to_string(), Clone::clone);
        let reason = o.reason.as_deref().unwrap_or("no reason given");
        cal.push(event(
            unique(format!("{project}-{}-override", slugify(&o.item))),
            format!("On call (override): {} for {replaced}", o.on_call),
            format!(
                "{project_name} on-call override {}: {} replaces {replaced} ({reason}).",
                rot.range(o.start, o.end),
                o.on_call
            ),
            o.start,
            o.end,
        ));
    }
    cal.done().to_string()
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
        let text = ics(&rotation(), "Pay, Inc.", ts("2026-12-01T00:00:00Z"));
        assert_eq!(text.matches("BEGIN:VEVENT").count(), 4);
        assert!(text.contains("SUMMARY:On call (primary): Ann\\; Lee\r\n"));
        assert!(text.contains("SUMMARY:On call (secondary): Bob\\, Jr.\r\n"));
        assert!(text.contains("UID:pay-inc-r1-primary@readyroom\r\n"));
        assert!(text.contains("UID:pay-inc-r1-primary-2@readyroom\r\n"));
        assert!(text.contains("SUMMARY:On call (override): Cy for the primary\r\n"));
        // St. John's is UTC-03:30 in December.
        assert!(text.contains("DTSTART:20261201T123000Z\r\n"));
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
