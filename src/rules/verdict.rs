//! The verdict: the four completion criteria of the readiness phase plus the
//! operational checks, each passed or failed by the findings that count towards it.

use serde::Serialize;

use super::finding::{Finding, Severity};
use crate::model::{Role, Workspace};

/// Which criterion a finding counts towards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum CriterionId {
    /// 1. Playbook and observability report complete, no placeholders.
    DocumentsComplete,
    /// 2. Every telemetry gap has a remediation owner and due date.
    GapsOwned,
    /// 3. RTM links every requirement to operational evidence; no broken link.
    RtmTraced,
    /// 4. Change log reflects readiness, owner and deadline on every open action.
    ChangeLogCurrent,
    /// Escalation, on-call, alerts, acknowledgements, sign-offs, files.
    Operational,
}

impl CriterionId {
    /// All criteria in display order.
    pub const ALL: [CriterionId; 5] = [
        CriterionId::DocumentsComplete,
        CriterionId::GapsOwned,
        CriterionId::RtmTraced,
        CriterionId::ChangeLogCurrent,
        CriterionId::Operational,
    ];

    /// The criterion's title as shown to people.
    pub fn title(self) -> &'static str {
        match self {
            CriterionId::DocumentsComplete => "Playbook and observability report complete",
            CriterionId::GapsOwned => "Telemetry gaps have owner and due date",
            CriterionId::RtmTraced => "RTM traces requirements to operational evidence",
            CriterionId::ChangeLogCurrent => "Change log reflects readiness and open actions",
            CriterionId::Operational => "Operational checks",
        }
    }

    /// The stable id string used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            CriterionId::DocumentsComplete => "documents_complete",
            CriterionId::GapsOwned => "gaps_owned",
            CriterionId::RtmTraced => "rtm_traced",
            CriterionId::ChangeLogCurrent => "changelog_current",
            CriterionId::Operational => "operational",
        }
    }
}

/// One criterion's outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Criterion {
    /// Which criterion.
    pub id: CriterionId,
    /// Its title.
    pub title: &'static str,
    /// True when no error counts against it.
    pub passed: bool,
    /// Indexes into the findings list of the findings that count towards it.
    pub findings: Vec<usize>,
}

/// The overall outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdict {
    /// True only when no error finding remains.
    pub ready: bool,
    /// Each criterion with its findings.
    pub criteria: Vec<Criterion>,
    /// Number of error findings.
    pub errors: usize,
    /// Number of warning findings.
    pub warnings: usize,
}

/// Decide which criterion a finding counts towards, from its rule and its file's role.
pub fn criterion_of(ws: &Workspace, f: &Finding) -> CriterionId {
    let role = Role::ALL.into_iter().find(|r| ws.role_path(*r) == f.file);
    match (f.rule, role) {
        ("gap-no-owner" | "gap-no-due" | "gap-overdue", _) => CriterionId::GapsOwned,
        ("nfr-untraced", _) | (_, Some(Role::Rtm)) => CriterionId::RtmTraced,
        ("changelog-no-readiness", _) | (_, Some(Role::ChangeLog)) => CriterionId::ChangeLogCurrent,
        (
            "placeholder" | "empty-required" | "invalid-date" | "missing-artefact",
            Some(Role::Playbook | Role::Observability),
        ) => CriterionId::DocumentsComplete,
        _ => CriterionId::Operational,
    }
}

/// Compute the verdict over a sorted list of findings.
pub fn verdict(ws: &Workspace, findings: &[Finding]) -> Verdict {
    let mut criteria: Vec<Criterion> = CriterionId::ALL
        .iter()
        .map(|&id| Criterion {
            id,
            title: id.title(),
            passed: true,
            findings: Vec::new(),
        })
        .collect();
    for (i, f) in findings.iter().enumerate() {
        let c = criterion_of(ws, f);
        if let Some(crit) = criteria.iter_mut().find(|k| k.id == c) {
            crit.findings.push(i);
            if f.severity == Severity::Error {
                crit.passed = false;
            }
        }
    }
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    Verdict {
        ready: errors == 0,
        criteria,
        errors,
        warnings: findings.len() - errors,
    }
}
