//! A generator of large, realistic docs trees (the shape of a big service's readiness
//! docs) for benchmarks and stress tests. Pure and deterministic: the same `(n, seed)`
//! gives byte-identical files. About 2% of links are broken and 3% of cells hold
//! placeholders, so the rules have work to do.

use std::fmt::Write as _;

const AREAS: [&str; 10] = [
    "Availability",
    "Latency",
    "Durability",
    "Security",
    "Capacity",
    "Observability",
    "Recoverability",
    "Compliance",
    "Operability",
    "Data integrity",
];
const COMPONENTS: [&str; 12] = [
    "checkout API",
    "payment gateway",
    "order queue",
    "inventory service",
    "auth proxy",
    "session store",
    "search indexer",
    "billing batch",
    "notification worker",
    "reporting DB",
    "edge cache",
    "config service",
];
const VERBS: [&str; 6] = [
    "shall sustain",
    "shall recover within",
    "shall alert within",
    "shall retain",
    "shall encrypt",
    "shall fail over within",
];
const OBJECTS: [&str; 6] = [
    "99.95% monthly availability",
    "15 minutes RTO",
    "p99 latency below 300 ms",
    "all PII at rest with AES-256",
    "2x peak load",
    "an audit trail of privileged actions",
];
const SIGNALS: [&str; 8] = [
    "p99 latency",
    "error rate",
    "saturation",
    "queue depth",
    "disk usage",
    "replication lag",
    "5xx ratio",
    "backup success",
];
const STATUS: [&str; 6] = [
    "configured",
    "configured",
    "configured",
    "partial",
    "planned",
    "missing",
];
const PEOPLE: [&str; 8] = [
    "Alice Martin",
    "Bob Nguyen",
    "Carol Diaz",
    "Dave Okafor",
    "Erin Kowalski",
    "Frank Li",
    "Grace Hopper",
    "Heidi Schulz",
];

/// A small deterministic pseudo-random source (`SplitMix64`): synthetic data only.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).unwrap_or(0)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

fn slug(text: &str) -> String {
    text.to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == ' ' || *c == '-')
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// Generate a tree with `n` requirements, `n / 2` telemetry rows, `n / 10` weekly
/// shifts and `max(5, n / 50)` runbooks. Returns `(relative path, text)` pairs. When a
/// file outgrows the default size limit (the RTM from about `n = 30000` on), a
/// `readyroom.toml` raising `limits.max_file_size` comes with the tree, so it loads.
pub fn generate(n: usize, seed: u64) -> Vec<(String, String)> {
    let mut files = generate_docs(n, seed);
    let largest = files.iter().map(|(_, t)| t.len() as u64).max().unwrap_or(0);
    if largest > crate::config::DEFAULT_MAX_FILE_SIZE {
        files.push((
            crate::config::CONFIG_FILE.to_string(),
            format!(
                "# A generated tree: its largest file is {largest} bytes.\n[limits]\nmax_file_size = {}\n",
                raised_limit(largest)
            ),
        ));
    }
    files
}

/// A size limit with room for edits above a file of `largest` bytes: twice its size,
/// rounded up to whole MiB.
fn raised_limit(largest: u64) -> u64 {
    const MIB: u64 = 1024 * 1024;
    largest.saturating_mul(2).div_ceil(MIB).saturating_mul(MIB)
}

/// The markdown of [`generate`], without the configuration.
fn generate_docs(n: usize, seed: u64) -> Vec<(String, String)> {
    let mut rng = Rng(seed ^ (n as u64).wrapping_mul(1_000_003));
    let mut files = Vec::new();
    let runbooks = (n / 50).max(5);
    let hld_sections = (n / 10).max(20);

    let mut hld = String::from("# High-Level Design\n\nThe architecture of the shop platform.\n\n");
    let mut anchors = Vec::new();
    for i in 1..=hld_sections {
        let area = AREAS[i % AREAS.len()];
        let comp = COMPONENTS[i % COMPONENTS.len()];
        let h = format!("{i}. {area} of the {comp}");
        let _ = write!(
            hld,
            "## {h}\n\nThe {comp} runs {} replicas across {} zones.\n\n- Risk: {}\n\n",
            2 + rng.below(8),
            2 + rng.below(2),
            rng.pick(&["low", "medium", "high"])
        );
        anchors.push(slug(&h));
    }
    files.push(("docs/design/HLD.md".to_string(), hld));

    for r in 1..=runbooks {
        let comp = COMPONENTS[r % COMPONENTS.len()];
        let text = format!(
            "# RB-{r:04}: {comp} {}\n\nOwner: {}\n\n## Symptoms\n\n- Alert `{}_{r}` fires\n\n## Diagnosis\n\n```sh\nkubectl logs deploy/{} --since=15m\n```\n\n## Mitigation\n\n1. Scale out\n2. Fail over\n3. Escalate per [SEV2](../incident-response.md#sev2)\n",
            rng.pick(&SIGNALS),
            rng.pick(&PEOPLE),
            comp.replace(' ', "_"),
            comp.replace(' ', "-"),
        );
        files.push((format!("docs/operations/runbooks/RB-{r:04}.md"), text));
    }

    let link = |rng: &mut Rng, label: &str, target: &str, anchor: Option<&str>| -> String {
        let broken = rng.chance(2);
        let target = if broken && rng.chance(50) {
            target.replace(".md", "-old.md")
        } else {
            target.to_string()
        };
        let anchor = match (anchor, broken) {
            (Some(a), true) => format!("#{a}-missing"),
            (Some(a), false) => format!("#{a}"),
            (None, _) => String::new(),
        };
        format!("[{label}]({target}{anchor})")
    };

    let mut rtm = String::from(
        "# Requirements Traceability Matrix\n\nEach requirement links to design, test and operational evidence.\n",
    );
    for i in 1..=n {
        if (i - 1) % 100 == 0 {
            let _ = write!(
                rtm,
                "\n## {} requirements (block {})\n\n| ID | Requirement | Type | Design | Test | Ops evidence | Status |\n|----|-------------|------|--------|------|--------------|--------|\n",
                AREAS[((i - 1) / 100) % AREAS.len()],
                (i - 1) / 100 + 1
            );
        }
        let req = if rng.chance(1) {
            "TBD".to_string()
        } else {
            format!(
                "The {} {} {}",
                rng.pick(&COMPONENTS),
                rng.pick(&VERBS),
                rng.pick(&OBJECTS)
            )
        };
        let a = anchors[rng.below(anchors.len())].clone();
        let design = link(&mut rng, "HLD", "../design/HLD.md", Some(&a));
        let r = 1 + rng.below(runbooks);
        let ops = link(
            &mut rng,
            &format!("RB-{r:04}"),
            &format!("../operations/runbooks/RB-{r:04}.md"),
            None,
        );
        let _ = writeln!(
            rtm,
            "| REQ-{i:05} | {req} | {} | {design} | [TP](../test/test-plan.md) | {ops} | {} |",
            rng.pick(&["NFR", "FR", "NFR"]),
            rng.pick(&["Verified", "Implemented", "In progress"])
        );
    }
    files.push(("docs/requirements/RTM.md".to_string(), rtm));
    files.push((
        "docs/test/test-plan.md".to_string(),
        "# Test plan\n\n## Load tests\n\n- [x] 2x peak\n".to_string(),
    ));

    let mut obs = String::from("# Observability Status\n\nTelemetry coverage per requirement.\n");
    let per_section = (n / 2 / AREAS.len()).max(1) + 1;
    for i in 1..=n / 2 {
        if (i - 1) % per_section == 0 {
            let _ = write!(
                obs,
                "\n## {} signals\n\n| ID | Signal | Requirement | Status | Dashboard | Owner | Due |\n|----|--------|-------------|--------|-----------|-------|-----|\n",
                AREAS[((i - 1) / per_section) % AREAS.len()]
            );
        }
        let status = rng.pick(&STATUS);
        let mut owner = rng.pick(&PEOPLE).to_string();
        let mut due = format!("2026-{:02}-{:02}", 1 + rng.below(12), 1 + rng.below(28));
        if status != "configured" {
            match rng.below(10) {
                0 => owner.clear(),
                1 => due.clear(),
                _ => {}
            }
        }
        let rq = 1 + rng.below(n.max(1));
        let _ = writeln!(
            obs,
            "| OBS-{i:05} | {} {} | [REQ-{rq:05}](../requirements/RTM.md) | {status} | [grafana](https://grafana.example.com/d/{:08x}) | {owner} | {due} |",
            rng.pick(&COMPONENTS),
            rng.pick(&SIGNALS),
            rng.next() & 0xffff_ffff
        );
    }
    files.push(("docs/operations/observability-status.md".to_string(), obs));

    let mut ir = String::from(
        "# Incident Response\n\n## Severity levels\n\n| Severity | Definition |\n|---|---|\n| SEV1 | Outage |\n| SEV2 | Degradation |\n\n## Escalation\n",
    );
    for sev in 1..=2 {
        let _ = write!(
            ir,
            "\n### SEV{sev}\n\n| Step | After | Contact | Channel |\n|---|---|---|---|\n"
        );
        for step in 1..=4 {
            let _ = writeln!(
                ir,
                "| {step} | {} min | {} | PagerDuty |",
                (step - 1) * 10,
                if step == 1 {
                    "Primary on-call"
                } else {
                    "Secondary on-call"
                }
            );
        }
    }
    ir.push_str("\n## On-call rotation\n\nTime zone: Europe/Berlin\n\n| Week of | Primary | Secondary |\n|---|---|---|\n");
    let start = jiff::civil::date(2026, 1, 5);
    for w in 0..(n / 10).max(1) {
        let day = start
            .checked_add(jiff::Span::new().weeks(i64::try_from(w).unwrap_or(0)))
            .unwrap_or(start);
        let p = rng.below(PEOPLE.len());
        let s = (p + 1 + rng.below(PEOPLE.len() - 1)) % PEOPLE.len();
        let _ = writeln!(ir, "| {day} | {} | {} |", PEOPLE[p], PEOPLE[s]);
    }
    files.push(("docs/operations/incident-response.md".to_string(), ir));

    let mut log = String::from(
        "# Change log\n\n## Entries\n\n| Date | Entry | Owner | Deadline | Status |\n|---|---|---|---|---|\n| 2026-01-02 | Readiness status: not ready | Alice Martin | 2026-02-01 | open |\n",
    );
    for e in 0..(n / 5).max(1) {
        let _ = writeln!(
            log,
            "| 2026-{:02}-{:02} | {} updated (REQ-{:05}) | {} | 2026-12-31 | {} |",
            1 + e % 12,
            1 + e % 28,
            rng.pick(&COMPONENTS),
            1 + rng.below(n.max(1)),
            rng.pick(&PEOPLE),
            rng.pick(&["done", "done", "open"])
        );
    }
    files.push(("docs/release/change-log.md".to_string(), log));
    files.push((
        "README.md".to_string(),
        "# Readiness docs\n\n- [RTM](docs/requirements/RTM.md)\n- [Observability](docs/operations/observability-status.md)\n".to_string(),
    ));
    files
}

/// Generate monitoring code beside a tree: `rules` alerting rules in rule files of 100
/// (every fifth file a `PrometheusRule` manifest), and `dashboards` Grafana dashboards
/// (every other one in the v2 schema) with eight panel queries each. Deterministic;
/// `(relative path, text)` pairs under `deploy/`.
pub fn generate_monitoring(rules: usize, dashboards: usize, seed: u64) -> Vec<(String, String)> {
    let mut rng = Rng(seed ^ (rules as u64).wrapping_mul(7_919));
    let mut files = Vec::new();
    let per_file = 100;
    for f in 0..rules.div_ceil(per_file) {
        let manifest = f % 5 == 4;
        let indent = if manifest { "  " } else { "" };
        let mut text = if manifest {
            format!(
                "apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata:\n  name: generated-{f}\nspec:\n"
            )
        } else {
            String::new()
        };
        let _ = write!(
            text,
            "{indent}groups:\n{indent}  - name: generated-{f}\n{indent}    rules:\n"
        );
        for r in (f * per_file)..((f + 1) * per_file).min(rules) {
            let comp = slug(COMPONENTS[r % COMPONENTS.len()]).replace('-', "_");
            let _ = write!(
                text,
                "{indent}      - alert: {}Alert{r}\n{indent}        expr: sum(rate({comp}_requests_total{{code=~\"5..\",zone=\"z{}\"}}[5m])) / sum(rate({comp}_requests_total[5m])) > 0.0{}\n{indent}        for: 5m\n{indent}        annotations:\n{indent}          runbook_url: https://runbooks.example.com/rb-{:04}\n",
                comp.replace('_', ""),
                rng.below(3),
                1 + rng.below(9),
                1 + r % 200
            );
        }
        files.push((format!("deploy/prometheus/generated-{f:03}.yml"), text));
    }
    for d in 0..dashboards {
        let comp = slug(COMPONENTS[d % COMPONENTS.len()]).replace('-', "_");
        let exprs: Vec<String> = (0..8)
            .map(|p| {
                format!(
                    "{{\"expr\": \"histogram_quantile(0.9{p}, sum by (le) (rate({comp}_duration_seconds_bucket{{zone=\\\"z{}\\\"}}[$__rate_interval])))\"}}",
                    rng.below(3)
                )
            })
            .collect();
        let text = if d % 2 == 0 {
            let panels: Vec<String> = exprs
                .iter()
                .map(|e| format!("{{\"type\": \"timeseries\", \"targets\": [{e}]}}"))
                .collect();
            format!(
                "{{\"uid\": \"gen-{d}\", \"title\": \"Generated {d}\", \"panels\": [{}]}}\n",
                panels.join(", ")
            )
        } else {
            let elements: Vec<String> = exprs
                .iter()
                .enumerate()
                .map(|(i, e)| {
                    format!(
                        "\"panel-{i}\": {{\"kind\": \"Panel\", \"spec\": {{\"data\": {{\"spec\": {{\"queries\": [{{\"spec\": {{\"query\": {{\"spec\": {e}}}}}}}]}}}}}}}}"
                    )
                })
                .collect();
            format!(
                "{{\"apiVersion\": \"dashboard.grafana.app/v2beta1\", \"kind\": \"Dashboard\", \"metadata\": {{\"name\": \"gen-{d}\"}}, \"spec\": {{\"title\": \"Generated {d}\", \"elements\": {{{}}}}}}}\n",
                elements.join(", ")
            )
        };
        files.push((format!("deploy/grafana/generated-{d:03}.json"), text));
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_monitoring_parses_and_is_sized() {
        let files = generate_monitoring(250, 4, 3);
        assert_eq!(files, generate_monitoring(250, 4, 3));
        let mut m = crate::monitoring::Monitoring::default();
        for (path, text) in &files {
            let kind = crate::monitoring::classify(path, text).expect("recognised");
            m.add(path, kind, text);
        }
        assert!(m.problems.is_empty(), "{:?}", m.problems);
        assert_eq!(m.rules.len(), 250);
        assert_eq!(m.dashboards.len(), 4);
        assert!(m.dashboards.iter().all(|d| d.metrics.len() == 1));
        assert!(m.rules.iter().all(|r| r.runbook_url.is_some()));
    }

    #[test]
    fn deterministic_and_sized() {
        let a = generate(200, 7);
        let b = generate(200, 7);
        assert_eq!(a, b);
        let rtm = &a
            .iter()
            .find(|(p, _)| p == "docs/requirements/RTM.md")
            .unwrap()
            .1;
        assert_eq!(rtm.matches("| REQ-").count(), 200);
        let obs = &a
            .iter()
            .find(|(p, _)| p.ends_with("observability-status.md"))
            .unwrap()
            .1;
        assert_eq!(obs.matches("| OBS-").count(), 100);
        assert!(
            !a.iter().any(|(p, _)| p == crate::config::CONFIG_FILE),
            "a small tree keeps the default configuration"
        );
    }

    #[test]
    fn a_tree_of_100k_raises_the_size_limit_above_its_largest_file() {
        let files = generate(100_000, 1234);
        let rtm = &files
            .iter()
            .find(|(p, _)| p == "docs/requirements/RTM.md")
            .expect("RTM")
            .1;
        assert_eq!(rtm.matches("| REQ-").count(), 100_000);
        let largest = files
            .iter()
            .map(|(_, t)| t.len() as u64)
            .max()
            .expect("files");
        assert!(largest > crate::config::DEFAULT_MAX_FILE_SIZE, "{largest}");
        let config = &files
            .iter()
            .find(|(p, _)| p == crate::config::CONFIG_FILE)
            .expect("readyroom.toml")
            .1;
        let parsed = crate::config::ProjectConfig::parse(
            config,
            "readyroom.toml",
            &crate::rules::rule_ids(),
        )
        .expect("valid config");
        assert!(parsed.max_file_size >= largest, "{}", parsed.max_file_size);
    }
}
