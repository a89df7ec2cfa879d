//! The report as markdown for a git forge: headings, lists and tables only, every
//! piece of document text escaped so it shows as written and never as HTML.

use std::fmt::Write as _;

use super::types::{
    AlertChain, ChangeLogInfo, ContactInfo, EscalationPath, FindingInfo, LinkInfo, OpenAction,
    Report, RotationInfo, RtmInfo, SignOffInfo, TelemetryInfo,
};
use crate::model::is_blank;
use crate::model::md_text::{cell, code, esc};
use crate::rules::CriterionId;

fn pass_fail(passed: bool) -> &'static str {
    if passed { "PASS" } else { "**FAIL**" }
}

use crate::model::wording::{count as plural, days};

fn findings_cell(rules: &[&str]) -> String {
    if rules.is_empty() {
        "—".to_string()
    } else {
        rules
            .iter()
            .map(|r| format!("`{r}`"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn md_header(out: &mut String, r: &Report) {
    let v = &r.verdict;
    let _ = writeln!(out, "# Operational readiness report: {}\n", esc(&r.project));
    let word = if v.verdict == "ready" {
        "READY"
    } else {
        "NOT READY"
    };
    let _ = writeln!(
        out,
        "**Verdict: {word}** — {}, {}.\n",
        plural(v.errors, "error", "errors"),
        plural(v.warnings, "warning", "warnings")
    );
    let _ = writeln!(
        out,
        "- **Date:** {} (generated {})",
        r.today, r.generated_at
    );
    match &r.git {
        Some(g) if g.dirty => {
            let _ = writeln!(
                out,
                "- **Commit:** {} with uncommitted changes in the docs (dirty)",
                code(&g.commit)
            );
        }
        Some(g) => {
            let _ = writeln!(out, "- **Commit:** {}", code(&g.commit));
        }
        None => out.push_str("- **Commit:** none (the docs are not in a git repository)\n"),
    }
    let _ = writeln!(
        out,
        "- **Read:** {}, {}\n",
        plural(v.documents, "document", "documents"),
        plural(v.items, "item", "items")
    );
}

fn md_criteria(out: &mut String, r: &Report) {
    out.push_str("## Readiness criteria\n\n");
    out.push_str("| # | Criterion | Result | Errors | Warnings |\n|---|---|---|---|---|\n");
    for (n, c) in r.criteria.iter().enumerate() {
        let number = if c.id == CriterionId::Operational.as_str() {
            "—".to_string()
        } else {
            (n + 1).to_string()
        };
        let _ = writeln!(
            out,
            "| {number} | {} | {} | {} | {} |",
            esc(c.title),
            pass_fail(c.passed),
            c.errors,
            c.warnings
        );
    }
    out.push_str("\nThe operational checks:\n\n");
    out.push_str("| Check | Result | Errors | Warnings | Rules |\n|---|---|---|---|---|\n");
    for c in &r.checks {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            esc(c.title),
            pass_fail(c.passed),
            c.errors,
            c.warnings,
            findings_cell(&c.rules)
        );
    }
    out.push('\n');
}

fn md_telemetry(out: &mut String, t: &TelemetryInfo) {
    out.push_str("## Telemetry coverage\n\n");
    if t.items.is_empty() {
        out.push_str("No telemetry items: the observability report has no table with Signal and Status columns.\n\n");
        return;
    }
    let _ = writeln!(
        out,
        "{} of {} covered ({:.1}%); {}, {} overdue.\n",
        t.covered,
        plural(t.signals, "signal", "signals"),
        t.covered_percent,
        plural(t.gaps, "gap", "gaps"),
        t.overdue
    );
    out.push_str(
        "| ID | Signal | Status | Dashboard | Owner | Due | Requirement |\n\
         |---|---|---|---|---|---|---|\n",
    );
    for i in &t.items {
        let gap = i.coverage == "gap";
        let status = match i.coverage {
            "gap" => format!("{} (gap)", cell(&i.status)),
            "unknown" => format!("{} (unknown status)", cell(&i.status)),
            _ => cell(&i.status),
        };
        let owner = if gap && is_blank(&i.owner) {
            "**none**".to_string()
        } else {
            cell(&i.owner)
        };
        let due = if i.overdue {
            format!("{} **overdue**", esc(&i.due))
        } else if gap && is_blank(&i.due) {
            "**none**".to_string()
        } else {
            cell(&i.due)
        };
        let _ = writeln!(
            out,
            "| {} | {} | {status} | {} | {owner} | {due} | {} |",
            code(&i.id),
            cell(&i.signal),
            cell(&i.dashboard),
            cell(&i.requirement)
        );
    }
    out.push('\n');
}

fn link_cell(l: &LinkInfo) -> String {
    let state = match l.status {
        "ok" => "resolves",
        "external" => "external, not checked",
        "missing_file" => "**broken: no such file**",
        "missing_anchor" => "**broken: no such heading**",
        "outside_root" => "**outside the project**",
        _ => "cannot be checked",
    };
    format!("{} ({state})", code(&l.target))
}

fn md_alerts(out: &mut String, alerts: &[AlertChain]) {
    out.push_str("## Alerts, runbooks and dashboards\n\n");
    if alerts.is_empty() {
        out.push_str(
            "No alert thresholds: the playbook has no table with Alert and Threshold columns.\n\n",
        );
        return;
    }
    out.push_str(
        "Dashboards come from telemetry items whose Signal or Alert cell names the alert; \
         `—` when none does.\n\n",
    );
    out.push_str(
        "| Alert | Severity | Threshold | Runbook | Dashboard | Findings |\n\
         |---|---|---|---|---|---|\n",
    );
    for a in alerts {
        let runbook = if a.runbooks.is_empty() {
            "**none**".to_string()
        } else {
            a.runbooks
                .iter()
                .map(link_cell)
                .collect::<Vec<_>>()
                .join("; ")
        };
        let dashboard = if a.dashboards.is_empty() {
            "—".to_string()
        } else {
            a.dashboards
                .iter()
                .map(|d| match &d.target {
                    Some(t) => format!("{} {} (via {})", esc(&d.text), code(t), code(&d.telemetry)),
                    None => format!("{} (via {})", esc(&d.text), code(&d.telemetry)),
                })
                .collect::<Vec<_>>()
                .join("; ")
        };
        let _ = writeln!(
            out,
            "| {} {} | {} | {} | {runbook} | {dashboard} | {} |",
            code(&a.id),
            esc(&a.alert),
            cell(&a.severity),
            cell(&a.threshold),
            findings_cell(&a.findings)
        );
    }
    out.push('\n');
}

fn md_escalation(out: &mut String, paths: &[EscalationPath], contacts: &[ContactInfo]) {
    out.push_str("## Escalation\n\n");
    if paths.is_empty() {
        out.push_str("No escalation paths: the playbook has no table per severity under an Escalation heading.\n\n");
    } else {
        out.push_str(
            "| Severity | Steps | Contacts in order (after) | Channels | Findings |\n\
             |---|---|---|---|---|\n",
        );
        for p in paths {
            let chain = p
                .steps
                .iter()
                .map(|s| {
                    if is_blank(&s.after) {
                        cell(&s.contact)
                    } else {
                        format!("{} ({})", cell(&s.contact), esc(&s.after))
                    }
                })
                .collect::<Vec<_>>()
                .join(" → ");
            let mut channels: Vec<&str> = Vec::new();
            for s in &p.steps {
                if !is_blank(&s.channel) && !channels.contains(&s.channel.as_str()) {
                    channels.push(&s.channel);
                }
            }
            let flagged: Vec<String> = p
                .steps
                .iter()
                .filter(|s| !s.findings.is_empty())
                .map(|s| format!("step {}: {}", esc(&s.step), findings_cell(&s.findings)))
                .collect();
            let _ = writeln!(
                out,
                "| {} | {} | {chain} | {} | {} |",
                cell(&p.severity),
                p.steps.len(),
                if channels.is_empty() {
                    "—".to_string()
                } else {
                    channels
                        .iter()
                        .map(|c| esc(c))
                        .collect::<Vec<_>>()
                        .join(", ")
                },
                if flagged.is_empty() {
                    "—".to_string()
                } else {
                    flagged.join("; ")
                }
            );
        }
        out.push('\n');
    }
    if !contacts.is_empty() {
        out.push_str("Contacts (phone numbers are in the playbook):\n\n");
        out.push_str("| Name | Role | Handle | Time zone |\n|---|---|---|---|\n");
        for c in contacts {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                cell(&c.name),
                cell(&c.role),
                cell(&c.handle),
                cell(&c.time_zone)
            );
        }
        out.push('\n');
    }
}

fn md_rotation(out: &mut String, rot: Option<&RotationInfo>) {
    out.push_str("## On-call rotation\n\n");
    let Some(r) = rot else {
        out.push_str(
            "No on-call rotation: the playbook has no shift table under an On-call heading.\n\n",
        );
        return;
    };
    let _ = writeln!(
        out,
        "- **Time zone:** {}; cover needed {}",
        esc(&r.time_zone),
        esc(&r.coverage)
    );
    match (&r.horizon, r.days_left) {
        (Some(h), Some(d)) => {
            let left = match d {
                d if d > 1 => format!("runs out in {d} days"),
                1 => "runs out tomorrow".to_string(),
                0 => "runs out today".to_string(),
                -1 => "ran out yesterday".to_string(),
                d => format!("ran out {} days ago", -d),
            };
            let _ = writeln!(out, "- **Horizon:** {} ({left})", esc(h));
        }
        _ => out.push_str("- **Horizon:** no shift could be read\n"),
    }
    let _ = writeln!(
        out,
        "- **Covered:** {:.1}% of the time needing cover has a primary on call; {}, {}",
        r.covered_percent,
        plural(r.gaps.len(), "gap", "gaps"),
        plural(r.overlaps, "overlap", "overlaps")
    );
    let _ = writeln!(
        out,
        "- **On call now:** {} (primary), {} (secondary)\n",
        r.on_call_now
            .primary
            .as_deref()
            .map_or("nobody".to_string(), esc),
        r.on_call_now
            .secondary
            .as_deref()
            .map_or("nobody".to_string(), esc)
    );
    if !r.gaps.is_empty() {
        out.push_str("| Nobody primary on call | Length |\n|---|---|\n");
        for g in &r.gaps {
            let _ = writeln!(out, "| {} | {} |", esc(&g.when), g.duration);
        }
        out.push('\n');
    }
    if !r.hours.is_empty() {
        out.push_str("| Person | Primary hours |\n|---|---|\n");
        for h in &r.hours {
            let _ = writeln!(out, "| {} | {:.1} |", cell(&h.person), h.hours);
        }
        out.push('\n');
    }
}

fn md_rtm(out: &mut String, rtm: &RtmInfo) {
    out.push_str("## Requirements traceability\n\n");
    if rtm.requirements == 0 {
        out.push_str("No requirements: the RTM has no table with ID and Requirement columns.\n\n");
        return;
    }
    let _ = writeln!(
        out,
        "{} in the RTM. Coverage counts requirements whose links in the column all resolve.\n",
        plural(rtm.requirements, "requirement", "requirements")
    );
    out.push_str("| Evidence | Resolving | Broken | Empty | Coverage |\n|---|---|---|---|---|\n");
    for c in &rtm.columns {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {:.1}% |",
            c.column, c.resolving, c.broken, c.empty, c.percent
        );
    }
    out.push('\n');
    if rtm.untraced.is_empty() {
        out.push_str(
            "Every availability, reliability and security NFR links operational evidence.\n\n",
        );
    } else {
        let list: Vec<String> = rtm
            .untraced
            .iter()
            .map(|u| format!("{} ({})", code(&u.id), u.category))
            .collect();
        let _ = writeln!(
            out,
            "**Without operational evidence:** {}.\n",
            list.join(", ")
        );
    }
    out.push_str("| ID | Type | Design | Test | Release | Ops | Requirement |\n|---|---|---|---|---|---|---|\n");
    let mark = |s: &str| match s {
        "resolves" => "✓",
        "broken" => "✗ broken",
        "empty" => "·",
        _ => "—",
    };
    for row in &rtm.matrix {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} |",
            code(&row.id),
            cell(&row.kind),
            mark(row.evidence.design),
            mark(row.evidence.test),
            mark(row.evidence.release),
            mark(row.evidence.ops),
            cell(&row.requirement)
        );
    }
    out.push_str("\n✓ resolves · ✗ broken link · `·` no link · `—` no such column\n\n");
}

fn md_signoffs(out: &mut String, signoffs: &[SignOffInfo]) {
    out.push_str("## Sign-offs\n\n");
    if signoffs.is_empty() {
        out.push_str("No item is signed off.\n\n");
        return;
    }
    let stale = signoffs.iter().filter(|s| s.state != "valid").count();
    let _ = writeln!(
        out,
        "{}; {} no longer {}.\n",
        plural(signoffs.len(), "sign-off", "sign-offs"),
        stale,
        if stale == 1 { "holds" } else { "hold" }
    );
    out.push_str(
        "| Item | Signer | Date | Fingerprint | Now | State | Where |\n\
         |---|---|---|---|---|---|---|\n",
    );
    for s in signoffs {
        let state = match s.state {
            "valid" => "valid",
            "stale" => "**STALE**: changed after signing",
            _ => "**INVALID**: not `NAME YYYY-MM-DD fp:HEX`",
        };
        let signer = if s.state == "invalid" {
            esc(&s.text)
        } else {
            cell(&s.signer)
        };
        let _ = writeln!(
            out,
            "| {} | {signer} | {} | {} | {} | {state} | {} |",
            code(&s.item),
            cell(&s.date),
            code(&s.fingerprint),
            code(&s.current),
            code(&format!("{}:{}", s.file, s.line))
        );
    }
    out.push('\n');
}

fn md_actions(out: &mut String, log: &ChangeLogInfo, actions: &[OpenAction]) {
    out.push_str("## Open risks and actions\n\n");
    let _ = writeln!(
        out,
        "The change log holds {}; its audit trail, counted apart, {}.\n",
        plural(log.entries, "entry", "entries"),
        plural(log.audit_lines, "line", "lines")
    );
    if actions.is_empty() {
        out.push_str("No open change-log entries or actions.\n\n");
        return;
    }
    out.push_str("| Item | Entry | Owner | Due | Status | Where |\n|---|---|---|---|---|---|\n");
    for a in actions {
        let owner = if is_blank(&a.owner) {
            "**none**".to_string()
        } else {
            esc(&a.owner)
        };
        let due = if a.overdue {
            format!("{} **overdue**", esc(&a.due))
        } else if is_blank(&a.due) {
            "**none**".to_string()
        } else {
            esc(&a.due)
        };
        let _ = writeln!(
            out,
            "| {} | {} | {owner} | {due} | {} | {} |",
            code(&a.item),
            cell(&a.text),
            cell(&a.status),
            code(&format!("{}:{}", a.file, a.line))
        );
    }
    out.push('\n');
}

fn md_findings(out: &mut String, findings: &[FindingInfo]) {
    out.push_str("## Findings\n\n");
    if findings.is_empty() {
        out.push_str("None: every check passes.\n");
        return;
    }
    out.push_str("| Severity | Rule | Where | Item | Message |\n|---|---|---|---|---|\n");
    for f in findings {
        let _ = writeln!(
            out,
            "| {} | `{}` | {} | {} | {} |",
            f.severity,
            f.rule,
            code(&format!("{}:{}:{}", f.file, f.line, f.column)),
            f.item.as_deref().map_or("—".to_string(), code),
            esc(&f.message)
        );
    }
}

/// The report as markdown for a git forge: headings, lists and tables only.
pub fn render_markdown(r: &Report) -> String {
    let mut out = String::new();
    md_header(&mut out, r);
    md_criteria(&mut out, r);
    md_telemetry(&mut out, &r.telemetry);
    md_alerts(&mut out, &r.alerts);
    md_escalation(&mut out, &r.escalation, &r.contacts);
    md_rotation(&mut out, r.rotation.as_ref());
    md_rtm(&mut out, &r.rtm);
    md_signoffs(&mut out, &r.signoffs);
    md_actions(&mut out, &r.change_log, &r.open_actions);
    md_trend(&mut out, r);
    md_findings(&mut out, &r.findings);
    out
}

/// One row per criterion with a date of its own: the date, the days left, the errors
/// left and whether the rate closes them in time.
fn md_campaign_criteria(out: &mut String, r: &Report) {
    if r.campaign_criteria.is_empty() {
        return;
    }
    out.push_str(
        "| Criterion | Ready by | Days left | Errors | Progress |\n|---|---|---|---|---|\n",
    );
    for c in &r.campaign_criteria {
        let progress = match (&c.at_risk, c.errors) {
            (Some(why), _) => format!("at risk — {}", esc(why)),
            (None, 0) => "met".to_string(),
            (None, _) => "on track".to_string(),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {progress} |",
            c.title, c.ready_by, c.days_left, c.errors
        );
    }
    out.push('\n');
}

/// The campaign's progress and the trend table, when there are any.
fn md_trend(out: &mut String, r: &Report) {
    if r.campaign.is_none() && r.campaign_criteria.is_empty() && r.trend.is_empty() {
        return;
    }
    out.push_str(
        "## Progress over time

",
    );
    if let Some(c) = &r.campaign {
        let when = if c.days_left >= 0 {
            format!("{} left", days(c.days_left))
        } else {
            format!("{} ago", days(-c.days_left))
        };
        let _ = writeln!(
            out,
            "Ready by **{}** ({when}), {} error(s) left: {}.\n",
            c.ready_by,
            c.errors,
            c.at_risk
                .as_deref()
                .map_or("on track".to_string(), |why| format!(
                    "at risk — {}",
                    esc(why)
                ))
        );
    }
    md_campaign_criteria(out, r);
    if r.trend.is_empty() {
        return;
    }
    out.push_str(
        "| Date | Commit | Verdict | Errors | Warnings | Open gaps | Overdue | Waived |\n\
         |---|---|---|---|---|---|---|---|\n",
    );
    for p in &r.trend {
        let _ = writeln!(
            out,
            "| {} | `{}` | {} | {} | {} | {} | {} | {} |",
            p.date,
            p.commit.get(..12).unwrap_or(&p.commit),
            p.verdict,
            p.errors,
            p.warnings,
            p.open_gaps,
            p.overdue,
            p.waived
        );
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_escape_markup_and_pipes() {
        assert_eq!(esc("p95 | p99 <owner> *x*"), r"p95 \| p99 \<owner\> \*x\*");
        assert_eq!(cell(" — "), "—");
        assert_eq!(code("a|b"), r"a\|b");
        assert_eq!(code("docs/x.md:3"), "`docs/x.md:3`");
    }
}
