use super::*;

const PLAIN: &str = "\
groups:
  - name: api
    rules:
      - record: job:http_requests:rate5m
        expr: sum by (job) (rate(http_requests_total[5m]))
      - alert: HighErrorRate
        expr: rate(http_errors_total[5m]) > 0.02
        annotations:
          runbook_url: https://rb.example.com/high-error-rate
      - alert: SlowRequests
        expr: histogram_quantile(0.95, rate(http_request_duration_seconds_bucket[5m])) > 1
";

#[test]
fn a_plain_rule_file_gives_each_rule_with_its_position() {
    let (rules, problems) = parse_rules("r.yml", PLAIN);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(rules.len(), 3);
    assert!(!rules[0].alerting);
    assert_eq!(rules[0].metrics, ["http_requests_total"]);
    let high = &rules[1];
    assert_eq!(
        (high.name.as_str(), high.group.as_str()),
        ("HighErrorRate", "api")
    );
    assert_eq!(
        high.pos,
        Pos {
            line: 6,
            column: 16
        }
    );
    assert_eq!(high.metrics, ["http_errors_total"]);
    let (url, pos) = high.runbook_url.clone().unwrap();
    assert_eq!(url, "https://rb.example.com/high-error-rate");
    assert_eq!(
        pos,
        Pos {
            line: 9,
            column: 24
        }
    );
    assert_eq!(rules[2].runbook_url, None);
    assert_eq!(rules[2].metrics, ["http_request_duration_seconds_bucket"]);
}

#[test]
fn a_prometheus_rule_manifest_keeps_its_groups_under_spec() {
    let manifest = "\
apiVersion: v1
kind: ConfigMap
metadata:
  name: unrelated
---
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: api
spec:
  groups:
    - name: api
      rules:
        - alert: ApiDown
          expr: up{job=\"api\"} == 0
";
    let (rules, problems) = parse_rules("m.yaml", manifest);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(rules.len(), 1);
    assert_eq!(rules[0].name, "ApiDown");
    assert_eq!(
        rules[0].pos,
        Pos {
            line: 14,
            column: 18
        }
    );
    assert_eq!(rules[0].metrics, ["up"]);
    assert_eq!(classify("m.yaml", manifest), Some(FileKind::Rules));
}

#[test]
fn crlf_rule_files_read_like_lf_ones() {
    let crlf = PLAIN.replace('\n', "\r\n");
    let (rules, problems) = parse_rules("r.yml", &crlf);
    assert!(problems.is_empty(), "{problems:?}");
    let (lf, _) = parse_rules("r.yml", PLAIN);
    assert_eq!(rules, lf);
    assert_eq!(classify("r.yml", &crlf), Some(FileKind::Rules));
}

#[test]
fn a_promql_syntax_error_names_the_rule_line_and_column() {
    let text = "groups:\n  - name: g\n    rules:\n      - alert: Broken\n        expr: sum(rate(x_total[5m])\n";
    let (rules, problems) = parse_rules("r.yml", text);
    assert_eq!(problems.len(), 1, "{problems:?}");
    let p = &problems[0];
    // The `(` of `sum(` is left open: line 5, column 18.
    assert_eq!(
        p.pos,
        Pos {
            line: 5,
            column: 18
        }
    );
    assert!(
        p.message.contains("rule `Broken` does not parse"),
        "{}",
        p.message
    );
    assert!(
        p.message.contains("unclosed left parenthesis"),
        "{}",
        p.message
    );
    // The rule is still known, so the playbook row is not reported missing too.
    assert_eq!(rules.len(), 1);
    let quoted = "groups:\n- name: g\n  rules:\n  - alert: B\n    expr: \"up)\"\n";
    let (_, problems) = parse_rules("r.yml", quoted);
    assert_eq!(
        problems[0].pos,
        Pos {
            line: 5,
            column: 14
        }
    );
}

#[test]
fn yaml_that_does_not_parse_is_one_problem_at_its_position() {
    let (rules, problems) = parse_rules("r.yml", "groups:\n  - name: [unclosed\n");
    assert!(rules.is_empty());
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].file, "r.yml");
    assert!(problems[0].pos.line >= 2, "{:?}", problems[0]);
    assert!(problems[0].message.contains("YAML does not parse"));
}

#[test]
fn classic_and_v2_dashboards_give_uid_title_and_metrics() {
    let classic = r#"{"uid": "ov", "title": "Overview", "panels": [
        {"type": "row", "panels": [{"targets": [{"expr": "rate(a_total[$__rate_interval])"}]}]},
        {"targets": [{"expr": "sum(b_bytes{x=\"$var\"}) by (le)"}]}]}"#;
    let d = parse_dashboard("d.json", classic).unwrap();
    assert_eq!((d.uid.as_str(), d.title.as_str()), ("ov", "Overview"));
    assert_eq!(d.metrics, ["a_total", "b_bytes"]);
    assert_eq!(classify("d.json", classic), Some(FileKind::Dashboard));
    let v2 = r#"{"apiVersion": "dashboard.grafana.app/v2beta1", "kind": "Dashboard",
        "metadata": {"name": "v2uid"}, "spec": {"title": "Two", "elements": {"p": {"spec":
        {"data": {"spec": {"queries": [{"spec": {"query": {"spec": {"expr": "c_seconds_count"}}}}]}}}}}}}"#;
    let d = parse_dashboard("v.json", v2).unwrap();
    assert_eq!((d.uid.as_str(), d.title.as_str()), ("v2uid", "Two"));
    assert_eq!(d.metrics, ["c_seconds_count"]);
    assert_eq!(classify("v.json", v2), Some(FileKind::Dashboard));
    assert_eq!(classify("p.json", r#"{"name": "package"}"#), None);
    let bad = parse_dashboard("b.json", "{\n  \"uid\": \n}").unwrap_err();
    assert_eq!(bad.pos.line, 3);
}

#[test]
fn a_query_grafana_cannot_parse_is_read_token_by_token() {
    assert_eq!(
        promql::dashboard_metrics("sum(rate(req_total{a=\"b\"}[$foo])) by ($group)"),
        ["req_total"]
    );
}

#[test]
fn otel_pipelines_and_unused_components() {
    let text = "\
receivers:
  otlp: {}
  filelog: {}
processors:
  batch: {}
exporters:
  debug: {}
extensions:
  health_check: {}
service:
  extensions: [health_check]
  pipelines:
    traces/backend:
      receivers: [otlp]
      processors: [batch]
      exporters: [debug]
";
    let o = parse_otel("c.yaml", text).unwrap();
    assert_eq!(o.pipelines, [PipelineKind::Traces]);
    assert_eq!(
        o.unused,
        [(
            "receivers".to_string(),
            "filelog".to_string(),
            Pos { line: 3, column: 3 }
        )]
    );
    assert_eq!(classify("c.yaml", text), Some(FileKind::Otel));
    assert_eq!(classify("c.yaml", "name: x\n"), None);
}

#[test]
fn names_match_ignoring_case_spaces_dashes_and_underscores() {
    assert_eq!(name_key("High error rate"), name_key("HighErrorRate"));
    assert_eq!(
        name_key("db-connection_saturation"),
        name_key("DBConnectionSaturation")
    );
    assert!(is_metric_name("http_requests_total"));
    assert!(is_metric_name("job:rate:5m"));
    assert!(!is_metric_name("5xx"));
    assert!(!is_metric_name("a-b"));
}
