//! The detail panel: the selected row's item (every field, its findings, its sign-off),
//! finding, criterion or document.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::theme::{Meaning, Theme};
use super::{out_of_sight, pane_block, tone_style};
use crate::app::docview;
use crate::app::{App, PaneId, Target, Tone};
use crate::model::{FieldKey, Item, ItemKind, Workspace, fingerprint, inert, inert_line};
use crate::rules::evidence::{EvidenceSince, evidence_key};
use crate::rules::monitoring::{row_metrics, users_of};
use crate::rules::text::split_names;
use crate::rules::{Finding, RuleId, Severity, counts_towards, rule_info};

/// The lines listing `fs`, or saying there is nothing to fix.
fn findings_list<'a>(theme: &Theme, fs: &[&Finding]) -> Vec<Line<'a>> {
    if fs.is_empty() {
        return vec![Line::from(Span::styled(
            "Nothing to fix here.",
            theme.style(Meaning::Ok),
        ))];
    }
    fs.iter().map(|f| finding_line(theme, f)).collect()
}

/// Draw the detail of the focused pane's selection into `area`.
pub fn render(frame: &mut Frame<'_>, app: &App, theme: &Theme, area: Rect) {
    if app.focus == PaneId::Documents {
        document(frame, app, theme, area);
        return;
    }
    let row = app.selected_row(app.focus);
    let (title, lines) = match row.map(|r| &r.target) {
        Some(Target::Item(id)) => item_lines(app, theme, id),
        Some(Target::Finding(i)) => finding_lines(app, theme, &app.assessment.findings[*i]),
        Some(Target::Criterion(c)) => {
            let ws = &app.project.workspace;
            let fs: Vec<&Finding> = app
                .assessment
                .findings
                .iter()
                .filter(|f| counts_towards(ws, f, *c))
                .collect();
            (format!(" {} ", c.title()), findings_list(theme, &fs))
        }
        Some(Target::Check(i)) => match app.assessment.verdict.checks.get(*i) {
            Some(check) => {
                let fs: Vec<&Finding> = check
                    .findings
                    .iter()
                    .filter_map(|&f| app.assessment.findings.get(f))
                    .collect();
                (format!(" {} ", check.title), findings_list(theme, &fs))
            }
            None => (" Detail ".to_string(), Vec::new()),
        },
        Some(Target::Gap { .. }) => (
            " Hole in the rotation ".to_string(),
            vec![Line::from(Span::styled(
                "Nobody is primary on call here. Add a shift or an override that covers it.",
                theme.style(Meaning::Error),
            ))],
        ),
        _ => (" Detail ".to_string(), Vec::new()),
    };
    let block = pane_block(theme, title, false);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        area,
    );
}

fn finding_line<'a>(theme: &Theme, f: &Finding) -> Line<'a> {
    let sev = match f.severity {
        Severity::Error => Meaning::Error,
        Severity::Warning => Meaning::Warning,
    };
    Line::from(vec![
        Span::styled(
            format!("{} ", f.severity.as_str()),
            theme.style(sev).add_modifier(Modifier::BOLD),
        ),
        Span::styled(format!("[{}] ", f.rule), theme.style(Meaning::Accent)),
        Span::styled(f.message.clone(), theme.style(Meaning::Text)),
        Span::styled(
            format!("  {}:{}", inert_line(&f.file), f.line),
            theme.style(Meaning::Muted),
        ),
    ])
}

fn item_lines<'a>(app: &App, theme: &Theme, id: &str) -> (String, Vec<Line<'a>>) {
    let ws = &app.project.workspace;
    let Some(item) = ws.item(id) else {
        return (format!(" {id} "), Vec::new());
    };
    let doc = &ws.docs[item.doc];
    let group = if item.group.is_empty() {
        String::new()
    } else {
        format!(" · {}", item.group)
    };
    let mut lines = vec![Line::from(Span::styled(
        format!(
            "{} {}:{}{group}",
            item.kind.plural().trim_end_matches('s'),
            inert_line(&doc.path),
            item.line
        ),
        theme.style(Meaning::Muted),
    ))];
    // What is wrong comes first: on a small screen it must not scroll out of sight.
    for f in app
        .assessment
        .findings
        .iter()
        .filter(|f| f.item.as_deref() == Some(id))
    {
        lines.push(finding_line(theme, f));
    }
    if let Some(s) = item.signoff() {
        let now = fingerprint(item, &doc.source);
        let (word, meaning) = if s.fingerprint.starts_with(&now) {
            ("signed off", Meaning::Ok)
        } else {
            ("STALE sign-off", Meaning::Error)
        };
        lines.push(Line::from(vec![
            Span::styled(
                format!("{word} "),
                theme.style(meaning).add_modifier(Modifier::BOLD),
            ),
            Span::styled(
                format!(
                    "by {} on {} (fp {}, now {now})",
                    s.signer, s.date, s.fingerprint
                ),
                theme.style(Meaning::Muted),
            ),
        ]));
    }
    let fields: Vec<_> = item
        .fields
        .iter()
        .filter(|f| !matches!(f.key, FieldKey::Checkbox | FieldKey::Id))
        .collect();
    let label_w = fields
        .iter()
        .map(|f| f.header.chars().count())
        .max()
        .unwrap_or(0)
        .min(16);
    for f in fields {
        let value = if f.text.is_empty() {
            "—".to_string()
        } else {
            f.text.to_string()
        };
        lines.push(Line::from(vec![
            Span::styled(
                format!("{:>label_w$} ", f.header),
                theme.style(Meaning::Muted),
            ),
            Span::styled(value, theme.style(Meaning::Text)),
        ]));
        // A cell of several links lists each: its own name and destination.
        if f.links.len() > 1 {
            for link in doc.links_at(f.links) {
                lines.push(Line::from(vec![
                    Span::raw(format!("{:>label_w$} ", "")),
                    Span::styled(format!("• {}", link.text), theme.style(Meaning::Text)),
                    Span::styled(
                        format!(" → {}", inert(&link.destination)),
                        theme.style(Meaning::Muted),
                    ),
                ]));
            }
        }
    }
    if matches!(item.kind, ItemKind::Shift | ItemKind::Override)
        && let Some(an) = &app.assessment.analysis()
    {
        let roster: Vec<String> = an
            .hours
            .iter()
            .map(|(p, h)| format!("{p} {h:.0} h"))
            .collect();
        lines.push(Line::from(vec![
            Span::styled("primary hours: ", theme.style(Meaning::Muted)),
            Span::styled(roster.join(" · "), theme.style(Meaning::Text)),
        ]));
    }
    if item.kind == ItemKind::Telemetry && !ws.monitoring.is_empty() {
        lines.extend(backing_lines(ws, theme, item));
    }
    if item.kind == ItemKind::EscalationStep {
        lines.extend(reach_lines(app, theme, item));
    }
    if item.kind == ItemKind::Alert {
        lines.extend(alert_lines(ws, theme, item));
    }
    // A row without an ID is titled by what people call it (`SEV1 step 3 — Incident
    // commander`, `Mei Tanaka (contact)`), never by its derived key.
    let title = if item.derived_id {
        inert_line(&crate::handover::item_name(item)).into_owned()
    } else {
        id.to_string()
    };
    (format!(" {title} "), lines)
}

/// Who an escalation step pages and how to reach them: per name of its contact, the
/// people it resolves to (on-call roles with who is on call now) with role, handle,
/// phone, time zone and the time there now.
fn reach_lines<'a>(app: &App, theme: &Theme, item: &Item) -> Vec<Line<'a>> {
    use crate::rules::contacts::{Reach, person, resolve};
    let ws = &app.project.workspace;
    let now = app
        .assessment
        .rotation
        .as_ref()
        .map(|r| crate::rotation::on_call_at(r, app.clock.now));
    let mut lines = Vec::new();
    for name in split_names(crate::rules::step_contact(item).0) {
        let name = inert_line(&name).into_owned();
        let (people, why): (Vec<&Item>, Option<String>) = match resolve(ws, &name, now.as_ref()) {
            Reach::Person(c) => (vec![c], None),
            Reach::Role { people, via } if people.is_empty() => (
                Vec::new(),
                Some(match via {
                    Some(who) => format!("{name}: {who}, who is nobody in the contacts table"),
                    None => format!("nobody in the contacts table holds the role {name}"),
                }),
            ),
            Reach::Role { people, .. } => (people, None),
            Reach::OnCall {
                person: Some(p), ..
            } => match person(ws, &p) {
                Some(c) => (vec![c], None),
                None => (
                    Vec::new(),
                    Some(format!("{name} now: {p}, who is not in the contacts table")),
                ),
            },
            Reach::OnCall { person: None, .. } if now.is_none() => (
                Vec::new(),
                Some(format!("{name}: no rotation says who is on call")),
            ),
            Reach::OnCall { person: None, .. } => {
                (Vec::new(), Some(format!("{name}: nobody is on call now")))
            }
            Reach::Unknown => (
                Vec::new(),
                Some(format!("{name} is not in the contacts table")),
            ),
        };
        if let Some(why) = why {
            lines.push(Line::from(Span::styled(
                format!("reaches: {why}"),
                theme.style(Meaning::Error),
            )));
        }
        for c in people {
            lines.extend(contact_lines(app, theme, c, &name));
        }
    }
    lines
}

/// One person an escalation step reaches, on two lines: `name ☎ phone`, then role,
/// handle, time zone and the time there now.
fn contact_lines<'a>(app: &App, theme: &Theme, c: &Item, via: &str) -> [Line<'a>; 2] {
    let field = |k: FieldKey| {
        let t = c.text(&k).trim();
        (!t.is_empty()).then(|| t.to_string())
    };
    let name = field(FieldKey::Name).unwrap_or_default();
    let zone =
        field(FieldKey::TimeZone).map(|z| match crate::app::view::local_time(&z, app.clock.now) {
            Some(t) => format!("{z} ({t})"),
            None => z,
        });
    let rest: Vec<String> = [field(FieldKey::Role), field(FieldKey::Handle), zone]
        .into_iter()
        .flatten()
        .collect();
    let head = if crate::rules::contacts::norm(via) == crate::rules::contacts::norm(&name) {
        String::new()
    } else {
        format!("{via} → ")
    };
    [
        Line::from(vec![
            Span::styled(format!("{head}{name} "), theme.style(Meaning::Accent)),
            match field(FieldKey::Phone) {
                Some(p) => Span::styled(
                    format!("☎ {p}"),
                    theme.style(Meaning::Text).add_modifier(Modifier::BOLD),
                ),
                None => Span::styled("no phone", theme.style(Meaning::Error)),
            },
        ]),
        Line::from(Span::styled(
            format!("  {}", rest.join(" · ")),
            theme.style(Meaning::Muted),
        )),
    ]
}

/// An alert row's runbook (where enter leads) and the dashboards that plot it.
fn alert_lines<'a>(ws: &Workspace, theme: &Theme, item: &Item) -> Vec<Line<'a>> {
    use crate::rules::trace::{Runbook, runbook};
    let (text, meaning) = match runbook(ws, item) {
        Runbook::Missing => (
            "none: link one in the Runbook cell".to_string(),
            Meaning::Error,
        ),
        Runbook::External(url) => (
            format!("{} (outside the project)", inert_line(&url)),
            Meaning::Text,
        ),
        Runbook::Unresolvable(dest) => (
            format!("{} names no file of the project", inert_line(&dest)),
            Meaning::Error,
        ),
        Runbook::Doc { path, anchor, ok } => (
            format!(
                "{}{}{} (enter opens it)",
                inert_line(&path),
                anchor
                    .as_deref()
                    .map_or(String::new(), |a| format!("#{}", inert_line(a))),
                if ok { "" } else { " — does not resolve" }
            ),
            if ok { Meaning::Ok } else { Meaning::Error },
        ),
    };
    let mut lines = vec![Line::from(vec![
        Span::styled("runbook ", theme.style(Meaning::Muted)),
        Span::styled(text, theme.style(meaning)),
    ])];
    let dashboards = crate::app::view::alert_dashboard_names(ws, item);
    if !dashboards.is_empty() {
        lines.push(Line::from(vec![
            Span::styled("dashboards ", theme.style(Meaning::Muted)),
            Span::styled(
                inert_line(&dashboards.join(" · ")).into_owned(),
                theme.style(Meaning::Text),
            ),
        ]));
    }
    lines
}

/// The monitoring code behind the metrics a telemetry row names: each rule (its file, line
/// and expression) and dashboard (title, uid, file) that uses it.
fn backing_lines<'a>(ws: &Workspace, theme: &Theme, item: &Item) -> Vec<Line<'a>> {
    let mut lines = Vec::new();
    for (metric, _) in row_metrics(&ws.docs[item.doc], item) {
        let (rules, dashboards) = users_of(&ws.monitoring, &metric);
        let head = if rules.is_empty() && dashboards.is_empty() {
            (" in no rule and no dashboard".to_string(), Meaning::Error)
        } else {
            (String::new(), Meaning::Muted)
        };
        lines.push(Line::from(vec![
            Span::styled(
                format!("metric {}", inert_line(&metric)),
                theme.style(Meaning::Text).add_modifier(Modifier::BOLD),
            ),
            Span::styled(head.0, theme.style(head.1)),
        ]));
        for r in rules {
            lines.push(Line::from(vec![
                Span::styled(
                    format!("  rule {}:{} ", inert_line(&r.file), r.pos.line),
                    theme.style(Meaning::Muted),
                ),
                Span::styled(
                    format!("{}: {}", inert_line(&r.name), inert_line(r.expr.trim())),
                    theme.style(Meaning::Text),
                ),
            ]));
        }
        for d in dashboards {
            lines.push(Line::from(vec![
                Span::styled("  dashboard ", theme.style(Meaning::Muted)),
                Span::styled(
                    format!(
                        "{} ({}) {}",
                        inert_line(&d.title),
                        inert_line(&d.uid),
                        inert_line(&d.file)
                    ),
                    theme.style(Meaning::Text),
                ),
            ]));
        }
    }
    lines
}

fn finding_lines<'a>(app: &App, theme: &Theme, f: &Finding) -> (String, Vec<Line<'a>>) {
    let mut lines = vec![
        finding_line(theme, f),
        Line::default(),
        Line::from(vec![
            Span::styled("where  ", theme.style(Meaning::Muted)),
            Span::styled(
                format!("{}:{}:{}", inert_line(&f.file), f.line, f.column),
                theme.style(Meaning::Text),
            ),
        ]),
    ];
    if let Some(id) = &f.item {
        // Named as people call it (`SEV2 step 4 — Incident commander`, `TEL-003
        // Checkout latency`), not by a derived key such as `esc:sev2-4`.
        let name = app
            .project
            .workspace
            .item(id)
            .map_or_else(|| id.clone(), crate::handover::item_name);
        lines.push(Line::from(vec![
            Span::styled("item   ", theme.style(Meaning::Muted)),
            Span::styled(inert_line(&name).into_owned(), theme.style(Meaning::Accent)),
        ]));
    }
    if let Some(w) = &f.waived {
        lines.push(Line::from(vec![
            Span::styled("waived ", theme.style(Meaning::Muted)),
            Span::styled(
                format!(
                    "by {} until {}, approved by {}: {}",
                    w.id, w.expires, w.approved_by, w.reason
                ),
                theme.style(Meaning::Text),
            ),
        ]));
    }
    if let Some(info) = rule_info(f.rule.as_str()) {
        lines.push(Line::from(vec![
            Span::styled("rule   ", theme.style(Meaning::Muted)),
            Span::styled(info.doc, theme.style(Meaning::Muted)),
        ]));
    }
    let source = app.project.workspace.doc(&f.file).map(|d| {
        d.lines
            .line_span(&d.source, f.line)
            .slice(&d.source)
            .to_string()
    });
    if let Some(src) = source {
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(
            crate::model::inert(&src).into_owned(),
            tone_style(theme, Tone::Code),
        )));
    }
    if f.rule == RuleId::EvidenceChanged {
        lines.extend(evidence_lines(app, theme, f));
    }
    (format!(" {} ", f.rule), lines)
}

/// For an `evidence-changed` finding: the diff of each linked section since signing
/// (read from git in the background), or why it cannot be shown.
fn evidence_lines<'a>(app: &App, theme: &Theme, f: &Finding) -> Vec<Line<'a>> {
    let ws = &app.project.workspace;
    let Some(item) = f.item.as_deref().and_then(|id| ws.item(id)) else {
        return Vec::new();
    };
    let muted = theme.style(Meaning::Muted);
    let mut lines = vec![Line::default()];
    match app.evidence_since.get(&evidence_key(ws, item)) {
        None => lines.push(Line::from(Span::styled(
            "reading the change since signing from git…",
            muted,
        ))),
        Some(EvidenceSince::Unknown(why)) => {
            lines.push(Line::from(Span::styled(
                inert_line(why).into_owned(),
                muted,
            )));
        }
        Some(EvidenceSince::Diff { commit, diffs }) => {
            lines.push(Line::from(Span::styled(
                format!("changed since signing (compared with commit {commit}):"),
                muted,
            )));
            if diffs.is_empty() {
                lines.push(Line::from(Span::styled(
                    "no linked section differs from that commit",
                    muted,
                )));
            }
            for (target, diff) in diffs {
                lines.push(Line::from(Span::styled(
                    inert_line(target).into_owned(),
                    theme.style(Meaning::Accent),
                )));
                for l in diff
                    .lines()
                    .filter(|l| !l.starts_with("---") && !l.starts_with("+++"))
                {
                    let meaning = match l.chars().next() {
                        Some('+') => Meaning::Ok,
                        Some('-') => Meaning::Error,
                        Some('@') => Meaning::Muted,
                        _ => Meaning::Text,
                    };
                    lines.push(Line::from(Span::styled(
                        inert_line(l).into_owned(),
                        theme.style(meaning),
                    )));
                }
            }
        }
    }
    lines
}

fn document(frame: &mut Frame<'_>, app: &App, theme: &Theme, area: Rect) {
    let ws = &app.project.workspace;
    let selected = app
        .selected_row(PaneId::Documents)
        .and_then(|r| match r.target {
            Target::Doc(d) => Some(d),
            _ => None,
        });
    let (d, scroll, hscroll, highlight) = match app.doc.doc {
        Some(d) if app.doc.focused || Some(d) == selected => {
            (d, app.doc.scroll, app.doc.hscroll, app.doc.highlight)
        }
        _ => {
            let Some(d) = selected else {
                frame.render_widget(pane_block(theme, " Document ".to_string(), false), area);
                return;
            };
            (d, 0, 0, None)
        }
    };
    let doc = &ws.docs[d];
    let size = (
        usize::from(area.width.saturating_sub(2)).saturating_sub(docview::GUTTER),
        usize::from(area.height.saturating_sub(2)),
    );
    let rows = docview::screen(ws, &app.assessment.links, doc, highlight, scroll, size);
    let lines: Vec<Line> = rows
        .iter()
        .map(|r| {
            let number = r.line.map_or_else(String::new, |n| n.to_string());
            let mut spans = vec![Span::styled(
                format!("{number:>w$} ", w = docview::GUTTER - 1),
                theme.style(Meaning::Muted),
            )];
            for (text, tone) in r.clipped(hscroll) {
                let mut style = tone_style(theme, tone);
                if r.highlight {
                    style = style.patch(theme.style(Meaning::Highlight));
                }
                spans.push(Span::styled(text, style));
            }
            Line::from(spans)
        })
        .collect();
    // Scrolled sideways: say from which column, and how to come back.
    let title = if hscroll > 0 {
        format!(" {} · from column {} (←) ", doc.path, hscroll + 1)
    } else {
        format!(" {} ", doc.path)
    };
    // The lines above and below the view (a final newline opens no line to read).
    let total = doc
        .lines
        .line_count()
        .saturating_sub(usize::from(doc.source.ends_with('\n')));
    let last = rows.iter().rev().find_map(|r| r.line).unwrap_or(scroll);
    let below = total.saturating_sub(last);
    let block = out_of_sight(
        pane_block(theme, title, app.doc.focused),
        theme,
        scroll,
        below,
    );
    frame.render_widget(Paragraph::new(lines).block(block), area);
}
