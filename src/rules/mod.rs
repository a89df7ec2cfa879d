//! Readiness rules: pure functions from the workspace to findings, and the verdict.
//!
//! Every rule is listed once in [`RULES`] with its default severity, the readiness
//! criterion it counts towards, and its documentation; `readyroom.toml` may change a
//! rule's level or turn it off.

mod actions;
pub mod contacts;
mod empty;
mod escalation;
pub mod evidence;
mod examples;
mod finding;
mod gaps;
mod integrity;
pub mod links;
pub mod live;
pub mod monitoring;
pub mod oncall;
mod placeholder;
mod required;
pub mod reviews;
pub mod text;
pub mod trace;
mod verdict;
pub mod waivers;

pub use actions::{STAKEHOLDERS, is_open, states_readiness};
pub use escalation::step_contact;
pub use examples::{example_key, template};
pub use finding::{Finding, Severity};
pub use verdict::{
    CHECKS, Check, CheckId, CheckOutcome, Criterion, CriterionId, Verdict, checks_for,
    counts_towards, criterion_of, verdict,
};

use rayon::prelude::*;

use crate::config::{ProjectConfig, RuleLevel};
use crate::model::Workspace;
use crate::rotation::{Analysis, Rotation};

/// Everything a rule may look at: the workspace and the pinned clock.
#[derive(Debug, Clone)]
pub struct Context<'a> {
    /// The loaded docs.
    pub ws: &'a Workspace,
    /// Today's date, for due dates and the rotation horizon.
    pub today: jiff::civil::Date,
    /// The current instant, for "who is on call now".
    pub now: jiff::Timestamp,
    /// Where each link of `ws` leads.
    pub links: std::borrow::Cow<'a, links::LinkIndex>,
}

impl<'a> Context<'a> {
    /// A context over `ws` at `today` and `now`, resolving its links afresh (the
    /// assessment passes the index it keeps instead).
    pub fn new(ws: &'a Workspace, today: jiff::civil::Date, now: jiff::Timestamp) -> Context<'a> {
        Context {
            ws,
            today,
            now,
            links: std::borrow::Cow::Owned(links::LinkIndex::build(ws)),
        }
    }
}

/// One rule's catalogue entry.
#[derive(Debug, Clone, Copy)]
pub struct RuleInfo {
    /// The rule's identity.
    pub rule: RuleId,
    /// The stable rule id.
    pub id: &'static str,
    /// Severity unless the config overrides it.
    pub severity: Severity,
    /// The operational check whose verdict its findings count towards, if any.
    pub check: Option<CheckId>,
    /// What it checks, why it matters and how to fix it (README and help).
    pub doc: &'static str,
}

/// The rule table: each row names a [`RuleId`] variant, its stable id, its default
/// severity, the operational check it belongs to and its documentation; the enum and [`RULES`] are generated from the same
/// rows, so a rule id misspelt anywhere in the code does not compile.
macro_rules! rule_table {
    ($($variant:ident = $id:literal, $severity:ident, $check:ident $(($which:ident))?, $doc:literal;)*) => {
        /// A rule's identity; [`RuleId::as_str`] is the stable id tools and
        /// `readyroom.toml` use.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum RuleId {
            $(
                #[doc = $doc]
                $variant,
            )*
        }

        impl RuleId {
            /// The stable id (`gap-no-owner`).
            pub fn as_str(self) -> &'static str {
                match self {
                    $(RuleId::$variant => $id,)*
                }
            }
        }

        /// Every rule readyroom knows, in the order the README documents them.
        pub const RULES: &[RuleInfo] = &[
            $(RuleInfo {
                rule: RuleId::$variant,
                id: $id,
                severity: Severity::$severity,
                check: $check $((CheckId::$which))?,
                doc: $doc,
            },)*
        ];
    };
}

rule_table! {
    Placeholder = "placeholder", Error, None,
        "TBD, TODO, FIXME, XXX, ???, lorem ipsum or an <angle-bracket> stand-in in a core document's prose or cells. Code (fenced or inline) is exempt. Replace it with the real value.";
    ExampleLeft = "example-left", Error, None,
        "A worked example that readyroom init wrote is still in a core document: an ID ending in EXAMPLE, a phone number made of zeros, or a row or list item that still reads as the example once its `TODO: example` text is removed. Replace it with your own or delete it.";
    EmptyRequired = "empty-required", Error, None,
        "A cell that must be filled is empty: an alert's threshold, a telemetry item's status, an escalation step's contact, a shift's primary. Fill it in.";
    TelemetryNone = "telemetry-none", Error, None,
        "The observability status report exists but holds no telemetry item, so criterion 2 has nothing to judge. Add an `ID | Signal | Status | Owner | Due` table of the signals the service emits.";
    GapNoOwner = "gap-no-owner", Error, None,
        "A telemetry gap (status partial, missing, gap or planned) has no remediation owner. Name one in the Owner column.";
    GapNoDue = "gap-no-due", Error, None,
        "A telemetry gap has no due date. Put an ISO date (YYYY-MM-DD) in the Due column.";
    GapOverdue = "gap-overdue", Warning, None,
        "A telemetry gap's due date is before today. Close the gap or agree a new date.";
    InvalidDate = "invalid-date", Error, None,
        "A date cell does not hold a valid ISO date (YYYY-MM-DD). Write it as 2026-12-31.";
    BrokenLink = "broken-link", Error, Some(Links),
        "A relative link points to a file that does not exist, or to a heading anchor the target does not have under the site's anchor rules (GitHub's unless [links] anchors or a site file says otherwise). Fix the path or the anchor.";
    LinkOutsideRoot = "link-outside-root", Warning, Some(Links),
        "A relative link, or a markdown file that is a symbolic link, resolves outside the docs project; it is not followed and the file is not read. Link inside the project or use a full URL; copy an outside file into the project instead of linking it.";
    LinkUnresolvable = "link-unresolvable", Warning, Some(Links),
        "A site-absolute link (/path) or a template link ({{< ref >}}) cannot be checked without the web server that serves the docs. Use a relative link, or turn this rule off for a site generator tree.";
    RtmNone = "rtm-none", Error, None,
        "The requirements traceability matrix exists but holds no requirement, so criterion 3 has nothing to judge. Add an `ID | Requirement | Type | Design | Test | Ops evidence` table, one row per requirement.";
    NfrUntraced = "nfr-untraced", Error, None,
        "An NFR of category availability, reliability or security has no Ops evidence link into the incident response playbook or the observability report. Link the alert, runbook or telemetry that covers it.";
    AlertNone = "alert-none", Error, Some(Alerts),
        "The incident response playbook exists but holds no alert threshold, so the runbook check has nothing to judge. Add an `ID | Alert | Threshold | Severity | Runbook` table under an \"Alert thresholds\" heading.";
    AlertNoRunbook = "alert-no-runbook", Error, Some(Alerts),
        "An alert threshold has no runbook link, or its runbook link does not resolve. Link the runbook the on-call engineer follows.";
    EscalationNone = "escalation-none", Error, Some(Escalation),
        "The incident response playbook exists but holds no escalation path (no Escalation section, or one with no step rows), so the escalation check has nothing to judge. Add a `Step | After | Contact | Channel` table per severity under an \"Escalation paths\" heading.";
    EscalationMissing = "escalation-missing", Error, Some(Escalation),
        "A severity used in the severity table or by an alert has no escalation path. Add a table under the Escalation heading for it.";
    EscalationUnknownContact = "escalation-unknown-contact", Error, Some(Escalation),
        "An escalation step names a contact that is neither an on-call role nor in the contacts table, or a role (`Incident commander`) that nobody in the contacts table holds. Add the person to the contacts table, fix the name, or say who holds the role (`Incident commander: Engineering Manager`).";
    EscalationOrder = "escalation-order", Warning, Some(Escalation),
        "An escalation path's delays do not increase from step to step. Order the steps by their delay.";
    EscalationUnreachable = "escalation-unreachable", Error, Some(Escalation),
        "An escalation step's role (Primary on-call, Secondary on-call) resolves to nobody at some instant of the rotation. Fill the rotation.";
    OncallNone = "oncall-none", Error, Some(OnCall),
        "The incident response playbook exists but holds no on-call rotation (no shift rows), so the rotation check has nothing to judge. Add a `Start | End | Primary | Secondary` table and a `Time zone:` line under an \"On-call rotation\" heading.";
    OncallGap = "oncall-gap", Error, Some(OnCall),
        "The on-call rotation leaves time with no primary on call. Add a shift or an override for the hole.";
    OncallNobodyNow = "oncall-nobody-now", Error, Some(OnCall),
        "A paging role (the primary on call, or the secondary when an escalation step pages it) resolves to nobody at the instant of the check, while cover is needed: the rotation ran out, has not started, or has a hole now. The message names the escalation paths that start with the role. Add the shifts or an override.";
    OncallOverlap = "oncall-overlap", Warning, Some(OnCall),
        "Two shifts give the same time to two different primaries. Make the shifts meet end to start.";
    OncallSamePerson = "oncall-same-person", Warning, Some(OnCall),
        "The same person is primary and secondary at the same time. Pick another secondary.";
    OncallHorizon = "oncall-horizon", Warning, Some(OnCall),
        "The on-call rotation runs out within 14 days. Schedule the next weeks.";
    OncallInvalid = "oncall-invalid", Error, Some(OnCall),
        "The rotation cannot be read: an unknown time zone, an unparseable date-time or a shift that ends before it starts. Fix the cell named.";
    OncallNoZone = "oncall-no-zone", Error, Some(OnCall),
        "The on-call rotation names no time zone, so its times are read as UTC and every shift after a daylight-saving change may be an hour off; every on-call answer names the zone assumed until then. Add `Time zone: Europe/Berlin` under the rotation heading (or `time_zone:` in the front matter).";
    OncallUnavailable = "oncall-unavailable", Error, Some(OnCall),
        "Someone is on call (after overrides) while on leave: a row of the playbook's `Time off` / `Leave` table (Person | From | To | Reason) or an event of a calendar matched by `[oncall] time_off`. The message names the shift, the leave entry and an override row to add.";
    OncallImbalance = "oncall-imbalance", Warning, Some(OnCall),
        "Primary hours over the rotation's horizon are uneven: the most is more than `[oncall] max_imbalance` times the fewest (judged only when that ratio is set). Rebalance the coming shifts.";
    OncallDrift = "oncall-drift", Error, Some(OnCall),
        "A paging tool's schedule export named in `[[oncall.paging]]` disagrees with the rotation (after overrides) about who holds its role: one finding per interval, naming both people (or nobody). Fix the rotation or the paging tool's schedule, then export it again.";
    ChangelogNoReadiness = "changelog-no-readiness", Error, None,
        "No change-log entry states the readiness status. Add an entry such as \"Readiness status: ready\".";
    ActionNoOwner = "action-no-owner", Error, None,
        "An open action (change log, post-incident actions) has no owner. Add `owner: NAME` or fill the Owner column.";
    ActionNoDeadline = "action-no-deadline", Error, None,
        "An open action has no deadline. Add `due: YYYY-MM-DD` or fill the Deadline column.";
    StakeholderUnacknowledged = "stakeholder-unacknowledged", Error, Some(Acknowledgements),
        "The change manager, release manager or service owner acknowledgement is missing, not ticked, or ticked without saying who acknowledged. Record it as a ticked task item with the name under the acknowledgements heading.";
    SignoffStale = "signoff-stale", Error, Some(SignOffs),
        "The item changed after it was signed off (its fingerprint no longer matches). Review it and sign off again.";
    SignoffInvalid = "signoff-invalid", Error, Some(SignOffs),
        "A Sign-off cell holds text that is not `NAME YYYY-MM-DD fp:HEX`. Sign off with readyroom or empty the cell.";
    MissingArtefact = "missing-artefact", Error, Some(Files),
        "One of the four core documents does not exist at its configured path, or is not read there (git-ignored, in a hidden folder, or a symbolic link out of the project); the message says which. Create it (readyroom init) or fix [paths] in readyroom.toml.";
    DuplicateId = "duplicate-id", Error, Some(Files),
        "Two items share an ID. Give each item its own.";
    MissingId = "missing-id", Warning, Some(Files),
        "A telemetry item, alert threshold or requirement has no ID, so nobody can refer to it. Fill the ID column.";
    CampaignAtRisk = "campaign-at-risk", Warning, None,
        "At the rate errors were closed over the docs' git history (`readyroom history`), the errors left will not be closed by `[campaign] ready_by` (or, for a criterion with a date of its own in `[campaign.criteria]`, its errors by its date; the message names it), or none were closed while some remain. Close errors faster, or agree a new date.";
    EvidenceChanged = "evidence-changed", Warning, Some(SignOffs),
        "A section an item links to (from its heading to the next heading of the same or a higher level, or the whole file) changed after the item was signed off with an `ev:` fingerprint: the evidence the sign-off relied on is suspect. Review the change (the TUI shows the section's diff since signing) and sign off again.";
    ReviewOverdue = "review-overdue", Error, None,
        "A document's review is overdue: its `last_reviewed_on` (front matter) or `Last reviewed:` date plus its `review_in` (or `[review] max_age` for its role) is before today, or one of them cannot be read. Review it and stamp it with `readyroom review`.";
    ReviewDueSoon = "review-due-soon", Warning, None,
        "A document's review falls due within 14 days (or today). Plan the review.";
    SignoffExpired = "signoff-expired", Error, Some(SignOffs),
        "A sign-off is older than `[signoff] max_age`. Review the item and sign off again.";
    WaiverExpired = "waiver-expired", Error, None,
        "A waiver's expiry date (the last day it holds) has passed, so the finding it waived counts again. Fix the finding, or renew the waiver with a new approval and expiry.";
    WaiverIncomplete = "waiver-incomplete", Error, None,
        "A row of a Waivers (or Exceptions) table lacks a reason, an approver, an expiry date or an item, names no rule that can be waived, or expires more than `[waivers] max_days` (default 90) ahead; it waives nothing. Fill in the row or pick an earlier date.";
    WaiverUnused = "waiver-unused", Warning, None,
        "A live waiver covers no finding: the finding was fixed, or the waiver's rule or item is misspelt. Remove the row or fix it.";
    UnreadableFile = "unreadable-file", Error, Some(Files),
        "A markdown file could not be read: unreadable, not a regular file (a FIFO, a device), not UTF-8, binary or over the size limit. The message says which and what to do.";
    AlertRuleMissing = "alert-rule-missing", Error, Some(Telemetry),
        "A playbook alert row that no Prometheus alerting rule implements. Matched by a `Rule` column, else the first backticked rule name in the Alert or Threshold cell, else the alert's name, ignoring case, spaces, `-` and `_`. Only judged when rule files are read. Add the rule or fix the name.";
    AlertUndocumented = "alert-undocumented", Warning, Some(Telemetry),
        "A Prometheus alerting rule that no playbook alert row documents. Add a row to the alert thresholds table (with its runbook) or delete the rule.";
    RuleNoRunbook = "rule-no-runbook", Warning, Some(Telemetry),
        "An alerting rule has no `runbook_url` annotation, so the page reaches the on-call engineer without the steps. Add `annotations: runbook_url: …`.";
    RunbookUrlUnresolved = "runbook-url-unresolved", Error, Some(Telemetry),
        "A rule's `runbook_url` under `[monitoring] runbook_base_url` (or a relative path) names a document or heading anchor that does not exist in the tree. Fix the URL or write the runbook.";
    RunbookMismatch = "runbook-mismatch", Warning, Some(Telemetry),
        "The playbook row and the alerting rule link different runbooks. Make them name the same document.";
    SignalUnverified = "signal-unverified", Error, Some(Telemetry),
        "A telemetry row counted as covered names a metric (backticked in the Signal cell, or in a Query/PromQL column) that no rule expression and no dashboard query uses; a histogram counts through its `_bucket`/`_sum`/`_count` series. Rows naming no metric are not judged. Add the query or correct the status.";
    DashboardMissing = "dashboard-missing", Error, Some(Telemetry),
        "A dashboard link (`…/d/<uid>/…`) or dashboard name in the observability report matches no dashboard JSON by uid or title. Only judged when dashboard files are read. Commit the dashboard or fix the link.";
    RuleInvalid = "rule-invalid", Error, Some(Telemetry),
        "A monitoring file does not parse (YAML, JSON), or a rule's PromQL expression does not parse; the message gives the parser's reason at the rule's line and column. Fix the syntax.";
    EvidenceStale = "evidence-stale", Warning, Some(Telemetry),
        "A telemetry evidence snapshot (written by `readyroom verify --record`) linked from the observability report is older than `[monitoring] evidence_max_age` (default 30 days). Run verify again and link the new record.";
    OtelPipelineMissing = "otel-pipeline-missing", Error, Some(Telemetry),
        "Traces or logs are marked covered but no collector config has a pipeline of that type (an error); a receiver, processor, exporter, connector or extension defined but used by no pipeline is a warning. Only judged when a collector config is read. Add the pipeline or remove the component.";
}

impl RuleId {
    /// The rule's catalogue entry. A rule is named by its variant, so a misspelt rule
    /// does not compile:
    ///
    /// ```compile_fail
    /// let _ = readyroom::rules::RuleId::GapNoOwnr.info();
    /// ```
    pub fn info(self) -> &'static RuleInfo {
        &RULES[self as usize]
    }
}

impl std::fmt::Display for RuleId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Rules order by their ids, as the findings always have.
impl Ord for RuleId {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl PartialOrd for RuleId {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq<&str> for RuleId {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl serde::Serialize for RuleId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// The ids of all rules, for config validation.
pub fn rule_ids() -> Vec<&'static str> {
    RULES.iter().map(|r| r.id).collect()
}

/// The catalogue entry of a rule id.
pub fn rule_info(id: &str) -> Option<&'static RuleInfo> {
    RULES.iter().find(|r| r.id == id)
}

/// Run every rule, apply the config's levels, and sort findings by file, line, column.
/// Builds and analyses the rotation for the rotation rules; a caller that has them
/// already calls [`run_with_rotation`].
pub fn run(ctx: &Context<'_>, config: &ProjectConfig) -> Vec<Finding> {
    let rotation = crate::rotation::build(ctx.ws);
    let analysis = rotation.as_ref().map(crate::rotation::analyse);
    run_with_rotation(ctx, config, rotation.as_ref().zip(analysis.as_ref()))
}

/// [`run`] over the rotation built from `ctx.ws` and its analysis, which the caller
/// has (or `None` when the playbook has no rotation).
pub fn run_with_rotation(
    ctx: &Context<'_>,
    config: &ProjectConfig,
    rotation: Option<(&Rotation, &Analysis)>,
) -> Vec<Finding> {
    run_after(ctx, config, rotation, &Scans::default()).0
}

/// [`run_with_rotation`] keeping the text scans of `previous` (a run over an earlier
/// version of the docs) for every document whose text, role and item IDs are
/// unchanged; the findings are those of a run from scratch. Also returns this run's
/// scans, for the next.
pub fn run_after(
    ctx: &Context<'_>,
    config: &ProjectConfig,
    rotation: Option<(&Rotation, &Analysis)>,
    previous: &Scans,
) -> (Vec<Finding>, Scans) {
    type Rule<'r> = &'r (dyn Fn() -> Vec<Finding> + Sync);
    let index = ItemIndex::new(ctx.ws);
    let item_rules: [Rule<'_>; 11] = [
        &|| required::check(ctx),
        &|| gaps::check(ctx),
        &|| trace::check(ctx),
        &|| escalation::check(ctx),
        &|| oncall::check_rotation(ctx, rotation),
        &|| actions::check(ctx),
        &|| integrity::check(ctx),
        &|| empty::check(ctx),
        &|| reviews::check(ctx, config),
        &|| evidence::check(ctx),
        &|| monitoring::check(ctx),
    ];
    // The item rules, each on its own, and the text scans (placeholders, examples,
    // links) run on all cores.
    let (mut findings, scanned) = rayon::join(
        || {
            item_rules
                .par_iter()
                .flat_map_iter(|rule| rule())
                .collect::<Vec<_>>()
        },
        || scan(ctx, &index, previous),
    );
    let (scanned, left_out, scans) = scanned;
    findings.extend(scanned);
    findings.retain_mut(|f| apply_level(config, f));
    let about_waivers = waivers::apply(ctx, config.waiver_max_days, &mut findings);
    findings.extend(
        about_waivers
            .into_iter()
            .filter_map(|mut f| apply_level(config, &mut f).then_some(f)),
    );
    findings.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.rule, &a.item)
            .cmp(&(&b.file, b.line, b.column, b.rule, &b.item))
    });
    findings.dedup();
    (cap_per_file(findings, &left_out), scans)
}

/// The per-document text scans of one run (placeholders and examples: what a
/// document's own text and items decide), by document path, for the next run to keep.
#[derive(Debug, Clone, Default)]
pub struct Scans {
    by_doc: std::collections::HashMap<String, DocScan>,
}

/// One document's text scans.
#[derive(Debug, Clone)]
struct DocScan {
    /// What they were made from ([`ItemIndex::scan_key`]).
    key: u64,
    /// The placeholder and example findings.
    findings: Vec<Finding>,
    /// How many placeholders the scan counted, built or not ([`Tally`]).
    placeholders: usize,
}

/// The text scans over every document, keeping `previous`'s where their key is
/// unchanged, and the link rules (over the assessment's link index): the findings, the
/// findings counted but not built, and the scans to keep. Documents are scanned on all
/// cores.
fn scan(
    ctx: &Context<'_>,
    index: &ItemIndex,
    previous: &Scans,
) -> (Vec<Finding>, Vec<(String, RuleId, usize)>, Scans) {
    let ws = ctx.ws;
    let item_at = |doc: usize, offset: usize| index.item_at(ws, doc, offset);
    let examples = examples::template_examples();
    let rules = ws.anchors.describe();
    let per_doc: Vec<(Vec<Finding>, Tally, Option<DocScan>)> = (0..ws.docs.len())
        .into_par_iter()
        .map(|di| {
            let doc = &ws.docs[di];
            let mut tally = Tally::default();
            let key = index.scan_key(ws, di);
            let kept = key.and_then(|k| previous.by_doc.get(&doc.path).filter(|s| s.key == k));
            let scanned = if let Some(s) = kept {
                tally.restore(di, RuleId::Placeholder, s.placeholders);
                s.clone()
            } else {
                let mut findings = placeholder::check(ctx, di, &item_at, &mut tally);
                let placeholders = tally.count(di, RuleId::Placeholder);
                findings.extend(examples::check(ctx, di, &examples, &item_at));
                DocScan {
                    key: key.unwrap_or_default(),
                    findings,
                    placeholders,
                }
            };
            let mut out = scanned.findings.clone();
            out.extend(links::check(ctx, di, &rules, &item_at, &mut tally));
            (out, tally, key.is_some().then_some(scanned))
        })
        .collect();
    let mut tally = Tally::default();
    let mut scans = Scans::default();
    let mut out = Vec::new();
    for ((findings, counts, scanned), doc) in per_doc.into_iter().zip(&ws.docs) {
        out.extend(findings);
        tally.counts.extend(counts.counts);
        if let Some(s) = scanned {
            scans.by_doc.insert(doc.path.clone(), s);
        }
    }
    (out, tally.left_out(ws), scans)
}

/// Give `f` the level the config sets for its rule; false when the rule is off.
fn apply_level(config: &ProjectConfig, f: &mut Finding) -> bool {
    match config.rules.get(f.rule.as_str()) {
        Some(RuleLevel::Off) => false,
        Some(RuleLevel::Error) => {
            f.severity = Severity::Error;
            true
        }
        Some(RuleLevel::Warning) => {
            f.severity = Severity::Warning;
            true
        }
        None => true,
    }
}

/// Counts the findings a text scan makes per document and rule, in document order, so
/// that it builds only those [`cap_per_file`] keeps (and the first it leaves out): a
/// file with a million broken links costs a count, not a million messages.
#[derive(Default)]
struct Tally {
    counts: std::collections::HashMap<(usize, RuleId), usize>,
}

impl Tally {
    /// Count one more finding of `rule` in document `doc`; true when it is to be built.
    fn admit(&mut self, doc: usize, rule: RuleId) -> bool {
        let n = self.counts.entry((doc, rule)).or_insert(0);
        *n += 1;
        *n <= MAX_FINDINGS_PER_FILE + 1
    }

    /// How many findings of `rule` document `doc` counted.
    fn count(&self, doc: usize, rule: RuleId) -> usize {
        self.counts.get(&(doc, rule)).copied().unwrap_or(0)
    }

    /// Count `n` findings of `rule` in document `doc` that an earlier scan made.
    fn restore(&mut self, doc: usize, rule: RuleId, n: usize) {
        if n > 0 {
            self.counts.insert((doc, rule), n);
        }
    }

    /// The findings counted but not built: file, rule and how many.
    fn left_out(&self, ws: &Workspace) -> Vec<(String, RuleId, usize)> {
        self.counts
            .iter()
            .filter(|(_, n)| **n > MAX_FINDINGS_PER_FILE + 1)
            .map(|(&(doc, rule), n)| {
                (
                    ws.docs[doc].path.clone(),
                    rule,
                    n - MAX_FINDINGS_PER_FILE - 1,
                )
            })
            .collect()
    }
}

/// The most findings one rule lists for one file; the rest become one summary finding.
pub const MAX_FINDINGS_PER_FILE: usize = 100;

/// Keep the first [`MAX_FINDINGS_PER_FILE`] findings of each rule in each file (in the
/// sorted order) and replace the others by one finding of the same rule, where the
/// first left out is: "…and N more". `unbuilt` counts, per file and rule, findings a scan
/// did not build at all (past the first left out). The verdict is unchanged: an error
/// stays an error.
fn cap_per_file(findings: Vec<Finding>, unbuilt: &[(String, RuleId, usize)]) -> Vec<Finding> {
    /// Per file and rule: how many findings, where the first left out is, and whether
    /// any left out is an error.
    struct Tally {
        count: usize,
        first_left_out: usize,
        error_left_out: bool,
    }
    let mut tallies: std::collections::HashMap<(&str, RuleId), Tally> =
        std::collections::HashMap::new();
    let mut keep = vec![true; findings.len()];
    for (i, f) in findings.iter().enumerate() {
        let t = tallies.entry((&f.file, f.rule)).or_insert(Tally {
            count: 0,
            first_left_out: 0,
            error_left_out: false,
        });
        t.count += 1;
        if t.count == MAX_FINDINGS_PER_FILE + 1 {
            t.first_left_out = i;
        } else if t.count > MAX_FINDINGS_PER_FILE + 1 {
            keep[i] = false;
        }
        t.error_left_out |= t.count > MAX_FINDINGS_PER_FILE && f.severity == Severity::Error;
    }
    for (file, rule, n) in unbuilt {
        // Absent when the config turned the rule off.
        if let Some(t) = tallies.get_mut(&(file.as_str(), *rule)) {
            t.count += n;
        }
    }
    let summaries: std::collections::HashMap<usize, (usize, bool)> = tallies
        .values()
        .filter(|t| t.count > MAX_FINDINGS_PER_FILE)
        .map(|t| {
            let left_out = t.count - MAX_FINDINGS_PER_FILE;
            (t.first_left_out, (left_out, t.error_left_out))
        })
        .collect();
    findings
        .into_iter()
        .enumerate()
        .filter(|(i, _)| keep[*i])
        .map(|(i, mut f)| {
            if let Some(&(left_out, error)) = summaries.get(&i) {
                if error {
                    f.severity = Severity::Error;
                }
                f.item = None;
                f.message = format!(
                    "…and {left_out} more `{}` findings in this file: only the first \
                     {MAX_FINDINGS_PER_FILE} of a rule are listed per file; fix those and \
                     check again",
                    f.rule
                );
            }
            f
        })
        .collect()
}

/// Finds the item whose line contains a byte offset, for locating findings in prose.
struct ItemIndex {
    /// Per document: (start, end, item index), sorted by start.
    spans: Vec<Vec<(usize, usize, usize)>>,
}

impl ItemIndex {
    fn new(ws: &Workspace) -> Self {
        let mut spans = vec![Vec::new(); ws.docs.len()];
        for (i, item) in ws.items.iter().enumerate() {
            spans[item.doc].push((item.span.start, item.span.end, i));
        }
        for s in &mut spans {
            s.sort_unstable();
        }
        ItemIndex { spans }
    }

    /// What the text scans of document `doc` are made from: its path, role and text,
    /// and its items' IDs. `None` (scan it every time) when one of its items is not
    /// the first with its ID, as a scan then reads another document's item.
    fn scan_key(&self, ws: &Workspace, doc: usize) -> Option<u64> {
        use std::hash::{BuildHasher, Hash, Hasher};
        let d = &ws.docs[doc];
        let mut h = foldhash::fast::FixedState::with_seed(0).build_hasher();
        d.path.hash(&mut h);
        d.role.hash(&mut h);
        d.source.hash(&mut h);
        for &(_, _, i) in self.spans.get(doc)? {
            let id = &ws.items[i].id;
            if ws.item_index(id) != Some(i) {
                return None;
            }
            id.hash(&mut h);
        }
        Some(h.finish())
    }

    fn item_at<'w>(&self, ws: &'w Workspace, doc: usize, offset: usize) -> Option<&'w str> {
        let list = self.spans.get(doc)?;
        let n = list.partition_point(|(start, _, _)| *start <= offset);
        let (_, end, idx) = *list.get(n.checked_sub(1)?)?;
        (offset <= end).then(|| ws.items[idx].id.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_enum_and_the_table_are_one() {
        for (n, info) in RULES.iter().enumerate() {
            assert_eq!(info.rule as usize, n, "{}", info.id);
            assert_eq!(info.rule.as_str(), info.id);
            assert_eq!(info.rule.info().id, info.id);
            assert_eq!(info.rule.to_string(), info.id);
            assert_eq!(rule_info(info.id).map(|r| r.rule), Some(info.rule));
            assert_eq!(
                serde_json::to_value(info.rule).unwrap(),
                serde_json::Value::String(info.id.to_string())
            );
        }
        assert!(RuleId::GapNoOwner == "gap-no-owner");
    }

    #[test]
    fn rules_order_by_their_ids() {
        let mut by_enum: Vec<RuleId> = RULES.iter().map(|r| r.rule).collect();
        by_enum.sort();
        let mut by_id = rule_ids();
        by_id.sort_unstable();
        let sorted: Vec<&str> = by_enum.iter().map(|r| r.as_str()).collect();
        assert_eq!(sorted, by_id);
    }
}
