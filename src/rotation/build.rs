//! Playbook → [`Rotation`]: read the rotation section's settings and the shift and
//! override rows, resolve local times in the rotation's zone, and record every cell
//! that cannot be read as a [`Problem`] instead of failing.

use std::collections::{BTreeSet, HashMap};

use jiff::civil::{Date, DateTime};
use jiff::tz::{AmbiguousOffset, TimeZone};
use jiff::{Timestamp, ToSpan};

use super::analysis::coverage_windows;
use super::syntax::{
    Coverage, Handoff, parse_coverage, parse_date, parse_handoff, parse_local, weekday_long,
};
use super::{Override, Problem, Rotation, Shift};
use crate::model::find_placeholders;
use crate::model::is_blank;
use crate::model::{Document, Field, FieldKey, Item, ItemKind, Role, Setting, Span, Workspace};
use crate::parse::settings;

/// A key of what the rotation is built from: the playbook's text and where it sits,
/// and the ids of the shift and override rows. Equal keys build equal rotations, so a
/// caller may keep a rotation (and its analysis) while the key is unchanged — a reload
/// of another file costs nothing.
pub fn source_key(ws: &Workspace) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for (i, d) in ws.docs.iter().enumerate() {
        if d.role == Some(Role::Playbook) {
            i.hash(&mut h);
            d.path.hash(&mut h);
            d.source.hash(&mut h);
        }
    }
    ws.items
        .iter()
        .filter(|i| matches!(i.kind, ItemKind::Shift | ItemKind::Override))
        .for_each(|i| i.id.hash(&mut h));
    h.finish()
}

/// Read the playbook's on-call rotation, or `None` when the playbook has no shift rows.
///
/// Rows whose cells cannot be read are left out of the timeline and reported in
/// [`Rotation::problems`], so one bad cell never hides the rest of the schedule.
pub fn build(ws: &Workspace) -> Option<Rotation> {
    let in_playbook = |i: &&Item| {
        ws.docs
            .get(i.doc)
            .is_some_and(|d| d.role == Some(Role::Playbook))
    };
    let shift_items: Vec<&Item> = ws.items_of(ItemKind::Shift).filter(in_playbook).collect();
    let first = *shift_items.first()?;
    let doc_index = first.doc;
    let doc = &ws.docs[doc_index];
    let setting =
        |keys: &[&str]| settings::find(doc, keys, |section| in_rotation_section(doc, section));
    let mut problems = Vec::new();
    let zone_setting = setting(&["time zone", "tz", "zone"]);
    let zone_missing = zone_setting.is_none().then(|| rotation_heading(doc, first));
    let (zone, zone_name, zone_assumed) = read_zone(doc_index, zone_setting, &mut problems);
    let handoff = read_handoff(
        doc_index,
        setting(&["handoff", "hand off", "handover"]),
        &mut problems,
    );
    let layers = layer_groups(doc, doc_index, &shift_items);
    let layered = layers.len() > 1;
    let coverage = if layered {
        // A layer's Coverage is the hours it takes; the rotation as a whole needs
        // whatever a Coverage outside every layer says, else every hour.
        let outside = settings::find(doc, &["coverage"], |section| {
            in_rotation_section(doc, section)
                && !layers
                    .iter()
                    .any(|(h, _)| h.is_some_and(|h| under(doc, h, section)))
        });
        read_coverage(doc_index, outside, &mut problems)
    } else {
        read_coverage(doc_index, setting(&["coverage"]), &mut problems)
    };
    let mut reader = Reader {
        zone: &zone,
        zone_name: &zone_name,
        handoff,
        problems,
    };
    let mut shifts: Vec<Shift> = Vec::new();
    for (heading, items) in &layers {
        let ends = date_ends(items);
        if !layered {
            shifts.extend(items.iter().filter_map(|item| reader.shift(item, ends)));
            continue;
        }
        let Some(h) = *heading else {
            shifts.extend(items.iter().filter_map(|item| reader.shift(item, ends)));
            continue;
        };
        // A layer's own settings: under its heading, not under a layer nested in it.
        let own = |keys: &[&str]| {
            settings::find(doc, keys, |section| {
                under(doc, h, section)
                    && !layers
                        .iter()
                        .any(|(other, _)| other.is_some_and(|o| o > h && under(doc, o, section)))
            })
        };
        let mut layer_problems = Vec::new();
        let (layer_zone, layer_zone_name) = match own(&["time zone", "tz", "zone"]) {
            Some(line) => {
                let (z, n, _) = read_zone(doc_index, Some(line), &mut layer_problems);
                (z, n)
            }
            None => (zone.clone(), zone_name.clone()),
        };
        let layer_handoff = own(&["handoff", "hand off", "handover"]).map_or(handoff, |line| {
            read_handoff(doc_index, Some(line), &mut layer_problems)
        });
        let layer_coverage = own(&["coverage"])
            .map(|line| read_coverage(doc_index, Some(line), &mut layer_problems));
        let name = own(&["layer"]).map_or_else(
            || doc.headings[h].text.trim().to_string(),
            |line| line.value.trim().to_string(),
        );
        let mut layer_reader = Reader {
            zone: &layer_zone,
            zone_name: &layer_zone_name,
            handoff: layer_handoff,
            problems: layer_problems,
        };
        for item in items {
            let Some(mut shift) = layer_reader.shift(item, ends) else {
                continue;
            };
            shift.layer = Some(name.clone());
            match layer_coverage {
                Some(cov @ Coverage::BusinessHours { .. }) => {
                    for (start, end) in coverage_windows(cov, &layer_zone, shift.start, shift.end) {
                        shifts.push(Shift {
                            start,
                            end,
                            ..shift.clone()
                        });
                    }
                }
                _ => shifts.push(shift),
            }
        }
        reader.problems.extend(layer_reader.problems);
    }
    let override_items: Vec<&Item> = ws
        .items_of(ItemKind::Override)
        .filter(in_playbook)
        .collect();
    let mut overrides: Vec<Override> = override_items
        .iter()
        .filter_map(|item| reader.override_row(item))
        .collect();
    let mut problems = reader.problems;
    canonicalise_names(&mut shifts, &mut overrides);
    let mut rotation = Rotation {
        zone,
        zone_name,
        zone_assumed,
        zone_missing,
        doc: doc_index,
        handoff,
        coverage,
        shifts,
        overrides,
        problems: Vec::new(),
    };
    check_replaced_people(&rotation, ws, &mut problems);
    rotation.problems = problems;
    Some(rotation)
}

/// True when a heading's text names a rotation.
fn names_rotation(text: &str) -> bool {
    let text = text.to_lowercase();
    ["on-call", "oncall", "on call", "rotation"]
        .iter()
        .any(|n| text.contains(n))
}

/// The innermost heading naming a rotation that encloses the item's table.
fn layer_heading(doc: &Document, item: &Item) -> Option<usize> {
    let mut idx = item
        .table
        .and_then(|t| doc.tables.get(t))
        .and_then(|t| t.section)?;
    loop {
        let heading = doc.headings.get(idx)?;
        if names_rotation(&heading.text) {
            return Some(idx);
        }
        idx = (0..idx)
            .rev()
            .find(|&j| doc.headings[j].level < heading.level)?;
    }
}

/// True when `section` is heading `h` or lies under it.
fn under(doc: &Document, h: usize, section: Option<usize>) -> bool {
    let Some(s) = section else { return false };
    let Some(level) = doc.headings.get(h).map(|x| x.level) else {
        return false;
    };
    s >= h
        && doc
            .headings
            .get(h + 1..=s)
            .is_some_and(|between| between.iter().all(|x| x.level > level))
}

/// The shift rows of the rotation's document grouped by the rotation heading they sit
/// under, in document order: one group is a plain rotation, several are layers (for
/// example follow-the-sun APAC, EMEA and AMER sections).
fn layer_groups<'i>(
    doc: &Document,
    doc_index: usize,
    items: &[&'i Item],
) -> Vec<(Option<usize>, Vec<&'i Item>)> {
    let mut groups: Vec<(Option<usize>, Vec<&Item>)> = Vec::new();
    for item in items.iter().filter(|i| i.doc == doc_index) {
        let h = layer_heading(doc, item);
        match groups.iter_mut().find(|(g, _)| *g == h) {
            Some((_, list)) => list.push(item),
            None => groups.push((h, vec![item])),
        }
    }
    groups
}

/// True when `section` lies under a heading that names the rotation.
fn in_rotation_section(doc: &Document, section: Option<usize>) -> bool {
    ["on-call", "oncall", "on call", "rotation"]
        .iter()
        .any(|n| doc.in_section(section, n))
}

/// The heading of the rotation's section (or its first row when it has none): where a
/// missing setting is reported.
fn rotation_heading(doc: &Document, first: &Item) -> Span {
    first
        .table
        .and_then(|t| doc.tables.get(t))
        .and_then(|t| t.section)
        .and_then(|h| doc.headings.get(h))
        .map_or(first.span, |h| h.span)
}

/// The rotation's zone, its name and whether it was assumed (UTC) rather than read.
/// A missing zone is `oncall-no-zone` (see [`Rotation::zone_missing`]); an unknown
/// one is a problem here.
fn read_zone(
    doc_index: usize,
    line: Option<&Setting>,
    problems: &mut Vec<Problem>,
) -> (TimeZone, String, bool) {
    let Some(line) = line else {
        return (TimeZone::UTC, "UTC".to_string(), true);
    };
    let written = line.value.trim();
    if let Ok(tz) = TimeZone::get(written) {
        let name = tz.iana_name().unwrap_or(written).to_string();
        return (tz, name, false);
    }
    problems.push(Problem {
        doc: doc_index,
        span: line.span,
        item: None,
        message: format!(
            "Unknown time zone \"{written}\": write an IANA zone name such as Europe/Berlin or \
             America/New_York. The rotation's times are read as UTC until then."
        ),
    });
    (TimeZone::UTC, "UTC".to_string(), true)
}

fn read_handoff(doc_index: usize, line: Option<&Setting>, problems: &mut Vec<Problem>) -> Handoff {
    let Some(line) = line else {
        return Handoff::default();
    };
    parse_handoff(&line.value).unwrap_or_else(|| {
        problems.push(Problem {
            doc: doc_index,
            span: line.span,
            item: None,
            message: format!(
                "Handoff \"{}\" is not `<weekday> HH:MM`: write it as, for example, \
                 `Handoff: Monday 09:00` (24-hour time). {} is used until then.",
                line.value,
                Handoff::default()
            ),
        });
        Handoff::default()
    })
}

fn read_coverage(
    doc_index: usize,
    line: Option<&Setting>,
    problems: &mut Vec<Problem>,
) -> Coverage {
    let Some(line) = line else {
        return Coverage::Always;
    };
    parse_coverage(&line.value).unwrap_or_else(|| {
        problems.push(Problem {
            doc: doc_index,
            span: line.span,
            item: None,
            message: format!(
                "Coverage \"{}\" is not understood: write `Coverage: 24x7` or \
                 `Coverage: business hours Mon-Fri 09:00-17:00` (a day range, then a 24-hour \
                 time range). Every hour is treated as needing cover until then.",
                line.value
            ),
        });
        Coverage::Always
    })
}

/// How an End cell holding only a date is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DateEnds {
    /// Through that day: the row ends at the hand-off time the day after.
    Through,
    /// Up to that day: the row ends at the hand-off time that day (the next row's Start).
    UpTo,
}

/// A table whose date-only rows end on the date the next one starts is written "up to";
/// otherwise an End date is the last day of the row.
fn date_ends(rows: &[&Item]) -> DateEnds {
    let dates = |key: &FieldKey| -> BTreeSet<Date> {
        rows.iter()
            .filter_map(|i| i.field(key))
            .filter_map(|f| parse_date(&f.text))
            .collect()
    };
    if dates(&FieldKey::End)
        .intersection(&dates(&FieldKey::Start))
        .next()
        .is_some()
    {
        DateEnds::UpTo
    } else {
        DateEnds::Through
    }
}

/// Reads rows against the rotation's zone and hand-off, collecting problems.
struct Reader<'a> {
    zone: &'a TimeZone,
    zone_name: &'a str,
    handoff: Handoff,
    problems: Vec<Problem>,
}

impl Reader<'_> {
    fn problem(&mut self, item: &Item, span: Span, message: String) {
        self.problems.push(Problem {
            doc: item.doc,
            span,
            item: Some(item.id.clone()),
            message,
        });
    }

    /// A shift row; `ends` says how its End cell is meant when it holds a date alone.
    fn shift(&mut self, item: &Item, ends: DateEnds) -> Option<Shift> {
        let (start, end) = if item.has(&FieldKey::Start) {
            self.explicit_interval(item, ends)?
        } else {
            self.weekly_interval(item)?
        };
        Some(Shift {
            start,
            end,
            primary: person(item, &FieldKey::Primary),
            secondary: person(item, &FieldKey::Secondary),
            item: item.id.clone(),
            doc: item.doc,
            span: item.span,
            layer: None,
            shadow: shadow(item),
        })
    }

    fn override_row(&mut self, item: &Item) -> Option<Override> {
        // An override given in dates covers whole days, through its End date.
        let (start, end) = self.explicit_interval(item, DateEnds::Through)?;
        let Some(on_call) = person(item, &FieldKey::OnCall) else {
            let span = item.field(&FieldKey::OnCall).map_or(item.span, |f| f.span);
            self.problem(
                item,
                span,
                "This override names nobody in its On call cell: write the person who takes \
                 over."
                    .to_string(),
            );
            return None;
        };
        Some(Override {
            start,
            end,
            on_call,
            replaces: person(item, &FieldKey::Replaces),
            reason: cell_text(item, &FieldKey::Reason),
            shadow: shadow(item),
            item: item.id.clone(),
            doc: item.doc,
            span: item.span,
        })
    }

    /// `Start | End` with local date-times.
    fn explicit_interval(&mut self, item: &Item, ends: DateEnds) -> Option<(Timestamp, Timestamp)> {
        let start_field = item.field(&FieldKey::Start)?;
        let Some(end_field) = item.field(&FieldKey::End) else {
            self.problem(
                item,
                item.span,
                "This row has a Start but no End column: add an End column holding the local \
                 date-time the row ends (YYYY-MM-DD HH:MM)."
                    .to_string(),
            );
            return None;
        };
        let start = self.written_instant(item, start_field, None);
        let end = self.written_instant(item, end_field, Some(ends));
        let (start, end) = (start?, end?);
        if end <= start {
            self.problem(
                item,
                end_field.span,
                format!(
                    "This row ends ({}) {} it starts ({}): the End must be after the Start; \
                     swap them or fix the date.",
                    end_field.text,
                    if end == start { "when" } else { "before" },
                    start_field.text
                ),
            );
            return None;
        }
        Some((start, end))
    }

    /// `Week of` with a hand-off date: hand-off time on that date to one week later.
    fn weekly_interval(&mut self, item: &Item) -> Option<(Timestamp, Timestamp)> {
        let Some(field) = item.field(&FieldKey::WeekOf) else {
            self.problem(
                item,
                item.span,
                "This shift row has neither Start/End nor Week of: add `Start | End` columns \
                 (YYYY-MM-DD HH:MM) or a `Week of` column (YYYY-MM-DD)."
                    .to_string(),
            );
            return None;
        };
        let Some(date) = parse_date(&field.text) else {
            self.problem(
                item,
                field.span,
                format!(
                    "Week of \"{}\" is not a date: write the hand-off date as YYYY-MM-DD, for \
                     example 2026-10-19.",
                    field.text
                ),
            );
            return None;
        };
        if date.weekday() != self.handoff.weekday {
            let back = i64::from(
                (date.weekday().to_monday_zero_offset()
                    - self.handoff.weekday.to_monday_zero_offset())
                .rem_euclid(7),
            );
            let suggestion = date
                .checked_sub(back.days())
                .map_or_else(|_| String::new(), |d| format!(" ({d})"));
            self.problem(
                item,
                field.span,
                format!(
                    "Week of {date} is a {}, but hand-offs are on {} (`Handoff: {}`): write the \
                     hand-off date{suggestion} or change the Handoff line. The shift is read as \
                     starting on {date}.",
                    weekday_long(date.weekday()),
                    weekday_long(self.handoff.weekday),
                    self.handoff
                ),
            );
        }
        let start_dt = date.to_datetime(self.handoff.time);
        let start = self.resolve(item, field, start_dt, false)?;
        let Ok(end_dt) = start_dt.checked_add(1.week()) else {
            self.problem(
                item,
                field.span,
                format!("Week of {date} is out of range: write a date between 0001 and 9999."),
            );
            return None;
        };
        let end = self.resolve(item, field, end_dt, false)?;
        Some((start, end))
    }

    /// A cell holding `YYYY-MM-DD HH:MM`, as an instant in the rotation's zone; or a
    /// date alone, read at the hand-off time (an End date as `end` says; `None` for a
    /// Start).
    fn written_instant(
        &mut self,
        item: &Item,
        field: &Field,
        end: Option<DateEnds>,
    ) -> Option<Timestamp> {
        let local = parse_local(&field.text).or_else(|| {
            let date = parse_date(&field.text)?;
            let day = if end == Some(DateEnds::Through) {
                date.tomorrow().ok()?
            } else {
                date
            };
            Some(day.to_datetime(self.handoff.time))
        });
        let Some(dt) = local else {
            let what = if field.text.is_empty() {
                format!("{} is empty", field.header)
            } else {
                format!(
                    "{} \"{}\" is not a local date-time",
                    field.header, field.text
                )
            };
            self.problem(
                item,
                field.span,
                format!(
                    "{what}: write it as YYYY-MM-DD HH:MM in {}, for example 2026-10-19 09:00 \
                     (a date alone is read at the hand-off time, {}).",
                    self.zone_name,
                    self.handoff.time.strftime("%H:%M")
                ),
            );
            return None;
        };
        self.resolve(item, field, dt, true)
    }

    /// Resolve a wall-clock time: a gap reads forward (`compatible`), a fold takes the
    /// earlier instant. A gap in a time a person wrote (`written`) is a problem.
    fn resolve(
        &mut self,
        item: &Item,
        field: &Field,
        dt: DateTime,
        written: bool,
    ) -> Option<Timestamp> {
        let ambiguous = self.zone.to_ambiguous_timestamp(dt);
        let gap = matches!(ambiguous.offset(), AmbiguousOffset::Gap { .. });
        let Ok(ts) = ambiguous.compatible() else {
            self.problem(
                item,
                field.span,
                format!(
                    "{} \"{}\" is out of the supported range: write a date between 0001 and 9999.",
                    field.header, field.text
                ),
            );
            return None;
        };
        if gap && written {
            let read = ts
                .to_zoned_datetime(self.zone.clone())
                .strftime("%Y-%m-%d %H:%M")
                .to_string();
            self.problem(
                item,
                field.span,
                format!(
                    "{} {} does not exist in {}: clocks skip that hour on that day for daylight \
                     saving, so it is read as {read}. Write a time that exists, such as {read}.",
                    field.header,
                    dt.strftime("%Y-%m-%d %H:%M"),
                    self.zone_name
                ),
            );
        }
        Some(ts)
    }
}

/// The person a cell names, `None` when it names nobody: empty, a blank marker (`—`,
/// `n/a`, `none`) or a stand-in (`TBD`, `???`), which the `placeholder` rule reports.
fn person(item: &Item, key: &FieldKey) -> Option<String> {
    let text = item.text(key).trim();
    let nobody = is_blank(text) || !find_placeholders(text).is_empty();
    (!nobody).then(|| text.to_string())
}

/// The person a `Shadow` (or `Shadowing`) column names, if any.
fn shadow(item: &Item) -> Option<String> {
    let field = item.fields.iter().find(|f| {
        let h = f.header.trim().to_lowercase();
        h == "shadow" || h == "shadowing" || h == "shadows"
    })?;
    let text = field.text.trim();
    let nobody = is_blank(text) || !find_placeholders(text).is_empty();
    (!nobody).then(|| text.to_string())
}

/// The trimmed text of a cell, `None` when empty.
fn cell_text(item: &Item, key: &FieldKey) -> Option<String> {
    let text = item.text(key).trim();
    (!text.is_empty()).then(|| text.to_string())
}

/// Lower-case with whitespace runs collapsed: how two spellings of a name compare.
pub fn name_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Spell every person the way they are first written, so `mei tanaka` and `Mei Tanaka`
/// are one person everywhere (timeline, hours, same-person check).
fn canonicalise_names(shifts: &mut [Shift], overrides: &mut [Override]) {
    let mut first: HashMap<String, String> = HashMap::new();
    let mut canon = |name: &mut String| {
        let spelled = first.entry(name_key(name)).or_insert_with(|| name.clone());
        name.clone_from(spelled);
    };
    for s in shifts.iter_mut() {
        if let Some(p) = s.primary.as_mut() {
            canon(p);
        }
        if let Some(p) = s.secondary.as_mut() {
            canon(p);
        }
        if let Some(p) = s.shadow.as_mut() {
            canon(p);
        }
    }
    for o in overrides.iter_mut() {
        canon(&mut o.on_call);
        if let Some(p) = o.replaces.as_mut() {
            canon(p);
        }
        if let Some(p) = o.shadow.as_mut() {
            canon(p);
        }
    }
}

/// An override whose `Replaces` person is never on call during it changes nothing,
/// which is almost always a misspelt name: report it.
fn check_replaced_people(rot: &Rotation, ws: &Workspace, problems: &mut Vec<Problem>) {
    for (i, o) in rot.overrides.iter().enumerate() {
        let Some(replaced) = &o.replaces else {
            continue;
        };
        let meets = |s: Timestamp, e: Timestamp| s < o.end && o.start < e;
        let in_shift = rot.shifts.iter().any(|s| {
            meets(s.start, s.end)
                && (s.primary.as_ref() == Some(replaced) || s.secondary.as_ref() == Some(replaced))
        });
        let in_override = rot
            .overrides
            .iter()
            .enumerate()
            .any(|(j, p)| j != i && meets(p.start, p.end) && &p.on_call == replaced);
        if in_shift || in_override {
            continue;
        }
        let span = ws
            .items
            .iter()
            .find(|it| it.doc == o.doc && it.span == o.span)
            .and_then(|it| it.field(&FieldKey::Replaces))
            .map_or(o.span, |f| f.span);
        problems.push(Problem {
            doc: o.doc,
            span,
            item: Some(o.item.clone()),
            message: format!(
                "This override replaces {replaced}, who is not on call at any time during it \
                 ({}), so it changes nothing: write the name as the rotation spells it, or \
                 leave Replaces empty to replace the primary.",
                rot.range(o.start, o.end)
            ),
        });
    }
}

#[cfg(test)]
mod tests {
    use jiff::Timestamp;

    use super::super::from_markdown;
    use super::*;

    fn ts(s: &str) -> Timestamp {
        s.parse().expect("instant")
    }

    #[test]
    fn week_of_rows_use_the_hand_off_time_and_calendar_weeks() {
        let rot = from_markdown(
            "## Rotation\n\nTime zone: America/New_York\n\nHandoff: Friday 17:30\n\n\
             | Week of | Primary | Secondary |\n|---|---|---|\n\
             | 2027-03-12 | Ann | Bob |\n",
        )
        .expect("rotation");
        assert!(rot.problems.is_empty(), "{:?}", rot.problems);
        assert_eq!(rot.handoff.to_string(), "Friday 17:30");
        let s = &rot.shifts[0];
        assert_eq!(s.start, ts("2027-03-12T17:30:00-05:00"));
        assert_eq!(s.end, ts("2027-03-19T17:30:00-04:00"));
        assert_eq!(s.primary.as_deref(), Some("Ann"));
        assert_eq!(s.secondary.as_deref(), Some("Bob"));
    }

    #[test]
    fn names_are_spelled_as_first_written() {
        let rot = from_markdown(
            "## On-call\n\nTime zone: UTC\n\n| Start | End | Primary | Secondary |\n\
             |---|---|---|---|\n\
             | 2026-12-01 09:00 | 2026-12-08 09:00 | Mei Tanaka | Tom |\n\
             | 2026-12-08 09:00 | 2026-12-15 09:00 | tom | MEI  tanaka |\n",
        )
        .expect("rotation");
        assert_eq!(rot.shifts[1].primary.as_deref(), Some("Tom"));
        assert_eq!(rot.shifts[1].secondary.as_deref(), Some("Mei Tanaka"));
    }

    #[test]
    fn rows_that_cannot_be_read_are_problems_at_their_cells() {
        let md = "## On-call\n\nTime zone: UTC\n\n| Start | Primary |\n|---|---|\n\
                  | 2026-12-01 09:00 | Ann |\n\n### Overrides\n\n\
                  | Start | End | On call | Replaces | Reason |\n|---|---|---|---|---|\n\
                  | 2026-12-02 09:00 | 2026-12-03 09:00 |  | Ann | sick |\n\
                  | 2026-12-02 09:00 |  | Bob | Ann | sick |\n";
        let rot = from_markdown(md).expect("rotation");
        assert!(rot.shifts.is_empty() && rot.overrides.is_empty());
        let messages: Vec<&str> = rot.problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert!(messages[0].contains("no End column"));
        assert!(messages[1].contains("names nobody"));
        assert!(messages[2].starts_with("End is empty"));
        let between_pipes = md.find("|  | Bob").expect("cell") + 1;
        assert!((between_pipes..between_pipes + 2).contains(&rot.problems[2].span.start));
    }

    #[test]
    fn settings_outside_the_rotation_section_are_ignored() {
        let rot = from_markdown(
            "## Contacts\n\nTime zone: Asia/Tokyo\n\n## On-call rotation\n\n\
             Time zone: Europe/Berlin\n\n| Start | End | Primary |\n|---|---|---|\n\
             | 2026-12-01 09:00 | 2026-12-08 09:00 | Ann |\n",
        )
        .expect("rotation");
        assert_eq!(rot.zone_name, "Europe/Berlin");
        assert_eq!(rot.coverage, Coverage::Always);
    }
}
