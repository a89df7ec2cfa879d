//! The on-call rotation rules: `oncall-invalid`, `oncall-no-zone`, `oncall-gap`,
//! `oncall-nobody-now`, `oncall-overlap`, `oncall-same-person`, `oncall-horizon` and
//! `escalation-unreachable`.
//!
//! Times in messages are wall-clock times in the rotation's zone, so they can be
//! compared with the cells they come from.

use jiff::Timestamp;

use super::RuleId;
use super::{Context, Finding, Severity, step_contact};
use crate::model::{FieldKey, Item, ItemKind, Span};
use crate::rotation::leave;
use crate::rotation::pager::{People, drift, read_calendar};
use crate::rotation::{
    Analysis, Rotation, Shift, human_duration, needs_cover, next_handoff, on_call_at,
};
use crate::rotation::{OnCallRole, role_of};

/// The rotation must reach at least this many days past today.
const HORIZON_DAYS: i64 = 14;

/// Findings of every rotation rule and of `escalation-unreachable`.
pub fn check(ctx: &Context<'_>) -> Vec<Finding> {
    let rotation = crate::rotation::build(ctx.ws);
    let analysis = rotation.as_ref().map(crate::rotation::analyse);
    check_rotation(ctx, rotation.as_ref().zip(analysis.as_ref()))
}

/// [`check`] over the rotation built from `ctx.ws` and its analysis, which the caller
/// has (`None` when the playbook has no rotation).
pub fn check_rotation(ctx: &Context<'_>, rotation: Option<(&Rotation, &Analysis)>) -> Vec<Finding> {
    let Some((rot, analysis)) = rotation else {
        return unreachable_without_rotation(ctx);
    };
    let mut out = Vec::new();
    for p in &rot.problems {
        out.push(Finding::at(
            RuleId::OncallInvalid,
            severity(RuleId::OncallInvalid),
            &ctx.ws.docs[p.doc],
            p.span,
            p.item.as_deref(),
            p.message.clone(),
        ));
    }
    no_zone(ctx, rot, &mut out);
    gaps(ctx, rot, analysis, &mut out);
    nobody_now(ctx, rot, &mut out);
    overlaps(ctx, rot, analysis, &mut out);
    same_person(ctx, rot, analysis, &mut out);
    horizon(ctx, rot, analysis, &mut out);
    unreachable_steps(ctx, rot, analysis, &mut out);
    paging_drift(ctx, rot, &mut out);
    unavailable(ctx, rot, &mut out);
    imbalance(ctx, rot, &mut out);
    out
}

/// An `oncall-imbalance` warning, at the first shift of the person with the most primary
/// hours, when `[oncall] max_imbalance` is set and the most primary hours over the
/// horizon exceed the fewest by more than it.
fn imbalance(ctx: &Context<'_>, rot: &Rotation, out: &mut Vec<Finding>) {
    let Some(limit) = ctx.ws.max_imbalance else {
        return;
    };
    let load = crate::rotation::load::load(rot, None, None, &[]);
    let Some(balance) = load.balance.filter(|b| *b > 0.0 && 1.0 / b > limit) else {
        return;
    };
    let mut primaries: Vec<&crate::rotation::load::PersonLoad> =
        load.people.iter().filter(|p| p.primary > 0.0).collect();
    primaries.sort_by(|a, b| b.primary.total_cmp(&a.primary));
    let Some(most) = primaries.first() else {
        return;
    };
    let Some(shift) = rot
        .shifts
        .iter()
        .find(|s| s.primary.as_ref() == Some(&most.person))
    else {
        return;
    };
    let listed: Vec<String> = primaries
        .iter()
        .map(|p| format!("{} {:.1} h", p.person, p.primary))
        .collect();
    let (Some(from), Some(to)) = (load.from, load.to) else {
        return;
    };
    out.push(at_shift(
        ctx,
        RuleId::OncallImbalance,
        shift,
        format!(
            "Primary hours are uneven over {}: {} (the most is {:.2} times the fewest, over \
             the {limit:.2} [oncall] max_imbalance allows). Give the coming shifts to the \
             people with fewer hours.",
            rot.range(from, to),
            listed.join(", "),
            1.0 / balance
        ),
    ));
}

/// One `oncall-unavailable` error per part of a duty that falls on its person's leave,
/// at the shift (or override) row, naming the leave entry and an override row to add.
/// Leave rows and calendars that cannot be read are `oncall-invalid` at their line.
fn unavailable(ctx: &Context<'_>, rot: &Rotation, out: &mut Vec<Finding>) {
    let (mut leave, problems) = leave::from_playbook(rot, ctx.ws);
    let doc = &ctx.ws.docs[rot.doc];
    let invalid = RuleId::OncallInvalid;
    for (line, message) in problems {
        out.push(Finding::on_file(
            invalid,
            severity(invalid),
            &doc.path,
            line,
            message,
        ));
    }
    if !ctx.ws.time_off.is_empty() {
        let people = People::from_workspace(rot, ctx.ws);
        for (path, text) in &ctx.ws.time_off {
            let read = text.as_deref().map_err(Clone::clone).and_then(|t| {
                leave::from_calendar(rot, &people, path, t).map_err(|e| e.to_string())
            });
            match read {
                Ok((found, problems)) => {
                    leave.extend(found);
                    for (line, why) in problems {
                        out.push(Finding::on_file(
                            invalid,
                            severity(invalid),
                            path,
                            line,
                            format!("This leave event cannot be read, so it is left out: {why}."),
                        ));
                    }
                }
                Err(why) => out.push(Finding::on_file(
                    invalid,
                    severity(invalid),
                    path,
                    1,
                    format!(
                        "The time-off calendar matched by [oncall] time_off cannot be read: \
                         {why}. Commit an iCalendar export here, or change the pattern."
                    ),
                )),
            }
        }
    }
    let rule = RuleId::OncallUnavailable;
    for c in leave::clashes(rot, &leave) {
        let person = &c.duty.person;
        let role = match c.duty.role {
            OnCallRole::Primary => "primary",
            OnCallRole::Secondary => "secondary",
        };
        let reason = c.leave.reason.as_deref().unwrap_or("leave");
        let message = format!(
            "{person} is {role} on call {} but on leave then ({reason}, {}): add an override \
             row such as `| {} | {} | <who covers> | {person} | {reason} |` to the Overrides \
             table, or change the shift.",
            interval(rot, c.start, c.end),
            c.leave.source.location(ctx.ws),
            rot.local(c.start),
            rot.local(c.end),
        );
        let at_override = c.duty.override_index.and_then(|i| rot.overrides.get(i));
        let at_row = c.duty.shift.and_then(|i| rot.shifts.get(i));
        out.push(match (at_override, at_row) {
            (Some(o), _) => Finding::at(
                rule,
                severity(rule),
                &ctx.ws.docs[o.doc],
                o.span,
                Some(&o.item),
                message,
            ),
            (None, Some(shift)) => at_shift(ctx, rule, shift, message),
            (None, None) => Finding::on_file(rule, severity(rule), &doc.path, 1, message),
        });
    }
}

/// One `oncall-drift` error per maximal interval where a paging tool's export named in
/// `[[oncall.paging]]` and the rotation disagree about who holds the export's role, at
/// the shift row in force (or the export's event when no shift is). An export that
/// cannot be read, and each event in it that cannot, is one error at the file.
fn paging_drift(ctx: &Context<'_>, rot: &Rotation, out: &mut Vec<Finding>) {
    let rule = RuleId::OncallDrift;
    if ctx.ws.paging.is_empty() {
        return;
    }
    let people = People::from_workspace(rot, ctx.ws);
    for export in &ctx.ws.paging {
        let cal = match export
            .text
            .as_deref()
            .map_err(Clone::clone)
            .and_then(|t| read_calendar(t, &rot.zone).map_err(|e| e.to_string()))
        {
            Ok(cal) => cal,
            Err(why) => {
                out.push(Finding::on_file(
                    rule,
                    severity(rule),
                    &export.path,
                    1,
                    format!(
                        "The paging export named in [[oncall.paging]] cannot be compared with \
                         the rotation: {why}. Commit the paging tool's iCalendar export at this \
                         path, or fix the path in readyroom.toml."
                    ),
                ));
                continue;
            }
        };
        for (line, why) in &cal.problems {
            out.push(Finding::on_file(
                rule,
                severity(rule),
                &export.path,
                *line,
                format!("This event cannot be read, so it is left out of the comparison: {why}."),
            ));
        }
        let role = if export.secondary {
            OnCallRole::Secondary
        } else {
            OnCallRole::Primary
        };
        for d in drift(rot, role, &cal.events, &people) {
            let message = format!(
                "{} and the rotation disagree {}: the rotation names {} as {}, the paging tool \
                 {}. Fix the rotation or the paging tool's schedule and export it again.",
                export.path,
                interval(rot, d.start, d.end),
                d.docs.as_deref().unwrap_or("nobody"),
                role_name(role).to_lowercase(),
                d.pager.as_deref().unwrap_or("nobody"),
            );
            let in_force = on_call_at(rot, d.start)
                .shift
                .and_then(|id| shift_by_id(rot, &id));
            out.push(match in_force {
                Some(shift) => at_shift(ctx, rule, shift, message),
                None => Finding::on_file(
                    rule,
                    severity(rule),
                    &export.path,
                    d.pager_line.unwrap_or(1),
                    message,
                ),
            });
        }
    }
}

fn severity(rule: RuleId) -> Severity {
    rule.info().severity
}

fn at_shift(ctx: &Context<'_>, rule: RuleId, shift: &Shift, message: String) -> Finding {
    Finding::at(
        rule,
        severity(rule),
        &ctx.ws.docs[shift.doc],
        shift.span,
        Some(&shift.item),
        message,
    )
}

fn shift_by_id<'r>(rot: &'r Rotation, id: &str) -> Option<&'r Shift> {
    rot.shifts.iter().find(|s| s.item == id)
}

/// One finding per hole, at the shift row that ends where the hole starts (or the
/// nearest shift before it).
fn gaps(ctx: &Context<'_>, rot: &Rotation, a: &Analysis, out: &mut Vec<Finding>) {
    for &(start, end) in &a.gaps {
        let when = interval(rot, start, end);
        let in_force = on_call_at(rot, start)
            .shift
            .and_then(|id| shift_by_id(rot, &id));
        let (shift, message) = if let Some(shift) = in_force {
            (
                shift,
                format!(
                    "Nobody is primary on call {when}: this shift names no primary. Fill its \
                     Primary cell or add an override."
                ),
            )
        } else {
            let before = rot
                .shifts
                .iter()
                .filter(|s| s.end <= start)
                .max_by_key(|s| s.end);
            let Some(shift) = before.or_else(|| rot.shifts.iter().min_by_key(|s| s.start)) else {
                continue;
            };
            (
                shift,
                format!(
                    "Nobody is primary on call {when}: no shift covers it. Add a shift row \
                     starting {} and ending {}, extend the neighbouring shift, or add an \
                     override.",
                    rot.local(start),
                    rot.local(end)
                ),
            )
        };
        out.push(at_shift(ctx, RuleId::OncallGap, shift, message));
    }
}

/// An error when the rotation names no time zone, at its heading.
fn no_zone(ctx: &Context<'_>, rot: &Rotation, out: &mut Vec<Finding>) {
    let Some(span) = rot.zone_missing else { return };
    out.push(Finding::at(
        RuleId::OncallNoZone,
        severity(RuleId::OncallNoZone),
        &ctx.ws.docs[rot.doc],
        span,
        None,
        format!(
            "The on-call rotation names no time zone, so its times are read as {} and every \
             on-call answer says so: add `Time zone: <IANA name>` (for example `Time zone: \
             Europe/Berlin`) under this heading, or `time_zone:` in the front matter.",
            rot.zone_name
        ),
    ));
}

/// The name of an on-call role as messages write it.
fn role_name(role: OnCallRole) -> &'static str {
    match role {
        OnCallRole::Primary => "Primary on-call",
        OnCallRole::Secondary => "Secondary on-call",
    }
}

/// The escalation paths whose first step pages `role`, in document order.
fn paths_starting_with(ctx: &Context<'_>, role: OnCallRole) -> Vec<String> {
    let mut seen: Vec<(usize, Option<usize>, &str)> = Vec::new();
    let mut paths = Vec::new();
    for item in ctx.ws.items_of(ItemKind::EscalationStep) {
        let key = (item.doc, item.table, item.group.as_str());
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
        if role_of(step_contact(item).0) == Some(role) {
            paths.push(if item.group.is_empty() {
                format!("the path on line {}", item.line)
            } else {
                item.group.clone()
            });
        }
    }
    paths
}

/// An error per paging role that resolves to nobody at the instant of the check, while
/// cover is needed: the primary always, the secondary when an escalation step pages it.
fn nobody_now(ctx: &Context<'_>, rot: &Rotation, out: &mut Vec<Finding>) {
    if !needs_cover(rot, ctx.now) {
        return;
    }
    let now = on_call_at(rot, ctx.now);
    let steps = role_steps(ctx);
    let in_force = now.shift.as_deref().and_then(|id| shift_by_id(rot, id));
    let Some((first, last)) = rot.horizon() else {
        return;
    };
    for role in [OnCallRole::Primary, OnCallRole::Secondary] {
        let paged = steps.iter().any(|(_, r, _, _)| *r == role);
        if now.person(role).is_some() || (role == OnCallRole::Secondary && !paged) {
            continue;
        }
        let name = role_name(role);
        let column = match role {
            OnCallRole::Primary => "Primary",
            OnCallRole::Secondary => "Secondary",
        };
        let (shift, why) = if let Some(shift) = in_force {
            (
                shift,
                format!(
                    "this shift names no {}; fill its {column} cell",
                    column.to_lowercase()
                ),
            )
        } else if ctx.now >= last {
            let Some(shift) = rot.shifts.iter().rfind(|s| s.end == last) else {
                continue;
            };
            (
                shift,
                format!(
                    "the rotation ran out at {} {}; add the next shifts",
                    rot.local(last),
                    rot.zone_name
                ),
            )
        } else if ctx.now < first {
            let Some(shift) = rot.shifts.iter().find(|s| s.start == first) else {
                continue;
            };
            (
                shift,
                format!(
                    "the rotation starts only at {} {}; add a shift from now",
                    rot.local(first),
                    rot.zone_name
                ),
            )
        } else {
            let before = rot
                .shifts
                .iter()
                .filter(|s| s.end <= ctx.now)
                .max_by_key(|s| s.end);
            let Some(shift) = before.or_else(|| rot.shifts.first()) else {
                continue;
            };
            let until = next_handoff(rot, ctx.now)
                .map(|t| format!(" until {} {}", rot.local(t), rot.zone_name))
                .unwrap_or_default();
            (
                shift,
                format!("no shift covers now{until}; add a shift or an override"),
            )
        };
        let paths = paths_starting_with(ctx, role);
        let pages = match paths.as_slice() {
            [] => String::new(),
            [one] => format!(" The {one} escalation path starts with {name} and pages nobody."),
            many => format!(
                " The {} escalation paths start with {name} and page nobody.",
                join_people(many)
            ),
        };
        out.push(at_shift(
            ctx,
            RuleId::OncallNobodyNow,
            shift,
            format!(
                "Nobody is {name} now ({} {}): {why}.{pages}",
                rot.local(ctx.now),
                rot.zone_label()
            ),
        ));
    }
}

/// One finding per overlap, at the shift that starts later (the one to move).
fn overlaps(ctx: &Context<'_>, rot: &Rotation, a: &Analysis, out: &mut Vec<Finding>) {
    for o in &a.overlaps {
        let shifts: Vec<&Shift> = o
            .shifts
            .iter()
            .filter_map(|id| shift_by_id(rot, id))
            .collect();
        let Some(later) = shifts.iter().copied().max_by_key(|s| s.start) else {
            continue;
        };
        let message = format!(
            "{} are {} primary {}: their shifts overlap. Make the earlier shift end when the \
             later one starts ({}).",
            join_people(&o.people),
            if o.people.len() == 2 { "both" } else { "all" },
            interval(rot, o.start, o.end),
            rot.local(later.start)
        );
        out.push(at_shift(ctx, RuleId::OncallOverlap, later, message));
    }
}

/// One finding per interval where one person holds both roles, at the override that
/// caused it or else the shift row.
fn same_person(ctx: &Context<'_>, rot: &Rotation, a: &Analysis, out: &mut Vec<Finding>) {
    for s in &a.same_person {
        let when = interval(rot, s.start, s.end);
        let by_override = s
            .override_item
            .as_ref()
            .and_then(|id| rot.overrides.iter().find(|o| &o.item == id));
        if let Some(o) = by_override {
            out.push(Finding::at(
                RuleId::OncallSamePerson,
                severity(RuleId::OncallSamePerson),
                &ctx.ws.docs[o.doc],
                o.span,
                Some(&o.item),
                format!(
                    "{} is both primary and secondary {when} because of this override: let \
                     someone else cover, or replace the other role.",
                    s.person
                ),
            ));
        } else if let Some(shift) = s.shift.as_ref().and_then(|id| shift_by_id(rot, id)) {
            out.push(at_shift(
                ctx,
                RuleId::OncallSamePerson,
                shift,
                format!(
                    "{} is both primary and secondary {when}: pick another secondary.",
                    s.person
                ),
            ));
        }
    }
}

/// A warning when the last shift ends within [`HORIZON_DAYS`] of today.
fn horizon(ctx: &Context<'_>, rot: &Rotation, a: &Analysis, out: &mut Vec<Finding>) {
    let Some(end) = a.horizon_end else { return };
    let Some(last) = rot.shifts.iter().rfind(|s| s.end == end) else {
        return;
    };
    let end_date = rot.zone.to_datetime(end).date();
    let days = end_date
        .duration_since(ctx.today)
        .as_secs()
        .div_euclid(86_400);
    if days > HORIZON_DAYS {
        return;
    }
    let when = match days {
        0 => "today".to_string(),
        1 => "tomorrow".to_string(),
        d if d > 1 => format!("in {d} days"),
        -1 => "yesterday".to_string(),
        d => format!("{} days ago", -d),
    };
    let verb = if days < 0 { "ran out" } else { "runs out" };
    out.push(at_shift(
        ctx,
        RuleId::OncallHorizon,
        last,
        format!(
            "The on-call rotation {verb} at {} {} ({when}; today is {}): schedule shifts at \
             least {HORIZON_DAYS} days ahead.",
            rot.local(end),
            rot.zone_name,
            ctx.today
        ),
    ));
}

/// Escalation steps that name an on-call role, with the role and where the name is.
fn role_steps<'w>(ctx: &Context<'w>) -> Vec<(&'w Item, OnCallRole, Span, String)> {
    ctx.ws
        .items_of(ItemKind::EscalationStep)
        .filter_map(|item| {
            let (contact, field) = step_contact(item);
            let role = role_of(contact)?;
            let step = item.text(&FieldKey::Step);
            let label = match (item.group.is_empty(), step.is_empty()) {
                (false, false) => format!("{} step {step}", item.group),
                (false, true) => format!("{} step on line {}", item.group, item.line),
                (true, false) => format!("Escalation step {step}"),
                (true, true) => format!("The escalation step on line {}", item.line),
            };
            let span = field.map_or(item.span, |f| f.span);
            Some((item, role, span, format!("{label} ({contact})")))
        })
        .collect()
}

fn unreachable_without_rotation(ctx: &Context<'_>) -> Vec<Finding> {
    role_steps(ctx)
        .into_iter()
        .map(|(item, _, span, label)| {
            Finding::at(
                RuleId::EscalationUnreachable,
                severity(RuleId::EscalationUnreachable),
                &ctx.ws.docs[item.doc],
                span,
                Some(&item.id),
                format!(
                    "{label} reaches nobody: the playbook has no on-call rotation. Add a \
                     `Start | End | Primary | Secondary` table under an \"On-call rotation\" \
                     heading, or name a person in this step."
                ),
            )
        })
        .collect()
}

/// Role steps that resolve to nobody while cover is needed. A missing primary is
/// already an `oncall-gap`, so only time with a primary but no secondary is reported
/// here, once per step.
fn unreachable_steps(ctx: &Context<'_>, rot: &Rotation, a: &Analysis, out: &mut Vec<Finding>) {
    let Some(&(first_start, first_end)) = a.no_secondary.first() else {
        return;
    };
    let total = a
        .no_secondary
        .iter()
        .map(|&(s, e)| e.duration_since(s))
        .sum::<jiff::SignedDuration>();
    let more = a.no_secondary.len() - 1;
    let extent = if more == 0 {
        String::new()
    } else {
        format!(
            " and {more} more interval{} ({} in all)",
            if more == 1 { "" } else { "s" },
            human_duration(total)
        )
    };
    let first = interval(rot, first_start, first_end);
    for (item, role, span, label) in role_steps(ctx) {
        if role != OnCallRole::Secondary {
            continue;
        }
        out.push(Finding::at(
            RuleId::EscalationUnreachable,
            severity(RuleId::EscalationUnreachable),
            &ctx.ws.docs[item.doc],
            span,
            Some(&item.id),
            format!(
                "{label} reaches nobody {first}{extent}: the rotation names no secondary then. \
                 Fill the Secondary cell of those shifts."
            ),
        ));
    }
}

/// `start → end ZONE (duration)`, the interval form of every message.
fn interval(rot: &Rotation, start: Timestamp, end: Timestamp) -> String {
    format!(
        "{} ({})",
        rot.range(start, end),
        human_duration(end.duration_since(start))
    )
}

fn join_people(people: &[String]) -> String {
    match people {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn people_join_naturally() {
        let p = |v: &[&str]| v.iter().map(|s| (*s).to_string()).collect::<Vec<_>>();
        assert_eq!(join_people(&p(&["A"])), "A");
        assert_eq!(join_people(&p(&["A", "B"])), "A and B");
        assert_eq!(join_people(&p(&["A", "B", "C"])), "A, B and C");
    }
}
