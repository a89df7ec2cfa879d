//! Escalation paths: `escalation-missing`, `escalation-unknown-contact`,
//! `escalation-order`.

use std::collections::{BTreeMap, BTreeSet};

use super::RuleId;
use super::contacts::{Reach, norm, resolve};
use super::text::{parse_minutes, split_names};
use super::{Context, Finding, Severity};
use crate::model::is_blank;
use crate::model::{FieldKey, Item, ItemKind, Workspace};
use crate::parse::severity_name;

/// The contact text of an escalation step: `Who` when present, else `Contact`.
pub fn step_contact(item: &Item) -> (&str, Option<&crate::model::Field>) {
    for key in [FieldKey::Who, FieldKey::Contact] {
        if let Some(f) = item.field(&key)
            && !is_blank(&f.text)
        {
            return (&*f.text, Some(f));
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
    let mut last_delay: BTreeMap<(usize, Option<usize>, String), (u32, String)> = BTreeMap::new();
    for item in ws.items_of(ItemKind::EscalationStep) {
        let doc = &ws.docs[item.doc];
        let (contact, field) = step_contact(item);
        if let Some(f) = field {
            for name in split_names(contact) {
                let n = norm(&name);
                let looks_like_number = n.chars().filter(char::is_ascii_digit).count() >= 5;
                if looks_like_number || n.starts_with('#') {
                    continue;
                }
                let what = match resolve(ws, &name, None) {
                    Reach::OnCall { .. } | Reach::Person(_) => continue,
                    Reach::Role { people, .. } if !people.is_empty() => continue,
                    Reach::Role { via: Some(who), .. } => format!(
                        "names `{name}`, and the playbook's `{name}: {who}` line names nobody in the contacts table; fix that line or add {who} to the contacts table"
                    ),
                    Reach::Role { via: None, .. } => format!(
                        "names the role `{name}`, which nobody in the contacts table holds; give someone that Role, or say who fills it with a line `{name}: ROLE OR NAME` in the playbook"
                    ),
                    Reach::Unknown => format!(
                        "names `{name}`, who is not in the contacts table and is not an on-call role; add them to the contacts table or fix the name"
                    ),
                };
                out.push(Finding::at(
                    RuleId::EscalationUnknownContact,
                    Severity::Error,
                    doc,
                    f.span,
                    Some(&item.id),
                    format!(
                        "{} escalation step {} {what}",
                        item.group,
                        item.text(&FieldKey::Step)
                    ),
                ));
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
            last_delay.insert(key, (mins, after.text.to_string()));
        }
    }
    out
}
