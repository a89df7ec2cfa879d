//! The [`Handover`] as lines for the terminal, as markdown to
//! paste into chat or a ticket (headings, bullets and one short table; document text
//! escaped, never raw HTML), or as one JSON document for tools.

use std::fmt::Write as _;

use unicode_width::UnicodeWidthStr;

use super::{Change, ChangeKind, EscalationStep, Handover, OpenAction};
use crate::model::inert_line;
use crate::model::md_text::{cell, code, esc};

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn or_nobody(name: Option<&String>) -> &str {
    name.map_or("nobody", String::as_str)
}

fn or_dash(text: &str) -> &str {
    if text.is_empty() { "—" } else { text }
}

/// `text` padded with spaces to `width` terminal columns.
fn pad(text: &str, width: usize) -> String {
    let w = UnicodeWidthStr::width(text);
    format!("{text}{}", " ".repeat(width.saturating_sub(w)))
}

fn verdict_words(h: &Handover) -> String {
    format!(
        "{} ({}, {})",
        if h.readiness.ready {
            "ready"
        } else {
            "not ready"
        },
        plural(h.readiness.errors, "error", "errors"),
        plural(h.readiness.warnings, "warning", "warnings")
    )
}

fn contact_words(s: &EscalationStep) -> String {
    if s.on_call_role {
        format!("{} → {}", s.contact, or_nobody(s.person.as_ref()))
    } else {
        s.contact.clone()
    }
}

/// An open action's owner, deadline and status, as one clause.
fn action_tail(a: &OpenAction) -> String {
    let mut parts = vec![format!("owner {}", or_dash(&a.owner))];
    parts.push(format!("due {}", or_dash(&a.deadline)));
    if a.overdue {
        parts.push("OVERDUE".to_string());
    }
    if !a.status.is_empty() && a.status != "open" {
        parts.push(a.status.clone());
    }
    parts.join(", ")
}

/// An action's ID worth showing: its own, not a derived one.
fn action_id(a: &OpenAction) -> Option<&str> {
    (!a.derived_id).then_some(a.id.as_str())
}

/// A change's before → after, or the side that exists.
fn change_words(c: &Change) -> String {
    match (c.before.is_empty(), c.after.is_empty()) {
        (true, _) => c.after.clone(),
        (false, true) => c.before.clone(),
        (false, false) => format!("{} → {}", c.before, c.after),
    }
}

/// The changes grouped by kind, in [`ChangeKind::ALL`] order.
fn grouped(changes: &[Change]) -> Vec<(ChangeKind, Vec<&Change>)> {
    ChangeKind::ALL
        .iter()
        .map(|&k| {
            (
                k,
                changes.iter().filter(|c| c.kind == k).collect::<Vec<_>>(),
            )
        })
        .filter(|(_, cs)| !cs.is_empty())
        .collect()
}

/// Progress against the campaign's dates, one line each; nothing without them.
fn text_campaign(out: &mut String, h: &Handover) {
    if h.campaign.is_empty() {
        return;
    }
    out.push_str("Campaign\n");
    for t in &h.campaign {
        let _ = writeln!(out, "  {}", campaign_words(t));
    }
    out.push('\n');
}

/// One campaign date in words: what, by when, days left or late, errors open.
fn campaign_words(t: &super::CampaignTarget) -> String {
    let when = match t.days_left {
        d if d < 0 => format!("{} d late", -d),
        d => format!("{d} d left"),
    };
    let state = if t.errors == 0 {
        "met".to_string()
    } else {
        format!("{} error(s) open", t.errors)
    };
    format!("{}: ready by {} ({when}) — {state}", t.title, t.ready_by)
}

/// The handover as lines for a terminal.
pub fn render_text(h: &Handover) -> String {
    let mut out = String::new();
    // File names and the project name stay on their line, whatever they hold.
    let _ = writeln!(
        out,
        "Handover: {} — {}",
        inert_line(&h.project),
        h.now.local
    );
    let _ = writeln!(out, "Readiness: {}\n", verdict_words(h));
    text_campaign(&mut out, h);
    text_on_call(&mut out, h);
    out.push_str("Escalation\n");
    if h.escalation.is_empty() {
        out.push_str("  no escalation paths in the playbook\n");
    }
    for path in &h.escalation {
        for (n, s) in path.steps.iter().enumerate() {
            let sev = if n == 0 { path.severity.as_str() } else { "" };
            let _ = writeln!(
                out,
                "  {} {} {} {}  {}",
                pad(sev, 5),
                pad(&format!("{}.", or_dash(&s.step)), 3),
                pad(or_dash(&s.after), 8),
                pad(&contact_words(s), 34),
                s.channel
            );
        }
    }
    let _ = writeln!(out, "\nOpen telemetry gaps ({})", h.open_gaps.len());
    if h.open_gaps.is_empty() {
        out.push_str("  none\n");
    }
    for g in &h.open_gaps {
        let due = if g.overdue {
            format!("{} OVERDUE", g.due)
        } else {
            or_dash(&g.due).to_string()
        };
        let _ = writeln!(
            out,
            "  {} {} — {}, owner {}, due {due}",
            pad(&g.id, 8),
            g.signal,
            g.status,
            or_dash(&g.owner)
        );
    }
    let _ = writeln!(out, "\nOverdue ({})", h.overdue.len());
    if h.overdue.is_empty() {
        out.push_str("  nothing\n");
    }
    for o in &h.overdue {
        let _ = writeln!(
            out,
            "  {} {}, due {} ({} days ago), owner {}: {}",
            pad(&o.id, 8),
            o.what,
            o.due,
            o.days,
            or_dash(&o.owner),
            o.text
        );
    }
    let _ = writeln!(out, "\nOpen actions ({})", h.open_actions.len());
    if h.open_actions.is_empty() {
        out.push_str("  none\n");
    }
    for a in &h.open_actions {
        let id = action_id(a).map_or_else(String::new, |id| format!("{id} "));
        let _ = writeln!(
            out,
            "  - {id}{} — {} ({}:{})",
            a.text,
            action_tail(a),
            inert_line(&a.file),
            a.line
        );
    }
    out.push_str("\nWhat changed\n");
    let _ = writeln!(out, "  {}", h.comparison.note);
    if h.changes.is_empty() && h.comparison.compared {
        out.push_str("  nothing changed\n");
    }
    for (kind, changes) in grouped(&h.changes) {
        let _ = writeln!(out, "  {}", kind.title());
        for c in changes {
            let _ = writeln!(
                out,
                "    {} {} — {} ({}:{})",
                pad(&c.item, 8),
                c.title,
                change_words(c),
                inert_line(&c.file),
                c.line
            );
        }
    }
    if let Some(a) = &h.acknowledged {
        let _ = writeln!(
            out,
            "\nAcknowledged by {} from {} on {} ({}:{})",
            a.incoming,
            a.outgoing,
            a.date,
            inert_line(&a.file),
            a.line
        );
    }
    out
}

fn text_on_call(out: &mut String, h: &Handover) {
    let Some(now) = &h.on_call else {
        out.push_str("On call: no rotation in the playbook\n\n");
        return;
    };
    out.push_str("On call now\n");
    let _ = writeln!(out, "  Primary    {}", or_nobody(now.primary.as_ref()));
    let _ = writeln!(out, "  Secondary  {}", or_nobody(now.secondary.as_ref()));
    if let Some(reason) = &now.override_reason {
        let _ = writeln!(out, "  Override   {reason}");
    }
    match &now.until {
        Some(until) => {
            let _ = writeln!(out, "  Until      {}", until.local);
        }
        None => out.push_str("  Until      no further hand-off in the rotation\n"),
    }
    if let Some(next) = &h.next {
        let _ = writeln!(out, "Next, from {}", next.from.local);
        let _ = writeln!(out, "  Primary    {}", or_nobody(next.primary.as_ref()));
        let _ = writeln!(out, "  Secondary  {}", or_nobody(next.secondary.as_ref()));
    }
    if !h.on_call_findings.is_empty() {
        let _ = writeln!(
            out,
            "Rotation and escalation findings ({})",
            h.on_call_findings.len()
        );
    }
    for n in &h.on_call_findings {
        let _ = writeln!(
            out,
            "  {}:{}: {}[{}] {}",
            inert_line(&n.file),
            n.line,
            n.severity,
            n.rule,
            n.message
        );
    }
    out.push('\n');
}

/// The handover as markdown for chat or a ticket.
pub fn render_markdown(h: &Handover) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# On-call handover: {}\n", esc(&h.project));
    let _ = writeln!(
        out,
        "**{}** · readiness: **{}**\n",
        esc(&h.now.local),
        esc(&verdict_words(h))
    );
    if !h.campaign.is_empty() {
        out.push_str("## Campaign\n\n");
        for t in &h.campaign {
            let _ = writeln!(out, "- {}", esc(&campaign_words(t)));
        }
        out.push('\n');
    }
    md_on_call(&mut out, h);
    out.push_str("## Escalation\n\n");
    if h.escalation.is_empty() {
        out.push_str("No escalation paths in the playbook.\n\n");
    }
    for path in &h.escalation {
        let steps: Vec<String> = path
            .steps
            .iter()
            .map(|s| {
                let who = if s.on_call_role {
                    format!(
                        "{} → **{}**",
                        esc(&s.contact),
                        esc(or_nobody(s.person.as_ref()))
                    )
                } else {
                    esc(&s.contact)
                };
                let mut details = Vec::new();
                if !s.after.is_empty() {
                    details.push(esc(&s.after));
                }
                if !s.channel.is_empty() {
                    details.push(esc(&s.channel));
                }
                if details.is_empty() {
                    who
                } else {
                    format!("{who} ({})", details.join(", "))
                }
            })
            .collect();
        let _ = writeln!(out, "- **{}**: {}", esc(&path.severity), steps.join(" ▸ "));
    }
    if !h.escalation.is_empty() {
        out.push('\n');
    }
    let _ = writeln!(out, "## Open telemetry gaps ({})\n", h.open_gaps.len());
    if h.open_gaps.is_empty() {
        out.push_str("None.\n");
    }
    for g in &h.open_gaps {
        let due = if g.overdue {
            format!("**due {} (overdue)**", esc(&g.due))
        } else {
            format!("due {}", cell(&g.due))
        };
        let _ = writeln!(
            out,
            "- {} {} — {}, owner {}, {due}",
            code(&g.id),
            esc(&g.signal),
            esc(&g.status),
            cell(&g.owner)
        );
    }
    let _ = writeln!(out, "\n## Overdue ({})\n", h.overdue.len());
    if h.overdue.is_empty() {
        out.push_str("Nothing.\n");
    }
    for o in &h.overdue {
        let _ = writeln!(
            out,
            "- {} {} — {}, due {} ({} days ago), owner {}",
            code(&o.id),
            esc(&o.text),
            o.what,
            esc(&o.due),
            o.days,
            cell(&o.owner)
        );
    }
    let _ = writeln!(out, "\n## Open actions ({})\n", h.open_actions.len());
    if h.open_actions.is_empty() {
        out.push_str("None.\n");
    }
    for a in &h.open_actions {
        let id = action_id(a).map_or_else(String::new, |id| format!("{} ", code(id)));
        let _ = writeln!(out, "- {id}{} — {}", esc(&a.text), esc(&action_tail(a)));
    }
    out.push_str("\n## What changed\n\n");
    let _ = writeln!(out, "_{}_\n", esc(&h.comparison.note));
    if h.changes.is_empty() && h.comparison.compared {
        out.push_str("Nothing changed.\n");
    }
    for (kind, changes) in grouped(&h.changes) {
        let _ = writeln!(out, "### {}\n", kind.title());
        for c in changes {
            let _ = writeln!(
                out,
                "- {} {} — {}",
                code(&c.item),
                esc(&c.title),
                esc(&change_words(c))
            );
        }
        out.push('\n');
    }
    if let Some(a) = &h.acknowledged {
        let _ = writeln!(
            out,
            "\n**Acknowledged** by {} from {} on {}.",
            esc(&a.incoming),
            esc(&a.outgoing),
            a.date
        );
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

fn md_on_call(out: &mut String, h: &Handover) {
    out.push_str("## On call\n\n");
    let Some(now) = &h.on_call else {
        out.push_str("No on-call rotation in the playbook.\n\n");
        return;
    };
    out.push_str("| | Primary | Secondary | When |\n|---|---|---|---|\n");
    let until = now.until.as_ref().map_or_else(
        || "no further hand-off".to_string(),
        |u| format!("until {}", esc(&u.local)),
    );
    let _ = writeln!(
        out,
        "| **Now** | {} | {} | {until} |",
        esc(or_nobody(now.primary.as_ref())),
        esc(or_nobody(now.secondary.as_ref()))
    );
    if let Some(next) = &h.next {
        let _ = writeln!(
            out,
            "| **Next** | {} | {} | from {} |",
            esc(or_nobody(next.primary.as_ref())),
            esc(or_nobody(next.secondary.as_ref())),
            esc(&next.from.local)
        );
    }
    out.push('\n');
    if let Some(reason) = &now.override_reason {
        let _ = writeln!(out, "Override in force: {}\n", esc(reason));
    }
    for n in &h.on_call_findings {
        let _ = writeln!(
            out,
            "- **{}** `{}`: {}",
            n.severity,
            n.rule,
            esc(&n.message)
        );
    }
    if !h.on_call_findings.is_empty() {
        out.push('\n');
    }
}

/// The handover as one JSON document; fields keep the order of [`Handover`].
pub fn render_json(h: &Handover) -> String {
    serde_json::to_string_pretty(h).unwrap_or_default()
}
