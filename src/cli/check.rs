//! `readyroom check`: the findings grouped by criterion, the verdict and the counts, as
//! text for people (coloured on a terminal) or JSON for tools.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::{Value, json};

use crate::model::{ItemKind, Workspace};
use crate::rules::{Finding, Severity, Verdict};

/// Whether to emit ANSI colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Colour {
    /// Plain text.
    Off,
    /// ANSI colours.
    On,
}

fn paint(colour: Colour, code: &str, text: &str) -> String {
    match colour {
        Colour::On => format!("\x1b[{code}m{text}\x1b[0m"),
        Colour::Off => text.to_string(),
    }
}

/// Item counts by kind, in a stable order.
pub fn item_counts(ws: &Workspace) -> BTreeMap<ItemKind, usize> {
    let mut counts = BTreeMap::new();
    for item in &ws.items {
        *counts.entry(item.kind).or_insert(0) += 1;
    }
    counts
}

/// One finding as `file:line:col: severity[rule] message (item)`.
pub fn finding_line(f: &Finding, colour: Colour) -> String {
    let sev = match f.severity {
        Severity::Error => paint(colour, "1;31", "error"),
        Severity::Warning => paint(colour, "1;33", "warning"),
    };
    let item = f
        .item
        .as_deref()
        .map(|i| format!(" ({i})"))
        .unwrap_or_default();
    format!(
        "{}:{}:{}: {sev}[{}] {}{item}",
        f.file, f.line, f.column, f.rule, f.message
    )
}

/// The human report: summary of what was loaded, findings per criterion, verdict.
pub fn render_text(
    name: &str,
    ws: &Workspace,
    findings: &[Finding],
    verdict: &Verdict,
    today: &str,
    colour: Colour,
) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} — {} documents, {} items (today {today})",
        paint(colour, "1", name),
        ws.docs.len(),
        ws.items.len()
    );
    let counts = item_counts(ws);
    let summary: Vec<String> = counts
        .iter()
        .map(|(k, n)| format!("{n} {}", k.plural()))
        .collect();
    if !summary.is_empty() {
        let _ = writeln!(out, "  {}", summary.join(", "));
    }
    for c in &verdict.criteria {
        let mark = if c.passed {
            paint(colour, "32", "PASS")
        } else {
            paint(colour, "31", "FAIL")
        };
        let _ = writeln!(out, "\n{mark} {}", paint(colour, "1", c.title));
        for &i in &c.findings {
            let _ = writeln!(out, "  {}", finding_line(&findings[i], colour));
        }
    }
    let word = if verdict.ready {
        paint(colour, "1;32", "READY")
    } else {
        paint(colour, "1;31", "NOT READY")
    };
    let _ = writeln!(
        out,
        "\nVerdict: {word} — {} error(s), {} warning(s)",
        verdict.errors, verdict.warnings
    );
    out
}

/// The machine report; keys and order are stable.
pub fn render_json(ws: &Workspace, findings: &[Finding], verdict: &Verdict, today: &str) -> Value {
    let finding_json = |f: &Finding| {
        json!({
            "rule": f.rule,
            "severity": f.severity.as_str(),
            "file": f.file,
            "line": f.line,
            "column": f.column,
            "item": f.item,
            "message": f.message,
        })
    };
    let criteria: Vec<Value> = verdict
        .criteria
        .iter()
        .map(|c| {
            json!({
                "id": c.id.as_str(),
                "title": c.title,
                "passed": c.passed,
                "findings": c.findings.iter().map(|&i| finding_json(&findings[i])).collect::<Vec<_>>(),
            })
        })
        .collect();
    let items: serde_json::Map<String, Value> = item_counts(ws)
        .into_iter()
        .map(|(k, n)| {
            (
                serde_json::to_value(k)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default(),
                json!(n),
            )
        })
        .collect();
    json!({
        "verdict": if verdict.ready { "ready" } else { "not_ready" },
        "today": today,
        "criteria": criteria,
        "findings": findings.iter().map(finding_json).collect::<Vec<_>>(),
        "counts": {
            "errors": verdict.errors,
            "warnings": verdict.warnings,
            "documents": ws.docs.len(),
            "items": items,
        },
    })
}
