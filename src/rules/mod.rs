//! Readiness rules: pure functions from the workspace to findings, and the verdict.
//!
//! Every rule is listed once in [`RULES`] with its default severity, the readiness
//! criterion it counts towards, and its documentation; `readyroom.toml` may change a
//! rule's level or turn it off.

mod actions;
mod empty;
mod escalation;
mod examples;
mod finding;
mod gaps;
mod integrity;
pub mod links;
pub mod oncall;
mod placeholder;
mod required;
pub mod text;
pub mod trace;
mod verdict;

pub use actions::{STAKEHOLDERS, is_open, states_readiness};
pub use escalation::{known_contacts, step_contact};
pub use examples::{example_key, template};
pub use finding::{Finding, Severity};
pub use verdict::{
    CHECKS, Check, CheckOutcome, Criterion, CriterionId, Verdict, counts_towards, criterion_of,
    verdict,
};

use crate::config::{ProjectConfig, RuleLevel};
use crate::model::Workspace;

/// Everything a rule may look at: the workspace and the pinned clock.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The loaded docs.
    pub ws: &'a Workspace,
    /// Today's date, for due dates and the rotation horizon.
    pub today: jiff::civil::Date,
    /// The current instant, for "who is on call now".
    pub now: jiff::Timestamp,
}

/// One rule's catalogue entry.
#[derive(Debug, Clone, Copy)]
pub struct RuleInfo {
    /// The stable rule id.
    pub id: &'static str,
    /// Severity unless the config overrides it.
    pub severity: Severity,
    /// What it checks, why it matters and how to fix it (README and help).
    pub doc: &'static str,
}

const fn rule(id: &'static str, severity: Severity, doc: &'static str) -> RuleInfo {
    RuleInfo { id, severity, doc }
}

/// Every rule readyroom knows, in the order the README documents them.
pub const RULES: &[RuleInfo] = &[
    rule(
        "placeholder",
        Severity::Error,
        "TBD, TODO, FIXME, XXX, ???, lorem ipsum or an <angle-bracket> stand-in in a core document's prose or cells. Code (fenced or inline) is exempt. Replace it with the real value.",
    ),
    rule(
        "example-left",
        Severity::Error,
        "A worked example that readyroom init wrote is still in a core document: an ID ending in EXAMPLE, a phone number made of zeros, or a row or list item that still reads as the example once its `TODO: example` text is removed. Replace it with your own or delete it.",
    ),
    rule(
        "empty-required",
        Severity::Error,
        "A cell that must be filled is empty: an alert's threshold, a telemetry item's status, an escalation step's contact, a shift's primary. Fill it in.",
    ),
    rule(
        "telemetry-none",
        Severity::Error,
        "The observability status report exists but holds no telemetry item, so criterion 2 has nothing to judge. Add an `ID | Signal | Status | Owner | Due` table of the signals the service emits.",
    ),
    rule(
        "gap-no-owner",
        Severity::Error,
        "A telemetry gap (status partial, missing, gap or planned) has no remediation owner. Name one in the Owner column.",
    ),
    rule(
        "gap-no-due",
        Severity::Error,
        "A telemetry gap has no due date. Put an ISO date (YYYY-MM-DD) in the Due column.",
    ),
    rule(
        "gap-overdue",
        Severity::Warning,
        "A telemetry gap's due date is before today. Close the gap or agree a new date.",
    ),
    rule(
        "invalid-date",
        Severity::Error,
        "A date cell does not hold a valid ISO date (YYYY-MM-DD). Write it as 2026-12-31.",
    ),
    rule(
        "broken-link",
        Severity::Error,
        "A relative link points to a file that does not exist, or to a heading anchor the target does not have under the site's anchor rules (GitHub's unless [links] anchors or a site file says otherwise). Fix the path or the anchor.",
    ),
    rule(
        "link-outside-root",
        Severity::Warning,
        "A relative link, or a markdown file that is a symbolic link, resolves outside the docs project; it is not followed and the file is not read. Link inside the project or use a full URL; copy an outside file into the project instead of linking it.",
    ),
    rule(
        "link-unresolvable",
        Severity::Warning,
        "A site-absolute link (/path) or a template link ({{< ref >}}) cannot be checked without the web server that serves the docs. Use a relative link, or turn this rule off for a site generator tree.",
    ),
    rule(
        "rtm-none",
        Severity::Error,
        "The requirements traceability matrix exists but holds no requirement, so criterion 3 has nothing to judge. Add an `ID | Requirement | Type | Design | Test | Ops evidence` table, one row per requirement.",
    ),
    rule(
        "nfr-untraced",
        Severity::Error,
        "An NFR of category availability, reliability or security has no Ops evidence link into the incident response playbook or the observability report. Link the alert, runbook or telemetry that covers it.",
    ),
    rule(
        "alert-none",
        Severity::Error,
        "The incident response playbook exists but holds no alert threshold, so the runbook check has nothing to judge. Add an `ID | Alert | Threshold | Severity | Runbook` table under an \"Alert thresholds\" heading.",
    ),
    rule(
        "alert-no-runbook",
        Severity::Error,
        "An alert threshold has no runbook link, or its runbook link does not resolve. Link the runbook the on-call engineer follows.",
    ),
    rule(
        "escalation-none",
        Severity::Error,
        "The incident response playbook exists but holds no escalation path (no Escalation section, or one with no step rows), so the escalation check has nothing to judge. Add a `Step | After | Contact | Channel` table per severity under an \"Escalation paths\" heading.",
    ),
    rule(
        "escalation-missing",
        Severity::Error,
        "A severity used in the severity table or by an alert has no escalation path. Add a table under the Escalation heading for it.",
    ),
    rule(
        "escalation-unknown-contact",
        Severity::Error,
        "An escalation step names a contact that is neither an on-call role nor in the contacts table. Add the person to the contacts table or fix the name.",
    ),
    rule(
        "escalation-order",
        Severity::Warning,
        "An escalation path's delays do not increase from step to step. Order the steps by their delay.",
    ),
    rule(
        "escalation-unreachable",
        Severity::Error,
        "An escalation step's role (Primary on-call, Secondary on-call) resolves to nobody at some instant of the rotation. Fill the rotation.",
    ),
    rule(
        "oncall-none",
        Severity::Error,
        "The incident response playbook exists but holds no on-call rotation (no shift rows), so the rotation check has nothing to judge. Add a `Start | End | Primary | Secondary` table and a `Time zone:` line under an \"On-call rotation\" heading.",
    ),
    rule(
        "oncall-gap",
        Severity::Error,
        "The on-call rotation leaves time with no primary on call. Add a shift or an override for the hole.",
    ),
    rule(
        "oncall-nobody-now",
        Severity::Error,
        "A paging role (the primary on call, or the secondary when an escalation step pages it) resolves to nobody at the instant of the check, while cover is needed: the rotation ran out, has not started, or has a hole now. The message names the escalation paths that start with the role. Add the shifts or an override.",
    ),
    rule(
        "oncall-overlap",
        Severity::Warning,
        "Two shifts give the same time to two different primaries. Make the shifts meet end to start.",
    ),
    rule(
        "oncall-same-person",
        Severity::Warning,
        "The same person is primary and secondary at the same time. Pick another secondary.",
    ),
    rule(
        "oncall-horizon",
        Severity::Warning,
        "The on-call rotation runs out within 14 days. Schedule the next weeks.",
    ),
    rule(
        "oncall-invalid",
        Severity::Error,
        "The rotation cannot be read: an unknown time zone, an unparseable date-time or a shift that ends before it starts. Fix the cell named.",
    ),
    rule(
        "oncall-no-zone",
        Severity::Error,
        "The on-call rotation names no time zone, so its times are read as UTC and every shift after a daylight-saving change may be an hour off; every on-call answer names the zone assumed until then. Add `Time zone: Europe/Berlin` under the rotation heading (or `time_zone:` in the front matter).",
    ),
    rule(
        "changelog-no-readiness",
        Severity::Error,
        "No change-log entry states the readiness status. Add an entry such as \"Readiness status: ready\".",
    ),
    rule(
        "action-no-owner",
        Severity::Error,
        "An open action (change log, post-incident actions) has no owner. Add `owner: NAME` or fill the Owner column.",
    ),
    rule(
        "action-no-deadline",
        Severity::Error,
        "An open action has no deadline. Add `due: YYYY-MM-DD` or fill the Deadline column.",
    ),
    rule(
        "stakeholder-unacknowledged",
        Severity::Error,
        "The change manager, release manager or service owner acknowledgement is missing, not ticked, or ticked without saying who acknowledged. Record it as a ticked task item with the name under the acknowledgements heading.",
    ),
    rule(
        "signoff-stale",
        Severity::Error,
        "The item changed after it was signed off (its fingerprint no longer matches). Review it and sign off again.",
    ),
    rule(
        "signoff-invalid",
        Severity::Error,
        "A Sign-off cell holds text that is not `NAME YYYY-MM-DD fp:HEX`. Sign off with readyroom or empty the cell.",
    ),
    rule(
        "missing-artefact",
        Severity::Error,
        "One of the four core documents does not exist at its configured path, or is not read there (git-ignored, in a hidden folder, or a symbolic link out of the project); the message says which. Create it (readyroom init) or fix [paths] in readyroom.toml.",
    ),
    rule(
        "duplicate-id",
        Severity::Error,
        "Two items share an ID. Give each item its own.",
    ),
    rule(
        "missing-id",
        Severity::Warning,
        "A telemetry item, alert threshold or requirement has no ID, so nobody can refer to it. Fill the ID column.",
    ),
    rule(
        "unreadable-file",
        Severity::Error,
        "A markdown file could not be read: unreadable, not a regular file (a FIFO, a device), not UTF-8, binary or over the size limit. The message says which and what to do.",
    ),
];

/// The ids of all rules, for config validation.
pub fn rule_ids() -> Vec<&'static str> {
    RULES.iter().map(|r| r.id).collect()
}

/// The catalogue entry of a rule id.
pub fn rule_info(id: &str) -> Option<&'static RuleInfo> {
    RULES.iter().find(|r| r.id == id)
}

/// Run every rule, apply the config's levels, and sort findings by file, line, column.
pub fn run(ctx: &Context<'_>, config: &ProjectConfig) -> Vec<Finding> {
    let index = ItemIndex::new(ctx.ws);
    let item_at = |doc: usize, offset: usize| index.item_at(ctx.ws, doc, offset);
    // The text scans (placeholders, links) run beside the item rules, on two cores.
    let (mut findings, scanned) = rayon::join(
        || {
            let mut f = required::check(ctx);
            f.extend(gaps::check(ctx));
            f.extend(trace::check(ctx));
            f.extend(escalation::check(ctx));
            f.extend(oncall::check(ctx));
            f.extend(actions::check(ctx));
            f.extend(integrity::check(ctx));
            f.extend(empty::check(ctx));
            f
        },
        || {
            let mut tally = Tally::default();
            let mut f = placeholder::check(ctx, &item_at, &mut tally);
            f.extend(examples::check(ctx, &item_at));
            f.extend(links::check(ctx, &item_at, &mut tally));
            (f, tally.left_out(ctx.ws))
        },
    );
    let (scanned, left_out) = scanned;
    findings.extend(scanned);
    findings.retain_mut(|f: &mut Finding| match config.rules.get(f.rule) {
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
    });
    findings.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.rule, &a.item)
            .cmp(&(&b.file, b.line, b.column, b.rule, &b.item))
    });
    findings.dedup();
    cap_per_file(findings, &left_out)
}

/// Counts the findings a text scan makes per document and rule, in document order, so
/// that it builds only those [`cap_per_file`] keeps (and the first it leaves out): a
/// file with a million broken links costs a count, not a million messages.
#[derive(Default)]
struct Tally {
    counts: std::collections::HashMap<(usize, &'static str), usize>,
}

impl Tally {
    /// Count one more finding of `rule` in document `doc`; true when it is to be built.
    fn admit(&mut self, doc: usize, rule: &'static str) -> bool {
        let n = self.counts.entry((doc, rule)).or_insert(0);
        *n += 1;
        *n <= MAX_FINDINGS_PER_FILE + 1
    }

    /// The findings counted but not built: file, rule and how many.
    fn left_out(&self, ws: &Workspace) -> Vec<(String, &'static str, usize)> {
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
fn cap_per_file(findings: Vec<Finding>, unbuilt: &[(String, &'static str, usize)]) -> Vec<Finding> {
    /// Per file and rule: how many findings, where the first left out is, and whether
    /// any left out is an error.
    struct Tally {
        count: usize,
        first_left_out: usize,
        error_left_out: bool,
    }
    let mut tallies: std::collections::HashMap<(&str, &str), Tally> =
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

    fn item_at<'w>(&self, ws: &'w Workspace, doc: usize, offset: usize) -> Option<&'w str> {
        let list = self.spans.get(doc)?;
        let n = list.partition_point(|(start, _, _)| *start <= offset);
        let (_, end, idx) = *list.get(n.checked_sub(1)?)?;
        (offset <= end).then(|| ws.items[idx].id.as_str())
    }
}
