//! The walkthrough screen: a progress bar, then one step — a criterion with its
//! findings, or an item with its findings, fields and source lines — and the keys that
//! act on it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{LineGauge, Paragraph, Wrap};

use super::inline;
use crate::app::App;
use crate::app::mode::hint_items;
use crate::app::mode::walkthrough::REASON_HINTS;
use crate::app::walkthrough::{Step, Walkthrough, finding_key};
use crate::model::{FieldKey, fingerprint, inert, inert_line};
use crate::rules::{Finding, RuleId, Severity, counts_towards};
use crate::ui::pane_block;
use crate::ui::theme::{Meaning, Theme};

fn finding_line<'a>(theme: &Theme, f: &Finding) -> Line<'a> {
    let m = if f.severity == Severity::Error {
        Meaning::Error
    } else {
        Meaning::Warning
    };
    Line::from(vec![
        Span::styled(
            format!("{} ", f.severity.as_str()),
            theme.style(m).add_modifier(Modifier::BOLD),
        ),
        Span::styled(format!("[{}] ", f.rule), theme.style(Meaning::Accent)),
        Span::styled(f.message.clone(), theme.style(Meaning::Text)),
    ])
}

/// Draw the walkthrough into `area` (the body between the tabs and the status line).
pub fn render(frame: &mut Frame<'_>, app: &App, theme: &Theme, w: &Walkthrough, area: Rect) {
    if area.height < 3 {
        return;
    }
    let total = w.steps.len();
    let n = w.pos + 1;
    let label = format!(
        " Step {n} of {total} · {} changed · {} signed · {} skipped · {} error(s) open ",
        w.state.changed.len(),
        w.state.signed.len(),
        w.state.skipped.len(),
        app.assessment.verdict.errors
    );
    let ratio = if total == 0 {
        1.0
    } else {
        f64::from(u32::try_from(n).unwrap_or(0)) / f64::from(u32::try_from(total).unwrap_or(1))
    };
    frame.render_widget(
        LineGauge::default()
            .ratio(ratio.clamp(0.0, 1.0))
            .label(Span::styled(label, theme.style(Meaning::Title)))
            .filled_style(theme.style(Meaning::Accent))
            .unfilled_style(theme.style(Meaning::Muted)),
        Rect::new(area.x, area.y, area.width, 1),
    );
    let body = Rect::new(area.x, area.y + 1, area.width, area.height - 1);
    let (title, mut lines) = step_lines(app, theme, w.step());
    if let Some(reason) = w.state.skipped.get(&w.step().key()) {
        lines.insert(
            0,
            Line::from(Span::styled(
                format!("skipped: {reason}"),
                theme.style(Meaning::Warning),
            )),
        );
    }
    if let Some(input) = &w.reason {
        lines.insert(
            0,
            Line::from(vec![
                Span::styled("skip because: ", theme.style(Meaning::Accent)),
                Span::styled(input.value().to_string(), theme.style(Meaning::Selection)),
                Span::styled(
                    format!("  {}", inline(&hint_items(&app.keymap, REASON_HINTS))),
                    theme.style(Meaning::Muted),
                ),
            ]),
        );
    }
    let spacing = usize::from(app.present);
    let mut spaced = Vec::with_capacity(lines.len() * (1 + spacing));
    for l in lines {
        spaced.push(l);
        for _ in 0..spacing {
            spaced.push(Line::default());
        }
    }
    frame.render_widget(
        Paragraph::new(spaced)
            .wrap(Wrap { trim: false })
            .block(pane_block(theme, format!(" {title} "), true)),
        body,
    );
}

fn step_lines<'a>(app: &App, theme: &Theme, step: &Step) -> (String, Vec<Line<'a>>) {
    let ws = &app.project.workspace;
    match step {
        Step::Criterion(c) => {
            let fs: Vec<&Finding> = app
                .assessment
                .findings
                .iter()
                .filter(|f| counts_towards(ws, f, *c))
                .collect();
            let passed = !fs.iter().any(|f| f.blocks());
            let mut lines = vec![Line::from(Span::styled(
                if passed {
                    "PASS — nothing blocks this criterion"
                } else {
                    "FAIL — the items below need attention (n steps through them)"
                },
                theme
                    .style(if passed { Meaning::Ok } else { Meaning::Error })
                    .add_modifier(Modifier::BOLD),
            ))];
            for f in fs {
                let mut l = finding_line(theme, f);
                l.spans.push(Span::styled(
                    format!("  {}:{}", inert_line(&f.file), f.line),
                    theme.style(Meaning::Muted),
                ));
                lines.push(l);
            }
            (c.title().to_string(), lines)
        }
        Step::Finding { key } => {
            let f = app
                .assessment
                .findings
                .iter()
                .find(|f| finding_key(f) == *key);
            let lines = match f {
                Some(f) => vec![
                    finding_line(theme, f),
                    Line::from(Span::styled(
                        format!("{}:{}", inert_line(&f.file), f.line),
                        theme.style(Meaning::Muted),
                    )),
                    Line::default(),
                    Line::from(Span::styled(
                        if matches!(f.rule, RuleId::ReviewOverdue | RuleId::ReviewDueSoon) {
                            "r stamps it as reviewed today; o opens the file in your editor; \
                             x skips with a reason."
                        } else {
                            "o opens the file in your editor; x skips with a reason."
                        },
                        theme.style(Meaning::Muted),
                    )),
                ],
                None => vec![Line::from(Span::styled(
                    "Resolved ✓",
                    theme.style(Meaning::Ok).add_modifier(Modifier::BOLD),
                ))],
            };
            (
                key.split(':').next().unwrap_or("finding").to_string(),
                lines,
            )
        }
        Step::Item(id) | Step::NeedsSignOff(id) => {
            item_lines(app, theme, id, matches!(step, Step::NeedsSignOff(_)))
        }
        Step::Summary => summary_lines(app, theme),
    }
}

fn item_lines<'a>(app: &App, theme: &Theme, id: &str, signoff: bool) -> (String, Vec<Line<'a>>) {
    let ws = &app.project.workspace;
    let Some(item) = ws.item(id) else {
        return (
            id.to_string(),
            vec![Line::from(Span::styled(
                "This item is gone from the docs.",
                theme.style(Meaning::Muted),
            ))],
        );
    };
    let doc = &ws.docs[item.doc];
    let mut lines = Vec::new();
    let fs: Vec<&Finding> = app
        .assessment
        .findings
        .iter()
        .filter(|f| f.item.as_deref() == Some(id))
        .collect();
    if fs.is_empty() && !signoff {
        lines.push(Line::from(Span::styled(
            "Resolved ✓ — nothing wrong with this item now",
            theme.style(Meaning::Ok).add_modifier(Modifier::BOLD),
        )));
    }
    if signoff {
        let signed = item.signoff().is_some();
        lines.push(Line::from(Span::styled(
            if signed {
                "Signed off ✓"
            } else {
                "Not signed off yet — s signs it off"
            },
            theme.style(if signed {
                Meaning::Ok
            } else {
                Meaning::Warning
            }),
        )));
    }
    for f in fs {
        lines.push(finding_line(theme, f));
    }
    if let Some(s) = item.signoff() {
        let now = fingerprint(item, &doc.source);
        let ok = s.fingerprint.starts_with(&now);
        lines.push(Line::from(Span::styled(
            format!(
                "{} by {} on {} (fp {})",
                if ok { "signed off" } else { "STALE sign-off" },
                s.signer,
                s.date,
                s.fingerprint
            ),
            theme.style(if ok { Meaning::Ok } else { Meaning::Error }),
        )));
    }
    lines.push(Line::default());
    let label_w = item
        .fields
        .iter()
        .map(|f| f.header.chars().count())
        .max()
        .unwrap_or(4)
        .min(16);
    for f in item.fields.iter().filter(|f| f.key != FieldKey::Checkbox) {
        lines.push(Line::from(vec![
            Span::styled(
                format!("{:>label_w$}  ", f.header),
                theme.style(Meaning::Muted),
            ),
            Span::styled(
                if f.text.is_empty() {
                    "—".to_string()
                } else {
                    f.text.to_string()
                },
                theme.style(Meaning::Text),
            ),
        ]));
    }
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        format!("{}:", inert_line(&doc.path)),
        theme.style(Meaning::Muted),
    )));
    let first = item.line.saturating_sub(1).max(1);
    for l in first..=(item.line + 1).min(doc.lines.line_count()) {
        let text = inert(doc.lines.line_span(&doc.source, l).slice(&doc.source)).into_owned();
        let meaning = if l == item.line {
            Meaning::Highlight
        } else {
            Meaning::Code
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{l:>4} "), theme.style(Meaning::Muted)),
            Span::styled(text, theme.style(meaning)),
        ]));
    }
    (
        format!("{id} · {}", item.kind.plural().trim_end_matches('s')),
        lines,
    )
}

fn summary_lines<'a>(app: &App, theme: &Theme) -> (String, Vec<Line<'a>>) {
    let mut lines = Vec::new();
    let v = &app.assessment.verdict;
    lines.push(Line::from(Span::styled(
        format!(
            "Verdict: {} — {} error(s), {} warning(s)",
            if v.ready { "READY" } else { "NOT READY" },
            v.errors,
            v.warnings
        ),
        theme
            .style(if v.ready { Meaning::Ok } else { Meaning::Error })
            .add_modifier(Modifier::BOLD),
    )));
    if let Some(w) = &app.walk {
        let list = |s: &std::collections::BTreeSet<String>| {
            if s.is_empty() {
                "none".to_string()
            } else {
                s.iter().cloned().collect::<Vec<_>>().join(", ")
            }
        };
        lines.push(Line::default());
        lines.push(Line::from(vec![
            Span::styled("Signed off: ", theme.style(Meaning::Muted)),
            Span::styled(list(&w.state.signed), theme.style(Meaning::Text)),
        ]));
        lines.push(Line::from(vec![
            Span::styled("Changed:    ", theme.style(Meaning::Muted)),
            Span::styled(list(&w.state.changed), theme.style(Meaning::Text)),
        ]));
        lines.push(Line::from(Span::styled(
            format!("Skipped:    {}", w.state.skipped.len()),
            theme.style(Meaning::Muted),
        )));
        for (k, reason) in &w.state.skipped {
            lines.push(Line::from(Span::styled(
                format!("  {k} — {reason}"),
                theme.style(Meaning::Warning),
            )));
        }
    }
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        "a appends the readiness status to the change log (owner: you), after one confirmation. q leaves.",
        theme.style(Meaning::Accent),
    )));
    ("Summary".to_string(), lines)
}
