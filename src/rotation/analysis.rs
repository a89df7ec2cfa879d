//! Questions asked of a [`Rotation`]: who is on call at an instant, when the primary
//! next changes, and what the whole horizon looks like (holes, overlapping primaries,
//! one person in both roles, hours per person).
//!
//! The horizon is cut at every instant where anything can change (shift and override
//! boundaries, coverage window edges); between two cuts the answer is constant, so the
//! analysis is exact to the instant and a one-minute hole is never stepped over.

use std::collections::BTreeMap;

use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};

use super::syntax::Coverage;
use super::{Rotation, Shift};

/// Who is on call at one instant, after overrides.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OnCall {
    /// The primary, or `None` when nobody is.
    pub primary: Option<String>,
    /// The secondary, or `None` when nobody is.
    pub secondary: Option<String>,
    /// The reason of the override in force (`"no reason given"` when its cell is empty).
    pub override_reason: Option<String>,
    /// Item ID of the override in force, if any.
    pub override_item: Option<String>,
    /// Item ID of the shift in force, if any.
    pub shift: Option<String>,
}

/// Two or more shifts giving the same time to different primaries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overlap {
    /// First instant of the overlap.
    pub start: Timestamp,
    /// First instant after it.
    pub end: Timestamp,
    /// The competing primaries, in document order.
    pub people: Vec<String>,
    /// Item IDs of the overlapping shifts, in document order.
    pub shifts: Vec<String>,
}

/// An interval where one person is both primary and secondary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SamePerson {
    /// First instant.
    pub start: Timestamp,
    /// First instant after it.
    pub end: Timestamp,
    /// The person holding both roles.
    pub person: String,
    /// Item ID of the shift in force at `start`.
    pub shift: Option<String>,
    /// Item ID of the override that caused it, if one is in force at `start`.
    pub override_item: Option<String>,
}

/// Everything the rules and the `oncall` report need about the rotation's horizon.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Analysis {
    /// Intervals needing cover with no primary, after overrides, merged.
    pub gaps: Vec<(Timestamp, Timestamp)>,
    /// Intervals where shifts give the time to different primaries.
    pub overlaps: Vec<Overlap>,
    /// Intervals needing cover where the primary is also the secondary.
    pub same_person: Vec<SamePerson>,
    /// Intervals needing cover with a primary but no secondary (an unreachable
    /// `Secondary on-call` escalation step).
    pub no_secondary: Vec<(Timestamp, Timestamp)>,
    /// Hours each person is primary while cover is needed (the balance of the rotation).
    pub hours: BTreeMap<String, f64>,
    /// First shift start; `None` when no shift could be read.
    pub horizon_start: Option<Timestamp>,
    /// Last shift end; `None` when no shift could be read.
    pub horizon_end: Option<Timestamp>,
}

/// Index of the shift in force at `t`: among those running, the one that started last
/// (a later hand-off wins an overlap), then the later row.
fn shift_at(rot: &Rotation, t: Timestamp) -> Option<usize> {
    shift_among(rot, t, 0..rot.shifts.len())
}

/// [`shift_at`] among the shifts with these indexes.
fn shift_among(rot: &Rotation, t: Timestamp, among: impl Iterator<Item = usize>) -> Option<usize> {
    among
        .filter_map(|i| rot.shifts.get(i).map(|s| (i, s)))
        .filter(|(_, s)| s.start <= t && t < s.end)
        .max_by_key(|(i, s)| (s.start, *i))
        .map(|(i, _)| i)
}

/// Which on-call role an escalation contact names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnCallRole {
    /// The primary on call.
    Primary,
    /// The secondary on call.
    Secondary,
}

/// The on-call role an escalation contact names, if any: `Primary on-call`,
/// `secondary`, `On call primary`, `**primary oncall**` … (case, emphasis and spelling
/// of on-call are ignored). The one reading of roles shared by the rules, the panes and
/// the handover.
pub fn role_of(contact: &str) -> Option<OnCallRole> {
    let norm = contact
        .trim()
        .trim_matches(|c: char| matches!(c, '*' | '_' | '@'))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
        .replace("on call", "on-call")
        .replace("oncall", "on-call");
    match norm.as_str() {
        "primary on-call"
        | "primary"
        | "on-call primary"
        | "on-call"
        | "on-call engineer"
        | "primary on-call engineer" => Some(OnCallRole::Primary),
        "secondary on-call" | "secondary" | "on-call secondary" | "secondary on-call engineer" => {
            Some(OnCallRole::Secondary)
        }
        _ => None,
    }
}

impl OnCall {
    /// The person holding `role`, if anyone does.
    pub fn person(&self, role: OnCallRole) -> Option<&String> {
        match role {
            OnCallRole::Primary => self.primary.as_ref(),
            OnCallRole::Secondary => self.secondary.as_ref(),
        }
    }
}

/// Who holds each role at one instant, and where each answer comes from.
struct Resolved {
    /// Index of the shift in force.
    shift: Option<usize>,
    /// Primary then secondary: the person and the index of the override that put
    /// them there (`None` when the shift did).
    slots: [(Option<String>, Option<usize>); 2],
    /// Index of the last override that changed anything.
    last_override: Option<usize>,
}

/// The shift in force at `t`, then each override running at `t` in document order
/// replaces the person it names (or the primary when it names nobody).
fn resolve_at(rot: &Rotation, t: Timestamp) -> Resolved {
    resolve_among(rot, t, shift_at(rot, t), 0..rot.overrides.len())
}

/// [`resolve_at`] with the shift in force known, among the overrides with these
/// indexes (ascending: later ones win).
fn resolve_among(
    rot: &Rotation,
    t: Timestamp,
    index: Option<usize>,
    overrides: impl Iterator<Item = usize>,
) -> Resolved {
    let shift = index.and_then(|i| rot.shifts.get(i));
    let mut out = Resolved {
        shift: index,
        slots: [
            (shift.and_then(|s| s.primary.clone()), None),
            (shift.and_then(|s| s.secondary.clone()), None),
        ],
        last_override: None,
    };
    for (i, o) in overrides.filter_map(|i| rot.overrides.get(i).map(|o| (i, o))) {
        if !(o.start <= t && t < o.end) {
            continue;
        }
        let slot = match &o.replaces {
            None => 0,
            Some(r) if out.slots[0].0.as_ref() == Some(r) => 0,
            Some(r) if out.slots[1].0.as_ref() == Some(r) => 1,
            Some(_) => continue,
        };
        out.slots[slot] = (Some(o.on_call.clone()), Some(i));
        out.last_override = Some(i);
    }
    out
}

/// Who is primary and secondary at `t`: the shift in force, then each override running
/// at `t` in document order replaces the person it names (or the primary when it names
/// nobody). An override naming someone not on call at `t` changes nothing at `t`.
pub fn on_call_at(rot: &Rotation, t: Timestamp) -> OnCall {
    on_call_of(rot, resolve_at(rot, t))
}

/// The answer [`on_call_at`] gives, from who holds each role and why.
fn on_call_of(rot: &Rotation, r: Resolved) -> OnCall {
    let [(primary, _), (secondary, _)] = r.slots;
    let last = r.last_override.and_then(|i| rot.overrides.get(i));
    OnCall {
        primary,
        secondary,
        override_reason: last.map(|o| {
            o.reason
                .clone()
                .unwrap_or_else(|| "no reason given".to_string())
        }),
        override_item: last.map(|o| o.item.clone()),
        shift: r
            .shift
            .and_then(|i| rot.shifts.get(i))
            .map(|s| s.item.clone()),
    }
}

/// One person holding one role for an interval of the final schedule (shifts cut
/// around their overrides).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duty {
    /// First instant.
    pub start: Timestamp,
    /// First instant after it.
    pub end: Timestamp,
    /// The role held.
    pub role: OnCallRole,
    /// Who holds it.
    pub person: String,
    /// Index into [`Rotation::shifts`] of the shift in force, if any.
    pub shift: Option<usize>,
    /// Index into [`Rotation::overrides`] of the override that put `person` there;
    /// `None` when the shift did.
    pub override_index: Option<usize>,
}

/// The final schedule: for each role, who really is on call when, after overrides, in
/// order of start. Within one role no two duties overlap; a duty ends where its
/// person, its shift or its override changes, so each duty is one shift's part or one
/// override's part and keeps a stable identity across exports.
pub fn final_schedule(rot: &Rotation) -> Vec<Duty> {
    let cuts = boundaries(rot);
    let mut open: [Option<Duty>; 2] = [None, None];
    let mut out = Vec::new();
    let mut shifts = Sweep::new(rot.shifts.iter().map(|s| (s.start, s.end)));
    let mut overrides = Sweep::new(rot.overrides.iter().map(|o| (o.start, o.end)));
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let index = shift_among(rot, a, shifts.running_at(a).iter().copied());
        let r = resolve_among(rot, a, index, overrides.running_at(a).iter().copied());
        for (slot, (person, override_index)) in r.slots.into_iter().enumerate() {
            let role = if slot == 0 {
                OnCallRole::Primary
            } else {
                OnCallRole::Secondary
            };
            let continues = open[slot].as_ref().is_some_and(|d| {
                d.end == a
                    && Some(&d.person) == person.as_ref()
                    && d.override_index == override_index
                    && (override_index.is_some() || d.shift == r.shift)
            });
            if continues {
                if let Some(d) = open[slot].as_mut() {
                    d.end = b;
                }
                continue;
            }
            out.extend(open[slot].take());
            open[slot] = person.map(|person| Duty {
                start: a,
                end: b,
                role,
                person,
                shift: r.shift,
                override_index,
            });
        }
    }
    out.extend(open.into_iter().flatten());
    out.sort_by_key(|d| (d.start, d.role == OnCallRole::Secondary));
    out
}

/// The intervals running at each of a rising series of instants, found by sweeping
/// over them in order of start instead of scanning all of them at every instant: the
/// final schedule of a rotation of thousands of weeks and overrides stays linear.
struct Sweep {
    /// Each interval's start and end, by index.
    spans: Vec<(Timestamp, Timestamp)>,
    /// Indexes in order of start.
    by_start: Vec<usize>,
    /// How many of `by_start` have started.
    started: usize,
    /// The indexes running at the last instant asked, ascending.
    running: Vec<usize>,
}

impl Sweep {
    fn new(spans: impl Iterator<Item = (Timestamp, Timestamp)>) -> Sweep {
        let spans: Vec<(Timestamp, Timestamp)> = spans.collect();
        let mut by_start: Vec<usize> = (0..spans.len()).collect();
        by_start.sort_by_key(|&i| spans[i].0);
        Sweep {
            spans,
            by_start,
            started: 0,
            running: Vec::new(),
        }
    }

    /// The indexes (ascending) of the intervals with `start <= t < end`; `t` must not
    /// be earlier than the instant asked before.
    fn running_at(&mut self, t: Timestamp) -> &[usize] {
        while let Some(&i) = self.by_start.get(self.started) {
            if self.spans[i].0 > t {
                break;
            }
            let at = self.running.partition_point(|&j| j < i);
            self.running.insert(at, i);
            self.started += 1;
        }
        let spans = &self.spans;
        self.running.retain(|&i| t < spans[i].1);
        &self.running
    }
}

/// The first instant after `t` where a shift or override starts or ends: who is on
/// call may change there.
pub fn next_boundary(rot: &Rotation, t: Timestamp) -> Option<Timestamp> {
    boundaries_after(rot, t).first().copied()
}

/// Every instant where a shift or override starts or ends, ascending, once each: the
/// only instants at which who is on call can change.
pub fn boundaries(rot: &Rotation) -> Vec<Timestamp> {
    let mut cuts: Vec<Timestamp> = rot
        .shifts
        .iter()
        .flat_map(|s| [s.start, s.end])
        .chain(rot.overrides.iter().flat_map(|o| [o.start, o.end]))
        .collect();
    cuts.sort_unstable();
    cuts.dedup();
    cuts
}

/// Every instant after `t` where a shift or override starts or ends, ascending.
fn boundaries_after(rot: &Rotation, t: Timestamp) -> Vec<Timestamp> {
    let mut cuts = boundaries(rot);
    cuts.retain(|&c| c > t);
    cuts
}

/// The next instant after `t` at which the primary changes (to someone else or to
/// nobody), or `None` when it never changes again.
pub fn next_handoff(rot: &Rotation, t: Timestamp) -> Option<Timestamp> {
    let current = on_call_at(rot, t).primary;
    boundaries_after(rot, t)
        .into_iter()
        .find(|&c| on_call_at(rot, c).primary != current)
}

/// The intervals within `from..to` that need cover, ascending and disjoint.
fn required(rot: &Rotation, from: Timestamp, to: Timestamp) -> Vec<(Timestamp, Timestamp)> {
    coverage_windows(rot.coverage, &rot.zone, from, to)
}

/// The intervals within `from..to` that `coverage` takes in `zone` (its wall-clock
/// window on each covered day), ascending and disjoint.
pub(crate) fn coverage_windows(
    coverage: Coverage,
    zone: &TimeZone,
    from: Timestamp,
    to: Timestamp,
) -> Vec<(Timestamp, Timestamp)> {
    let Coverage::BusinessHours { start, end, .. } = coverage else {
        return vec![(from, to)];
    };
    let first = zone.to_datetime(from).date().checked_sub(1.day());
    let last = zone.to_datetime(to).date().checked_add(1.day());
    let (Ok(mut day), Ok(last)) = (first, last) else {
        return vec![(from, to)];
    };
    let instant = |dt| zone.to_ambiguous_timestamp(dt).compatible().ok();
    let mut out = Vec::new();
    while day <= last {
        if coverage.covers_day(day.weekday())
            && let (Some(s), Some(e)) = (
                instant(day.to_datetime(start)),
                instant(day.to_datetime(end)),
            )
        {
            let (s, e) = (s.max(from), e.min(to));
            if s < e {
                out.push((s, e));
            }
        }
        let Ok(next) = day.checked_add(1.day()) else {
            break;
        };
        day = next;
    }
    out
}

/// The layer of the shift in force at `t`, when the rotation has layers.
pub fn layer_at(rot: &Rotation, t: Timestamp) -> Option<&str> {
    shift_at(rot, t)
        .and_then(|i| rot.shifts.get(i))
        .and_then(|s| s.layer.as_deref())
}

/// True when instant `t` needs cover under the rotation's `Coverage:` (always, for
/// 24x7).
pub fn needs_cover(rot: &Rotation, t: Timestamp) -> bool {
    t.checked_add(jiff::SignedDuration::from_secs(1))
        .is_ok_and(|next| !required(rot, t, next).is_empty())
}

/// Append `a..b` to `list`, extending the last interval when they meet.
fn push_merged(list: &mut Vec<(Timestamp, Timestamp)>, a: Timestamp, b: Timestamp) {
    match list.last_mut() {
        Some(last) if last.1 == a => last.1 = b,
        _ => list.push((a, b)),
    }
}

/// Walk the horizon piece by piece and collect gaps, overlaps, double bookings, missing
/// secondaries and primary hours. Gaps and hours only count time that needs cover.
pub fn analyse(rot: &Rotation) -> Analysis {
    let Some((from, to)) = rot.horizon() else {
        return Analysis::default();
    };
    let needed = required(rot, from, to);
    let mut cuts: Vec<Timestamp> = vec![from, to];
    cuts.extend(needed.iter().flat_map(|&(s, e)| [s, e]));
    cuts.extend(boundaries(rot).into_iter().filter(|&c| from < c && c < to));
    cuts.sort_unstable();
    cuts.dedup();

    let mut out = Analysis {
        horizon_start: Some(from),
        horizon_end: Some(to),
        ..Analysis::default()
    };
    let mut need = needed.iter().peekable();
    let mut shifts = Sweep::new(rot.shifts.iter().map(|s| (s.start, s.end)));
    let mut overrides = Sweep::new(rot.overrides.iter().map(|o| (o.start, o.end)));
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        while need.peek().is_some_and(|&&(_, e)| e <= a) {
            need.next();
        }
        let covered = need.peek().is_some_and(|&&(s, e)| s <= a && a < e);
        let on = shifts.running_at(a);
        let index = shift_among(rot, a, on.iter().copied());
        let running: Vec<&Shift> = on.iter().filter_map(|&i| rot.shifts.get(i)).collect();
        let who = on_call_of(
            rot,
            resolve_among(rot, a, index, overrides.running_at(a).iter().copied()),
        );
        let mut people: Vec<String> = Vec::new();
        for p in running.iter().filter_map(|s| s.primary.as_ref()) {
            if !people.contains(p) {
                people.push(p.clone());
            }
        }
        if people.len() > 1 {
            let shifts: Vec<String> = running
                .iter()
                .filter(|s| s.primary.is_some())
                .map(|s| s.item.clone())
                .collect();
            match out.overlaps.last_mut() {
                Some(last) if last.end == a && last.shifts == shifts => last.end = b,
                _ => out.overlaps.push(Overlap {
                    start: a,
                    end: b,
                    people,
                    shifts,
                }),
            }
        }

        if !covered {
            continue;
        }
        let Some(primary) = &who.primary else {
            push_merged(&mut out.gaps, a, b);
            continue;
        };
        *out.hours.entry(primary.clone()).or_insert(0.0) +=
            b.duration_since(a).as_secs_f64() / 3600.0;
        match &who.secondary {
            None => push_merged(&mut out.no_secondary, a, b),
            Some(s) if s == primary => match out.same_person.last_mut() {
                Some(last) if last.end == a && &last.person == primary => last.end = b,
                _ => out.same_person.push(SamePerson {
                    start: a,
                    end: b,
                    person: primary.clone(),
                    shift: who.shift.clone(),
                    override_item: who.override_item.clone(),
                }),
            },
            Some(_) => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::from_markdown;
    use super::*;

    #[test]
    fn roles_are_recognised_loosely() {
        assert_eq!(role_of("Primary on-call"), Some(OnCallRole::Primary));
        assert_eq!(role_of("**primary oncall**"), Some(OnCallRole::Primary));
        assert_eq!(role_of("On call primary"), Some(OnCallRole::Primary));
        assert_eq!(role_of("secondary"), Some(OnCallRole::Secondary));
        assert_eq!(role_of("Secondary  On-Call"), Some(OnCallRole::Secondary));
        assert_eq!(role_of("Incident commander"), None);
        assert_eq!(role_of("Dana Kim"), None);
    }

    fn ts(s: &str) -> Timestamp {
        s.parse().expect("instant")
    }

    fn berlin(rows: &str, extra: &str) -> Rotation {
        from_markdown(&format!(
            "## On-call\n\nTime zone: Europe/Berlin\n\n{extra}\n\n\
             | Start | End | Primary | Secondary |\n|---|---|---|---|\n{rows}"
        ))
        .expect("rotation")
    }

    #[test]
    fn business_hours_keep_their_wall_clock_across_dst() {
        // Friday to Tuesday over the 2027-03-28 spring-forward Sunday.
        let rot = berlin(
            "| 2027-03-26 09:00 | 2027-03-30 09:00 | Ann | Bob |\n",
            "Coverage: business hours Mon-Fri 09:00-17:00",
        );
        let (from, to) = rot.horizon().expect("horizon");
        assert_eq!(
            required(&rot, from, to),
            vec![
                (
                    ts("2027-03-26T09:00:00+01:00"),
                    ts("2027-03-26T17:00:00+01:00")
                ),
                (
                    ts("2027-03-29T09:00:00+02:00"),
                    ts("2027-03-29T17:00:00+02:00")
                ),
            ]
        );
        let a = analyse(&rot);
        assert!(a.gaps.is_empty());
        assert!((a.hours["Ann"] - 16.0).abs() < 1e-9);
    }

    #[test]
    fn an_override_naming_someone_off_duty_changes_nothing() {
        let rot = from_markdown(
            "## On-call\n\nTime zone: UTC\n\n| Start | End | Primary | Secondary |\n\
             |---|---|---|---|\n| 2026-12-01 09:00 | 2026-12-08 09:00 | Ann | Bob |\n\n\
             ### Overrides\n\n| Start | End | On call | Replaces | Reason |\n|---|---|---|---|---|\n\
             | 2026-12-02 09:00 | 2026-12-03 09:00 | Cy | Dee |  |\n\
             | 2026-12-04 09:00 | 2026-12-05 09:00 | Cy | Bob |  |\n",
        )
        .expect("rotation");
        let t = ts("2026-12-02T12:00:00Z");
        assert_eq!(on_call_at(&rot, t).primary.as_deref(), Some("Ann"));
        assert_eq!(on_call_at(&rot, t).override_reason, None);
        let swap = on_call_at(&rot, ts("2026-12-04T12:00:00Z"));
        assert_eq!(swap.secondary.as_deref(), Some("Cy"));
        assert_eq!(swap.override_reason.as_deref(), Some("no reason given"));
    }

    #[test]
    fn next_handoff_skips_boundaries_that_keep_the_primary_and_ends_at_the_horizon() {
        let rot = berlin(
            "| 2026-12-01 09:00 | 2026-12-08 09:00 | Ann | Bob |\n\
             | 2026-12-08 09:00 | 2026-12-15 09:00 | Ann | Cy |\n\
             | 2026-12-15 09:00 | 2026-12-22 09:00 | Bob | Ann |\n",
            "",
        );
        let start = ts("2026-12-01T09:00:00+01:00");
        assert_eq!(next_handoff(&rot, ts("2026-11-01T00:00:00Z")), Some(start));
        assert_eq!(
            next_handoff(&rot, start),
            Some(ts("2026-12-15T09:00:00+01:00"))
        );
        let last = ts("2026-12-22T09:00:00+01:00");
        assert_eq!(next_handoff(&rot, ts("2026-12-16T00:00:00Z")), Some(last));
        assert_eq!(next_handoff(&rot, last), None);
        let a = analyse(&rot);
        assert!(a.gaps.is_empty() && a.overlaps.is_empty() && a.same_person.is_empty());
        assert!((a.hours["Ann"] - 336.0).abs() < 1e-9);
    }

    #[test]
    fn adjacent_pieces_merge_into_one_interval() {
        let rot = berlin(
            "| 2026-12-01 09:00 | 2026-12-02 09:00 | Ann | Ann |\n\
             | 2026-12-02 09:00 | 2026-12-03 09:00 | Ann | Ann |\n\
             | 2026-12-03 09:00 | 2026-12-04 09:00 |     | Bob |\n\
             | 2026-12-04 09:00 | 2026-12-05 09:00 |     | Cy  |\n\
             | 2026-12-05 09:00 | 2026-12-06 09:00 | Dee |     |\n",
            "",
        );
        let a = analyse(&rot);
        assert_eq!(a.same_person.len(), 1);
        assert_eq!(a.same_person[0].end, ts("2026-12-03T09:00:00+01:00"));
        assert_eq!(
            a.gaps,
            vec![(
                ts("2026-12-03T09:00:00+01:00"),
                ts("2026-12-05T09:00:00+01:00")
            )]
        );
        assert_eq!(
            a.no_secondary,
            vec![(
                ts("2026-12-05T09:00:00+01:00"),
                ts("2026-12-06T09:00:00+01:00")
            )]
        );
    }

    #[test]
    fn a_rotation_without_readable_shifts_has_no_horizon() {
        let rot = berlin("| someday | later | Ann | Bob |\n", "");
        assert_eq!(analyse(&rot), Analysis::default());
        assert_eq!(next_handoff(&rot, ts("2026-12-01T00:00:00Z")), None);
    }
}
