//! `readyroom check`: the findings grouped by criterion, the verdict and the counts, as
//! text for people (coloured on a terminal) or JSON for tools.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::output::{Colour, Style, Styled};
use crate::model::{ItemKind, Workspace};
use crate::rules::{Finding, Severity, Verdict};

/// Item counts by kind, in a stable order.
pub fn item_counts(ws: &Workspace) -> BTreeMap<ItemKind, usize> {
    let mut counts = BTreeMap::new();
    for item in &ws.items {
        *counts.entry(item.kind).or_insert(0) += 1;
    }
    counts
}

/// Add one finding as `file:line:col: severity[rule] message (item)`: one line, however
/// the file name, message or item ID reads.
pub fn finding_line(out: &mut Styled, f: &Finding) {
    out.field(&format!("{}:{}:{}: ", f.file, f.line, f.column));
    match f.severity {
        Severity::Error => out.paint(Style::BoldRed, "error"),
        Severity::Warning => out.paint(Style::BoldYellow, "warning"),
    };
    out.field(&format!("[{}] {}", f.rule, f.message));
    if let Some(item) = &f.item {
        out.field(&format!(" ({item})"));
    }
}

/// The human report: summary of what was loaded, findings per criterion, verdict. Text
/// from the tree (the project name, file names, messages) is made inert.
pub fn render_text(
    name: &str,
    ws: &Workspace,
    findings: &[Finding],
    verdict: &Verdict,
    today: &str,
    colour: Colour,
) -> Styled {
    let mut out = Styled::new(colour);
    out.paint(Style::Bold, name).push(&format!(
        " — {} documents, {} items (today {today})\n",
        ws.docs.len(),
        ws.items.len()
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
            finding_line(&mut out, &findings[i]);
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
        " — {} error(s), {} warning(s)\n",
        verdict.errors, verdict.warnings
    ));
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
