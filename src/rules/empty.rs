//! Nothing to judge: `escalation-none`, `oncall-none`, `alert-none`, `telemetry-none`
//! and `rtm-none`. A core document that exists but holds no escalation path, rotation,
//! alert threshold, telemetry item or requirement would otherwise pass the checks of
//! those items vacuously. A missing document is `missing-artefact` instead.

use super::RuleId;
use super::{Context, Finding};
use crate::model::{Document, ItemKind, Role, Span};

/// One kind of content a check judges, and where it is expected.
struct Expected {
    rule: RuleId,
    role: Role,
    kind: ItemKind,
    /// Words of the heading the section usually has (any of them, case-insensitive).
    heading: &'static [&'static str],
    /// What to write, for the message.
    what: &'static str,
    add: &'static str,
}

const EXPECTED: [Expected; 5] = [
    Expected {
        rule: RuleId::EscalationNone,
        role: Role::Playbook,
        kind: ItemKind::EscalationStep,
        heading: &["escalation"],
        what: "escalation path",
        add: "a `Step | After | Contact | Channel` table per severity under an \"Escalation paths\" heading",
    },
    Expected {
        rule: RuleId::OncallNone,
        role: Role::Playbook,
        kind: ItemKind::Shift,
        heading: &["on-call", "oncall", "on call", "rotation"],
        what: "on-call rotation",
        add: "a `Start | End | Primary | Secondary` (or `Week of | Primary | Secondary`) table and a `Time zone:` line under an \"On-call rotation\" heading",
    },
    Expected {
        rule: RuleId::AlertNone,
        role: Role::Playbook,
        kind: ItemKind::Alert,
        heading: &["alert"],
        what: "alert threshold",
        add: "an `ID | Alert | Threshold | Severity | Runbook` table under an \"Alert thresholds\" heading",
    },
    Expected {
        rule: RuleId::TelemetryNone,
        role: Role::Observability,
        kind: ItemKind::Telemetry,
        heading: &["telemetry", "coverage", "kpi"],
        what: "telemetry item",
        add: "an `ID | Signal | Status | Owner | Due` table of the signals the service emits",
    },
    Expected {
        rule: RuleId::RtmNone,
        role: Role::Rtm,
        kind: ItemKind::Requirement,
        heading: &["requirement", "traceability", "rtm"],
        what: "requirement",
        add: "an `ID | Requirement | Type | Design | Test | Ops evidence` table, one row per requirement",
    },
];

/// The heading (below the title) of the section `e` would be in, when the document
/// has one.
fn section_heading(doc: &Document, e: &Expected) -> Option<Span> {
    doc.headings
        .iter()
        .filter(|h| h.level > 1)
        .find(|h| {
            let t = h.text.to_lowercase();
            e.heading.iter().any(|w| t.contains(w))
        })
        .map(|h| h.span)
}

/// One error per core document that exists but holds none of what a check judges.
pub fn check(ctx: &Context<'_>) -> Vec<Finding> {
    let ws = ctx.ws;
    let mut out = Vec::new();
    for e in &EXPECTED {
        let Some(doc_index) = ws.docs.iter().position(|d| d.role == Some(e.role)) else {
            continue;
        };
        if ws
            .items_of(e.kind)
            .any(|i| ws.docs[i.doc].role == Some(e.role))
        {
            continue;
        }
        let doc = &ws.docs[doc_index];
        let title = e.role.title();
        let (span, message) = match section_heading(doc, e) {
            Some(span) => (
                span,
                format!(
                    "The {title} has this section but no {} in it, so there is nothing to \
                     check: add {}.",
                    e.what, e.add
                ),
            ),
            None => (
                Span::new(0, 0),
                format!(
                    "The {title} has no {}, so there is nothing to check: add {}.",
                    e.what, e.add
                ),
            ),
        };
        let severity = e.rule.info().severity;
        out.push(Finding::at(e.rule, severity, doc, span, None, message));
    }
    out
}
