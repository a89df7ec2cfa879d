//! `readyroom report`: the operational-readiness evidence in one document, for the
//! service owner and for audits — the verdict and criteria, telemetry coverage and gaps,
//! alert → runbook → dashboard chains, escalation paths and the on-call rotation, RTM
//! coverage, every sign-off and whether it still holds, open risks and actions, every
//! finding, and the git commit the docs were read at.
//!
//! [`build`] gathers it into a [`Report`] (pure: the caller passes the [`Subject`] and the
//! git state); [`render_markdown`] writes it for a git forge (headings,
//! tables and lists, every cell escaped, no raw HTML) and [`render_json`] for tools
//! (fields in a fixed order, paths relative to the project with `/`).

pub(crate) mod markdown;
mod types;

pub use markdown::render_markdown;
pub use types::{
    AlertChain, CampaignInfo, ChangeLogInfo, CheckInfo, ContactInfo, CriterionCampaignInfo,
    CriterionInfo, DashboardInfo, EscalationPath, EscalationStepInfo, EvidenceColumn,
    EvidenceStates, FindingInfo, GitInfo, IntervalInfo, LinkInfo, OnCallInfo, OpenAction,
    PersonHours, Report, RequirementRow, RotationInfo, RtmInfo, SignOffInfo, TelemetryInfo,
    TelemetryRow, Untraced, VerdictInfo,
};

use std::collections::HashMap;

use crate::assess::{EVIDENCE, Evidence, Subject};
use crate::model::is_blank;
use crate::model::{FieldKey, Item, ItemKind, Workspace, fingerprint};
use crate::rotation::{human_duration, on_call_at};
use crate::rules::links::{LinkStatus, resolve_link};
use crate::rules::text::{Coverage, coverage, parse_date};
use crate::rules::trace::{evidence_docs, has_ops_evidence, traced_category};
use crate::rules::{Finding, RuleId, checks_for, is_open, step_contact};
use crate::store::GitState;

/// A cell's text for the report: empty when the cell says nothing (`—`, `n/a`).
fn value(text: &str) -> String {
    if is_blank(text) {
        String::new()
    } else {
        text.trim().to_string()
    }
}

/// Round to one decimal, for percentages and hours.
fn one_decimal(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// `part` as a percentage of `whole` (0 when `whole` is 0), one decimal.
#[allow(clippy::cast_precision_loss)]
fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        one_decimal(part as f64 * 100.0 / whole as f64)
    }
}

/// The rules reporting a finding on each item, each rule once, in finding order: built
/// once, so that looking up every item costs one pass over the findings in all.
struct RulesByItem<'a>(HashMap<&'a str, Vec<&'static str>>);

impl<'a> RulesByItem<'a> {
    fn new(findings: &'a [Finding]) -> Self {
        let mut map: HashMap<&str, Vec<&'static str>> = HashMap::new();
        for f in findings {
            if let Some(id) = f.item.as_deref() {
                let rules = map.entry(id).or_default();
                if !rules.contains(&f.rule.as_str()) {
                    rules.push(f.rule.as_str());
                }
            }
        }
        RulesByItem(map)
    }

    /// The rules reporting a finding on item `id`.
    fn on(&self, id: &str) -> Vec<&'static str> {
        self.0.get(id).cloned().unwrap_or_default()
    }
}

fn criteria(inp: &Subject<'_>) -> Vec<CriterionInfo> {
    inp.verdict()
        .criteria
        .iter()
        .map(|c| {
            let errors = c
                .findings
                .iter()
                .filter(|&&i| inp.findings()[i].blocks())
                .count();
            CriterionInfo {
                id: c.id.as_str(),
                title: c.title,
                passed: c.passed,
                errors,
                warnings: c.findings.len() - errors,
            }
        })
        .collect()
}

fn checks(inp: &Subject<'_>) -> Vec<CheckInfo> {
    checks_for(inp.ws)
        .zip(&inp.verdict().checks)
        .map(|(check, outcome)| {
            let errors = outcome
                .findings
                .iter()
                .filter(|&&i| inp.findings()[i].blocks())
                .count();
            CheckInfo {
                title: check.title,
                rules: check.rules().map(RuleId::as_str).collect(),
                passed: outcome.passed,
                errors,
                warnings: outcome.findings.len() - errors,
            }
        })
        .collect()
}

fn telemetry(inp: &Subject<'_>) -> TelemetryInfo {
    let ws = inp.ws;
    let mut items: Vec<TelemetryRow> = ws
        .items_of(ItemKind::Telemetry)
        .map(|i| {
            let state = coverage(i.text(&FieldKey::Status));
            let due = i.text(&FieldKey::Due);
            TelemetryRow {
                id: i.id.clone(),
                signal: i.text(&FieldKey::Signal).to_string(),
                status: i.text(&FieldKey::Status).to_string(),
                coverage: match state {
                    Coverage::Covered => "covered",
                    Coverage::Gap => "gap",
                    Coverage::Unknown => "unknown",
                },
                dashboard: value(&dashboard_names(ws, i)),
                dashboard_links: i
                    .field(&FieldKey::Dashboard)
                    .map(|f| f.links.iter().map(|li| link_info(ws, i, li)).collect())
                    .unwrap_or_default(),
                owner: value(i.text(&FieldKey::Owner)),
                due: value(due),
                overdue: state == Coverage::Gap && parse_date(due).is_some_and(|d| d < inp.today()),
                requirement: value(i.text(&FieldKey::Requirement)),
                file: ws.docs[i.doc].path.clone(),
                line: i.line,
            }
        })
        .collect();
    items.sort_by_key(|r| r.coverage != "gap");
    let covered = items.iter().filter(|r| r.coverage == "covered").count();
    let gaps = items.iter().filter(|r| r.coverage == "gap").count();
    TelemetryInfo {
        signals: items.len(),
        covered,
        gaps,
        overdue: items.iter().filter(|r| r.overdue).count(),
        covered_percent: percent(covered, items.len()),
        items,
    }
}

/// The Dashboard cell of a telemetry item as names: each link's text joined by `; `,
/// or the cell's text when it has no link.
fn dashboard_names(ws: &Workspace, item: &Item) -> String {
    let Some(field) = item.field(&FieldKey::Dashboard) else {
        return String::new();
    };
    if field.links.is_empty() {
        return field.text.to_string();
    }
    ws.docs[item.doc]
        .links_at(field.links)
        .map(|l| l.text.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}

fn link_info(ws: &Workspace, item: &Item, li: usize) -> LinkInfo {
    let doc = &ws.docs[item.doc];
    let link = &doc.links[li];
    let status = resolve_link(ws, doc, link);
    let with_anchor = |path: &str, anchor: Option<&str>| match anchor {
        Some(a) => format!("{path}#{a}"),
        None => path.to_string(),
    };
    let (target, status) = match &status {
        LinkStatus::External => (link.destination.clone(), "external"),
        LinkStatus::Ok { path, anchor } => (with_anchor(path, anchor.as_deref()), "ok"),
        LinkStatus::MissingFile { path } => (path.clone(), "missing_file"),
        LinkStatus::MissingAnchor { path, anchor } => {
            (with_anchor(path, Some(anchor)), "missing_anchor")
        }
        LinkStatus::OutsideRoot => (link.destination.clone(), "outside_root"),
        LinkStatus::Unresolvable => (link.destination.clone(), "unresolvable"),
    };
    LinkInfo {
        text: link.text.clone(),
        target,
        status,
    }
}

/// A telemetry item's Signal and Alert cells, lower-cased, for [`mentions`].
fn mention_text(telemetry: &Item) -> String {
    format!(
        "{} {}",
        telemetry.text(&FieldKey::Signal),
        telemetry.text(&FieldKey::Alert)
    )
    .to_lowercase()
}

/// True when a telemetry item's [`mention_text`] names `alert`, by its ID (unless
/// derived) or by its name, case-insensitively; `id` and `name` are the alert's ID and
/// Alert cell, lower-cased.
fn mentions(text: &str, alert: &Item, id: &str, name: &str) -> bool {
    (!alert.derived_id && text.contains(id)) || (!is_blank(name) && text.contains(name))
}

fn alerts(inp: &Subject<'_>, rules: &RulesByItem<'_>) -> Vec<AlertChain> {
    let ws = inp.ws;
    // Each telemetry item's Signal and Alert text, lower-cased once for every alert.
    let telemetry: Vec<(&Item, String)> = ws
        .items_of(ItemKind::Telemetry)
        .map(|t| (t, mention_text(t)))
        .collect();
    ws.items_of(ItemKind::Alert)
        .map(|a| {
            // The links the `alert-no-runbook` rule reads: the Runbook cell's, else any.
            let links = a.runbook_links();
            let id = a.id.to_lowercase();
            let name = a.text(&FieldKey::Alert).trim().to_lowercase();
            let dashboards = telemetry
                .iter()
                .filter(|(_, text)| mentions(text, a, &id, &name))
                .flat_map(|&(t, _)| {
                    let Some(field) = t.field(&FieldKey::Dashboard) else {
                        return Vec::new();
                    };
                    if field.links.is_empty() {
                        return if is_blank(&field.text) {
                            Vec::new()
                        } else {
                            vec![DashboardInfo {
                                telemetry: t.id.clone(),
                                text: field.text.to_string(),
                                target: None,
                            }]
                        };
                    }
                    field
                        .links
                        .iter()
                        .map(|li| {
                            let link = link_info(ws, t, li);
                            DashboardInfo {
                                telemetry: t.id.clone(),
                                text: link.text,
                                target: Some(link.target),
                            }
                        })
                        .collect()
                })
                .collect();
            AlertChain {
                id: a.id.clone(),
                alert: a.text(&FieldKey::Alert).to_string(),
                severity: value(a.text(&FieldKey::Severity)),
                threshold: value(a.text(&FieldKey::Threshold)),
                runbooks: links.iter().map(|&li| link_info(ws, a, li)).collect(),
                dashboards,
                findings: rules.on(&a.id),
                file: ws.docs[a.doc].path.clone(),
                line: a.line,
            }
        })
        .collect()
}

fn escalation(inp: &Subject<'_>, rules: &RulesByItem<'_>) -> Vec<EscalationPath> {
    let step = |item: &Item| EscalationStepInfo {
        id: item.id.clone(),
        step: value(item.text(&FieldKey::Step)),
        after: value(item.text(&FieldKey::After)),
        contact: step_contact(item).0.to_string(),
        channel: value(item.text(&FieldKey::Channel)),
        findings: rules.on(&item.id),
    };
    inp.ws
        .escalation_paths()
        .into_iter()
        .map(|(severity, steps)| EscalationPath {
            severity: severity.to_string(),
            steps: steps.into_iter().map(step).collect(),
        })
        .collect()
}

fn contacts(ws: &Workspace) -> Vec<ContactInfo> {
    ws.items_of(ItemKind::Contact)
        .map(|c| ContactInfo {
            name: value(c.text(&FieldKey::Name)),
            role: value(c.text(&FieldKey::Role)),
            handle: value(c.text(&FieldKey::Handle)),
            time_zone: value(c.text(&FieldKey::TimeZone)),
        })
        .collect()
}

fn rotation(inp: &Subject<'_>) -> Option<RotationInfo> {
    let rot = inp.rotation()?;
    let an = inp.assessment.analysis()?;
    let gap_hours: f64 = an
        .gaps
        .iter()
        .map(|&(s, e)| e.duration_since(s).as_secs_f64() / 3600.0)
        .sum();
    // Every piece of time needing cover either has a primary (counted in `hours`) or is
    // a gap, so the two add up to the time needing cover.
    let primary_hours: f64 = an.hours.values().sum();
    let needed = primary_hours + gap_hours;
    let covered_percent = if needed > 0.0 {
        one_decimal(primary_hours * 100.0 / needed)
    } else {
        0.0
    };
    let now = on_call_at(rot, inp.now());
    Some(RotationInfo {
        time_zone: rot.zone_name.clone(),
        coverage: rot.coverage.to_string(),
        horizon: an
            .horizon_start
            .zip(an.horizon_end)
            .map(|(s, e)| rot.range(s, e)),
        horizon_start: an.horizon_start.map(|t| rot.rfc3339(t)),
        horizon_end: an.horizon_end.map(|t| rot.rfc3339(t)),
        days_left: an.horizon_end.map(|end| {
            let end_date = rot.zone.to_datetime(end).date();
            end_date
                .duration_since(inp.today())
                .as_secs()
                .div_euclid(86_400)
        }),
        covered_percent,
        gaps: an
            .gaps
            .iter()
            .map(|&(s, e)| IntervalInfo {
                when: rot.range(s, e),
                start: rot.rfc3339(s),
                end: rot.rfc3339(e),
                duration: human_duration(e.duration_since(s)),
            })
            .collect(),
        overlaps: an.overlaps.len(),
        hours: an
            .hours
            .iter()
            .map(|(p, h)| PersonHours {
                person: p.clone(),
                hours: one_decimal(*h),
            })
            .collect(),
        on_call_now: OnCallInfo {
            primary: now.primary,
            secondary: now.secondary,
        },
    })
}

fn rtm(inp: &Subject<'_>) -> RtmInfo {
    let ws = inp.ws;
    let links = &inp.assessment.links;
    let evidence = evidence_docs(ws, links);
    let reqs: Vec<&Item> = ws.items_of(ItemKind::Requirement).collect();
    let mut columns: Vec<EvidenceColumn> = EVIDENCE
        .iter()
        .map(|(_, title)| EvidenceColumn {
            column: title,
            resolving: 0,
            broken: 0,
            empty: 0,
            percent: 0.0,
        })
        .collect();
    let mut matrix = Vec::with_capacity(reqs.len());
    let mut untraced = Vec::new();
    for item in &reqs {
        let mut states = EvidenceStates::default();
        for ((key, _), column) in EVIDENCE.iter().zip(columns.iter_mut()) {
            let state = inp.assessment.evidence_state(ws, item, key);
            match state {
                Evidence::Resolves => column.resolving += 1,
                Evidence::Broken => column.broken += 1,
                Evidence::NoColumn | Evidence::Empty => column.empty += 1,
            }
            if let Some(slot) = states.slot(key) {
                *slot = state.as_str();
            }
        }
        if let Some(category) = traced_category(item)
            && !has_ops_evidence(ws, links, item, &evidence)
        {
            untraced.push(Untraced {
                id: item.id.clone(),
                category,
            });
        }
        matrix.push(RequirementRow {
            id: item.id.clone(),
            kind: item.text(&FieldKey::Type).to_string(),
            requirement: item.text(&FieldKey::Requirement).to_string(),
            evidence: states,
        });
    }
    for c in &mut columns {
        c.percent = percent(c.resolving, reqs.len());
    }
    RtmInfo {
        requirements: reqs.len(),
        columns,
        untraced,
        matrix,
    }
}

fn signoffs(ws: &Workspace) -> Vec<SignOffInfo> {
    ws.items
        .iter()
        .filter_map(|item| {
            let field = item.field(&FieldKey::SignOff)?;
            if field.text.trim().is_empty() {
                return None;
            }
            let doc = &ws.docs[item.doc];
            let current = fingerprint(item, &doc.source);
            let parsed = item.signoff();
            // The same test as the `signoff-stale` rule: the recorded fingerprint (8 to
            // 64 hex digits) must start with the item's fingerprint now.
            let state = match &parsed {
                None => "invalid",
                Some(s) if s.fingerprint.starts_with(&current) => "valid",
                Some(_) => "stale",
            };
            let (signer, date, recorded) = parsed
                .map(|s| (s.signer, s.date, s.fingerprint))
                .unwrap_or_default();
            Some(SignOffInfo {
                item: item.id.clone(),
                kind: item.kind,
                signer,
                date,
                fingerprint: recorded,
                current,
                state,
                text: field.text.to_string(),
                file: doc.path.clone(),
                line: item.line,
            })
        })
        .collect()
}

fn open_actions(inp: &Subject<'_>) -> Vec<OpenAction> {
    let ws = inp.ws;
    ws.items
        .iter()
        .filter(|i| is_open(i))
        .map(|i| {
            let action = i.kind == ItemKind::Action;
            let due = i.text(&FieldKey::Due);
            OpenAction {
                item: i.id.clone(),
                source: if action { "action" } else { "change_log" },
                text: if action {
                    i.text(&FieldKey::Text).to_string()
                } else {
                    i.text(&FieldKey::Entry).to_string()
                },
                owner: value(i.text(&FieldKey::Owner)),
                due: value(due),
                overdue: parse_date(due).is_some_and(|d| d < inp.today()),
                status: if action {
                    "open".to_string()
                } else {
                    i.text(&FieldKey::Status).to_string()
                },
                file: ws.docs[i.doc].path.clone(),
                line: i.line,
            }
        })
        .collect()
}

/// Gather the report; `git` is the commit the docs were read at, when they are in a
/// git repository.
pub fn build(inp: &Subject<'_>, git: Option<&GitState>) -> Report {
    let v = inp.verdict();
    let rules = RulesByItem::new(inp.findings());
    Report {
        project: inp.name.to_string(),
        today: inp.today().to_string(),
        generated_at: inp.now().strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
        git: git.map(|g| GitInfo {
            commit: g.commit.clone(),
            dirty: g.dirty,
        }),
        verdict: VerdictInfo {
            verdict: if v.ready { "ready" } else { "not_ready" },
            errors: v.errors,
            warnings: v.warnings,
            documents: inp.ws.docs.len(),
            items: inp.ws.items.len(),
        },
        criteria: criteria(inp),
        checks: checks(inp),
        telemetry: telemetry(inp),
        alerts: alerts(inp, &rules),
        escalation: escalation(inp, &rules),
        contacts: contacts(inp.ws),
        rotation: rotation(inp),
        rtm: rtm(inp),
        signoffs: signoffs(inp.ws),
        change_log: ChangeLogInfo {
            entries: inp.ws.items_of(ItemKind::ChangeEntry).count(),
            audit_lines: inp.ws.items_of(ItemKind::AuditEntry).count(),
        },
        open_actions: open_actions(inp),
        findings: inp
            .findings()
            .iter()
            .map(|f| FindingInfo {
                rule: f.rule.as_str(),
                severity: f.severity.as_str(),
                file: f.file.clone(),
                line: f.line,
                column: f.column,
                item: f.item.clone(),
                message: f.message.clone(),
            })
            .collect(),
        campaign: inp
            .assessment
            .campaign
            .iter()
            .find(|d| d.criterion.is_none())
            .map(|d| CampaignInfo {
                ready_by: d.ready_by.to_string(),
                days_left: d.days_left,
                errors: d.errors,
                at_risk: d.at_risk.clone(),
            }),
        campaign_criteria: inp
            .assessment
            .campaign
            .iter()
            .filter_map(|d| {
                Some(CriterionCampaignInfo {
                    criterion: d.criterion?.as_str(),
                    title: d.title(),
                    ready_by: d.ready_by.to_string(),
                    days_left: d.days_left,
                    errors: d.errors,
                    at_risk: d.at_risk.clone(),
                })
            })
            .collect(),
        trend: Vec::new(),
    }
}

/// The report as one JSON document; fields keep the order of [`Report`].
pub fn render_json(report: &Report) -> String {
    serde_json::to_string_pretty(report).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assess::Assessment;
    use crate::clock::Clock;
    use crate::config::ProjectConfig;
    use crate::parse::workspace_from_sources;

    fn report_of(files: &[(&str, &str)]) -> Report {
        let sources = files
            .iter()
            .map(|(p, t)| ((*p).to_string(), (*t).to_string()))
            .collect();
        let ws = workspace_from_sources(sources, Vec::new(), Vec::new(), &ProjectConfig::default());
        let today = jiff::civil::date(2026, 12, 1);
        let now: jiff::Timestamp = "2026-12-01T09:00:00Z".parse().unwrap();
        let a = Assessment::new(&ws, &ProjectConfig::default(), Clock { today, now });
        build(
            &Subject {
                name: "Test",
                ws: &ws,
                assessment: &a,
            },
            None,
        )
    }

    #[test]
    fn alerts_chain_to_runbooks_and_to_dashboards_of_signals_naming_them() {
        let r = report_of(&[
            (
                "docs/operations/incident-response.md",
                "# P\n\n## Alert thresholds\n\n| ID | Alert | Threshold | Severity | Runbook |\n\
                 |---|---|---|---|---|\n\
                 | ALR-001 | High error rate | 5xx > 2% | SEV1 | [Errors](runbooks/errors.md) |\n\
                 | ALR-002 | Slow | p99 > 1 s | SEV1 | [Slow](runbooks/slow.md#nope) |\n",
            ),
            ("docs/operations/runbooks/errors.md", "# Errors\n"),
            ("docs/operations/runbooks/slow.md", "# Slow\n"),
            (
                "docs/operations/observability-status.md",
                "# O\n\n| ID | Signal | Status | Dashboard |\n|---|---|---|---|\n\
                 | TEL-001 | 5xx ratio (ALR-001) | configured | [Errors](https://grafana.example.com/d/e) |\n\
                 | TEL-002 | Latency | configured | [Latency](https://grafana.example.com/d/l) |\n",
            ),
        ]);
        let first = &r.alerts[0];
        assert_eq!(
            first.runbooks[0].target,
            "docs/operations/runbooks/errors.md"
        );
        assert_eq!(first.runbooks[0].status, "ok");
        assert_eq!(first.dashboards.len(), 1);
        assert_eq!(first.dashboards[0].telemetry, "TEL-001");
        assert_eq!(
            first.dashboards[0].target.as_deref(),
            Some("https://grafana.example.com/d/e")
        );
        let second = &r.alerts[1];
        assert_eq!(second.runbooks[0].status, "missing_anchor");
        assert!(second.dashboards.is_empty());
        assert_eq!(second.findings, vec!["alert-no-runbook", "broken-link"]);
        let md = render_markdown(&r);
        assert!(md.contains("(via `TEL-001`)"), "{md}");
        assert!(md.contains("**broken: no such heading**"), "{md}");
    }

    #[test]
    fn an_empty_project_still_reports() {
        let r = report_of(&[]);
        assert!(r.rotation.is_none());
        assert_eq!(r.telemetry.signals, 0);
        let md = render_markdown(&r);
        assert!(md.contains("No on-call rotation"), "{md}");
        assert!(md.contains("No requirements"), "{md}");
        assert!(render_json(&r).starts_with('{'));
    }

    #[test]
    fn percentages_round_to_one_decimal() {
        assert!((percent(1, 3) - 33.3).abs() < 1e-9);
        assert!((percent(0, 0)).abs() < 1e-9);
        assert!((percent(3, 8) - 37.5).abs() < 1e-9);
    }
}
