//! The [`Handover`] as lines for the terminal, as markdown to
//! paste into chat or a ticket (headings, bullets and one short table; document text
//! escaped, never raw HTML), or as one JSON document for tools.

use std::fmt::Write as _;

use unicode_width::UnicodeWidthStr;

use super::{Change, ChangeKind, EscalationStep, Handover, OpenAction};
use crate::model::inert_line;
use crate::model::md_text::{cell, code, esc};

use crate::model::wording::{count as plural, days};

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

/// What a line of [`render_text`] is, for colouring it on a screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    /// A section heading (the line starts at the margin).
    Heading,
    /// Something new since the last handover (`  + …`).
    New,
    /// Something past its date (`  ! …`).
    Overdue,
    /// Anything else.
    Text,
}

/// The mark a line of [`render_text`] carries in its third and fourth column for a new
/// and for an overdue item; document text only ever comes after it.
const NEW_MARK: &str = "+ ";
const OVERDUE_MARK: &str = "! ";

/// The kind of each line of [`render_text`]'s output: headings start at the margin,
/// items are indented by two columns and then carry a mark (`+ ` new, `! ` overdue) or
/// two more spaces, so document text never decides a line's kind.
pub fn line_kinds<'a>(lines: impl IntoIterator<Item = &'a str>) -> Vec<LineKind> {
    lines
        .into_iter()
        .map(|l| {
            if !l.is_empty() && !l.starts_with(' ') {
                LineKind::Heading
            } else if l.get(2..4) == Some(NEW_MARK) {
                LineKind::New
            } else if l.get(2..4) == Some(OVERDUE_MARK) {
                LineKind::Overdue
            } else {
                LineKind::Text
            }
        })
        .collect()
}

/// A date as people say it on a shared screen: `Mon 30 Nov`.
fn day(date: jiff::civil::Date) -> String {
    date.strftime("%a %-d %b").to_string()
}

/// The day of a [`super::When`] (`YYYY-MM-DD HH:MM ZONE`), as [`day`] says it.
fn day_of(when: &super::When) -> String {
    when.local
        .get(..10)
        .and_then(|d| d.parse::<jiff::civil::Date>().ok())
        .map_or_else(|| when.local.clone(), day)
}

/// What the changes are compared with, in plain words (no commits, hashes or refs):
/// `since the handover from Mei to Aisha on Mon 30 Nov`.
pub fn since_words(h: &Handover) -> String {
    let c = &h.comparison;
    let from_log = c.source == "change_log";
    let base = match (&c.previous, c.since.parse::<jiff::civil::Date>()) {
        (Some(a), _) => format!(
            "since the handover from {} to {} on {}",
            a.outgoing,
            a.incoming,
            day(a.date)
        ),
        (None, Ok(d)) => format!("since {}", day(d)),
        (None, Err(_)) if !c.compared => {
            return "no handover recorded yet and no saved history of the docs: nothing to \
                    compare with"
                .to_string();
        }
        (None, Err(_)) => match &c.commit_time {
            Some(t) => format!(
                "since the docs were first saved, on {} (no handover recorded yet)",
                day_of(t)
            ),
            None => "since the docs were first saved (no handover recorded yet)".to_string(),
        },
    };
    if from_log {
        format!("{base}, from the change log (the docs have no saved history)")
    } else {
        base
    }
}

/// An open gap's or overdue item's ID, unless it was derived (then the text names it).
fn shown_id(id: &str, derived: bool) -> String {
    if derived {
        String::new()
    } else {
        format!("{}  ", pad(id, 8))
    }
}

/// The handover as lines for a terminal or a shared screen: what changed first, then
/// who is on call, then the rest. New items are marked `+`, overdue ones `!` (see
/// [`line_kinds`]); items are named by ID and title, never by a derived key.
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
    text_changes(&mut out, h);
    text_on_call(&mut out, h);
    let _ = writeln!(out, "Overdue ({})", h.overdue.len());
    if h.overdue.is_empty() {
        out.push_str("    nothing\n");
    }
    for o in &h.overdue {
        let _ = writeln!(
            out,
            "  {OVERDUE_MARK}{}{}, due {} ({} ago), owner {}: {}",
            shown_id(&o.id, o.derived_id),
            o.what,
            o.due,
            days(o.days),
            or_dash(&o.owner),
            o.text
        );
    }
    out.push('\n');
    text_campaign(&mut out, h);
    out.push_str("Escalation\n");
    if h.escalation.is_empty() {
        out.push_str("    no escalation paths in the playbook\n");
    }
    for path in &h.escalation {
        for (n, s) in path.steps.iter().enumerate() {
            let sev = if n == 0 { path.severity.as_str() } else { "" };
            let _ = writeln!(
                out,
                "    {} {} {} {}  {}",
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
        out.push_str("    none\n");
    }
    for g in &h.open_gaps {
        let (mark, due) = if g.overdue {
            (OVERDUE_MARK, format!("{} OVERDUE", g.due))
        } else {
            ("  ", or_dash(&g.due).to_string())
        };
        let _ = writeln!(
            out,
            "  {mark}{}{} — {}, owner {}, due {due}",
            shown_id(&g.id, g.derived_id),
            g.signal,
            g.status,
            or_dash(&g.owner)
        );
    }
    let _ = writeln!(out, "\nOpen actions ({})", h.open_actions.len());
    if h.open_actions.is_empty() {
        out.push_str("    none\n");
    }
    for a in &h.open_actions {
        let id = action_id(a).map_or_else(String::new, |id| format!("{id} "));
        let mark = if a.overdue { OVERDUE_MARK } else { "  " };
        let _ = writeln!(
            out,
            "  {mark}{id}{} — {} ({}:{})",
            a.text,
            action_tail(a),
            inert_line(&a.file),
            a.line
        );
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

/// True for the kinds of change that bring something new.
fn is_new(kind: ChangeKind) -> bool {
    matches!(
        kind,
        ChangeKind::NewGap | ChangeKind::NewItem | ChangeKind::NewSignOff
    )
}

/// "What changed", first on the screen: the comparison in plain words, then each kind
/// of change with its items by name.
fn text_changes(out: &mut String, h: &Handover) {
    let _ = writeln!(out, "What changed {}", since_words(h));
    if h.changes.is_empty() && h.comparison.compared {
        out.push_str("    nothing changed\n");
    }
    for (kind, changes) in grouped(&h.changes) {
        let _ = writeln!(out, "  {}", kind.title());
        let mark = if is_new(kind) { NEW_MARK } else { "  " };
        for c in changes {
            let _ = writeln!(
                out,
                "  {mark}{} — {} ({}:{})",
                c.name,
                change_words(c),
                inert_line(&c.file),
                c.line
            );
        }
    }
    out.push('\n');
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
            "    {}:{}: {}[{}] {}",
            inert_line(&n.file),
            n.line,
            n.severity,
            n.rule,
            n.message
        );
    }
    out.push('\n');
}

/// An ID as markdown code and a space, or nothing for a derived ID.
fn md_id(id: &str, derived: bool) -> String {
    if derived {
        String::new()
    } else {
        format!("{} ", code(id))
    }
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
    md_changes(&mut out, h);
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
            "- {}{} — {}, owner {}, {due}",
            md_id(&g.id, g.derived_id),
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
            "- {}{} — {}, due {} ({} ago), owner {}",
            md_id(&o.id, o.derived_id),
            esc(&o.text),
            o.what,
            esc(&o.due),
            days(o.days),
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

/// "What changed" in markdown: the comparison in plain words and each kind of change.
fn md_changes(out: &mut String, h: &Handover) {
    out.push_str("## What changed\n\n");
    let _ = writeln!(out, "_Changes {}._\n", esc(&since_words(h)));
    if h.changes.is_empty() && h.comparison.compared {
        out.push_str("Nothing changed.\n\n");
    }
    for (kind, changes) in grouped(&h.changes) {
        let _ = writeln!(out, "### {}\n", kind.title());
        for c in changes {
            let name = if c.derived_id {
                esc(&c.name)
            } else {
                format!("{}{}", md_id(&c.item, false), esc(&c.title))
            };
            let _ = writeln!(out, "- {name} — {}", esc(&change_words(c)));
        }
        out.push('\n');
    }
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
