//! `readyroom check`: the findings grouped by criterion, the verdict and the counts, as
//! text for people (coloured on a terminal), JSON for tools, or one of the formats CI
//! systems read (see [`ci`](super::ci)); and the baseline a run is compared with.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::ci;
use super::commands::{CliError, Outcome, REFUSED, emit, emit_json, load_and_assess};
use super::output::{Colour, Style, Styled};
use crate::assess::Assessment;
use crate::handover::History;
use crate::model::{ItemKind, Workspace};
use crate::rules::waivers::Waived;
use crate::rules::{Finding, Severity, Verdict};
use crate::store::{GitHistory, read_export, write_export};

/// Output format of `readyroom check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    /// Lines for people; coloured on a terminal unless `NO_COLOR` is set.
    Text,
    /// One JSON document for tools (and for `--baseline`).
    Json,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// GitHub Actions workflow commands: one annotation per finding.
    Github,
    /// GitLab Code Quality JSON.
    Gitlab,
    /// JUnit XML: one test suite per criterion, one test case per rule and item.
    Junit,
}

/// What the paths in the output are relative to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PathBase {
    /// The docs project (PATH).
    Project,
    /// The root of the git work tree holding the project.
    Repo,
}

/// Everything `readyroom check` is asked: its command-line arguments.
#[derive(Debug, Clone, clap::Args)]
pub struct CheckRequest {
    /// The docs project root (the folder holding readyroom.toml or docs/).
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Output format: text, json, or for CI sarif (code scanning), github (workflow
    /// annotations), gitlab (Code Quality) or junit (test reports).
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
    /// What the printed paths are relative to: the docs project, or the git work tree's
    /// root (for annotations when the docs live in a subfolder).
    #[arg(long, value_enum, default_value_t = PathBase::Project)]
    pub paths: PathBase,
    /// Pin today's date (YYYY-MM-DD) for due dates, the rotation and who is on call;
    /// default today, or the date pinned by `READYROOM_NOW`.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<String>,
    /// A previous `check --format json` output: its findings (matched by fingerprint)
    /// are reported as known and do not fail the run; exit 1 only for a new error.
    #[arg(long, value_name = "FILE", conflicts_with = "new_since")]
    pub baseline: Option<PathBuf>,
    /// Like --baseline, with the findings of the docs at a git revision (a branch, tag
    /// or commit): a pull request fails only for what it introduced.
    #[arg(long, value_name = "REF")]
    pub new_since: Option<String>,
    /// Also write this run's `--format json` output to FILE, as a baseline for later
    /// runs (atomically, by the same rules as `report --out`).
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
}

/// The version of the JSON document's layout; it grows when a field changes meaning.
pub const SCHEMA_VERSION: u32 = 1;

/// Whether a finding was already in the baseline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BaselineState {
    /// Not in the baseline: introduced since.
    New,
    /// In the baseline (same fingerprint): reported, but it does not fail the run.
    Known,
}

/// One finding as the reports show it: its path as printed, its fingerprint and, when
/// a baseline is in effect, whether the baseline has it.
#[derive(Debug, Clone)]
pub struct Shown<'a> {
    /// The finding.
    pub finding: &'a Finding,
    /// Its file, relative to the project or to the repository (`--paths`).
    pub path: String,
    /// Its identity across runs: rule, file and item (see [`fingerprints`]).
    pub fingerprint: String,
    /// `None` when no baseline is in effect.
    pub baseline: Option<BaselineState>,
}

impl Shown<'_> {
    /// True when the finding is not in the baseline (or there is none).
    pub fn is_new(&self) -> bool {
        self.baseline != Some(BaselineState::Known)
    }
}

/// One run of `check` as every format reports it.
#[derive(Debug, Clone)]
pub struct CheckView<'a> {
    /// The project's name.
    pub name: String,
    /// The loaded docs.
    pub ws: &'a Workspace,
    /// The findings, in the assessment's order.
    pub shown: Vec<Shown<'a>>,
    /// The verdict.
    pub verdict: &'a Verdict,
    /// Today's date.
    pub today: String,
}

impl CheckView<'_> {
    /// True when a baseline is in effect.
    pub fn has_baseline(&self) -> bool {
        self.shown.iter().any(|s| s.baseline.is_some())
    }

    /// The exit code: without a baseline 0 ready, 1 not ready; with one, 1 only when a
    /// new error exists.
    pub fn exit_code(&self, with_baseline: bool) -> u8 {
        let failed = if with_baseline {
            self.shown.iter().any(|s| s.is_new() && s.finding.blocks())
        } else {
            !self.verdict.ready
        };
        if failed { REFUSED } else { 0 }
    }
}

/// The text a fingerprint is made of: rule, file, item ID (empty when none) and the
/// message with its digits dropped, so a finding keeps its identity when rows move
/// and line numbers in its message change.
fn fingerprint_key(rule: &str, file: &str, item: Option<&str>, message: &str) -> String {
    let message: String = message.chars().filter(|c| !c.is_ascii_digit()).collect();
    format!("{rule}\0{file}\0{}\0{message}", item.unwrap_or(""))
}

/// The fingerprint of each finding, from its rule, file, item ID and message (never
/// its line or column): 16 hex digits of SHA-256, with `-N` added for the N-th
/// repetition of the same key in one file.
pub fn fingerprints<'a, I>(findings: I) -> Vec<String>
where
    I: IntoIterator<Item = (&'a str, &'a str, Option<&'a str>, &'a str)>,
{
    let mut seen: HashMap<String, usize> = HashMap::new();
    findings
        .into_iter()
        .map(|(rule, file, item, message)| {
            let key = fingerprint_key(rule, file, item, message);
            let digest = Sha256::digest(key.as_bytes());
            let hex = digest[..8].iter().fold(String::new(), |mut hex, b| {
                let _ = write!(hex, "{b:02x}");
                hex
            });
            let n = seen.entry(key).or_insert(0);
            let fp = if *n == 0 { hex } else { format!("{hex}-{n}") };
            *n += 1;
            fp
        })
        .collect()
}

/// The fingerprints of a run's findings.
pub fn finding_fingerprints(findings: &[Finding]) -> Vec<String> {
    fingerprints(findings.iter().map(|f| {
        (
            f.rule.as_str(),
            f.file.as_str(),
            f.item.as_deref(),
            f.message.as_str(),
        )
    }))
}

/// A baseline document without the `findings` list of a check output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("it has no `findings` list")]
pub struct NoFindings;

/// The fingerprints a previous `--format json` output holds: each finding's
/// `fingerprint`, or, when an older output has none, the one its rule, file, item and
/// message give.
pub fn baseline_fingerprints(doc: &Value) -> Result<HashSet<String>, NoFindings> {
    let findings = doc
        .get("findings")
        .and_then(Value::as_array)
        .ok_or(NoFindings)?;
    let field = |f: &Value, k: &str| f.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    let fields: Vec<(String, String, Option<String>, String)> = findings
        .iter()
        .map(|f| {
            (
                field(f, "rule"),
                field(f, "file"),
                f.get("item").and_then(Value::as_str).map(str::to_string),
                field(f, "message"),
            )
        })
        .collect();
    let computed = fingerprints(
        fields
            .iter()
            .map(|(r, p, i, m)| (r.as_str(), p.as_str(), i.as_deref(), m.as_str())),
    );
    Ok(findings
        .iter()
        .zip(computed)
        .map(|(f, fp)| {
            f.get("fingerprint")
                .and_then(Value::as_str)
                .map_or(fp, str::to_string)
        })
        .collect())
}

/// The findings as shown: paths under `prefix` (empty for project-relative paths),
/// each marked known or new against `known` when a baseline is in effect.
pub fn shown<'a, S: std::hash::BuildHasher>(
    findings: &'a [Finding],
    prefix: &str,
    known: Option<&HashSet<String, S>>,
) -> Vec<Shown<'a>> {
    findings
        .iter()
        .zip(finding_fingerprints(findings))
        .map(|(f, fingerprint)| Shown {
            finding: f,
            path: format!("{prefix}{}", f.file),
            baseline: known.map(|k| {
                if k.contains(&fingerprint) {
                    BaselineState::Known
                } else {
                    BaselineState::New
                }
            }),
            fingerprint,
        })
        .collect()
}

/// `readyroom check`: the findings and the verdict, in the format asked; exit 0 ready,
/// 1 not ready (with a baseline: 1 only when a new error exists).
pub fn run(req: &CheckRequest) -> Outcome {
    let (project, mut a) = load_and_assess(&req.path, req.today.as_deref())?;
    if !a.campaign.is_empty() {
        // The rate comes from git history; without history there is no rate to judge.
        let points = super::history::points_of(&project, None).unwrap_or_default();
        a.pace(
            &project.workspace,
            &project.config,
            crate::history::pace(&points),
        );
    }
    let history = || {
        GitHistory::open(&project.root, &project.config).ok_or_else(|| {
            CliError::CannotRun(format!(
                "{} is not in a git work tree (or git is not installed); --paths repo and \
                 --new-since need one",
                project.root.display()
            ))
        })
    };
    let prefix = match req.paths {
        PathBase::Project => String::new(),
        PathBase::Repo => history()?.prefix().to_string(),
    };
    let known = match (&req.baseline, &req.new_since) {
        (Some(file), _) => Some(read_baseline(file, project.config.max_file_size)?),
        (None, Some(rev)) => Some(known_at(&history()?, rev, &project, &a)?),
        (None, None) => None,
    };
    let view = CheckView {
        name: project.display_name(),
        ws: &project.workspace,
        shown: shown(&a.findings, &prefix, known.as_ref()),
        verdict: &a.verdict,
        today: a.clock.today.to_string(),
    };
    if let Some(file) = &req.write_baseline {
        let text = format!("{}\n", render_json(&view));
        write_export(&project.root, file, &text).map_err(|e| {
            if e.is_refusal() {
                CliError::Refused(e.to_string())
            } else {
                CliError::CannotRun(e.to_string())
            }
        })?;
    }
    match req.format {
        CheckFormat::Text => emit(render_text(&view, Colour::for_stdout()))?,
        CheckFormat::Json => emit_json(&render_json(&view))?,
        CheckFormat::Sarif => emit_json(&ci::render_sarif(&view))?,
        CheckFormat::Github => emit(ci::render_github(&view))?,
        CheckFormat::Gitlab => emit_json(&ci::render_gitlab(&view))?,
        CheckFormat::Junit => emit(ci::render_junit(&view))?,
    };
    let code = view.exit_code(known.is_some());
    // The process ends here: the OS takes the model back at once, where dropping it
    // piece by piece would cost about a tenth of the run on a large tree.
    drop(view);
    std::mem::forget((project, a));
    Ok(code)
}

/// The fingerprints of a baseline file, or why it cannot serve as one.
fn read_baseline(file: &Path, max_size: u64) -> Result<HashSet<String>, CliError> {
    let shown = file.display();
    let cannot = |why: String| {
        CliError::CannotRun(format!(
            "--baseline {shown}: {why}; write one with `readyroom check --write-baseline FILE`"
        ))
    };
    let text = read_export(file, max_size).map_err(|e| cannot(e.to_string()))?;
    let doc: Value = serde_json::from_str(&text).map_err(|e| {
        cannot(format!(
            "not a `readyroom check --format json` output (line {}: {e})",
            e.line()
        ))
    })?;
    baseline_fingerprints(&doc).map_err(|why| cannot(format!("not a check output: {why}")))
}

/// The fingerprints of the findings the docs had at git revision `rev`, judged with
/// the same configuration and clock as now.
fn known_at(
    history: &GitHistory,
    rev: &str,
    project: &crate::store::Project,
    now: &Assessment,
) -> Result<HashSet<String>, CliError> {
    let cannot = |why: String| CliError::CannotRun(format!("--new-since {rev}: {why}"));
    let commit = history.resolve(rev).map_err(|e| cannot(e.to_string()))?;
    let ws = history.workspace_at(&commit).map_err(cannot)?;
    let then = Assessment::new(&ws, &project.config, now.clock);
    Ok(finding_fingerprints(&then.findings).into_iter().collect())
}

/// Item counts by kind, in a stable order.
pub fn item_counts(ws: &Workspace) -> BTreeMap<ItemKind, usize> {
    let mut counts = BTreeMap::new();
    for item in &ws.items {
        *counts.entry(item.kind).or_insert(0) += 1;
    }
    counts
}

/// Add one finding as `file:line:col: severity[rule] message (item)`: one line, however
/// the file name, message or item ID reads; a finding the baseline knows ends in
/// ` [known]`.
pub fn finding_line(out: &mut Styled, s: &Shown<'_>) {
    let f = s.finding;
    out.field(&format!("{}:{}:{}: ", s.path, f.line, f.column));
    match f.severity {
        Severity::Error => out.paint(Style::BoldRed, "error"),
        Severity::Warning => out.paint(Style::BoldYellow, "warning"),
    };
    out.field(&format!("[{}] {}", f.rule, f.message));
    if let Some(item) = &f.item {
        out.field(&format!(" ({item})"));
    }
    if let Some(w) = &f.waived {
        out.push(" ");
        out.paint(Style::Bold, "[waived]");
        out.field(&format!(
            " by {} until {}, approved by {}: {}",
            w.id, w.expires, w.approved_by, w.reason
        ));
    }
    if s.baseline == Some(BaselineState::Known) {
        out.push(" [known]");
    }
}

/// The human report: summary of what was loaded, findings per criterion, verdict. Text
/// from the tree (the project name, file names, messages) is made inert.
pub fn render_text(view: &CheckView<'_>, colour: Colour) -> Styled {
    let (ws, verdict) = (view.ws, view.verdict);
    let mut out = Styled::new(colour);
    out.paint(Style::Bold, &view.name).push(&format!(
        " — {} documents, {} items (today {})\n",
        ws.docs.len(),
        ws.items.len(),
        view.today
    ));
    let counts = item_counts(ws);
    let summary: Vec<String> = counts
        .iter()
        .map(|(k, n)| format!("{n} {}", k.plural()))
        .collect();
    if !summary.is_empty() {
        out.push(&format!("  {}\n", summary.join(", ")));
    }
    monitoring_line(&mut out, ws);
    for c in &verdict.criteria {
        out.push("\n");
        if c.passed {
            out.paint(Style::Green, "PASS")
        } else {
            out.paint(Style::Red, "FAIL")
        };
        out.push(" ").paint(Style::Bold, c.title).push("\n");
        for &i in &c.findings {
            out.push("  ");
            finding_line(&mut out, &view.shown[i]);
            out.push("\n");
        }
    }
    out.push("\nVerdict: ");
    if verdict.ready {
        out.paint(Style::BoldGreen, "READY")
    } else {
        out.paint(Style::BoldRed, "NOT READY")
    };
    out.push(&format!(
        " — {} error(s), {} warning(s)",
        verdict.errors, verdict.warnings
    ));
    if verdict.waived > 0 {
        out.push(&format!(", {} waived", verdict.waived));
    }
    out.push("\n");
    if view.has_baseline() {
        let new = view.shown.iter().filter(|s| s.is_new()).count();
        out.push(&format!(
            "Baseline: {new} new, {} known\n",
            view.shown.len() - new
        ));
    }
    out
}

/// The most monitoring files the header names one by one.
const NAMED_FILES: usize = 10;

/// The header line naming the monitoring files read, when there are any.
fn monitoring_line(out: &mut Styled, ws: &Workspace) {
    let files = &ws.monitoring.files;
    if files.is_empty() {
        return;
    }
    let named: Vec<String> = files
        .iter()
        .take(NAMED_FILES)
        .map(|(path, kind)| format!("{path} ({})", kind.as_str()))
        .collect();
    out.push(&format!("  monitoring files read: {}", files.len()));
    out.field(&format!(" — {}", named.join(", ")));
    if files.len() > NAMED_FILES {
        out.push(&format!(" and {} more", files.len() - NAMED_FILES));
    }
    out.push("\n");
}

/// The JSON document's top level, fields in the order README documents.
#[derive(Serialize)]
struct CheckJson<'a> {
    tool: ToolJson,
    schema_version: u32,
    project: &'a str,
    verdict: &'static str,
    today: &'a str,
    criteria: Vec<CriterionJson<'a>>,
    findings: Vec<FindingJson<'a>>,
    counts: CountsJson,
}

#[derive(Serialize)]
struct ToolJson {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct CriterionJson<'a> {
    id: &'static str,
    title: &'static str,
    passed: bool,
    findings: Vec<FindingJson<'a>>,
}

#[derive(Serialize)]
struct FindingJson<'a> {
    rule: &'static str,
    severity: &'static str,
    file: &'a str,
    line: usize,
    column: usize,
    item: Option<&'a str>,
    message: &'a str,
    fingerprint: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    waived: Option<&'a Waived>,
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline: Option<BaselineState>,
}

#[derive(Serialize)]
struct CountsJson {
    errors: usize,
    warnings: usize,
    documents: usize,
    items: BTreeMap<String, usize>,
    /// Only a tree with waivers has the count, so other trees' reports stay as they were.
    #[serde(skip_serializing_if = "Option::is_none")]
    waived: Option<usize>,
}

fn finding_json<'a>(s: &'a Shown<'_>) -> FindingJson<'a> {
    let f = s.finding;
    FindingJson {
        rule: f.rule.as_str(),
        severity: f.severity.as_str(),
        file: &s.path,
        line: f.line,
        column: f.column,
        item: f.item.as_deref(),
        message: &f.message,
        fingerprint: &s.fingerprint,
        waived: f.waived.as_ref(),
        baseline: s.baseline,
    }
}

/// The name and version every machine format names the tool with.
pub const TOOL: (&str, &str) = ("readyroom", env!("CARGO_PKG_VERSION"));

/// The machine report as JSON text; fields in the order README documents.
pub fn render_json(view: &CheckView<'_>) -> String {
    let criteria = view
        .verdict
        .criteria
        .iter()
        .map(|c| CriterionJson {
            id: c.id.as_str(),
            title: c.title,
            passed: c.passed,
            findings: c
                .findings
                .iter()
                .map(|&i| finding_json(&view.shown[i]))
                .collect(),
        })
        .collect();
    let items = item_counts(view.ws)
        .into_iter()
        .map(|(k, n)| {
            let name = serde_json::to_value(k)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            (name, n)
        })
        .collect();
    let doc = CheckJson {
        tool: ToolJson {
            name: TOOL.0,
            version: TOOL.1,
        },
        schema_version: SCHEMA_VERSION,
        project: &view.name,
        verdict: if view.verdict.ready {
            "ready"
        } else {
            "not_ready"
        },
        today: &view.today,
        criteria,
        findings: view.shown.iter().map(finding_json).collect(),
        counts: CountsJson {
            errors: view.verdict.errors,
            warnings: view.verdict.warnings,
            documents: view.ws.docs.len(),
            items,
            waived: (view.verdict.waived > 0).then_some(view.verdict.waived),
        },
    };
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fingerprint_ignores_lines_and_digits_and_tells_repeats_apart() {
        let fp = |message| fingerprints([("placeholder", "a.md", Some("TEL-1"), message)]);
        assert_eq!(fp("first at line 3"), fp("first at line 40"));
        assert_ne!(fp("in Phone"), fp("in Handle"));
        let other_item = fingerprints([("placeholder", "a.md", Some("TEL-2"), "in Phone")]);
        assert_ne!(fp("in Phone"), other_item);
        let other_file = fingerprints([("placeholder", "b.md", Some("TEL-1"), "in Phone")]);
        assert_ne!(fp("in Phone"), other_file);
        let twice = fingerprints([
            ("duplicate-id", "a.md", Some("X"), "again"),
            ("duplicate-id", "a.md", Some("X"), "again"),
        ]);
        assert_eq!(twice[1], format!("{}-1", twice[0]));
        assert_eq!(twice[0].len(), 16);
    }

    #[test]
    fn an_older_output_without_fingerprints_still_serves_as_a_baseline() {
        let doc = serde_json::json!({"findings": [
            {"rule": "placeholder", "file": "a.md", "item": "TEL-1", "message": "in Phone"},
            {"rule": "placeholder", "file": "a.md", "item": null, "message": "x", "fingerprint": "f"},
        ]});
        let known = baseline_fingerprints(&doc).unwrap();
        let expected = fingerprints([("placeholder", "a.md", Some("TEL-1"), "in Phone")]);
        assert!(known.contains(&expected[0]));
        assert!(known.contains("f"));
        assert!(baseline_fingerprints(&serde_json::json!({"verdict": "ready"})).is_err());
    }
}
