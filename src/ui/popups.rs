//! Popups drawn over the panes: help, command completions and the link picker.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::pane_block;
use super::theme::{Meaning, Theme};
use crate::app::command::COMMANDS;
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
        Mode::Links { links, pick } => {
            let items: Vec<String> = links
                .iter()
                .map(|(label, path, anchor)| {
                    format!(
                        "{label} → {path}{}",
                        anchor.as_ref().map(|a| format!("#{a}")).unwrap_or_default()
                    )
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
