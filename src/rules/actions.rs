//! The change log and open actions: `changelog-no-readiness`, `action-no-owner`,
//! `action-no-deadline`, `stakeholder-unacknowledged`.

use super::RuleId;
use super::text::is_open_status;
use super::{Context, Finding, Severity};
use crate::model::is_blank;
use crate::model::{FieldKey, Item, ItemKind, Role, Span};

/// The stakeholders whose acknowledgement readiness needs.
pub const STAKEHOLDERS: [&str; 3] = ["change manager", "release manager", "service owner"];

/// Words an acknowledgement may hold besides its role and the name of who gave it.
const ACK_WORDS: [&str; 8] = [
    "acknowledged",
    "acknowledgement",
    "ack",
    "by",
    "on",
    "approved",
    "signed",
    "off",
];

/// True when a stakeholder acknowledgement names who gave it: some word beyond the
/// role, dates and the usual verbs (`Change Manager — Ravi Shah, 2026-11-24`).
fn names_someone(ack: &Item, role: &str) -> bool {
    let text = ack.text(&FieldKey::Text).to_lowercase();
    let rest = text.replacen(role, " ", 1);
    rest.split(|c: char| !c.is_alphabetic() && c != '\'' && c != '.')
        .map(|w| w.trim_matches('.'))
        .any(|w| w.chars().any(char::is_alphabetic) && !ACK_WORDS.contains(&w))
}

/// True when an action or change-log entry is still open.
pub fn is_open(item: &Item) -> bool {
    match item.kind {
        ItemKind::Action => item.checked == Some(false),
        ItemKind::ChangeEntry => item
            .field(&FieldKey::Status)
            .is_some_and(|f| is_open_status(&f.text)),
        _ => false,
    }
}

/// True when a change-log entry states the readiness status.
pub fn states_readiness(item: &Item) -> bool {
    item.kind == ItemKind::ChangeEntry
        && [FieldKey::Entry, FieldKey::Type, FieldKey::Text]
            .iter()
            .any(|k| item.text(k).to_lowercase().contains("readiness"))
}

/// The change-log and action rules.
pub fn check(ctx: &Context<'_>) -> Vec<Finding> {
    let ws = ctx.ws;
    let mut out = Vec::new();
    if let Some(log) = ws.role_doc(Role::ChangeLog)
        && !ws.items_of(ItemKind::ChangeEntry).any(states_readiness)
    {
        let span = log.headings.first().map_or(Span::new(0, 0), |h| h.span);
        out.push(Finding::at(
            RuleId::ChangelogNoReadiness,
            Severity::Error,
            log,
            span,
            None,
            "no change-log entry states the readiness status; add a dated entry such as \"Readiness status: not ready — 2 gaps open\"",
        ));
    }
    for item in ws.items.iter().filter(|i| is_open(i)) {
        let doc = &ws.docs[item.doc];
        let what = if item.kind == ItemKind::Action {
            format!("open action `{}`", item.text(&FieldKey::Text))
        } else {
            format!("open change-log entry `{}`", item.text(&FieldKey::Entry))
        };
        let inline = item.task.is_some() || item.table.is_none();
        let owner = item.field(&FieldKey::Owner);
        if owner.is_none_or(|f| is_blank(&f.text)) {
            let span = owner.map_or(item.span, |f| f.span);
            let how = if inline {
                "add `owner: NAME` to the item"
            } else {
                "fill the Owner column"
            };
            out.push(Finding::at(
                RuleId::ActionNoOwner,
                Severity::Error,
                doc,
                span,
                Some(&item.id),
                format!("{what} has no owner; {how}"),
            ));
        }
        let due = item.field(&FieldKey::Due);
        if due.is_none_or(|f| is_blank(&f.text)) {
            let span = due.map_or(item.span, |f| f.span);
            let how = if inline {
                "add `due: YYYY-MM-DD` to the item"
            } else {
                "fill the Deadline column"
            };
            out.push(Finding::at(
                RuleId::ActionNoDeadline,
                Severity::Error,
                doc,
                span,
                Some(&item.id),
                format!("{what} has no deadline; {how}"),
            ));
        }
    }
    let acks: Vec<&Item> = ws.items_of(ItemKind::Acknowledgement).collect();
    for role in STAKEHOLDERS {
        let matching: Vec<&&Item> = acks
            .iter()
            .filter(|a| a.text(&FieldKey::Text).to_lowercase().contains(role))
            .collect();
        if matching
            .iter()
            .any(|a| a.checked == Some(true) && names_someone(a, role))
        {
            continue;
        }
        if let Some(a) = matching.iter().find(|a| a.checked == Some(true)) {
            out.push(Finding::at(
                RuleId::StakeholderUnacknowledged,
                Severity::Error,
                &ws.docs[a.doc],
                a.field(&FieldKey::Checkbox).map_or(a.span, |f| f.span),
                Some(&a.id),
                format!(
                    "the {role} acknowledgement is ticked but names nobody; add who \
                     acknowledged and when: `- [x] {} — NAME, YYYY-MM-DD`",
                    title_case(role)
                ),
            ));
        } else if let Some(a) = matching.first() {
            out.push(Finding::at(
                RuleId::StakeholderUnacknowledged,
                Severity::Error,
                &ws.docs[a.doc],
                a.field(&FieldKey::Checkbox).map_or(a.span, |f| f.span),
                Some(&a.id),
                format!("the {role} has not acknowledged; tick the item once they have"),
            ));
        } else {
            let (doc, span) = acks.first().map_or_else(
                || {
                    let doc = ws
                        .role_doc(Role::Observability)
                        .or_else(|| ws.role_doc(Role::Playbook));
                    (doc, Span::new(0, 0))
                },
                |a| (Some(&ws.docs[a.doc]), a.span),
            );
            let message = format!(
                "no acknowledgement from the {role}; add `- [ ] {} — NAME` under a Stakeholder acknowledgements heading and tick it when given",
                title_case(role)
            );
            match doc {
                Some(doc) => out.push(Finding::at(
                    RuleId::StakeholderUnacknowledged,
                    Severity::Error,
                    doc,
                    span,
                    None,
                    message,
                )),
                None => out.push(Finding::on_file(
                    RuleId::StakeholderUnacknowledged,
                    Severity::Error,
                    ws.role_path(Role::Observability),
                    1,
                    message,
                )),
            }
        }
    }
    out
}

fn title_case(s: &str) -> String {
    s.split(' ')
        .map(|w| {
            let mut c = w.chars();
            c.next().map_or_else(String::new, |f| {
                f.to_uppercase().collect::<String>() + c.as_str()
            })
        })
        .collect::<Vec<_>>()
        .join(" ")
}
