//! Traceability: `nfr-untraced` (availability, reliability and security NFRs must link
//! to operational evidence) and `alert-no-runbook`.

use std::collections::BTreeSet;

use super::RuleId;
use super::links::{LinkIndex, LinkStatus};
use super::text::contains_ignore_case;
use super::{Context, Finding, Severity};
use crate::model::{FieldKey, Item, ItemKind, LinkTarget, Role, Workspace};

/// NFR categories whose requirements must be traced to operational evidence.
pub const TRACED_CATEGORIES: [&str; 3] = ["availability", "reliability", "security"];

/// True when the requirement is a non-functional one: its Type or Category says NFR
/// (or non-functional), or names a traced category (a Type of `Security` is one).
pub fn is_nfr(item: &Item) -> bool {
    [FieldKey::Type, FieldKey::Category].iter().any(|key| {
        let text = item.text(key);
        ["nfr", "non-functional", "non functional"]
            .iter()
            .chain(&TRACED_CATEGORIES)
            .any(|word| contains_ignore_case(text, word))
    })
}

/// The NFR category that makes a requirement need operational evidence, if any:
/// from the Category column, else the Type column, else the requirement text.
pub fn traced_category(item: &Item) -> Option<&'static str> {
    if !is_nfr(item) {
        return None;
    }
    for key in [FieldKey::Category, FieldKey::Type, FieldKey::Requirement] {
        let text = item.text(&key);
        if let Some(c) = TRACED_CATEGORIES
            .iter()
            .find(|c| contains_ignore_case(text, c))
        {
            return Some(c);
        }
        if key == FieldKey::Category && !text.trim().is_empty() {
            return None;
        }
    }
    None
}

/// Documents that count as operational evidence: the playbook, the observability
/// report, and every project document the playbook links to (its runbooks).
pub fn evidence_docs(ws: &Workspace, links: &LinkIndex) -> BTreeSet<String> {
    let mut set: BTreeSet<String> = [Role::Playbook, Role::Observability]
        .iter()
        .map(|r| ws.role_path(*r).to_string())
        .collect();
    if let Some(pb) = ws.role_doc(Role::Playbook) {
        for link in &pb.links {
            if let Some(p) = links.status(ws, pb, link).path() {
                set.insert(p.to_string());
            }
        }
    }
    set
}

/// True when the requirement has an ops-evidence link into an evidence document.
pub fn has_ops_evidence(
    ws: &Workspace,
    links: &LinkIndex,
    item: &Item,
    evidence: &BTreeSet<String>,
) -> bool {
    let doc = &ws.docs[item.doc];
    let fields: Vec<_> = if item.has(&FieldKey::OpsEvidence) {
        item.fields
            .iter()
            .filter(|f| f.key == FieldKey::OpsEvidence)
            .collect()
    } else {
        item.fields.iter().collect()
    };
    fields.iter().flat_map(|f| f.links.iter()).any(|&li| {
        links
            .status(ws, doc, &doc.links[li])
            .path()
            .is_some_and(|p| evidence.contains(p))
    })
}

/// `nfr-untraced` and `alert-no-runbook`.
pub fn check(ctx: &Context<'_>) -> Vec<Finding> {
    let ws = ctx.ws;
    let mut out = Vec::new();
    let evidence = evidence_docs(ws, &ctx.links);
    for item in ws.items_of(ItemKind::Requirement) {
        let Some(category) = traced_category(item) else {
            continue;
        };
        if has_ops_evidence(ws, &ctx.links, item, &evidence) {
            continue;
        }
        let doc = &ws.docs[item.doc];
        let span = item
            .field(&FieldKey::OpsEvidence)
            .map_or(item.span, |f| f.span);
        out.push(Finding::at(
            RuleId::NfrUntraced,
            Severity::Error,
            doc,
            span,
            Some(&item.id),
            format!(
                "{category} NFR {} has no ops evidence; link the alert, runbook or telemetry in {} or {} that covers it",
                item.id,
                ws.role_path(Role::Playbook),
                ws.role_path(Role::Observability)
            ),
        ));
    }
    for item in ws.items_of(ItemKind::Alert) {
        let doc = &ws.docs[item.doc];
        let runbook = item.field(&FieldKey::Runbook);
        let links: Vec<usize> = match runbook {
            Some(f) => f.links.clone(),
            None => item.fields.iter().flat_map(|f| f.links.clone()).collect(),
        };
        let span = runbook.map_or(item.span, |f| f.span);
        let alert = item.text(&FieldKey::Alert);
        if links.is_empty() {
            out.push(Finding::at(
                RuleId::AlertNoRunbook,
                Severity::Error,
                doc,
                span,
                Some(&item.id),
                format!("alert `{alert}` has no runbook link; link the runbook the on-call engineer follows"),
            ));
            continue;
        }
        let resolves = links.iter().any(|&li| {
            let link = &doc.links[li];
            matches!(link.target, LinkTarget::External)
                || matches!(*ctx.links.status(ws, doc, link), LinkStatus::Ok { .. })
        });
        if !resolves {
            out.push(Finding::at(
                RuleId::AlertNoRunbook,
                Severity::Error,
                doc,
                span,
                Some(&item.id),
                format!("the runbook link of alert `{alert}` does not resolve; fix the link"),
            ));
        }
    }
    out
}
