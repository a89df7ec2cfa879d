//! The state an incoming on-call engineer takes over: who is on call now and next, the
//! escalation chain per severity with on-call roles resolved to people, open telemetry
//! gaps, open actions and what is overdue. Shared by `handover` and `notify-text`.

use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;

use crate::model::is_blank;
use crate::model::{FieldKey, Item, ItemKind, Workspace};
use crate::rotation::{OnCall, Rotation, next_handoff, on_call_at, role_of};
use crate::rules::text::{Coverage, coverage, parse_date};
use crate::rules::{is_open, step_contact};

/// An instant, as tools and people read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct When {
    /// The instant itself.
    #[serde(skip)]
    pub instant: Timestamp,
    /// RFC 3339 with the offset of the rotation's zone (UTC without a rotation).
    pub at: String,
    /// `YYYY-MM-DD HH:MM ZONE` in the rotation's zone (UTC without a rotation).
    pub local: String,
}

impl When {
    /// `t` in the rotation's zone, or in UTC when there is no rotation.
    pub fn new(t: Timestamp, rotation: Option<&Rotation>) -> When {
        match rotation {
            Some(rot) => When {
                instant: t,
                at: rot.rfc3339(t),
                local: format!("{} {}", rot.local(t), rot.zone_label()),
            },
            None => When {
                instant: t,
                at: t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
                local: t.strftime("%Y-%m-%d %H:%M UTC").to_string(),
            },
        }
    }
}

/// Who is on call now, and until when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OnCallNow {
    /// The primary, or `None` when nobody is.
    pub primary: Option<String>,
    /// The secondary, or `None` when nobody is.
    pub secondary: Option<String>,
    /// The next hand-off (the primary changes); `None` when it never does.
    pub until: Option<When>,
    /// The reason of an override in force.
    pub override_reason: Option<String>,
}

/// Who is on call from the next hand-off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NextOnCall {
    /// The primary from then, or `None` when nobody is.
    pub primary: Option<String>,
    /// The secondary from then.
    pub secondary: Option<String>,
    /// The hand-off.
    pub from: When,
}

/// Who is on call at `now` and from the next hand-off.
pub fn on_call(rot: &Rotation, now: Timestamp) -> (OnCallNow, Option<NextOnCall>) {
    let current = on_call_at(rot, now);
    let handoff = next_handoff(rot, now);
    let next = handoff.map(|t| {
        let n = on_call_at(rot, t);
        NextOnCall {
            primary: n.primary,
            secondary: n.secondary,
            from: When::new(t, Some(rot)),
        }
    });
    let now = OnCallNow {
        primary: current.primary,
        secondary: current.secondary,
        until: handoff.map(|t| When::new(t, Some(rot))),
        override_reason: current.override_reason,
    };
    (now, next)
}

/// One step of an escalation chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EscalationStep {
    /// The step's item ID.
    pub id: String,
    /// The step number as written.
    pub step: String,
    /// The delay as written (`15 min`).
    pub after: String,
    /// The contact as written: a person or an on-call role.
    pub contact: String,
    /// True when the contact is an on-call role (primary or secondary).
    pub on_call_role: bool,
    /// For an on-call role, the person on call now (`None`: nobody is).
    pub person: Option<String>,
    /// The channel as written.
    pub channel: String,
}

/// The escalation chain of one severity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EscalationPath {
    /// The severity (`SEV1`).
    pub severity: String,
    /// The steps in document order.
    pub steps: Vec<EscalationStep>,
}

/// The person an escalation contact names now: `Some(Some(person))` or `Some(None)`
/// (nobody on call) for an on-call role, `None` for any other contact.
pub fn resolve_contact(contact: &str, now: Option<&OnCall>) -> Option<Option<String>> {
    role_of(contact).map(|role| now.and_then(|n| n.person(role).cloned()))
}

/// Every escalation path, severities in document order, with on-call roles resolved
/// with `now` (who is on call; `None` without a rotation).
pub fn escalation(ws: &Workspace, now: Option<&OnCall>) -> Vec<EscalationPath> {
    let step = |item: &Item| {
        let contact = step_contact(item).0;
        let resolved = resolve_contact(contact, now);
        EscalationStep {
            id: item.id.clone(),
            step: value(item.text(&FieldKey::Step)),
            after: value(item.text(&FieldKey::After)),
            contact: contact.trim().to_string(),
            on_call_role: resolved.is_some(),
            person: resolved.flatten(),
            channel: value(item.text(&FieldKey::Channel)),
        }
    };
    ws.escalation_paths()
        .into_iter()
        .map(|(severity, steps)| EscalationPath {
            severity: severity.to_string(),
            steps: steps.into_iter().map(step).collect(),
        })
        .collect()
}

/// An open telemetry gap.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Gap {
    /// The telemetry item's ID.
    pub id: String,
    /// True when the ID was derived because the row has none: not shown to people.
    #[serde(skip)]
    pub derived_id: bool,
    /// The signal.
    pub signal: String,
    /// The status as written (`missing`, `partial`…).
    pub status: String,
    /// The remediation owner (empty: none).
    pub owner: String,
    /// The due date as written (empty: none).
    pub due: String,
    /// True when the due date is before today.
    pub overdue: bool,
    /// The file, project-relative.
    pub file: String,
    /// 1-based line.
    pub line: usize,
}

/// A cell's text, empty when it says nothing (`—`, `n/a`).
fn value(text: &str) -> String {
    if is_blank(text) {
        String::new()
    } else {
        text.trim().to_string()
    }
}

fn overdue_on(due: &str, today: Date) -> bool {
    parse_date(due).is_some_and(|d| d < today)
}

/// Every telemetry gap (status partial, missing, planned…), in document order, the
/// same ones the telemetry pane and the `gap-*` rules see.
pub fn open_gaps(ws: &Workspace, today: Date) -> Vec<Gap> {
    ws.items_of(ItemKind::Telemetry)
        .filter(|i| coverage(i.text(&FieldKey::Status)) == Coverage::Gap)
        .map(|i| Gap {
            id: i.id.clone(),
            derived_id: i.derived_id,
            signal: i.text(&FieldKey::Signal).trim().to_string(),
            status: i.text(&FieldKey::Status).trim().to_string(),
            owner: value(i.text(&FieldKey::Owner)),
            due: value(i.text(&FieldKey::Due)),
            overdue: overdue_on(i.text(&FieldKey::Due), today),
            file: ws.docs[i.doc].path.clone(),
            line: i.line,
        })
        .collect()
}

/// Where an open action is recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionSource {
    /// A change-log entry with an open status.
    ChangeLog,
    /// An unticked task-list item.
    Action,
}

/// An open action: a change-log entry with an open status or an unticked task item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OpenAction {
    /// The item's ID (derived, `log:…`/`action:…`, when the row has none).
    pub id: String,
    /// True when the ID was derived.
    pub derived_id: bool,
    /// Where it is recorded.
    pub source: ActionSource,
    /// What is to be done.
    pub text: String,
    /// The owner (empty: none).
    pub owner: String,
    /// The deadline as written (empty: none).
    pub deadline: String,
    /// The status as written (`open` for a task item).
    pub status: String,
    /// True when the deadline is before today.
    pub overdue: bool,
    /// The file, project-relative.
    pub file: String,
    /// 1-based line.
    pub line: usize,
}

fn action_text(item: &Item) -> String {
    let key = if item.kind == ItemKind::Action {
        FieldKey::Text
    } else {
        FieldKey::Entry
    };
    let text = item.text(&key);
    // A task item's inline `— owner: X, due: D` is shown in its own columns.
    let cut = ["owner:", "due:", "deadline:", "assignee:"]
        .iter()
        .filter_map(|k| text.to_ascii_lowercase().find(k))
        .min()
        .filter(|_| item.table.is_none())
        .map_or(text, |at| {
            text[..at].trim_end_matches(|c: char| {
                c.is_whitespace() || matches!(c, '—' | '–' | '-' | ',' | ';' | '(')
            })
        });
    cut.trim().to_string()
}

/// Every open action (change-log entries with an open status, unticked task items
/// outside the acknowledgements), in document order.
pub fn open_actions(ws: &Workspace, today: Date) -> Vec<OpenAction> {
    ws.items
        .iter()
        .filter(|i| is_open(i))
        .map(|i| {
            let due = i.text(&FieldKey::Due);
            OpenAction {
                id: i.id.clone(),
                derived_id: i.derived_id,
                source: if i.kind == ItemKind::Action {
                    ActionSource::Action
                } else {
                    ActionSource::ChangeLog
                },
                text: action_text(i),
                owner: value(i.text(&FieldKey::Owner)),
                deadline: value(due),
                status: if i.kind == ItemKind::Action {
                    "open".to_string()
                } else {
                    i.text(&FieldKey::Status).trim().to_string()
                },
                overdue: overdue_on(due, today),
                file: ws.docs[i.doc].path.clone(),
                line: i.line,
            }
        })
        .collect()
}

/// Something past its date: a telemetry gap or an open action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Overdue {
    /// The item's ID.
    pub id: String,
    /// True when the ID was derived because the row has none: not shown to people.
    #[serde(skip)]
    pub derived_id: bool,
    /// `telemetry gap`, `action` or `change-log entry`.
    pub what: &'static str,
    /// The signal or the action's text.
    pub text: String,
    /// The owner (empty: none).
    pub owner: String,
    /// The due date.
    pub due: String,
    /// Whole days since the due date.
    pub days: i64,
}

/// The overdue gaps and actions, most overdue first (then in the order given).
pub fn overdue(gaps: &[Gap], actions: &[OpenAction], today: Date) -> Vec<Overdue> {
    let days = |due: &str| parse_date(due).map_or(0, |d| (today - d).get_days().into());
    let mut out: Vec<Overdue> = gaps
        .iter()
        .filter(|g| g.overdue)
        .map(|g| Overdue {
            id: g.id.clone(),
            derived_id: g.derived_id,
            what: "telemetry gap",
            text: g.signal.clone(),
            owner: g.owner.clone(),
            due: g.due.clone(),
            days: days(&g.due),
        })
        .chain(actions.iter().filter(|a| a.overdue).map(|a| Overdue {
            id: a.id.clone(),
            derived_id: a.derived_id,
            what: match a.source {
                ActionSource::Action => "action",
                ActionSource::ChangeLog => "change-log entry",
            },
            text: a.text.clone(),
            owner: a.owner.clone(),
            due: a.deadline.clone(),
            days: days(&a.deadline),
        }))
        .collect();
    out.sort_by_key(|o| std::cmp::Reverse(o.days));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_resolve_to_the_people_on_call() {
        let now = OnCall {
            primary: Some("Ann".to_string()),
            secondary: None,
            ..OnCall::default()
        };
        assert_eq!(
            resolve_contact("Primary on-call", Some(&now)),
            Some(Some("Ann".to_string()))
        );
        assert_eq!(
            resolve_contact("On-call engineer", Some(&now)),
            Some(Some("Ann".to_string()))
        );
        assert_eq!(resolve_contact("Secondary on-call", Some(&now)), Some(None));
        assert_eq!(resolve_contact("Dana Kim", Some(&now)), None);
        assert_eq!(resolve_contact("Primary on-call", None), Some(None));
    }

    #[test]
    fn inline_owner_and_due_leave_the_action_text() {
        let ws = crate::parse::workspace_from_sources(
            vec![(
                "docs/operations/incident-response.md".to_string(),
                "# P\n\n## Actions\n\n- [ ] Add a dashboard — owner: Tom, due: 2026-11-01\n- [x] Done\n"
                    .to_string(),
            )],
            Vec::new(),
            Vec::new(),
            &crate::config::ProjectConfig::default(),
        );
        let today = jiff::civil::date(2026, 11, 11);
        let actions = open_actions(&ws, today);
        assert_eq!(actions.len(), 1);
        assert_eq!(actions[0].text, "Add a dashboard");
        assert_eq!(actions[0].owner, "Tom");
        assert!(actions[0].overdue);
        let late = overdue(&[], &actions, today);
        assert_eq!(late[0].days, 10);
        assert_eq!(late[0].what, "action");
    }
}
