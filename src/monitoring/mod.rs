//! Monitoring as code: Prometheus rule files (plain or `PrometheusRule` manifests),
//! Grafana dashboard JSON (classic and v2 schema) and OpenTelemetry collector configs,
//! parsed into what the telemetry rules compare with the docs. Pure: text in, model
//! out; reading the files is the store's job.

mod dashboard;
mod otel;
pub mod promql;
mod rules;
mod yaml;

pub use dashboard::parse_dashboard;
pub use otel::parse_otel;
pub use rules::parse_rules;

/// What a monitoring file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FileKind {
    /// Prometheus rule groups (plain or in a `PrometheusRule` manifest).
    Rules,
    /// A Grafana dashboard.
    Dashboard,
    /// An OpenTelemetry collector configuration.
    Otel,
}

impl FileKind {
    /// The short name shown in `check`'s header.
    pub fn as_str(self) -> &'static str {
        match self {
            FileKind::Rules => "rules",
            FileKind::Dashboard => "dashboard",
            FileKind::Otel => "otel",
        }
    }
}

/// A position in a monitoring file: 1-based line and 1-based character column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, PartialOrd, Ord, Hash)]
pub struct Pos {
    /// 1-based line.
    pub line: usize,
    /// 1-based character column.
    pub column: usize,
}

/// A problem reading a monitoring file: it does not parse, or an expression in it does
/// not parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Project-relative path.
    pub file: String,
    /// Where.
    pub pos: Pos,
    /// What is wrong and what to do.
    pub message: String,
}

/// One Prometheus rule (alerting or recording).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PromRule {
    /// Project-relative path of the rule file.
    pub file: String,
    /// The rule group's name.
    pub group: String,
    /// The alert name (`alert:`) or the recorded series (`record:`).
    pub name: String,
    /// True for an alerting rule.
    pub alerting: bool,
    /// Where the rule's `alert:`/`record:` value is.
    pub pos: Pos,
    /// The PromQL expression as written.
    pub expr: String,
    /// The `runbook_url` annotation and where its value is.
    pub runbook_url: Option<(String, Pos)>,
    /// Metric names the expression selects.
    pub metrics: Vec<String>,
}

/// One Grafana dashboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dashboard {
    /// Project-relative path of the JSON file.
    pub file: String,
    /// The dashboard's uid (classic `uid`, v2 `metadata.name`).
    pub uid: String,
    /// The dashboard's title.
    pub title: String,
    /// Metric names its panel queries select.
    pub metrics: Vec<String>,
}

/// A collector pipeline type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PipelineKind {
    /// `traces` pipelines.
    Traces,
    /// `metrics` pipelines.
    Metrics,
    /// `logs` pipelines.
    Logs,
    /// Any other signal type (`profiles`).
    Other,
}

impl PipelineKind {
    /// The kind of a pipeline id such as `traces/backend`.
    pub fn of_id(id: &str) -> PipelineKind {
        match id.split('/').next().unwrap_or("") {
            "traces" => PipelineKind::Traces,
            "metrics" => PipelineKind::Metrics,
            "logs" => PipelineKind::Logs,
            _ => PipelineKind::Other,
        }
    }

    /// The pipeline type as written in the collector config.
    pub fn as_str(self) -> &'static str {
        match self {
            PipelineKind::Traces => "traces",
            PipelineKind::Metrics => "metrics",
            PipelineKind::Logs => "logs",
            PipelineKind::Other => "other",
        }
    }
}

/// An OpenTelemetry collector configuration.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OtelConfig {
    /// Project-relative path.
    pub file: String,
    /// The pipelines under `service.pipelines`, by type.
    pub pipelines: Vec<PipelineKind>,
    /// Components defined (receivers, processors, exporters, connectors, extensions)
    /// that no pipeline (or `service.extensions`) uses: section, name, position.
    pub unused: Vec<(String, String, Pos)>,
}

/// Everything read from the project's monitoring files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Monitoring {
    /// The files read, with what each holds, sorted by path.
    pub files: Vec<(String, FileKind)>,
    /// Every rule of every rule file, in file order.
    pub rules: Vec<PromRule>,
    /// Every dashboard.
    pub dashboards: Vec<Dashboard>,
    /// Every collector config.
    pub otel: Vec<OtelConfig>,
    /// Files or expressions that do not parse.
    pub problems: Vec<Problem>,
    /// `[monitoring] runbook_base_url`: a runbook URL under it maps to a docs path.
    pub runbook_base_url: Option<String>,
    /// `[monitoring] evidence_max_age`, in days.
    pub evidence_max_age_days: u32,
}

impl Monitoring {
    /// True when no monitoring file was read: the telemetry rules then say nothing.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// True when at least one file of `kind` was read.
    pub fn has(&self, kind: FileKind) -> bool {
        self.files.iter().any(|(_, k)| *k == kind)
    }

    /// Add what one file holds: its text parsed as `kind`.
    pub fn add(&mut self, path: &str, kind: FileKind, text: &str) {
        self.files.push((path.to_string(), kind));
        match kind {
            FileKind::Rules => {
                let (rules, problems) = parse_rules(path, text);
                self.rules.extend(rules);
                self.problems.extend(problems);
            }
            FileKind::Dashboard => match parse_dashboard(path, text) {
                Ok(d) => self.dashboards.push(d),
                Err(p) => self.problems.push(p),
            },
            FileKind::Otel => match parse_otel(path, text) {
                Ok(o) => self.otel.push(o),
                Err(p) => self.problems.push(p),
            },
        }
    }
}

impl Default for Monitoring {
    fn default() -> Self {
        Monitoring {
            files: Vec::new(),
            rules: Vec::new(),
            dashboards: Vec::new(),
            otel: Vec::new(),
            problems: Vec::new(),
            runbook_base_url: None,
            evidence_max_age_days: crate::config::DEFAULT_EVIDENCE_MAX_AGE_DAYS,
        }
    }
}

/// The first line of an evidence snapshot `readyroom verify --record` writes.
pub const EVIDENCE_TITLE: &str = "# Telemetry evidence";

/// When an evidence snapshot was taken: its `- When:` line, if the text is one.
pub fn evidence_time(text: &str) -> Option<jiff::Timestamp> {
    let mut lines = text.lines();
    if lines.next()?.trim_end() != EVIDENCE_TITLE {
        return None;
    }
    lines
        .take(8)
        .find_map(|l| l.strip_prefix("- When: "))
        .and_then(|t| t.trim().parse().ok())
}

/// What a file found without `[monitoring]` holds, judged by its name and content: YAML
/// with a top-level `groups:` list or `kind: PrometheusRule` is a rule file, YAML with
/// `service:` and `receivers:` a collector config, JSON with `panels` (or a v2
/// `elements`) a dashboard. `None` for anything else.
pub fn classify(path: &str, text: &str) -> Option<FileKind> {
    let ext = extension(path);
    if ext == "json" {
        let quick = text.contains("\"panels\"") || text.contains("\"elements\"");
        return (quick && dashboard::is_dashboard(text)).then_some(FileKind::Dashboard);
    }
    if ext != "yml" && ext != "yaml" {
        return None;
    }
    let top_level = |key: &str| {
        text.lines()
            .any(|l| l.starts_with(key) && l[key.len()..].trim_start().starts_with(':'))
    };
    if top_level("groups") || text.lines().any(|l| l.trim_end() == "kind: PrometheusRule") {
        Some(FileKind::Rules)
    } else if top_level("service") && top_level("receivers") {
        Some(FileKind::Otel)
    } else {
        None
    }
}

/// A path's extension, lower-case.
fn extension(path: &str) -> String {
    std::path::Path::new(path)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
}

/// True for the file names [`classify`] looks into: `.json`, `.yml`, `.yaml`.
pub fn may_be_monitoring(path: &str) -> bool {
    matches!(extension(path).as_str(), "json" | "yml" | "yaml")
}

/// The comparison key of an alert or rule name: lower-case, without spaces, `-` and
/// `_`, so "High error rate" matches `HighErrorRate`.
pub fn name_key(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, ' ' | '-' | '_' | '\t'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// True for a valid Prometheus metric name: `[a-zA-Z_:][a-zA-Z0-9_:]*`.
pub fn is_metric_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == ':')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
}

#[cfg(test)]
mod tests;
