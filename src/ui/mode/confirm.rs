//! Confirming a write: the summary and the diff it makes, its keys at the foot.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{centered, footer};
use crate::app::App;
use crate::app::editing::Confirm;
use crate::app::mode::Kind;
use crate::ui::pane_block;
use crate::ui::theme::{Meaning, Theme};

/// Draw the confirmation `c`: its summary, the diff, its keys.
pub fn render(frame: &mut Frame<'_>, app: &App, theme: &Theme, screen: Rect, c: &Confirm) {
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
    let keys = footer(theme, &app.mode_hints(Kind::Confirm));
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
