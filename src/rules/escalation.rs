//! Escalation paths: `escalation-missing`, `escalation-unknown-contact`,
//! `escalation-order`.

use std::collections::{BTreeMap, BTreeSet};

use super::RuleId;
use super::text::{parse_minutes, split_names};
use super::{Context, Finding, Severity};
use crate::model::is_blank;
use crate::model::{FieldKey, Item, ItemKind, Workspace};
use crate::parse::severity_name;

/// Roles every team has by convention, resolved by the rotation or the incident itself.
pub const STANDARD_ROLES: &[&str] = &[
    "primary on-call",
    "secondary on-call",
    "primary",
    "secondary",
    "on-call",
    "on-call engineer",
    "on-call primary",
    "on-call secondary",
    "incident commander",
    "communications lead",
    "comms lead",
    "scribe",
];

fn norm(name: &str) -> String {
    name.trim()
        .trim_matches(|c: char| c == '*' || c == '_' || c == '@')
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
        .replace("on call", "on-call")
        .replace("oncall", "on-call")
}

/// Names, handles and roles a step may name: the contacts table plus the standard roles.
pub fn known_contacts(ws: &Workspace) -> BTreeSet<String> {
    let mut known: BTreeSet<String> = STANDARD_ROLES.iter().map(|r| (*r).to_string()).collect();
    for c in ws.items_of(ItemKind::Contact) {
        for key in [FieldKey::Name, FieldKey::Role, FieldKey::Handle] {
            let t = c.text(&key);
            if !is_blank(t) {
                known.insert(norm(t));
                for part in split_names(t) {
                    known.insert(norm(&part));
                }
            }
        }
    }
    known
}

/// The contact text of an escalation step: `Who` when present, else `Contact`.
pub fn step_contact(item: &Item) -> (&str, Option<&crate::model::Field>) {
    for key in [FieldKey::Who, FieldKey::Contact] {
        if let Some(f) = item.field(&key)
            && !is_blank(&f.text)
        {
            return (f.text.as_str(), Some(f));
        }
    }
    ("", None)
}

/// Severities used by the severity table and by alerts, with where each is first used.
fn used_severities(ws: &Workspace) -> BTreeMap<String, (usize, crate::model::Span, String)> {
    let mut used = BTreeMap::new();
    for item in ws
        .items
        .iter()
        .filter(|i| matches!(i.kind, ItemKind::Severity | ItemKind::Alert))
    {
        if let Some(f) = item.field(&FieldKey::Severity)
            && let Some(sev) = severity_name(&f.text)
        {
            used.entry(sev)
                .or_insert((item.doc, f.span, item.id.clone()));
        }
    }
    used
}

/// The escalation rules.
pub fn check(ctx: &Context<'_>) -> Vec<Finding> {
    let ws = ctx.ws;
    let mut out = Vec::new();
    let paths: BTreeSet<String> = ws
        .items_of(ItemKind::EscalationStep)
        .map(|i| i.group.clone())
        .collect();
    for (sev, (doc, span, id)) in used_severities(ws) {
        if !paths.contains(&sev) {
            out.push(Finding::at(
                RuleId::EscalationMissing,
                Severity::Error,
                &ws.docs[doc],
                span,
                Some(&id),
                format!("{sev} is used but has no escalation path; add a `{sev}` table under the Escalation heading"),
            ));
        }
    }
    let known = known_contacts(ws);
    let mut last_delay: BTreeMap<(usize, Option<usize>, String), (u32, String)> = BTreeMap::new();
    for item in ws.items_of(ItemKind::EscalationStep) {
        let doc = &ws.docs[item.doc];
        let (contact, field) = step_contact(item);
        if let Some(f) = field {
            for name in split_names(contact) {
                let n = norm(&name);
                let looks_like_number = n.chars().filter(char::is_ascii_digit).count() >= 5;
                if !known.contains(&n) && !looks_like_number && !n.starts_with('#') {
                    out.push(Finding::at(
                        RuleId::EscalationUnknownContact,
                        Severity::Error,
                        doc,
                        f.span,
                        Some(&item.id),
                        format!(
                            "{} escalation step {} names `{name}`, who is not in the contacts table and is not an on-call role; add them to the contacts table or fix the name",
                            item.group,
                            item.text(&FieldKey::Step)
                        ),
                    ));
                }
            }
        }
        if let Some(after) = item.field(&FieldKey::After)
            && let Some(mins) = parse_minutes(&after.text)
        {
            let key = (item.doc, item.table, item.group.clone());
            if let Some((prev, prev_text)) = last_delay.get(&key)
                && mins < *prev
            {
                out.push(Finding::at(
                    RuleId::EscalationOrder,
                    Severity::Warning,
                    doc,
                    after.span,
                    Some(&item.id),
                    format!(
                        "{} step {} escalates after {} but the step before waits {prev_text}; order the steps by delay",
                        item.group,
                        item.text(&FieldKey::Step),
                        after.text
                    ),
                ));
            }
            last_delay.insert(key, (mins, after.text.clone()));
        }
    }
    out
}
