//! `readyroom verify`: ask a live Prometheus whether the documented alerts are loaded
//! and healthy and the covered metrics have data; optionally record the answers as an
//! evidence snapshot for audits.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::json;
use sha2::{Digest, Sha256};

use super::commands::{CliError, Format, Outcome, REFUSED, emit};
use super::output::{Colour, Safe, Style, Styled};
use crate::monitoring::FileKind;
use crate::rules::live::{LiveFinding, LiveResult};
use crate::rules::rule_ids;
use crate::store::prometheus::{Prometheus, TOKEN_ENV};
use crate::store::{ReadOutcome, load_project, read_text, write_export};

/// Arguments of `readyroom verify`.
#[derive(clap::Args, Debug)]
pub struct VerifyArgs {
    /// The docs project root (the folder holding readyroom.toml or docs/).
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// The Prometheus to ask (its base URL); default `[monitoring] prometheus`.
    #[arg(long, value_name = "URL")]
    pub prometheus: Option<String>,
    /// How far back a metric must have samples (a Prometheus duration: 30m, 1h, 1d).
    #[arg(long, value_name = "DURATION", default_value = "1h")]
    pub window: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Write an evidence snapshot (markdown with a table and the same as JSON) to FILE.
    #[arg(long, value_name = "FILE")]
    pub record: Option<PathBuf>,
    /// Give up on any request after this many seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 10)]
    pub timeout: u64,
}

/// `readyroom verify`: exit 0 all verified, 1 findings, 2 cannot run.
pub fn verify(args: &VerifyArgs) -> Outcome {
    let cannot = |m: String| CliError::CannotRun(m);
    let project = load_project(&args.path, &rule_ids()).map_err(|e| cannot(e.to_string()))?;
    if promql_parser::util::parse_duration(&args.window).is_err() {
        return Err(cannot(format!(
            "--window {:?} is not a Prometheus duration; write it as 30m, 1h or 1d",
            args.window
        )));
    }
    let url = args
        .prometheus
        .clone()
        .or_else(|| project.config.monitoring.prometheus.clone())
        .ok_or_else(|| {
            cannot(
                "no Prometheus to ask: pass --prometheus URL or set `prometheus` under \
                 [monitoring] in readyroom.toml"
                    .to_string(),
            )
        })?;
    let token = std::env::var(TOKEN_ENV).ok();
    let prom = Prometheus::new(&url, token, Duration::from_secs(args.timeout.max(1)));
    let checked = prom
        .check(&project.workspace, &args.window)
        .map_err(|e| cannot(e.to_string()))?;
    let (findings, results) = (&checked.findings, &checked.results);
    let errors = findings.iter().filter(|f| f.severity == "error").count();
    if let Some(file) = &args.record {
        let evidence = Evidence {
            when: jiff::Timestamp::now().to_string(),
            prometheus: prom.url(),
            version: &checked.version,
            revision: &checked.revision,
            window: &args.window,
            results,
            rule_files: rule_file_hashes(&project.root, &project),
        };
        write_export(&project.root, file, &evidence.markdown())
            .map_err(|e| cannot(e.to_string()))?;
    }
    match args.format {
        Format::Text => emit(render_text(prom.url(), &checked.version, findings, results))?,
        Format::Json => {
            let value = json!({ "findings": findings });
            let text = serde_json::to_string_pretty(&value).unwrap_or_default();
            emit(Safe::json(&format!("{text}\n")))?
        }
    };
    Ok(if errors == 0 { 0 } else { REFUSED })
}

/// The sha256 of each rule file read, by path.
fn rule_file_hashes(root: &Path, project: &crate::store::Project) -> Vec<(String, String)> {
    project
        .workspace
        .monitoring
        .files
        .iter()
        .filter(|(_, k)| *k == FileKind::Rules)
        .map(|(path, _)| {
            let hash = match read_text(root, path, project.config.max_file_size) {
                ReadOutcome::Text(t) => hex(&Sha256::digest(t.as_bytes())),
                ReadOutcome::Problem(d) => format!("unreadable: {}", d.message),
            };
            (path.clone(), hash)
        })
        .collect()
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// The text report: one line per finding, then the tally.
fn render_text(
    url: &str,
    version: &str,
    findings: &[LiveFinding],
    results: &[LiveResult],
) -> Styled {
    let mut out = Styled::new(Colour::for_stdout());
    out.push("Prometheus ")
        .field(url)
        .push(&format!(" (version {version})\n"));
    for f in findings {
        out.field(&format!("{}:{}:{}: ", f.file, f.line, f.column));
        match f.severity {
            "error" => out.paint(Style::BoldRed, "error"),
            _ => out.paint(Style::Bold, "info"),
        };
        out.field(&format!("[{}] {}", f.rule, f.message));
        if let Some(item) = &f.item {
            out.field(&format!(" ({item})"));
        }
        out.push("\n");
    }
    let alerts = results.iter().filter(|r| r.kind == "alert").count();
    let signals = results.len() - alerts;
    let errors = findings.iter().filter(|f| f.severity == "error").count();
    out.push(&format!(
        "\n{alerts} alert(s) and {signals} signal(s) checked — {errors} error(s)\n"
    ));
    out
}

/// An evidence snapshot.
struct Evidence<'a> {
    when: String,
    prometheus: &'a str,
    version: &'a str,
    revision: &'a str,
    window: &'a str,
    results: &'a [LiveResult],
    rule_files: Vec<(String, String)>,
}

impl Evidence<'_> {
    /// Markdown with a table, and the same as JSON in a fenced block. Values from the
    /// tree and from Prometheus are made inert and kept out of the table's syntax.
    fn markdown(&self) -> String {
        use std::fmt::Write as _;
        let cell = |s: &str| crate::model::inert_line(s).replace('|', "\\|");
        let mut md = format!(
            "{}\n\n- When: {}\n- Prometheus: {} (version {}, revision {})\n\
             - Window: {}\n\n| Kind | Item | Name | Result | Samples | Detail |\n\
             |---|---|---|---|---|---|\n",
            crate::monitoring::EVIDENCE_TITLE,
            self.when,
            cell(self.prometheus),
            cell(self.version),
            cell(self.revision),
            cell(self.window)
        );
        for r in self.results {
            let _ = writeln!(
                md,
                "| {} | {} | `{}` | {} | {} | {} |",
                r.kind,
                cell(&r.item),
                cell(&r.name).replace('`', "'"),
                r.result,
                r.samples.map_or_else(|| "—".to_string(), |n| n.to_string()),
                cell(&r.detail)
            );
        }
        md.push_str("\n## Rule files read\n\n| File | sha256 |\n|---|---|\n");
        for (path, hash) in &self.rule_files {
            let _ = writeln!(md, "| {} | {} |", cell(path), cell(hash));
        }
        let value = json!({
            "when": self.when,
            "prometheus": self.prometheus,
            "build": { "version": self.version, "revision": self.revision },
            "window": self.window,
            "results": self.results,
            "rule_files": self.rule_files.iter().map(|(p, h)| json!({"file": p, "sha256": h})).collect::<Vec<_>>(),
        });
        let text = serde_json::to_string_pretty(&value).unwrap_or_default();
        let _ = write!(md, "\n```json\n{}\n```\n", text.replace("```", "'''"));
        md
    }
}
