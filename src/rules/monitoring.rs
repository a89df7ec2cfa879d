//! The docs held against the monitoring code: `alert-rule-missing`,
//! `alert-undocumented`, `rule-no-runbook`, `runbook-url-unresolved`,
//! `runbook-mismatch`, `signal-unverified`, `dashboard-missing`, `rule-invalid` and
//! `otel-pipeline-missing`. Nothing is judged when the project has no monitoring files.

use std::collections::HashSet;

use super::links::{LinkStatus, join_relative, resolve, resolve_link};
use super::text::{Coverage, coverage};
use super::{Context, Finding, RuleId, Severity};
use crate::model::{Document, Field, FieldKey, Item, ItemKind, LinkTarget, Role, Workspace};
use crate::monitoring::{
    Dashboard, FileKind, Monitoring, PipelineKind, Pos, PromRule, name_key, promql,
};

/// Every monitoring finding.
pub fn check(ctx: &Context<'_>) -> Vec<Finding> {
    let ws = ctx.ws;
    let m = &ws.monitoring;
    let mut out = stale_evidence(ctx);
    if m.is_empty() {
        return out;
    }
    out.extend(m.problems.iter().map(|p| {
        on_monitoring_file(
            RuleId::RuleInvalid,
            Severity::Error,
            &p.file,
            p.pos,
            &p.message,
        )
    }));
    if m.has(FileKind::Rules) {
        alerts(ws, m, &mut out);
    }
    if m.has(FileKind::Rules) || m.has(FileKind::Dashboard) {
        signals(ws, m, &mut out);
    }
    if m.has(FileKind::Dashboard) {
        dashboards(ws, m, &mut out);
    }
    if m.has(FileKind::Otel) {
        otel(ws, m, &mut out);
    }
    out
}

/// `evidence-stale`: evidence snapshots linked from the observability report that are
/// older than the configured age. A missing one is a `broken-link` like any link.
fn stale_evidence(ctx: &Context<'_>) -> Vec<Finding> {
    let ws = ctx.ws;
    let Some(doc) = ws.role_doc(Role::Observability) else {
        return Vec::new();
    };
    let max_days = ws.monitoring.evidence_max_age_days;
    let mut out = Vec::new();
    for link in &doc.links {
        let Some(path) = resolve_link(ws, doc, link).path().map(str::to_string) else {
            continue;
        };
        let Some(when) = ws
            .doc(&path)
            .and_then(|d| crate::monitoring::evidence_time(&d.source))
        else {
            continue;
        };
        let age_days = ctx.now.duration_since(when).as_secs() / 86_400;
        if age_days > i64::from(max_days) {
            out.push(Finding::at(
                RuleId::EvidenceStale,
                Severity::Warning,
                doc,
                link.span,
                None,
                format!(
                    "the telemetry evidence {path} was recorded {} ago, over the \
                     {max_days} allowed by [monitoring] evidence_max_age; run readyroom \
                     verify --record again and link the new record",
                    crate::model::wording::days(age_days)
                ),
            ));
        }
    }
    out
}

/// A finding in a monitoring file (which has no parsed document).
fn on_monitoring_file(
    rule: RuleId,
    severity: Severity,
    file: &str,
    pos: Pos,
    message: &str,
) -> Finding {
    let mut f = Finding::on_file(rule, severity, file, pos.line, message);
    f.column = pos.column;
    f
}

/// The alert rows of the playbook.
pub fn alert_rows(ws: &Workspace) -> impl Iterator<Item = &Item> {
    let playbook = ws.role_path(Role::Playbook);
    ws.items_of(ItemKind::Alert)
        .filter(move |i| ws.docs[i.doc].path == playbook)
}

/// The alerting rule that implements a playbook alert row, and the field the match was
/// made on. Matched by a `Rule` column when there is one, else by the first backticked
/// name in the Alert or Threshold cell that names a rule, else by the alert's name.
pub fn rule_for<'m>(
    ws: &Workspace,
    m: &'m Monitoring,
    item: &Item,
) -> (Option<&'m PromRule>, Option<String>) {
    let doc = &ws.docs[item.doc];
    let find = |name: &str| {
        let key = name_key(name);
        m.rules
            .iter()
            .find(|r| r.alerting && !key.is_empty() && name_key(&r.name) == key)
    };
    if let Some(f) = rule_column(item).filter(|f| !crate::model::is_blank(&f.text)) {
        let name = f.text.trim().trim_matches('`').to_string();
        return (find(&name), Some(name));
    }
    for key in [FieldKey::Alert, FieldKey::Threshold] {
        if let Some(f) = item.field(&key) {
            for name in backticked(raw(doc, f)) {
                if let Some(rule) = find(name) {
                    return (Some(rule), Some(name.to_string()));
                }
            }
        }
    }
    let name = item.text(&FieldKey::Alert).trim().to_string();
    (find(&name), (!name.is_empty()).then_some(name))
}

/// The `Rule` / `Alert rule` column of an alert row.
fn rule_column(item: &Item) -> Option<&Field> {
    item.fields.iter().find(|f| {
        matches!(&f.key, FieldKey::Other(h)
            if matches!(name_key(h).as_str(), "rule" | "alertrule" | "rulename" | "prometheusrule"))
    })
}

/// A field's text exactly as in the source (markup kept).
fn raw<'d>(doc: &'d Document, f: &Field) -> &'d str {
    doc.source.get(f.span.start..f.span.end).unwrap_or_default()
}

/// The contents of the backticked spans of a text, in order.
fn backticked(text: &str) -> Vec<&str> {
    text.split('`')
        .enumerate()
        .filter(|(i, s)| i % 2 == 1 && !s.trim().is_empty())
        .map(|(_, s)| s.trim())
        .collect()
}

fn alerts(ws: &Workspace, m: &Monitoring, out: &mut Vec<Finding>) {
    let mut documented: HashSet<(&str, Pos)> = HashSet::new();
    let alerting = m.rules.iter().filter(|r| r.alerting).count();
    for item in alert_rows(ws) {
        let doc = &ws.docs[item.doc];
        let (rule, name) = rule_for(ws, m, item);
        let Some(rule) = rule else {
            let Some(name) = name else { continue };
            let field = rule_column(item)
                .filter(|f| !crate::model::is_blank(&f.text))
                .or_else(|| item.field(&FieldKey::Alert));
            let span = field.map_or(item.span, |f| f.span);
            out.push(Finding::at(
                RuleId::AlertRuleMissing,
                Severity::Error,
                doc,
                span,
                Some(&item.id),
                format!(
                    "alert `{name}` has no alerting rule in the {alerting} read from the \
                     monitoring files; add the rule, or name it in a `Rule` column"
                ),
            ));
            continue;
        };
        documented.insert((rule.file.as_str(), rule.pos));
        let row_runbook = item.field(&FieldKey::Runbook).and_then(|f| {
            f.links.iter().find_map(|l| {
                resolve_link(ws, doc, &doc.links[l])
                    .path()
                    .map(str::to_string)
            })
        });
        if let (Some(row), Some((url, pos))) = (row_runbook, &rule.runbook_url)
            && let Some(Ok(rule_doc)) = runbook_doc(ws, m, &rule.file, url)
            && rule_doc != row
        {
            out.push(on_monitoring_file(
                RuleId::RunbookMismatch,
                Severity::Warning,
                &rule.file,
                *pos,
                &format!(
                    "rule `{}` links the runbook {rule_doc} but playbook row {} links {row}; \
                     make them name the same document",
                    rule.name, item.id
                ),
            ));
        }
    }
    for rule in m.rules.iter().filter(|r| r.alerting) {
        if !documented.contains(&(rule.file.as_str(), rule.pos)) {
            out.push(on_monitoring_file(
                RuleId::AlertUndocumented,
                Severity::Warning,
                &rule.file,
                rule.pos,
                &format!(
                    "alerting rule `{}` has no row in the playbook's alert thresholds; \
                     document it (with its runbook) or delete the rule",
                    rule.name
                ),
            ));
        }
        match &rule.runbook_url {
            None => out.push(on_monitoring_file(
                RuleId::RuleNoRunbook,
                Severity::Warning,
                &rule.file,
                rule.pos,
                &format!(
                    "alerting rule `{}` has no `runbook_url` annotation; add one that links \
                     its runbook",
                    rule.name
                ),
            )),
            Some((url, pos)) => {
                if let Some(Err(why)) = runbook_doc(ws, m, &rule.file, url) {
                    out.push(on_monitoring_file(
                        RuleId::RunbookUrlUnresolved,
                        Severity::Error,
                        &rule.file,
                        *pos,
                        &format!(
                            "the runbook_url of rule `{}` does not resolve: {why}; fix the URL \
                             or write the runbook",
                            rule.name
                        ),
                    ));
                }
            }
        }
    }
}

/// The docs path a rule's `runbook_url` maps to: `None` when it is neither under
/// `runbook_base_url` nor relative (an external page, not checked), else the document
/// found or why none is. A URL under the base names a path from the project root, with
/// or without `.md`, or the end of one (`runbooks/high-error-rate` finds
/// `docs/operations/runbooks/high-error-rate.md`), compared without case; a relative
/// one is read from the rule file's folder.
fn runbook_doc(
    ws: &Workspace,
    m: &Monitoring,
    rule_file: &str,
    url: &str,
) -> Option<Result<String, String>> {
    let url = url.trim();
    let (rest, relative) = match m.runbook_base_url.as_deref() {
        Some(base) if url.starts_with(base) => (&url[base.len()..], false),
        _ if !url.is_empty() && !url.contains("://") && !url.starts_with(['/', '#']) => (url, true),
        _ => return None,
    };
    let (path, anchor) = rest
        .split_once('#')
        .map_or((rest, None), |(p, a)| (p, Some(a)));
    let path = path.split('?').next().unwrap_or_default().trim_matches('/');
    if path.is_empty() {
        return None;
    }
    let mut shown = path.to_string();
    let found = if relative {
        let dir = rule_file.rfind('/').map_or("", |i| &rule_file[..i]);
        let Some(joined) = join_relative(dir, path) else {
            return Some(Err(format!("`{path}` leads outside the project")));
        };
        shown.clone_from(&joined);
        [joined.clone(), format!("{joined}.md")]
            .into_iter()
            .find(|c| ws.has_file(c))
    } else {
        let lower = path.to_lowercase();
        [
            path.to_string(),
            format!("{path}.md"),
            format!("{path}/README.md"),
            format!("{path}/index.md"),
        ]
        .into_iter()
        .find(|c| ws.has_file(c))
        .or_else(|| {
            let ends = [format!("/{lower}"), format!("/{lower}.md")];
            ws.files
                .iter()
                .find(|f| {
                    let f = f.to_lowercase();
                    ends.iter().any(|e| f.ends_with(e.as_str()))
                })
                .cloned()
        })
    };
    let Some(found) = found else {
        return Some(Err(format!("no document `{shown}` in the tree")));
    };
    if let Some(anchor) = anchor.filter(|a| !a.is_empty()) {
        let target = LinkTarget::Anchor {
            anchor: anchor.to_string(),
        };
        if let LinkStatus::MissingAnchor { .. } = resolve(ws, &found, &target) {
            return Some(Err(format!(
                "{found} has no heading with the anchor `#{anchor}`"
            )));
        }
    }
    Some(Ok(found))
}

/// Every metric name the rules and dashboards use: selected series, recorded series,
/// and for a histogram's `_bucket`/`_sum`/`_count` series the histogram's own name.
pub fn known_metrics(m: &Monitoring) -> HashSet<String> {
    let mut names: HashSet<String> = m
        .rules
        .iter()
        .flat_map(|r| {
            let recorded = (!r.alerting).then(|| r.name.clone());
            r.metrics.iter().cloned().chain(recorded)
        })
        .chain(m.dashboards.iter().flat_map(|d| d.metrics.iter().cloned()))
        .collect();
    let bases: Vec<String> = names
        .iter()
        .filter_map(|n| {
            ["_bucket", "_sum", "_count"]
                .iter()
                .find_map(|s| n.strip_suffix(s).map(str::to_string))
        })
        .collect();
    names.extend(bases);
    names
}

/// The metric names a telemetry row names: backticked metric names in its Signal cell
/// (the whole cell when the column is headed `Metric`), and the series a Query /
/// PromQL column selects. Each with the field it is in.
pub fn row_metrics<'i>(doc: &Document, item: &'i Item) -> Vec<(String, &'i Field)> {
    let mut out = Vec::new();
    for f in &item.fields {
        match &f.key {
            FieldKey::Signal => {
                let text = raw(doc, f);
                let whole = text.trim().trim_matches('`');
                if name_key(&f.header) == "metric" && crate::monitoring::is_metric_name(whole) {
                    out.push((whole.to_string(), f));
                    continue;
                }
                for name in backticked(text) {
                    if crate::monitoring::is_metric_name(name) {
                        out.push((name.to_string(), f));
                    }
                }
            }
            FieldKey::Other(h)
                if matches!(
                    name_key(h).as_str(),
                    "query" | "promql" | "expr" | "expression"
                ) =>
            {
                let text = raw(doc, f).trim().trim_matches('`');
                for name in promql::dashboard_metrics(text) {
                    out.push((name, f));
                }
            }
            _ => {}
        }
    }
    out
}

/// Which monitoring code backs the metrics telemetry rows name: the series rule
/// expressions (and recording rules) use, and those dashboards query.
#[derive(Debug, Default)]
pub struct Backing {
    rules: HashSet<String>,
    dashboards: HashSet<String>,
}

impl Backing {
    /// The series of `m`'s rules and dashboards, histograms counted through their
    /// `_bucket`/`_sum`/`_count` series.
    pub fn new(m: &Monitoring) -> Backing {
        let rules_only = Monitoring {
            dashboards: Vec::new(),
            ..m.clone()
        };
        let rules = known_metrics(&rules_only);
        let dashboards = known_metrics(m);
        Backing { rules, dashboards }
    }

    /// `rule` when every metric the row names is in a rule expression, `dash` when each
    /// is at least on a dashboard, `✗` when one is in neither; `None` for a row that
    /// names no metric.
    pub fn of(&self, doc: &Document, item: &Item) -> Option<&'static str> {
        let metrics = row_metrics(doc, item);
        if metrics.is_empty() {
            return None;
        }
        Some(if metrics.iter().all(|(n, _)| self.rules.contains(n)) {
            "rule"
        } else if metrics.iter().all(|(n, _)| self.dashboards.contains(n)) {
            "dash"
        } else {
            "✗"
        })
    }
}

/// The rules whose expressions and the dashboards whose queries use a metric (or, for
/// a histogram, its `_bucket`/`_sum`/`_count` series).
pub fn users_of<'m>(m: &'m Monitoring, metric: &str) -> (Vec<&'m PromRule>, Vec<&'m Dashboard>) {
    let uses = |names: &[String]| {
        names.iter().any(|n| {
            n == metric
                || ["_bucket", "_sum", "_count"]
                    .iter()
                    .any(|s| n.strip_suffix(s) == Some(metric))
        })
    };
    (
        m.rules.iter().filter(|r| uses(&r.metrics)).collect(),
        m.dashboards.iter().filter(|d| uses(&d.metrics)).collect(),
    )
}

/// The dashboards that plot what an alert row watches: those whose queries use a metric
/// of the alerting rule that implements the row, in the monitoring's order.
pub fn alert_dashboards<'m>(ws: &Workspace, m: &'m Monitoring, item: &Item) -> Vec<&'m Dashboard> {
    let Some(rule) = rule_for(ws, m, item).0 else {
        return Vec::new();
    };
    let mut out: Vec<&Dashboard> = Vec::new();
    for metric in &rule.metrics {
        for d in users_of(m, metric).1 {
            if !out.iter().any(|o| std::ptr::eq(*o, d)) {
                out.push(d);
            }
        }
    }
    out
}

/// The covered telemetry rows of the observability report.
pub fn covered_rows(ws: &Workspace) -> impl Iterator<Item = &Item> {
    let report = ws.role_path(Role::Observability);
    ws.items_of(ItemKind::Telemetry).filter(move |i| {
        ws.docs[i.doc].path == report && coverage(i.text(&FieldKey::Status)) == Coverage::Covered
    })
}

fn signals(ws: &Workspace, m: &Monitoring, out: &mut Vec<Finding>) {
    let known = known_metrics(m);
    for item in covered_rows(ws) {
        let doc = &ws.docs[item.doc];
        for (name, field) in row_metrics(doc, item) {
            if !known.contains(&name) {
                out.push(Finding::at(
                    RuleId::SignalUnverified,
                    Severity::Error,
                    doc,
                    field.span,
                    Some(&item.id),
                    format!(
                        "metric `{name}` is marked covered but no rule expression and no \
                         dashboard query uses it; add the query, or correct the status"
                    ),
                ));
            }
        }
    }
}

/// The dashboard uid a URL names (`…/d/<uid>/…`).
pub fn dashboard_uid(url: &str) -> Option<&str> {
    let (_, after) = url.split_once("/d/")?;
    let uid = after.split(['/', '?', '#']).next()?;
    (!uid.is_empty()).then_some(uid)
}

fn dashboards(ws: &Workspace, m: &Monitoring, out: &mut Vec<Finding>) {
    let Some(doc) = ws.role_doc(Role::Observability) else {
        return;
    };
    for link in &doc.links {
        let Some(uid) = dashboard_uid(&link.destination) else {
            continue;
        };
        if !m.dashboards.iter().any(|d| d.uid == uid) {
            out.push(Finding::at(
                RuleId::DashboardMissing,
                Severity::Error,
                doc,
                link.span,
                None,
                format!(
                    "the dashboard link names uid `{uid}`, which no dashboard JSON read has; \
                     commit the dashboard or fix the link"
                ),
            ));
        }
    }
    for item in ws.items.iter().filter(|i| ws.docs[i.doc].path == doc.path) {
        let Some(f) = item.field(&FieldKey::Dashboard) else {
            continue;
        };
        if !f.links.is_empty() || crate::model::is_blank(&f.text) {
            continue;
        }
        let key = name_key(&f.text);
        if !m
            .dashboards
            .iter()
            .any(|d| name_key(&d.title) == key || d.uid == f.text.trim())
        {
            out.push(Finding::at(
                RuleId::DashboardMissing,
                Severity::Error,
                doc,
                f.span,
                Some(&item.id),
                format!(
                    "dashboard `{}` matches no dashboard JSON by title or uid; commit the \
                     dashboard or fix the name",
                    f.text.trim()
                ),
            ));
        }
    }
}

/// The pipeline type a telemetry row's signal needs: traces or logs, by its words.
pub fn needed_pipeline(signal: &str) -> Option<PipelineKind> {
    let lower = signal.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    if words
        .iter()
        .any(|w| matches!(*w, "trace" | "traces" | "tracing" | "span" | "spans"))
    {
        Some(PipelineKind::Traces)
    } else if words
        .iter()
        .any(|w| matches!(*w, "log" | "logs" | "logging"))
    {
        Some(PipelineKind::Logs)
    } else {
        None
    }
}

fn otel(ws: &Workspace, m: &Monitoring, out: &mut Vec<Finding>) {
    let have: HashSet<PipelineKind> = m.otel.iter().flat_map(|o| o.pipelines.clone()).collect();
    let files: Vec<&str> = m.otel.iter().map(|o| o.file.as_str()).collect();
    for item in covered_rows(ws) {
        let doc = &ws.docs[item.doc];
        let Some(field) = item.field(&FieldKey::Signal) else {
            continue;
        };
        if let Some(kind) = needed_pipeline(&field.text)
            && !have.contains(&kind)
        {
            out.push(Finding::at(
                RuleId::OtelPipelineMissing,
                Severity::Error,
                doc,
                field.span,
                Some(&item.id),
                format!(
                    "{} are marked covered but no collector config read ({}) has a `{}` \
                     pipeline; add one under service.pipelines",
                    kind.as_str(),
                    files.join(", "),
                    kind.as_str()
                ),
            ));
        }
    }
    for o in &m.otel {
        for (section, name, pos) in &o.unused {
            out.push(on_monitoring_file(
                RuleId::OtelPipelineMissing,
                Severity::Warning,
                &o.file,
                *pos,
                &format!(
                    "`{name}` under {section} is defined but used by no pipeline; add it to \
                     one under service or remove it"
                ),
            ));
        }
    }
}
