//! The help screen: the keys of the focused pane, or of the walkthrough while it runs,
//! then every `:` command.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::centered;
use crate::app::action::{ActionInfo, Scope};
use crate::app::command::COMMANDS;
use crate::app::mode::Kind;
use crate::app::{ACTIONS, App};
use crate::ui::pane_block;
use crate::ui::theme::{Meaning, Theme};

fn key_line<'a>(app: &App, theme: &Theme, info: &ActionInfo) -> Option<Line<'a>> {
    let keys = app.keymap.label(info.action);
    if keys.is_empty() {
        return None;
    }
    Some(Line::from(vec![
        Span::styled(format!("{keys:>14}  "), theme.style(Meaning::KeyHint)),
        Span::styled(info.doc, theme.style(Meaning::Text)),
        Span::styled(format!("  ({})", info.name), theme.style(Meaning::Muted)),
    ]))
}

/// Every line of the help screen: opened from a popup, the popup's keys; else keys for
/// the walkthrough (while it runs) and the focused pane, then commands.
pub fn lines<'a>(app: &App, theme: &Theme) -> Vec<Line<'a>> {
    let mut lines = Vec::new();
    if let Some(kind) = app.help_over.as_deref().and_then(Kind::of) {
        lines.push(Line::from(Span::styled(
            format!("Keys in {}", kind.title()),
            theme.style(Meaning::Heading),
        )));
        for a in kind.keys() {
            lines.extend(key_line(app, theme, a.info()));
        }
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(
            "Any other key goes back.",
            theme.style(Meaning::Muted),
        )));
        return lines;
    }
    if app.walk.is_some() {
        lines.push(Line::from(Span::styled(
            "Keys in the walkthrough",
            theme.style(Meaning::Heading),
        )));
        for a in Kind::Walkthrough.keys() {
            lines.extend(key_line(app, theme, a.info()));
        }
        lines.push(Line::default());
    }
    lines.push(Line::from(Span::styled(
        format!("Keys in {}", app.focus.title()),
        theme.style(Meaning::Heading),
    )));
    for info in ACTIONS {
        if info.scope == Scope::Panes && info.action.applies_to(app.focus) {
            lines.extend(key_line(app, theme, info));
        }
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

/// Draw the help popup scrolled by `scroll` lines.
pub fn render(frame: &mut Frame<'_>, app: &App, theme: &Theme, screen: Rect, scroll: u16) {
    let lines = lines(app, theme);
    let h = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let area = centered(screen, 96, h.min(screen.height.saturating_sub(2)));
    let hints: Vec<String> = app
        .mode_hints(Kind::Help)
        .into_iter()
        .map(|(k, d)| format!("{k} {d}"))
        .collect();
    let title = format!(" help — {}, any other key closes ", hints.join(", "));
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(lines)
            .scroll((scroll, 0))
            .block(pane_block(theme, title, true)),
        area,
    );
}
