//! The on-call handover: what the incoming engineer must know, and what changed in the
//! docs since the last handover.
//!
//! Pure: [`build`] takes the docs now, the findings, the rotation, the clock and a
//! [`Baseline`] (chosen by [`resolve_baseline`] from the change log's last
//! acknowledgement and the docs' [`History`], which the store reads with git) and
//! returns a [`Handover`]; [`render`] writes it as text, markdown or JSON for the command
//! line and the TUI. Acknowledging writes one audit line through the edit
//! engine ([`crate::edit::Edit::Acknowledge`]) in the form of [`acknowledgement_text`].

mod ack;
mod baseline;
mod diff;
pub mod render;
mod status;

pub use ack::{
    ACK_PHRASE, Acknowledgement, PartiesError, acknowledgement_text, acknowledgements,
    last_acknowledgement, outgoing, parse_acknowledgement, parties,
};
pub use baseline::{
    Baseline, Commit, History, LineOrigin, Since, SinceError, Source, resolve_baseline,
};
pub use diff::{Change, ChangeKind, compare, item_name, logged};
pub use status::{
    ActionSource, EscalationPath, EscalationStep, Gap, NextOnCall, OnCallNow, OpenAction, Overdue,
    When, escalation, on_call, open_actions, open_gaps, overdue, resolve_contact,
};

use jiff::civil::Date;
use serde::Serialize;

use crate::assess::Subject;
use crate::model::Workspace;
use crate::rotation::on_call_at;
use crate::rules::RuleId;

/// Serialize a value by its `Display` form (dates, for JSON).
fn as_string<T: std::fmt::Display, S: serde::Serializer>(
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_str(value)
}

/// The rules whose findings an incoming on-call engineer must hear about: holes and
/// clashes in the rotation and escalation steps that reach nobody.
pub const ON_CALL_RULES: &[RuleId] = &[
    RuleId::OncallGap,
    RuleId::OncallNobodyNow,
    RuleId::OncallNoZone,
    RuleId::OncallOverlap,
    RuleId::OncallSamePerson,
    RuleId::OncallHorizon,
    RuleId::OncallInvalid,
    RuleId::OncallDrift,
    RuleId::OncallUnavailable,
    RuleId::EscalationMissing,
    RuleId::EscalationUnknownContact,
    RuleId::EscalationUnreachable,
];

/// The readiness verdict in brief.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Readiness {
    /// True when no error finding remains.
    pub ready: bool,
    /// Error findings.
    pub errors: usize,
    /// Warning findings.
    pub warnings: usize,
}

/// A finding about the rotation or escalation, as the handover lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Note {
    /// The rule id.
    pub rule: &'static str,
    /// `error` or `warning`.
    pub severity: &'static str,
    /// What is wrong and what to do.
    pub message: String,
    /// The file, project-relative.
    pub file: String,
    /// 1-based line.
    pub line: usize,
}

/// What the changes were compared with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Comparison {
    /// `git` (the docs at a commit) or `change_log` (dated entries, no history).
    pub source: &'static str,
    /// False when there is nothing to compare with: no history and no previous
    /// handover.
    pub compared: bool,
    /// What was asked: `last` or a date.
    pub since: String,
    /// The previous handover, when `--since last` found one.
    pub previous: Option<Acknowledgement>,
    /// The commit compared with (git).
    pub commit: Option<String>,
    /// That commit's instant (git).
    pub commit_time: Option<When>,
    /// One sentence saying what the changes are compared with.
    pub note: String,
}

/// Everything the incoming on-call engineer is told.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Handover {
    /// The project's display name.
    pub project: String,
    /// Today's date.
    #[serde(serialize_with = "as_string")]
    pub today: Date,
    /// The instant of the handover.
    pub now: When,
    /// The readiness verdict in brief.
    pub readiness: Readiness,
    /// Who is on call now (`None`: no rotation).
    pub on_call: Option<OnCallNow>,
    /// Who is on call from the next hand-off (`None`: no rotation, or no hand-off).
    pub next: Option<NextOnCall>,
    /// Findings about the rotation and escalation.
    pub on_call_findings: Vec<Note>,
    /// The escalation chain per severity.
    pub escalation: Vec<EscalationPath>,
    /// Open telemetry gaps.
    pub open_gaps: Vec<Gap>,
    /// Overdue gaps and actions, most overdue first.
    pub overdue: Vec<Overdue>,
    /// Open actions.
    pub open_actions: Vec<OpenAction>,
    /// What the changes are compared with.
    pub comparison: Comparison,
    /// What changed since then.
    pub changes: Vec<Change>,
    /// The acknowledgement recorded by this run (`--ack`), if any.
    pub acknowledged: Option<Acknowledgement>,
    /// Progress against the campaign's dates (`[campaign]`): the whole campaign first,
    /// then each criterion with a date of its own; empty without them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub campaign: Vec<CampaignTarget>,
}

/// Progress against one date of the campaign.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CampaignTarget {
    /// The criterion's id (`gaps_owned`), or `all` for the whole campaign.
    pub criterion: &'static str,
    /// What must be ready: the criterion's title, or `everything`.
    pub title: &'static str,
    /// The date.
    #[serde(serialize_with = "as_string")]
    pub ready_by: Date,
    /// Days until the date; negative once it has passed.
    pub days_left: i64,
    /// Errors still counting against it.
    pub errors: usize,
}

/// Progress against the campaign's dates, as `inp`'s assessment judged them.
pub fn campaign(inp: &Subject<'_>) -> Vec<CampaignTarget> {
    inp.assessment
        .campaign
        .iter()
        .map(|d| CampaignTarget {
            criterion: d.id(),
            title: d.title(),
            ready_by: d.ready_by,
            days_left: d.days_left,
            errors: d.errors,
        })
        .collect()
}

/// The changes since the baseline.
pub fn changes(ws: &Workspace, baseline: &Baseline) -> Vec<Change> {
    match &baseline.source {
        Source::Commit { workspace, .. } => compare(workspace, ws),
        Source::ChangeLog {
            from: Some(from),
            after,
        } => logged(
            ws,
            *from,
            after.as_ref().map(|(file, line)| (file.as_str(), *line)),
        ),
        Source::ChangeLog { from: None, .. } => Vec::new(),
    }
}

/// The handover note for `inp`: find the baseline (`history`, the docs' git history
/// when the tree is in a repository, else the change log; dates read in `tz`) and
/// compare. Used by `readyroom handover` and the TUI's `:handover`.
pub fn prepare(
    inp: &Subject<'_>,
    since: Since,
    tz: &jiff::tz::TimeZone,
    history: Option<&dyn History>,
) -> Handover {
    let baseline = resolve_baseline(inp.ws, since, tz, history);
    build(inp, &baseline)
}

/// Gather the handover for `inp`, comparing the docs with `baseline`.
pub fn build(inp: &Subject<'_>, baseline: &Baseline) -> Handover {
    let now_on_call = inp.rotation().map(|r| on_call_at(r, inp.now()));
    let (on_call, next) = match inp.rotation().map(|r| on_call(r, inp.now())) {
        Some((now, next)) => (Some(now), next),
        None => (None, None),
    };
    let open_gaps = open_gaps(inp.ws, inp.today());
    let open_actions = open_actions(inp.ws, inp.today());
    let errors = inp.findings().iter().filter(|f| f.blocks()).count();
    let b = baseline;
    let (source, commit, commit_time) = match &b.source {
        Source::Commit { commit, .. } => (
            "git",
            Some(commit.hash.clone()),
            Some(When::new(commit.time, inp.rotation())),
        ),
        Source::ChangeLog { .. } => ("change_log", None, None),
    };
    Handover {
        project: inp.name.to_string(),
        today: inp.today(),
        now: When::new(inp.now(), inp.rotation()),
        readiness: Readiness {
            ready: errors == 0,
            errors,
            warnings: inp.findings().len() - errors,
        },
        on_call,
        next,
        on_call_findings: inp
            .findings()
            .iter()
            .filter(|f| ON_CALL_RULES.contains(&f.rule))
            .map(|f| Note {
                rule: f.rule.as_str(),
                severity: f.severity.as_str(),
                message: f.message.clone(),
                file: f.file.clone(),
                line: f.line,
            })
            .collect(),
        escalation: escalation(inp.ws, now_on_call.as_ref()),
        overdue: overdue(&open_gaps, &open_actions, inp.today()),
        open_gaps,
        open_actions,
        comparison: Comparison {
            source,
            compared: !matches!(b.source, Source::ChangeLog { from: None, .. }),
            since: b.since.label(),
            previous: b.previous.clone(),
            commit,
            commit_time,
            note: b.note.clone(),
        },
        changes: changes(inp.ws, b),
        acknowledged: None,
        campaign: campaign(inp),
    }
}
