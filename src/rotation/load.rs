//! Load and fairness: per person, the hours on call in a window of the final schedule,
//! split into business hours, nights, weekends and holidays, the number of shifts, the
//! longest unbroken stretch, and the balance of primary hours across people.
//!
//! Every hour falls into exactly one kind, judged on the rotation zone's wall clock:
//! a holiday (any time inside a holiday), else a weekend (Saturday or Sunday), else
//! business hours (Monday to Friday 09:00–17:00), else a night. The window is cut at
//! every boundary of these kinds, so the split is exact across daylight-saving
//! changes (a fall-back Sunday holds 25 hours).

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::{Time, Weekday};
use jiff::{Timestamp, ToSpan};

use super::{OnCallRole, Rotation, final_schedule};

/// Start of business hours, wall clock.
const BUSINESS_START: Time = Time::constant(9, 0, 0, 0);
/// End of business hours, wall clock.
const BUSINESS_END: Time = Time::constant(17, 0, 0, 0);

/// One person's load in the window.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PersonLoad {
    /// The person, as the rotation spells them.
    pub person: String,
    /// Hours on call in any role.
    pub total: f64,
    /// Hours as the primary.
    pub primary: f64,
    /// Hours on call in business hours (Mon–Fri 09:00–17:00, not a holiday).
    pub business: f64,
    /// Hours on call at night (a weekday outside business hours, not a holiday).
    pub nights: f64,
    /// Hours on call on Saturdays and Sundays (not a holiday).
    pub weekends: f64,
    /// Hours on call during holidays.
    pub holidays: f64,
    /// Shift and override rows the person holds some of.
    pub shifts: usize,
    /// The longest unbroken time on call, in any role, in hours.
    pub longest: f64,
}

/// The load of everyone on call in a window.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Load {
    /// First instant counted.
    pub from: Option<Timestamp>,
    /// First instant not counted.
    pub to: Option<Timestamp>,
    /// Per person, by name.
    pub people: Vec<PersonLoad>,
    /// Fewest primary hours over most, among people who are primary in the window
    /// (1 when one person or nobody is); `None` when nobody is primary.
    pub balance: Option<f64>,
}

/// The instants within `from..to` where the kind of hour can change: local midnight,
/// 09:00 and 17:00 of every day, and every holiday edge.
fn kind_cuts(
    rot: &Rotation,
    from: Timestamp,
    to: Timestamp,
    holidays: &[(Timestamp, Timestamp)],
) -> Vec<Timestamp> {
    let mut cuts = vec![from, to];
    let first = rot.zone.to_datetime(from).date();
    let last = rot.zone.to_datetime(to).date();
    let mut day = first;
    while day <= last {
        for t in [Time::midnight(), BUSINESS_START, BUSINESS_END] {
            if let Ok(ts) = rot
                .zone
                .to_ambiguous_timestamp(day.to_datetime(t))
                .compatible()
                && from < ts
                && ts < to
            {
                cuts.push(ts);
            }
        }
        let Ok(next) = day.checked_add(1.day()) else {
            break;
        };
        day = next;
    }
    cuts.extend(
        holidays
            .iter()
            .flat_map(|&(s, e)| [s, e])
            .filter(|&c| from < c && c < to),
    );
    cuts.sort_unstable();
    cuts.dedup();
    cuts
}

/// The load of the final schedule within `from..to` (default: the rotation's horizon),
/// with `holidays` as intervals.
pub fn load(
    rot: &Rotation,
    from: Option<Timestamp>,
    to: Option<Timestamp>,
    holidays: &[(Timestamp, Timestamp)],
) -> Load {
    let horizon = rot.horizon();
    let (Some(from), Some(to)) = (from.or(horizon.map(|h| h.0)), to.or(horizon.map(|h| h.1)))
    else {
        return Load::default();
    };
    let mut people: BTreeMap<String, PersonLoad> = BTreeMap::new();
    let mut rows: BTreeMap<String, BTreeSet<(bool, usize)>> = BTreeMap::new();
    let mut stretches: BTreeMap<String, Vec<(Timestamp, Timestamp)>> = BTreeMap::new();
    for d in final_schedule(rot) {
        let (a, b) = (d.start.max(from), d.end.min(to));
        if a >= b {
            continue;
        }
        let entry = people
            .entry(d.person.clone())
            .or_insert_with(|| PersonLoad {
                person: d.person.clone(),
                ..PersonLoad::default()
            });
        for w in kind_cuts(rot, a, b, holidays).windows(2) {
            let (s, e) = (w[0], w[1]);
            let hours = e.duration_since(s).as_secs_f64() / 3600.0;
            let local = rot.zone.to_datetime(s);
            let slot = if holidays.iter().any(|&(hs, he)| hs <= s && s < he) {
                &mut entry.holidays
            } else if matches!(local.weekday(), Weekday::Saturday | Weekday::Sunday) {
                &mut entry.weekends
            } else if (BUSINESS_START..BUSINESS_END).contains(&local.time()) {
                &mut entry.business
            } else {
                &mut entry.nights
            };
            *slot += hours;
            entry.total += hours;
            if d.role == OnCallRole::Primary {
                entry.primary += hours;
            }
        }
        let source = match d.override_index {
            Some(i) => (true, i),
            None => (false, d.shift.unwrap_or(usize::MAX)),
        };
        rows.entry(d.person.clone()).or_default().insert(source);
        stretches.entry(d.person.clone()).or_default().push((a, b));
    }
    for (name, p) in &mut people {
        p.shifts = rows.get(name).map_or(0, BTreeSet::len);
        let mut spans = stretches.remove(name).unwrap_or_default();
        spans.sort_unstable();
        let mut merged: Vec<(Timestamp, Timestamp)> = Vec::new();
        for (s, e) in spans {
            match merged.last_mut() {
                Some(last) if s <= last.1 => last.1 = last.1.max(e),
                _ => merged.push((s, e)),
            }
        }
        p.longest = merged
            .iter()
            .map(|&(s, e)| e.duration_since(s).as_secs_f64() / 3600.0)
            .fold(0.0, f64::max);
    }
    let primaries: Vec<f64> = people
        .values()
        .map(|p| p.primary)
        .filter(|&h| h > 0.0)
        .collect();
    let balance = match (
        primaries.iter().copied().reduce(f64::min),
        primaries.iter().copied().reduce(f64::max),
    ) {
        (Some(min), Some(max)) if max > 0.0 => Some(min / max),
        _ => None,
    };
    Load {
        from: Some(from),
        to: Some(to),
        people: people.into_values().collect(),
        balance,
    }
}
