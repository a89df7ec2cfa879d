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
    fields.iter().flat_map(|f| f.links.iter()).any(|li| {
        links
            .status(ws, doc, &doc.links[li])
            .path()
            .is_some_and(|p| evidence.contains(p))
    })
}

/// Where an alert row's runbook link leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Runbook {
    /// The row links no runbook.
    Missing,
    /// A URL outside the project (not checked).
    External(String),
    /// A document of the project, at a heading when the link names one.
    Doc {
        /// Project-relative path.
        path: String,
        /// The link's anchor, when it has one.
        anchor: Option<String>,
        /// True when the file (and the anchor, if any) exist.
        ok: bool,
    },
    /// A link that names no file of the project (site-absolute, templated).
    Unresolvable(String),
}

impl Runbook {
    /// True when the runbook link leads somewhere: an existing document (and heading),
    /// or an external URL.
    pub fn resolves(&self) -> bool {
        matches!(self, Runbook::External(_) | Runbook::Doc { ok: true, .. })
    }
}

/// The runbook of an alert row: the first link of its Runbook cell (of any cell when
/// the row has no Runbook column) that resolves, else the first one.
pub fn runbook(ws: &Workspace, item: &Item) -> Runbook {
    let doc = &ws.docs[item.doc];
    let links = item.runbook_links();
    let of = |li: usize| {
        let link = &doc.links[li];
        let status = super::links::resolve_link(ws, doc, link);
        match (&link.target, status.path()) {
            (LinkTarget::External, _) => Runbook::External(link.destination.clone()),
            (LinkTarget::Relative { anchor, .. }, Some(path)) => Runbook::Doc {
                path: path.to_string(),
                anchor: anchor.clone(),
                ok: status.is_ok(),
            },
            (LinkTarget::Anchor { anchor }, _) => Runbook::Doc {
                path: doc.path.clone(),
                anchor: Some(anchor.clone()),
                ok: status.is_ok(),
            },
            _ => Runbook::Unresolvable(link.destination.clone()),
        }
    };
    let all: Vec<Runbook> = links.into_iter().map(of).collect();
    let first = all.first().cloned().unwrap_or(Runbook::Missing);
    all.into_iter().find(Runbook::resolves).unwrap_or(first)
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
        let links = item.runbook_links();
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
