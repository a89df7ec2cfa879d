//! The on-call rotation engine: the playbook's rotation tables turned into a timeline
//! of real instants, and the questions asked of it (who is on call, when is the next
//! hand-off, where are the holes, overlaps and double bookings, how are hours shared).
//!
//! Pure code: no IO, no clock, no printing. The documented format, read from the
//! playbook section whose heading contains "On-call" or "Rotation":
//!
//! - `Time zone: <IANA name>`: the zone every time in the section is written in.
//!   These settings may be written in any form `parse::settings` reads: a plain line,
//!   a list item, bold, a two-column table row, or the document's front matter.
//! - `Handoff: <weekday> HH:MM` (default `Monday 09:00`): for the weekly form.
//! - `Coverage: …` (default `24x7`): which hours need cover, see [`Coverage`].
//! - A shift table, either `Start | End | Primary | Secondary` with local date-times
//!   `YYYY-MM-DD HH:MM`, or `Week of | Primary | Secondary` where `Week of` is the
//!   hand-off date `YYYY-MM-DD` and the shift runs from the hand-off time on that date
//!   to the hand-off time one calendar week later (so the wall-clock hand-off stays
//!   fixed across daylight-saving changes and such a week lasts 167 or 169 hours).
//! - An optional overrides table `Start | End | On call | Replaces | Reason`: the person
//!   on call takes over from the replaced person (primary or secondary, whichever
//!   matches; the primary when `Replaces` is empty) for the interval.
//! - An optional `Shadow` column in either table names someone learning the rotation:
//!   exported to calendars and shown in the timeline, never a responder.
//!
//! Local times that fall into a daylight-saving gap are read the way clocks read them
//! (02:30 becomes 03:30, jiff's `compatible` rule). When a person wrote such a time in a
//! `Start`/`End` cell it is also reported as a [`Problem`]; a weekly hand-off that lands
//! in a gap is not, since the weekly rule rather than the person picked that instant.
//! Times in a fold (the repeated hour) take the earlier instant.

mod analysis;
mod build;
pub mod leave;
pub mod load;
pub mod pager;
mod syntax;

pub use analysis::{
    Analysis, Duty, OnCall, OnCallRole, Overlap, SamePerson, analyse, boundaries, final_schedule,
    layer_at, needs_cover, next_boundary, next_handoff, on_call_at, role_of,
};
pub use build::{build, name_key, source_key};
pub use syntax::{Coverage, Handoff, parse_coverage, parse_handoff, parse_local};

use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

use crate::model::Span;

/// A rotation read from the playbook: its zone, shifts, overrides and coverage, plus
/// everything that could not be read.
#[derive(Debug, Clone)]
pub struct Rotation {
    /// The zone every local time of the rotation is written in (UTC when the zone line
    /// is missing or unknown; a [`Problem`] says so).
    pub zone: TimeZone,
    /// The zone's IANA name, as shown in messages.
    pub zone_name: String,
    /// True when the zone was assumed (UTC) because the rotation names none or names an
    /// unknown one; every on-call answer says so ([`Rotation::zone_label`]).
    pub zone_assumed: bool,
    /// Where the rotation's section starts when it names no zone at all (the
    /// `oncall-no-zone` finding points there).
    pub zone_missing: Option<Span>,
    /// Index of the playbook document in the workspace.
    pub doc: usize,
    /// The weekly hand-off used by the `Week of` form.
    pub handoff: Handoff,
    /// The hours that need cover.
    pub coverage: Coverage,
    /// Shifts that could be read, in document order.
    pub shifts: Vec<Shift>,
    /// Overrides that could be read, in document order.
    pub overrides: Vec<Override>,
    /// Cells and lines that could not be read, each with what to write instead.
    pub problems: Vec<Problem>,
}

/// One shift row as an interval of real time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shift {
    /// First instant of the shift.
    pub start: Timestamp,
    /// First instant after the shift (exclusive).
    pub end: Timestamp,
    /// The primary on call, if the cell is filled.
    pub primary: Option<String>,
    /// The secondary on call, if the cell is filled.
    pub secondary: Option<String>,
    /// The row's item ID.
    pub item: String,
    /// Index of the document holding the row.
    pub doc: usize,
    /// The row's bytes, where findings about the shift point.
    pub span: Span,
    /// The layer the shift belongs to when the rotation has several (follow-the-sun
    /// sections): the section's `Layer:` setting, else its heading.
    pub layer: Option<String>,
    /// Who shadows the shift (a `Shadow` column): in calendars and the timeline, never
    /// a responder.
    pub shadow: Option<String>,
}

/// One override row: someone covers for someone else for an interval.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Override {
    /// First instant of the override.
    pub start: Timestamp,
    /// First instant after the override (exclusive).
    pub end: Timestamp,
    /// The person who takes over.
    pub on_call: String,
    /// The person replaced; `None` replaces whoever is primary.
    pub replaces: Option<String>,
    /// Why, as written.
    pub reason: Option<String>,
    /// Who shadows the override (a `Shadow` column): never a responder.
    pub shadow: Option<String>,
    /// The row's item ID.
    pub item: String,
    /// Index of the document holding the row.
    pub doc: usize,
    /// The row's bytes.
    pub span: Span,
}

/// A part of the rotation that could not be read, located at the offending cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Index of the document.
    pub doc: usize,
    /// The cell or line at fault.
    pub span: Span,
    /// The item ID of the row, when the problem is in a row.
    pub item: Option<String>,
    /// What is wrong and what to write instead.
    pub message: String,
}

impl Rotation {
    /// `YYYY-MM-DD HH:MM` of an instant in the rotation's zone; a wall-clock time that
    /// occurs twice (a fold) gets its offset appended so the two can be told apart.
    pub fn local(&self, ts: Timestamp) -> String {
        let z = ts.to_zoned_datetime(self.zone.clone());
        let text = z.strftime("%Y-%m-%d %H:%M").to_string();
        if self
            .zone
            .to_ambiguous_timestamp(z.datetime())
            .is_ambiguous()
        {
            format!("{text} ({})", z.strftime("%:z"))
        } else {
            text
        }
    }

    /// The zone as on-call answers name it: its name, and when it was assumed, that it
    /// was (`UTC (assumed: the rotation names no time zone)`).
    pub fn zone_label(&self) -> String {
        match (self.zone_assumed, self.zone_missing.is_some()) {
            (false, _) => self.zone_name.clone(),
            (true, true) => format!(
                "{} (assumed: the rotation names no time zone)",
                self.zone_name
            ),
            (true, false) => format!(
                "{} (assumed: the rotation's time zone is unknown)",
                self.zone_name
            ),
        }
    }

    /// `start → end ZONE`, the form every message uses for an interval.
    pub fn range(&self, start: Timestamp, end: Timestamp) -> String {
        format!(
            "{} → {} {}",
            self.local(start),
            self.local(end),
            self.zone_name
        )
    }

    /// A compact local form for lists: `Mon 07 Dec 09:00`.
    pub fn short(&self, ts: Timestamp) -> String {
        ts.to_zoned_datetime(self.zone.clone())
            .strftime("%a %d %b %H:%M")
            .to_string()
    }

    /// A compact local interval for lists: `Mon 30 Nov 09:00 → 07 Dec 09:00`.
    pub fn short_range(&self, start: Timestamp, end: Timestamp) -> String {
        let e = end
            .to_zoned_datetime(self.zone.clone())
            .strftime("%d %b %H:%M")
            .to_string();
        format!("{} → {e}", self.short(start))
    }

    /// RFC 3339 with the rotation zone's offset at that instant, for JSON.
    pub fn rfc3339(&self, ts: Timestamp) -> String {
        ts.to_zoned_datetime(self.zone.clone())
            .strftime("%Y-%m-%dT%H:%M:%S%:z")
            .to_string()
    }

    /// First shift start and last shift end: the time the rotation speaks about.
    pub fn horizon(&self) -> Option<(Timestamp, Timestamp)> {
        let start = self.shifts.iter().map(|s| s.start).min()?;
        let end = self.shifts.iter().map(|s| s.end).max()?;
        Some((start, end))
    }
}

/// A duration for people: `1 min`, `3 h`, `167 h 30 min`.
pub fn human_duration(d: SignedDuration) -> String {
    let minutes = d.as_secs().div_euclid(60);
    let (h, m) = (minutes / 60, minutes % 60);
    match (h, m) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

/// Parse one playbook from markdown and build its rotation, for unit tests.
#[cfg(test)]
pub(crate) fn from_markdown(markdown: &str) -> Option<Rotation> {
    let doc = crate::parse::parse_document(
        "docs/operations/incident-response.md",
        markdown.to_string(),
        Some(crate::model::Role::Playbook),
    )
    .expect("markdown parses");
    let docs = vec![doc];
    let (items, notes) = crate::parse::extract_items(&docs);
    let ws = crate::model::Workspace::new(docs, items, Vec::new(), Vec::new(), Vec::new(), notes);
    build(&ws)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_times_show_the_offset_only_in_a_fold() {
        let rot = from_markdown(
            "## On-call\n\nTime zone: Europe/Berlin\n\n| Start | End | Primary |\n|---|---|---|\n\
             | 2026-10-19 09:00 | 2026-10-26 09:00 | Ann |\n",
        )
        .expect("rotation");
        let fold: Timestamp = "2026-10-25T00:30:00Z".parse().expect("instant");
        assert_eq!(rot.local(fold), "2026-10-25 02:30 (+02:00)");
        let plain: Timestamp = "2026-10-19T07:00:00Z".parse().expect("instant");
        assert_eq!(rot.local(plain), "2026-10-19 09:00");
        assert_eq!(rot.rfc3339(plain), "2026-10-19T09:00:00+02:00");
        assert_eq!(
            rot.range(plain, rot.shifts[0].end),
            "2026-10-19 09:00 → 2026-10-26 09:00 Europe/Berlin"
        );
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(human_duration(SignedDuration::from_secs(60)), "1 min");
        assert_eq!(human_duration(SignedDuration::from_hours(24)), "24 h");
        assert_eq!(
            human_duration(SignedDuration::from_mins(167 * 60 + 30)),
            "167 h 30 min"
        );
    }
}
