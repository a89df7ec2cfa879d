//! The verdict: the four completion criteria of the readiness phase plus the
//! operational checks, each passed or failed by the findings that count towards it.

use serde::Serialize;

use super::finding::{Finding, Severity};
use super::{RULES, RuleId};
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

    /// A one- or two-word name for tight spaces (the TUI's top bar).
    pub fn short(self) -> &'static str {
        match self {
            CriterionId::DocumentsComplete => "Documents",
            CriterionId::GapsOwned => "Telemetry",
            CriterionId::RtmTraced => "RTM",
            CriterionId::ChangeLogCurrent => "Change log",
            CriterionId::Operational => "Operations",
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

/// Which operational check a rule belongs to: a column of the rule table
/// ([`super::RuleInfo::check`]), so a new rule names its check where it is defined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CheckId {
    /// Escalation paths.
    Escalation,
    /// On-call rotation.
    OnCall,
    /// Alerts have runbooks.
    Alerts,
    /// Stakeholder acknowledgements.
    Acknowledgements,
    /// Sign-offs current.
    SignOffs,
    /// Links resolve.
    Links,
    /// Files and IDs.
    Files,
    /// The monitoring code (rules, dashboards, collector config) backs the docs.
    Telemetry,
}

/// One operational check: the rules whose table row names it, shown under the four
/// criteria. A check whose core document is missing fails on that document's
/// `missing-artefact` finding; one whose document holds nothing to judge fails on its
/// `*-none` rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Check {
    /// Which check.
    pub id: CheckId,
    /// The title shown to people.
    pub title: &'static str,
    /// The core document it judges; its `missing-artefact` finding counts too.
    pub needs: Option<Role>,
    /// True for a check shown only when monitoring files were read: on other trees it
    /// is not part of the verdict at all.
    pub monitoring_only: bool,
}

impl Check {
    /// The rules whose findings it counts, in rule-table order.
    pub fn rules(&self) -> impl Iterator<Item = RuleId> + '_ {
        RULES
            .iter()
            .filter(|r| r.check == Some(self.id))
            .map(|r| r.rule)
    }

    /// True when finding `f` counts towards this check.
    pub fn counts(&self, ws: &Workspace, f: &Finding) -> bool {
        f.rule.info().check == Some(self.id)
            || (f.rule == RuleId::MissingArtefact
                && self.needs.is_some_and(|r| ws.role_path(r) == f.file))
    }

    /// True when the check is part of the verdict on `ws`.
    pub fn applies(&self, ws: &Workspace) -> bool {
        !self.monitoring_only || !ws.monitoring.files.is_empty()
    }
}

/// The operational checks that are part of the verdict on `ws`, in display order: the
/// `Telemetry verified` check only when monitoring files were read.
pub fn checks_for(ws: &Workspace) -> impl Iterator<Item = &'static Check> + '_ {
    CHECKS.iter().filter(|c| c.applies(ws))
}

/// The operational checks, in display order.
pub const CHECKS: &[Check] = &[
    Check {
        id: CheckId::Escalation,
        title: "Escalation paths",
        needs: Some(Role::Playbook),
        monitoring_only: false,
    },
    Check {
        id: CheckId::OnCall,
        title: "On-call rotation",
        needs: Some(Role::Playbook),
        monitoring_only: false,
    },
    Check {
        id: CheckId::Alerts,
        title: "Alerts have runbooks",
        needs: Some(Role::Playbook),
        monitoring_only: false,
    },
    Check {
        id: CheckId::Acknowledgements,
        title: "Stakeholder acknowledgements",
        needs: None,
        monitoring_only: false,
    },
    Check {
        id: CheckId::SignOffs,
        title: "Sign-offs current",
        needs: None,
        monitoring_only: false,
    },
    Check {
        id: CheckId::Links,
        title: "Links resolve",
        needs: None,
        monitoring_only: false,
    },
    Check {
        id: CheckId::Files,
        title: "Files and IDs",
        needs: None,
        monitoring_only: false,
    },
    Check {
        id: CheckId::Telemetry,
        title: "Telemetry verified",
        needs: None,
        monitoring_only: true,
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
    let shown: Vec<&Check> = checks_for(ws).collect();
    let mut checks: Vec<CheckOutcome> = shown
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
        for (check, outcome) in shown.iter().zip(&mut checks) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::ProjectConfig;
    use crate::parse::workspace_from_sources;

    #[test]
    fn every_check_counts_the_rules_its_table_rows_name_and_no_other() {
        for check in CHECKS {
            let rules: Vec<RuleId> = check.rules().collect();
            assert!(!rules.is_empty(), "{} judges no rule", check.title);
            for info in RULES {
                assert_eq!(
                    rules.contains(&info.rule),
                    info.check == Some(check.id),
                    "{} and {}",
                    check.title,
                    info.id
                );
            }
        }
    }

    #[test]
    fn an_error_of_a_rule_added_later_fails_its_check() {
        // Rules added after the first checks (drift against the pager, leave, expired
        // sign-offs) fail the check they belong to, not only the Operational criterion.
        let ws = workspace_from_sources(
            Vec::new(),
            Vec::new(),
            Vec::new(),
            &ProjectConfig::default(),
        );
        for (rule, title) in [
            (RuleId::OncallDrift, "On-call rotation"),
            (RuleId::OncallUnavailable, "On-call rotation"),
            (RuleId::SignoffExpired, "Sign-offs current"),
        ] {
            let f = Finding::on_file(rule, Severity::Error, "docs/x.md", 1, "why".to_string());
            let v = verdict(&ws, &[f]);
            for (check, outcome) in CHECKS.iter().zip(&v.checks) {
                assert_eq!(
                    outcome.passed,
                    check.title != title,
                    "{rule} in {}",
                    check.title
                );
            }
        }
    }

    #[test]
    fn the_telemetry_check_is_part_of_the_verdict_only_when_monitoring_files_were_read() {
        let mut ws = workspace_from_sources(
            Vec::new(),
            Vec::new(),
            Vec::new(),
            &ProjectConfig::default(),
        );
        let f = Finding::on_file(
            RuleId::AlertRuleMissing,
            Severity::Error,
            "docs/x.md",
            1,
            "why".to_string(),
        );
        let titles = |v: &Verdict| v.checks.iter().map(|c| c.title).collect::<Vec<_>>();
        let without = verdict(&ws, std::slice::from_ref(&f));
        assert!(!titles(&without).contains(&"Telemetry verified"));
        assert_eq!(without.checks.len(), CHECKS.len() - 1);
        ws.monitoring.files = vec![(
            "deploy/rules.yml".to_string(),
            crate::monitoring::FileKind::Rules,
        )];
        let with = verdict(&ws, &[f]);
        let telemetry = with
            .checks
            .iter()
            .find(|c| c.title == "Telemetry verified")
            .expect("the check is shown");
        assert!(!telemetry.passed);
        assert_eq!(telemetry.findings, vec![0]);
        assert_eq!(titles(&with)[..CHECKS.len() - 1], titles(&without)[..]);
    }
}
