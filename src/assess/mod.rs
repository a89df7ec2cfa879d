//! The assessment: every fact derived from the docs at one instant — the findings, the
//! verdict, the rotation and its analysis (built once, for the rules and the outputs), the worst severity per item, the counts per
//! file and the state of each RTM evidence cell — built once from (workspace, project
//! config, clock). `check`, `report`, `notify-text`, `handover` and the TUI all read an
//! [`Assessment`] instead of deriving these facts each in their own shape. Pure: no IO,
//! no terminal, no colours.

pub mod campaign;

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use crate::clock::Clock;
use crate::config::ProjectConfig;
use crate::model::{FieldKey, Item, Workspace};
use crate::rotation::{Analysis, Rotation, analyse, build as build_rotation, source_key};
use crate::rules::links::LinkIndex;
use crate::rules::{Context, Finding, Scans, Severity, Verdict, run_after, verdict};

pub use campaign::{CampaignDate, Pace};

/// The RTM evidence columns, in matrix order, with their short titles.
pub const EVIDENCE: [(FieldKey, &str); 4] = [
    (FieldKey::Design, "Design"),
    (FieldKey::Test, "Test"),
    (FieldKey::Release, "Release"),
    (FieldKey::OpsEvidence, "Ops"),
];

/// The state of one evidence cell of a requirement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Evidence {
    /// The requirement's table has no such column.
    NoColumn,
    /// The cell holds no link.
    Empty,
    /// Every link in the cell resolves.
    Resolves,
    /// At least one link in the cell does not resolve.
    Broken,
}

impl Evidence {
    /// The stable name used in JSON (`no_column`, `empty`, `resolves`, `broken`).
    pub fn as_str(self) -> &'static str {
        match self {
            Evidence::NoColumn => "no_column",
            Evidence::Empty => "empty",
            Evidence::Resolves => "resolves",
            Evidence::Broken => "broken",
        }
    }
}

/// How many findings of each severity concern one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FileCounts {
    /// Error findings.
    pub errors: usize,
    /// Warning findings.
    pub warnings: usize,
}

/// Everything derived from the docs at one instant.
#[derive(Debug, Clone)]
pub struct Assessment {
    /// The clock the assessment was made at.
    pub clock: Clock,
    /// Every finding, sorted by file, line and column.
    pub findings: Vec<Finding>,
    /// The verdict over the findings.
    pub verdict: Verdict,
    /// The on-call rotation, when the playbook has one.
    pub rotation: Option<Rotation>,
    /// What the rotation was built from ([`source_key`]).
    rotation_key: u64,
    /// The rotation's analysis.
    analysis: Option<Analysis>,
    /// The worst severity among each item's findings, by item ID.
    pub worst: HashMap<String, Severity>,
    /// The findings per file, by project-relative path.
    pub per_file: HashMap<String, FileCounts>,
    /// Where each link leads, shared with the next assessment while the files and
    /// headings it was resolved against are unchanged.
    pub links: Arc<LinkIndex>,
    /// The per-document text scans, which the next assessment keeps for the documents
    /// that did not change.
    scans: Arc<Scans>,
    /// Progress against each date of the campaign (`[campaign]`): the whole campaign
    /// first, then each criterion with a date of its own; empty without dates.
    pub campaign: Vec<CampaignDate>,
    /// Where the docs' history starts, for the campaign's rate; kept by
    /// [`Assessment::after`].
    pace: Option<Pace>,
}

impl Assessment {
    /// Run every rule over `ws` under `config` at `clock` and derive the rest.
    pub fn new(ws: &Workspace, config: &ProjectConfig, clock: Clock) -> Assessment {
        // The link index and the rotation are built side by side.
        let (links, (rotation, analysis)) = rayon::join(
            || Arc::new(LinkIndex::build(ws)),
            || {
                let rotation = build_rotation(ws);
                let analysis = rotation.as_ref().map(analyse);
                (rotation, analysis)
            },
        );
        let basis = Basis {
            rotation_key: source_key(ws),
            rotation,
            analysis,
            links,
            scans: &Scans::default(),
        };
        Assessment::with_rotation(ws, config, clock, basis)
    }

    /// Like [`Assessment::new`] (the same findings and facts), doing only the work
    /// that `previous` (an assessment of an earlier version of the docs) does not
    /// already hold: its rotation and analysis when what they are built from is
    /// unchanged (a reload of another file, a new day), the resolution of every link
    /// whose target's anchors are unchanged, and the text scans of every document that
    /// did not change. The memo lives in the assessment the caller holds, not in a
    /// global. The campaign is judged at `previous`'s pace.
    pub fn after(
        previous: &Assessment,
        ws: &Workspace,
        config: &ProjectConfig,
        clock: Clock,
    ) -> Assessment {
        let mut a = Assessment::after_unpaced(previous, ws, config, clock);
        if previous.pace.is_some() {
            a.pace(ws, config, previous.pace.clone());
        }
        a
    }

    /// [`Assessment::after`] with the campaign judged without a pace.
    fn after_unpaced(
        previous: &Assessment,
        ws: &Workspace,
        config: &ProjectConfig,
        clock: Clock,
    ) -> Assessment {
        let links = Arc::new(LinkIndex::after(&previous.links, ws));
        let key = source_key(ws);
        let (rotation, analysis) = if key == previous.rotation_key {
            (previous.rotation.clone(), previous.analysis.clone())
        } else {
            let rotation = build_rotation(ws);
            let analysis = rotation.as_ref().map(analyse);
            (rotation, analysis)
        };
        let basis = Basis {
            rotation_key: key,
            rotation,
            analysis,
            links,
            scans: &previous.scans,
        };
        Assessment::with_rotation(ws, config, clock, basis)
    }

    fn with_rotation(
        ws: &Workspace,
        config: &ProjectConfig,
        clock: Clock,
        basis: Basis<'_>,
    ) -> Assessment {
        let Basis {
            rotation_key,
            rotation,
            analysis,
            links,
            scans,
        } = basis;
        let ctx = Context {
            ws,
            today: clock.today,
            now: clock.now,
            links: Cow::Borrowed(&links),
        };
        let (mut findings, scans) = run_after(
            &ctx,
            config,
            rotation.as_ref().zip(analysis.as_ref()),
            scans,
        );
        let mut verdict = verdict(ws, &findings);
        let campaign = judge_campaign(ws, config, clock, None, &mut findings, &mut verdict);
        let (worst, per_file) = tally(&findings);
        Assessment {
            clock,
            findings,
            verdict,
            rotation,
            rotation_key,
            analysis,
            worst,
            per_file,
            links,
            scans: Arc::new(scans),
            campaign,
            pace: None,
        }
    }

    /// Judge the campaign's dates again at the rate since `pace` (read by the caller
    /// from the docs' git history; `None` when there is none): the `campaign-at-risk`
    /// findings, the verdict and the counts follow. The rules are not run again.
    pub fn pace(&mut self, ws: &Workspace, config: &ProjectConfig, pace: Option<Pace>) {
        let rule = crate::rules::RuleId::CampaignAtRisk;
        let before = self.findings.len();
        self.findings.retain(|f| f.rule != rule);
        if self.findings.len() != before {
            self.verdict = verdict(ws, &self.findings);
        }
        self.pace = pace;
        self.campaign = judge_campaign(
            ws,
            config,
            self.clock,
            self.pace.as_ref(),
            &mut self.findings,
            &mut self.verdict,
        );
        let (worst, per_file) = tally(&self.findings);
        self.worst = worst;
        self.per_file = per_file;
    }

    /// The state of `item`'s evidence cell `key`.
    pub fn evidence_state(&self, ws: &Workspace, item: &Item, key: &FieldKey) -> Evidence {
        let Some(field) = item.field(key) else {
            return Evidence::NoColumn;
        };
        if field.links.is_empty() {
            return Evidence::Empty;
        }
        let doc = &ws.docs[item.doc];
        if field
            .links
            .iter()
            .all(|l| self.links.status(ws, doc, &doc.links[l]).is_ok())
        {
            Evidence::Resolves
        } else {
            Evidence::Broken
        }
    }

    /// The states of `item`'s evidence cells, in [`EVIDENCE`] order.
    pub fn evidence_row(&self, ws: &Workspace, item: &Item) -> [Evidence; 4] {
        EVIDENCE.map(|(key, _)| self.evidence_state(ws, item, &key))
    }

    /// The rotation's analysis: gaps, overlaps, hours per person.
    pub fn analysis(&self) -> Option<&Analysis> {
        self.analysis.as_ref()
    }

    /// The worst severity among the findings about item `id`.
    pub fn worst_of(&self, id: &str) -> Option<Severity> {
        self.worst.get(id).copied()
    }

    /// The findings about the file at `path`.
    pub fn counts_of(&self, path: &str) -> FileCounts {
        self.per_file.get(path).copied().unwrap_or_default()
    }

    /// The number of error findings among `indexes` (into [`Assessment::findings`]).
    pub fn errors_among(&self, indexes: &[usize]) -> usize {
        indexes
            .iter()
            .filter(|&&i| self.findings[i].blocks())
            .count()
    }
}

/// What an assessment is made over besides the docs: the rotation (with what it was
/// built from and its analysis), the link index and the previous text scans.
struct Basis<'p> {
    rotation_key: u64,
    rotation: Option<Rotation>,
    analysis: Option<Analysis>,
    links: Arc<LinkIndex>,
    scans: &'p Scans,
}

/// The worst severity per item and the counts per file of `findings`.
fn tally(findings: &[Finding]) -> (HashMap<String, Severity>, HashMap<String, FileCounts>) {
    let mut worst: HashMap<String, Severity> = HashMap::new();
    let mut per_file: HashMap<String, FileCounts> = HashMap::new();
    // A waived finding is listed but colours no item and counts in no file.
    for f in findings.iter().filter(|f| f.waived.is_none()) {
        if let Some(id) = &f.item {
            worst
                .entry(id.clone())
                .and_modify(|s| *s = (*s).min(f.severity))
                .or_insert(f.severity);
        }
        let counts = per_file.entry(f.file.clone()).or_default();
        match f.severity {
            Severity::Error => counts.errors += 1,
            Severity::Warning => counts.warnings += 1,
        }
    }
    (worst, per_file)
}

/// Progress against the campaign's dates at `clock`, with the `campaign-at-risk`
/// findings added to `findings` (kept sorted) and `verdict` judged again when any is.
fn judge_campaign(
    ws: &Workspace,
    config: &ProjectConfig,
    clock: Clock,
    pace: Option<&Pace>,
    findings: &mut Vec<Finding>,
    verdict_now: &mut Verdict,
) -> Vec<CampaignDate> {
    let dates = campaign::dates(config, verdict_now, findings, clock.today, pace);
    let at_risk = campaign::findings(config, &dates);
    if !at_risk.is_empty() {
        findings.extend(at_risk);
        findings.sort_by(|a, b| {
            (&a.file, a.line, a.column, a.rule, &a.item)
                .cmp(&(&b.file, b.line, b.column, b.rule, &b.item))
        });
        *verdict_now = verdict(ws, findings);
    }
    dates
}

/// What every output (check, report, notify-text, handover, the TUI) is made from: the
/// docs, the project's display name and their assessment.
#[derive(Debug, Clone, Copy)]
pub struct Subject<'a> {
    /// The project's display name.
    pub name: &'a str,
    /// The docs.
    pub ws: &'a Workspace,
    /// What was derived from them.
    pub assessment: &'a Assessment,
}

impl<'a> Subject<'a> {
    /// Every finding, sorted.
    pub fn findings(&self) -> &'a [Finding] {
        &self.assessment.findings
    }

    /// The verdict.
    pub fn verdict(&self) -> &'a Verdict {
        &self.assessment.verdict
    }

    /// The on-call rotation, when the playbook has one.
    pub fn rotation(&self) -> Option<&'a Rotation> {
        self.assessment.rotation.as_ref()
    }

    /// Today, for due dates.
    pub fn today(&self) -> jiff::civil::Date {
        self.assessment.clock.today
    }

    /// The instant of the assessment, for who is on call.
    pub fn now(&self) -> jiff::Timestamp {
        self.assessment.clock.now
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::workspace_from_sources;

    const OBS: &str = "docs/operations/observability-status.md";
    const RTM: &str = "docs/requirements/RTM.md";

    fn ws(files: &[(&str, &str)]) -> Workspace {
        let sources = files
            .iter()
            .map(|(p, t)| ((*p).to_string(), (*t).to_string()))
            .collect();
        workspace_from_sources(sources, Vec::new(), Vec::new(), &ProjectConfig::default())
    }

    fn clock() -> Clock {
        Clock {
            today: jiff::civil::date(2026, 12, 1),
            now: "2026-12-01T10:00:00Z".parse().unwrap(),
        }
    }

    #[test]
    fn counts_and_worst_severities_agree_with_the_findings() {
        let w = ws(&[(
            OBS,
            "# Obs\n\n| ID | Signal | Status | Owner | Due |\n|---|---|---|---|---|\n\
             | TEL-1 | Errors | missing | | 2026-11-01 |\n",
        )]);
        let a = Assessment::new(&w, &ProjectConfig::default(), clock());
        assert!(!a.findings.is_empty());
        let errors = a
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count();
        let total: usize = a.per_file.values().map(|c| c.errors).sum();
        assert_eq!(total, errors);
        assert_eq!(a.verdict.errors, errors);
        let on_tel: Vec<Severity> = a
            .findings
            .iter()
            .filter(|f| f.item.as_deref() == Some("TEL-1"))
            .map(|f| f.severity)
            .collect();
        assert_eq!(a.worst_of("TEL-1"), on_tel.iter().copied().min());
        assert_eq!(a.worst_of("TEL-1"), Some(Severity::Error));
        assert_eq!(a.counts_of("nowhere.md"), FileCounts::default());
        assert!(a.errors_among(&a.verdict.criteria[1].findings) > 0);
    }

    #[test]
    fn the_pace_judges_each_criterion_date_and_a_later_assessment_keeps_it() {
        let w = ws(&[(
            OBS,
            "# Obs\n\n| ID | Signal | Status | Owner | Due |\n|---|---|---|---|---|\n\
             | TEL-1 | Errors | missing | | 2026-12-20 |\n",
        )]);
        let config = ProjectConfig {
            criteria_ready_by: vec![(
                crate::rules::CriterionId::GapsOwned,
                jiff::civil::date(2026, 12, 30),
            )],
            ..ProjectConfig::default()
        };
        let at_risk = |a: &Assessment| {
            a.findings
                .iter()
                .filter(|f| f.rule == crate::rules::RuleId::CampaignAtRisk)
                .count()
        };
        let mut a = Assessment::new(&w, &config, clock());
        assert_eq!(a.campaign.len(), 1);
        let errors = a.campaign[0].errors;
        assert!(errors > 0);
        assert_eq!(at_risk(&a), 0);
        let warnings = a.verdict.warnings;
        let stuck = Pace {
            since: jiff::civil::date(2026, 11, 1),
            errors: a.verdict.errors,
            criteria: [("gaps_owned".to_string(), errors)].into(),
        };
        a.pace(&w, &config, Some(stuck));
        assert_eq!(at_risk(&a), 1);
        assert_eq!(a.verdict.warnings, warnings + 1);
        assert_eq!(a.counts_of(crate::config::CONFIG_FILE).warnings, 1);
        let b = Assessment::after(&a, &w, &config, clock());
        assert_eq!(at_risk(&b), 1);
        assert_eq!(b.campaign, a.campaign);
        a.pace(&w, &config, None);
        assert_eq!(at_risk(&a), 0);
        assert_eq!(a.verdict.warnings, warnings);
    }

    #[test]
    fn evidence_cells_have_four_states() {
        let w = ws(&[
            (
                RTM,
                "# RTM\n\n| ID | Requirement | Type | Design | Test |\n|---|---|---|---|---|\n\
                 | R-1 | Up | availability | [obs](../operations/observability-status.md) | [x](nowhere.md) |\n\
                 | R-2 | Fast | performance | | |\n",
            ),
            (OBS, "# Obs\n"),
        ]);
        let item = |id: &str| w.items.iter().find(|i| i.id == id).unwrap();
        let a = Assessment::new(&w, &ProjectConfig::default(), clock());
        assert_eq!(
            a.evidence_row(&w, item("R-1")),
            [
                Evidence::Resolves,
                Evidence::Broken,
                Evidence::NoColumn,
                Evidence::NoColumn
            ]
        );
        assert_eq!(
            a.evidence_row(&w, item("R-2"))[..2],
            [Evidence::Empty, Evidence::Empty]
        );
        assert_eq!(Evidence::NoColumn.as_str(), "no_column");
    }

    #[test]
    fn a_later_assessment_re_resolves_links_when_a_heading_changes() {
        let rtm = "# RTM\n\n| ID | Requirement | Type | Design |\n|---|---|---|---|\n\
                   | R-1 | Up | availability | [obs](../operations/observability-status.md#latency) |\n";
        let config = ProjectConfig::default();
        let design = |w: &Workspace, a: &Assessment| {
            let item = w.items.iter().find(|i| i.id == "R-1").unwrap();
            a.evidence_state(w, item, &FieldKey::Design)
        };
        let first = ws(&[(RTM, rtm), (OBS, "# Obs\n\n## Latency\n")]);
        let a = Assessment::new(&first, &config, clock());
        assert_eq!(design(&first, &a), Evidence::Resolves);
        let prose_changed = ws(&[(RTM, rtm), (OBS, "# Obs\n\nNew words.\n\n## Latency\n")]);
        let b = Assessment::after(&a, &prose_changed, &config, clock());
        assert_eq!(design(&prose_changed, &b), Evidence::Resolves);
        let heading_renamed = ws(&[(RTM, rtm), (OBS, "# Obs\n\n## Throughput\n")]);
        let c = Assessment::after(&b, &heading_renamed, &config, clock());
        assert_eq!(design(&heading_renamed, &c), Evidence::Broken);
        assert!(c.findings.iter().any(|f| f.rule.as_str() == "broken-link"));
    }

    #[test]
    fn a_later_assessment_keeps_the_rotation_only_while_the_playbook_is_unchanged() {
        const PLAY: &str = "docs/operations/incident-response.md";
        let rota = |who: &str| {
            format!(
                "# Playbook\n\n## On-call rotation\n\nTime zone: UTC\n\n\
                 | Start | End | Primary | Secondary |\n|---|---|---|---|\n\
                 | 2026-11-30 09:00 | 2026-12-07 09:00 | {who} | Jonas |\n"
            )
        };
        let config = ProjectConfig::default();
        let first = ws(&[(PLAY, &rota("Aisha")), (OBS, "# Obs\n")]);
        let a = Assessment::new(&first, &config, clock());
        let primary = |a: &Assessment| a.rotation.as_ref().unwrap().shifts[0].primary.clone();
        assert_eq!(primary(&a).as_deref(), Some("Aisha"));
        assert!(a.analysis().is_some());
        let other_file_changed = ws(&[(PLAY, &rota("Aisha")), (OBS, "# Observability\n")]);
        let b = Assessment::after(&a, &other_file_changed, &config, clock());
        assert_eq!(b.rotation_key, a.rotation_key);
        assert_eq!(b.analysis(), a.analysis());
        let playbook_changed = ws(&[(PLAY, &rota("Mei")), (OBS, "# Observability\n")]);
        let c = Assessment::after(&b, &playbook_changed, &config, clock());
        assert_ne!(c.rotation_key, b.rotation_key);
        assert_eq!(primary(&c).as_deref(), Some("Mei"));
    }
}
