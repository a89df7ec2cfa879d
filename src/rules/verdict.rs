//! The verdict: the four completion criteria of the readiness phase plus the
//! operational checks, each passed or failed by the findings that count towards it.

use serde::Serialize;

use super::RuleId;
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

/// One operational check: a group of rules, shown under the four criteria. A check
/// whose core document is missing fails on that document's `missing-artefact`
/// finding; one whose document holds nothing to judge fails on its `*-none` rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Check {
    /// The title shown to people.
    pub title: &'static str,
    /// The rules whose findings it counts.
    pub rules: &'static [RuleId],
    /// The core document it judges; its `missing-artefact` finding counts too.
    pub needs: Option<Role>,
}

impl Check {
    /// True when finding `f` counts towards this check.
    pub fn counts(&self, ws: &Workspace, f: &Finding) -> bool {
        self.rules.contains(&f.rule)
            || (f.rule == RuleId::MissingArtefact
                && self.needs.is_some_and(|r| ws.role_path(r) == f.file))
    }
}

/// The operational checks, in display order.
pub const CHECKS: &[Check] = &[
    Check {
        title: "Escalation paths",
        rules: &[
            RuleId::EscalationNone,
            RuleId::EscalationMissing,
            RuleId::EscalationUnknownContact,
            RuleId::EscalationOrder,
            RuleId::EscalationUnreachable,
        ],
        needs: Some(Role::Playbook),
    },
    Check {
        title: "On-call rotation",
        rules: &[
            RuleId::OncallNone,
            RuleId::OncallGap,
            RuleId::OncallNobodyNow,
            RuleId::OncallOverlap,
            RuleId::OncallSamePerson,
            RuleId::OncallHorizon,
            RuleId::OncallInvalid,
            RuleId::OncallNoZone,
        ],
        needs: Some(Role::Playbook),
    },
    Check {
        title: "Alerts have runbooks",
        rules: &[RuleId::AlertNone, RuleId::AlertNoRunbook],
        needs: Some(Role::Playbook),
    },
    Check {
        title: "Stakeholder acknowledgements",
        rules: &[RuleId::StakeholderUnacknowledged],
        needs: None,
    },
    Check {
        title: "Sign-offs current",
        rules: &[RuleId::SignoffStale, RuleId::SignoffInvalid],
        needs: None,
    },
    Check {
        title: "Links resolve",
        rules: &[
            RuleId::BrokenLink,
            RuleId::LinkOutsideRoot,
            RuleId::LinkUnresolvable,
        ],
        needs: None,
    },
    Check {
        title: "Files and IDs",
        rules: &[
            RuleId::UnreadableFile,
            RuleId::DuplicateId,
            RuleId::MissingId,
            RuleId::MissingArtefact,
        ],
        needs: None,
    },
];

/// One operational check's outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckOutcome {
    /// The check's title.
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
    /// Each operational check with its findings.
    pub checks: Vec<CheckOutcome>,
    /// Number of error findings.
    pub errors: usize,
    /// Number of warning findings.
    pub warnings: usize,
    /// Number of findings a live waiver covers: listed, counted in neither of the above.
    pub waived: usize,
}

/// Decide which criterion a finding counts towards, from its rule and its file's role.
pub fn criterion_of(ws: &Workspace, f: &Finding) -> CriterionId {
    let role = Role::ALL.into_iter().find(|r| ws.role_path(*r) == f.file);
    match (f.rule, role) {
        (RuleId::WaiverExpired | RuleId::WaiverIncomplete | RuleId::WaiverUnused, _) => {
            CriterionId::Operational
        }
        (RuleId::GapNoOwner | RuleId::GapNoDue | RuleId::GapOverdue, _) => CriterionId::GapsOwned,
        (RuleId::NfrUntraced, _) | (_, Some(Role::Rtm)) => CriterionId::RtmTraced,
        (RuleId::ChangelogNoReadiness, _) | (_, Some(Role::ChangeLog)) => {
            CriterionId::ChangeLogCurrent
        }
        (
            RuleId::Placeholder
            | RuleId::ExampleLeft
            | RuleId::EmptyRequired
            | RuleId::InvalidDate
            | RuleId::MissingArtefact
            | RuleId::EscalationNone
            | RuleId::OncallNone
            | RuleId::AlertNone
            | RuleId::TelemetryNone,
            Some(Role::Playbook | Role::Observability),
        ) => CriterionId::DocumentsComplete,
        _ => CriterionId::Operational,
    }
}

/// True when finding `f` counts towards criterion `c`: its own criterion
/// ([`criterion_of`]), and also a criterion that would otherwise pass with nothing to
/// judge — a missing or empty playbook fails the operational checks, a missing or
/// empty observability report fails criterion 2.
pub fn counts_towards(ws: &Workspace, f: &Finding, c: CriterionId) -> bool {
    if criterion_of(ws, f) == c {
        return true;
    }
    let missing = |role: Role| f.rule == RuleId::MissingArtefact && ws.role_path(role) == f.file;
    match c {
        CriterionId::Operational => {
            missing(Role::Playbook)
                || matches!(
                    f.rule,
                    RuleId::EscalationNone | RuleId::OncallNone | RuleId::AlertNone
                )
        }
        CriterionId::GapsOwned => missing(Role::Observability) || f.rule == RuleId::TelemetryNone,
        _ => false,
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
    let mut checks: Vec<CheckOutcome> = CHECKS
        .iter()
        .map(|c| CheckOutcome {
            title: c.title,
            passed: true,
            findings: Vec::new(),
        })
        .collect();
    for (i, f) in findings.iter().enumerate() {
        // A waived finding is listed under its criterion and check but fails neither.
        let blocks = f.severity == Severity::Error && f.waived.is_none();
        for crit in criteria.iter_mut().filter(|k| counts_towards(ws, f, k.id)) {
            crit.findings.push(i);
            crit.passed &= !blocks;
        }
        for (check, outcome) in CHECKS.iter().zip(&mut checks) {
            if check.counts(ws, f) {
                outcome.findings.push(i);
                outcome.passed &= !blocks;
            }
        }
    }
    let waived = findings.iter().filter(|f| f.waived.is_some()).count();
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error && f.waived.is_none())
        .count();
    Verdict {
        ready: errors == 0,
        criteria,
        checks,
        errors,
        warnings: findings.len() - errors - waived,
        waived,
    }
}
