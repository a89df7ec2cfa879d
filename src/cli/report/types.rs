//! The report as data: every section's rows, serialised to JSON in field order.

use serde::Serialize;

use crate::model::{FieldKey, ItemKind};

/// The whole report, in the order it is written.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The project's display name.
    pub project: String,
    /// Today's date (`YYYY-MM-DD`).
    pub today: String,
    /// The instant the report was made at, RFC 3339 in UTC.
    pub generated_at: String,
    /// The commit the docs were read at; `null` outside a git repository.
    pub git: Option<GitInfo>,
    /// The verdict and its counts.
    pub verdict: VerdictInfo,
    /// The four completion criteria and the operational checks.
    pub criteria: Vec<CriterionInfo>,
    /// The operational checks one by one.
    pub checks: Vec<CheckInfo>,
    /// Telemetry coverage and gaps.
    pub telemetry: TelemetryInfo,
    /// Each alert threshold with its runbook and dashboards.
    pub alerts: Vec<AlertChain>,
    /// Each severity's escalation path.
    pub escalation: Vec<EscalationPath>,
    /// The contacts table.
    pub contacts: Vec<ContactInfo>,
    /// The on-call rotation; `null` when the playbook has none.
    pub rotation: Option<RotationInfo>,
    /// RTM coverage per evidence column and per requirement.
    pub rtm: RtmInfo,
    /// Every sign-off, valid, stale or unreadable.
    pub signoffs: Vec<SignOffInfo>,
    /// How many change-log entries and audit-trail lines the change log holds.
    pub change_log: ChangeLogInfo,
    /// Open change-log entries (risks, decisions) and open actions.
    pub open_actions: Vec<OpenAction>,
    /// Every finding, sorted by file, line and column.
    pub findings: Vec<FindingInfo>,
    /// The campaign's target date and progress; absent without `[campaign] ready_by`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub campaign: Option<CampaignInfo>,
    /// Progress against each criterion's own date (`[campaign.criteria]`); absent
    /// without such dates.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub campaign_criteria: Vec<CriterionCampaignInfo>,
    /// Readiness at each commit that touched the docs, oldest first; absent outside
    /// git.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub trend: Vec<crate::history::Point>,
}

/// Progress against `[campaign] ready_by`.
#[derive(Debug, Clone, Serialize)]
pub struct CampaignInfo {
    /// The target date.
    pub ready_by: String,
    /// Days from today to it (negative once past).
    pub days_left: i64,
    /// Errors left today.
    pub errors: usize,
    /// Why the date will be missed at the current rate; `null` when on track.
    pub at_risk: Option<String>,
}

/// Progress against one criterion's date (`[campaign.criteria]`).
#[derive(Debug, Clone, Serialize)]
pub struct CriterionCampaignInfo {
    /// The criterion's id (`gaps_owned`).
    pub criterion: &'static str,
    /// Its title.
    pub title: &'static str,
    /// The date it is to pass by.
    pub ready_by: String,
    /// Days from today to it (negative once past).
    pub days_left: i64,
    /// Errors counting against it today.
    pub errors: usize,
    /// Why the date will be missed at the rate its errors were closed; `null` when on
    /// track.
    pub at_risk: Option<String>,
}

/// The commit a report was made from.
#[derive(Debug, Clone, Serialize)]
pub struct GitInfo {
    /// The full hash of `HEAD`.
    pub commit: String,
    /// True when files under the docs project differ from that commit.
    pub dirty: bool,
}

/// The verdict and its counts.
#[derive(Debug, Clone, Serialize)]
pub struct VerdictInfo {
    /// `ready` or `not_ready`.
    pub verdict: &'static str,
    /// Number of error findings.
    pub errors: usize,
    /// Number of warning findings.
    pub warnings: usize,
    /// Number of markdown documents read.
    pub documents: usize,
    /// Number of structured items read.
    pub items: usize,
}

/// One readiness criterion's outcome.
#[derive(Debug, Clone, Serialize)]
pub struct CriterionInfo {
    /// The stable criterion id (`documents_complete`, …, `operational`).
    pub id: &'static str,
    /// Its title.
    pub title: &'static str,
    /// True when no error counts against it.
    pub passed: bool,
    /// Errors counting against it.
    pub errors: usize,
    /// Warnings counting against it.
    pub warnings: usize,
}

/// One operational check (a group of rules).
#[derive(Debug, Clone, Serialize)]
pub struct CheckInfo {
    /// Its title.
    pub title: &'static str,
    /// The rules it groups.
    pub rules: Vec<&'static str>,
    /// True when none of its rules reports an error.
    pub passed: bool,
    /// Errors of its rules.
    pub errors: usize,
    /// Warnings of its rules.
    pub warnings: usize,
}

/// Telemetry coverage: counts and one row per signal, gaps first.
#[derive(Debug, Clone, Serialize)]
pub struct TelemetryInfo {
    /// Telemetry items in the observability report.
    pub signals: usize,
    /// Signals whose status says covered.
    pub covered: usize,
    /// Signals whose status says gap.
    pub gaps: usize,
    /// Gaps whose due date is before today.
    pub overdue: usize,
    /// Covered signals as a share of all signals, in percent (one decimal).
    pub covered_percent: f64,
    /// One row per signal: gaps first, then in document order.
    pub items: Vec<TelemetryRow>,
}

/// One telemetry item.
#[derive(Debug, Clone, Serialize)]
pub struct TelemetryRow {
    /// The item's ID.
    pub id: String,
    /// The signal as written.
    pub signal: String,
    /// The status as written.
    pub status: String,
    /// `covered`, `gap` or `unknown`.
    pub coverage: &'static str,
    /// The Dashboard cell: the names of its links joined by `; `, or its text when it
    /// has no link.
    pub dashboard: String,
    /// Every link of the Dashboard cell, each its own dashboard.
    pub dashboard_links: Vec<LinkInfo>,
    /// The remediation owner.
    pub owner: String,
    /// The due date as written.
    pub due: String,
    /// True for a gap whose due date is before today.
    pub overdue: bool,
    /// The Requirement cell's text.
    pub requirement: String,
    /// Project-relative path of the document.
    pub file: String,
    /// 1-based line.
    pub line: usize,
}

/// Where a link in the docs leads, as the link checker sees it.
#[derive(Debug, Clone, Serialize)]
pub struct LinkInfo {
    /// The link text.
    pub text: String,
    /// The project-relative target (`path#anchor`), or the URL of an external link.
    pub target: String,
    /// `ok`, `external`, `missing_file`, `missing_anchor`, `outside_root` or
    /// `unresolvable`.
    pub status: &'static str,
}

/// A dashboard found for an alert through a telemetry item that mentions it: one per
/// link of the item's Dashboard cell.
#[derive(Debug, Clone, Serialize)]
pub struct DashboardInfo {
    /// The telemetry item naming the alert.
    pub telemetry: String,
    /// The dashboard's name: the link's text, or the cell's text when it has no link.
    pub text: String,
    /// Where the link leads; none for a cell without links.
    pub target: Option<String>,
}

/// An alert threshold with its runbook and dashboards.
#[derive(Debug, Clone, Serialize)]
pub struct AlertChain {
    /// The alert's ID.
    pub id: String,
    /// The alert name.
    pub alert: String,
    /// The severity as written.
    pub severity: String,
    /// The threshold as written.
    pub threshold: String,
    /// The runbook links (empty when there is none).
    pub runbooks: Vec<LinkInfo>,
    /// Dashboards of telemetry items whose Signal or Alert cell names this alert (by ID
    /// or name); empty when none does.
    pub dashboards: Vec<DashboardInfo>,
    /// Rules reporting a finding on this alert.
    pub findings: Vec<&'static str>,
    /// Project-relative path of the document.
    pub file: String,
    /// 1-based line.
    pub line: usize,
}

/// One severity's escalation path.
#[derive(Debug, Clone, Serialize)]
pub struct EscalationPath {
    /// The severity (`SEV1`, `P2`) or the section the steps sit in.
    pub severity: String,
    /// Its steps in document order.
    pub steps: Vec<EscalationStepInfo>,
}

/// One escalation step.
#[derive(Debug, Clone, Serialize)]
pub struct EscalationStepInfo {
    /// The item's ID.
    pub id: String,
    /// The Step cell.
    pub step: String,
    /// The After cell.
    pub after: String,
    /// Who is paged (a person or an on-call role).
    pub contact: String,
    /// The Channel cell.
    pub channel: String,
    /// Rules reporting a finding on this step.
    pub findings: Vec<&'static str>,
}

/// One row of the contacts table (phone numbers are left out of the report).
#[derive(Debug, Clone, Serialize)]
pub struct ContactInfo {
    /// The person.
    pub name: String,
    /// Their role.
    pub role: String,
    /// Their chat handle.
    pub handle: String,
    /// Their time zone.
    pub time_zone: String,
}

/// The on-call rotation over its horizon.
#[derive(Debug, Clone, Serialize)]
pub struct RotationInfo {
    /// The rotation's IANA time zone.
    pub time_zone: String,
    /// The hours that need cover (`24x7`, `business hours Mon-Fri 09:00-17:00`).
    pub coverage: String,
    /// First shift start to last shift end for people (`2026-10-19 09:00 → 2027-01-11
    /// 09:00 Europe/Berlin`); `null` when no shift could be read.
    pub horizon: Option<String>,
    /// First shift start, RFC 3339 in the rotation's zone; `null` when no shift reads.
    pub horizon_start: Option<String>,
    /// Last shift end, RFC 3339 in the rotation's zone.
    pub horizon_end: Option<String>,
    /// Days from today to the last shift end, on the rotation zone's calendar.
    pub days_left: Option<i64>,
    /// Share of the time needing cover that has a primary on call, in percent.
    pub covered_percent: f64,
    /// Intervals with nobody primary on call.
    pub gaps: Vec<IntervalInfo>,
    /// Number of intervals where two shifts give the time to different primaries.
    pub overlaps: usize,
    /// Primary hours per person over the horizon, by name.
    pub hours: Vec<PersonHours>,
    /// Who is on call at the report's instant.
    pub on_call_now: OnCallInfo,
}

/// An interval of the rotation.
#[derive(Debug, Clone, Serialize)]
pub struct IntervalInfo {
    /// The interval for people, in the rotation's zone.
    pub when: String,
    /// Start, RFC 3339 in the rotation's zone.
    pub start: String,
    /// End, RFC 3339 in the rotation's zone.
    pub end: String,
    /// The length, for people (`24 h`).
    pub duration: String,
}

/// One person's primary hours.
#[derive(Debug, Clone, Serialize)]
pub struct PersonHours {
    /// The person.
    pub person: String,
    /// Hours as primary while cover is needed (one decimal).
    pub hours: f64,
}

/// Who is on call at one instant.
#[derive(Debug, Clone, Serialize)]
pub struct OnCallInfo {
    /// The primary, `null` when nobody is.
    pub primary: Option<String>,
    /// The secondary, `null` when nobody is.
    pub secondary: Option<String>,
}

/// RTM coverage.
#[derive(Debug, Clone, Serialize)]
pub struct RtmInfo {
    /// Requirements in the RTM.
    pub requirements: usize,
    /// Per evidence column: how many requirements link evidence that resolves.
    pub columns: Vec<EvidenceColumn>,
    /// Availability, reliability and security NFRs without operational evidence.
    pub untraced: Vec<Untraced>,
    /// Per requirement, the state of each evidence cell.
    pub matrix: Vec<RequirementRow>,
}

/// Coverage of one evidence column.
#[derive(Debug, Clone, Serialize)]
pub struct EvidenceColumn {
    /// `Design`, `Test`, `Release` or `Ops`.
    pub column: &'static str,
    /// Requirements whose links in this column all resolve.
    pub resolving: usize,
    /// Requirements with a link in this column that does not resolve.
    pub broken: usize,
    /// Requirements with no link in this column (or no such column).
    pub empty: usize,
    /// Resolving requirements as a share of all, in percent (one decimal).
    pub percent: f64,
}

/// An NFR that needs operational evidence and has none.
#[derive(Debug, Clone, Serialize)]
pub struct Untraced {
    /// The requirement's ID.
    pub id: String,
    /// Its NFR category (availability, reliability, security).
    pub category: &'static str,
}

/// One requirement's evidence.
#[derive(Debug, Clone, Serialize)]
pub struct RequirementRow {
    /// The requirement's ID.
    pub id: String,
    /// The Type cell (`FR`, `NFR`).
    #[serde(rename = "type")]
    pub kind: String,
    /// The requirement text.
    pub requirement: String,
    /// The state of each evidence cell.
    pub evidence: EvidenceStates,
}

/// The state of a requirement's evidence cells, each `resolves`, `broken`, `empty` or
/// `no_column`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct EvidenceStates {
    /// The Design cell.
    pub design: &'static str,
    /// The Test cell.
    pub test: &'static str,
    /// The Release cell.
    pub release: &'static str,
    /// The Ops evidence cell.
    pub ops: &'static str,
}

impl EvidenceStates {
    /// The slot of one evidence column.
    pub(super) fn slot(&mut self, key: &FieldKey) -> Option<&mut &'static str> {
        match key {
            FieldKey::Design => Some(&mut self.design),
            FieldKey::Test => Some(&mut self.test),
            FieldKey::Release => Some(&mut self.release),
            FieldKey::OpsEvidence => Some(&mut self.ops),
            _ => None,
        }
    }
}

/// One sign-off.
#[derive(Debug, Clone, Serialize)]
pub struct SignOffInfo {
    /// The signed item's ID.
    pub item: String,
    /// The item's kind.
    pub kind: ItemKind,
    /// Who signed (empty when the sign-off cannot be read).
    pub signer: String,
    /// The date of signing.
    pub date: String,
    /// The fingerprint recorded at signing.
    pub fingerprint: String,
    /// The item's fingerprint now.
    pub current: String,
    /// `valid` (the item is unchanged), `stale` (it changed after signing) or
    /// `invalid` (the sign-off is not `NAME YYYY-MM-DD fp:HEX`).
    pub state: &'static str,
    /// The sign-off as written.
    pub text: String,
    /// Project-relative path of the document.
    pub file: String,
    /// 1-based line.
    pub line: usize,
}

/// An open change-log entry or action.
#[derive(Debug, Clone, Serialize)]
pub struct OpenAction {
    /// The item's ID.
    pub item: String,
    /// `change_log` or `action`.
    pub source: &'static str,
    /// What it says.
    pub text: String,
    /// Its owner.
    pub owner: String,
    /// Its deadline as written.
    pub due: String,
    /// True when the deadline is before today.
    pub overdue: bool,
    /// Its status (`open` for an unticked task item).
    pub status: String,
    /// Project-relative path of the document.
    pub file: String,
    /// 1-based line.
    pub line: usize,
}

/// One finding.
#[derive(Debug, Clone, Serialize)]
pub struct FindingInfo {
    /// The rule id.
    pub rule: &'static str,
    /// `error` or `warning`.
    pub severity: &'static str,
    /// Project-relative path.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// The item's ID, if the finding is about one.
    pub item: Option<String>,
    /// What is wrong and what to do.
    pub message: String,
}

/// The change log's size: its entries and, counted apart, its audit trail.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeLogInfo {
    /// Change-log entries (table rows and dated list items outside the audit trail).
    pub entries: usize,
    /// Audit-trail lines: sign-offs, revocations and handover acknowledgements.
    pub audit_lines: usize,
}
