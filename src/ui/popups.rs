//! Popups drawn over the panes: help, command completions and the link picker.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::pane_block;
use super::theme::{Meaning, Theme};
use crate::app::command::COMMANDS;
use crate::app::editing::{Confirm, Picker};
use crate::app::form::{FieldKind, Form};
use crate::app::{ACTIONS, App, Mode};

/// Draw the popup of the current mode, if it has one.
pub fn render(frame: &mut Frame<'_>, app: &App, theme: &Theme, screen: Rect) {
    match &app.mode {
        Mode::Help(scroll) => help(frame, app, theme, screen, *scroll),
        Mode::Command {
            completions, pick, ..
        } if !completions.is_empty() => {
            let items: Vec<String> = completions.iter().map(|c| format!(":{c}")).collect();
            picker(frame, theme, screen, " commands ", &items, *pick);
        }
        Mode::Form(form) => form_popup(frame, theme, screen, form),
        Mode::Handover { lines, scroll, .. } => {
            let area = centered(
                screen,
                screen.width.saturating_sub(2),
                screen.height.saturating_sub(2),
            );
            let text: Vec<Line> = lines
                .iter()
                .map(|l| {
                    let meaning = if l.starts_with(|c: char| c.is_ascii_uppercase())
                        && !l.starts_with("  ")
                    {
                        Meaning::Heading
                    } else {
                        Meaning::Text
                    };
                    Line::from(Span::styled(l.clone(), theme.style(meaning)))
                })
                .collect();
            frame.render_widget(Clear, area);
            frame.render_widget(
                Paragraph::new(text)
                    .wrap(ratatui::widgets::Wrap { trim: false })
                    .scroll((*scroll, 0))
                    .block(
                        pane_block(theme, " Handover ".to_string(), true).title_bottom(footer(
                            theme,
                            &[("j/k", "scroll"), ("a", "acknowledge"), ("esc", "close")],
                        )),
                    ),
                area,
            );
        }
        Mode::Picker(p) => picker_popup(frame, app, theme, screen, p),
        Mode::Confirm(c) => confirm_popup(frame, theme, screen, c),
        Mode::Conflict(c) => {
            let mut lines: Vec<Line> = c
                .message
                .lines()
                .map(|l| Line::from(Span::styled(l.to_string(), theme.style(Meaning::Text))))
                .collect();
            lines.push(Line::default());
            lines.push(footer(
                theme,
                &[
                    ("e", "keep editing"),
                    ("t", "take theirs"),
                    ("w", "write yours"),
                ],
            ));
            let h = u16::try_from(lines.len() + 2).unwrap_or(12);
            let area = centered(screen, screen.width.saturating_sub(4).min(100), h);
            frame.render_widget(Clear, area);
            frame.render_widget(
                Paragraph::new(lines)
                    .wrap(ratatui::widgets::Wrap { trim: false })
                    .block(pane_block(
                        theme,
                        " Conflict: someone else changed this item ".to_string(),
                        true,
                    )),
                area,
            );
        }
        Mode::Links { links, pick } => {
            let items: Vec<String> = links
                .iter()
                .map(|(label, path, anchor)| {
                    let link = format!(
                        "{label} → {path}{}",
                        anchor.as_ref().map(|a| format!("#{a}")).unwrap_or_default()
                    );
                    crate::model::inert_line(&link).into_owned()
                })
                .collect();
            picker(frame, theme, screen, " follow link (enter) ", &items, *pick);
        }
        _ => {}
    }
}

fn centered(screen: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(screen.width);
    let h = h.min(screen.height);
    Rect::new(
        screen.x + (screen.width - w) / 2,
        screen.y + (screen.height - h) / 2,
        w,
        h,
    )
}

/// Every line of the help screen: keys for the focused pane, then commands.
pub fn help_lines<'a>(app: &App, theme: &Theme) -> Vec<Line<'a>> {
    let mut lines = vec![Line::from(Span::styled(
        format!("Keys in {}", app.focus.title()),
        theme.style(Meaning::Heading),
    ))];
    for info in ACTIONS {
        if !info.action.applies_to(app.focus) {
            continue;
        }
        let keys = app.keymap.label(info.action);
        if keys.is_empty() {
            continue;
        }
        lines.push(Line::from(vec![
            Span::styled(format!("{keys:>14}  "), theme.style(Meaning::KeyHint)),
            Span::styled(info.doc, theme.style(Meaning::Text)),
            Span::styled(format!("  ({})", info.name), theme.style(Meaning::Muted)),
        ]));
    }
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        "Commands (:)",
        theme.style(Meaning::Heading),
    )));
    for c in COMMANDS {
        let aliases = if c.aliases.is_empty() {
            String::new()
        } else {
            format!(" ({})", c.aliases.join(", "))
        };
        lines.push(Line::from(vec![
            Span::styled(
                format!("{:>14}  ", format!(":{}", c.name)),
                theme.style(Meaning::KeyHint),
            ),
            Span::styled(c.doc, theme.style(Meaning::Text)),
            Span::styled(aliases, theme.style(Meaning::Muted)),
        ]));
    }
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        "Mouse: click a tab or a row to select it; the wheel scrolls. Any key closes this help.",
        theme.style(Meaning::Muted),
    )));
    lines
}

fn help(frame: &mut Frame<'_>, app: &App, theme: &Theme, screen: Rect, scroll: u16) {
    let lines = help_lines(app, theme);
    let h = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let area = centered(screen, 96, h.min(screen.height.saturating_sub(2)));
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(lines).scroll((scroll, 0)).block(pane_block(
            theme,
            " help — j/k scroll, any other key closes ".to_string(),
            true,
        )),
        area,
    );
}

fn picker(
    frame: &mut Frame<'_>,
    theme: &Theme,
    screen: Rect,
    title: &str,
    items: &[String],
    pick: usize,
) {
    let rows = u16::try_from(items.len().min(10)).unwrap_or(10);
    let width = items
        .iter()
        .map(|i| i.chars().count())
        .max()
        .unwrap_or(10)
        .clamp(20, 80);
    let w = u16::try_from(width + 4).unwrap_or(84);
    let area = Rect::new(
        screen.x + 1,
        screen.height.saturating_sub(rows + 4),
        w.min(screen.width.saturating_sub(2)),
        rows + 2,
    );
    let first = pick.saturating_sub(9);
    let lines: Vec<Line> = items
        .iter()
        .enumerate()
        .skip(first)
        .take(10)
        .map(|(i, t)| {
            if i == pick {
                Line::from(Span::styled(
                    t.clone(),
                    theme.style(Meaning::Selection).add_modifier(Modifier::BOLD),
                ))
            } else {
                Line::from(Span::styled(t.clone(), theme.style(Meaning::Text)))
            }
        })
        .collect();
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(lines).block(pane_block(theme, title.to_string(), true)),
        area,
    );
}

fn footer<'a>(theme: &Theme, keys: &[(&str, &str)]) -> Line<'a> {
    let mut spans = Vec::new();
    for (k, d) in keys {
        spans.push(Span::styled(format!(" {k}"), theme.style(Meaning::KeyHint)));
        spans.push(Span::styled(
            format!(" {d} "),
            theme.style(Meaning::KeyDesc),
        ));
    }
    Line::from(spans)
}

fn form_popup(frame: &mut Frame<'_>, theme: &Theme, screen: Rect, form: &Form) {
    let label_w = form
        .fields
        .iter()
        .map(|f| f.header.chars().count())
        .max()
        .unwrap_or(4)
        .min(18);
    let mut lines = Vec::new();
    let mut cursor = None;
    for (i, f) in form.fields.iter().enumerate() {
        let focused = i == form.focus;
        let hint = match &f.kind {
            FieldKind::Text => String::new(),
            FieldKind::Date => "  YYYY-MM-DD".to_string(),
            FieldKind::Choice(o) => format!("  ←/→ {}", o.join(" · ")),
        };
        let value_style = if focused {
            theme.style(Meaning::Selection)
        } else {
            theme.style(Meaning::Text)
        };
        let problem = f.problem().map(|p| format!("  ✗ {p}")).unwrap_or_default();
        if focused {
            cursor = Some((i, label_w + 2 + f.input.visual_cursor()));
        }
        lines.push(Line::from(vec![
            Span::styled(
                format!("{:>label_w$}  ", f.header),
                theme.style(if focused {
                    Meaning::Accent
                } else {
                    Meaning::Muted
                }),
            ),
            Span::styled(format!("{} ", f.input.value()), value_style),
            Span::styled(problem, theme.style(Meaning::Error)),
            Span::styled(
                if focused { hint } else { String::new() },
                theme.style(Meaning::Muted),
            ),
        ]));
    }
    if let Some(e) = &form.error {
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(
            e.clone(),
            theme.style(Meaning::Error),
        )));
    }
    lines.push(Line::default());
    lines.push(footer(
        theme,
        &[
            ("tab/↑↓", "field"),
            ("enter", "review & save"),
            ("esc", "cancel"),
        ],
    ));
    let h = u16::try_from(lines.len() + 2).unwrap_or(20);
    let area = centered(screen, screen.width.saturating_sub(4).min(110), h);
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(lines).block(pane_block(theme, format!(" {} ", form.title), true)),
        area,
    );
    if let Some((row, col)) = cursor {
        let x = area.x + 1 + u16::try_from(col).unwrap_or(0);
        let y = area.y + 1 + u16::try_from(row).unwrap_or(0);
        if x < area.x + area.width.saturating_sub(1) && y < area.y + area.height.saturating_sub(1) {
            frame.set_cursor_position((x, y));
        }
    }
}

fn confirm_popup(frame: &mut Frame<'_>, theme: &Theme, screen: Rect, c: &Confirm) {
    let mut lines: Vec<Line> = c
        .summary
        .iter()
        .map(|l| Line::from(Span::styled(l.clone(), theme.style(Meaning::Text))))
        .collect();
    if !lines.is_empty() {
        lines.push(Line::default());
    }
    for l in c.diff.lines() {
        let meaning = if l.starts_with("+++") || l.starts_with("---") {
            Meaning::Muted
        } else if l.starts_with('+') {
            Meaning::Ok
        } else if l.starts_with('-') {
            Meaning::Error
        } else if l.starts_with("@@") {
            Meaning::Info
        } else {
            Meaning::Muted
        };
        lines.push(Line::from(Span::styled(
            crate::model::inert(l).into_owned(),
            theme.style(meaning),
        )));
    }
    let keys = if c.edits.is_empty() {
        footer(theme, &[("any key", "close")])
    } else {
        footer(theme, &[("enter/y", "write"), ("esc/n", "back")])
    };
    let w = screen.width.saturating_sub(4).min(120);
    let inner = usize::from(w.saturating_sub(2)).max(1);
    let wrapped: usize = lines.iter().map(|l| l.width().max(1).div_ceil(inner)).sum();
    let h = u16::try_from(wrapped + 2)
        .unwrap_or(u16::MAX)
        .min(screen.height.saturating_sub(2));
    let area = centered(screen, w, h);
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(ratatui::widgets::Wrap { trim: false })
            .block(pane_block(theme, format!(" {} ", c.title), true).title_bottom(keys)),
        area,
    );
}

/// The first lines of the section under a heading, for the picker's preview.
fn section_preview(app: &App, path: &str, anchor: Option<&str>, max: usize) -> Vec<String> {
    let Some(doc) = app.project.workspace.doc(path) else {
        return Vec::new();
    };
    let start = anchor
        .and_then(|a| doc.headings.iter().position(|h| h.anchor == a))
        .map_or(1, |i| doc.headings[i].line + 1);
    let end = doc
        .headings
        .iter()
        .find(|h| h.line >= start)
        .map_or(doc.lines.line_count(), |h| h.line.saturating_sub(1));
    (start..=end)
        .map(|l| {
            crate::model::inert(doc.lines.line_span(&doc.source, l).slice(&doc.source)).into_owned()
        })
        .filter(|l| !l.trim().is_empty())
        .take(max)
        .collect()
}

fn picker_popup(frame: &mut Frame<'_>, app: &App, theme: &Theme, screen: Rect, p: &Picker) {
    let w = screen.width.saturating_sub(4).min(110);
    let rows = usize::from(screen.height.saturating_sub(14)).clamp(3, 10);
    let mut lines = vec![Line::from(vec![
        Span::styled(format!("link {} to: ", p.item), theme.style(Meaning::Muted)),
        Span::styled(p.filter.clone(), theme.style(Meaning::Text)),
        Span::styled("▏", theme.style(Meaning::Accent)),
        Span::styled(
            format!("  {} of {}", p.visible.len(), p.targets.len()),
            theme.style(Meaning::Muted),
        ),
    ])];
    let first = p.pick.saturating_sub(rows - 1);
    for (n, &i) in p.visible.iter().enumerate().skip(first).take(rows) {
        let t = &p.targets[i];
        let text = format!(
            "{}{}  {}{}",
            "  ".repeat(usize::from(t.level.saturating_sub(1))),
            t.label,
            t.path,
            t.anchor
                .as_ref()
                .map(|a| format!("#{a}"))
                .unwrap_or_default()
        );
        let style = if n == p.pick {
            theme.style(Meaning::Selection)
        } else {
            theme.style(Meaning::Text)
        };
        // Labels and paths name files of the tree: shown inert, on one line.
        let text = crate::model::inert_line(&text).into_owned();
        lines.push(Line::from(Span::styled(text, style)));
    }
    if let Some(t) = p.current() {
        lines.push(Line::from(Span::styled(
            "─".repeat(usize::from(w.saturating_sub(2))),
            theme.style(Meaning::Border),
        )));
        for l in section_preview(app, &t.path, t.anchor.as_deref(), 6) {
            lines.push(Line::from(Span::styled(l, theme.style(Meaning::Muted))));
        }
    }
    let h = u16::try_from(lines.len() + 2)
        .unwrap_or(20)
        .min(screen.height.saturating_sub(2));
    let area = centered(screen, w, h);
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(lines).block(
            pane_block(theme, " Link evidence: type to filter ".to_string(), true).title_bottom(
                footer(
                    theme,
                    &[
                        ("↑↓", "pick"),
                        ("enter", "link (shows the diff)"),
                        ("esc", "cancel"),
                    ],
                ),
            ),
        ),
        area,
    );
}
