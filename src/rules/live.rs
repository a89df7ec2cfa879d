//! What a live Prometheus says about the documented alerts and the covered metric
//! signals: `alert-rule-not-loaded`, `alert-rule-unhealthy`, `signal-no-data`, and
//! `alert-firing` (information). Pure: the answers of the API come in, findings go out;
//! asking is the store's job.

use serde::Serialize;
use serde_json::Value;

use super::monitoring::{alert_rows, covered_rows, row_metrics, rule_for};
use crate::model::{FieldKey, Workspace};
use crate::monitoring::name_key;

/// One alerting rule as `/api/v1/rules` lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveRule {
    /// The alert name.
    pub name: String,
    /// `ok`, `err` or `unknown`.
    pub health: String,
    /// The last evaluation error, when there is one.
    pub last_error: String,
    /// `inactive`, `pending` or `firing`.
    pub state: String,
}

/// The alerting rules of a `/api/v1/rules` answer's `data`.
pub fn live_rules(data: &Value) -> Vec<LiveRule> {
    let text = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    data.get("groups")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .flat_map(|g| {
            g.get("rules")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
        })
        .filter(|r| r.get("type").and_then(Value::as_str) == Some("alerting"))
        .map(|r| LiveRule {
            name: text(r, "name"),
            health: text(r, "health"),
            last_error: text(r, "lastError"),
            state: text(r, "state"),
        })
        .collect()
}

/// One thing to ask about: a documented alert or a covered metric.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject {
    /// The docs file of the row.
    pub file: String,
    /// 1-based line of the cell.
    pub line: usize,
    /// 1-based column of the cell.
    pub column: usize,
    /// The row's ID.
    pub item: String,
    /// The alert's rule name, or the metric name.
    pub name: String,
}

/// The documented alerts (with the rule name each is matched by) and the metrics the
/// covered telemetry rows name.
pub fn subjects(ws: &Workspace) -> (Vec<Subject>, Vec<Subject>) {
    let m = &ws.monitoring;
    let alerts = alert_rows(ws)
        .filter_map(|item| {
            let doc = &ws.docs[item.doc];
            let (rule, name) = rule_for(ws, m, item);
            let name = rule.map(|r| r.name.clone()).or(name)?;
            let f = item.field(&FieldKey::Alert);
            let (line, column) = f.map_or((item.line, 1), |f| (f.line, f.column));
            Some(Subject {
                file: doc.path.clone(),
                line,
                column,
                item: item.id.clone(),
                name,
            })
        })
        .collect();
    let signals = covered_rows(ws)
        .flat_map(|item| {
            let doc = &ws.docs[item.doc];
            row_metrics(doc, item)
                .into_iter()
                .map(move |(name, f)| Subject {
                    file: doc.path.clone(),
                    line: f.line,
                    column: f.column,
                    item: item.id.clone(),
                    name,
                })
        })
        .collect();
    (alerts, signals)
}

/// The PromQL that counts a metric's samples in the window: its own series and, for a
/// histogram, its `_bucket`/`_sum`/`_count` series. Each name is counted on its own
/// (`count_over_time` drops the name, so one selector over several names would give
/// series with the same labels) and the counts are added, each 0 when absent.
pub fn sample_query(metric: &str, window: &str) -> String {
    ["", "_bucket", "_sum", "_count"]
        .iter()
        .map(|suffix| {
            format!(
                "(sum(count_over_time({{__name__=\"{metric}{suffix}\"}}[{window}])) or vector(0))"
            )
        })
        .collect::<Vec<_>>()
        .join(" + ")
}

/// The number in a `/api/v1/query` answer's `data` (0 for an empty vector).
pub fn sample_count(data: &Value) -> u64 {
    data.get("result")
        .and_then(Value::as_array)
        .and_then(|r| r.first())
        .and_then(|s| s.get("value"))
        .and_then(|v| v.get(1))
        .and_then(Value::as_str)
        .and_then(|s| s.parse::<f64>().ok())
        .map_or(0, |f| {
            if f.is_finite() && f > 0.0 {
                // Sample counts are whole numbers far below 2^53.
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                let n = f.round() as u64;
                n
            } else {
                0
            }
        })
}

/// A finding of `verify`: the same fields as `check`'s, with `info` as a severity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LiveFinding {
    /// `alert-rule-not-loaded`, `alert-rule-unhealthy`, `signal-no-data` or
    /// `alert-firing`.
    pub rule: &'static str,
    /// `error` or `info`.
    pub severity: &'static str,
    /// The docs file of the row.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// The row's ID.
    pub item: Option<String>,
    /// What is wrong and what to do.
    pub message: String,
}

/// One result of the live check, for the evidence record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LiveResult {
    /// `alert` or `signal`.
    pub kind: &'static str,
    /// The row's ID.
    pub item: String,
    /// The rule or metric name.
    pub name: String,
    /// `ok`, `not-loaded`, `unhealthy`, `firing` or `no-data`.
    pub result: &'static str,
    /// Samples in the window (signals).
    pub samples: Option<u64>,
    /// The rule's health and state, or nothing.
    pub detail: String,
}

/// Judge the alerts against the live rules and the signals against their sample
/// counts (`counts[i]` for `signals[i]`).
pub fn judge(
    alerts: &[Subject],
    live: &[LiveRule],
    signals: &[Subject],
    counts: &[u64],
    window: &str,
) -> (Vec<LiveFinding>, Vec<LiveResult>) {
    let mut findings = Vec::new();
    let mut results = Vec::new();
    let finding = |s: &Subject, rule, severity, message: String| LiveFinding {
        rule,
        severity,
        file: s.file.clone(),
        line: s.line,
        column: s.column,
        item: Some(s.item.clone()),
        message: crate::model::inert_owned(message),
    };
    for a in alerts {
        let key = name_key(&a.name);
        let loaded = live.iter().find(|r| name_key(&r.name) == key);
        let (result, detail) = match loaded {
            None => {
                findings.push(finding(
                    a,
                    "alert-rule-not-loaded",
                    "error",
                    format!(
                        "alert rule `{}` is not loaded in Prometheus (not in /api/v1/rules); \
                         deploy the rule file or fix the name",
                        a.name
                    ),
                ));
                ("not-loaded", String::new())
            }
            Some(r) if r.health != "ok" => {
                let why = if r.last_error.is_empty() {
                    "no error given".to_string()
                } else {
                    r.last_error.clone()
                };
                findings.push(finding(
                    a,
                    "alert-rule-unhealthy",
                    "error",
                    format!(
                        "alert rule `{}` is loaded but its health is `{}`: {why}; fix the \
                         expression",
                        r.name, r.health
                    ),
                ));
                ("unhealthy", format!("health {}: {why}", r.health))
            }
            Some(r) if r.state == "firing" => {
                findings.push(finding(
                    a,
                    "alert-firing",
                    "info",
                    format!("alert `{}` is firing now", r.name),
                ));
                ("firing", format!("health {}, state {}", r.health, r.state))
            }
            Some(r) => ("ok", format!("health {}, state {}", r.health, r.state)),
        };
        results.push(LiveResult {
            kind: "alert",
            item: a.item.clone(),
            name: a.name.clone(),
            result,
            samples: None,
            detail,
        });
    }
    for (s, &n) in signals.iter().zip(counts) {
        if n == 0 {
            findings.push(finding(
                s,
                "signal-no-data",
                "error",
                format!(
                    "metric `{}` has no samples in the last {window}; check that it is \
                     scraped, or correct the status",
                    s.name
                ),
            ));
        }
        results.push(LiveResult {
            kind: "signal",
            item: s.item.clone(),
            name: s.name.clone(),
            result: if n == 0 { "no-data" } else { "ok" },
            samples: Some(n),
            detail: String::new(),
        });
    }
    (findings, results)
}
