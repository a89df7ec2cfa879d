//! The conflict dialog: what someone else changed, and the three ways on.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{centered, footer};
use crate::app::App;
use crate::app::editing::Conflict;
use crate::app::mode::Kind;
use crate::ui::pane_block;
use crate::ui::theme::{Meaning, Theme};

/// Draw the dialog of conflict `c`.
pub fn render(frame: &mut Frame<'_>, app: &App, theme: &Theme, screen: Rect, c: &Conflict) {
    let mut lines: Vec<Line> = c
        .message
        .lines()
        .map(|l| Line::from(Span::styled(l.to_string(), theme.style(Meaning::Text))))
        .collect();
    lines.push(Line::default());
    lines.push(footer(theme, &app.mode_hints(Kind::Conflict)));
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
