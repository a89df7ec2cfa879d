//! The telemetry rules over fixture trees: rule files (plain and `PrometheusRule`
//! manifests, CRLF), classic and v2 dashboards, a collector config, discovery with and
//! without `[monitoring]`, rule levels, and the sample project's one deliberate mismatch.

mod common;

use std::path::Path;
use std::process::Command;

use readyroom::rules::{Context, Finding, rule_ids, run};
use readyroom::store::load_project;

/// The rule ids this feature adds.
const MONITORING_RULES: [&str; 9] = [
    "alert-rule-missing",
    "alert-undocumented",
    "rule-no-runbook",
    "runbook-url-unresolved",
    "runbook-mismatch",
    "signal-unverified",
    "dashboard-missing",
    "rule-invalid",
    "otel-pipeline-missing",
];

const PLAYBOOK: &str = "\
# Incident response

## Alert thresholds

| ID | Alert | Threshold | Severity | Runbook |
|---|---|---|---|---|
| ALR-1 | High error rate | 5xx over 2% | SEV1 | [errors](runbooks/errors.md) |
| ALR-2 | Latency | `SlowRequests` above 1 s | SEV2 | [latency](runbooks/latency.md) |
| ALR-3 | Disk full | disk over 90% | SEV2 | [disk](runbooks/disk.md) |
| ALR-4 | Certificate expiry | within 14 days | SEV3 | [certs](runbooks/disk.md) |
";

const REPORT: &str = "\
# Observability status

| ID | Signal | Status | Owner | Due |
|---|---|---|---|---|
| TEL-1 | Request latency `http_request_duration_seconds` | configured | Ann | |
| TEL-2 | Errors `http_errors_total` | configured | Ann | |
| TEL-3 | Queue depth `queue_depth` | configured | Ann | |
| TEL-4 | Distributed traces | configured | Ann | |
| TEL-5 | Application logs | configured | Ann | |
| TEL-6 | Planned `planned_metric` | planned | Ann | 2027-01-01 |
| TEL-7 | Probe success | configured | Ann | |

## Dashboards

- [Overview](https://grafana.example.com/d/ov/overview)
- [Gone](https://grafana.example.com/d/gone)
";

const CONFIG: &str = "\
[paths]
playbook = \"playbook.md\"
observability = \"report.md\"

[monitoring]
rules = [\"deploy/rules/**/*.y*ml\"]
dashboards = [\"deploy/dash/*.json\"]
otel = [\"deploy/otel.yaml\"]
runbook_base_url = \"https://rb.example.com/\"
";

const PLAIN_RULES: &str = "\
groups:
  - name: api
    rules:
      - alert: HighErrorRate
        expr: rate(http_errors_total[5m]) > 0.02
        annotations:
          runbook_url: https://rb.example.com/runbooks/errors
      - alert: SlowRequests
        expr: histogram_quantile(0.95, rate(http_request_duration_seconds_bucket[5m])) > 1
        annotations:
          runbook_url: https://rb.example.com/runbooks/other
      - alert: ExtraAlert
        expr: up == 0
";

const MANIFEST: &str = "\
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: disk
spec:
  groups:
    - name: disk
      rules:
        - alert: DiskFull
          expr: node_filesystem_avail_bytes / node_filesystem_size_bytes < 0.1
          annotations:
            runbook_url: ../../../runbooks/disk.md#no-such-heading
        - alert: Gone
          expr: vector(1)
          annotations:
            runbook_url: https://rb.example.com/runbooks/nothere
";

const BROKEN: &str = "groups:\r\n  - name: b\r\n    rules:\r\n      - record: x\r\n        expr: sum(rate(y[5m])\r\n";

const CLASSIC: &str = r#"{"uid": "ov", "title": "Overview", "panels": [
  {"targets": [{"expr": "histogram_quantile(0.9, rate(http_request_duration_seconds_bucket[$__rate_interval]))"}]}]}"#;

const V2: &str = r#"{"apiVersion": "dashboard.grafana.app/v2beta1", "kind": "Dashboard",
  "metadata": {"name": "v2"}, "spec": {"title": "Two", "elements": {"p": {"kind": "Panel", "spec": {"data":
  {"spec": {"queries": [{"spec": {"query": {"spec": {"expr": "probe_success"}}}}]}}}}}}}"#;

const OTEL: &str = "\
receivers:
  otlp: {}
exporters:
  debug: {}
  unused: {}
service:
  pipelines:
    traces:
      receivers: [otlp]
      exporters: [debug]
";

/// The fixture tree: every rule fires once (or as listed in the test).
fn fixture() -> tempfile::TempDir {
    tree(&[
        ("readyroom.toml", CONFIG),
        ("playbook.md", PLAYBOOK),
        ("report.md", REPORT),
        ("runbooks/errors.md", "# Errors\n"),
        ("runbooks/latency.md", "# Latency\n"),
        ("runbooks/other.md", "# Other\n"),
        ("runbooks/disk.md", "# Disk\n"),
        ("deploy/rules/api.yml", PLAIN_RULES),
        ("deploy/rules/k8s/disk.yaml", MANIFEST),
        ("deploy/rules/broken.yml", BROKEN),
        ("deploy/dash/overview.json", CLASSIC),
        ("deploy/dash/two.json", V2),
        ("deploy/otel.yaml", OTEL),
    ])
}

fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for (rel, text) in files {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
    dir
}

fn check(root: &Path) -> Vec<Finding> {
    let project = load_project(root, &rule_ids()).expect("load");
    let ctx = Context::new(
        &project.workspace,
        jiff::civil::date(2026, 12, 1),
        common::NOW.parse().expect("instant"),
    );
    run(&ctx, &project.config)
}

/// `(rule, severity, file, line, column, item)` of a finding.
type Row = (String, &'static str, String, usize, usize, Option<String>);

/// The monitoring findings as [`Row`]s.
fn monitoring(fs: &[Finding]) -> Vec<Row> {
    fs.iter()
        .filter(|f| MONITORING_RULES.contains(&f.rule.as_str()))
        .map(|f| {
            (
                f.rule.to_string(),
                f.severity.as_str(),
                f.file.clone(),
                f.line,
                f.column,
                f.item.clone(),
            )
        })
        .collect()
}

fn row(
    rule: &str,
    severity: &'static str,
    file: &str,
    line: usize,
    column: usize,
    item: Option<&str>,
) -> Row {
    (
        rule.to_string(),
        severity,
        file.to_string(),
        line,
        column,
        item.map(str::to_string),
    )
}

#[test]
fn each_rule_fires_at_its_place() {
    let dir = fixture();
    let fs = check(dir.path());
    let mut got = monitoring(&fs);
    got.sort();
    let mut want = vec![
        row(
            "rule-invalid",
            "error",
            "deploy/rules/broken.yml",
            5,
            18,
            None,
        ),
        row(
            "alert-rule-missing",
            "error",
            "playbook.md",
            10,
            11,
            Some("ALR-4"),
        ),
        row(
            "runbook-mismatch",
            "warning",
            "deploy/rules/api.yml",
            11,
            24,
            None,
        ),
        row(
            "alert-undocumented",
            "warning",
            "deploy/rules/api.yml",
            12,
            16,
            None,
        ),
        row(
            "rule-no-runbook",
            "warning",
            "deploy/rules/api.yml",
            12,
            16,
            None,
        ),
        row(
            "runbook-url-unresolved",
            "error",
            "deploy/rules/k8s/disk.yaml",
            12,
            26,
            None,
        ),
        row(
            "alert-undocumented",
            "warning",
            "deploy/rules/k8s/disk.yaml",
            13,
            18,
            None,
        ),
        row(
            "runbook-url-unresolved",
            "error",
            "deploy/rules/k8s/disk.yaml",
            16,
            26,
            None,
        ),
        row(
            "signal-unverified",
            "error",
            "report.md",
            7,
            11,
            Some("TEL-3"),
        ),
        row(
            "otel-pipeline-missing",
            "error",
            "report.md",
            9,
            11,
            Some("TEL-5"),
        ),
        row("dashboard-missing", "error", "report.md", 16, 3, None),
        row(
            "otel-pipeline-missing",
            "warning",
            "deploy/otel.yaml",
            5,
            3,
            None,
        ),
    ];
    want.sort();
    assert_eq!(got, want);
    let message = |rule: &str| {
        fs.iter()
            .filter(|f| f.rule == rule)
            .map(|f| f.message.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert!(message("rule-invalid").contains("unclosed left parenthesis"));
    assert!(
        message("runbook-url-unresolved").contains("no heading with the anchor `#no-such-heading`")
    );
    assert!(message("runbook-url-unresolved").contains("no document `runbooks/nothere`"));
    // A relative runbook_url is read from the rule file's folder.
    let moved = MANIFEST.replace("../../../runbooks/disk.md", "../../runbooks/disk.md");
    std::fs::write(dir.path().join("deploy/rules/k8s/disk.yaml"), moved).expect("write");
    let fs = check(dir.path());
    assert!(fs.iter().any(|f| f.rule == "runbook-url-unresolved"
        && f.message.contains("no document `deploy/runbooks/disk.md`")));
    assert!(message("runbook-mismatch").contains("runbooks/other.md"));
    assert!(message("dashboard-missing").contains("`gone`"));
    assert!(message("otel-pipeline-missing").contains("`unused` under exporters"));
}

#[test]
fn rule_levels_are_set_in_the_rules_section() {
    let dir = fixture();
    let config = format!(
        "{CONFIG}\n[rules]\nsignal-unverified = \"warning\"\nalert-undocumented = \"off\"\n"
    );
    std::fs::write(dir.path().join("readyroom.toml"), config).expect("write");
    let fs = check(dir.path());
    assert!(fs.iter().all(|f| f.rule != "alert-undocumented"));
    let signal: Vec<_> = fs
        .iter()
        .filter(|f| f.rule == "signal-unverified")
        .collect();
    assert_eq!(signal.len(), 1);
    assert_eq!(signal[0].severity.as_str(), "warning");
}

#[test]
fn without_the_section_files_are_found_by_content_and_gitignore_holds() {
    let dir = tree(&[
        ("docs/operations/incident-response.md", PLAYBOOK),
        ("docs/operations/runbooks/errors.md", "# Errors\n"),
        ("ops/alerts.yml", PLAIN_RULES),
        ("ops/ignored/other.yaml", MANIFEST),
        (".gitignore", "ops/ignored/\n"),
        ("ops/package.json", r#"{"name": "not a dashboard"}"#),
        ("ops/values.yaml", "replicas: 2\n"),
    ]);
    let project = load_project(dir.path(), &rule_ids()).expect("load");
    let files: Vec<(&str, &str)> = project
        .workspace
        .monitoring
        .files
        .iter()
        .map(|(p, k)| (p.as_str(), k.as_str()))
        .collect();
    assert_eq!(files, [("ops/alerts.yml", "rules")]);
    let fs = check(dir.path());
    let missing: Vec<_> = fs
        .iter()
        .filter(|f| f.rule == "alert-rule-missing")
        .filter_map(|f| f.item.as_deref())
        .collect();
    // DiskFull is only in the ignored manifest.
    assert_eq!(missing, ["ALR-3", "ALR-4"]);
    let out = Command::new(env!("CARGO_BIN_EXE_readyroom"))
        .args(["check", "--today", "2026-12-01"])
        .arg(dir.path())
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("monitoring files read: 1 — ops/alerts.yml (rules)"),
        "{text}"
    );
}

#[test]
fn a_tree_without_monitoring_files_gets_no_new_finding_and_no_header_line() {
    let dir = tree(&[
        ("docs/operations/incident-response.md", PLAYBOOK),
        ("config/values.yaml", "groups_of_people: 2\n"),
        ("web/package.json", r#"{"panels_enabled": true}"#),
    ]);
    let fs = check(dir.path());
    assert!(monitoring(&fs).is_empty(), "{fs:?}");
    let out = Command::new(env!("CARGO_BIN_EXE_readyroom"))
        .args(["check", "--today", "2026-12-01"])
        .arg(dir.path())
        .output()
        .expect("run");
    assert!(!String::from_utf8_lossy(&out.stdout).contains("monitoring"));
}

#[test]
fn the_sample_project_reports_exactly_its_deliberate_mismatch() {
    let fs = check(&common::sample_dir());
    assert_eq!(
        monitoring(&fs),
        [row(
            "alert-rule-missing",
            "error",
            "docs/operations/incident-response.md",
            44,
            13,
            Some("ALR-004")
        )]
    );
}

#[test]
fn metric_and_query_columns_recorded_series_and_dashboard_names_are_matched() {
    let report = "\
# Observability status

| ID | Metric | Query | Status | Dashboard | Owner | Due |
|---|---|---|---|---|---|---|
| TEL-1 | job:requests:rate5m | | configured | Overview | Ann | |
| TEL-2 | | `sum(rate(orders_total[5m]))` | configured | Nowhere | Ann | |
| TEL-3 | lost_metric | | configured | | Ann | |
";
    let rules = "\
groups:
  - name: r
    rules:
      - record: job:requests:rate5m
        expr: sum(rate(requests_total[5m]))
";
    let dir = tree(&[
        ("readyroom.toml", CONFIG),
        ("report.md", report),
        ("deploy/rules/r.yml", rules),
        ("deploy/dash/overview.json", CLASSIC),
    ]);
    let fs = check(dir.path());
    let got: Vec<(String, Option<String>)> = fs
        .iter()
        .filter(|f| matches!(f.rule.as_str(), "signal-unverified" | "dashboard-missing"))
        .map(|f| (f.rule.to_string(), f.item.clone()))
        .collect();
    assert_eq!(
        got,
        [
            ("signal-unverified".to_string(), Some("TEL-2".to_string())),
            ("dashboard-missing".to_string(), Some("TEL-2".to_string())),
            ("signal-unverified".to_string(), Some("TEL-3".to_string())),
        ]
    );
}

#[test]
fn evidence_linked_from_the_report_goes_stale_after_its_age() {
    let report = "\
# Observability status

| ID | Signal | Status | Owner | Due |
|---|---|---|---|---|
| TEL-1 | Probe | configured | Ann | |

Evidence: [fresh](evidence/fresh.md), [old](evidence/old.md), [gone](evidence/gone.md).
";
    let record = |when: &str| format!("# Telemetry evidence\n\n- When: {when}\n- Prometheus: x\n");
    let fresh = record("2026-11-20T10:00:00Z");
    let old = record("2026-10-01T10:00:00Z");
    let dir = tree(&[
        ("docs/operations/observability-status.md", report),
        ("docs/operations/evidence/fresh.md", &fresh),
        ("docs/operations/evidence/old.md", &old),
    ]);
    let fs = check(dir.path());
    let got: Vec<(&str, &str)> = fs
        .iter()
        .filter(|f| matches!(f.rule.as_str(), "evidence-stale" | "broken-link"))
        .map(|f| (f.rule.as_str(), f.message.as_str()))
        .collect();
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(got[0].0, "evidence-stale");
    assert!(
        got[0]
            .1
            .contains("evidence/old.md was recorded 60 days ago, over the 30")
    );
    assert_eq!(got[1].0, "broken-link");
    assert!(got[1].1.contains("gone.md"));
    std::fs::write(
        dir.path().join("readyroom.toml"),
        "[monitoring]\nevidence_max_age = \"90d\"\n",
    )
    .expect("write");
    assert!(check(dir.path()).iter().all(|f| f.rule != "evidence-stale"));
}

#[test]
fn a_rule_column_names_the_rule_and_a_blank_one_falls_back_to_the_alert_name() {
    let playbook = "\
# Incident response

## Alert thresholds

| ID | Alert | Threshold | Rule | Runbook |
|---|---|---|---|---|
| ALR-1 | Errors | 5xx over 2% | `HighErrorRate` | [errors](runbooks/errors.md) |
| ALR-2 | Slow requests | p95 over 1 s | | [latency](runbooks/other.md) |
| ALR-3 | Extra | up is 0 | `NoSuchRule` | [errors](runbooks/errors.md) |
";
    let dir = tree(&[
        ("readyroom.toml", CONFIG),
        ("playbook.md", playbook),
        ("runbooks/errors.md", "# Errors\n"),
        ("runbooks/other.md", "# Other\n"),
        ("deploy/rules/api.yml", PLAIN_RULES),
    ]);
    let fs = check(dir.path());
    let of = |rule: &str| -> Vec<String> {
        fs.iter()
            .filter(|f| f.rule == rule)
            .map(|f| format!("{}:{}", f.line, f.message))
            .collect()
    };
    let missing = of("alert-rule-missing");
    assert_eq!(missing.len(), 1, "{missing:?}");
    assert!(
        missing[0].starts_with("9:alert `NoSuchRule`"),
        "{missing:?}"
    );
    // ALR-1 and ALR-2 are matched: only ExtraAlert is undocumented.
    let undocumented = of("alert-undocumented");
    assert_eq!(undocumented.len(), 1, "{undocumented:?}");
    assert!(undocumented[0].contains("ExtraAlert"));
}
