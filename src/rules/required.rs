//! `empty-required`: cells an item cannot do without, left empty.

use super::RuleId;
use super::{Context, Finding, Severity};
use crate::model::is_blank;
use crate::model::{FieldKey, Item, ItemKind};

/// The fields an item of `kind` must fill, when its table has those columns.
fn required(kind: ItemKind) -> &'static [FieldKey] {
    use FieldKey as K;
    match kind {
        ItemKind::Telemetry => &[K::Signal, K::Status],
        ItemKind::Alert => &[K::Alert, K::Threshold, K::Severity],
        ItemKind::Contact => &[K::Name, K::Role],
        ItemKind::Shift => &[K::Start, K::WeekOf, K::End, K::Primary, K::Secondary],
        ItemKind::Override => &[K::Start, K::End, K::OnCall],
        ItemKind::Requirement => &[K::Requirement, K::Type],
        ItemKind::ChangeEntry | ItemKind::AuditEntry => &[K::Date, K::Entry],
        ItemKind::Severity => &[K::Severity],
        ItemKind::EscalationStep | ItemKind::Action | ItemKind::Acknowledgement => &[],
    }
}

fn describe(item: &Item) -> String {
    if item.derived_id {
        format!(
            "{} on line {}",
            item.kind.plural().trim_end_matches('s'),
            item.line
        )
    } else {
        item.id.clone()
    }
}

/// Empty required cells of every item.
pub fn check(ctx: &Context<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for item in &ctx.ws.items {
        let doc = &ctx.ws.docs[item.doc];
        for key in required(item.kind) {
            for f in item.fields.iter().filter(|f| &f.key == key) {
                if f.text.trim().is_empty() || (is_blank(&f.text) && *key != FieldKey::Secondary) {
                    out.push(Finding::at(
                        RuleId::EmptyRequired,
                        Severity::Error,
                        doc,
                        f.span,
                        Some(&item.id),
                        format!("{} of {} is empty; fill it in", f.header, describe(item)),
                    ));
                }
            }
        }
        if item.kind == ItemKind::EscalationStep {
            let contact = [FieldKey::Who, FieldKey::Contact]
                .iter()
                .filter_map(|k| item.field(k))
                .find(|f| !is_blank(&f.text));
            if contact.is_none()
                && let Some(f) = item
                    .field(&FieldKey::Who)
                    .or_else(|| item.field(&FieldKey::Contact))
            {
                out.push(Finding::at(
                    RuleId::EmptyRequired,
                    Severity::Error,
                    doc,
                    f.span,
                    Some(&item.id),
                    format!(
                        "step {} of the {} escalation path names no contact; say who is paged",
                        item.text(&FieldKey::Step),
                        item.group
                    ),
                ));
            }
        }
    }
    out
}
